"""The closed namespace DG and the ontology files list the same terms.

Why: DG is closed so that a typo raises instead of minting an IRI no query or shape matches; that
only helps if DG itself lists exactly the terms the ontology defines.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, Graph, URIRef

from dutygraph.namespace import DG
from dutygraph.resources import ontology_files

DG_NS = str(DG._NS)
# The files that may define dg: terms; alignments.ttl only relates them to external terms.
DEFINING_FILES = ("dutygraph.ttl", "schemes.ttl")


def namespace_terms() -> set[URIRef]:
    """The IRIs listed in the DG class (its annotated attributes)."""
    return {DG._NS[name] for name in DG.__annotations__ if not name.startswith("_")}


def typed_terms(path: Path) -> set[URIRef]:
    """The dg: IRIs that are the subject of an rdf:type triple in one ontology file."""
    graph = Graph().parse(path)
    return {
        s for s in graph.subjects(RDF.type) if isinstance(s, URIRef) and str(s).startswith(DG_NS)
    }


@pytest.fixture(scope="module")
def terms_by_file() -> dict[str, set[URIRef]]:
    return {path.name: typed_terms(path) for path in ontology_files()}


def _names(terms: set[URIRef]) -> str:
    return ", ".join(sorted(str(t).removeprefix(DG_NS) for t in terms))


def test_ontology_files_are_found(terms_by_file: dict[str, set[URIRef]]) -> None:
    assert set(DEFINING_FILES) <= set(terms_by_file), f"found only {sorted(terms_by_file)}"


def test_namespace_and_ontology_list_the_same_terms(
    terms_by_file: dict[str, set[URIRef]],
) -> None:
    defined = set().union(*terms_by_file.values())
    listed = namespace_terms()
    missing = listed - defined
    extra = defined - listed
    assert not missing, (
        f"in dutygraph/namespace.py DG but not defined in ontology/: {_names(missing)}"
    )
    assert not extra, f"defined in ontology/ but not in dutygraph/namespace.py DG: {_names(extra)}"


def test_each_term_is_defined_in_exactly_one_file(terms_by_file: dict[str, set[URIRef]]) -> None:
    stray = {name: terms for name, terms in terms_by_file.items() if name not in DEFINING_FILES}
    assert not any(stray.values()), {name: _names(t) for name, t in stray.items() if t}
    twice = set.intersection(*(terms_by_file.get(name, set()) for name in DEFINING_FILES))
    assert not twice, f"defined in both {' and '.join(DEFINING_FILES)}: {_names(twice)}"


def test_defined_term_resolves() -> None:
    assert DG.Measure == URIRef("https://w3id.org/dutygraph/ontology#Measure")


def test_undefined_term_raises() -> None:
    with pytest.raises(AttributeError):
        _ = DG.Mesure
