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
