"""Search: `/api/search?q=` (JSON, datasette's envelope) and `/search?q=` (HTML, the box on every page).

Any label counts (skos:prefLabel, altLabel, foaf:name, rdfs:label, and skos:hiddenLabel, which holds the
ASCII-folded form of each label), with or without diacritics: "hai duong" finds Hải Dương and
"vo so" finds Voso (altLabel "Vỏ sò"). The query is folded with `dtkg.graph.slugs.fold`.
"""
from __future__ import annotations

import pyoxigraph as ox
from flask import Blueprint, request

from dtkg.graph.slugs import fold

from . import respond as r
from .labels import RDF_TYPE, Labels, backend, choose_lang, local_path, page_query, short

bp = Blueprint("api", __name__)

DEFAULT_LIMIT, MAX_LIMIT = 20, 100
MAX_WORDS = 4
PREDICATE_RANK = {"prefLabel": 0, "name": 1, "label": 1, "altLabel": 2, "hiddenLabel": 3}


@bp.route("/api/search")
@bp.route("/search.json")
def search_json():
    q = request.args.get("q", "")
    try:
        limit = _limit()
    except ValueError as exc:
        return r.error_json(str(exc), 400)
    rows, truncated = find(q, choose_lang(), limit)
    return r.with_headers(r.json_body({"ok": True, "q": q, "folded": fold(q), "rows": rows, "truncated": truncated}),
                          [{"href": _html_link(q), "type": "text/html"}], "Accept-Language, Cookie")


@bp.route("/search")
def search_html():
    q = request.args.get("q", "")
    lang = choose_lang()
    rows, truncated = find(q, lang, _limit(default_on_error=True))
    data = {"title": q or "…", "q": q, "folded": fold(q), "rows": rows, "truncated": truncated}
    links = [{"href": "/api/search?" + request.query_string.decode(), "type": "application/json", "format": "json"}]
    return r.respond(data, "api/search.html", r.HTML, links=links)


def _html_link(q: str) -> str:
    from urllib.parse import urlencode

    return "/search?" + urlencode({"q": q})


def _limit(default_on_error: bool = False) -> int:
    raw = request.args.get("limit", request.args.get("_size", ""))
    if not raw:
        return DEFAULT_LIMIT
    if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= MAX_LIMIT:  # "²".isdigit() is True
        if default_on_error:
            return DEFAULT_LIMIT
        raise ValueError(f"limit must be a whole number from 1 to {MAX_LIMIT}, got {raw!r}")
    return int(raw)


def find(q: str, lang: str, limit: int = DEFAULT_LIMIT) -> tuple[list[dict], bool]:
    """Entities with a label containing every word of `q` (folded), best matches first."""
    words = fold(q).split()
    if not words:
        return [], False
    phrase = " ".join(words)
    words = words[: MAX_WORDS - 1] + [" ".join(words[MAX_WORDS - 1:])] if len(words) > MAX_WORDS else words
    bindings = {f"w{i + 1}": ox.Literal(words[i] if i < len(words) else "") for i in range(MAX_WORDS)}
    best: dict[str, tuple] = {}
    for row in backend().select(page_query("search"), bindings=bindings):
        iri, label = row["s"].value, row["label"].value
        score = (_closeness(fold(label), phrase), PREDICATE_RANK.get(row["p"].value.rsplit("#", 1)[-1].rsplit("/", 1)[-1], 4),
                 len(label), label)
        if iri not in best or score < best[iri]:
            best[iri] = score
    ranked = sorted(best, key=lambda iri: (best[iri], iri))
    return [card(iri, best[iri][3], lang) for iri in ranked[:limit]], len(ranked) > limit


def _closeness(label: str, phrase: str) -> int:
    if label == phrase:
        return 0
    if label.startswith(phrase):
        return 1
    if f" {phrase}" in f" {label}":
        return 2
    return 3 if phrase in label else 4


def card(iri: str, matched: str, lang: str) -> dict:
    """One search result: its labels in both languages, its types and the label that matched."""
    labels, types = Labels(), []
    for row in backend().select(page_query("entity_card"), bindings={"node": ox.NamedNode(iri)}):
        if row["p"].value == RDF_TYPE:
            types.append(short(row["o"].value))
        elif isinstance(row["o"], ox.Literal):
            labels.add(iri, row["o"], row["p"].value)
    return {"iri": iri, "path": local_path(iri), "label": labels.pick(iri, lang) or short(iri),
            "labels": labels.by_lang(iri), "matched": matched, "types": sorted(set(types))}
