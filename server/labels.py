"""Labels and RDF terms for the web views: how a template shows an IRI, a literal, a label.

Which store and which addresses a view works with is server/context.py's job.
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

from dtkg.graph.namespaces import DCTERMS, FOAF, PREFIXES, RDF, RDFS, SKOS as SKOS_NS, VANN, XSD, short

from .context import base_iri
from .ui_text import DEFAULT_LANG

RDF_TYPE = str(RDF.type)
SKOS = str(SKOS_NS)
# Which label predicate wins when a node has several (lower is better).
LABEL_RANK = {str(SKOS_NS.prefLabel): 0, str(RDFS.label): 1, str(FOAF.name): 2, str(DCTERMS.title): 3,
              str(SKOS_NS.altLabel): 4}


TERM_LABELS_FILE = Path(__file__).resolve().parent / "term_labels.tsv"


@lru_cache(maxsize=None)
def term_labels() -> dict[str, tuple[str, str]]:
    """vi and en labels of the standard vocabularies' terms (`server/term_labels.tsv`), by full IRI."""
    namespaces = {**PREFIXES, "vann": str(VANN)}
    out = {}
    for line in TERM_LABELS_FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        curie, vi, en = line.split("\t")
        prefix, local = curie.split(":", 1)
        out[namespaces[prefix] + local] = (vi, en)
    return out


def term_label(iri: str, lang: str) -> str | None:
    """The label of a standard vocabulary term in the reader's language, if the table has it."""
    pair = term_labels().get(iri)
    return (pair[0] if lang == "vi" else pair[1]) if pair else None


def local_path(iri: str) -> str | None:
    """`https://w3id.org/vn-dtkg/id/x/y` → `/id/x/y`; None for IRIs outside the base."""
    base = base_iri()
    return "/" + iri[len(base):] if iri.startswith(base) else None


def safe_href(value) -> bool:
    """Whether a page may put `value` in an href: a local path ("/x", never "//host/x", which a
    browser reads as another site) or an http(s) IRI; `javascript:`, `data:` and the rest never."""
    text = str(value or "")
    return (text.startswith("/") and not text.startswith("//")) or text[:8].lower().startswith(("http://", "https://"))


def link(iri: str) -> str | None:
    """Where a page links for an IRI: its local path, the IRI itself if it is http(s), else nowhere
    (a `javascript:` or `data:` IRI in the data is shown as text, never as a link)."""
    path = local_path(iri)
    target = iri if path is None else path
    return target if safe_href(target) else None


def iri_for_path(path: str) -> str:
    return base_iri() + path.lstrip("/")


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

    def exact(self, iri: str, lang: str) -> str | None:
        """The label in `lang` (or without a language), never a fallback to the other language."""
        known = self._by_iri.get(iri, {})
        for candidate in (lang, ""):
            if candidate in known:
                return known[candidate][1]
        return None

    def pick(self, iri: str, lang: str) -> str | None:
        known = self._by_iri.get(iri, {})
        for candidate in (lang, "", "en" if lang == "vi" else "vi"):
            if candidate in known:
                return known[candidate][1]
        return min(known.values())[1] if known else None


def term(node, labels: Labels | None = None, lang: str = DEFAULT_LANG) -> dict:
    """One RDF term as the templates and JSON twins show it (the same keys for every kind)."""
    if isinstance(node, ox.NamedNode):
        label = ((labels.exact(node.value, lang) if labels else None) or term_label(node.value, lang)
                 or (labels.pick(node.value, lang) if labels else None))
        return {"kind": "iri", "value": node.value, "label": label or short(node.value),
                "href": link(node.value), "lang": None, "datatype": None}
    if isinstance(node, ox.BlankNode):
        return {"kind": "bnode", "value": f"_:{node.value}", "label": None, "href": None, "lang": None, "datatype": None}
    if isinstance(node, ox.Literal):
        datatype = node.datatype.value if node.datatype and not node.language else None
        plain = datatype in (None, str(XSD.string))
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
