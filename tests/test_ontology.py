"""The ontology files: version, documentation, typing, alignments and OWL 2 RL consistency.

Why: the ontology is the contract the importer, the shapes and the queries are written against;
these tests keep its metadata in step with the package, keep every term documented in both
languages, keep alignments one-directional and explained, and prove that the reasoner check
used over ontology + data would notice an inconsistency.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, SKOS, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS

import dutygraph
from dutygraph.namespace import DG, DOC, ELI, ONTOLOGY_IRI
from dutygraph.resources import ontology_files
from tests.owl_checks import rl_closure, rl_problems

DG_NS = str(DG._NS)
TERM_NAMES = sorted(name for name in DG.__annotations__ if not name.startswith("_"))
PROPERTY_TYPES = (OWL.ObjectProperty, OWL.DatatypeProperty)
TERM_KINDS = (*PROPERTY_TYPES, SKOS.ConceptScheme, SKOS.Concept)
DECLARATION_TYPES = {
    OWL.Class,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
    RDFS.Datatype,
}
# Not rdflib's XSD namespace: it warns on unknown attributes, which pytest's collection probes.
XSD_NS = "http://www.w3.org/2001/XMLSchema#"
FORBIDDEN_PREDICATES = (OWL.equivalentClass, OWL.equivalentProperty, OWL.sameAs, OWL.imports)
EXPECTED_DISJOINT = [
    {DG.Principle, DG.Duty, DG.Section},
    {DG.GeneralDuty, DG.DutyGroup, DG.Measure, DG.DisciplineRequirement},
    {DG.LegalDocument, DG.Provision},
    {DG.MinimumCountRequirement, DG.DeadlineRequirement, DG.FixedDateRequirement},
]


def _is_ours(term: object) -> bool:
    return isinstance(term, URIRef) and str(term).startswith(DG_NS)


def _file(name: str) -> Path:
    matches = [p for p in ontology_files() if p.name == name]
    assert matches, f"ontology/{name} not found"
    return matches[0]


@pytest.fixture(scope="module")
def ontology() -> Graph:
    graph = Graph()
    for path in ontology_files():
        graph.parse(path)
    return graph


@pytest.fixture(scope="module")
def alignments() -> Graph:
    return Graph().parse(_file("alignments.ttl"))


# --- version and header ---------------------------------------------------------------------


def test_version_matches_package(ontology: Graph) -> None:
    assert set(ontology.subjects(RDF.type, OWL.Ontology)) == {ONTOLOGY_IRI}
    assert ontology.value(ONTOLOGY_IRI, OWL.versionInfo) == Literal(dutygraph.__version__)
    version_iri = ontology.value(ONTOLOGY_IRI, OWL.versionIRI)
    assert version_iri == URIRef(f"{ONTOLOGY_IRI}/{dutygraph.__version__}")
    assert str(version_iri).rsplit("/", 1)[1] == dutygraph.__version__


def test_ontology_iri_is_versionless() -> None:
    assert dutygraph.__version__ not in str(ONTOLOGY_IRI)
    assert str(ONTOLOGY_IRI) == "https://w3id.org/dutygraph/ontology"


@pytest.mark.parametrize("predicate", [DCTERMS.title, DCTERMS.description])
def test_header_text_in_both_languages(ontology: Graph, predicate: URIRef) -> None:
    languages = {o.language for o in ontology.objects(ONTOLOGY_IRI, predicate)}
    assert languages == {"zh", "en"}, f"{predicate.n3()} languages: {languages}"


def test_header_license_and_creator(ontology: Graph) -> None:
    assert isinstance(ontology.value(ONTOLOGY_IRI, DCTERMS.license), URIRef)
    assert ontology.value(ONTOLOGY_IRI, DCTERMS.creator) == Literal("dutygraph developers")


# --- every term documented in zh and en -----------------------------------------------------


@pytest.mark.parametrize("name", TERM_NAMES)
@pytest.mark.parametrize("predicate", [RDFS.label, SKOS.definition], ids=["label", "definition"])
def test_term_is_documented_in_zh_and_en(ontology: Graph, name: str, predicate: URIRef) -> None:
    values = list(ontology.objects(DG._NS[name], predicate))
    languages = sorted(str(v.language) for v in values if isinstance(v, Literal))
    assert languages == ["en", "zh"], f"dg:{name} {predicate.n3()} languages: {languages}"
    assert all(str(v).strip() for v in values), f"dg:{name} has an empty {predicate.n3()}"


# --- concept schemes ------------------------------------------------------------------------


def _concepts() -> list[str]:
    graph = Graph().parse(_file("schemes.ttl"))
    return sorted(
        str(s).removeprefix(DG_NS) for s in graph.subjects(RDF.type, SKOS.Concept) if _is_ours(s)
    )


@pytest.mark.parametrize("name", _concepts())
def test_concept_is_complete(ontology: Graph, name: str) -> None:
    concept = DG._NS[name]
    dg_classes = [c for c in ontology.objects(concept, RDF.type) if _is_ours(c)]
    assert len(dg_classes) == 1, f"dg:{name} should have one dg class, has {dg_classes}"
    pref = sorted(str(v.language) for v in ontology.objects(concept, SKOS.prefLabel))
    assert pref == ["en", "zh"], f"dg:{name} skos:prefLabel languages: {pref}"
    notation = ontology.value(concept, SKOS.notation)
    assert notation is not None and str(notation).isascii(), f"dg:{name} needs an ASCII notation"
    scheme = ontology.value(concept, SKOS.inScheme)
    assert (scheme, RDF.type, SKOS.ConceptScheme) in ontology, f"dg:{name} has no scheme"
    # A concept is a top concept of its scheme unless it sits below another one (levels).
    top = (concept, SKOS.topConceptOf, scheme) in ontology
    below = any(
        (b, SKOS.inScheme, scheme) in ontology for b in ontology.objects(concept, SKOS.broader)
    )
    assert top != below, f"dg:{name} must be either a top concept or have a broader concept"
    assert top == ((scheme, SKOS.hasTopConcept, concept) in ontology), f"dg:{name} hasTopConcept"
    dg_class = dg_classes[0]
    members = {c for c in ontology.subjects(RDF.type, dg_class) if c != concept}
    siblings = {ontology.value(c, SKOS.notation) for c in members}
    assert notation not in siblings, f"dg:{name} notation {notation} is not unique in its class"


def test_levels_form_a_chain(ontology: Graph) -> None:
    chain, level = [], DG.township
    while level is not None:
        chain.append(level)
        level = ontology.value(level, SKOS.broader)
    assert chain == [DG.township, DG.district, DG.municipal, DG.provincial, DG.central]


# --- typing, domains and ranges -------------------------------------------------------------


def _ours_typed(graph: Graph, kinds: Iterable[URIRef]) -> set[URIRef]:
    return {s for kind in kinds for s in graph.subjects(RDF.type, kind) if _is_ours(s)}


def test_every_term_has_one_kind(ontology: Graph) -> None:
    """Each dg term is exactly one of: class, object property, datatype property, concept
    scheme, concept; so OWL 2 typing is complete and no IRI is punned."""
    kinds = (*TERM_KINDS, OWL.Class)
    wrong = {
        name: found
        for name in TERM_NAMES
        if len(found := [k.n3() for k in kinds if (DG._NS[name], RDF.type, k) in ontology]) != 1
    }
    assert not wrong, f"terms without exactly one kind: {wrong}"


def test_every_property_has_a_range(ontology: Graph) -> None:
    properties = _ours_typed(ontology, PROPERTY_TYPES)
    assert properties, "no properties found"
    missing = sorted(str(p) for p in properties if ontology.value(p, RDFS.range) is None)
    assert not missing, f"properties without rdfs:range: {missing}"


def test_datatype_ranges_are_datatypes(ontology: Graph) -> None:
    wrong = {
        (p, r)
        for p in _ours_typed(ontology, [OWL.DatatypeProperty])
        for r in ontology.objects(p, RDFS.range)
        if not (str(r).startswith(XSD_NS) or r == RDF.langString)
    }
    assert not wrong, f"datatype properties whose range is not a datatype: {sorted(wrong)}"


def _declared_class(graph: Graph, term: object) -> bool:
    """A named class declared owl:Class, or an anonymous union of such classes."""
    if isinstance(term, BNode):
        union = graph.value(term, OWL.unionOf)
        return union is not None and all(
            _declared_class(graph, m) for m in Collection(graph, union)
        )
    return (term, RDF.type, OWL.Class) in graph


def test_class_expressions_refer_to_declared_classes(ontology: Graph) -> None:
    """OWL 2 typing is complete: every class used in a domain, an object property's range or a
    subclass axiom is declared (external ones beside their use, e.g. in alignments.ttl)."""
    object_properties = _ours_typed(ontology, [OWL.ObjectProperty])
    used = [(p, RDFS.domain, o) for p, o in ontology.subject_objects(RDFS.domain) if _is_ours(p)]
    used += [(p, RDFS.range, o) for p in object_properties for o in ontology.objects(p, RDFS.range)]
    used += [(c, RDFS.subClassOf, o) for c, o in ontology.subject_objects(RDFS.subClassOf)]
    undeclared = [t for t in used if not _declared_class(ontology, t[2])]
    assert not undeclared, f"undeclared classes: {undeclared}"


@pytest.mark.parametrize("members", EXPECTED_DISJOINT, ids=lambda m: "-".join(sorted(m))[:60])
def test_disjointness_axiom_present(ontology: Graph, members: set[URIRef]) -> None:
    groups = [
        set(Collection(ontology, lst))
        for node in ontology.subjects(RDF.type, OWL.AllDisjointClasses)
        for lst in ontology.objects(node, OWL.members)
    ]
    assert members in groups


def test_provision_key(ontology: Graph) -> None:
    key = ontology.value(DG.Provision, OWL.hasKey)
    assert key is not None and list(Collection(ontology, key)) == [DG.inDocument, DG.code]
    assert (DG.inDocument, RDF.type, OWL.FunctionalProperty) in ontology


# --- alignments -----------------------------------------------------------------------------


def _axiom_comment(graph: Graph, s: URIRef, p: URIRef, o: URIRef) -> Literal | None:
    for axiom in graph.subjects(OWL.annotatedSource, s):
        if (axiom, OWL.annotatedProperty, p) in graph and (axiom, OWL.annotatedTarget, o) in graph:
            comment = graph.value(axiom, RDFS.comment)
            if isinstance(comment, Literal) and comment.language == "en" and str(comment).strip():
                return comment
    return None


def test_alignments_only_subclass_and_subproperty(alignments: Graph) -> None:
    axioms = set(alignments.subjects(RDF.type, OWL.Axiom))
    unexpected = []
    for s, p, o in alignments:
        if s in axioms:
            continue  # checked in test_every_alignment_is_explained
        if p == RDF.type and o in DECLARATION_TYPES and not _is_ours(s):
            continue  # a declaration of an external term
        if p in (RDFS.subClassOf, RDFS.subPropertyOf) and _is_ours(s) and not _is_ours(o):
            continue
        unexpected.append((s, p, o))
    assert not unexpected, f"alignments.ttl may only align and declare: {unexpected}"


def test_every_alignment_is_explained(alignments: Graph) -> None:
    aligned = [
        (s, p, o)
        for p in (RDFS.subClassOf, RDFS.subPropertyOf)
        for s, o in alignments.subject_objects(p)
    ]
    assert aligned, "no alignments found"
    unexplained = [t for t in aligned if _axiom_comment(alignments, *t) is None]
    assert not unexplained, f"alignments without an owl:Axiom rdfs:comment@en: {unexplained}"
    for axiom in alignments.subjects(RDF.type, OWL.Axiom):
        triple = tuple(
            alignments.value(axiom, p)
            for p in (OWL.annotatedSource, OWL.annotatedProperty, OWL.annotatedTarget)
        )
        assert triple in alignments, f"axiom annotation of an unasserted triple: {triple}"


def test_aligned_external_terms_are_declared_consistently(alignments: Graph) -> None:
    """External targets are declared with the kind of term they are aligned to, and every
    declaration is used by an alignment (no statements about unused external terms)."""
    datatype_properties = _ours_typed(Graph().parse(_file("dutygraph.ttl")), [OWL.DatatypeProperty])
    expected: dict[URIRef, URIRef] = {}
    for o in alignments.objects(None, RDFS.subClassOf):
        expected[o] = OWL.Class
    for s, o in alignments.subject_objects(RDFS.subPropertyOf):
        expected[o] = OWL.DatatypeProperty if s in datatype_properties else OWL.ObjectProperty
    declared = {s: o for s, o in alignments.subject_objects(RDF.type) if not _is_ours(s)}
    declared = {s: o for s, o in declared.items() if o in DECLARATION_TYPES}
    assert declared == expected


@pytest.mark.parametrize("path", ontology_files(), ids=lambda p: p.name)
def test_no_equivalence_sameas_or_imports(path: Path) -> None:
    graph = Graph().parse(path)
    found = [(s, p, o) for p in FORBIDDEN_PREDICATES for s, o in graph.subject_objects(p)]
    assert not found, f"{path.name} must not use {', '.join(p.n3() for p in FORBIDDEN_PREDICATES)}"


# --- OWL 2 RL consistency -------------------------------------------------------------------


def test_ontology_is_rl_consistent(ontology: Graph) -> None:
    size = len(ontology)
    assert rl_problems(ontology) == []
    assert len(ontology) == size, "rl_problems must not change its input"


def test_reasoning_keeps_asserted_apart(ontology: Graph) -> None:
    asserted, inferred = rl_closure(ontology)
    assert len(inferred) > 0
    assert not set(inferred) & set(asserted)
    # Needs Measure ⊑ Provision, itself inferred: proves the rules read the inferred graph too.
    assert (DG.Measure, RDFS.subClassOf, ELI.LegalResourceSubdivision) in inferred


def _with(ontology: Graph, triples: Iterable[tuple[URIRef, URIRef, object]]) -> Graph:
    graph = Graph()
    graph += ontology
    for triple in triples:
        graph.add(triple)
    return graph


def _provision(iri: URIRef, document: URIRef, code: str) -> list[tuple[URIRef, URIRef, object]]:
    return [
        (iri, RDF.type, DG.Measure),
        (iri, DG.inDocument, document),
        (iri, DG.code, Literal(code)),
    ]


A, B = DOC["test/party-21"], DOC["test/party-21-bis"]
DOCUMENT = DOC["test"]


def test_disjoint_classes_are_detected(ontology: Graph) -> None:
    problems = rl_problems(
        _with(ontology, [(A, RDF.type, DG.Measure), (A, RDF.type, DG.DutyGroup)])
    )
    assert any("Disjoint classes" in p and str(A) in p for p in problems), problems


def test_disjointness_is_inherited(ontology: Graph) -> None:
    problems = rl_problems(
        _with(ontology, [(A, RDF.type, DG.Measure), (A, RDF.type, DG.RoleSection)])
    )
    assert any("Disjoint classes" in p and str(A) in p for p in problems), problems


def test_duplicate_key_merges_provisions(ontology: Graph) -> None:
    data = _provision(A, DOCUMENT, "party-21") + _provision(B, DOCUMENT, "party-21")
    problems = rl_problems(_with(ontology, data))
    assert problems == [f"merged (owl:sameAs): {A.n3()} = {B.n3()}"]


def test_distinct_codes_are_not_merged(ontology: Graph) -> None:
    """Regression: owlrl's prp-key ignores the last key property (see tests/owl_checks.py)."""
    data = _provision(A, DOCUMENT, "party-21") + _provision(B, DOCUMENT, "party-22")
    assert rl_problems(_with(ontology, data)) == []


def test_same_code_in_other_document_is_not_merged(ontology: Graph) -> None:
    data = _provision(A, DOCUMENT, "party-21") + _provision(B, DOC["other"], "party-21")
    assert rl_problems(_with(ontology, data)) == []


def test_two_documents_of_one_provision_are_merged(ontology: Graph) -> None:
    other = DOC["other"]
    problems = rl_problems(
        _with(ontology, [(A, DG.inDocument, DOCUMENT), (A, DG.inDocument, other)])
    )
    first, second = sorted((DOCUMENT, other), key=str)
    assert problems == [f"merged (owl:sameAs): {first.n3()} = {second.n3()}"]


def test_invalid_literal_is_detected(ontology: Graph) -> None:
    bad = Literal("-1", datatype=URIRef(XSD_NS + "nonNegativeInteger"))
    problems = rl_problems(_with(ontology, [(A, DG.count, bad)]))
    assert any("does not match its datatype" in p for p in problems), problems
