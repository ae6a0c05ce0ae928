"""The SPARQL 1.1 Protocol at /sparql: query by GET, by POST form or by POST application/sparql-query.

Read-only and strict, as oxigraph's `handle_request`: 400 for a bad, missing or duplicated query,
403 for any update, 405 for other methods, 406 when no acceptable format exists, 413/414 past the
size limit, 415 for another Content-Type, 422 for a result past the size limit, 504 past the time
limit. A GET without `query` returns the service description (303 to the query page for browsers).

`SparqlEndpoint` answers /sparql as plain WSGI in front of the Flask application, which serves
every other path: Flask's request and response objects cost 0.1-0.2 ms of a 2.6 ms lookup at 1M
triples (measured end to end), and a query needs none of their features.
"""
from __future__ import annotations

from functools import lru_cache
from http import HTTPStatus
from typing import Callable, Iterable
from urllib.parse import parse_qsl

from werkzeug.http import parse_options_header
from werkzeug.exceptions import SecurityError
from werkzeug.wsgi import get_content_length, get_current_url, get_host, get_input_stream

from dtkg.graph.formats import QUERY_BODY_TYPES

from . import service_description
from .errors import HTTP_ERRORS, BadRequest, PayloadTooLarge, ProtocolError, UnsupportedMediaType, UpdateRefused, plain_text
from .negotiation import content_type, describe_format, negotiate_query

PATH = "/sparql"
ALLOWED = "GET, HEAD, POST, OPTIONS"
UPDATE_PARAMS = ("update", "using-graph-uri", "using-named-graph-uri")
READ_ONLY = "This endpoint is read-only: SPARQL Update is refused. Send a query (query=…) instead."
INTERNAL = "The server failed to answer this request (an internal error, now logged); try again or report it.\n"
STATUS_LINES = {s.value: f"{s.value} {s.phrase}" for s in HTTPStatus}

Reply = tuple[int, list[tuple[str, str]], bytes]


class SparqlEndpoint:
    """WSGI middleware: /sparql is answered here, any other path goes on to `inner` (Flask)."""

    def __init__(self, app, inner: Callable):
        self.app, self.inner = app, inner  # app.extensions["dtkg"] holds the engine and the config

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        if environ.get("PATH_INFO") != PATH:
            return self.inner(environ, start_response)
        state = self.app.extensions["dtkg"]
        method = environ.get("REQUEST_METHOD", "GET")
        try:
            status, headers, body = answer(environ, method, state)
        except HTTP_ERRORS as error:
            status, headers, body = plain_text(error)
        except Exception:
            self.app.logger.exception("Error on %s %s", method, PATH)
            status, headers, body = 500, [("Content-Type", "text/plain; charset=utf-8")], INTERNAL.encode()
        if status != 204:
            headers.append(("Content-Length", str(len(body))))
        start_response(STATUS_LINES.get(status, str(status)), headers)
        return [] if method == "HEAD" else [body]


def answer(environ: dict, method: str, state) -> Reply:
    """One SPARQL protocol request: parse, check, negotiate, evaluate on the engine."""
    config = state.config
    if config.TRUSTED_HOSTS:
        try:
            get_host(environ, list(config.TRUSTED_HOSTS))
        except SecurityError:
            raise BadRequest("The Host header names a host this server does not answer to.") from None
    if method == "OPTIONS":
        return 204, [("Allow", ALLOWED)], b""
    if method not in ("GET", "HEAD", "POST"):
        raise ProtocolError(f"{method} is not allowed on /sparql: use GET or POST (this endpoint is read-only).",
                            405, {"Allow": ALLOWED})
    query_string = environ.get("QUERY_STRING", "").encode("latin-1")  # WSGI: bytes as latin-1
    if len(query_string) > config.MAX_REQUEST_BYTES:
        raise ProtocolError(f"The request URL is longer than {config.MAX_REQUEST_BYTES} bytes.", 414)
    params = _decode_form(query_string, "URL query string")
    direct = None
    if method == "POST":
        direct = _read_post(environ, params, config.MAX_REQUEST_BYTES)
    names = {k for k, _ in params}
    if names & set(UPDATE_PARAMS):
        raise UpdateRefused(READ_ONLY)
    queries = [v for k, v in params if k == "query"] + ([direct] if direct is not None else [])
    if len(queries) > 1:
        raise BadRequest("The request has more than one query (several query= parameters, or query= with a "
                         "application/sparql-query body): send exactly one.")
    accept = environ.get("HTTP_ACCEPT")
    if not queries:
        if method == "POST":
            raise BadRequest("The request has no query: send query=… (form) or an application/sparql-query body.")
        return _service_description(environ, state, params, accept)
    query = queries[0]
    if not query.strip():
        raise BadRequest("The query is empty.")
    fmt = _last(params, "format") or _last(params, "output")
    body, media = state.engine.execute(
        query, result_format=negotiate_query(accept, fmt),
        default_graph_uris=[v for k, v in params if k == "default-graph-uri"],
        named_graph_uris=[v for k, v in params if k == "named-graph-uri"],
        timeout=_timeout(params), base_iri=_base_iri(environ))
    return 200, [("Content-Type", content_type(media)), ("Vary", "Accept")], body


def _base_iri(environ: dict) -> str:
    """The endpoint's own URL, the base of relative IRIs in a query. werkzeug's get_current_url
    costs ~30 us (it re-decodes the URL as an IRI); its inputs repeat from request to request."""
    return _current_url(environ.get("wsgi.url_scheme"), environ.get("HTTP_HOST"), environ.get("SERVER_NAME"),
                        environ.get("SERVER_PORT"), environ.get("SCRIPT_NAME", ""), environ.get("PATH_INFO", ""))


@lru_cache(maxsize=64)
def _current_url(scheme, host, server_name, server_port, script_name, path_info) -> str:
    environ = {"wsgi.url_scheme": scheme, "SERVER_NAME": server_name, "SERVER_PORT": server_port,
               "SCRIPT_NAME": script_name, "PATH_INFO": path_info}
    if host is not None:
        environ["HTTP_HOST"] = host
    return get_current_url(environ, strip_querystring=True)


def _read_post(environ: dict, params: list[tuple[str, str]], limit: int) -> str | None:
    """Add a form body's fields to `params`; return an application/sparql-query body."""
    media, options = parse_options_header(environ.get("CONTENT_TYPE", ""))
    media = media.lower()
    if media == "application/sparql-update":
        raise UpdateRefused(READ_ONLY)
    if media not in QUERY_BODY_TYPES:
        given = f"Content-Type {media}" if media else "no Content-Type"
        raise UnsupportedMediaType(f"A POST to /sparql needs Content-Type application/x-www-form-urlencoded "
                                   f"(query=…) or application/sparql-query; this request has {given}.")
    charset = options.get("charset", "utf-8").lower()
    if charset not in ("utf-8", "utf8"):
        raise UnsupportedMediaType(f"The body must be UTF-8 encoded; this request declares charset={charset}.")
    declared = get_content_length(environ) or 0  # werkzeug: 0 when malformed, None when chunked
    if declared > limit:
        raise PayloadTooLarge(f"The request body is {declared} bytes; this endpoint accepts at most {limit}.")
    try:
        body = get_input_stream(environ).read(limit + 1)  # a body with neither length nor chunking reads as empty
    except Exception:  # the WSGI server's reader: gunicorn raises InvalidChunkSize, NoMoreData…
        raise BadRequest("The request body cannot be read: its chunked encoding is malformed or it ends before "
                         "its declared length.") from None
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


def _service_description(environ: dict, state, params, accept: str | None) -> Reply:
    """The service description in the RDF format asked for; browsers go to the query page."""
    name = describe_format(accept, _last(params, "format") or _last(params, "output"))
    if name is None:
        ui = state.config.UI_PATH
        location = environ.get("SCRIPT_NAME", "") + ui if ui.startswith("/") else ui  # relative, as RFC 9110 allows
        return 303, [("Location", location), ("Content-Type", "text/plain; charset=utf-8")], \
            f"See the query page: {location}\n".encode()
    triples = service_description.describe(get_current_url(environ, strip_querystring=True), state.engine, state.config)
    body, media = service_description.serialize(triples, name)
    return 200, [("Content-Type", content_type(media)), ("Vary", "Accept")], body
