"""The ``dutygraph`` command line: thin commands over the core's plain functions.

Why thin: every command parses options, calls one function and prints, so the same behaviour
is reachable from Python, the CLI and the web app. Which graph a command reads is one shared
option group (DATA, --add, --store, --memory, --endpoint, --engine) turned into one
``store.source.Source``; old option spellings stay as hidden aliases for one release.
A user error prints one line, ``dutygraph: <where>: <what>``, and exits 2; nothing prints a
traceback.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from contextlib import contextmanager
from dataclasses import asdict
from datetime import UTC, datetime
from functools import wraps
from pathlib import Path

import click

from .. import __version__
from ..errors import DutyGraphError, Location

EXIT_USAGE = 2


def _user_errors(func):
    """Turn DutyGraphError into one line on stderr and exit status 2."""

    @wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except DutyGraphError as exc:  # in the command's --lang, else the default language
            click.echo(f"dutygraph: {exc.describe(kwargs.get('lang') or default_lang())}", err=True)
            sys.exit(EXIT_USAGE)

    return wrapper


def _use_netrc(ctx, param, value):
    """--netrc PATH: the credentials file, passed on through the environment (so gunicorn's
    workers and the query children read the same one); never a password on the command line."""
    if value is not None:
        from ..store.credentials import NETRC_VARIABLE

        os.environ[NETRC_VARIABLE] = str(value)
    return value


_NETRC = click.option(
    "--netrc",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    expose_value=False,
    callback=_use_netrc,
    help="netrc file with the SPARQL server's user and password (default ~/.netrc; or set "
    "DUTYGRAPH_SPARQL_USER and DUTYGRAPH_SPARQL_PASSWORD).",
)


def _source_options(*, files_only: bool = False):
    """The one option group that says which graph a command reads, through which engine.

    Every command that reads the graph takes the same options, so ``stats --store PATH`` works
    as ``serve --store PATH`` does; DATA (positional, where a command has it) replaces the
    bundled data. The wrapped command receives one ``source`` (:class:`Source`) instead of
    the separate values. ``files_only`` is for commands that write the files somewhere else
    (store, push, build): they take DATA and --add only.
    """
    from ..store.engine import ENGINES

    options = [
        click.option(
            "--add",
            multiple=True,
            type=click.Path(exists=True, dir_okay=False, path_type=Path),
            help="Extra Turtle file loaded on top (e.g. an imported official text); repeatable.",
        )
    ]
    if not files_only:
        options += [
            click.option(
                "--store",
                type=click.Path(file_okay=False, exists=True, path_type=Path),
                help="Read an on-disk Oxigraph store made by `dutygraph store` (no files loaded).",
            ),
            click.option(
                "--memory",
                "in_memory",
                is_flag=True,
                help="With --store: copy the store into RAM at start (slower start, queries "
                "about ten times faster).",
            ),
            click.option(
                "--endpoint",
                help="Read the graph from this SPARQL server (loaded with `dutygraph push`); "
                "the only place dutygraph may connect to.",
            ),
            click.option("--sparql-endpoint", "old_endpoint", hidden=True),
            _NETRC,
            click.option("--engine", type=click.Choice(ENGINES), help="Local SPARQL engine."),
        ]

    def decorate(func):
        @wraps(func)
        def wrapper(*args, **kwargs):
            from ..store.source import Source

            data = (*kwargs.pop("data", ()), *kwargs.pop("old_data", ()))
            where: dict = {}
            if not files_only:  # push keeps its own --endpoint: the target to read back
                old = kwargs.pop("old_endpoint", None)
                where = {
                    "store": kwargs.pop("store", None),
                    "memory": kwargs.pop("in_memory", False),
                    "endpoint": kwargs.pop("endpoint", None) or old,
                    "engine": kwargs.pop("engine", None),
                }
            add = tuple(kwargs.pop("add", ()))
            # built here, outside the command's own error handling: a conflict is a user error
            make = _user_errors(lambda: Source(data=tuple(Path(p) for p in data), add=add, **where))
            kwargs["source"] = make()
            return func(*args, **kwargs)

        for option in reversed(options):
            wrapper = option(wrapper)
        return wrapper

    return decorate


def _open(source, *, inferred: bool = True):
    """The engine over the command's source (graph.opening.open_engine)."""
    from ..graph.opening import open_engine

    return open_engine(source, inferred=inferred)


def _list_option(help_text: str, **extra):
    """--list SLUG (the township list), with the old spelling --document kept hidden."""

    def decorate(func):
        func = click.option("--document", "old_list", hidden=True)(func)
        func = click.option("--list", "slug", help=help_text, **extra)(func)

        @wraps(func)
        def wrapper(*args, **kwargs):
            old = kwargs.pop("old_list", None)
            if old is not None:
                if kwargs.get("slug") not in (None, old, extra.get("default")):
                    message = "--list 与旧写法 --document 给了不同的值，只给一个"
                    click.echo(f"dutygraph: {message}", err=True)
                    sys.exit(EXIT_USAGE)
                kwargs["slug"] = old
            return func(*args, **kwargs)

        return wrapper

    return decorate


def default_lang() -> str:
    """zh unless DUTYGRAPH_LANG says otherwise, or the LANG environment is English."""
    chosen = os.environ.get("DUTYGRAPH_LANG") or ""
    if chosen in ("zh", "en"):
        return chosen
    return "en" if os.environ.get("LANG", "").lower().startswith("en") else "zh"


def _lang_option(func):
    """--lang zh|en for what a command prints (Chinese by default)."""
    return click.option(
        "--lang",
        type=click.Choice(["zh", "en"]),
        default=default_lang,
        show_default="zh (DUTYGRAPH_LANG or an English LANG: en)",
        help="Language of the text output.",
    )(func)


def _by_option(func):
    """--by NAME (who did it, kept as PROV provenance); --entered-by is its old spelling."""
    func = click.option("--entered-by", "old_by", hidden=True)(func)
    func = click.option("--by", "person", help="Who does this (kept as PROV provenance).")(func)

    @wraps(func)
    def wrapper(*args, **kwargs):
        old = kwargs.pop("old_by", None)
        kwargs["person"] = kwargs.get("person") or old
        return func(*args, **kwargs)

    return wrapper


class _ChineseErrors(click.Group):
    """click's own usage errors (an unknown option, a bad value) are English; print a Chinese
    line first, click's words in brackets, and where to find the usage."""

    def main(self, *args, standalone_mode: bool = True, **kwargs):
        if not standalone_mode:
            return super().main(*args, standalone_mode=False, **kwargs)
        try:
            answer = super().main(*args, standalone_mode=False, **kwargs)
        except click.exceptions.Abort:
            click.echo("dutygraph: 已中止 (aborted)", err=True)
            sys.exit(1)
        except click.ClickException as exc:
            click.echo(f"dutygraph: 命令行参数有误 ({exc.format_message()})", err=True)
            context = getattr(exc, "ctx", None)
            if context is not None:
                click.echo(f"用法见 `{context.command_path} --help`", err=True)
            sys.exit(exc.exit_code)
        sys.exit(answer if isinstance(answer, int) else 0)


@click.group(cls=_ChineseErrors, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="dutygraph")
def main() -> None:
    """dutygraph: rule-of-law duty lists (职责清单) as a knowledge graph."""
    # rdflib logs a traceback for every ill-typed literal it meets (2023-02-30); the shapes
    # report those values with file, row and column, so the log adds only noise.
    logging.getLogger("rdflib.term").setLevel(logging.CRITICAL)


@main.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="Write Turtle here instead of standard output; with several FILES, a folder that gets "
    "one STEM.ttl per file.",
)
@click.option("--id", "slug", help="Document id for IRIs (default: from the file name).")
@click.option("--quiet", is_flag=True, help="Do not print info-level diagnostics.")
@click.option(
    "--text-of",
    "--document",
    "document_ref",
    help="For a regulation in 第X条 form: the register document it is the text of "
    "(code such as first-responsible-person-duties, or IRI).",
)
@_by_option
@_lang_option
@_user_errors
def import_command(
    files: tuple[Path, ...],
    output: Path | None,
    slug: str | None,
    quiet: bool,
    document_ref: str | None,
    person: str | None,
    lang: str,
) -> None:
    """Import a duty list or a regulation (text, Word .docx, PDF, saved web page) as Turtle.

    A duty list (一、/（一）/1./(1) structure) becomes sections, principles, duties, groups and
    measures; a regulation (第X章/第X条/（一）) becomes chapters, articles and items, under the
    register document named with --document so a trace shows its text beside the summary.
    Warnings and notices go to stderr with their file and line, in Chinese (--lang en for
    English), each with its code (unplaced-line …); the import time is SOURCE_DATE_EPOCH when
    set, so a rebuild can be byte-for-byte the same.
    """
    from ..graph.lookup import resolve_document
    from ..importer.document import attribute, import_file
    from ..importer.messages import refusal

    if len(files) > 1:  # each file is its own document, named after its file
        if output is None or slug or document_ref:
            raise refusal("several-files-options")
        stems = [f.stem for f in files]
        if len(set(stems)) < len(stems):
            raise refusal("same-stem")
        output.mkdir(parents=True, exist_ok=True)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    generated_at = (
        datetime.fromtimestamp(int(epoch), UTC) if epoch and epoch.isdigit() else datetime.now(UTC)
    )
    if document_ref:
        from ..graph.opening import load_files
        from ..store.source import Source

        document = resolve_document(load_files(Source(), inferred=False), document_ref)
    else:
        document = None
    for file in files:
        target = output
        if output is not None and (len(files) > 1 or output.is_dir()):
            target = output / f"{file.stem}.ttl"
        result = import_file(file, slug=slug, generated_at=generated_at, document=document)
        if person is not None:
            attribute(result, person)
        _write_import(file, result, target, quiet, lang)


def _write_import(file: Path, result, output: Path | None, quiet: bool, lang: str = "zh") -> None:
    """One file's Turtle to ``output`` (or standard output), its diagnostics on stderr."""
    from ..importer.messages import diagnostic_line

    for diag in result.diagnostics:
        if diag.severity == "warning" or not quiet:
            click.echo(diagnostic_line(str(file), diag, lang), err=True)
    turtle = result.graph.serialize(format="turtle")
    if output is None:
        click.echo(turtle, nl=False)
        return
    output.write_text(turtle, encoding="utf-8")
    triples, warnings = len(result.graph), len(result.warnings)
    click.echo(
        f"wrote {triples} triples to {output} ({warnings} warnings)"
        if lang == "en"
        else f"已把 {triples} 个三元组写入 {output}（{warnings} 条警告）",
        err=True,
    )


@main.command()
@click.argument("data", nargs=-1, type=click.Path(exists=True, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@_lang_option
@_source_options()
@_user_errors
def stats(source, fmt: str, lang: str) -> None:
    """Counts per kind and role in the bundled graph (or the given Turtle files)."""
    from ..graph.describe import stats as compute

    result = compute(_open(source, inferred=False))
    if fmt == "json":
        click.echo(json.dumps(asdict(result), ensure_ascii=False, indent=2))
        return
    from .text import render_stats

    click.echo(render_stats(result, lang))


@main.command()
@click.argument("code")
@click.argument("data", nargs=-1, type=click.Path(exists=True, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@_lang_option
@_source_options()
@_user_errors
def show(code: str, source, fmt: str, lang: str) -> None:
    """Show one item by code (party-21) or the document's notation (党委(21), 四(一))."""
    from ..graph.describe import show as describe
    from ..graph.lookup import resolve

    graph = _open(source).source
    view = describe(graph, resolve(graph, code))
    if fmt == "json":
        click.echo(json.dumps(asdict(view), ensure_ascii=False, indent=2))
        return
    from .text import render_item

    click.echo(render_item(view, lang))


@main.command()
@click.argument("data", nargs=-1, type=click.Path(exists=True, dir_okay=False))
@_lang_option
@_source_options()
@_user_errors
def check(source, lang: str) -> None:
    """Run the quality queries and integrity shapes; exit 0 when clean, 1 when not."""
    from ..graph.quality import run_checks

    report = run_checks(_open(source))
    for defect in report.defects:
        if lang == "en":
            click.echo(f"{defect.check}: {defect.text(lang)}")
        else:
            click.echo(f"［{defect.check}］{defect.text(lang)}")
    found, ran = len(report.defects), report.checks_run
    click.echo(
        f"{found} defects from {ran} checks"
        if lang == "en"
        else f"{ran} 项检查，发现 {found} 个缺陷"
    )
    sys.exit(0 if report.clean else 1)


@main.command()
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--year",
    type=int,
    help="The calendar year whose records are checked (default: the records' own year; "
    "records of several years need it).",
)
@click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(["%Y-%m-%d"]),
    help="Date taken as today (default: today); deadlines after it are pending.",
)
@click.option("--format", "fmt", type=click.Choice(["text", "json", "ttl", "html"]), default="text")
@_lang_option
@_list_option(
    "The duty list whose codes the records use (default niuxintuo-2023-25); with --store "
    "and no FILES, the one township to check (default: every township)."
)
@_by_option
@click.option(
    "--processes",
    "--workers",
    "processes",
    type=click.IntRange(1, 256),
    help="Processes for per-township checks of a --store (default: the CPU count).",
)
@_source_options()
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report here instead of standard output.",
)
@_user_errors
def validate(
    files: tuple[Path, ...],
    year: int | None,
    as_of,
    fmt: str,
    lang: str,
    slug: str | None,
    person: str | None,
    processes: int | None,
    source,
    output: Path | None,
) -> None:
    """Validate a year's fulfilment records (CSV, XLSX, Turtle, JSON-LD) against the duties.

    Exit 0 when the records conform, 1 when there are violations (a count short of the
    minimum, a late or missing report, missing evidence, an unknown duty, a wrong role, an
    impossible date), 2 when an input is unusable (undecodable, a missing column). Warnings
    (a date after --as-of, a duplicate) and pending deadlines do not fail the run.

    With --store and no FILES, every township's stored records are checked on their own
    slice of the store (ontology + that list + its records), in parallel: one line each.
    """
    from ..codes import DEFAULT_SLUG
    from ..validation.report import render

    day = as_of.date() if as_of else None
    if not files:
        if year is None:
            raise DutyGraphError("核验库中记录须给出 --year (checking stored records needs --year)")
        if source.store is None:
            raise DutyGraphError(
                "请给出记录文件，或用 --store PATH 核验库中记录 "
                "(give records FILES, or --store PATH to check stored records)"
            )
        _validate_stored(source.store, slug, year, day, processes, fmt, output, lang)
        return
    slug = slug or DEFAULT_SLUG
    with _progress("读取并核验记录文件", "步") as tell:
        batches = _read_batches([(f, slug) for f in files], person)
        tell(1, 2)
        report = _check_files(source, slug, year, day, batches)
        tell(2, 2)
    report.notices = [n for b in batches for n in b.notices]
    _emit(render(report, fmt, lang), output)
    sys.exit(0 if report.conforms else 1)


def _check_files(source, slug: str, year, day, batches):
    """The files' records against the list's slice (one validate() for every caller)."""
    from ..codes import document_iri
    from ..validation.townships import validate as run_validation

    return run_validation(
        _open(source),
        document_iri(slug),
        year=year,
        as_of=day,
        records=[b.graph for b in batches],
        owned=True,
    )


def _read_batches(files: list[tuple[Path, str]], entered_by: str | None) -> list:
    """Read each records file against its list's slug; two files with one name stem would
    share IRIs, so refuse."""
    from ..records.reader import read_records

    batches = [read_records(f, document_slug=s, entered_by=entered_by) for f, s in files]
    seen: dict[str, Path] = {}
    for (path, _), batch in zip(files, batches, strict=True):
        if str(batch.batch) in seen:  # same stem: the records would merge silently
            raise DutyGraphError(
                f"{path} 与 {seen[str(batch.batch)]} 文件名主干相同，"
                "记录会共用 IRI，请改名其中一个 "
                "(same name stem, so their records would share IRIs; rename one of them)"
            )
        seen[str(batch.batch)] = path
    return batches


def _records_by_list(values: tuple[str, ...], default: str) -> list[tuple[Path, str]]:
    """``--records`` values, each FILE or SLUG=FILE (the township list its codes belong to)."""
    import re

    files = []
    for value in values:
        slug, sep, name = value.partition("=")
        if not sep or not re.fullmatch(r"[a-z0-9-]+", slug):
            slug, name = default, value
        if not Path(name).is_file():
            raise DutyGraphError("找不到该记录文件 (no such records file)", Location(file=name))
        files.append((Path(name), slug))
    return files


@contextmanager
def _progress(what: str, unit: str):
    """A progress bar on stderr that appears only for runs over two seconds (tqdm's delay) and
    only on a terminal; yields ``tell(done, total)``."""
    from tqdm import tqdm

    bar = tqdm(desc=what, unit=unit, file=sys.stderr, delay=2, disable=None, leave=False)

    def tell(done: int, total: int) -> None:
        bar.total = total
        bar.update(done - bar.n)

    try:
        yield tell
    finally:
        bar.close()


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        click.echo(text)
    else:
        output.write_text(text, encoding="utf-8")


def _validate_stored(store, slug, year, day, processes, fmt, output, lang: str = "zh") -> None:
    """One line per township (or JSON); exit 1 when any township has violations."""
    import time

    from ..codes import document_iri
    from ..validation.townships import validate_townships

    if fmt not in ("text", "json"):
        raise DutyGraphError(
            "核验库中记录只输出 text 或 json，每个乡镇一项 "
            "(checking stored records prints text or json, one entry a township)"
        )
    began = time.perf_counter()
    documents = [document_iri(slug)] if slug else None
    with _progress("已核验乡镇", "个") as tell:
        results = validate_townships(
            store, documents, year=year, as_of=day, workers=processes, progress=tell
        )
    if fmt == "json":
        text = json.dumps([asdict(r) for r in results], ensure_ascii=False, indent=2)
    else:
        lines = [_township_line(r, lang) for r in results]
        failing = sum(not r.conforms for r in results)
        took = time.perf_counter() - began
        lines.append(
            f"共 {len(results)} 个乡镇，{failing} 个有违反，用时 {took:.1f} 秒"
            if lang == "zh"
            else f"{len(results)} townships, {failing} with violations, in {took:.1f} s"
        )
        text = "\n".join(lines)
    _emit(text, output)
    sys.exit(0 if all(r.conforms for r in results) else 1)


def _township_line(r, lang: str) -> str:
    """One township's outcome on one line, in the reader's language."""
    if lang == "en":
        return (
            f"{'conforms' if r.conforms else 'VIOLATED'}  {r.document}  records={r.records} "
            f"violations={r.violations} warnings={r.warnings} pending={r.pending} "
            f"({r.seconds:.2f} s)"
        )
    return (
        f"{'符合' if r.conforms else '不符合'}  {r.document}  记录 {r.records} 条  "
        f"违反 {r.violations} 项  警告 {r.warnings} 项  待定 {r.pending} 项  "
        f"（{r.seconds:.2f} 秒）"
    )


@main.command()
@click.option("--year", type=int, required=True, help="The year the overview is about.")
@click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(["%Y-%m-%d"]),
    help="Date taken as today (default: today); deadlines after it are pending.",
)
@click.option(
    "--format", "fmt", type=click.Choice(["html", "xlsx", "pdf"]), default="html", show_default=True
)
@click.option(
    "--sort",
    type=click.Choice(["name", "rate", "violated", "no_record", "pending", "met"]),
    default="name",
    show_default=True,
    help="Order of the townships (rate: worst first; a status: most first).",
)
@_lang_option
@_list_option("One township list (default: every township list in the source).")
@click.argument("data", nargs=-1, type=click.Path(exists=True, dir_okay=False))
@_source_options()
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write here (xlsx and pdf need it unless standard output is not a terminal).",
)
@_user_errors
def report(year: int, as_of, fmt: str, sort: str, lang: str, slug, source, output) -> None:
    """The year's overview: every township × duty with its status (met, pending, violated,
    no record), counts, fulfilment rates and charts, as HTML, an XLSX workbook or a PDF."""
    from ..codes import document_iri
    from ..validation.yearfiles import WRITERS
    from ..validation.yearreport import render_page, year_view

    document = document_iri(slug) if slug else None
    day = as_of.date() if as_of else None
    view = year_view(_open(source), year, as_of=day, document=document, sort=sort)
    if fmt == "html":
        _emit(render_page(view, lang), output)
        return
    data = WRITERS[fmt](view, lang)
    if output is not None:
        output.write_bytes(data)
    elif sys.stdout.isatty():
        raise DutyGraphError(
            f"{fmt} 是二进制文件，请用 --output 指定文件 ({fmt} is binary: give --output FILE)"
        )
    else:
        sys.stdout.buffer.write(data)


@main.command()
@click.argument("data", nargs=-1, type=click.Path(exists=True, dir_okay=False))
@click.option("--force", is_flag=True, help="Rebuild even when the cache is fresh.")
@_source_options(files_only=True)
@_lang_option
@_user_errors
def build(source, force: bool, lang: str) -> None:
    """Compute the citation rules and the OWL 2 RL closure and cache them.

    Later commands reuse the cache while no input changed; a stale cache is rebuilt on its own,
    so this command is only needed to pay the cost up front (or with --force).
    """
    from ..graph.build import build as run_build
    from ..graph.files import load_dataset
    from ..resources import ontology_files

    files = source.files()
    result = run_build(load_dataset(files), [*ontology_files(), *files], force=force)
    n = len(result.inferred)
    if lang == "en":
        state = "cache still fresh" if result.from_cache else "inferred"
        click.echo(f"{state}: {n} inferred triples, in {result.path}")
    else:
        state = "缓存仍有效" if result.from_cache else "已推理"
        click.echo(f"{state}：{n} 个推理所得三元组，在 {result.path}")
    for problem in result.problems:
        click.echo(f"{'problem: ' if lang == 'en' else '问题：'}{problem}", err=True)
    sys.exit(1 if result.problems else 0)


@main.command()
@click.argument("code")
@click.argument("data", nargs=-1, type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--reverse",
    is_flag=True,
    help="CODE is a parent provision (IRI or code such as art-5-1): list what derives "
    "from it, at every level.",
)
@click.option("--format", "fmt", type=click.Choice(["text", "json", "ttl"]), default="text")
@_lang_option
@_source_options()
@_user_errors
def trace(code: str, source, reverse: bool, fmt: str, lang: str) -> None:
    """Trace an item up the chain township → municipal → provincial → central.

    At each level: the document, the provision, the relation (restates, refines, adds, merges),
    the evidence level (checked, corroborated, inferred), the summary, and the provision's text
    when an official text has been imported. With --reverse, list everything deriving from a
    provision.
    """
    from ..graph.lookup import resolve
    from ..trace.render import render_down, render_up
    from ..trace.walk import resolve_provision, trace_down, trace_up

    graph = _open(source).source
    if reverse:
        provision = resolve_provision(graph, code)
        click.echo(render_down(graph, provision, trace_down(graph, provision), fmt, lang))
    else:
        click.echo(render_up(graph, trace_up(graph, resolve(graph, code)), fmt, lang))


@main.command()
@click.argument("data", nargs=-1, type=click.Path(exists=True, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@_lang_option
@_source_options()
@_user_errors
def gaps(source, fmt: str, lang: str) -> None:
    """Parent provisions with no township counterpart, and township additions, per level.

    Also lists items linked to nothing (neither derived nor marked as an addition): a defect.
    """
    from ..trace.gaps import gaps as compute

    result = compute(_open(source))
    if fmt == "json":
        click.echo(json.dumps(asdict(result), ensure_ascii=False, indent=2))
        return
    from .text import render_gaps

    click.echo(render_gaps(result, lang))


@main.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite FILE if it exists.")
@_lang_option
@_user_errors
def template(file: Path, force: bool, lang: str) -> None:
    """Write an empty records template, FILE.xlsx or FILE.csv, for staff to fill in.

    Chinese headers by default (职责编码, 日期, 开展的活动, 责任人角色, 证据, 备注, 人数; --lang en
    for English; the reader takes both), one example row commented out with # (remove the # to
    try it), and the valid duty codes in document order. A workbook has drop-down lists for the
    duty code and the role, a date format on the date column, and a sheet listing every duty with
    its text and requirements. A CSV is UTF-8 with BOM (Excel and WPS show the Chinese). An
    existing FILE is kept unless --force is given.
    """
    from ..graph.files import load_dataset
    from ..records.template import check_target, write_template

    check_target(file, overwrite=force)
    count = write_template(file, load_dataset(), overwrite=force, lang=lang)
    click.echo(f"已写出 {file}，含 {count} 个职责编码", err=True)


@main.command()
@click.argument("data", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64))
@click.option(
    "--threads",
    default=4,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Request threads per worker; a query waiting on a runaway's child gets its own child "
    "(1: one request at a time per worker).",
)
@click.option("--timeout", default=10.0, show_default=True, help="Seconds a query may run.")
@click.option(
    "--fork-per-query",
    is_flag=True,
    help="Run each query in a fresh child process (slower) instead of one standing child per "
    "worker that is replaced only when a query overruns its deadline.",
)
@click.option("--max-rows", default=10_000, show_default=True, type=click.IntRange(1))
@click.option(
    "--cors-origin",
    "cors",
    multiple=True,
    help="Origin allowed to read from a browser (repeatable); default *; 'none' for no CORS.",
)
@click.option(
    "--ledger",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The records ledger (see `dutygraph user add`): enables sign-in, submission, review "
    "and the audit log. Without it the server stays read-only.",
)
@click.option(
    "--sparql-public/--sparql-signed-in",
    "sparql_public",
    default=None,
    help="Whether /sparql and /queries answer anyone (default: yes, unless --ledger is given).",
)
@_source_options()
@_user_errors
def serve(
    source,
    host,
    port,
    workers,
    threads,
    timeout,
    fork_per_query,
    max_rows,
    cors,
    ledger,
    sparql_public,
) -> None:
    """Serve the bundled graph (or DATA files) as a read-only SPARQL 1.1 endpoint.

    /sparql answers the SPARQL 1.1 Protocol, /queries runs the named queries, /validate
    checks uploaded records, /health says the server is ready. Queries run on Oxigraph by
    default (--engine rdflib or DUTYGRAPH_ENGINE=rdflib for rdflib's engine), each in a child
    process killed at --timeout; nothing is ever fetched from the network or the disk.
    """
    from ..server.runner import serve as run_server
    from ..sparql.settings import ServerSettings

    origins = () if cors == ("none",) else (tuple(cors) or ("*",))
    settings = ServerSettings(
        store=source.store,
        store_in_memory=source.memory,
        sparql_endpoint=source.endpoint,
        data=source.data,
        add=source.add,
        engine=source.engine,
        host=host,
        port=port,
        workers=workers,
        threads=threads,
        timeout=timeout,
        standing_child=not fork_per_query,
        max_rows=max_rows,
        cors_origins=origins,
        ledger=ledger,
        sparql_public=sparql_public if sparql_public is not None else ledger is None,
    )
    if ledger is not None and not ledger.exists():
        raise DutyGraphError(
            "没有这个台账文件；先用 `dutygraph user add` 建立账户",
            Location(file=str(ledger)),
            en="no such ledger file: make an account first with `dutygraph user add`",
        )
    run_server(settings)


@main.command("store")
@click.argument("path", type=click.Path(file_okay=False, path_type=Path))
@click.argument("data", nargs=-1, type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--records",
    "records",
    multiple=True,
    help="A fulfilment-records file (CSV, XLSX, Turtle, JSON-LD) kept in its own named graph; "
    "SLUG=FILE reads its codes against that township's list instead of --document; "
    "repeatable.",
)
@_list_option("The duty list whose codes the --records files use.", default="niuxintuo-2023-25")
@_by_option
@click.option(
    "--synthetic",
    default=0,
    type=click.IntRange(0, 100_000),
    help="Also add N generated towns, each with a year of generated records "
    "(graph/synthetic/…, marked 合成数据): for scale trials only.",
)
@click.option(
    "--synthetic-year", default=2023, show_default=True, help="The year of the generated records."
)
@click.option(
    "--synthetic-rows",
    default=0,
    type=click.IntRange(0, 100_000),
    help="Fill each generated town-year up to N records with routine work on duties without "
    "requirements (verdicts unchanged): a real year's volume, for benchmarks.",
)
@click.option("--force", is_flag=True, help="Replace an existing dutygraph store at PATH.")
@click.option(
    "--ledger",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Also keep the records ledger's approved batches (one named graph each) and the PROV "
    "story of every batch, so cross-township queries count accepted records only.",
)
@click.option("--pending", is_flag=True, help="With --ledger: batches waiting for review too.")
@_source_options(files_only=True)
@_lang_option
@_user_errors
def store_command(
    path: Path,
    source,
    records,
    slug,
    person,
    synthetic: int,
    synthetic_year: int,
    synthetic_rows: int,
    force,
    ledger: Path | None,
    pending: bool,
    lang: str,
) -> None:
    """Bulk-load the graph (with the cached inferences) into an on-disk Oxigraph store at PATH.

    `dutygraph serve --store PATH` then opens it in about a second instead of parsing files;
    `dutygraph validate --store PATH --year Y` checks the records kept in it per township.
    """
    from ..graph.opening import load_files
    from ..records.kinds import classify_records
    from ..store.diskstore import write_store

    dataset = load_files(source)
    for batch in _read_batches(_records_by_list(records, slug), person):
        for problem in batch.problems:
            click.echo(f"dutygraph: {problem.describe(lang)}", err=True)
        target = dataset.graph(batch.batch)
        for triple in classify_records(batch.graph):
            target.add(triple)
    if ledger is not None:
        _add_ledger(dataset, ledger, pending)
    extra = ()
    if synthetic:
        from ..validation.synthetic import synthetic_graphs

        extra = synthetic_graphs(dataset, synthetic, year=synthetic_year, rows=synthetic_rows)
    report = write_store(dataset, path, force=force, extra=extra)
    click.echo(
        f"wrote {report.quads} quads ({report.graphs} graphs) to {report.path} in "
        f"{report.seconds:.1f} s"
        if lang == "en"
        else f"已写出 {report.quads} 个四元组（{report.graphs} 个图）到 {report.path}，"
        f"用时 {report.seconds:.1f} 秒",
        err=True,
    )


def _add_ledger(dataset, path: Path, pending: bool) -> None:
    """The ledger's counting batches, classified as validation counts them, and its story."""
    from rdflib import Graph

    from ..keeping.ledger import Ledger
    from ..keeping.prov import KEEPING_GRAPH, counting_graphs, prov_dataset
    from ..records.kinds import classify_records

    ledger = Ledger(path)
    for name, records in counting_graphs(ledger, include_submitted=pending):
        target = dataset.graph(name)
        for triple in classify_records(Graph().parse(data=records, format="nt")):
            target.add(triple)
    story = dataset.graph(KEEPING_GRAPH)
    for triple in prov_dataset(ledger).graph(KEEPING_GRAPH):
        story.add(triple)


@main.command()
@click.argument("data", nargs=-1, type=click.Path(exists=True, dir_okay=False))
@click.option("--graph-store", required=True, help="The server's SPARQL 1.1 Graph Store URL.")
@click.option("--endpoint", help="Its SPARQL query URL: the counts are read back and compared.")
@click.option(
    "--synthetic", default=0, type=click.IntRange(0, 100_000), help="Add N generated towns."
)
@click.option(
    "--chunk",
    default=100_000,
    show_default=True,
    type=click.IntRange(1000),
    help="Triples per request: a larger graph goes as one PUT and then POSTs.",
)
@_NETRC
@_source_options(files_only=True)
@_lang_option
@_user_errors
def push(
    source, graph_store: str, endpoint: str | None, synthetic: int, chunk: int, lang: str
) -> None:
    """Load the graphs (with the cached inferences) into an existing SPARQL server.

    Each named graph is PUT whole to GRAPH_STORE?graph=IRI (replacing what was there), so a
    push can be repeated. With --endpoint the server is asked how many triples each graph has,
    and any difference is an error (exit 1).
    """
    from ..graph.opening import load_files
    from ..store.graphstore import push as push_graphs
    from ..store.graphstore import remote_counts

    dataset = load_files(source)
    if synthetic:
        from ..validation.synthetic import add_towns

        add_towns(dataset, synthetic)
    pushed = push_graphs(dataset, graph_store, chunk=chunk)
    total = sum(p.triples for p in pushed)
    en = lang == "en"
    click.echo(
        f"pushed {total} triples ({len(pushed)} graphs) to {graph_store}"
        if en
        else f"已推送 {total} 个三元组（{len(pushed)} 个图）到 {graph_store}",
        err=True,
    )
    if endpoint:
        counts = remote_counts(endpoint)
        wrong = [p for p in pushed if counts.get(p.name) != p.triples]
        for p in wrong:
            held = counts.get(p.name, 0)
            click.echo(
                f"{p.name}: sent {p.triples}, the server holds {held}"
                if en
                else f"{p.name}：已发送 {p.triples}，服务器上有 {held}"
            )
        if wrong:
            sys.exit(1)
        click.echo(
            f"checked: every graph on {endpoint} has the same count (same counts)"
            if en
            else f"已核对：{endpoint} 上每个图的三元组数都相同 (checked: the same counts)",
            err=True,
        )


@main.command()
@click.argument("query")
@click.option("--param", "params", multiple=True, help="NAME=VALUE bound to the query; repeatable.")
@click.option(
    "--format",
    "fmt",
    default="text",
    show_default=True,
    help="text, or a result format: json xml csv tsv (SELECT/ASK), ttl nt jsonld rdfxml.",
)
@click.argument("data", nargs=-1, type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--data", "old_data", multiple=True, hidden=True, type=click.Path(exists=True, dir_okay=False)
)
@_source_options()
@_user_errors
def query(query, params, fmt, source) -> None:
    """Run a named query (QUERY is its name) or a .rq file on any source.

    Parameters are bound as typed RDF terms (never pasted into the text):
    `dutygraph query trace-up --param code=party-21`. With --endpoint they travel as a
    VALUES block opening the query's WHERE group (a remote endpoint has no pre-binding).
    The query runs through the same engine interface whether the graph is the bundled files,
    a --store or an --endpoint.
    """
    from ..codes import parse_params, split_assignments
    from ..sparql.catalog import catalog, read_query
    from ..sparql.queryrun import run_named

    path = Path(query)
    named = read_query(path) if path.suffix == ".rq" and path.exists() else catalog().get(query)
    if named is None:
        raise DutyGraphError(
            f"没有名为 {query!r} 的命名查询，也没有这个 .rq 文件；"
            f"可用的查询：{'、'.join(catalog())} "
            "(no named query and no such .rq file)"
        )
    values = parse_params(split_assignments(params), where="--param")
    out = run_named(named, values, fmt, engine=_open(source))
    click.echo(out, nl=not out.endswith("\n"))


from .keeping import ledger_group, user_group  # noqa: E402  (registered below)

main.add_command(user_group)
main.add_command(ledger_group)

if __name__ == "__main__":  # pragma: no cover
    main()
