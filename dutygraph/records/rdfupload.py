"""Parse an RDF upload (Turtle or JSON-LD) without letting it fetch or read anything.

Why each step (docs/security-notes.md F4a–F4c, F4f, M6): rdflib fetches over the network, or
reads from disk, a JSON-LD @context or @import given as a string, and offers no switch to stop
it, so such a document is refused before rdflib sees it. Data is parsed from memory (data=),
never from a positional string, which rdflib treats as a location. Relative IRIs resolve against
https://upload.invalid/, the one base that works for every format and names nothing real.
owl:imports is only a triple here: nothing follows it.
"""

from __future__ import annotations

import json

from rdflib import Graph

from ..errors import DutyGraphError, Location
from ..rdfterms import bind_prefixes
from .sheets import first_line

UPLOAD_BASE = "https://upload.invalid/"
MAX_JSON_DEPTH = 200


def parse_upload(text: str, kind: str, name: str) -> Graph:
    """The graph of an uploaded ttl or jsonld text, or a located DutyGraphError."""
    return _parse_jsonld(text, name) if kind == "jsonld" else _parse(text, "turtle", name)


def _parse_jsonld(text: str, name: str) -> Graph:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        where = Location(file=name, line=exc.lineno, column=exc.colno)
        raise DutyGraphError(f"不是有效的 JSON (not valid JSON: {exc.msg})", where) from exc
    except RecursionError as exc:
        raise DutyGraphError("JSON 嵌套过深 (JSON nested too deeply)", Location(file=name)) from exc
    if not isinstance(document, dict | list):
        raise DutyGraphError(
            "JSON-LD 须为 JSON 对象或数组 (JSON-LD must be a JSON object or array)",
            Location(file=name),
        )
    check_jsonld(document, name)
    return _parse(text, "json-ld", name)


def check_jsonld(node: object, name: str, path: str = "", depth: int = 0) -> None:
    """Refuse an @context or @import given as a string: rdflib would fetch it over the network
    or read it from disk (security notes F4a, M6). Only inline contexts are allowed."""
    if depth > MAX_JSON_DEPTH:
        raise DutyGraphError(
            f"JSON-LD 嵌套超过 {MAX_JSON_DEPTH} 层 (JSON-LD nested deeper than {MAX_JSON_DEPTH})",
            Location(file=name),
        )
    if isinstance(node, dict):
        for key, value in node.items():
            where = f"{path}/{key}"
            if key in ("@context", "@import"):
                for item in value if isinstance(value, list) else [value]:
                    if isinstance(item, str):
                        raise DutyGraphError(
                            f"{where} 处的 {key} 是一个地址（网络或本地文件），不允许："
                            "请把上下文直接写成 JSON 对象 "
                            f"({key} {item[:80]!r} at {where} is a location (remote or a file), "
                            "which is not allowed: write the context inline as a JSON object)",
                            Location(file=name),
                        )
            check_jsonld(value, name, where, depth + 1)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            check_jsonld(value, name, f"{path}/{index}", depth + 1)


def _parse(text: str, fmt: str, name: str) -> Graph:
    """Parse from memory (data=, never a location) against the inert upload base."""
    from rdflib.plugins.parsers.notation3 import BadSyntax

    graph = bind_prefixes(Graph())
    label = "Turtle" if fmt == "turtle" else "JSON-LD"
    try:
        graph.parse(data=text, format=fmt, publicID=UPLOAD_BASE)
    except BadSyntax as exc:
        why = getattr(exc, "_why", None) or first_line(exc)
        raise DutyGraphError(
            f"不是有效的 {label} (not valid {label}: {why})", _syntax_location(exc, name)
        ) from exc
    except RecursionError as exc:
        raise DutyGraphError(
            f"不是有效的 {label}：嵌套过深 (not valid {label}: nested too deeply)",
            Location(file=name),
        ) from exc
    except Exception as exc:  # rdflib's parsers raise many types
        raise DutyGraphError(
            f"不是有效的 {label} (not valid {label}: {first_line(exc)})", Location(file=name)
        ) from exc
    return graph


def _syntax_location(exc: Exception, name: str) -> Location:
    """Line and column of a Turtle syntax error (rdflib's BadSyntax keeps the text and offset)."""
    line = getattr(exc, "lines", None)
    source, offset = getattr(exc, "_str", None), getattr(exc, "_i", None)
    column = None
    if isinstance(source, bytes) and isinstance(offset, int):
        text = source.decode("utf-8", "replace")
        column = offset - text.rfind("\n", 0, offset)
    return Location(file=name, line=line + 1 if isinstance(line, int) else None, column=column)
