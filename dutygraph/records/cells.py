"""Interpret one cell of a fulfilment record: the duty, the date, the role, the count.

Why nothing is rejected here: a record keeps every value it was given. A value the reader cannot
interpret becomes a term that the record shapes (shapes/records.ttl) reject: a duty IRI that is
no dg:Duty, an ill-typed or plain-string date, a role that is no dg:Role, a plain-string count.
The validation report then names its row and column. Each function returns the term and, when
the value was not understood, a note saying what was kept.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from datetime import date
from functools import lru_cache
from urllib.parse import quote

from rdflib import Literal, Namespace, URIRef
from rdflib.namespace import RDFS, SKOS, XSD

from ..codes import normalise_code
from ..importer.enumerators import CN_NUMERAL, chinese_numeral
from ..namespace import BASE, DG, DOC
from ..resources import ontology_files

UNKNOWN_ROLE = Namespace(BASE + "role/unknown/")
DATE_FORMS = "2023-03-05、2023/3/5、2023.3.5 或 2023年3月5日"

_CODE = re.compile(r"^[a-z]+(?:-[a-z0-9]+)*$")
# The importer labels principles, general duties and discipline items 基本原则(一) and so on;
# the template lists those labels as notations, so the reader accepts them too.
_LABELLED = re.compile(rf"^(基本原则|一般职责|纪律要求)\s*[(（]\s*({CN_NUMERAL}|\d+)\s*[)）]$")
_LABEL_KINDS = {"基本原则": "principle", "一般职责": "general", "纪律要求": "discipline"}
_DATES = (
    re.compile(r"^(?P<y>\d{4})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})$"),
    re.compile(r"^(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日?$"),
)
# Role names as printed in hints, in the order of the roles scheme.
_ROLE_ORDER = (DG.partyLeader, DG.govLeader, DG.leadershipMember, DG.lowerLevelLeader)

Note = tuple[str, str]
"""What was kept of a value not understood, in Chinese and in English."""
Interpreted = tuple[URIRef | Literal, Note | None]


def duty_code(raw: str) -> str:
    """The code a duty cell means: party-21, 党委(21), 政府（3）, 党委6., 基本原则(一) …"""
    found = _LABELLED.match(raw.strip())
    if found:
        number = found.group(2)
        value = int(number) if number.isdecimal() else chinese_numeral(number)
        return f"{_LABEL_KINDS[found.group(1)]}-{value}"
    return normalise_code(raw)


def duty_term(raw: str, slug: str) -> Interpreted:
    """The duty's IRI in the document, whether or not it exists (the shapes check that)."""
    code = duty_code(raw)
    if _CODE.match(code):
        return DOC[f"{slug}/{code}"], None
    iri = DOC[f"{slug}/{quote(code, safe='')}"]
    return (
        iri,
        (
            f"职责“{raw}”既不是编码（party-21）也不是清单写法（党委(21)），按原样保留为 {iri}",
            f"duty '{raw}' is neither a code (party-21) nor the list's notation (党委(21)); "
            f"kept as {iri}",
        ),
    )


def date_term(raw: str) -> Interpreted:
    """An xsd:date; an impossible date stays ill-typed, text that is no date stays text."""
    for pattern in _DATES:
        found = pattern.match(raw)
        if not found:
            continue
        year, month, day = (int(found.group(part)) for part in ("y", "m", "d"))
        lexical = f"{year:04d}-{month:02d}-{day:02d}"
        try:
            date(year, month, day)
        except ValueError:
            note = (
                f"日期“{raw}”不存在，按原样保留为 {lexical}（不是有效日期）",
                f"the date '{raw}' does not exist; kept as {lexical} (not a valid date)",
            )
            return _ill_typed(lexical, XSD.date), note
        return Literal(lexical, datatype=XSD.date), None
    return Literal(raw), (
        f"“{raw}”不是日期（可写 {DATE_FORMS}），按文字保留",
        f"'{raw}' is no date (write e.g. 2023-03-15); kept as text",
    )


def role_term(raw: str) -> Interpreted:
    """A role of the roles scheme by code or name; else an IRI that is no dg:Role."""
    names, hint = _roles()
    found = names.get(_role_key(raw))
    if found is not None:
        return found, None
    iri = UNKNOWN_ROLE[quote(raw, safe="")]
    return iri, (
        f"“{raw}”不是已知的责任角色（{hint}），按原样保留为 {iri}",
        f"'{raw}' is no known role (party-leader, gov-leader, leadership-member, "
        f"lower-level-leader); kept as {iri}",
    )


def count_term(raw: str) -> Interpreted:
    """An xsd:nonNegativeInteger when the cell is a whole number, else the text as written."""
    if raw.isdecimal():
        digits = "".join(str(unicodedata.decimal(char)) for char in raw).lstrip("0") or "0"
        return Literal(digits, datatype=XSD.nonNegativeInteger), None
    return Literal(raw), (
        f"人数“{raw}”不是整数，按文字保留",
        f"the count '{raw}' is no whole number; kept as text",
    )


def text_term(raw: str) -> Interpreted:
    """Free text (activity, note) in Chinese, as written."""
    return Literal(raw, lang="zh"), None


def _role_key(text: str) -> str:
    return "".join(text.split()).lower()


@lru_cache(maxsize=1)
def _roles() -> tuple[dict[str, URIRef], str]:
    """Every notation, label and alternative label of the roles scheme, and a hint listing them."""
    from ..graph.files import parse_file

    schemes = parse_file(next(p for p in ontology_files() if p.name == "schemes.ttl"))
    names: dict[str, URIRef] = {}
    for role in schemes.subjects(SKOS.inScheme, DG.roles):
        for predicate in (SKOS.notation, SKOS.prefLabel, SKOS.altLabel, RDFS.label):
            for value in schemes.objects(role, predicate):
                names[_role_key(str(value))] = role  # type: ignore[assignment]
    hint = ", ".join(
        f"{schemes.value(role, SKOS.notation)} {_zh(schemes, role)}" for role in _ROLE_ORDER
    )
    return names, hint


def _zh(graph, role: URIRef) -> str:
    labels = [
        v for v in graph.objects(role, SKOS.prefLabel) if getattr(v, "language", None) == "zh"
    ]
    return str(labels[0]) if labels else ""


def _ill_typed(lexical: str, datatype: URIRef) -> Literal:
    """Literal(lexical, datatype) without rdflib logging a traceback for the bad lexical form."""
    logger = logging.getLogger("rdflib.term")
    previous = logger.disabled
    logger.disabled = True
    try:
        return Literal(lexical, datatype=datatype)
    finally:
        logger.disabled = previous
