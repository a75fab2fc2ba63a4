"""Codes, slugs and the default list: the one place that knows how items and lists are named.

Why one place: the default township list's slug, how a document's notation (党委(21)) becomes a
code (party-21), how a slug becomes a document IRI and how a ``name=value`` parameter list is
read were each written out in several modules (the CLI, the server, the records reader,
validation), and drifted apart (the CLI kept the last of two ``year=`` values, HTTP refused
them). Every caller now asks here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rdflib import URIRef

from .errors import DutyGraphError
from .namespace import DOC

DEFAULT_SLUG = "niuxintuo-2023-25"
"""The bundled seed list (牛委字〔2023〕25号): records name its codes unless told otherwise."""

SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")
"""A list's id in IRIs (``doc/SLUG``) and on the command line (``SLUG=FILE``)."""

_ROLE_NOTATION = re.compile(r"^(党委|政府)\s*[(（]\s*(\d+)\s*[)）]$")
_GROUP_NOTATION = re.compile(r"^(党委|政府)\s*(\d+)\s*[.．、]?$")
_ROLES = {"党委": "party", "政府": "gov"}


def normalise_code(text: str) -> str:
    """Turn the document's notation into a code where that needs no graph (党委(21) → party-21)."""
    value = text.strip()
    found = _ROLE_NOTATION.match(value)
    if found:
        return f"{_ROLES[found.group(1)]}-{int(found.group(2))}"
    found = _GROUP_NOTATION.match(value)
    if found:
        return f"{_ROLES[found.group(1)]}-g{int(found.group(2))}"
    return value.lower()


def document_iri(slug_or_iri: str) -> URIRef:
    """A document given by its slug (``niuxintuo-2023-25``) or its full IRI."""
    if slug_or_iri.startswith(("http://", "https://")):
        return URIRef(slug_or_iri)
    return DOC[slug_or_iri]


def parse_params(pairs: Iterable[tuple[str, str]], *, where: str = "参数") -> dict[str, str]:
    """``name=value`` pairs as one dict; a name given twice is refused, never last-one-wins.

    Why refuse: ``year=2023&year=2024`` has no meaning a supervisor would sign; keeping either
    silently answers a question nobody asked. The CLI (``--param``) and HTTP (query string and
    form) both read their parameters here.
    """
    values: dict[str, str] = {}
    for name, value in pairs:
        if name in values:
            raise DutyGraphError(
                f"{where} {name!r} 给了两次（{values[name]!r}、{value!r}），只能给一次",
                en=f"{where} {name!r} is given twice ({values[name]!r}, {value!r}); give it once",
            )
        values[name] = value
    return values


def split_assignments(texts: Iterable[str], *, option: str = "--param") -> list[tuple[str, str]]:
    """``NAME=VALUE`` command-line words as pairs; a word without ``=`` is refused."""
    pairs = []
    for text in texts:
        name, sep, value = text.partition("=")
        if not sep or not name:
            raise DutyGraphError(
                f"{option} 需要 NAME=VALUE 的形式，收到 {text!r}",
                en=f"{option} takes NAME=VALUE, not {text!r}",
            )
        pairs.append((name, value))
    return pairs
