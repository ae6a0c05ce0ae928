"""The SPARQL 1.1 Service Description of /sparql (answered to GET with no query), in any RDF format.

It states the endpoint, the query languages (no update), every result format, the union default
graph, the named graphs with their sizes, and this server's limits.
"""
from __future__ import annotations

import pyoxigraph as ox

from dtkg.graph.formats import GRAPH_TYPES, RESULT_FORMATS, by_name, writer_options
from dtkg.graph.namespaces import FORMATS, RDF, RDFS, SD as SD_NS, VOID as VOID_NS, XSD as XSD_NS

SD, VOID, XSD, W3C_FORMATS = str(SD_NS), str(VOID_NS), str(XSD_NS), str(FORMATS)
RDF_TYPE = ox.NamedNode(str(RDF.type))
RDFS_COMMENT = ox.NamedNode(str(RDFS.comment))
PREFIXES = {"sd": SD, "void": VOID, "rdfs": str(RDFS), "xsd": XSD, "formats": W3C_FORMATS}  # the writers' own

W3C_NAMES = {"turtle": "Turtle", "ntriples": "N-Triples", "jsonld": "JSON-LD", "rdfxml": "RDF_XML",
             "trig": "TriG", "nquads": "N-Quads"}


def _sd(local: str) -> ox.NamedNode:
    return ox.NamedNode(SD + local)


def _integer(n: int) -> ox.Literal:
    return ox.Literal(str(n), datatype=ox.NamedNode(XSD + "integer"))


def describe(endpoint: str, engine, config) -> list[ox.Triple]:
    """The description as triples; `endpoint` is the absolute URL of /sparql."""
    service, dataset, default = ox.BlankNode(), ox.BlankNode(), ox.BlankNode()
    t = [ox.Triple(service, RDF_TYPE, _sd("Service")),
         ox.Triple(service, _sd("endpoint"), ox.NamedNode(endpoint)),
         ox.Triple(service, _sd("supportedLanguage"), _sd("SPARQL10Query")),
         ox.Triple(service, _sd("supportedLanguage"), _sd("SPARQL11Query")),
         ox.Triple(service, _sd("feature"), _sd("UnionDefaultGraph")),
         ox.Triple(service, _sd("defaultEntailmentRegime"), ox.NamedNode("http://www.w3.org/ns/entailment/Simple"))]
    if config.SERVICE_ALLOWLIST:
        t.append(ox.Triple(service, _sd("feature"), _sd("BasicFederatedQuery")))
    for _, fmt in RESULT_FORMATS.values():
        t.append(ox.Triple(service, _sd("resultFormat"), ox.NamedNode(fmt.iri)))
    for name in GRAPH_TYPES:
        t.append(ox.Triple(service, _sd("resultFormat"), ox.NamedNode(W3C_FORMATS + W3C_NAMES[name])))
    dtkg = config.BASE_IRI + "ontology#"
    limits = [("queryTimeoutSeconds", int(config.QUERY_TIMEOUT or 0)), ("maxResultBytes", config.MAX_RESULT_BYTES),
              ("maxRequestBytes", config.MAX_REQUEST_BYTES)]
    t += [ox.Triple(service, ox.NamedNode(dtkg + name), _integer(value)) for name, value in limits]
    t.append(ox.Triple(service, RDFS_COMMENT, ox.Literal(
        f"Read-only SPARQL 1.1 endpoint: SPARQL Update is refused (403). A query runs for at most "
        f"{config.QUERY_TIMEOUT:g} s (504 past it; send timeout=SECONDS for less); a result larger than "
        f"{config.MAX_RESULT_BYTES} bytes is refused (422); a request larger than {config.MAX_REQUEST_BYTES} "
        f"bytes is refused (413). SERVICE is refused unless allowed ("
        f"{', '.join(config.SERVICE_ALLOWLIST) or 'none allowed'}). Without FROM, default-graph-uri or "
        f"named-graph-uri the default graph is the union of the named graphs.", language="en")))
    t += [ox.Triple(service, _sd("defaultDataset"), dataset),
          ox.Triple(dataset, RDF_TYPE, _sd("Dataset")),
          ox.Triple(dataset, _sd("defaultGraph"), default),
          ox.Triple(default, RDF_TYPE, _sd("Graph")),
          ox.Triple(default, ox.NamedNode(VOID + "triples"), _integer(engine.count()))]
    for name, size in sorted(engine.graph_sizes().items()):
        named, graph = ox.BlankNode(), ox.BlankNode()
        t += [ox.Triple(dataset, _sd("namedGraph"), named),
              ox.Triple(named, RDF_TYPE, _sd("NamedGraph")),
              ox.Triple(named, _sd("name"), ox.NamedNode(name)),
              ox.Triple(named, _sd("graph"), graph),
              ox.Triple(graph, RDF_TYPE, _sd("Graph")),
              ox.Triple(graph, ox.NamedNode(VOID + "triples"), _integer(size))]
    return t


def serialize(triples: list[ox.Triple], name: str) -> tuple[bytes, str]:
    """(bytes, media type) in the RDF format called `name` (graph/formats.py)."""
    fmt = by_name(name)
    data = ox.serialize((ox.Quad(x.subject, x.predicate, x.object) for x in triples) if fmt.quads else triples,
                        format=fmt.oxigraph, **writer_options(fmt, PREFIXES))
    return data, fmt.media_type
