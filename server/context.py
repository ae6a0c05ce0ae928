"""What a view needs from the running application, in one place: the engine it queries, the
configured addresses, the project settings and the SPARQL of `server/page_queries/`.

Views contain no SPARQL and read no configuration themselves: they call these.
"""
from __future__ import annotations

import threading
from functools import lru_cache
from pathlib import Path

from flask import current_app

from dtkg.graph.namespaces import BASE

PAGE_QUERIES = Path(__file__).resolve().parent / "page_queries"


def engine():
    """The store this server answers from (opened once by create_app)."""
    return current_app.extensions["dtkg"].engine


def base_iri() -> str:
    """The graph's base IRI as configured (BASE_IRI), else the one in dtkg.graph.namespaces."""
    ext = current_app.extensions.get("dtkg")
    config = getattr(ext, "config", None) or {}
    value = config.get("BASE_IRI") if hasattr(config, "get") else getattr(config, "BASE_IRI", None)
    return value or current_app.config.get("BASE_IRI") or BASE


def public_url() -> str:
    """The configured public address without a trailing slash, or "" (then links stay relative)."""
    return (current_app.extensions["dtkg"].config.PUBLIC_URL or "").rstrip("/")


def project_settings():
    """The project's settings (folders of sources, facts, dist/): the application's, else the defaults."""
    from dtkg.graph.config import settings

    return current_app.config.get("DTKG_SETTINGS") or settings()


@lru_cache(maxsize=None)
def page_query(name: str) -> str:
    """The SPARQL text of `server/page_queries/NAME.rq`, read once."""
    return (PAGE_QUERIES / f"{name}.rq").read_text(encoding="utf-8")


def page_rows(name: str, **bindings) -> list[dict]:
    """The rows of page query NAME on the served store."""
    return engine().select(page_query(name), bindings=bindings)


_lock = threading.Lock()


def once(key: str, compute):
    """Compute a value once per application (the data it serves is read-only)."""
    computed = current_app.extensions.setdefault("dtkg.once", {})
    with _lock:
        if key not in computed:
            computed[key] = compute()
        return computed[key]
