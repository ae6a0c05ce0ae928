"""The headers every answer carries so that a page cannot be turned against its reader: a strict
Content-Security-Policy (scripts only from this server's files, no inline script, no framing, no
plugins), no MIME sniffing, no referrer leaking to other sites.

Inline styles stay allowed: YASGUI and CodeMirror set `style` attributes from their own scripts.
"""
from __future__ import annotations

CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
       "connect-src 'self'; font-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; "
       "frame-ancestors 'none'")

HEADERS = (
    ("Content-Security-Policy", CSP),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ("X-Frame-Options", "DENY"),  # frame-ancestors for browsers that predate CSP 2
    ("Cross-Origin-Opener-Policy", "same-origin"),
)


class SecureHeaders:
    """WSGI middleware, outermost: every answer gets the headers, /sparql's (answered before Flask)
    and every view's alike; an answer that set one of them itself (the reconciliation preview's own
    CSP, which must allow framing by OpenRefine) keeps its own."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        def start(status, headers, exc_info=None):
            present = {name.lower() for name, _ in headers}
            return start_response(status, headers + [h for h in HEADERS if h[0].lower() not in present], exc_info)

        return self.app(environ, start)
