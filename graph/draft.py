"""`dtkg curate draft`: a draft fact file for a new article, in the authoring format of graph/facts/.

The patterns (`draft_patterns.py`) find documents, posts, figures and targets; a gazetteer of the
graph's own systems finds platforms; the label matcher (`find.py`) links places, organisations,
people, documents and platforms already in the graph to their IRIs instead of describing them
again. Every node written is marked `dtkg:isDraft true` and quotes the text exactly, so a curator
checks and completes it; lint and build refuse it until the mark is removed.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, Graph, URIRef
from rdflib.namespace import SKOS

from . import draft_patterns as pat
from .find import LabelIndex
from .namespaces import DTKG, ELI, ID, SCHEMA, curie
from .privacy import spans_of
from .slugs import fold, slugify

DTKG_SYSTEM = DTKG.DigitalSystem


@dataclass
class Node:
    """One node of the draft: new (written out) or existing (only referred to)."""

    curie: str
    kind: str
    spans: list[tuple[int, int]] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    props: list[tuple[str, str]] = field(default_factory=list)
    existing: bool = False
    value: object = None
    note: str | None = None

    def add(self, prop: str, obj: str) -> None:
        if (prop, obj) not in self.props:
            self.props.append((prop, obj))


def lit(text: str, lang: str | None = None, datatype: str | None = None) -> str:
    """A Turtle literal (one line, escaped)."""
    body = str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ").replace("\t", "\\t")
    return f'"{body}"' + (f"@{lang}" if lang else "") + (f"^^{datatype}" if datatype else "")


class Context:
    """What the graph already holds: labels, document numbers, systems and the provinces."""

    def __init__(self, graph: Graph):
        self.graph = graph
        self.index = LabelIndex.from_graph(graph)
        self.numbers = {str(n): str(d) for d, n in graph.subject_objects(ELI.id_local)}
        self.systems: list[tuple[str, str]] = sorted(
            ((str(label), str(s)) for s in set(graph.subjects(RDF.type, DTKG_SYSTEM))
             for p in (SKOS.prefLabel, SKOS.altLabel) for label in graph.objects(s, p) if len(str(label)) >= 4),
            key=lambda x: -len(x[0]))
        self.provinces = {str(s): sorted((str(x) for p in (SKOS.prefLabel, SKOS.altLabel) for x in graph.objects(s, p)),
                                         key=lambda x: not any(l.language == "vi" and str(l) == x for l in graph.objects(s, SKOS.prefLabel)))
                          for s in set(graph.subjects(RDF.type, DTKG.Province))}

    def existing(self, text: str, kinds: tuple[str, ...]) -> str | None:
        """The IRI of an entity whose label equals `text` (folded), if exactly one kind of match."""
        found = self.index.find(text, 1, kinds)
        return found[0].iri if found and found[0].score >= 2.9 else None


class Drafter:
    def __init__(self, text: str, name: str, context: Context):
        self.text, self.name, self.ctx = text, name, context
        self.number = (re.match(r"(\d{3})", name) or [None, "new"])[1]  # the source's number, as in src:003
        self.nodes: dict[str, Node] = {}
        self.folded = fold(text)
        self.province = self._main_province()
        self.published: str | None = None  # the article's date, when its first line states one

    # ------------------------------------------------------------------ helpers
    def node(self, iri_or_curie: str, kind: str, span: tuple[int, int] | None = None, existing: bool = False) -> Node:
        key = curie(URIRef(iri_or_curie)) if iri_or_curie.startswith("http") else iri_or_curie
        node = self.nodes.setdefault(key, Node(key, kind, existing=existing))
        if span and span not in node.spans:
            node.spans.append(span)
        return node

    def _main_province(self) -> str | None:
        counts = Counter()
        for iri, labels in self.ctx.provinces.items():
            if iri.endswith("-2025"):
                continue
            for label in {fold(x) for x in labels if len(x) > 3}:
                counts[iri] += len(re.findall(rf"(?<![a-z]){re.escape(label)}(?![a-z])", self.folded))
        best = counts.most_common(1)
        return best[0][0] if best and best[0][1] else None

    def _province_name(self) -> str:
        return self.ctx.provinces[self.province][0] if self.province else ""

    def organisation(self, words: str, span: tuple[int, int]) -> str:
        words = words.strip()
        if not words:
            return ""
        bare = words in {"UBND tỉnh", "Tỉnh ủy", "Tỉnh uỷ", "HĐND tỉnh", "Sở TT-TT", "Sở Thông tin và Truyền thông"}
        full = f"{words} {self._province_name().removeprefix('Tỉnh ')}".strip() if bare else words
        iri = self.ctx.existing(full, ("organisation",))
        if iri:
            node = self.node(iri, "organisation", span, existing=True)
        else:
            node = self.node(f"organisation:{slugify(full)}", "organisation", span)
            node.types = ["org:Organization"]
            node.add("skos:prefLabel", lit(full, "vi"))
        if bare and self.province:
            node.note = (f"«{words}» names no province; {curie(URIRef(self.province))} is the article's main province "
                         "(add dtkg:isInferred and a note if you keep it)")
        return node.curie

    # ------------------------------------------------------------------ kinds
    def source(self) -> None:
        node = self.node(f"src:{self.number}", "source", None)
        node.types = ["schema:NewsArticle", "prov:Entity"]
        node.add("dtkg:localCopy", lit(self.name))
        lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", self.text)]
        first = self.text[lines[0][0]:lines[0][1]].strip() if lines else ""
        stamp = re.search(r"ngày (\d{1,2})/(\d{1,2})/(\d{4})\s*\|\s*(\d{2}):(\d{2})", first)
        if stamp:
            d, mo, y, h, mi = stamp.groups()
            node.add("schema:datePublished", lit(f"{y}-{int(mo):02d}-{int(d):02d}T{h}:{mi}:00", datatype="xsd:dateTime"))
            self.published = f"{y}-{int(mo):02d}-{int(d):02d}"
            node.spans.append(lines[0])
        elif first and len(first) < 160 and not first.endswith("."):
            node.add("dct:title", lit(first, "vi"))
            node.spans.append(lines[0])
        else:
            node.note = "the text has no title line"
        if not stamp:
            node.add("dtkg:datePrecisionNote", lit("Ngày đăng không được nêu trong văn bản.", "vi"))
            node.add("dtkg:datePrecisionNote", lit("The publication date is not stated in the text.", "en"))
        signed = [(s, e) for s, e in lines if re.match(r"Bài(?:, ảnh| và ảnh)?:", self.text[s:e].strip())]
        for s, e in (signed[:1] or lines[-6:]):  # a by-line that says so, else the closing lines
            line = self.text[s:e].strip()
            byline = re.fullmatch(r"(?:Bài(?:, ảnh| và ảnh)?:\s*)?([A-ZÀ-ỸĐ][A-ZÀ-ỸĐ ]{3,})", line)
            if byline or re.fullmatch(rf"{pat.WORD}(?: {pat.WORD}){{1,3}}", line):
                name = (byline.group(1) if byline else line).title() if byline else line
                person = self.node(f"person:{slugify(name)}", "person", (s, e))
                person.types = ["foaf:Person", "schema:Person"]
                person.add("foaf:name", lit(name))
                person.note = "the by-line: check the name's capitals and diacritics"
                node.add("schema:author", person.curie)
                node.spans.append((s, e))
            credit = re.fullmatch(r"(?:Theo|Nguồn) \S+(?: \S+)?(?:: *https?://\S+)?", line)
            if credit:
                node.add("rdfs:comment", lit(f"Credit line in the text: «{line}».", "en"))
                node.spans.append((s, e))
            url = re.search(r"https?://\S+", line)
            if url:
                node.add("schema:url", f"<{url.group(0)}>")

    def documents(self) -> None:
        found = pat.documents(self.text)
        for m in list(found):  # a document named inside another's title ("… về thực hiện Nghị quyết …")
            title = m.data.get("title")
            start = self.text.find(title, m.start) if title else -1
            if start >= 0:
                found += [pat.Mention(x.kind, start + x.start, start + x.end, {**x.data, "parent": (m.start, m.end)})
                          for x in pat.documents(title)]
        previous = None
        for m in sorted(found, key=lambda x: x.start):
            d, span = m.data, (m.start, m.end)
            number = d.get("number")
            iri = self.ctx.numbers.get(number) if number else None
            if number and not iri and number.isdigit():
                iri = next((v for k, v in self.ctx.numbers.items() if re.match(rf"{number}[/-]", k)), None)
            if iri:
                node = self.node(iri, "document", span, existing=True)
            else:
                year = d.get("year") or (d.get("date") or "")[:4]
                words = number or d.get("title") or d.get("name") or d.get("issuer") or ""
                slug = slugify(" ".join(x for x in (d["words"], " ".join(words.split()[:8]), year) if x))
                node = self.node(f"document:{slug}", "document", span)
                node.types = ["eli:LegalResource", "schema:Legislation"]
                node.add("eli:type_document", f"doctype:{d['type']}")
                if number:
                    node.add("eli:id_local", lit(number))
                if d.get("date"):
                    node.add("eli:date_document", lit(d["date"], datatype="xsd:date"))
                if d.get("title"):
                    node.add("eli:title", lit(d["title"], "vi"))
                issuer = d.get("issuer") or d.get("issuer_from_number")
                if issuer:
                    node.add("eli:passed_by", self.organisation(issuer, span))
                label = f"{m.data['words'][:1].upper()}{m.data['words'][1:]}" + (f" {number}" if number else "")
                node.add("skos:prefLabel", lit(label, "vi"))
                if number and number.isdigit():
                    node.note = "the text gives the number without its type and issuer part"
            parent = d.get("parent")
            sentence = pat.sentence_of(self.text, m.start)
            if parent is not None:
                outer = self.nodes_by_span(parent)
                if outer and re.search(r"thực hiện", self.text[parent[0]:m.start]):
                    outer.add("eli:implements", node.curie)
            elif previous is not None and re.search(r"Trên cơ sở đó|[Cc]ăn cứ", self.text[sentence[0]:m.start]):
                node.add("eli:based_on", previous.curie)
            if d.get("title") and re.search(r"phê duyệt", self.text[m.start:m.end]):
                programme = self.node(f"programme:{slugify(d['title'])}", "programme", span)
                programme.types = ["dtkg:Programme"]
                programme.add("skos:prefLabel", lit(d["title"], "vi"))
                programme.add("dtkg:approvedBy", node.curie)
            previous = node if parent is None else previous

    def nodes_by_span(self, span: tuple[int, int]) -> Node | None:
        return next((n for n in self.nodes.values() if n.kind == "document" and span in n.spans), None)

    def posts(self) -> None:
        for m in pat.posts(self.text):
            d, span = m.data, (m.start, m.end)
            iri = self.ctx.existing(d["name"], ("person",))
            person = self.node(iri or f"person:{slugify(d['name'])}", "person", span, existing=bool(iri))
            if not iri:
                person.types = ["foaf:Person", "schema:Person"]
                person.add("foaf:name", lit(d["name"]))
                person.add("skos:prefLabel", lit(d["name"], "vi"))
            org = self.organisation(d["organisation"], span)
            slug = f"{person.curie.split(':', 1)[1]}--{d['role']}--{org.split(':', 1)[1] if org else 'unknown'}"
            # The tenure (one per person × organisation × role, no date, no quote) and this article's
            # attestation of it, which carries the date and the quote (graph/facts/README.md).
            known = (URIRef(str(ID) + f"membership/{slug}"), RDF.type, None) in self.ctx.graph
            membership = self.node(f"membership:{slug}", "tenure", span, existing=known)
            if not known:
                membership.types = ["org:Membership"]
                membership.add("org:member", person.curie)
                if org:
                    membership.add("org:organization", org)
                membership.add("org:role", f"role:{d['role']}")
            attestation = self.node(f"attestation:{slug}--{self.number}", "post", span)
            if known:
                attestation.note = "this post is already attested: this article's mention is a new attestation"
            attestation.types = ["dtkg:Attestation"]
            attestation.add("prov:specializationOf", membership.curie)
            if self.published:
                attestation.add("dtkg:attestedDate", lit(self.published, datatype="xsd:date"))
            attestation.value = (person.curie, f"role:{d['role']}")

    def figures(self) -> None:
        area = curie(URIRef(self.province)) if self.province else None
        for n, m in enumerate(pat.figures(self.text), 1):
            d = m.data
            target = "target_year" in d
            period = str(d.get("target_year") or d.get("period") or "")
            slug = f"{(area or 'area').split(':')[-1]}--draft-{n}" + (f"--{period}" if period else "")
            node = self.node(f"{'target' if target else 'obs'}:{slug}", "figure", (m.start, m.end))
            node.types = ["dtkg:Target"] if target else ["qb:Observation"]
            node.value = d["value"]
            if area:
                node.add("sdmx-dimension:refArea", area)
            if period:
                node.add("sdmx-dimension:refPeriod", f"period:{period}")
            if target:
                node.add("dtkg:targetYear", str(d["target_year"]))
                node.add("dtkg:comparator", f"comparator:{d['comparator']}")
            value = d["value"]
            node.add("sdmx-measure:obsValue", str(int(value)) if value == value.to_integral_value() else format(value.normalize(), "f"))
            node.add("sdmx-attribute:unitMeasure", f"unit:{d['unit']}")
            if d.get("out_of"):
                node.add("dtkg:rankOutOf", str(d["out_of"]))
            node.add("dtkg:qualifier", f"qualifier:{d['qualifier']}")
            node.add("dtkg:originalText", lit(d["original"], "vi"))
            if not period:
                node.add("dtkg:periodNote", lit("Câu không nêu kỳ của số liệu.", "vi"))
                node.add("dtkg:periodNote", lit("The sentence gives no period for the figure.", "en"))
            node.note = "choose dtkg:indicator from ontology/vocab/indicators.ttl" + ("" if area else "; give the area")

    def platforms(self) -> None:
        taken: list[tuple[int, int]] = []
        for label, iri in self.ctx.systems:
            pattern = re.compile(rf"(?<![\w]){re.escape(label)}(?![\w])", re.I if label.isascii() else 0)
            for m in pattern.finditer(self.text):
                if any(s < m.end() and m.start() < e for s, e in taken):
                    continue
                taken.append((m.start(), m.end()))
                served = {str(a) for a in self.ctx.graph.objects(URIRef(iri), SCHEMA.areaServed)}
                if served and self.province and self.province not in served:
                    # the same kind of system in another province is another system
                    slug = f"{slugify(label)}-{self.province.rsplit('/', 1)[1]}"
                    node = self.node(f"system:{slug}", "platform", (m.start(), m.end()))
                    node.types = ["dtkg:DigitalSystem"]
                    node.add("skos:prefLabel", lit(m.group(0), "vi"))
                    node.add("schema:areaServed", curie(URIRef(self.province)))
                    node.note = f"like {curie(URIRef(iri))} of another province: set dct:type"
                else:
                    self.node(iri, "platform", (m.start(), m.end()), existing=True)
        for start, end in pat.systems(self.text):
            if any(s < end and start < e for s, e in taken):
                continue
            taken.append((start, end))
            name = self.text[start:end]
            node = self.node(f"system:{slugify(name)}", "platform", (start, end))
            node.types = ["dtkg:DigitalSystem"]
            node.add("skos:prefLabel", lit(name, "vi"))
            node.note = "a new system: set dct:type (ontology/vocab/platform-categories.ttl) and where it is used"

    def place(self) -> None:
        """The article's main province, referred to (never described again)."""
        if not self.province:
            return
        spans = spans_of(self.text, [x for x in self.ctx.provinces[self.province] if len(x) > 3])
        if spans:  # folded, so an English text's «Hai Duong» is found too
            self.node(self.province, "place", min(spans), existing=True)

    def run(self) -> "Drafter":
        self.place()
        self.source()
        self.documents()
        self.posts()
        self.figures()
        self.platforms()
        return self


def quote(text: str, span: tuple[int, int]) -> str:
    """The quoted text; a quote stays on one line (the longest), since a literal is written on one."""
    return max(text[span[0]:span[1]].split("\n"), key=len).strip()


def render(drafter: Drafter, prefixes: str) -> str:
    """The draft as Turtle: the prefixes, then existing entities as comments, then new nodes."""
    text = drafter.text
    out = [prefixes.rstrip(), "",
           f"# DRAFT of {drafter.name} by `dtkg curate draft`: every node is marked dtkg:isDraft true. Check each",
           "# against the article, complete it (indicators, English labels, inferences), then delete the mark.", ""]
    existing = [n for n in drafter.nodes.values() if n.existing]
    if existing:
        out.append("# Already in the graph (link to these IRIs, do not describe them again):")
        labels = drafter.ctx.index.labels
        for n in sorted(existing, key=lambda n: n.curie):
            iri = str(n.curie)
            full = next((k for k in labels if curie(URIRef(k)) == n.curie), iri)
            out.append(f"#   {n.curie}  {' | '.join(labels.get(full, [])[:2])}  ← «{quote(text, n.spans[0])[:60]}»")
        out.append("")
    for n in drafter.nodes.values():
        if n.existing:
            continue
        if n.note:
            out.append(f"# {n.note}")
        lines = [f"{n.curie} a {' , '.join(n.types)} ;"]
        lines += [f"    {p} {o} ;" for p, o in n.props]
        lines.append("    dtkg:isDraft true ;")
        # a tenure's quotes are its attestations'; the span only places it in the existing-entity list
        quotes = [] if n.kind == "tenure" else list(dict.fromkeys(quote(text, s) for s in n.spans if quote(text, s)))
        if quotes:
            lines.append("    dtkg:quote " + " ,\n               ".join(lit(q) for q in quotes) + " .")
        else:
            lines[-1] = lines[-1][:-2] + " ."
        out += lines + [""]
    return "\n".join(out)


def draft_text(text: str, name: str, context_graph: Graph, prefixes: str) -> tuple[str, Drafter]:
    drafter = Drafter(text, name, Context(context_graph)).run()
    return render(drafter, prefixes), drafter


def draft_file(path: Path, context_graph: Graph, prefixes: str) -> str:
    from .sources import read_text

    return draft_text(read_text(path), path.name, context_graph, prefixes)[0]
