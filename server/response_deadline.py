"""WSGI middleware of the HTTP front (server/front.py): a deadline for a client to read its response."""
from __future__ import annotations

import time

SMALL = 64 * 1024  # a response this size goes into the socket's buffer at once: no deadline needed


class ResponseDeadline:
    """A response larger than SMALL is written with a socket timeout of what is left of
    RESPONSE_TIMEOUT (for `sendall` the timeout bounds the whole call), so that a client reading
    slowly, or not at all, releases its thread when the time is up; the connection is then closed."""

    def __init__(self, app, seconds: float):
        self.app, self.seconds = app, seconds

    def __getattr__(self, name):  # gunicorn's hooks reach the Flask app through worker.wsgi
        return getattr(self.app, name)

    def __call__(self, environ, start_response):
        result = self.app(environ, start_response)
        sock = environ.get("gunicorn.socket")
        if sock is None:
            return result
        if isinstance(result, list) and len(result) <= 1:  # the endpoint's answers: one write
            if result and len(result[0]) > SMALL:
                sock.settimeout(self.seconds)
            return result
        return self._items(result, sock, time.monotonic() + self.seconds)

    def _items(self, result, sock, deadline: float):
        try:
            for item in result:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"the client did not read its response within {self.seconds:g} s")
                sock.settimeout(left)
                yield item
        finally:
            if hasattr(result, "close"):
                result.close()
