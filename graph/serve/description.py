"""The SPARQL 1.1 Service Description of the endpoint (what it supports, its graphs and their sizes)."""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, URIRef

from ..namespaces import RDF, SD, VOID, XSD

__all__ = ["service_description"]


def service_description(endpoint_url: str, graph_sizes: dict[str, int], *, allow_service: bool) -> bytes:
    """A SPARQL 1.1 Service Description of this endpoint, in Turtle."""
    import pyoxigraph as ox

    g = Graph()
    g.bind("sd", SD)
    g.bind("void", VOID)
    svc = URIRef(endpoint_url)
    g.add((svc, RDF.type, SD.Service))
    g.add((svc, SD.endpoint, svc))
    g.add((svc, SD.supportedLanguage, SD.SPARQL11Query))
    g.add((svc, SD.feature, SD.UnionDefaultGraph))
    if allow_service:
        g.add((svc, SD.feature, SD.BasicFederatedQuery))
    for fmt in (
        *(
            f
            for f in (
                ox.QueryResultsFormat.JSON,
                ox.QueryResultsFormat.XML,
                ox.QueryResultsFormat.CSV,
                ox.QueryResultsFormat.TSV,
            )
        ),
        ox.RdfFormat.TURTLE,
        ox.RdfFormat.N_TRIPLES,
        ox.RdfFormat.JSON_LD,
        ox.RdfFormat.RDF_XML,
    ):
        # pyoxigraph names JSON-LD .../ns/formats/data/JSON-LD; the W3C registry says .../ns/formats/JSON-LD
        g.add(
            (
                svc,
                SD.resultFormat,
                URIRef(
                    fmt.iri.replace("https://www.w3.org/ns/formats/data/", "http://www.w3.org/ns/formats/")
                ),
            )
        )
    dataset, default = BNode(), BNode()
    g.add((svc, SD.defaultDataset, dataset))
    g.add((dataset, RDF.type, SD.Dataset))
    g.add((dataset, SD.defaultGraph, default))
    g.add((default, RDF.type, SD.Graph))
    # The default graph is the union of all graphs; "" counts the triples of the store's own default graph.
    g.add((default, VOID.triples, Literal(sum(graph_sizes.values()), datatype=XSD.integer)))
    for name, size in sorted((n, s) for n, s in graph_sizes.items() if n):
        named, inner = BNode(), BNode()
        g.add((dataset, SD.namedGraph, named))
        g.add((named, RDF.type, SD.NamedGraph))
        g.add((named, SD.name, URIRef(name)))
        g.add((named, SD.graph, inner))
        g.add((inner, RDF.type, SD.Graph))
        g.add((inner, VOID.triples, Literal(size, datatype=XSD.integer)))
    return g.serialize(format="turtle").encode()
