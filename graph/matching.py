"""Name matching against the graph: a label index built from the store by SPARQL, and scores.

Shared by the reconciliation service (`/reconcile`) and anything else that turns a name into an
entity. Names are compared folded (`slugs.fold`: no case, no diacritics, đ→d) and as word sets, so
"hai duong", "Hải Dương" and "HẢI DƯƠNG" meet, and labels in both languages count.

>>> normalise("Sở TT&TT Hải Dương")
'so tt tt hai duong'
>>> name_score("hai duong", Label("Hải Dương", "vi"))
98.0
"""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property

from .namespaces import PREFIXES
from .slugs import fold

# Kinds of entity a name can be matched to: the reconciliation types, with the classes they cover.
KINDS: dict[str, dict] = {
    "province": {"en": "Province-level unit", "vi": "Đơn vị hành chính cấp tỉnh", "classes": ("dtkg:Province",)},
    "organisation": {"en": "Organisation", "vi": "Tổ chức",
                     "classes": ("org:Organization", "org:FormalOrganization", "org:OrganizationalUnit")},
    "person": {"en": "Person", "vi": "Người", "classes": ("foaf:Person",)},
    "platform": {"en": "Platform or digital system", "vi": "Nền tảng, hệ thống số", "classes": ("dtkg:DigitalSystem",)},
    "document": {"en": "Document or programme", "vi": "Văn bản, chương trình",
                 "classes": ("eli:LegalResource", "dtkg:Programme")},
    "indicator": {"en": "Indicator", "vi": "Chỉ tiêu", "classes": ("schema:StatisticalVariable",)},
}
EXACT, FOLDED_EXACT = 100.0, 98.0
MATCH_AT = 95.0        # a candidate this good, and no other one this good, is a match
MIN_SCORE = 40.0       # below this a candidate is noise (a shared common word)
MISMATCH_PENALTY = 0.5  # a stated property the candidate contradicts halves its score

_LABELS = "skos:prefLabel skos:altLabel foaf:name rdfs:label".split()


def _expand(pname: str) -> str:
    prefix, _, local = pname.partition(":")
    return f"<{PREFIXES[prefix]}{local}>"


def _index_query() -> str:
    pairs = " ".join(f"({_expand(c)} \"{kind}\")" for kind, spec in KINDS.items() for c in spec["classes"])
    labels = " ".join(_expand(p) for p in _LABELS)
    return f"""SELECT ?entity ?kind ?p ?label WHERE {{
  VALUES (?class ?kind) {{ {pairs} }}
  ?entity a ?class .
  VALUES ?p {{ {labels} }}
  ?entity ?p ?label .
  FILTER(isIRI(?entity) && isLiteral(?label))
}}"""


# The province an entity belongs to: an organisation's area (or the province around it), the area
# of a person's organisation, the place of a platform's deployment, the area of a document's issuer.
PROVINCES_QUERY = """PREFIX schema: <https://schema.org/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX dtkg: <https://w3id.org/vn-dtkg/ontology#>
SELECT DISTINCT ?entity ?province WHERE {
  { ?entity schema:areaServed/schema:containedInPlace* ?province }
  UNION { ?m a org:Membership ; org:member ?entity ; org:organization/schema:areaServed/schema:containedInPlace* ?province }
  UNION { ?d a dtkg:Deployment ; prov:used ?entity ; prov:atLocation/schema:containedInPlace* ?province }
  UNION { ?entity eli:passed_by/schema:areaServed/schema:containedInPlace* ?province }
  ?province a dtkg:Province .
}"""

DESCRIPTIONS_QUERY = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX schema: <https://schema.org/>
SELECT ?entity ?text WHERE {
  VALUES ?p { skos:definition dct:description schema:description }
  ?entity ?p ?text FILTER(isIRI(?entity) && isLiteral(?text))
}"""


def normalise(text: str) -> str:
    """Folded words: lower case, no diacritics, punctuation as spaces."""
    return " ".join(re.sub(r"[^\w]+", " ", fold(text)).split())


@dataclass(frozen=True)
class Label:
    text: str
    lang: str = ""
    preferred: bool = False  # skos:prefLabel (the name to show) rather than an alternative

    @cached_property
    def words(self) -> tuple[str, ...]:
        return tuple(normalise(self.text).split())

    @cached_property
    def casefolded(self) -> str:
        return unicodedata.normalize("NFC", self.text).casefold()


@dataclass
class Entity:
    iri: str
    kinds: set[str] = field(default_factory=set)
    labels: list[Label] = field(default_factory=list)
    provinces: set[str] = field(default_factory=set)
    descriptions: dict[str, str] = field(default_factory=dict)

    def name(self, lang: str = "vi") -> str:
        """The label to show: preferred in `lang`, then any preferred, then the first."""
        for label in self.labels:
            if label.lang == lang:
                return label.text
        return self.labels[0].text if self.labels else self.iri


@dataclass
class Candidate:
    entity: Entity
    score: float
    features: dict[str, float | bool]
    match: bool = False


def name_score(query: str | Label, label: Label) -> float:
    """100 for the same text, 98 for the same folded text, else up to 90 by shared words (Dice)."""
    query = query if isinstance(query, Label) else Label(query.strip())
    if query.casefolded == label.casefolded:
        return EXACT
    q, words = query.words, label.words
    if not q or not words:
        return 0.0
    if q == words:
        return FOLDED_EXACT
    common = len(set(q) & set(words))
    return round(90.0 * 2 * common / (len(set(q)) + len(set(words))), 1)


class LabelIndex:
    """Entities of the matchable kinds with their labels, provinces and descriptions, held in memory."""

    def __init__(self, entities: Iterable[Entity]):
        self.entities: dict[str, Entity] = {e.iri: e for e in entities}
        self._by_word: dict[str, set[str]] = defaultdict(set)
        for e in self.entities.values():
            for label in e.labels:
                for word in label.words:
                    self._by_word[word].add(e.iri)

    @classmethod
    def from_select(cls, select: Callable[[str], Iterable]) -> "LabelIndex":
        """Build from any `select(text)` giving rows indexable by variable name (pyoxigraph terms)."""
        entities: dict[str, Entity] = {}
        for row in select(_index_query()):
            e = entities.setdefault(row["entity"].value, Entity(row["entity"].value))
            e.kinds.add(row["kind"].value)
            label = row["label"]
            item = Label(unicodedata.normalize("NFC", label.value), getattr(label, "language", None) or "",
                         row["p"].value == PREFIXES["skos"] + "prefLabel")
            if item not in e.labels:
                e.labels.append(item)
        for row in select(PROVINCES_QUERY):
            if row["entity"].value in entities:
                entities[row["entity"].value].provinces.add(row["province"].value)
        for row in select(DESCRIPTIONS_QUERY):
            e = entities.get(row["entity"].value)
            if e is not None:
                e.descriptions.setdefault(getattr(row["text"], "language", None) or "", row["text"].value)
        for e in entities.values():  # a stable order: preferred labels first, then shorter ones
            e.labels.sort(key=lambda l: (not l.preferred, l.lang not in ("vi", "en"), len(l.text), l.text))
        return cls(entities.values())

    def candidates_for(self, query: str) -> set[str]:
        words = normalise(query).split()
        found: set[str] = set()
        for word in words:
            found |= self._by_word.get(word, set())
        if query.strip() in self.entities:  # an identifier given as the query
            found.add(query.strip())
        return found

    def match(self, query: str, kinds: Iterable[str] = (), provinces: Iterable[str] | None = None,
              limit: int = 10) -> list[Candidate]:
        """Candidates for a name, best first. `kinds` restricts the kinds; `provinces` (IRIs) is a
        stated province that raises the score of entities in it and halves the others'."""
        kinds, out, asked = set(kinds), [], Label(query.strip())
        wanted = set(provinces) if provinces is not None else None
        for iri in self.candidates_for(query):
            e = self.entities[iri]
            if kinds and not kinds & e.kinds:
                continue
            score = EXACT if iri == query.strip() else max(name_score(asked, l) for l in e.labels)
            features: dict[str, float | bool] = {"name": score}
            if wanted is not None:
                agrees = bool(wanted & (e.provinces | {iri}))
                features["province"] = agrees
                score = score if agrees else score * MISMATCH_PENALTY
            if score >= MIN_SCORE:
                out.append(Candidate(e, score, features))
        out.sort(key=lambda c: (-c.score, len(c.entity.name()), c.entity.iri))
        strong = [c for c in out if c.score >= MATCH_AT]
        if len(strong) == 1:
            strong[0].match = True
        return out[:limit]

    def resolve_province(self, value: str) -> set[str]:
        """Province IRIs named by a value: an IRI of one, or a name (every exact-enough match)."""
        if value in self.entities and "province" in self.entities[value].kinds:
            return {value}
        return {c.entity.iri for c in self.match(value, kinds=("province",), limit=5) if c.score >= MATCH_AT}

    def suggest(self, prefix: str, kinds: Iterable[str] = ()) -> list[Entity]:
        """Entities with a label whose folded words start with the prefix's, for auto-completion."""
        words = normalise(prefix).split()
        if not words:
            return []
        kinds, found = set(kinds), []
        for e in self.entities.values():
            if kinds and not kinds & e.kinds:
                continue
            ranks = [(0 if " ".join(label.words).startswith(" ".join(words)) else 1, len(label.text))
                     for label in e.labels if all(any(w.startswith(q) for w in label.words) for q in words)]
            if ranks:
                found.append((*min(ranks), e.iri, e))
        return [e for *_, e in sorted(found, key=lambda t: t[:3])]
