"""`/sources/<id>`: the local copy of a source article, served by the app, with its description (title,
publisher, date or the honest note on its precision) and, given `?start=&end=` (code-point offsets
into the NFC text, as the annotations record them), the quote highlighted at `#quote`.

The copies are found as the build finds them (`dtkg.graph.sources.resolve_local_copy`): in
`../shared/sources` beside the clone unless `DTKG_SOURCES` says otherwise.
"""
from __future__ import annotations

import hashlib

import pyoxigraph as ox
from flask import Blueprint, request
from markupsafe import Markup, escape

from dtkg.graph.sources import resolve_local_copy

from . import humanize
from . import respond as r
from .context import engine, page_query, project_settings
from .labels import Labels, iri_for_path
from .negotiation import HTML
from .ui_text import choose_lang, ui

bp = Blueprint("sources", __name__)


@bp.route("/sources/<path:sid>")
def source_text(sid: str):
    lang = choose_lang()
    node = ox.NamedNode(iri_for_path("/id/source/" + sid))
    rows = engine().select(page_query("source_text"), bindings={"node": node})
    if not rows:
        return _error(f"no local text is recorded for the source {sid!r}", 404, lang)
    labels, first = Labels(), rows[0]
    for row in rows:
        for var in ("title", "precision", "publisherLabel"):
            if row.get(var) is not None:
                labels.add(var, row[var])
    path = resolve_local_copy(project_settings(), first["localCopy"].value)
    try:
        raw = path.read_bytes()
    except OSError:
        return _error(f"the local copy {first['localCopy'].value} is not in the sources folder", 404, lang)
    text = raw.decode("utf-8")
    try:
        start, end = _offsets(len(text))
    except ValueError as exc:
        return _error(str(exc), 400, lang)
    published = first.get("published")
    data = {"title": labels.pick("title", lang) or sid, "path": "/id/source/" + sid,
            "publisher": labels.pick("publisherLabel", lang),
            "published": humanize.date(published.value, lang) if published is not None else None,
            "precision": labels.pick("precision", lang),
            "url": first["url"].value if first.get("url") is not None else None,
            "local_copy": first["localCopy"].value, "start": start, "end": end,
            "changed": first.get("sha256") is not None and hashlib.sha256(raw).hexdigest() != first["sha256"].value,
            "text": _highlight(text, start, end)}
    return r.respond(data, "pages/source_text.html", HTML)


def _offsets(length: int) -> tuple[int | None, int | None]:
    raw_start, raw_end = request.args.get("start"), request.args.get("end")
    if raw_start is None and raw_end is None:
        return None, None
    if not (raw_start or "").isdigit() or not (raw_end or "").isdigit():
        raise ValueError("start and end must both be whole numbers (code-point offsets)")
    start, end = int(raw_start), int(raw_end)
    if not start < end <= length:
        raise ValueError(f"the offsets must satisfy start < end <= {length}, the length of the text")
    return start, end


def _highlight(text: str, start: int | None, end: int | None) -> Markup:
    if start is None:
        return escape(text)
    return escape(text[:start]) + Markup('<mark id="quote">') + escape(text[start:end]) + Markup("</mark>") + escape(text[end:])


def _error(message: str, status: int, lang: str):
    return r.respond({"title": ui("not_found" if status == 404 else "error", lang), "code": status, "error": message, "iri": None, "suggestions": []},
                     "pages/not_found.html", HTML, status=status)
