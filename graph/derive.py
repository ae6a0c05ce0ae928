"""Convenience triples derived at build time, so curators state each fact once.

- ASCII `skos:hiddenLabel`s for search without diacritics;
- ORG posts (`org:Post`, `opengov:post`, `org:holds`, `org:headOf`) and `org:memberDuring` intervals
  that contain each attested instant (`time:inside`), since articles attest a moment, not bounds;
- tenure windows from the attestations (first and last, and the end a later holder of a sole-holder
  post puts on what is known), also stated on the reified `org:holds` and `org:headOf`;
- period resources described from their ISO 8601 IRIs;
- `qb:dataSet` for observations and targets, `dtkg:year` for attested dates,
  `prov:wasAssociatedWith` for qualified associations.
"""
from __future__ import annotations

import calendar
import re

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, ORG, PROV, RDFS, SKOS, TIME, XSD

from .namespaces import DTKG, ID, OPENGOV, QB, SCHEMA, VOCAB
from .slugs import fold

PERIOD = str(ID) + "period/"
HEAD_ROLE = VOCAB["role/head"]
OBSERVATIONS = ID["dataset/observations"]
TARGETS = ID["dataset/targets"]
# what tenure windows read from the union of the graphs
TENURE_PREDICATES = (PROV.specializationOf, DTKG.attestedDate, ORG.role, ORG.organization, ORG.member)
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
        g.add((node, RDF.type, DCTERMS.PeriodOfTime))
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


def head_roles(vocab: Graph) -> set:
    """Roles narrower than `role:head`: one holder at a time, and the holder heads the organisation."""
    return set(vocab.transitive_subjects(SKOS.broader, HEAD_ROLE)) - {HEAD_ROLE}


def posts(g: Graph, vocab: Graph) -> None:
    """Each membership with an organisation and a role is held through a post (Popolo's rule)."""
    heads = head_roles(vocab)
    for membership in list(g.subjects(RDF.type, ORG.Membership)):
        organisation = g.value(membership, ORG.organization)
        role = g.value(membership, ORG.role)
        person = g.value(membership, ORG.member)
        if organisation is None or role is None:
            continue
        post = post_iri(organisation, role)
        g.add((post, RDF.type, ORG.Post))
        g.add((post, ORG.postIn, organisation))
        g.add((post, ORG.role, role))
        g.add((membership, OPENGOV.post, post))
        if person is not None:
            g.add((person, ORG.holds, post))
            if role in heads:
                g.add((person, ORG.headOf, organisation))


def post_iri(organisation, role) -> URIRef:
    return ID[f"post/{str(organisation).rsplit('/', 1)[-1]}--{str(role).rsplit('/', 1)[-1]}"]


def attestations(g: Graph) -> None:
    """Date each attestation by its period, and time its tenure (org:memberDuring) by what is attested.

    A membership derives from the sources of its attestations (not from the file that states it);
    its interval contains (`time:inside`) each attested instant and begins or ends only where an
    article states it (`schema:startDate`, `schema:endDate` on an attestation).
    """
    for attestation, membership in list(g.subject_objects(PROV.specializationOf)):
        if (attestation, RDF.type, DTKG.Attestation) not in g:
            continue
        interval = URIRef(membership + "#during")
        g.add((membership, ORG.memberDuring, interval))
        g.add((interval, RDF.type, TIME.Interval))
        g.remove((membership, PROV.wasDerivedFrom, None))
        attested = g.value(attestation, DTKG.attestedDate)
        if attested is not None:
            g.add((attestation, DCTERMS.temporal, ID["period/" + str(attested)[:10]]))
            instant = URIRef(attestation + "#instant")
            kind, _ = _instant_literal(attested)
            g.add((interval, TIME.inside, instant))
            g.add((instant, RDF.type, TIME.Instant))
            g.add((instant, kind, attested))
        for stated, edge in ((SCHEMA.startDate, TIME.hasBeginning), (SCHEMA.endDate, TIME.hasEnd)):
            for value in g.objects(attestation, stated):
                instant = URIRef(membership + ("#begins" if edge == TIME.hasBeginning else "#ends"))
                g.add((interval, edge, instant))
                g.add((instant, RDF.type, TIME.Instant))
                g.add((instant, _instant_literal(value)[0], value))
    for attestation, membership in list(g.subject_objects(PROV.specializationOf)):
        for source in g.objects(attestation, PROV.wasDerivedFrom):
            g.add((membership, PROV.wasDerivedFrom, source))


def day_bounds(value: Literal) -> tuple[str, str] | None:
    """First and last day (ISO strings) of a year, month, day or date-time literal."""
    b = _bounds(str(value)[:10])
    return (b[0], b[1]) if b else None


def tenure_windows(union: Graph, graphs: list[Graph], vocab: Graph) -> None:
    """First and last attestation of every tenure, and the end of its window where a later holder of a
    sole-holder post is attested; the derived org:holds and org:headOf are reified with those dates."""
    windows: dict = {}
    for attestation, membership in union.subject_objects(PROV.specializationOf):
        value = union.value(attestation, DTKG.attestedDate)
        bounds = day_bounds(value) if value is not None else None
        if bounds is None:
            continue
        w = windows.setdefault(membership, {"first": None, "last": None})
        if w["first"] is None or bounds[0] < w["first"][0]:
            w["first"] = (bounds[0], attestation)
        if w["last"] is None or bounds[1] > w["last"][0]:
            w["last"] = (bounds[1], attestation)
    heads = head_roles(vocab)
    holders: dict = {}
    for membership in windows:
        role, organisation = union.value(membership, ORG.role), union.value(membership, ORG.organization)
        if role in heads:
            holders.setdefault((organisation, role), []).append(membership)
    successor: dict = {}
    for tenures in holders.values():
        for m in tenures:
            person, last = union.value(m, ORG.member), windows[m]["last"][0]
            later = [n for n in tenures if union.value(n, ORG.member) != person and windows[n]["first"][0] > last]
            if later:
                successor[m] = min(later, key=lambda n: windows[n]["first"][0])
    for g in graphs:
        for membership in list(g.subjects(RDF.type, ORG.Membership)):
            if membership not in windows:
                continue
            w = windows[membership]
            facts = [(DTKG.knownFrom, Literal(w["first"][0], datatype=XSD.date)),
                     (DTKG.lastAttested, Literal(w["last"][0], datatype=XSD.date))]
            if membership in successor:
                nxt = successor[membership]
                facts.append((DTKG.knownUntil, Literal(windows[nxt]["first"][0], datatype=XSD.date)))
                g.add((membership, DCTERMS.isReplacedBy, nxt))
            g.add((membership, DTKG.firstAttestation, w["first"][1]))
            g.add((membership, DTKG.lastAttestation, w["last"][1]))
            for p, o in facts:
                g.add((membership, p, o))
            person, post = g.value(membership, ORG.member), g.value(membership, OPENGOV.post)
            edges = [("holds", ORG.holds, post)]
            if g.value(membership, ORG.role) in heads:
                edges.append(("heads", ORG.headOf, g.value(membership, ORG.organization)))
            for name, predicate, obj in edges:
                if person is None or obj is None:
                    continue
                statement = URIRef(membership + "#" + name)
                g.add((statement, RDF.type, RDF.Statement))
                g.add((statement, RDF.subject, person))
                g.add((statement, RDF.predicate, predicate))
                g.add((statement, RDF.object, obj))
                g.add((statement, PROV.wasDerivedFrom, membership))
                for p, o in facts:
                    g.add((statement, p, o))


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
    attestations(g)
    periods(g)
