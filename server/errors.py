"""SPARQL protocol errors: a status and a plain-text sentence that says what to fix.

Raised by the /sparql endpoint or a backend and turned into a `text/plain` answer (`plain_text`), by
the endpoint itself or, for the web views, by the handler registered in `register_error_handlers`.
"""
from __future__ import annotations

from flask import Flask, Response


class ProtocolError(Exception):
    """An HTTP error of the SPARQL protocol, with a message written for the client."""

    status = 400

    def __init__(self, message: str, status: int | None = None, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.message = message
        if status is not None:
            self.status = status
        self.headers = headers or {}

    def __reduce__(self):  # keeps status and headers when sent back from a query process
        return (self.__class__, (self.message, self.status, self.headers))


class BadRequest(ProtocolError):
    status = 400


class QuerySyntaxError(BadRequest):
    """The query does not parse; the message carries the parser's position and expectation."""


class UpdateRefused(ProtocolError):
    status = 403


class NotAcceptable(ProtocolError):
    status = 406


class PayloadTooLarge(ProtocolError):
    status = 413


class UnsupportedMediaType(ProtocolError):
    status = 415


class ResultTooLarge(ProtocolError):
    status = 422


class QueryTimeout(ProtocolError):
    status = 504


class Unavailable(ProtocolError):
    status = 503


class MemoryLimit(ProtocolError):
    """A query needed more memory than one query may use (507: the server cannot store the work)."""

    status = 507


class BackendError(ProtocolError):
    """The remote store failed or answered something unusable."""

    status = 502


def plain_text(error: ProtocolError) -> tuple[int, list[tuple[str, str]], bytes]:
    """(status, headers, body) of the text/plain answer to `error`."""
    text = error.message if error.message.endswith("\n") else error.message + "\n"
    return error.status, [("Content-Type", "text/plain; charset=utf-8"), *error.headers.items()], text.encode("utf-8")


def as_response(error: ProtocolError) -> Response:
    status, headers, body = plain_text(error)
    return Response(body, status=status, headers=headers)


def register_error_handlers(app: Flask) -> None:
    """App-level: a ProtocolError raised by any view becomes its plain-text response."""
    app.register_error_handler(ProtocolError, as_response)
