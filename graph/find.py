"""Find existing entities by label, so a curator reuses an IRI instead of describing the entity again.

Labels are compared folded (no case, no diacritics, đ→d), so "hai duong", "Hải Dương" and
"HAI DUONG" meet, and so do English labels and names written without diacritics. The ranking:
a whole label equal to the text, then a label holding all its words, then a close spelling; ties go
to the more basic kind of entity (a province before the bodies named after it) and the shorter label.

>>> [m.curie for m in LabelIndex.from_labels({"https://w3id.org/vn-dtkg/id/province/hai-duong": ["Hải Dương"],
...     "https://w3id.org/vn-dtkg/id/organisation/ubnd-hai-duong": ["UBND tỉnh Hải Dương"]}).find("hai duong")]
['province:hai-duong', 'organisation:ubnd-hai-duong']
"""
from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import FOAF, SKOS

from .namespaces import ID, curie
from .slugs import fold, search_key

LABELS = (SKOS.prefLabel, SKOS.altLabel, FOAF.name)
# Kinds a curator links to; facts (observations, targets, deployments, memberships) are not reused.
KINDS = ("province", "country", "district", "commune", "place", "organisation", "person", "system",
         "document", "programme", "event", "source")


@dataclass
class Match:
    iri: str
    curie: str
    score: float
    matched: str
    types: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        return {"curie": self.curie, "iri": self.iri, "types": self.types, "labels": self.labels,
                "matched": self.matched, "score": round(self.score, 3)}


def _kind(iri: str) -> str | None:
    if not iri.startswith(str(ID)):
        return None
    kind = iri[len(ID):].split("/", 1)[0]
    return kind if kind in KINDS else None


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", fold(text))


class LabelIndex:
    """Folded labels of the entities a curator may link to."""

    def __init__(self):
        self.labels: dict[str, list[str]] = {}   # iri → labels as written (vi first)
        self.types: dict[str, list[str]] = {}

    @classmethod
    def from_labels(cls, labels: dict[str, list[str]], types: dict[str, list[str]] | None = None) -> "LabelIndex":
        index = cls()
        index.labels = {k: list(v) for k, v in labels.items()}
        index.types = types or {}
        return index

    @classmethod
    def from_graph(cls, graph: Graph) -> "LabelIndex":
        index = cls()
        ranked: dict[str, list[tuple[int, str]]] = {}
        for order, prop in enumerate(LABELS):
            for s, label in graph.subject_objects(prop):
                if isinstance(s, URIRef) and isinstance(label, Literal) and _kind(str(s)):
                    # prefLabel vi, prefLabel en, then names and variants: the order a curator reads
                    ranked.setdefault(str(s), []).append((order * 2 + (label.language != "vi"), str(label)))
        for s, labels in ranked.items():
            index.labels[s] = list(dict.fromkeys(text for _, text in sorted(labels)))
        for s in index.labels:
            index.types[s] = sorted(curie(t) for t in graph.objects(URIRef(s), RDF.type))
        return index

    def find(self, text: str, limit: int = 10, kinds: Iterable[str] | None = None) -> list[Match]:
        """Entities whose labels match `text`, best first."""
        query, words, key = fold(text), _words(text), search_key(text)
        if not key:
            return []
        wanted = set(kinds) if kinds else None
        out = []
        for iri, labels in self.labels.items():
            kind = _kind(iri)
            if wanted and kind not in wanted:
                continue
            best = max(((self._score(query, words, key, label), label) for label in labels), default=(0, ""))
            if best[0] > 0:
                # basic kinds first on a tie; a shorter label means a closer match
                rank = best[0] - KINDS.index(kind) * 0.01 - len(best[1]) * 0.0001
                out.append(Match(iri, curie(URIRef(iri)), rank, best[1], self.types.get(iri, []), labels))
        out.sort(key=lambda m: (-m.score, m.curie))
        return out[:limit]

    @staticmethod
    def _score(query: str, words: list[str], key: str, label: str) -> float:
        folded = fold(label)
        if search_key(label) == key:
            return 3.0
        have = _words(label)
        if words and all(w in have for w in words):
            return 2.0 + len(words) / max(len(have), 1)
        if len(key) >= 4 and key in search_key(label):
            return 1.5
        ratio = difflib.SequenceMatcher(None, query, folded).ratio()
        return ratio if ratio >= 0.8 else 0.0
