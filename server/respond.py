"""`respond(data, template, offer)`: one view dict, served as HTML, its JSON twin or RDF.

Which representation a request gets is server/negotiation.py's choice; this module writes it.
`resource_view` is the route of a described resource (VoID, the catalogue, validation): the path
and its suffixes, negotiated, then HTML and JSON from a dict or RDF from triples.
"""
from __future__ import annotations

import json
from typing import Callable

import pyoxigraph as ox
from flask import Blueprint, Response, render_template, request

from dtkg.graph.formats import by_name, writer_options

from .negotiation import Answered, Offer, content_type, representation, with_links
from .ui_text import choose_lang


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
    return with_links(response, links, "Accept, Accept-Language, Cookie")


def rdf_response(triples: list, offer: Offer, links: list[dict] | None = None, status: int = 200) -> Response:
    fmt = by_name(offer.name)
    body = ox.serialize(triples, format=fmt.oxigraph, **writer_options(fmt))
    return with_links(Response(body, status=status, content_type=content_type(fmt.media_type)), links or [])


def error_json(message: str, status: int) -> Response:
    """The JSON API's error shape (datasette's envelope)."""
    return json_body({"ok": False, "error": message, "errors": [message], "status": status}, status)


def error_text(message: str, status: int, offer: Offer) -> Response:
    """An error in the JSON envelope for the JSON twin, else one plain-text sentence."""
    if offer.name == "json":
        return error_json(message, status)
    return Response(message + "\n", status=status, mimetype="text/plain")


def resource_view(bp: Blueprint, path: str) -> Callable:
    """Route `path` and `path.SUFFIX` on `bp` to a view called with the negotiated offer and the
    alternate links; an unknown suffix (404) or nothing acceptable (406) is answered here."""

    def register(view: Callable[[Offer, list[dict]], Response]) -> Callable:
        def endpoint(suffix: str = "") -> Response:
            try:
                _, offer, links = representation(path + ("." + suffix if suffix else ""))
            except Answered as answer:
                return answer.response
            return view(offer, links)

        endpoint.__name__ = endpoint.__qualname__ = view.__name__
        endpoint.__doc__ = view.__doc__
        bp.add_url_rule(path, view.__name__, endpoint)
        bp.add_url_rule(path + ".<suffix>", view.__name__, endpoint)
        return endpoint

    return register


def described(data: dict | Callable[[], dict], triples: list | Callable[[], list], template: str, offer: Offer,
              links: list[dict]) -> Response:
    """A described resource: the page or its JSON twin from `data`, the RDF formats from `triples`
    (either may be a function, called only when its representation is asked for)."""
    if offer.name in ("html", "json"):
        return respond(data() if callable(data) else data, template, offer, links=links)
    return rdf_response(triples() if callable(triples) else triples, offer, links)
