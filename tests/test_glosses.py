"""Checks on the hand-written English glosses of 牛委字〔2023〕25号.

The importer owns the item nodes; the gloss file may only add dg:gloss literals to them and
describe itself. These tests keep the two in step: every item code the importer mints has exactly
one English gloss, nothing else does (party-23 does not exist in the source), and the gloss
dataset says who wrote it and what it was derived from.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV

GLOSS_FILE = Path(__file__).resolve().parents[1] / "data/glosses/niuxintuo-2023-25.en.ttl"

DG = Namespace("https://w3id.org/dutygraph/ontology#")
DOC_IRI = "https://w3id.org/dutygraph/doc/niuxintuo-2023-25"
ITEM_PREFIX = DOC_IRI + "/"
DATASET = URIRef("https://w3id.org/dutygraph/graph/niuxintuo-2023-25-glosses-en")
MAINTAINERS = URIRef("https://w3id.org/dutygraph/agent/maintainers")
CHINESE_GRAPH = URIRef("https://w3id.org/dutygraph/graph/niuxintuo-2023-25")


def _codes(stem: str, last: int, *, missing: frozenset[int] = frozenset()) -> set[str]:
    """``stem`` + 1..last, e.g. ("party-g", 7) -> party-g1 … party-g7."""
    return {f"{stem}{n}" for n in range(1, last + 1) if n not in missing}


EXPECTED_CODES: set[str] = (
    _codes("section-", 4)
    | _codes("principle-", 6)
    | _codes("general-", 5)
    | {"party", "gov"}
    | _codes("party-g", 7)
    | _codes("gov-g", 7)
    | _codes("party-", 25, missing=frozenset({23}))  # measure (23) is absent from the source
    | _codes("gov-", 28)
    | _codes("discipline-", 4)
)


@pytest.fixture(scope="module")
def graph() -> Graph:
    g = Graph()
    g.parse(GLOSS_FILE, format="turtle")
    return g


@pytest.fixture(scope="module")
def glosses(graph: Graph) -> dict[URIRef, list[Literal]]:
    by_subject: dict[URIRef, list[Literal]] = defaultdict(list)
    for subject, gloss in graph.subject_objects(DG.gloss):
        by_subject[subject].append(gloss)
    return dict(by_subject)


def test_expected_codes_are_what_the_importer_mints() -> None:
    # 4 + 6 + 5 + 2 role sections + 14 groups + 24 party measures + 28 gov measures + 4
    assert len(EXPECTED_CODES) == 87
    assert "party-23" not in EXPECTED_CODES
    assert {"party-g1", "gov-g7", "party-22", "party-24", "party-25", "gov-28"} <= EXPECTED_CODES


def test_every_gloss_is_a_clean_english_literal(glosses: dict[URIRef, list[Literal]]) -> None:
    problems = []
    for subject, values in sorted(glosses.items()):
        if len(values) != 1:
            problems.append(f"{subject}: {len(values)} glosses, expected exactly 1")
        for value in values:
            if not isinstance(value, Literal) or value.language != "en":
                problems.append(f"{subject}: not an @en literal: {value!r}")
                continue
            text = str(value)
            if not text:
                problems.append(f"{subject}: empty gloss")
            if "\n" in text or "\r" in text:
                problems.append(f"{subject}: gloss contains a line break")
            if text != text.strip():
                problems.append(f"{subject}: gloss has leading or trailing whitespace")
    assert not problems, "\n".join(problems)


def test_no_gloss_subject_is_outside_the_document(glosses: dict[URIRef, list[Literal]]) -> None:
    outside = sorted(
        str(s) for s in glosses if not (str(s) == DOC_IRI or str(s).startswith(ITEM_PREFIX))
    )
    assert not outside, f"glosses on subjects outside {DOC_IRI}: {outside}"


def test_the_document_itself_is_glossed(glosses: dict[URIRef, list[Literal]]) -> None:
    assert URIRef(DOC_IRI) in glosses, f"no gloss for the document {DOC_IRI}"


def test_glossed_item_codes_are_exactly_the_expected_set(
    glosses: dict[URIRef, list[Literal]],
) -> None:
    glossed = {str(s).removeprefix(ITEM_PREFIX) for s in glosses if str(s).startswith(ITEM_PREFIX)}
    missing = sorted(EXPECTED_CODES - glossed)
    extra = sorted(glossed - EXPECTED_CODES)
    assert not missing, f"item codes without a gloss: {missing}"
    assert not extra, f"glossed item codes that the importer does not mint: {extra}"


def test_dataset_node_describes_its_provenance(graph: Graph) -> None:
    assert (DATASET, RDF.type, DG.Translation) in graph
    assert (DATASET, RDF.type, PROV.Entity) in graph
    assert (DATASET, PROV.wasAttributedTo, MAINTAINERS) in graph
    assert (DATASET, PROV.wasDerivedFrom, CHINESE_GRAPH) in graph
    descriptions = list(graph.objects(DATASET, DCTERMS.description))
    assert descriptions, "the gloss dataset has no dct:description"
    assert any("not an official translation" in str(d) for d in descriptions)
    assert (MAINTAINERS, RDF.type, PROV.Agent) in graph


# Measurable requirements of the source (domain-notes) must survive glossing unchanged.
@pytest.mark.parametrize(
    ("code", "phrase"),
    [
        ("party-1", "at least once a year"),
        ("party-21", "at least 2 rule-of-law lectures a year"),
        ("party-22", "at least once a year"),
        ("gov-3", "before 1 March each year"),
        ("gov-22", "at least 1 rule-of-law lecture a year"),
        ("gov-24", "Constitution Day"),
        ("party-g1", "leading role"),
    ],
)
def test_gloss_keeps_the_seeds_numbers_and_wording(
    glosses: dict[URIRef, list[Literal]], code: str, phrase: str
) -> None:
    texts = [str(v) for v in glosses.get(URIRef(ITEM_PREFIX + code), [])]
    assert any(phrase in t for t in texts), f"{code}: gloss lacks {phrase!r}: {texts}"


def test_party_g1_does_not_upgrade_leading_role(glosses: dict[URIRef, list[Literal]]) -> None:
    # The seed says 领导作用, not the parent text's 领导核心作用.
    texts = [str(v) for v in glosses.get(URIRef(ITEM_PREFIX + "party-g1"), [])]
    assert texts
    assert not any("core" in t for t in texts)
