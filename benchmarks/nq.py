"""N-Quads writing for the synthetic graph, one source article (named graph) at a time.

`Article` mirrors what `dtkg build` makes of a curated fact file (graph/build.py, derive.py,
evidence.py): the typed nodes get `prov:wasDerivedFrom` the source, every quote becomes a Web
Annotation with quote and position selectors into the article text, and the derived triples
(ASCII hidden labels, ORG posts and membership intervals, one dated attestation per article and
tenure, `dtkg:year`, `qb:dataSet`,
`prov:wasAssociatedWith`, period resources) are added the same way. Everything is plain strings,
so a million triples take seconds, not the minutes rdflib would need.
"""
from __future__ import annotations

import calendar
import hashlib
import re

from dtkg.graph.namespaces import BASE, PREFIXES
from dtkg.graph.slugs import fold

XSD = PREFIXES["xsd"]
ID = BASE + "id/"
GRAPH = BASE + "graph/"
CONTEXT = 32  # evidence prefix/suffix length, as graph/evidence.py


def iri(curie: str) -> str:
    """`org:Membership` or a full IRI → the IRI string."""
    if curie.startswith(("http://", "https://")):
        return curie
    prefix, _, local = curie.partition(":")
    return PREFIXES[prefix] + local


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")


class Lit:
    """A literal: plain (xsd:string), language-tagged or typed."""

    __slots__ = ("value", "lang", "datatype")

    def __init__(self, value, lang: str | None = None, datatype: str | None = None):
        self.value, self.lang, self.datatype = str(value), lang, datatype

    def nt(self) -> str:
        if self.lang:
            return f'"{_escape(self.value)}"@{self.lang}'
        if self.datatype:
            return f'"{_escape(self.value)}"^^<{self.datatype}>'
        return f'"{_escape(self.value)}"'


def vi(text: str) -> Lit:
    return Lit(text, "vi")


def en(text: str) -> Lit:
    return Lit(text, "en")


def typed(value, kind: str) -> Lit:
    return Lit(value, datatype=XSD + kind)


def integer(value: int) -> Lit:
    return typed(int(value), "integer")


def number(value: float | int) -> Lit:
    """Integers as xsd:integer, others as xsd:decimal (what Turtle `8.6` gives)."""
    if float(value).is_integer():
        return integer(int(value))
    return typed(f"{value:.2f}".rstrip("0"), "decimal")


class BNode:
    __slots__ = ("label",)

    def __init__(self, label: str):
        self.label = label


def term(o) -> str:
    if isinstance(o, Lit):
        return o.nt()
    if isinstance(o, BNode):
        return f"_:{o.label}"
    return f"<{iri(o)}>"


LABEL_PROPS = {iri("skos:prefLabel"), iri("skos:altLabel"), iri("rdfs:label")}
RDF_TYPE = iri("rdf:type")
PERIOD = ID + "period/"
_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


def period_bounds(key: str) -> tuple[str, str, int] | None:
    m = _DATE.match(key)
    if not m:
        return None
    year, month, day = int(m[1]), m[2] and int(m[2]), m[3] and int(m[3])
    if day:
        return key, key, year
    if month:
        return f"{year}-{month:02d}-01", f"{year}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}", year
    return f"{year}-01-01", f"{year}-12-31", year


class Article:
    """One source article and its named graph; `lines()` gives the N-Quads of the compiled graph."""

    def __init__(self, source_id: str, labels: dict[str, dict[str, str]], head_roles: set[str]):
        self.source_id = source_id
        self.source = ID + "source/" + source_id
        self.graph = GRAPH + source_id
        self.labels = labels  # union of prefLabels by IRI and language, for post labels
        self.head_roles = head_roles
        self.triples: list[tuple[str, str, str]] = []
        self.seen: set[tuple[str, str, str]] = set()
        self.typed: list[str] = []
        self.quotes: list[tuple[str, str]] = []
        self.text_parts: list[str] = []
        self.text_len = 0
        self.positions: dict[str, int] = {}
        self.memberships: list[tuple[str, str, str, str, Lit | None]] = []
        self.periods: set[str] = set()
        self._bnodes = 0

    # ------------------------------------------------------------------ building
    def add(self, s, p: str, o) -> None:
        st, pt, ot = term(s), f"<{iri(p)}>", term(o)
        key = (st, pt, ot)
        if key in self.seen:
            return
        self.seen.add(key)
        self.triples.append(key)
        if pt == f"<{RDF_TYPE}>" and not isinstance(s, BNode) and st not in self.typed:
            self.typed.append(st)
        for t in (st, ot):
            if t.startswith("<" + PERIOD):
                self.periods.add(t[1:-1])
        if isinstance(o, Lit) and pt[1:-1] in LABEL_PROPS:
            folded = fold(o.value)
            if folded != o.value:
                self.add(s, "skos:hiddenLabel", Lit(folded))

    def node(self, s: str, types: list[str], quote: str | None = None, **_) -> str:
        for t in types:
            self.add(s, "rdf:type", t)
        if quote:
            self.quote(s, quote)
        return s

    def labels_vi_en(self, s: str, label_vi: str, label_en: str, alt: list[Lit] = ()) -> None:
        self.add(s, "skos:prefLabel", vi(label_vi))
        self.add(s, "skos:prefLabel", en(label_en))
        for a in alt:
            self.add(s, "skos:altLabel", a)

    def bnode(self) -> BNode:
        self._bnodes += 1
        return BNode(f"{self.source_id.replace('-', '')}b{self._bnodes}")

    def sentence(self, text: str) -> None:
        """Filler text of the article (keeps offsets and context realistic)."""
        self.text_parts.append(text + " ")
        self.text_len += len(text) + 1

    def quote(self, node: str, text: str) -> None:
        """`dtkg:quote`: the text is put in the article once; the annotation points at it."""
        if text not in self.positions:
            self.positions[text] = self.text_len
            self.text_parts.append(text + ". ")
            self.text_len += len(text) + 2
        if (node, text) not in self.quotes:
            self.quotes.append((node, text))

    def membership(self, person: str, role: str, organisation: str, attested: Lit | None, quote: str) -> str:
        m = ID + f"membership/{person.rsplit('/', 1)[-1]}--{role.rsplit('/', 1)[-1]}--{organisation.rsplit('/', 1)[-1]}"
        self.node(m, ["org:Membership"])
        self.add(m, "org:member", person)
        self.add(m, "org:organization", organisation)
        self.add(m, "org:role", role)
        a = ID + f"attestation/{m.rsplit('/', 1)[-1]}--{self.source_id}"  # the article's dated attestation
        self.node(a, ["dtkg:Attestation"], quote)
        self.add(a, "prov:specializationOf", m)
        if attested is not None:
            self.add(a, "dtkg:attestedDate", attested)
            self.add(a, "dct:temporal", ID + "period/" + attested.value)
        self.memberships.append((m, person, role, organisation, attested))
        return m

    # ------------------------------------------------------------------ compiling
    def _annotations(self, text: str) -> None:
        oa = lambda local: "oa:" + local  # noqa: E731
        for node, exact in self.quotes:
            start = self.positions[exact]
            end = start + len(exact)
            digest = hashlib.sha1(f"{iri(node)}\n{exact}".encode()).hexdigest()[:12]
            ann = ID + f"evidence/{self.source_id}-{digest}"
            target, by_quote, by_position = ann + "#target", ann + "#quote", ann + "#position"
            self.add(ann, "rdf:type", oa("Annotation"))
            self.add(ann, oa("hasBody"), node)
            self.add(ann, oa("motivatedBy"), oa("describing"))
            self.add(ann, oa("hasTarget"), target)
            self.add(target, "rdf:type", oa("SpecificResource"))
            self.add(target, oa("hasSource"), self.source)
            self.add(target, oa("hasSelector"), by_quote)
            self.add(target, oa("hasSelector"), by_position)
            self.add(by_quote, "rdf:type", oa("TextQuoteSelector"))
            self.add(by_quote, oa("exact"), Lit(exact))
            self.add(by_quote, oa("prefix"), Lit(text[max(0, start - CONTEXT):start]))
            self.add(by_quote, oa("suffix"), Lit(text[end:end + CONTEXT]))
            self.add(by_position, "rdf:type", oa("TextPositionSelector"))
            self.add(by_position, oa("start"), typed(start, "nonNegativeInteger"))
            self.add(by_position, oa("end"), typed(end, "nonNegativeInteger"))
            self.add(ann, "prov:wasQuotedFrom", self.source)

    def _posts(self) -> None:
        for m, person, role, organisation, attested in self.memberships:
            post = ID + f"post/{organisation.rsplit('/', 1)[-1]}--{role.rsplit('/', 1)[-1]}"
            self.add(post, "rdf:type", "org:Post")
            self.add(post, "org:postIn", organisation)
            self.add(post, "org:role", role)
            self.add(m, "opengov:post", post)
            self.add(person, "org:holds", post)
            if iri(role) in self.head_roles:
                self.add(person, "org:headOf", organisation)
            for lang in ("vi", "en"):
                r, o = self.labels.get(iri(role), {}).get(lang), self.labels.get(iri(organisation), {}).get(lang)
                if r and o:
                    self.add(post, "skos:prefLabel", Lit(f"{r} – {o}", lang))
            if attested is not None:
                interval, instant = m + "#during", ID + f"attestation/{m.rsplit('/', 1)[-1]}--{self.source_id}#instant"
                kind = {"gYear": "inXSDgYear", "gYearMonth": "inXSDgYearMonth", "date": "inXSDDate"}[
                    attested.datatype.rsplit("#", 1)[-1]]
                self.add(m, "org:memberDuring", interval)
                self.add(interval, "rdf:type", "time:Interval")
                self.add(interval, "time:inside", instant)
                self.add(instant, "rdf:type", "time:Instant")
                self.add(instant, "time:" + kind, attested)

    def _derived(self) -> None:
        dtkg_year = iri("dtkg:year")
        for st, pt, ot in list(self.triples):
            p = pt[1:-1]
            if p == iri("dtkg:attestedDate"):
                self._add_raw(st, f"<{dtkg_year}>", integer(int(ot[1:5])).nt())
            elif p == iri("prov:qualifiedAssociation"):
                agent = next((o for s2, p2, o in self.triples if s2 == ot and p2 == f"<{iri('prov:agent')}>"), None)
                if agent:
                    self._add_raw(st, f"<{iri('prov:wasAssociatedWith')}>", agent)
            elif pt == f"<{RDF_TYPE}>" and ot == f"<{iri('qb:Observation')}>":
                self._add_raw(st, f"<{iri('qb:dataSet')}>", f"<{ID}dataset/observations>")
            elif pt == f"<{RDF_TYPE}>" and ot == f"<{iri('dtkg:Target')}>":
                self._add_raw(st, pt, f"<{iri('qb:Observation')}>")  # targets sit in the targets data set only
                self._add_raw(st, f"<{iri('qb:dataSet')}>", f"<{ID}dataset/targets>")

    def _periods(self) -> None:
        for node in sorted(self.periods):
            key = node[len(PERIOD):]
            first, _, last = key.partition("--")
            a, b = period_bounds(first), period_bounds(last or first)
            self.add(node, "rdf:type", "time:Interval")
            self.add(node, "rdf:type", "dct:PeriodOfTime")
            self.add(node, "rdfs:label", Lit(key.replace("--", "–")))
            self.add(node, "dcat:startDate", typed(a[0], "date"))
            self.add(node, "dcat:endDate", typed(b[1], "date"))
            if not last:
                self.add(node, "dtkg:year", integer(a[2]))

    def _add_raw(self, st: str, pt: str, ot: str) -> None:
        key = (st, pt, ot)
        if key not in self.seen:
            self.seen.add(key)
            self.triples.append(key)

    def lines(self) -> list[str]:
        """Compile (provenance, evidence, derived triples) and return the graph's N-Quads lines."""
        text = "".join(self.text_parts)
        self.add(self.source, "dtkg:sha256", Lit(hashlib.sha256(text.encode()).hexdigest()))
        for st in self.typed:
            if st != f"<{self.source}>":
                self._add_raw(st, f"<{iri('prov:wasDerivedFrom')}>", f"<{self.source}>")
        self._annotations(text)
        self._derived()
        self._posts()
        self._periods()
        g = f"<{self.graph}>"
        return [f"{s} {p} {o} {g} .\n" for s, p, o in self.triples]


def tenure_lines(tenures: dict, head_roles: set[str]) -> list[str]:
    """What graph/derive.py's `tenure_windows` adds once all articles are known: each tenure's first and
    last attested day, and for a sole-holder post the next holder's first day and dct:isReplacedBy;
    org:holds and org:headOf reified with those dates. `tenures`: membership → (graph, person, role,
    organisation, post, [attested literals])."""
    lines, windows, posts = [], {}, {}
    day = lambda lit, end: period_bounds(lit.value)[1 if end else 0]  # noqa: E731
    for m, (graph, person, role, organisation, post, dates) in tenures.items():
        if dates:
            windows[m] = (min(day(d, False) for d in dates), max(day(d, True) for d in dates))
            if iri(role) in head_roles:
                posts.setdefault(post, []).append(m)
    date = lambda value: Lit(value, datatype=XSD + "date").nt()  # noqa: E731
    for post, ms in posts.items():
        ms.sort(key=lambda m: windows[m][0])
        for m in ms:
            later = [n for n in ms if tenures[n][1] != tenures[m][1] and windows[n][0] > windows[m][1]]
            if later:
                nxt = later[0]
                g = tenures[m][0]
                lines.append(f"<{m}> <{iri('dtkg:knownUntil')}> {date(windows[nxt][0])} <{g}> .\n")
                lines.append(f"<{m}> <{iri('dct:isReplacedBy')}> <{nxt}> <{g}> .\n")
    for m, (first, last) in windows.items():
        g, person, role, organisation, post, _ = tenures[m]
        lines.append(f"<{m}> <{iri('dtkg:knownFrom')}> {date(first)} <{g}> .\n")
        lines.append(f"<{m}> <{iri('dtkg:lastAttested')}> {date(last)} <{g}> .\n")
        edges = [("holds", "org:holds", post)] + ([("heads", "org:headOf", organisation)] if iri(role) in head_roles else [])
        for name, predicate, obj in edges:
            s = f"<{m}#{name}>"
            lines += [f"{s} <{RDF_TYPE}> <{iri('rdf:Statement')}> <{g}> .\n", f"{s} <{iri('rdf:subject')}> <{person}> <{g}> .\n",
                      f"{s} <{iri('rdf:predicate')}> <{iri(predicate)}> <{g}> .\n", f"{s} <{iri('rdf:object')}> <{obj}> <{g}> .\n",
                      f"{s} <{iri('prov:wasDerivedFrom')}> <{m}> <{g}> .\n",
                      f"{s} <{iri('dtkg:knownFrom')}> {date(first)} <{g}> .\n"]
    return lines
