"""Web side of the dtkg server: query editor, named queries, linked-data pages, search, VoID, dumps.

`register_web(app)` is called by `create_app` after the `sparql` blueprint is registered. The views
use `current_app.extensions["dtkg"].engine` only through the SPARQL of `server/page_queries/`.
"""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlencode

from flask import Blueprint, Flask, request
from werkzeug.exceptions import HTTPException

from .compress import Gzip
from .labels import safe_href
from .negotiation import HTML
from .ui_text import UI, choose_lang, ui

HERE = Path(__file__).resolve().parent
VENDOR_MAX_AGE = 365 * 86400  # vendored files carry their version in their name


VERSIONED = re.compile(r"-\d+(?:\.\d+)+[.-]")  # yasgui-4.6.2.min.js


class Assets(Blueprint):
    def get_send_file_max_age(self, filename: str | None) -> int | None:
        return VENDOR_MAX_AGE if filename and VERSIONED.search(filename) else 3600

    def send_static_file(self, filename: str):
        response = super().send_static_file(filename)
        if VERSIONED.search(filename):
            response.cache_control.immutable = True  # a new version is a new name
        return response


assets = Assets("web", __name__, static_folder=str(HERE / "static"), static_url_path="/assets",
                template_folder=str(HERE / "templates"))


def lang_url(lang: str) -> str:
    """The current page in another language (the choice is then kept in a cookie)."""
    args = {k: v for k, v in request.args.items() if k != "lang"}
    args["lang"] = lang
    return request.path + "?" + urlencode(args)


def crumbs(title: str | None = None) -> list[tuple[str | None, str]]:
    """Home, then each folder of the path (not pages of their own), then the page's title."""
    parts = [p for p in request.path.split("/") if p]
    if not parts:
        return []
    lang = choose_lang()
    folders = [p for p in parts[:-1] if p != "id"]
    return ([("/", ui("home", lang))] + [(None, ui("crumb_" + p, lang) if "crumb_" + p in UI else p) for p in folders]
            + [(None, title or parts[-1])])


def template_context() -> dict:
    lang = choose_lang()
    return {"t": lambda key: ui(key, lang), "lang": lang, "lang_url": lang_url, "crumbs": crumbs}


def register_web(app: Flask) -> Flask:
    """Register the web blueprints (queries, pages, search, VoID, dumps, validation…) and the templates' helpers on *app*."""
    from . import (catalog, dumps, editor_view, explore, map_view, pages, queries_view, reconcile, search_api,
                   sources_view, validation_view, void_view)

    app.register_blueprint(assets)
    for blueprint in (editor_view.bp, queries_view.bp, pages.bp, search_api.bp, void_view.bp, dumps.bp, validation_view.bp, reconcile.bp,
                      catalog.bp, explore.bp, sources_view.bp, map_view.bp):
        app.register_blueprint(blueprint)
    app.context_processor(template_context)
    app.add_template_filter(safe_href, "safe_href")
    for status in (404, 405):
        app.register_error_handler(status, error_page)
    app.wsgi_app = Gzip(app.wsgi_app)
    return app


def error_page(error: HTTPException):
    """Unknown paths and methods: the page in the reader's language (JSON for .json and API paths),
    with labels close to the path's last word."""
    from . import respond as r
    from .search_api import close_labels

    lang = choose_lang()
    message = ui("not_found_path" if error.code == 404 else "method_not_allowed", lang)
    if request.path.endswith(".json") or request.path.startswith("/api/"):
        return r.error_json(message, error.code)
    words = request.path.rstrip("/").rsplit("/", 1)[-1].replace("-", " ")
    data = {"title": ui("not_found" if error.code == 404 else "error", lang), "code": error.code, "error": message,
            "iri": None,
            "suggestions": close_labels(words, lang) if error.code == 404 and words else []}
    response = r.respond(data, "pages/not_found.html", HTML, status=error.code)
    if error.code == 405:
        response.headers["Allow"] = ", ".join(error.valid_methods or [])
    return response
