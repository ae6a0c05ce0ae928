"""Turn each `dtkg:quote` into a Web Annotation with quote and position selectors."""
from __future__ import annotations

import hashlib
from collections.abc import Sequence

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import PROV, XSD

from .errors import SourceError
from .namespaces import DTKG, ID, OA
from .privacy import clipped_context
from .sources import FactFile

CONTEXT = 32  # characters of prefix and suffix kept, as hypothes.is does, to re-anchor a moved quote


def evidence_iri(source_id: str, node: URIRef, quote: str) -> URIRef:
    digest = hashlib.sha1(f"{node}\n{quote}".encode()).hexdigest()[:12]
    return ID[f"evidence/{source_id}-{digest}"]


def annotate(fact: FactFile, private_names: Sequence[str] = ()) -> Graph:
    """Annotations for every quote in the file; the quote triples themselves are removed. The context
    kept around a quote stops short of any private citizen's name (`privacy.py`)."""
    out = Graph()
    spans = _source_spans(fact)
    for node, quote in sorted(fact.graph.subject_objects(DTKG.quote)):
        exact = str(quote)
        start = fact.text.find(exact)
        if not exact.strip() or start < 0:
            raise SourceError(
                fact.path, f"quote not found in {fact.local_copy.name}: «{exact[:80]}»", line=fact.line_of(exact)
            )
        end = start + len(exact)
        ann = evidence_iri(fact.source_id, node, exact)
        target, by_quote, by_position = URIRef(ann + "#target"), URIRef(ann + "#quote"), URIRef(ann + "#position")
        out.add((ann, RDF.type, OA.Annotation))
        out.add((ann, OA.hasBody, node))
        out.add((ann, OA.motivatedBy, OA.describing))
        out.add((ann, OA.hasTarget, target))
        out.add((target, RDF.type, OA.SpecificResource))
        out.add((target, OA.hasSource, fact.source))
        out.add((target, OA.hasSelector, by_quote))
        out.add((target, OA.hasSelector, by_position))
        out.add((by_quote, RDF.type, OA.TextQuoteSelector))
        out.add((by_quote, OA.exact, Literal(exact)))
        prefix, suffix = clipped_context(fact.text, start, end, CONTEXT, private_names)
        out.add((by_quote, OA.prefix, Literal(prefix)))
        out.add((by_quote, OA.suffix, Literal(suffix)))
        out.add((by_position, RDF.type, OA.TextPositionSelector))
        out.add((by_position, OA.start, Literal(start, datatype=XSD.nonNegativeInteger)))
        out.add((by_position, OA.end, Literal(end, datatype=XSD.nonNegativeInteger)))
        out.add((ann, PROV.wasQuotedFrom, _quoted_from(fact, node, start, end, spans)))
        fact.graph.remove((node, DTKG.quote, quote))
    return out


def _source_spans(fact: FactFile) -> dict[URIRef, tuple[int, int]]:
    """The stretch of the local copy each source of the file quotes itself from (a dated item listed
    inside an article, such as article 003's related news, quotes its own headline and teaser)."""
    spans: dict[URIRef, tuple[int, int]] = {}
    for source, quote in fact.graph.subject_objects(DTKG.quote):
        start = fact.text.find(str(quote))
        if start < 0 or (source, RDF.type, PROV.Entity) not in fact.graph:
            continue
        a, b = spans.get(source, (start, start + len(quote)))
        spans[source] = (min(a, start), max(b, start + len(quote)))
    return spans


def _quoted_from(fact: FactFile, node: URIRef, start: int, end: int, spans: dict) -> URIRef:
    """The article this one quote comes from: the node's only source, or, for a node with several, the
    one whose own quoted stretch contains the quote (so a quote is never credited to another article)."""
    sources = set(fact.graph.objects(node, PROV.wasDerivedFrom)) or {fact.source}
    if len(sources) == 1:
        return next(iter(sources))
    for source in sorted(sources):
        a, b = spans.get(source, (-1, -1))
        if a <= start and end <= b:
            return source
    return fact.source


def stamp_derivation(fact: FactFile) -> None:
    """Every typed node of the file that names no source of its own derives from the file's source."""
    for node in set(fact.graph.subjects(RDF.type)):
        if node != fact.source and isinstance(node, URIRef) and (node, PROV.wasDerivedFrom, None) not in fact.graph:
            fact.graph.add((node, PROV.wasDerivedFrom, fact.source))
