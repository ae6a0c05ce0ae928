"""HTTP errors: a status and a plain-text sentence that says what to fix.

`ProtocolError`s are raised by the HTTP layer itself; the engine's errors (graph/engine/errors.py)
get their status from `ENGINE_STATUS`, with the engine's own sentence. Either is turned into a
`text/plain` answer (`plain_text`), by the /sparql endpoint itself or, for the web views, by the
handler registered in `register_error_handlers`.
"""
from __future__ import annotations

from flask import Flask, Response

from dtkg.graph.engine import errors as engine


class ProtocolError(Exception):
    """An HTTP error of the SPARQL protocol, with a message written for the client."""

    status = 400

    def __init__(self, message: str, status: int | None = None, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.message = message
        if status is not None:
            self.status = status
        self.headers = headers or {}


class BadRequest(ProtocolError):
    status = 400


class UpdateRefused(ProtocolError):
    status = 403


class NotAcceptable(ProtocolError):
    status = 406


class PayloadTooLarge(ProtocolError):
    status = 413


class UnsupportedMediaType(ProtocolError):
    status = 415


# The status of each reason the engine gives for not answering (the most specific class wins).
ENGINE_STATUS: dict[type, int] = {
    engine.QuerySyntaxError: 400,
    engine.QueryRefused: 400,
    engine.UpdateRefused: 403,
    engine.NoAcceptableFormat: 406,
    engine.ResultTooLarge: 422,
    engine.StoreFailed: 502,
    engine.EngineBusy: 503,
    engine.QueryTimeout: 504,
    engine.MemoryLimit: 507,
    engine.EngineError: 500,
}

HTTP_ERRORS = (ProtocolError, engine.EngineError)


def status_of(error: ProtocolError | engine.EngineError) -> tuple[int, dict[str, str]]:
    """(status, extra headers) of an HTTP or engine error."""
    if isinstance(error, ProtocolError):
        return error.status, error.headers
    status = next(s for cls, s in ENGINE_STATUS.items() if isinstance(error, cls))
    return status, {"Retry-After": str(error.retry_after)} if error.retry_after else {}


def plain_text(error: ProtocolError | engine.EngineError) -> tuple[int, list[tuple[str, str]], bytes]:
    """(status, headers, body) of the text/plain answer to `error`."""
    status, headers = status_of(error)
    text = error.message if error.message.endswith("\n") else error.message + "\n"
    return status, [("Content-Type", "text/plain; charset=utf-8"), *headers.items()], text.encode("utf-8")


def as_response(error: ProtocolError | engine.EngineError) -> Response:
    status, headers, body = plain_text(error)
    return Response(body, status=status, headers=headers)


def register_error_handlers(app: Flask) -> None:
    """App-level: an HTTP or engine error raised by any view becomes its plain-text response."""
    for cls in HTTP_ERRORS:
        app.register_error_handler(cls, as_response)
