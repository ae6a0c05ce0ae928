"""Cross-origin reads: the CORS headers for a request, the same for /sparql (plain WSGI) and the
Flask views. Reads only (GET, POST, OPTIONS) from CORS_ORIGINS ("*" for any origin)."""
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
