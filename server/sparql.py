"""/sparql: the SPARQL 1.1 Protocol endpoint (query only) and its service description."""

from __future__ import annotations

from flask import Blueprint, Response, request
from rdflib import RDF, BNode, Graph, Literal, Namespace, URIRef

from dutygraph import __version__
from dutygraph.sparql.resultformats import GRAPH_FORMATS, TABLE_FORMATS

from .guarded import evaluate
from .negotiation import choose_format
from .protocol import query_request
from .state import current_state

sparql = Blueprint("sparql", __name__)
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS_NS = Namespace("http://www.w3.org/ns/formats/")
_FORMAT_IRIS = {
    "json": "SPARQL_Results_JSON",
    "xml": "SPARQL_Results_XML",
    "csv": "SPARQL_Results_CSV",
    "tsv": "SPARQL_Results_TSV",
    "ttl": "Turtle",
    "nt": "N-Triples",
    "jsonld": "JSON-LD",
    "rdfxml": "RDF_XML",
}


@sparql.route("/sparql", methods=["GET", "POST"])
def endpoint() -> Response:
    """Run a query, or describe the service when no query is given."""
    query, params = query_request(request)
    if query is None:
        return service_description(params)
    body, fmt = evaluate(query, params)
    return Response(body, mimetype=fmt.media_type, headers={"Cache-Control": "no-store"})


def service_description(params: list[tuple[str, str]]) -> Response:
    """The sd: description of this endpoint, in Turtle (or another RDF format by Accept)."""
    state = current_state()
    graph = Graph()
    graph.bind("sd", SD)
    graph.bind("formats", FORMATS_NS)
    service = URIRef(request.base_url)
    graph.add((service, RDF.type, SD.Service))
    graph.add((service, SD.endpoint, service))
    graph.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    graph.add((service, SD.feature, SD.UnionDefaultGraph))
    for fmt in (*TABLE_FORMATS, *GRAPH_FORMATS):
        graph.add((service, SD.resultFormat, FORMATS_NS[_FORMAT_IRIS[fmt.key]]))
    dataset = BNode()
    graph.add((service, SD.defaultDataset, dataset))
    graph.add((dataset, RDF.type, SD.Dataset))
    default = BNode()
    graph.add((dataset, SD.defaultGraph, default))
    graph.add((default, RDF.type, SD.Graph))
    for name in state.engine.graph_names:
        node = BNode()
        graph.add((dataset, SD.namedGraph, node))
        graph.add((node, RDF.type, SD.NamedGraph))
        graph.add((node, SD.name, name))
    graph.add(
        (
            service,
            URIRef("http://purl.org/dc/terms/description"),
            Literal(f"dutygraph {__version__}, read-only, engine {state.engine.kind}", lang="en"),
        )
    )
    fmt = choose_format(request, params, "CONSTRUCT")
    return Response(graph.serialize(format=fmt.writer, encoding="utf-8"), mimetype=fmt.media_type)
