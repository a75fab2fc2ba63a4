"""Words for the ontology's terms in Chinese and English, read from the ontology itself.

Why from the ontology: every class, property and concept already has rdfs:label / skos:prefLabel
in zh and en (tests/test_ontology.py checks); a second, hand-written table would drift. Pages
and the CLI show "具体措施", "细化", "推断" where a class name (Measure), a relation (refines) or an
evidence level (inferred) would otherwise leak into the Chinese view.
"""

from __future__ import annotations

from functools import lru_cache

from rdflib import RDFS, Graph, Literal, URIRef
from rdflib.namespace import SKOS

from ..namespace import DG
from ..resources import ontology_files
from .describe import KIND_ORDER

_KIND_ORDER = (*KIND_ORDER[:-1], "Duty", KIND_ORDER[-1])
"""Most specific first: an item typed Measure, Duty and Item (by reasoning) is a Measure."""


@lru_cache(maxsize=1)
def term_labels() -> dict[str, dict[str, str]]:
    """{local name or notation: {"zh": …, "en": …}} for every dg: term and concept."""
    graph = Graph()
    for path in ontology_files():
        graph.parse(path)
    found: dict[str, dict[str, str]] = {}
    prefix = str(DG._NS)
    for subject in set(graph.subjects()):
        if not (isinstance(subject, URIRef) and str(subject).startswith(prefix)):
            continue
        names = {str(subject)[len(prefix) :]}
        names |= {str(n) for n in graph.objects(subject, SKOS.notation)}
        labels = {}
        for predicate in (SKOS.prefLabel, RDFS.label):
            for label in graph.objects(subject, predicate):
                if isinstance(label, Literal) and label.language in ("zh", "en"):
                    labels.setdefault(label.language, str(label))
        if labels:
            for name in names:
                found.setdefault(name, labels)
    return found


def term(name: str | None, lang: str = "zh") -> str:
    """The word for a term (a local name, a notation or a full dg: IRI); unknown ones as given."""
    if not name:
        return ""
    key = str(name).rsplit("#", 1)[-1]
    labels = term_labels().get(key)
    return labels.get(lang) or labels.get("en") or key if labels else str(name)


def kind_label(kinds: str | list[str], lang: str = "zh") -> str:
    """The most specific dg: class among an item's types, in words (never a class list)."""
    names = kinds.split(", ") if isinstance(kinds, str) else list(kinds)
    for candidate in _KIND_ORDER:
        if candidate in names:
            return term(candidate, lang)
    return term(names[0], lang) if names else ""


def requirement_words(requirement: dict, lang: str = "zh") -> str:
    """A requirement's numbers as a reader says them (每年至少 2 次 · 讲座), not as fields
    (``describe.show`` gives them as ``minimum``, ``deadline``, ``year offset`` …)."""
    zh = lang == "zh"
    parts = [kind_label(requirement.get("kind", ""), lang)]
    if "minimum" in requirement:
        n = requirement["minimum"]
        parts.append(f"每年至少 {n} 次" if zh else f"at least {n} a year")
    if "deadline" in requirement:
        month, day = (int(x) for x in str(requirement["deadline"]).lstrip("-").split("-"))
        later = str(requirement.get("year offset")) == "1"
        parts.append(
            f"{'次年' if later else '当年'}{month}月{day}日前"
            if zh
            else f"by {month}/{day} of the {'next' if later else 'same'} year"
        )
    elif str(requirement.get("year offset")) == "1":
        parts.append("次年" if zh else "in the next year")
    if "fixed date" in requirement:
        month, day = (int(x) for x in str(requirement["fixed date"]).lstrip("-").split("-"))
        parts.append(f"{month}月{day}日前后" if zh else f"around {month}/{day}")
    if "activity" in requirement:
        parts.append(term(requirement["activity"], lang))
    if "addressee" in requirement:
        names = [term(a, lang) for a in str(requirement["addressee"]).split(", ")]
        parts.append(("报送" + "、".join(names)) if zh else "to " + ", ".join(names))
    return " · ".join(p for p in parts if p)
