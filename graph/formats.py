"""One table of RDF and result formats: name ↔ suffix ↔ media type ↔ engine names."""
from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox


@dataclass(frozen=True)
class RdfFormat:
    name: str
    suffix: str
    media_type: str
    oxigraph: ox.RdfFormat
    quads: bool  # can carry named graphs


RDF_FORMATS: tuple[RdfFormat, ...] = (
    RdfFormat("turtle", ".ttl", "text/turtle", ox.RdfFormat.TURTLE, False),
    RdfFormat("ntriples", ".nt", "application/n-triples", ox.RdfFormat.N_TRIPLES, False),
    RdfFormat("jsonld", ".jsonld", "application/ld+json", ox.RdfFormat.JSON_LD, True),
    RdfFormat("rdfxml", ".rdf", "application/rdf+xml", ox.RdfFormat.RDF_XML, False),
    RdfFormat("trig", ".trig", "application/trig", ox.RdfFormat.TRIG, True),
    RdfFormat("nquads", ".nq", "application/n-quads", ox.RdfFormat.N_QUADS, True),
)

RESULT_FORMATS: dict[str, tuple[str, ox.QueryResultsFormat]] = {
    "json": ("application/sparql-results+json", ox.QueryResultsFormat.JSON),
    "xml": ("application/sparql-results+xml", ox.QueryResultsFormat.XML),
    "csv": ("text/csv", ox.QueryResultsFormat.CSV),
    "tsv": ("text/tab-separated-values", ox.QueryResultsFormat.TSV),
}


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
