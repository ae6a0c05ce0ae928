"""Choose a response format from a `format` parameter or the `Accept` header (q-values, wildcards).

The offers are names of graph/formats.py tables; the first offer wins ties and a missing Accept.

>>> choose("text/csv;q=0.5, application/sparql-results+xml", ["application/sparql-results+json", "text/csv", "application/sparql-results+xml"])
'application/sparql-results+xml'
>>> choose("*/*;q=0.1, text/*", ["application/sparql-results+json", "text/csv"])
'text/csv'
"""
from __future__ import annotations

from functools import lru_cache

from dtkg.graph.formats import GRAPH_TYPES, RESULT_TYPES

from .errors import BadRequest, NotAcceptable, ProtocolError

# Other media types clients send for the same formats.
RESULT_ALIASES = {
    "application/json": "json", "application/xml": "xml", "text/xml": "xml", "text/tsv": "tsv",
}
GRAPH_ALIASES = {
    "application/x-turtle": "turtle", "text/n3": "turtle", "text/plain": "ntriples",
    "application/json": "jsonld", "application/xml": "rdfxml", "text/xml": "rdfxml",
    "application/x-trig": "trig", "text/x-nquads": "nquads",
}
# Names a `format=` parameter may use besides the table names and media types.
RESULT_NAMES = {"srj": "json", "srx": "xml", "sparql-results+json": "json"}
GRAPH_NAMES = {"ttl": "turtle", "nt": "ntriples", "n-triples": "ntriples", "json-ld": "jsonld", "json": "jsonld",
               "xml": "rdfxml", "rdf": "rdfxml", "rdf/xml": "rdfxml", "nq": "nquads", "n-quads": "nquads", "n3": "turtle"}


def parse_accept(header: str) -> list[tuple[str, str, float]]:
    """`Accept` as (type, subtype, q) ranges; entries that are not media ranges are skipped."""
    ranges = []
    for part in header.split(","):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if "/" not in media:
            continue
        main, _, sub = media.partition("/")
        q = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value.strip())))
                except ValueError:
                    raise BadRequest(f"The Accept header has an invalid q-value {value.strip()!r}; use a number between 0 and 1.") from None
        ranges.append((main.strip(), sub.strip(), q))
    return ranges


def quality(ranges: list[tuple[str, str, float]], media: str) -> float:
    """q of the most specific range matching `media` (RFC 9110 §12.5.1); 0 when none does."""
    main, _, sub = media.partition("/")
    best, best_rank = 0.0, -1
    for r_main, r_sub, q in ranges:
        if (r_main, r_sub) == (main, sub):
            rank = 2
        elif r_main == main and r_sub == "*":
            rank = 1
        elif r_main == "*" and r_sub == "*":
            rank = 0
        else:
            continue
        if rank > best_rank:
            best, best_rank = q, rank
    return best


def choose(accept: str | None, offers: list[str]) -> str | None:
    """The offer the client prefers; the first offer when there is no Accept; None if none is acceptable."""
    if not accept or not accept.strip():
        return offers[0]
    ranges = parse_accept(accept)
    if not ranges:
        return offers[0]
    best, best_q = None, 0.0
    for media in offers:
        q = quality(ranges, media)
        if q > best_q:
            best, best_q = media, q
    return best


def negotiate(accept: str | None, fmt: str | None, graph: bool) -> tuple[str, str]:
    """(format name, media type) for a result set (graph False) or an RDF graph (graph True).

    Remembered per (Accept, format, kind): clients send the same few headers, and working one out
    costs 25 µs, twice per query."""
    answer, error = _remembered(accept, fmt, graph)
    if error is not None:
        raise type(error)(error.message, error.status, error.headers)  # a fresh exception, no stale traceback
    return answer


@lru_cache(maxsize=256)
def _remembered(accept: str | None, fmt: str | None, graph: bool) -> tuple[tuple[str, str] | None, ProtocolError | None]:
    try:
        return _negotiate(accept, fmt, graph), None
    except ProtocolError as exc:
        return None, exc


def _negotiate(accept: str | None, fmt: str | None, graph: bool) -> tuple[str, str]:
    types, aliases, names = (GRAPH_TYPES, GRAPH_ALIASES, GRAPH_NAMES) if graph else (RESULT_TYPES, RESULT_ALIASES, RESULT_NAMES)
    by_media = {media: name for name, media in types.items()} | aliases
    if fmt:  # a name, a media type, or a list of media types (SPARQLWrapper sends one)
        keys = [k.strip().lower().split(";")[0].strip() for k in fmt.split(",")]
        name = next((k if k in types else names.get(k) or by_media.get(k) for k in keys
                     if k in types or k in names or k in by_media), None)
        if name is None:
            known = ", ".join(list(types) + list(types.values()))
            raise NotAcceptable(f"The format {fmt!r} is not available for this query. Use one of: {known}.")
        return name, types[name]
    offers = list(types.values()) + [m for m in aliases if m not in types.values()]
    media = choose(accept, offers)
    if media is None:
        kind = "an RDF graph (CONSTRUCT or DESCRIBE)" if graph else "a result set (SELECT or ASK)"
        raise NotAcceptable(
            f"None of the media types in the Accept header can represent {kind}. "
            f"Acceptable types: {', '.join(types.values())}. You may also pass format=NAME "
            f"({', '.join(types)}).")
    name = by_media[media]
    return name, types[name]


def content_type(media: str) -> str:
    """The Content-Type header value: UTF-8 stated for text/* types."""
    return f"{media}; charset=utf-8" if media.startswith("text/") else media
