"""Labels, languages and RDF terms for the web views: everything a template shows is chosen here.

    >>> short("http://www.w3.org/2004/02/skos/core#prefLabel")
    'skos:prefLabel'

Views contain no SPARQL: `page_query(name)` reads `server/page_queries/NAME.rq`.
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
from flask import current_app, request

from dtkg.graph.namespaces import BASE, PREFIXES

LANGS = ("vi", "en")
DEFAULT_LANG = "vi"
PAGE_QUERIES = Path(__file__).resolve().parent / "page_queries"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SKOS = "http://www.w3.org/2004/02/skos/core#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
# Which label predicate wins when a node has several (lower is better).
LABEL_RANK = {SKOS + "prefLabel": 0, RDFS + "label": 1, "http://xmlns.com/foaf/0.1/name": 2,
              "http://purl.org/dc/terms/title": 3, SKOS + "altLabel": 4}

UI = {  # interface strings; data labels come from the graph
    "search": ("Tìm kiếm", "Search"), "search_placeholder": ("Tên, ví dụ: hai duong", "A name, e.g. hai duong"),
    "query": ("Truy vấn SPARQL", "SPARQL query"), "queries": ("Truy vấn mẫu", "Named queries"),
    "examples": ("Ví dụ", "Examples"), "ontology": ("Bản thể học", "Ontology"), "void": ("Mô tả bộ dữ liệu", "Dataset (VoID)"),
    "dumps": ("Tải dữ liệu", "Downloads"), "validation": ("Kiểm tra SHACL", "SHACL validation"),
    "types": ("Kiểu", "Types"), "statements": ("Thuộc tính", "Statements"), "incoming": ("Được tham chiếu bởi", "Referenced by"),
    "evidence": ("Trích dẫn làm bằng chứng", "Supporting quotes"), "sources": ("Nguồn", "Sources"),
    "neighbours": ("Lân cận", "Neighbours"), "formats": ("Định dạng khác", "Other formats"),
    "not_found": ("Không tìm thấy", "Not found"), "no_results": ("Không có kết quả.", "No results."),
    "results": ("Kết quả", "Results"), "run": ("Chạy", "Run"), "parameters": ("Tham số", "Parameters"),
    "open_in_editor": ("Mở trong trình soạn truy vấn", "Open in the query editor"),
    "rows": ("dòng", "rows"), "truncated": ("Kết quả bị cắt bớt.", "Results truncated."),
    "classes": ("Lớp", "Classes"), "properties": ("Thuộc tính", "Properties"), "concepts": ("Khái niệm", "Concepts"),
    "domain": ("Miền", "Domain"), "range": ("Phạm vi", "Range"), "superclasses": ("Lớp cha", "Subclass of"),
    "quotes_from": ("Trích dẫn từ nguồn này", "Quotes from this source"), "about": ("Về", "About"),
    "entities": ("Thực thể trong đồ thị", "Entities in this graph"), "triples": ("bộ ba", "triples"),
    "conforms": ("Dữ liệu hợp lệ", "The data conforms"), "not_conforms": ("Dữ liệu không hợp lệ", "The data does not conform"),
    "endpoint": ("Điểm truy vấn SPARQL", "SPARQL endpoint"), "home": ("Trang chủ", "Home"),
    "not_found_text": ("Không có dữ liệu nào về IRI này.", "The graph says nothing about this IRI."),
    "offsets": ("vị trí", "offsets"), "error": ("Lỗi", "Error"), "language": ("Ngôn ngữ", "Language"),
    "subsets": ("Đồ thị con", "Subsets"), "linksets": ("Liên kết ra ngoài", "Links to other datasets"),
    "class_partitions": ("Số thực thể theo lớp", "Entities per class"),
    "property_partitions": ("Số bộ ba theo thuộc tính", "Triples per property"),
}


@lru_cache(maxsize=None)
def page_query(name: str) -> str:
    """The SPARQL text of `server/page_queries/NAME.rq`, read once."""
    return (PAGE_QUERIES / f"{name}.rq").read_text(encoding="utf-8")


def choose_lang() -> str:
    """`?lang=`, then the `lang` cookie it sets, then Accept-Language, then Vietnamese."""
    for candidate in (request.args.get("lang"), request.cookies.get("lang")):
        if candidate in LANGS:
            return candidate
    return request.accept_languages.best_match(LANGS) or DEFAULT_LANG


def ui(key: str, lang: str) -> str:
    vi, en = UI[key]
    return vi if lang == "vi" else en


def base_iri() -> str:
    """The graph's base IRI as configured (BASE_IRI), else the one in dtkg.graph.namespaces."""
    ext = current_app.extensions.get("dtkg")
    config = getattr(ext, "config", None) or {}
    value = config.get("BASE_IRI") if hasattr(config, "get") else getattr(config, "BASE_IRI", None)
    return value or current_app.config.get("BASE_IRI") or BASE


def backend():
    return current_app.extensions["dtkg"].backend


def local_path(iri: str) -> str | None:
    """`https://w3id.org/vn-dtkg/id/x/y` → `/id/x/y`; None for IRIs outside the base."""
    base = base_iri()
    return "/" + iri[len(base):] if iri.startswith(base) else None


def public_url() -> str:
    """The configured public address without a trailing slash, or "" (then links stay relative)."""
    return (current_app.extensions["dtkg"].config.PUBLIC_URL or "").rstrip("/")


def link(iri: str) -> str | None:
    """Where a page links for an IRI: its local path, the IRI itself if it is http(s), else nowhere
    (a `javascript:` or `data:` IRI in the data is shown as text, never as a link)."""
    path = local_path(iri)
    if path is not None:
        return path
    return iri if iri[:8].lower().startswith(("http://", "https://")) else None


def iri_for_path(path: str) -> str:
    return base_iri() + path.lstrip("/")


_LONGEST_FIRST = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))


@lru_cache(maxsize=65536)
def short(iri: str) -> str:
    """A prefixed name when a dtkg prefix covers the IRI, else the IRI itself."""
    for prefix, ns in _LONGEST_FIRST:
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


class Labels:
    """Labels per IRI and language, filled from query rows; picks one for the reader's language."""

    def __init__(self):
        self._by_iri: dict[str, dict[str, tuple[int, str]]] = {}

    def add(self, iri: str, label: ox.Literal, predicate: str | None = None) -> None:
        rank = LABEL_RANK.get(predicate or "", 5)
        lang = label.language or ""
        known = self._by_iri.setdefault(iri, {})
        if lang not in known or rank < known[lang][0] or (rank == known[lang][0] and label.value < known[lang][1]):
            known[lang] = (rank, nfc(label.value))

    def by_lang(self, iri: str) -> dict[str, str]:
        return {lang: v for lang, (_, v) in sorted(self._by_iri.get(iri, {}).items())}

    def pick(self, iri: str, lang: str) -> str | None:
        known = self._by_iri.get(iri, {})
        for candidate in (lang, "", "en" if lang == "vi" else "vi"):
            if candidate in known:
                return known[candidate][1]
        return min(known.values())[1] if known else None


def term(node, labels: Labels | None = None, lang: str = DEFAULT_LANG) -> dict:
    """One RDF term as the templates and JSON twins show it (the same keys for every kind)."""
    if isinstance(node, ox.NamedNode):
        label = labels.pick(node.value, lang) if labels else None
        return {"kind": "iri", "value": node.value, "label": label or short(node.value),
                "href": link(node.value), "lang": None, "datatype": None}
    if isinstance(node, ox.BlankNode):
        return {"kind": "bnode", "value": f"_:{node.value}", "label": None, "href": None, "lang": None, "datatype": None}
    if isinstance(node, ox.Literal):
        datatype = node.datatype.value if node.datatype and not node.language else None
        plain = datatype in (None, "http://www.w3.org/2001/XMLSchema#string")
        return {"kind": "literal", "value": nfc(node.value), "label": None, "href": None, "lang": node.language or None,
                "datatype": None if plain else short(datatype)}
    raise TypeError(f"not an RDF term: {node!r}")


def iri_term(iri: str, labels: Labels | None = None, lang: str = DEFAULT_LANG) -> dict:
    return term(ox.NamedNode(iri), labels, lang)


def plain(node):
    """A JSON value for a term: numbers and booleans as such, everything else its lexical form."""
    if node is None:
        return None
    if isinstance(node, ox.Literal) and node.datatype is not None:
        kind = node.datatype.value.rsplit("#", 1)[-1]
        try:
            if kind in ("integer", "int", "long", "short", "nonNegativeInteger", "positiveInteger", "gYear"):
                return int(node.value)
            if kind in ("decimal", "double", "float"):
                return float(node.value)
            if kind == "boolean":
                return node.value in ("true", "1")
        except ValueError:
            pass
    return nfc(node.value)
