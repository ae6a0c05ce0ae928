"""WSGI middleware of the HTTP front (server/front.py): a deadline for a client to read its response."""
from __future__ import annotations

import time

PIECE = 64 * 1024  # a response is written in pieces of this size, each within the response deadline


class ResponseDeadline:
    """WSGI middleware: a response larger than PIECE is written in pieces, each with a socket timeout
    of what is left of RESPONSE_TIMEOUT, so that a client reading slowly (or not at all) releases
    its thread when the time is up (the connection is then closed)."""

    def __init__(self, app, seconds: float):
        self.app, self.seconds = app, seconds

    def __getattr__(self, name):  # gunicorn's hooks reach the Flask app through worker.wsgi
        return getattr(self.app, name)

    def __call__(self, environ, start_response):
        result = self.app(environ, start_response)
        sock = environ.get("gunicorn.socket")
        if sock is None or (isinstance(result, list) and sum(len(item) for item in result) <= PIECE):
            return result  # fits the socket's buffer: no wait on the client
        return self._pieces(result, sock, time.monotonic() + self.seconds)

    def _pieces(self, result, sock, deadline: float):
        try:
            for item in result:
                for start in range(0, len(item), PIECE):
                    left = deadline - time.monotonic()
                    if left <= 0:
                        raise TimeoutError(f"the client did not read its response within {self.seconds:g} s")
                    sock.settimeout(left)
                    yield item[start:start + PIECE]
        finally:
            if hasattr(result, "close"):
                result.close()
