"""gzip for the pages, JSON and the vendored scripts: a small WSGI middleware for text types.

The response is buffered and compressed when the client accepts gzip, its type is text-like and its
size is worth it. /sparql is left alone: its answers are measured and cached as they are sent, and
clients of the protocol ask for what they want. Compressed static files are kept per path and size,
so the editor's 1 MB script is compressed once per worker, not per request.
"""
from __future__ import annotations

import gzip

COMPRESSIBLE = ("text/", "application/json", "application/javascript", "application/ld+json",
                "application/n-triples", "application/n-quads", "application/trig", "application/rdf+xml",
                "application/xml", "image/svg+xml")
MIN_BYTES = 512
MAX_BYTES = 16 * 1024 * 1024  # larger bodies (dumps) go out as they are, streamed
LEVEL = 6
SKIP_PREFIXES = ("/sparql",)
STATIC_PREFIX = "/assets/"


class Gzip:
    def __init__(self, app):
        self.app = app
        self._static: dict[tuple[str, int], bytes] = {}

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if ("gzip" not in environ.get("HTTP_ACCEPT_ENCODING", "").lower() or environ.get("REQUEST_METHOD") == "HEAD"
                or path.startswith(SKIP_PREFIXES)):
            return self.app(environ, start_response)
        return self._compressed(environ, start_response, path)

    def _compressed(self, environ, start_response, path):
        seen: dict = {}

        def capture(status, headers, exc_info=None):
            seen.update(status=status, headers=headers, exc_info=exc_info)
            return lambda data: seen.setdefault("written", []).append(data)

        result = self.app(environ, capture)
        headers = seen["headers"]
        if not self._worth_it(seen["status"], headers):
            start_response(seen["status"], headers, seen["exc_info"])
            for chunk in seen.get("written", []):
                yield chunk
            yield from result
            return
        try:
            body = b"".join(seen.get("written", [])) + b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        packed = self._compress(path, body)
        headers = [(k, v) for k, v in headers if k.lower() not in ("content-length", "vary")]
        vary = [v for k, v in seen["headers"] if k.lower() == "vary"]
        headers += [("Content-Encoding", "gzip"), ("Content-Length", str(len(packed))),
                    ("Vary", ", ".join(vary + ["Accept-Encoding"]))]
        start_response(seen["status"], headers, seen["exc_info"])
        yield packed

    @staticmethod
    def _worth_it(status: str, headers) -> bool:
        if not status.startswith("200") and not status.startswith(("4", "5")):
            return False
        found = {k.lower(): v for k, v in headers}
        if "content-encoding" in found or not found.get("content-type", "").startswith(COMPRESSIBLE):
            return False
        length = found.get("content-length")
        return length is None or MIN_BYTES <= int(length) <= MAX_BYTES

    def _compress(self, path: str, body: bytes) -> bytes:
        if not path.startswith(STATIC_PREFIX):
            return gzip.compress(body, LEVEL, mtime=0)
        key = (path, len(body))
        if key not in self._static:
            self._static[key] = gzip.compress(body, 9, mtime=0)
        return self._static[key]
