"""Content negotiation, once for every answer: /sparql's result sets and graphs, the service
description, the pages, VoID, the catalogue, validation, dumps and the APIs.

A representation is chosen from the URL suffix, a `format=` parameter or the `Accept` header
(q-values and wildcards as RFC 9110 §12.5.1; the first offer wins ties and a missing Accept). The
formats, their media types, suffixes and the other names clients use come from graph/formats.py.
Nothing acceptable is an `errors.NotAcceptable` (406) whose sentence lists what would work.

>>> choose("text/csv;q=0.5, application/sparql-results+xml", ["application/sparql-results+json", "text/csv", "application/sparql-results+xml"])
'application/sparql-results+xml'
>>> choose("*/*;q=0.1, text/*", ["application/sparql-results+json", "text/csv"])
'text/csv'
>>> best("application/xml", GRAPH_OFFERS).name
'rdfxml'
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from flask import Response, request

from dtkg.graph.formats import (GRAPH_NAMES, GRAPH_TYPES, MEDIA_ALIASES, PAGE_FORMATS, RDF_FORMATS, RESULT_NAMES,
                                RESULT_TYPES, by_name)

from .context import public_url
from .errors import BadRequest, NotAcceptable, ProtocolError


@dataclass(frozen=True)
class Offer:
    name: str        # a name of a graph/formats.py table: html, json, csv, an RDF or a result format
    media_type: str
    suffix: str = ""  # the URL suffix that asks for it, where a page has one


def _page(name: str) -> Offer:
    return Offer(name, *PAGE_FORMATS[name])


HTML, JSON, CSV = _page("html"), _page("json"), _page("csv")
RDF = tuple(Offer(n, by_name(n).media_type, by_name(n).suffix) for n in ("turtle", "jsonld", "ntriples", "rdfxml"))
PAGE_OFFERS = (HTML, JSON)
RESOURCE_OFFERS = (HTML, JSON) + RDF
RESULT_OFFERS = tuple(Offer(name, media) for name, media in RESULT_TYPES.items())
GRAPH_OFFERS = tuple(Offer(f.name, f.media_type, f.suffix) for f in RDF_FORMATS)


# ------------------------------------------------------------------ the Accept header

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
    best_q, best_rank = 0.0, -1
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
            best_q, best_rank = q, rank
    return best_q


def choose(accept: str | None, offers: list[str]) -> str | None:
    """The media type the client prefers; the first offer when there is no Accept; None if none is acceptable."""
    if not accept or not accept.strip():
        return offers[0]
    ranges = parse_accept(accept)
    if not ranges:
        return offers[0]
    found, found_q = None, 0.0
    for media in offers:
        q = quality(ranges, media)
        if q > found_q:
            found, found_q = media, q
    return found


def by_media(offers: tuple[Offer, ...]) -> dict[str, Offer]:
    """Each offer by its media type, then by the aliases of graph/formats.py that stand for it."""
    table = {o.media_type: o for o in offers}
    for alias, candidates in MEDIA_ALIASES.items():
        target = next((table[m] for m in candidates if m in table), None)
        if target is not None and alias not in table:
            table[alias] = target
    return table


@lru_cache(maxsize=512)  # clients send the same few headers; working one out costs 25 µs
def best(accept: str | None, offers: tuple[Offer, ...]) -> Offer | None:
    """The offer the client prefers, None when nothing offered is acceptable."""
    table = by_media(offers)
    media = choose(accept, list(table))
    return None if media is None else table[media]


# ------------------------------------------------------------------ /sparql: result sets and graphs

def negotiate(accept: str | None, fmt: str | None, graph: bool) -> tuple[str, str]:
    """(format name, media type) for a result set (graph False) or an RDF graph (graph True), from
    `format=` (a name, a media type or a list of media types, as SPARQLWrapper sends) or Accept."""
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
    offers, types, names = (GRAPH_OFFERS, GRAPH_TYPES, GRAPH_NAMES) if graph else (RESULT_OFFERS, RESULT_TYPES, RESULT_NAMES)
    if fmt:
        table = by_media(offers)
        keys = [k.strip().lower().split(";")[0].strip() for k in fmt.split(",")]
        name = next((k if k in types else names.get(k) or table[k].name for k in keys
                     if k in types or k in names or k in table), None)
        if name is None:
            known = ", ".join(list(types) + list(types.values()))
            raise NotAcceptable(f"The format {fmt!r} is not available for this query. Use one of: {known}.")
        return name, types[name]
    offer = best(accept, offers)
    if offer is None:
        kind = "an RDF graph (CONSTRUCT or DESCRIBE)" if graph else "a result set (SELECT or ASK)"
        raise NotAcceptable(
            f"None of the media types in the Accept header can represent {kind}. "
            f"Acceptable types: {', '.join(types.values())}. You may also pass format=NAME "
            f"({', '.join(types)}).")
    return offer.name, offer.media_type


def negotiate_query(accept: str | None, fmt: str | None) -> tuple[str | None, str | None]:
    """(result format, graph format) for a query whose form is not known yet: either may be None
    (the query then fails with 406 if it turns out to be of that kind), not both."""
    formats, errors = [], []
    for graph in (False, True):
        try:
            formats.append(negotiate(accept, fmt, graph)[0])
        except NotAcceptable as exc:
            formats.append(None)
            errors.append(exc)
    if len(errors) == 2:
        raise NotAcceptable(f"{errors[0].message} For CONSTRUCT and DESCRIBE: {', '.join(GRAPH_TYPES.values())}.")
    return formats[0], formats[1]


def describe_format(accept: str | None, fmt: str | None) -> str | None:
    """The RDF format of a description (the service description), None when the client prefers HTML."""
    if not fmt:
        offer = best(accept, GRAPH_OFFERS + (HTML,))
        if offer is HTML:
            return None
        if offer is None:
            raise NotAcceptable("The service description is available as " + ", ".join(GRAPH_TYPES.values())
                                + " (or text/html, which redirects to the query page).")
    return negotiate(accept, fmt, graph=True)[0]


def content_type(media: str) -> str:
    """The Content-Type header value: UTF-8 stated for text/* types and N-Triples."""
    return f"{media}; charset=utf-8" if media.startswith("text/") or media == "application/n-triples" else media


# ------------------------------------------------------------------ pages: suffix, then Accept

class Answered(Exception):
    """Raised with the response to send when no representation can be chosen (404 or 406)."""

    def __init__(self, response: Response):
        self.response = response


def split_suffix(path: str, offers: tuple[Offer, ...]) -> tuple[str, Offer | None]:
    """`province/x.ttl` → (`province/x`, turtle offer); a path without a known suffix is left alone."""
    for offer in offers:
        if offer.suffix and path.endswith(offer.suffix) and len(path) > len(offer.suffix):
            return path[: -len(offer.suffix)], offer
    return path, None


def by_path(path: str, offers: tuple[Offer, ...] = PAGE_OFFERS) -> Offer:
    """The offer a path's suffix names (`/queries.json` → JSON), else the first: listings and APIs are
    chosen by their URL alone."""
    return split_suffix(path, offers)[1] or offers[0]


def representation(path: str, offers: tuple[Offer, ...] = RESOURCE_OFFERS, strict: bool = True) -> tuple[str, Offer, list[dict]]:
    """(path without suffix, chosen offer, alternate links) for a request of `path`; raises Answered
    with a 406, or with a 404 for an unknown suffix when `strict`."""
    bare, suffix = split_suffix(path, offers)
    if strict and suffix is None and "." in bare.rsplit("/", 1)[-1]:
        raise Answered(Response(f"404 Not Found: no format {bare.rsplit('.', 1)[-1]!r} here; offered: "
                                f"{', '.join(o.suffix for o in offers)}\n", status=404, mimetype="text/plain"))
    offer = suffix or best(request.headers.get("Accept"), offers)
    if offer is None:
        raise Answered(not_acceptable(offers, bare))
    return bare, offer, alternates(bare, offers)


def alternates(path: str, offers: tuple[Offer, ...], query: str = "") -> list[dict]:
    """The other representations of the page at `path` (no suffix), for Link headers and <link> tags."""
    return [{"href": (path if o is HTML else path + o.suffix) + query, "type": o.media_type, "format": o.name}
            for o in offers]


def with_links(response: Response, links: list[dict], vary: str = "Accept") -> Response:
    """The alternates as a Link header, and what the choice depended on as Vary."""
    if links:
        response.headers["Link"] = ", ".join(f'<{a["href"]}>; rel="alternate"; type="{a["type"]}"' for a in links)
    response.headers["Vary"] = vary
    return response


def not_acceptable(offers: tuple[Offer, ...], path: str) -> Response:
    """406 that says what would work, with an example (the configured public address, never the Host header)."""
    example = next((o for o in offers if o.name == "turtle"), offers[-1])
    text = (f"406 Not Acceptable: {request.headers.get('Accept', '')!r} matches nothing this resource offers.\n"
            f"Offered: {', '.join(o.media_type for o in offers)}.\n"
            f"Example: curl -H 'Accept: {example.media_type}' {public_url()}{path}\n"
            f"or add the suffix: {path}{example.suffix}\n")
    return with_links(Response(text, status=NotAcceptable.status, mimetype="text/plain"), alternates(path, offers))
