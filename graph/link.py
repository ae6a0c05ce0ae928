"""`dtkg link wikidata`: propose Wikidata items for the graph's people, organisations, places and
platforms that have none, for a person to review (a source stage: nothing here touches the build).

Candidates are items whose label or alias equals one of the entity's labels, in vi or en, with or
without diacritics. Each is scored against what the graph knows: its type (P31) must fit the kind
of entity, its country (P17, or P27 for a person) should be Vietnam, and the labels of its
location (P131), positions (P39), occupations (P106), parent organisation (P749), operator (P137)
and description should share words with the entity's context (its posts, organisations, province,
category). A politician is thus preferred to a footballer of the same name, and a province to the
city of the same name. The endpoint is any Wikidata-style SPARQL service (SPARQLWrapper), asked
politely: a descriptive User-Agent, a pause between requests, and retries with back-off.
"""
from __future__ import annotations

import time
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from .errors import DtkgError
from .matching import normalise

WDQS = "https://query.wikidata.org/sparql"
USER_AGENT = "dtkg-link/0.1 (knowledge graph of Vietnam's digital transformation; https://w3id.org/vn-dtkg/)"
WD = "http://www.wikidata.org/entity/"
VIETNAM, HUMAN = WD + "Q881", WD + "Q5"
PROVINCE_CLASSES = {WD + "Q2824648", WD + "Q1381899"}  # province of Vietnam, municipality of Vietnam
PROPERTIES = ("P31", "P17", "P27", "P131", "P39", "P106", "P749", "P137")
AUTO_AT, REVIEW_AT, MARGIN = 80, 50, 15
BATCH = 20  # entities per name query

# Words a class label needs to fit each kind of entity (compared folded, as words).
KIND_WORDS = {
    "organisation": "company business organization organisation agency corporation enterprise bank committee party "
                    "ministry newspaper association council government union cooperative authority doanh nghiep "
                    "cong ty to chuc co quan tap doan ngan hang hoi bao",
    "platform": "website app application software platform marketplace service system portal network store "
                "ung dung nen tang san cong",
    "place": "district town city commune ward village market park zone region hotel area huyen thi xa thanh pho "
             "phuong cho khu vung",
}
# Occupations that fit someone the graph knows by a public or business post.
POST_OCCUPATIONS = set(("politician official civil servant businessperson businessman businesswoman executive banker "
                        "journalist manager diplomat chinh khach chinh tri gia doanh nhan cong chuc nha bao").split())
STOPWORDS = set("of the and in for a an to tinh thanh pho province city vietnam viet nam va cua".split())

# Entities to link: kind by class (the first kind in this order wins), their labels, whether linked.
TARGETS_QUERY = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX schema: <https://schema.org/>
PREFIX dtkg: <https://w3id.org/vn-dtkg/ontology#>
SELECT ?entity ?kind ?label ?linked WHERE {
  VALUES (?class ?kind) { (foaf:Person "person") (dtkg:Province "province") (org:Organization "organisation")
    (org:FormalOrganization "organisation") (org:OrganizationalUnit "organisation") (dtkg:DigitalSystem "platform")
    (dtkg:District "place") (dtkg:Commune "place") (schema:Place "place") }
  ?entity a ?class ; skos:prefLabel|skos:altLabel|foaf:name ?label .
  FILTER(isIRI(?entity) && STRSTARTS(STR(?entity), "https://w3id.org/vn-dtkg/id/"))
  BIND(EXISTS { ?entity skos:exactMatch|skos:closeMatch ?item FILTER(STRSTARTS(STR(?item), "http://www.wikidata.org/entity/")) } AS ?linked)
}"""

# What the graph knows around an entity, as text: its posts and their organisations and provinces,
# its area, parent organisations, category and the places of its deployments.
CONTEXT_QUERY = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX schema: <https://schema.org/>
SELECT ?entity ?text ?post WHERE {
  { ?m a org:Membership ; org:member ?entity ; org:organization ?o . BIND(true AS ?post)
    { ?o skos:prefLabel ?text } UNION { ?m org:role/skos:prefLabel ?text } UNION { ?o schema:areaServed/skos:prefLabel ?text } }
  UNION { ?entity schema:areaServed/schema:containedInPlace*/skos:prefLabel ?text }
  UNION { ?entity (org:unitOf|org:subOrganizationOf)/skos:prefLabel ?text }
  UNION { ?entity (dct:type|org:classification)/skos:prefLabel ?text }
  UNION { ?d prov:used ?entity ; prov:atLocation/schema:containedInPlace*/skos:prefLabel ?text }
  UNION { ?entity schema:containedInPlace+/skos:prefLabel ?text }
  FILTER(isLiteral(?text))
}"""


class LinkError(DtkgError):
    """The endpoint could not be reached or answered with an error."""


@dataclass
class Target:
    iri: str
    kind: str
    labels: list[str] = field(default_factory=list)
    context: set[str] = field(default_factory=set)  # folded words
    holds_post: bool = False

    @property
    def label(self) -> str:
        return self.labels[0] if self.labels else self.iri


@dataclass
class Item:
    iri: str
    labels: dict[str, str] = field(default_factory=dict)          # lang → label
    descriptions: list[str] = field(default_factory=list)
    values: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))  # P → (IRI, label)
    matched: dict[str, str] = field(default_factory=dict)          # name it matched → "label" or "alias"

    def label(self) -> str:
        return self.labels.get("vi") or self.labels.get("en") or next(iter(self.labels.values()), self.iri)


@dataclass
class Row:
    entity: str
    label: str
    candidate: str
    candidate_label: str
    score: int
    decision: str
    evidence: str


def _value(row, name: str):
    try:
        return row[name]
    except (KeyError, IndexError):
        return None


def targets(select, only: set[str] | None = None) -> list[Target]:
    """Entities without a Wikidata item (or exactly `only`, linked or not), from the local store."""
    order = ["person", "province", "organisation", "platform", "place"]
    found: dict[str, Target] = {}
    for row in select(TARGETS_QUERY):
        iri, kind, linked = row["entity"].value, row["kind"].value, row["linked"].value == "true"
        if (only is not None and iri not in only) or (only is None and linked):
            continue
        target = found.setdefault(iri, Target(iri, kind))
        if order.index(kind) < order.index(target.kind):
            target.kind = kind
        label = unicodedata.normalize("NFC", row["label"].value)
        if label not in target.labels:
            target.labels.append(label)
    unknown = sorted((only or set()) - set(found))
    if unknown:
        raise DtkgError(f"no person, organisation, place or platform {unknown[0]} in the graph")
    for row in select(CONTEXT_QUERY):
        target = found.get(row["entity"].value)
        if target is not None:
            target.context |= set(normalise(row["text"].value).split()) - STOPWORDS
            target.holds_post = target.holds_post or _value(row, "post") is not None
    for target in found.values():
        target.labels.sort(key=len)
        own = {w for label in target.labels for w in normalise(label).split()}
        target.context -= own  # an entity's own name is not evidence about a candidate
    return sorted(found.values(), key=lambda t: t.iri)


def ascii_form(text: str) -> str:
    """The text without diacritics, case kept (đ→d): "Nguyễn Văn Thọ" → "Nguyen Van Tho"."""
    text = unicodedata.normalize("NFC", text).replace("đ", "d").replace("Đ", "D")
    return unicodedata.normalize("NFC", "".join(c for c in unicodedata.normalize("NFD", text)
                                                 if unicodedata.category(c) != "Mn"))


def names(target: Target) -> set[str]:
    """The strings a candidate's label or alias may equal: each label with and without diacritics."""
    return {form for label in target.labels for form in (label, ascii_form(label))}


def _literal(text: str, lang: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return f'"{escaped}"@{lang}'


class Endpoint:
    """A Wikidata-style SPARQL endpoint, asked through SPARQLWrapper with a pause and retries."""

    def __init__(self, url: str = WDQS, delay: float = 1.0, retries: int = 3, timeout: float = 60):
        self.url, self.delay, self.retries, self.timeout = url, delay, retries, timeout
        self._last = 0.0

    def select(self, query: str) -> list[dict[str, dict]]:
        from urllib.error import HTTPError, URLError

        from SPARQLWrapper import JSON, POST, SPARQLWrapper
        from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

        client = SPARQLWrapper(self.url, agent=USER_AGENT)
        client.setMethod(POST)
        client.setReturnFormat(JSON)
        client.setTimeout(int(self.timeout))
        client.setQuery(query)
        for attempt in range(self.retries + 1):
            wait = self.delay - (time.monotonic() - self._last)
            if wait > 0:
                time.sleep(wait)
            self._last = time.monotonic()
            try:
                return client.queryAndConvert()["results"]["bindings"]
            except HTTPError as exc:
                retry = exc.code == 429 or exc.code >= 500
                reason = f"it answered HTTP {exc.code}"
                pause = float(exc.headers.get("Retry-After", 0) or 0) if exc.headers else 0.0
            except (URLError, OSError) as exc:
                retry, reason, pause = True, f"it could not be reached ({getattr(exc, 'reason', exc)})", 0.0
            except (SPARQLWrapperException, ValueError, KeyError) as exc:
                retry, reason, pause = False, f"it answered with an error ({str(exc).splitlines()[0]})", 0.0
            if not retry or attempt == self.retries:
                break
            time.sleep(max(pause, self.delay * 2 ** attempt))
        raise LinkError(f"The Wikidata endpoint {self.url} failed: {reason}.")


def candidates(endpoint: Endpoint, batch: list[Target]) -> dict[str, list[Item]]:
    """Items whose label or alias equals a name of an entity in the batch, with their properties."""
    wanted: dict[str, set[str]] = defaultdict(set)  # name → entity IRIs
    for target in batch:
        for name in names(target):
            wanted[name].add(target.iri)
    values = " ".join(_literal(n, lang) for n in sorted(wanted) for lang in ("vi", "en"))
    found = endpoint.select(f"""PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?name ?item ?via WHERE {{
  VALUES ?name {{ {values} }}
  {{ ?item rdfs:label ?name BIND("label" AS ?via) }} UNION {{ ?item skos:altLabel ?name BIND("alias" AS ?via) }}
  FILTER(STRSTARTS(STR(?item), "{WD}Q"))
}}""")
    items: dict[str, Item] = {}
    per_entity: dict[str, list[Item]] = defaultdict(list)
    for b in found:
        item = items.setdefault(b["item"]["value"], Item(b["item"]["value"]))
        name = b["name"]["value"]
        if item.matched.get(name) != "label":
            item.matched[name] = b["via"]["value"]
        for iri in wanted.get(name, ()):
            if item not in per_entity[iri]:
                per_entity[iri].append(item)
    if items:
        _describe(endpoint, items)
    return per_entity


def _describe(endpoint: Endpoint, items: dict[str, Item]) -> None:
    refs = " ".join(f"<{iri}>" for iri in sorted(items))
    props = " ".join(f"wdt:{p}" for p in PROPERTIES)
    rows = endpoint.select(f"""PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <http://schema.org/>
PREFIX wdt: <http://www.wikidata.org/prop/direct/>
SELECT ?item ?p ?value ?valueLabel ?label ?description WHERE {{
  VALUES ?item {{ {refs} }}
  {{ VALUES ?p {{ {props} }} ?item ?p ?value .
     OPTIONAL {{ ?value rdfs:label ?valueLabel FILTER(lang(?valueLabel) IN ("vi", "en")) }} }}
  UNION {{ ?item rdfs:label ?label FILTER(lang(?label) IN ("vi", "en")) }}
  UNION {{ ?item schema:description ?description FILTER(lang(?description) IN ("vi", "en")) }}
}}""")
    for b in rows:
        item = items[b["item"]["value"]]
        if "label" in b:
            item.labels[b["label"].get("xml:lang", "")] = b["label"]["value"]
        if "description" in b and b["description"]["value"] not in item.descriptions:
            item.descriptions.append(b["description"]["value"])
        if "p" in b:
            prop = b["p"]["value"].rsplit("/", 1)[-1]
            pair = (b["value"]["value"], b.get("valueLabel", {}).get("value", ""))
            known = [v for v in item.values[prop] if v[0] == pair[0]]
            if not known:
                item.values[prop].append(pair)
            elif pair[1] and not known[0][1]:
                item.values[prop][item.values[prop].index(known[0])] = pair


def _words(texts) -> set[str]:
    return {w for text in texts for w in normalise(text).split()} - STOPWORDS


def score(target: Target, item: Item) -> tuple[int, list[str]]:
    """0–100 and the reasons, from the name, type, country, occupation and shared context."""
    exact = any(item.matched.get(label) == "label" for label in target.labels)
    points, why = (50, ["label equals " + ("the name" if exact else "the name without diacritics or an alias")])
    if not exact:
        points = 45
    classes = item.values.get("P31", [])
    class_iris = {iri for iri, _ in classes}
    class_words = _words(label for _, label in classes)
    if classes:
        if target.kind == "person":
            fits = HUMAN in class_iris
        elif target.kind == "province":
            fits = bool(class_iris & PROVINCE_CLASSES)
        else:
            fits = HUMAN not in class_iris and bool(class_words & set(KIND_WORDS[target.kind].split()))
        points += 20 if fits else -40
        why.append(f"P31 {'/'.join(l or i.rsplit('/', 1)[-1] for i, l in classes)} {'fits' if fits else 'does not fit'} the kind {target.kind}")
    countries = item.values.get("P17", []) + item.values.get("P27", [])
    if countries:
        in_vietnam = any(iri == VIETNAM for iri, _ in countries)
        points += 10 if in_vietnam else -20
        why.append("country Vietnam" if in_vietnam else "country not Vietnam")
    occupations = item.values.get("P106", [])
    if target.kind == "person" and target.holds_post and occupations:
        fits = bool(_words(l for _, l in occupations) & POST_OCCUPATIONS)
        points += 10 if fits else -30
        why.append(f"P106 {'/'.join(l for _, l in occupations)} {'fits' if fits else 'does not fit'} the posts the graph records")
    about = [l for p in ("P131", "P39", "P749", "P137") for _, l in item.values.get(p, [])] + item.descriptions + \
            [l for _, l in classes]
    shared = sorted(_words(about) & target.context)
    if shared:
        points += min(20, 4 * len(shared))
        why.append("shares " + ", ".join(shared[:8]))
    return max(0, min(100, points)), why


def review_rows(target: Target, items: list[Item]) -> list[Row]:
    """One row per candidate, best first: `auto` for a clear winner, `review`, or `none`."""
    if not items:
        return [Row(target.iri, target.label, "", "", 0, "none", "no item with this label or alias")]
    scored = sorted(((*score(target, item), item) for item in items), key=lambda t: (-t[0], t[2].iri))
    rows = []
    for i, (points, why, item) in enumerate(scored):
        runner_up = scored[1][0] if len(scored) > 1 else 0
        if i == 0 and points >= AUTO_AT and points - runner_up >= MARGIN:
            decision = "auto"
        else:
            decision = "review" if points >= REVIEW_AT else "none"
        rows.append(Row(target.iri, target.label, item.iri, item.label(), points, decision, "; ".join(why)))
    return rows


def propose(select_local, endpoint: Endpoint, only: set[str] | None = None, progress=lambda _: None) -> list[Row]:
    """Review rows for every entity to link, in batches of BATCH entities (two requests each)."""
    todo = targets(select_local, only)
    rows: list[Row] = []
    for start in range(0, len(todo), BATCH):
        batch = todo[start:start + BATCH]
        progress(f"entities {start + 1}–{start + len(batch)} of {len(todo)}")
        found = candidates(endpoint, batch)
        for target in batch:
            rows.extend(review_rows(target, found.get(target.iri, [])))
    return rows


COLUMNS = ("entity", "label", "candidate", "candidateLabel", "score", "decision", "evidence", "endpoint", "retrieved")


def write_review(rows: list[Row], out, endpoint: str, retrieved: date | None = None) -> None:
    """The review CSV: the seven review columns, then where and when the candidates were retrieved."""
    import csv

    day = (retrieved or date.today()).isoformat()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for r in rows:
        writer.writerow([r.entity, r.label, r.candidate, r.candidate_label, r.score, r.decision, r.evidence, endpoint, day])

