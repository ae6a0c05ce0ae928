"""Cross-origin reads, as one WSGI middleware around every answer: /sparql's (answered before
Flask) and every view's alike. Reads only (GET, POST, OPTIONS) from CORS_ORIGINS ("*" for any
origin); an answer that depends on the Origin says so in Vary."""
from __future__ import annotations

METHODS = "GET, POST, OPTIONS"


def cors_headers(origins: tuple[str, ...], origin: str | None, method: str,
                 request_headers: str | None) -> tuple[list[tuple[str, str]], bool]:
    """(headers to add, whether the answer varies by Origin) for a request from `origin`."""
    if not origin or not origins:
        return [], False
    if "*" in origins:
        headers, varies = [("Access-Control-Allow-Origin", "*")], False
    elif origin in origins:
        headers, varies = [("Access-Control-Allow-Origin", origin)], True
    else:
        return [], False
    if method == "OPTIONS":  # a preflight
        headers += [("Access-Control-Allow-Methods", METHODS),
                    ("Access-Control-Allow-Headers", request_headers or "Accept, Content-Type"),
                    ("Access-Control-Max-Age", "86400")]
    return headers, varies


def vary_on_origin(headers: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The headers with Origin added to Vary (a Vary header is created if there is none)."""
    out, found = [], False
    for name, value in headers:
        if name.lower() == "vary":
            found = True
            if "origin" not in {v.strip().lower() for v in value.split(",")}:
                value = f"{value}, Origin" if value.strip() else "Origin"
        out.append((name, value))
    return out if found else out + [("Vary", "Origin")]


class Cors:
    """WSGI middleware: the CORS headers of `cors_headers` on every answer."""

    def __init__(self, app, origins: tuple[str, ...]):
        self.app, self.origins = app, tuple(origins)

    def __call__(self, environ, start_response):
        added, varies = cors_headers(self.origins, environ.get("HTTP_ORIGIN"), environ.get("REQUEST_METHOD", "GET"),
                                     environ.get("HTTP_ACCESS_CONTROL_REQUEST_HEADERS"))
        if not added:
            return self.app(environ, start_response)

        def start(status, headers, exc_info=None):
            headers = [h for h in headers if h[0].lower() not in {a[0].lower() for a in added}] + added
            return start_response(status, vary_on_origin(headers) if varies else headers, exc_info)

        return self.app(environ, start)
