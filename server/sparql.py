"""The SPARQL 1.1 Protocol at /sparql: query by GET, by POST form or by POST application/sparql-query.

Read-only and strict, as oxigraph's `handle_request`: 400 for a bad, missing or duplicated query,
403 for any update, 405 for other methods, 406 when no acceptable format exists, 413/414 past the
size limit, 415 for another Content-Type, 422 for a result past the size limit, 504 past the time
limit. A GET without `query` returns the service description (303 to the query page for browsers).
"""
from __future__ import annotations

from urllib.parse import parse_qsl

from flask import Blueprint, Response, current_app, redirect, request

from .errors import BadRequest, NotAcceptable, PayloadTooLarge, ProtocolError, UnsupportedMediaType, UpdateRefused
from .negotiation import GRAPH_ALIASES, GRAPH_TYPES, choose, content_type, negotiate
from . import service_description

bp = Blueprint("sparql", __name__)

ALLOWED = "GET, HEAD, POST, OPTIONS"
QUERY_TYPES = ("application/sparql-query", "application/x-www-form-urlencoded")
UPDATE_PARAMS = ("update", "using-graph-uri", "using-named-graph-uri")
READ_ONLY = "This endpoint is read-only: SPARQL Update is refused. Send a query (query=…) instead."


@bp.route("/sparql", methods=["GET", "HEAD", "POST", "OPTIONS", "PUT", "DELETE", "PATCH"])
def sparql() -> Response:
    """One SPARQL protocol request: parse, check, negotiate, evaluate on the backend, respond."""
    state = current_app.extensions["dtkg"]
    config = state.config
    if request.method == "OPTIONS":
        response = Response(status=204, headers={"Allow": ALLOWED})
        del response.headers["Content-Type"]
        return response
    if request.method not in ("GET", "HEAD", "POST"):
        raise ProtocolError(f"{request.method} is not allowed on /sparql: use GET or POST (this endpoint is read-only).",
                            405, {"Allow": ALLOWED})
    if len(request.query_string) > config.MAX_REQUEST_BYTES:
        raise ProtocolError(f"The request URL is longer than {config.MAX_REQUEST_BYTES} bytes.", 414)
    params = _decode_form(request.query_string, "URL query string")
    direct = None
    if request.method == "POST":
        direct = _read_post(params, config.MAX_REQUEST_BYTES)
    names = {k for k, _ in params}
    if names & set(UPDATE_PARAMS):
        raise UpdateRefused(READ_ONLY)
    queries = [v for k, v in params if k == "query"] + ([direct] if direct is not None else [])
    if len(queries) > 1:
        raise BadRequest("The request has more than one query (several query= parameters, or query= with a "
                         "application/sparql-query body): send exactly one.")
    if not queries:
        if request.method == "POST":
            raise BadRequest("The request has no query: send query=… (form) or an application/sparql-query body.")
        return _service_description(state, params)
    query = queries[0]
    if not query.strip():
        raise BadRequest("The query is empty.")
    fmt = _last(params, "format") or _last(params, "output")
    formats, errors = [], []
    for graph in (False, True):
        try:
            formats.append(negotiate(request.headers.get("Accept"), fmt, graph)[0])
        except NotAcceptable as exc:
            formats.append(None)
            errors.append(exc)
    if len(errors) == 2:
        raise NotAcceptable(f"{errors[0].message} For CONSTRUCT and DESCRIBE: {', '.join(GRAPH_TYPES.values())}.")
    body, media = state.backend.execute(
        query, result_format=tuple(formats),
        default_graph_uris=[v for k, v in params if k == "default-graph-uri"],
        named_graph_uris=[v for k, v in params if k == "named-graph-uri"],
        timeout=_timeout(params), base_iri=request.base_url)
    return Response(body, content_type=content_type(media), headers={"Vary": "Accept"})


def _read_post(params: list[tuple[str, str]], limit: int) -> str | None:
    """Add a form body's fields to `params`; return an application/sparql-query body."""
    media = request.mimetype
    if media == "application/sparql-update":
        raise UpdateRefused(READ_ONLY)
    if media not in QUERY_TYPES:
        given = f"Content-Type {media}" if media else "no Content-Type"
        raise UnsupportedMediaType(f"A POST to /sparql needs Content-Type application/x-www-form-urlencoded "
                                   f"(query=…) or application/sparql-query; this request has {given}.")
    charset = request.mimetype_params.get("charset", "utf-8").lower()
    if charset not in ("utf-8", "utf8"):
        raise UnsupportedMediaType(f"The body must be UTF-8 encoded; this request declares charset={charset}.")
    if (request.content_length or 0) > limit:
        raise PayloadTooLarge(f"The request body is {request.content_length} bytes; this endpoint accepts at most {limit}.")
    body = request.stream.read(limit + 1)
    if len(body) > limit:
        raise PayloadTooLarge(f"The request body is larger than {limit} bytes, the most this endpoint accepts.")
    if media == "application/x-www-form-urlencoded":
        params += _decode_form(body, "form body")
        return None
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise BadRequest("The query body is not valid UTF-8.") from None


def _decode_form(raw: bytes, where: str) -> list[tuple[str, str]]:
    try:
        return parse_qsl(raw.decode("utf-8"), keep_blank_values=True, encoding="utf-8", errors="strict")
    except (UnicodeDecodeError, ValueError):
        raise BadRequest(f"The {where} is not valid URL-encoded UTF-8.") from None


def _last(params: list[tuple[str, str]], name: str) -> str | None:
    values = [v for k, v in params if k == name]
    return values[-1] if values else None


def _timeout(params: list[tuple[str, str]]) -> float | None:
    raw = _last(params, "timeout")
    if raw is None or raw == "":
        return None
    try:
        value = float(raw)
    except ValueError:
        value = -1
    if not value > 0:
        raise BadRequest(f"timeout={raw!r} is not a positive number of seconds.")
    return value


def _service_description(state, params) -> Response:
    """The service description in the RDF format asked for; browsers go to the query page."""
    fmt = _last(params, "format") or _last(params, "output")
    accept = request.headers.get("Accept")
    if not fmt:
        offers = list(GRAPH_TYPES.values()) + ["text/html"] + list(GRAPH_ALIASES)
        media = choose(accept, offers)
        if media == "text/html":
            return redirect(state.config.UI_PATH, 303)
        if media is None:
            raise NotAcceptable("The service description is available as " + ", ".join(GRAPH_TYPES.values())
                                + " (or text/html, which redirects to the query page).")
    name, _ = negotiate(accept, fmt, graph=True)
    triples = service_description.describe(request.base_url, state.backend, state.config)
    body, media = service_description.serialize(triples, name)
    return Response(body, content_type=content_type(media), headers={"Vary": "Accept"})
