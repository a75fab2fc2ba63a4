"""Mappings from the parser's plain words to ontology terms, and the prefixes we write.

Why separate: the parser and classifier stay free of RDF, and every module that writes or
reads the graph uses the same mapping (one place to change a class).
"""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from .namespace import DG, DOC, ELI, GRAPH, ORG, SOURCE, TIME

KIND_CLASS: dict[str, URIRef] = {
    "section": DG.Section,
    "role": DG.RoleSection,
    "principle": DG.Principle,
    "general": DG.GeneralDuty,
    "group": DG.DutyGroup,
    "measure": DG.Measure,
    "discipline": DG.DisciplineRequirement,
    "item": DG.Item,
}
ROLE_TERMS: dict[str, URIRef] = {"party": DG.partyLeader, "gov": DG.govLeader}
# the activity kinds of requirements.ACTIVITY_WORDS, as concepts of ontology/schemes.ttl
ACTIVITY_TERMS: dict[str, URIRef] = {
    "meeting": DG.meeting,
    "lecture": DG.lecture,
    "report": DG.report,
    "publication": DG.publication,
    "campaign": DG.campaign,
}
# the addressees of requirements.ADDRESSEE_WORDS, as concepts of ontology/schemes.ttl
ADDRESSEE_TERMS: dict[str, URIRef] = {
    "townPartyCommittee": DG.townPartyCommittee,
    "townCongress": DG.townCongress,
    "higherGovernment": DG.higherGovernment,
    "higherInspection": DG.higherInspection,
}

PREFIXES = {
    "dg": URIRef(str(DG)),
    "doc": URIRef(str(DOC)),
    "graph": URIRef(str(GRAPH)),
    "src": URIRef(str(SOURCE)),
    "dct": URIRef(str(DCTERMS)),
    "prov": URIRef(str(PROV)),
    "rdf": URIRef(str(RDF)),
    "rdfs": URIRef(str(RDFS)),
    "owl": URIRef(str(OWL)),
    "skos": URIRef(str(SKOS)),
    "xsd": URIRef(str(XSD)),
    "eli": URIRef(str(ELI)),
    "org": URIRef(str(ORG)),
    "time": URIRef(str(TIME)),
}


def bind_prefixes(graph: Graph) -> Graph:
    """Bind our prefixes (replacing rdflib's defaults) so output and queries read alike."""
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True, replace=True)
    return graph
