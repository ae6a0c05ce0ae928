"""One table of formats: name ↔ suffix ↔ media type ↔ engine names, for RDF graphs, SPARQL result
sets and the pages' own representations (HTML, JSON, CSV); the other names clients use for them;
and which writers abbreviate IRIs with the dtkg prefixes. Negotiation (server/negotiation.py) and
every writer read these tables and nothing else."""
from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from .namespaces import PREFIXES


@dataclass(frozen=True)
class RdfFormat:
    name: str
    suffix: str
    media_type: str
    oxigraph: ox.RdfFormat
    quads: bool  # can carry named graphs
    prefixed: bool  # the writer abbreviates IRIs with the dtkg prefixes


# In order of preference when a client does not care.
RDF_FORMATS: tuple[RdfFormat, ...] = (
    RdfFormat("turtle", ".ttl", "text/turtle", ox.RdfFormat.TURTLE, False, True),
    RdfFormat("ntriples", ".nt", "application/n-triples", ox.RdfFormat.N_TRIPLES, False, False),
    RdfFormat("jsonld", ".jsonld", "application/ld+json", ox.RdfFormat.JSON_LD, True, False),
    RdfFormat("rdfxml", ".rdf", "application/rdf+xml", ox.RdfFormat.RDF_XML, False, True),
    RdfFormat("trig", ".trig", "application/trig", ox.RdfFormat.TRIG, True, True),
    RdfFormat("nquads", ".nq", "application/n-quads", ox.RdfFormat.N_QUADS, True, False),
)

RESULT_FORMATS: dict[str, tuple[str, ox.QueryResultsFormat]] = {
    "json": ("application/sparql-results+json", ox.QueryResultsFormat.JSON),
    "xml": ("application/sparql-results+xml", ox.QueryResultsFormat.XML),
    "csv": ("text/csv", ox.QueryResultsFormat.CSV),
    "tsv": ("text/tab-separated-values", ox.QueryResultsFormat.TSV),
}

DUMP_FORMATS = ("nquads", "trig", "turtle", "ntriples", "jsonld")  # the files of /dumps, in this order

# name → media type, in order of preference.
RESULT_TYPES: dict[str, str] = {name: media for name, (media, _) in RESULT_FORMATS.items()}
GRAPH_TYPES: dict[str, str] = {f.name: f.media_type for f in RDF_FORMATS}
# The pages' own representations besides RDF: name → (media type, URL suffix).
PAGE_FORMATS: dict[str, tuple[str, str]] = {
    "html": ("text/html", ".html"), "json": ("application/json", ".json"), "csv": ("text/csv", ".csv"),
}

# Other media types clients send → the media types they may stand for, the first one offered wins
# (application/json is a page's JSON twin, a SPARQL JSON result or JSON-LD, whichever is offered).
MEDIA_ALIASES: dict[str, tuple[str, ...]] = {
    "application/json": ("application/json", "application/sparql-results+json", "application/ld+json"),
    "application/xml": ("application/sparql-results+xml", "application/rdf+xml"),
    "text/xml": ("application/sparql-results+xml", "application/rdf+xml"),
    "text/tsv": ("text/tab-separated-values",),
    "application/xhtml+xml": ("text/html",),
    "application/x-turtle": ("text/turtle",), "text/n3": ("text/turtle",),
    "text/plain": ("application/n-triples",), "application/rdf+json": ("application/ld+json",),
    "application/x-trig": ("application/trig",), "text/x-nquads": ("application/n-quads",),
}
# What a POST to /sparql may carry: a query as the body, or a form with query=….
QUERY_BODY_TYPES = ("application/sparql-query", "application/x-www-form-urlencoded")
# The actor network's exports for graph tools (Gephi, yEd): name → media type.
NETWORK_FORMATS = {"graphml": "application/graphml+xml", "gexf": "application/gexf+xml"}
# Names a `format=` parameter may use besides the table names and media types.
RESULT_NAMES = {"srj": "json", "srx": "xml", "sparql-results+json": "json"}
GRAPH_NAMES = {"ttl": "turtle", "nt": "ntriples", "n-triples": "ntriples", "json-ld": "jsonld", "json": "jsonld",
               "xml": "rdfxml", "rdf": "rdfxml", "rdf/xml": "rdfxml", "nq": "nquads", "n-quads": "nquads", "n3": "turtle"}


# name → media type, in order of preference when the client does not care.
RESULT_TYPES: dict[str, str] = {name: media for name, (media, _) in RESULT_FORMATS.items()}
GRAPH_TYPES: dict[str, str] = {f.name: f.media_type for f in RDF_FORMATS}


def by_name(name: str) -> RdfFormat:
    for fmt in RDF_FORMATS:
        if fmt.name == name:
            return fmt
    raise KeyError(f"unknown RDF format {name!r}; known: {', '.join(f.name for f in RDF_FORMATS)}")


def by_suffix(suffix: str) -> RdfFormat | None:
    suffix = suffix.lower()
    aliases = {".n3": ".ttl", ".json": ".jsonld", ".owl": ".rdf", ".xml": ".rdf", ".nquads": ".nq"}
    suffix = aliases.get(suffix, suffix)
    return next((f for f in RDF_FORMATS if f.suffix == suffix), None)


def by_media_type(media_type: str) -> RdfFormat | None:
    return next((f for f in RDF_FORMATS if f.media_type == media_type), None)


def writer_options(fmt: RdfFormat, prefixes: dict[str, str] = PREFIXES) -> dict:
    """Keyword arguments for pyoxigraph's writers: the prefixes (the dtkg ones unless told) where the
    format abbreviates IRIs."""
    return {"prefixes": prefixes} if fmt.prefixed else {}
