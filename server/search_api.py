"""Search: `/api/search?q=` (JSON, datasette's envelope) and `/search?q=` (HTML, the box on every page);
`/api/labels` (the labels of a batch of IRIs, for the query editor's result tables).

Any label counts (skos:prefLabel, altLabel, foaf:name, rdfs:label, and skos:hiddenLabel, which holds the
ASCII-folded form of each label), with or without diacritics: "hai duong" finds Hải Dương and
"vo so" finds Voso (altLabel "Vỏ sò"). The query is folded with `dtkg.graph.slugs.fold`.
"""
from __future__ import annotations

import difflib
import re
from urllib.parse import urlencode

import pyoxigraph as ox
from flask import Blueprint, request

from dtkg.graph.slugs import fold, search_key

from dtkg.graph.namespaces import short

from . import respond as r
from .context import engine, once, page_query, page_rows
from .labels import RDF_TYPE, Labels, local_path, term_label
from .negotiation import HTML, with_links
from .ui_text import choose_lang, ui

bp = Blueprint("api", __name__)

DEFAULT_LIMIT, MAX_LIMIT = 20, 100
MAX_LABEL_IRIS = 500
MAX_WORDS = 4
PREDICATE_RANK = {"prefLabel": 0, "name": 1, "label": 1, "altLabel": 2, "hiddenLabel": 3}


@bp.route("/api/search")
@bp.route("/search.json")
def search_json():
    q = request.args.get("q", "")
    try:
        limit, page = _limit(), _page()
    except ValueError as exc:
        return r.error_json(str(exc), 400)
    rows, truncated = find(q, choose_lang(), limit, (page - 1) * limit)
    return with_links(r.json_body({"ok": True, "q": q, "folded": fold(q), "page": page, "rows": rows,
                                       "truncated": truncated}),
                          [{"href": _html_link(q), "type": "text/html"}], "Accept-Language, Cookie")


@bp.route("/search")
def search_html():
    q = request.args.get("q", "")
    lang = choose_lang()
    limit = _limit(default_on_error=True)
    try:
        page = _page()
    except ValueError:
        page = 1
    rows, truncated = find(q, lang, limit, (page - 1) * limit)
    data = {"title": f"{ui('search', lang)}: {q}" if q else ui("search", lang), "q": q, "folded": fold(q),
            "rows": rows, "truncated": truncated, "page": page,
            "previous": _html_link(q, page - 1) if page > 1 else None,
            "next": _html_link(q, page + 1) if truncated else None,
            "close": close_labels(q, lang) if q.strip() and not rows and page == 1 else []}
    links = [{"href": "/api/search?" + request.query_string.decode(), "type": "application/json", "format": "json"}]
    return r.respond(data, "api/search.html", HTML, links=links)


@bp.route("/api/labels", methods=["GET", "POST"])
def labels_json():
    """`iri=` (repeated; POST a form for many) → each IRI's label in the page's language and its page
    here; an IRI without a label is left out. One request per drawn page of a result table."""
    iris = list(dict.fromkeys(request.values.getlist("iri")))
    if len(iris) > MAX_LABEL_IRIS:
        return r.error_json(f"at most {MAX_LABEL_IRIS} IRIs per request, got {len(iris)}", 400)
    nodes = []
    for iri in iris:
        try:
            nodes.append(ox.NamedNode(iri))
        except ValueError:
            return r.error_json(f"not an IRI: {iri[:200]!r}", 400)
    lang, labels = choose_lang(), Labels()
    if nodes:
        text = page_query("iri_labels").replace("VALUES ?node { }", "VALUES ?node { " + " ".join(map(str, nodes)) + " }")
        for row in engine().select(text):
            labels.add(row["node"].value, row["label"], row["p"].value)
    out = {}
    for iri in iris:
        label = labels.exact(iri, lang) or term_label(iri, lang) or labels.pick(iri, lang)
        if label:
            out[iri] = {"label": label, "path": local_path(iri)}
    return with_links(r.json_body({"ok": True, "lang": lang, "labels": out}), [], "Accept-Language, Cookie")


def _html_link(q: str, page: int = 1) -> str:
    return "/search?" + urlencode({"q": q, **({"page": page} if page > 1 else {})})


def _page() -> int:
    raw = request.args.get("page", "1")
    if not raw.isdigit() or int(raw) < 1:
        raise ValueError(f"page must be a whole number from 1, got {raw!r}")
    return int(raw)


def _limit(default_on_error: bool = False) -> int:
    raw = request.args.get("limit", request.args.get("_size", ""))
    if not raw:
        return DEFAULT_LIMIT
    if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= MAX_LIMIT:  # "²".isdigit() is True
        if default_on_error:
            return DEFAULT_LIMIT
        raise ValueError(f"limit must be a whole number from 1 to {MAX_LIMIT}, got {raw!r}")
    return int(raw)


def find(q: str, lang: str, limit: int = DEFAULT_LIMIT, offset: int = 0) -> tuple[list[dict], bool]:
    """Entities whose label matches every word of `q` (folded), best matches first: the whole label,
    then whole words, then a label that starts with the words; only the last word may be the start
    of a word (typing), and a word inside an unrelated word never matches ("vo so" is not "so với")."""
    ranked = rank(q)
    page = ranked[offset: offset + limit]
    return [card(iri, matched, lang) for iri, matched in page], len(ranked) > offset + limit


def rank(q: str) -> list[tuple[str, str]]:
    """(IRI, matched label) of every match, best first."""
    words = fold(q).split()
    if not words:
        return []
    query_words = words[: MAX_WORDS - 1] + [" ".join(words[MAX_WORDS - 1:])] if len(words) > MAX_WORDS else words
    bindings = {f"w{i + 1}": ox.Literal(query_words[i] if i < len(query_words) else "") for i in range(MAX_WORDS)}
    best: dict[str, tuple] = {}
    for row in engine().select(page_query("search"), bindings=bindings):
        iri, label = row["s"].value, row["label"].value
        closeness = _closeness(fold(label), words)
        if closeness is None:
            continue
        predicate = row["p"].value.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        score = (closeness, len(label), PREDICATE_RANK.get(predicate, 4), label)
        if iri not in best or score < best[iri]:
            best[iri] = score
    return [(iri, best[iri][3]) for iri in sorted(best, key=lambda iri: (best[iri], iri))]


def _closeness(label: str, words: list[str]) -> int | None:
    """0 the whole label, 1 the label starts with the words, 2 every word is a whole word of the label,
    3 the last word only starts a word; None when a word only occurs inside another word."""
    phrase = " ".join(words)
    tokens = re.findall(r"[a-z0-9]+", label)
    if label == phrase or search_key(label) == search_key(phrase):
        return 0
    if search_key(phrase) in tokens:  # "vo so" is the word "voso"
        return 1
    if not all(w in tokens for w in words[:-1]):
        return None
    if words[-1] in tokens:
        return 1 if label.startswith(phrase) else 2
    if any(t.startswith(words[-1]) for t in tokens):
        return 3
    return None


def close_labels(q: str, lang: str, limit: int = 8) -> list[dict]:
    """Entities whose label is spelt close to `q` (for the 404 page when no label matches)."""
    index = label_index()
    found = difflib.get_close_matches(fold(q), list(index), n=limit, cutoff=0.6)
    seen, out = set(), []
    for label in found:
        if index[label] not in seen:
            seen.add(index[label])
            out.append(card(index[label], label, lang))
    return out


def label_index() -> dict[str, str]:
    """Folded label → IRI over every hidden (folded) label, read once per application."""
    return once("label_index", lambda: {row["label"].value: row["s"].value for row in page_rows("label_index")})


def card(iri: str, matched: str, lang: str) -> dict:
    """One search result: its labels in both languages, its types and the label that matched."""
    labels, types = Labels(), []
    for row in engine().select(page_query("entity_card"), bindings={"node": ox.NamedNode(iri)}):
        if row["p"].value == RDF_TYPE:
            types.append(row["o"].value)
            if row.get("typeLabel") is not None:
                labels.add(row["o"].value, row["typeLabel"])
        elif isinstance(row["o"], ox.Literal):
            labels.add(iri, row["o"], row["p"].value)
    types = sorted(set(types), key=short)
    words = [labels.exact(t, lang) or term_label(t, lang) or labels.pick(t, lang) or short(t) for t in types]
    return {"iri": iri, "path": local_path(iri), "label": labels.pick(iri, lang) or short(iri),
            "labels": labels.by_lang(iri), "matched": matched, "types": [short(t) for t in types],
            "type_labels": list(dict.fromkeys(words))}
