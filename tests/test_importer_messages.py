"""The importer speaks Chinese first (issue 14): every warning, notice and refusal that
``dutygraph import`` prints is Chinese by default and English with ``--lang en``, and says
where (file, line).

Data-driven: the command is run over every golden case (tests/importer_cases/, the
regulation cases, the seed, the web pages) and over malformed inputs made here (a scan, a
broken PDF, a broken .docx, an empty web page, a NUL byte, a Chinese-only file name, bad
options), and every line it prints is judged: in Chinese it must hold Chinese and no English
sentence outside quotes, brackets and identifiers; in English no Chinese outside quoted
source text.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from dutygraph.cli import main
from dutygraph.importer.messages import MESSAGES, say

TESTS = Path(__file__).parent
ROOT = TESTS.parent
CJK = re.compile(r"[\u3400-\u9fff]")
# quoted or bracketed stretches: source text, codes, identifiers, asides
_ASIDE = re.compile(
    r"“[^“”]*”|‘[^‘’]*’|《[^《》]*》|（[^（）]*）|\([^()]*\)|［[^［］]*］|\[[^\[\]]*\]"
    r"|'[^']*'|\"[^\"]*\""
)
# two English words in a row make a sentence; single tokens (--id, OCR, UTF-8, STEM.ttl) do not
_ENGLISH_RUN = re.compile(r"[A-Za-z]{2,}[,;:]?\s+[A-Za-z]{2,}")


_IRI = re.compile(r"<?https?://[^\s：，。>]+>?")


def outside_asides(text: str) -> str:
    """The text with IRIs and quoted or bracketed stretches removed (nested ones too)."""
    text = _IRI.sub(" ", text)
    while True:
        stripped = _ASIDE.sub(" ", text)
        if stripped == text:
            return text
        text = stripped


def is_chinese(line: str, files: list[str]) -> bool:
    for name in files:
        line = line.replace(name, " ")
    rest = outside_asides(line)
    return bool(CJK.search(rest)) and not _ENGLISH_RUN.search(rest)


def is_english(line: str, files: list[str]) -> bool:
    for name in files:
        line = line.replace(name, " ")
    rest = outside_asides(line)
    return not CJK.search(rest) and bool(_ENGLISH_RUN.search(rest))


def _golden_inputs(tmp: Path) -> list[list[str]]:
    """One argument list per golden case, the file written as the case says (encoding)."""
    runs = []
    for spec_path in sorted((TESTS / "importer_cases").glob("*.expected.json")):
        spec = json.loads(spec_path.read_text(encoding="utf-8"))
        stem = spec_path.name.removesuffix(".expected.json")
        if spec.get("encoding") == "raw":
            data = (TESTS / "importer_cases" / f"{stem}.bin").read_bytes()
        else:
            text = (TESTS / "importer_cases" / f"{stem}.txt").read_text(encoding="utf-8")
            data = text.encode(spec.get("encoding", "utf-8"))
        target = tmp / f"{stem}.txt"
        target.write_bytes(data)
        runs.append([str(target)])
    for case in sorted((TESTS / "regulation_cases").glob("*.txt")):
        runs.append([str(case)])
    runs.append([str(ROOT / "data" / "sources" / "niuxintuo-2023-25.txt")])
    runs += [[str(page)] for page in sorted((TESTS / "importer_cases" / "html").glob("*.html"))]
    return runs


def _scan(path: Path) -> Path:
    from reportlab.pdfgen import canvas

    sheet = canvas.Canvas(str(path))
    sheet.rect(50, 50, 400, 600, fill=1)  # a page that is only a picture
    sheet.showPage()
    sheet.save()
    return path


def _printed(path: Path, text: str) -> Path:
    """A two-page PDF with page numbers (the built-in CID font, no font file needed)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    lines = text.splitlines()
    sheet = canvas.Canvas(str(path))
    for page, start in enumerate(range(0, len(lines), 25), start=1):
        sheet.setFont("STSong-Light", 10)
        for k, line in enumerate(lines[start : start + 25]):
            sheet.drawString(40, 780 - 14 * k, line)
        sheet.drawCentredString(300, 30, f"— {page} —")
        sheet.showPage()
    sheet.save()
    return path


def _malformed_inputs(tmp: Path) -> list[list[str]]:
    seed = ROOT / "data" / "sources" / "niuxintuo-2023-25.txt"
    (tmp / "fake.pdf").write_bytes(b"%PDF-1.4\nnot really a pdf\n")
    (tmp / "fake.docx").write_bytes(b"PK\x03\x04 not a zip")
    (tmp / "empty.html").write_bytes(b"")
    (tmp / "nul.txt").write_bytes("一、基本原则\n".encode() + b"\x00\x01")
    (tmp / "清单.txt").write_bytes(seed.read_bytes())
    (tmp / "after-imprint.txt").write_text(
        seed.read_text(encoding="utf-8") + "\n抄送：县委依法治县办\n", encoding="utf-8"
    )
    twin = tmp / "twin"
    twin.mkdir()
    (twin / "seed.txt").write_bytes(seed.read_bytes())
    (tmp / "seed.txt").write_bytes(seed.read_bytes())
    printed = _printed(tmp / "printed.pdf", seed.read_text(encoding="utf-8"))
    return [
        [str(tmp / "fake.pdf")],
        [str(tmp / "fake.docx")],
        [str(tmp / "empty.html")],
        [str(tmp / "nul.txt")],
        [str(tmp / "清单.txt")],
        [str(tmp / "after-imprint.txt")],
        [str(_scan(tmp / "scan.pdf"))],
        [str(printed)],
        [str(tmp / "missing.txt")],
        [str(seed), "--id", "Bad_Id"],
        [str(seed), "--by", " "],
        [str(seed), "--document", "first-responsible-person-duties"],
        [str(seed), "--document", "no-such-document"],
        [str(seed), str(tmp / "seed.txt"), "--id", "x"],
        [str(tmp / "seed.txt"), str(twin / "seed.txt"), "-o", str(tmp / "many")],
    ]


def _printed_lines(tmp: Path, lang: str) -> tuple[list[tuple[str, list[str]]], list[str]]:
    """Every line the command prints for every input, with the file names it may quote."""
    runner = CliRunner()
    out = tmp / "out.ttl"
    said: list[tuple[str, list[str]]] = []
    for args in _golden_inputs(tmp) + _malformed_inputs(tmp):
        if "-o" not in args:
            args = [*args, "-o", str(out)]
        result = runner.invoke(main, ["import", *args, "--lang", lang])
        assert "Traceback" not in result.output, result.output
        files = sorted({a for a in args if "/" in a}, key=len, reverse=True)
        said += [(line, files) for line in result.output.splitlines() if line.strip()]
    return said, [line for line, _ in said]


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> dict[str, list[tuple[str, list[str]]]]:
    return {lang: _printed_lines(tmp_path_factory.mktemp(lang), lang)[0] for lang in ("zh", "en")}


# every code the runs above must make the importer say (so the test cannot pass on silence)
EXPECTED_CODES = {
    "numbering-gap",
    "numbering-duplicate",
    "numbering-order",
    "unplaced-line",
    "unnumbered-paragraph",
    "unknown-section",
    "page-number-removed",
    "page-break-repaired",
    "cut-off-last-item",
    "empty-last-heading",
    "traditional-converted",
    "after-imprint",
    "pdf-furniture",
    "html-furniture",
}


def test_the_runs_say_every_kind_of_diagnostic(printed):
    codes = {found for line, _ in printed["zh"] for found in re.findall(r"［([a-z-]+)］", line)}
    assert codes >= EXPECTED_CODES, sorted(EXPECTED_CODES - codes)
    refusals = [line for line, _ in printed["zh"] if line.startswith("dutygraph:")]
    assert len(refusals) >= 14, refusals


def test_every_line_is_chinese_by_default(printed):
    wrong = [line for line, files in printed["zh"] if not is_chinese(line, files)]
    assert not wrong, wrong[:5]


def test_every_line_is_english_on_request(printed):
    wrong = [line for line, files in printed["en"] if not is_english(line, files)]
    assert not wrong, wrong[:5]


def test_every_line_says_where(printed):
    """A diagnostic names its file and line; a refusal its file (or the option at fault)."""
    for lang, where in (("zh", re.compile(r"第 \d+ 行")), ("en", re.compile(r":\d+: "))):
        for line, files in printed[lang]:
            if line.startswith("dutygraph:") or "三元组" in line or "triples" in line:
                continue
            assert where.search(line) and any(f in line for f in files), line


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_each_catalog_entry_is_said_in_both_languages(key):
    args = {"mark": "（三）", "label": "党委(3)", "text": "— 3 —", "page": 2, "count": 4}
    args |= {"missing": "5", "offset": 17, "detail": "EOF", "name": "'清单.txt'", "slug": "'X'"}
    args |= {"reason": "文件不存在"}
    zh, en = say(key, "zh", **args), say(key, "en", **args)
    assert is_chinese(zh, []), zh
    assert is_english(en, []), en


def test_the_checker_can_fail():
    assert not is_chinese("［x］https://w3id.org/a https://w3id.org/b：Less than 1 values on", [])
    """The judges themselves: an English message is not Chinese, a Chinese one not English."""
    assert not is_chinese("seed.txt，第 3 行：警告［unplaced-line］：line kept as is", [])
    assert not is_chinese("page number “— 3 —” removed", [])
    assert is_chinese("seed.txt，第 3 行：提示［page-number-removed］：已去掉页码行“— 3 —”", [])
    assert not is_english("seed.txt:3: warning: unplaced-line: 行首的标记不是已知的编号", [])
    assert is_english("seed.txt:3: info: page-number-removed: page number “— 3 —” removed", [])


@pytest.mark.parametrize(
    "case", sorted((TESTS / "quality_cases").glob("*.ttl")), ids=lambda p: p.stem
)
def test_check_speaks_chinese_first(case: Path):
    """``dutygraph check`` over each quality case: every defect line Chinese by default and
    English with --lang en (the queries bind both details, the shapes say both)."""
    runner = CliRunner()
    for lang, judge in (("zh", is_chinese), ("en", is_english)):
        result = runner.invoke(main, ["check", str(case), "--lang", lang])
        assert result.exit_code in (0, 1), result.output
        lines = [line for line in result.output.splitlines() if line.strip()]
        assert len(lines) >= 1 + result.exit_code  # a defect line when it fails, and the sum
        wrong = [line for line in lines if not judge(line, [])]
        assert not wrong, wrong


def test_an_error_is_one_language_on_the_terminal_and_both_for_the_web():
    """The CLI prints describe(lang); str() keeps "中文 (English)", which the web pages split
    by the reader's language, so a page in English still reads English."""
    from dutygraph.errors import Location
    from dutygraph.importer.messages import refusal

    error = refusal("empty-file", Location(file="a.txt"))
    assert error.code == "empty-file"
    assert error.describe("zh") == "a.txt: 文件是空的（没有可导入的文字）"
    assert error.describe("en") == "a.txt: the file is empty (no text to import)"
    assert (
        str(error)
        == "a.txt: 文件是空的（没有可导入的文字） (the file is empty (no text to import))"
    )
