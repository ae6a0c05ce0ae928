"""`respond(data, template)`: one view dict, served as HTML, its JSON twin or RDF.

The format comes from the URL suffix first (`.json`, `.ttl`, `.jsonld`, `.nt`, `.rdf`, `.csv`), then from
`Accept` (q-values and wildcards, as oxigraph's server does); no `Accept` means HTML. When nothing offered
is acceptable the answer is 406 with the list of media types and an example.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

import pyoxigraph as ox
from flask import Response, render_template, request

from dtkg.graph.formats import by_name
from dtkg.graph.namespaces import PREFIXES

from .labels import choose_lang
from .negotiation import choose as choose_media


@dataclass(frozen=True)
class Offer:
    name: str        # html, json, csv or an RDF format name of dtkg.graph.formats
    media_type: str
    suffix: str


HTML = Offer("html", "text/html", ".html")
JSON = Offer("json", "application/json", ".json")
CSV = Offer("csv", "text/csv", ".csv")
RDF = tuple(Offer(n, by_name(n).media_type, by_name(n).suffix) for n in ("turtle", "jsonld", "ntriples", "rdfxml"))
PAGE_OFFERS = (HTML, JSON)
RESOURCE_OFFERS = (HTML, JSON) + RDF
ALIASES = {  # other names clients use for the same formats
    "application/xhtml+xml": "text/html", "application/x-turtle": "text/turtle", "text/n3": "text/turtle",
    "text/plain": "application/n-triples", "application/rdf+json": "application/ld+json"}


class NotAcceptable(Exception):
    def __init__(self, offers):
        self.offers = offers
        super().__init__("not acceptable")


def negotiate(accept: str | None, offers: tuple[Offer, ...]) -> Offer:
    """The best offer for an Accept header (q-values, wildcards; ties and no Accept go to the first offer)."""
    by_media = {o.media_type: o for o in offers}
    by_media.update({alias: by_media[media] for alias, media in ALIASES.items() if media in by_media})
    media = choose_media(accept, list(by_media))
    if media is None:
        raise NotAcceptable(offers)
    return by_media[media]


def split_suffix(path: str, offers: tuple[Offer, ...]) -> tuple[str, Offer | None]:
    """`province/x.ttl` → (`province/x`, turtle offer); a path without a known suffix is left alone."""
    for offer in offers:
        if path.endswith(offer.suffix) and len(path) > len(offer.suffix):
            return path[: -len(offer.suffix)], offer
    return path, None


def choose(offers: tuple[Offer, ...], suffix: Offer | None = None) -> Offer:
    return suffix or negotiate(request.headers.get("Accept"), offers)


class Answered(Exception):
    """Raised with the response to send when no representation can be chosen (404 or 406)."""

    def __init__(self, response: Response):
        self.response = response


def representation(path: str, offers: tuple[Offer, ...] = RESOURCE_OFFERS, strict: bool = True) -> tuple[str, Offer, list[dict]]:
    """(path without suffix, chosen offer, alternate links) for a request of `path`; raises Answered
    with a 406, or with a 404 for an unknown suffix when `strict`."""
    bare, suffix = split_suffix(path, offers)
    if strict and suffix is None and "." in bare.rsplit("/", 1)[-1]:
        raise Answered(Response(f"404 Not Found: no format {bare.rsplit('.', 1)[-1]!r} here; offered: "
                                f"{', '.join(o.suffix for o in offers)}\n", status=404, mimetype="text/plain"))
    try:
        offer = choose(offers, suffix)
    except NotAcceptable as exc:
        raise Answered(not_acceptable(exc.offers, bare)) from None
    return bare, offer, alternates(bare, offers)


def alternates(path: str, offers: tuple[Offer, ...], query: str = "") -> list[dict]:
    """The other representations of the page at `path` (no suffix), for Link headers and <link> tags."""
    return [{"href": (path if o is HTML else path + o.suffix) + query, "type": o.media_type, "format": o.name}
            for o in offers]


def link_header(links: list[dict]) -> str:
    return ", ".join(f'<{a["href"]}>; rel="alternate"; type="{a["type"]}"' for a in links)


def with_headers(response: Response, links: list[dict], vary: str = "Accept") -> Response:
    if links:
        response.headers["Link"] = link_header(links)
    response.headers["Vary"] = vary
    return response


def json_body(data: dict, status: int = 200) -> Response:
    return Response(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n", status=status,
                    mimetype="application/json")


def respond(data: dict, template: str, offer: Offer, *, links: list[dict] | None = None,
            status: int = 200, **context) -> Response:
    """HTML from `template` (the dict as `data`) or the dict itself as JSON."""
    links = links or []
    if offer.name == "json":
        response = json_body({"ok": status < 400, **data}, status)
    else:
        lang = choose_lang()
        html = render_template(template, data=data, lang=lang, alternates=links, **context)
        response = Response(html, status=status, mimetype="text/html")
        if request.args.get("lang") in ("vi", "en"):
            response.set_cookie("lang", request.args["lang"], max_age=365 * 86400, samesite="Lax")
    return with_headers(response, links, "Accept, Accept-Language, Cookie")


def rdf_response(triples: list, offer: Offer, links: list[dict] | None = None, status: int = 200) -> Response:
    fmt = by_name(offer.name)
    kwargs = {"prefixes": PREFIXES} if offer.name in ("turtle", "rdfxml") else {}
    body = ox.serialize(triples, format=fmt.oxigraph, **kwargs)
    media = fmt.media_type + ("; charset=utf-8" if offer.name in ("turtle", "ntriples") else "")
    return with_headers(Response(body, status=status, content_type=media), links or [])


def not_acceptable(offers: tuple[Offer, ...], path: str) -> Response:
    """406 that says what would work, with an example."""
    types = ", ".join(o.media_type for o in offers)
    example = next((o for o in offers if o.name == "turtle"), offers[-1])
    text = (f"406 Not Acceptable: {request.headers.get('Accept', '')!r} matches nothing this resource offers.\n"
            f"Offered: {types}.\n"
            f"Example: curl -H 'Accept: {example.media_type}' {request.host_url.rstrip('/')}{path}\n"
            f"or add the suffix: {path}{example.suffix}\n")
    return with_headers(Response(text, status=406, mimetype="text/plain"), alternates(path, offers))


def error_json(message: str, status: int) -> Response:
    """The JSON API's error shape (datasette's envelope)."""
    return json_body({"ok": False, "error": message, "errors": [message], "status": status}, status)
