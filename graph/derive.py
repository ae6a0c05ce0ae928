"""Convenience triples derived at build time, so curators state each fact once.

- ASCII `skos:hiddenLabel`s for search without diacritics;
- ORG posts (`org:Post`, `opengov:post`, `org:holds`, `org:headOf`) and `org:memberDuring` intervals
  that contain the attested instant (`time:inside`), since articles attest a moment, not bounds;
- period resources described from their ISO 8601 IRIs;
- `qb:dataSet` for observations and targets, `dtkg:year` for attested dates,
  `prov:wasAssociatedWith` for qualified associations.
"""
from __future__ import annotations

import calendar
import re

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import DCAT, ORG, PROV, RDFS, SKOS, TIME, XSD

from .namespaces import DTKG, ID, OPENGOV, QB, VOCAB
from .slugs import fold

PERIOD = str(ID) + "period/"
HEAD_ROLE = VOCAB["role/head"]
OBSERVATIONS = ID["dataset/observations"]
TARGETS = ID["dataset/targets"]
_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


def hidden_labels(g: Graph) -> None:
    for s, p, o in list(g.triples((None, None, None))):
        if p in (SKOS.prefLabel, SKOS.altLabel, RDFS.label) and isinstance(o, Literal):
            folded = fold(str(o))
            if folded != str(o):
                g.add((s, SKOS.hiddenLabel, Literal(folded)))


def _bounds(text: str) -> tuple[str, str, int | None] | None:
    """First and last day of a year, month or day, and its year."""
    m = _DATE.match(text)
    if not m:
        return None
    year, month, day = int(m[1]), m[2] and int(m[2]), m[3] and int(m[3])
    if day:
        return text, text, year
    if month:
        return f"{year}-{month:02d}-01", f"{year}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}", year
    return f"{year}-01-01", f"{year}-12-31", year


def periods(g: Graph) -> None:
    """Describe every `period:` IRI used in the graph: `2021`, `2022-09`, `2021--2025`."""
    used = {o for o in g.objects() if isinstance(o, URIRef) and str(o).startswith(PERIOD)}
    used |= {s for s in g.subjects() if isinstance(s, URIRef) and str(s).startswith(PERIOD)}
    for node in used:
        key = str(node)[len(PERIOD):]
        first, _, last = key.partition("--")
        a, b = _bounds(first), _bounds(last or first)
        if a is None or b is None:
            raise ValueError(f"period IRI {node} is not ISO 8601 (YYYY, YYYY-MM, YYYY-MM-DD or A--B)")
        g.add((node, RDF.type, TIME.Interval))
        g.add((node, RDF.type, URIRef("http://purl.org/dc/terms/PeriodOfTime")))
        g.add((node, RDFS.label, Literal(key.replace("--", "–"))))
        g.add((node, DCAT.startDate, Literal(a[0], datatype=XSD.date)))
        g.add((node, DCAT.endDate, Literal(b[1], datatype=XSD.date)))
        if not last:
            g.add((node, DTKG.year, Literal(a[2])))


def _instant_literal(value: Literal) -> tuple[URIRef, int | None]:
    kind = {XSD.date: TIME.inXSDDate, XSD.gYearMonth: TIME.inXSDgYearMonth, XSD.gYear: TIME.inXSDgYear,
            XSD.dateTime: TIME.inXSDDateTimeStamp}.get(value.datatype, TIME.inXSDDate)
    m = re.match(r"^(\d{4})", str(value))
    return kind, int(m[1]) if m else None


def attested_years(g: Graph) -> None:
    for s, value in list(g.subject_objects(DTKG.attestedDate)):
        _, year = _instant_literal(value)
        if year is not None:
            g.add((s, DTKG.year, Literal(year)))


def posts(g: Graph, vocab: Graph) -> None:
    """Each membership with an organisation and a role is held through a post (Popolo's rule)."""
    heads = set(vocab.transitive_subjects(SKOS.broader, HEAD_ROLE)) - {HEAD_ROLE}
    for membership in list(g.subjects(RDF.type, ORG.Membership)):
        organisation = g.value(membership, ORG.organization)
        role = g.value(membership, ORG.role)
        person = g.value(membership, ORG.member)
        if organisation is None or role is None:
            continue
        post = ID[f"post/{str(organisation).rsplit('/', 1)[-1]}--{str(role).rsplit('/', 1)[-1]}"]
        g.add((post, RDF.type, ORG.Post))
        g.add((post, ORG.postIn, organisation))
        g.add((post, ORG.role, role))
        g.add((membership, OPENGOV.post, post))
        if person is not None:
            g.add((person, ORG.holds, post))
            if role in heads:
                g.add((person, ORG.headOf, organisation))
        attested = g.value(membership, DTKG.attestedDate)
        if attested is not None:
            interval, instant = URIRef(membership + "#during"), URIRef(membership + "#attested")
            kind, _ = _instant_literal(attested)
            g.add((membership, ORG.memberDuring, interval))
            g.add((interval, RDF.type, TIME.Interval))
            g.add((interval, TIME.inside, instant))
            g.add((instant, RDF.type, TIME.Instant))
            g.add((instant, kind, attested))


def post_labels(g: Graph, labels: Graph) -> None:
    """Label posts "role – organisation" in each language from the union of labels."""
    for post in list(g.subjects(RDF.type, ORG.Post)):
        role, organisation = g.value(post, ORG.role), g.value(post, ORG.postIn)
        for lang in ("vi", "en"):
            r = _label(labels, role, lang)
            o = _label(labels, organisation, lang)
            if r and o:
                g.add((post, SKOS.prefLabel, Literal(f"{r} – {o}", lang=lang)))


def _label(g: Graph, node, lang: str) -> str | None:
    for o in g.objects(node, SKOS.prefLabel):
        if isinstance(o, Literal) and o.language == lang:
            return str(o)
    return None


def datasets(g: Graph) -> None:
    for obs in list(g.subjects(RDF.type, QB.Observation)):
        g.add((obs, QB.dataSet, OBSERVATIONS))
    for target in list(g.subjects(RDF.type, DTKG.Target)):
        g.add((target, RDF.type, QB.Observation))
        g.remove((target, QB.dataSet, OBSERVATIONS))
        g.add((target, QB.dataSet, TARGETS))


def associations(g: Graph) -> None:
    for activity, assoc in list(g.subject_objects(PROV.qualifiedAssociation)):
        agent = g.value(assoc, PROV.agent)
        if agent is not None:
            g.add((activity, PROV.wasAssociatedWith, agent))


def derive_graph(g: Graph, vocab: Graph) -> None:
    """Everything that depends on one graph only (labels of posts come later, from the union)."""
    datasets(g)
    associations(g)
    attested_years(g)
    posts(g, vocab)
    periods(g)
