"""Linked-data pages: every IRI under the base dereferences here, as HTML, a JSON twin or RDF.

    /id/<kind>/<slug>   /vocab/<scheme>[/<concept>]   /ontology   /graph/<name>
    suffixes: .json (the page's data), .ttl, .jsonld, .nt, .rdf; or ask by Accept.

The HTML page of an entity opens with its profile (profiles.py); every statement in and out is at
`?view=rdf` (and in the RDF twins). The JSON twin carries both.
"""
from __future__ import annotations

import math

import pyoxigraph as ox
from flask import Blueprint, Response, request

from dtkg.graph.namespaces import OA as OA_NS, OWL as OWL_NS, RDFS, short

from . import humanize, profiles
from . import respond as r
from .context import engine, page_query, page_rows
from .labels import RDF_TYPE, SKOS, Labels, iri_for_path, iri_term, link, local_path, term
from .negotiation import Answered, Offer, representation, with_links
from .ui_text import choose_lang, ui

bp = Blueprint("pages", __name__)

OA, OWL, RDFS_LABEL = str(OA_NS), str(OWL_NS), str(RDFS.label)
CONCEPT_SCHEME = SKOS + "ConceptScheme"
ONTOLOGY = OWL + "Ontology"
LABEL_FIRST = (SKOS + "prefLabel", RDFS_LABEL, SKOS + "altLabel")
HIDDEN_IN_HTML = {SKOS + "hiddenLabel"}
MAX_INCOMING = 1000
MAP_NEIGHBOURS = 16


@bp.route("/id/<path:rest>")
def entity(rest: str):
    return dereference("/id/" + rest)


@bp.route("/vocab/<path:rest>")
def vocab(rest: str):
    return dereference("/vocab/" + rest)


@bp.route("/graph/<path:rest>")
def graph(rest: str):
    return dereference("/graph/" + rest)


@bp.route("/ontology")
@bp.route("/ontology.<suffix>")
def ontology(suffix: str = ""):
    return dereference("/ontology" + ("." + suffix if suffix else ""))


def dereference(path: str) -> Response:
    """Describe the IRI base + path in the format asked for by suffix or Accept."""
    try:
        path, offer, links = representation(path, strict=False)
    except Answered as answer:
        return answer.response
    try:
        node = ox.NamedNode(iri_for_path(path))
    except ValueError as exc:  # a space, a quote, a bad %-escape: no IRI of the graph looks like that
        return Response(f"400 Bad Request: {path!r} cannot be part of an IRI ({exc}).\n", status=400,
                        mimetype="text/plain")
    lang = choose_lang()
    if offer.name in ("html", "json"):
        data = describe(node, lang)
        if data is None:
            return not_found(node, path, offer, lang)
        data["view"] = "rdf" if request.args.get("view") == "rdf" or not data["summary"] else "profile"
        return r.respond(data, "pages/resource.html", offer, links=links)
    triples = rdf_of(node)
    if not triples:
        return with_links(Response(f"404 Not Found: the graph says nothing about <{node.value}>.\n",
                                       status=404, mimetype="text/plain"), links)
    return r.rdf_response(triples, offer, links)


def not_found(node: ox.NamedNode, path: str, offer: Offer, lang: str) -> Response:
    from .search_api import close_labels, find

    words = path.rstrip("/").rsplit("/", 1)[-1].replace("-", " ")
    data = {"iri": node.value, "path": path, "title": ui("not_found", lang),
            "suggestions": find(words, lang, limit=10)[0] or close_labels(words, lang)}
    if offer.name == "json":
        return r.error_json(f"the graph says nothing about <{node.value}>", 404)
    return r.respond(data, "pages/not_found.html", offer, status=404)


def types_of(rows) -> set[str]:
    return {row["o"].value for row in rows if row["p"].value == RDF_TYPE and isinstance(row["o"], ox.NamedNode)}


def rdf_of(node: ox.NamedNode) -> list:
    """The triples served for the IRI: a whole ontology or scheme document, a named graph's content,
    or the description of one resource (statements out and in, children, evidence)."""
    kinds = types_of(page_rows("entity_card", node=node))
    name = "ontology_rdf" if ONTOLOGY in kinds else "scheme_rdf" if CONCEPT_SCHEME in kinds else "resource_rdf"
    triples = list(engine().construct(page_query(name), bindings={"node": node}))
    if node.value.startswith(iri_for_path("/graph/")):
        triples += [ox.Triple(row["s"], row["p"], row["o"]) for row in page_rows("graph_rdf", graph=node)]
    return sorted(set(triples), key=str)


def describe(node: ox.NamedNode, lang: str) -> dict | None:
    """Everything the page shows about one IRI, as one dict (also the JSON twin); None if unknown."""
    out = page_rows("resource_out", node=node)
    incoming = page_rows("resource_in", node=node)
    is_graph = node.value.startswith(iri_for_path("/graph/"))
    summary = page_rows("graph_summary", graph=node) if is_graph else []
    if not out and not incoming and not summary:
        return None
    labels = Labels()
    for row in page_rows("resource_labels", node=node):
        labels.add(row["x"].value, row["label"], row["lp"].value)
    for row in out:
        if row["p"].value in LABEL_FIRST and isinstance(row["o"], ox.Literal) and not row.get("cp"):
            labels.add(node.value, row["o"], row["p"].value)
    kinds = types_of(out)
    title = labels.pick(node.value, lang) or short(node.value)
    data = {
        "iri": node.value,
        "path": local_path(node.value),
        "title": title,
        "summary": profiles.summary(node, kinds, title, lang),
        "labels": labels.by_lang(node.value),
        "types": [iri_term(t, labels, lang) for t in sorted(kinds)],
        "statements": statements_out(out, labels, lang),
        "incoming": statements_in(incoming, labels, lang),
        "incoming_truncated": len(incoming) > MAX_INCOMING,
        "evidence": evidence(node),
        "sources": sources(node, lang),
        "quotes_from": quotes_from(node, lang),
        "neighbours": neighbours(node, out, incoming, labels, lang),
        "concepts": concepts(node, lang) if CONCEPT_SCHEME in kinds else [],
        "ontology": ontology_terms(node, lang) if ONTOLOGY in kinds else None,
        "graph": graph_summary(node, summary, lang) if summary else None,
    }
    if data["summary"]:  # the sources the summary's rows cite, described too
        known = {s["iri"] for s in data["sources"]}
        for iri in sorted(profiles.cited_sources(data["summary"]) - known):
            data["sources"] += sources(ox.NamedNode(iri), lang, "source_card")
    titles = {s["iri"]: s["title"] for s in data["sources"]}
    for item in data["evidence"]:
        item["source_title"] = titles.get(item["source"], short(item["source"]))
    return data


def statements_out(rows, labels: Labels, lang: str) -> list[dict]:
    """Statements grouped by predicate; blank-node and hash children nested under their object."""
    top: dict[tuple, dict] = {}
    children: dict[str, dict[tuple, dict]] = {}
    for row in rows:
        p, o = row["p"], row["o"]
        if p.value == RDF_TYPE:
            continue
        top.setdefault((p.value, str(o)), {"p": p, "o": o, "graph": row["g"].value})
        if row.get("cp") is not None:
            kids = children.setdefault(str(o), {})
            kids.setdefault((row["cp"].value, str(row["co"])), {"p": row["cp"], "o": row["co"], "kids": {}})
            if row.get("ccp") is not None:
                kid = kids[(row["cp"].value, str(row["co"]))]
                kid["kids"].setdefault((row["ccp"].value, str(row["cco"])), {"p": row["ccp"], "o": row["cco"], "kids": {}})

    def nested(found: dict) -> list[dict]:
        items = sorted(found.values(), key=lambda k: (k["p"].value, str(k["o"])))
        return [{"predicate": term(k["p"], labels, lang), "object": term(k["o"], labels, lang),
                 "children": nested(k["kids"])} for k in items]

    groups: dict[str, dict] = {}
    for (p_iri, key), item in sorted(top.items(), key=lambda kv: (predicate_order(kv[0][0]), kv[0][1])):
        group = groups.setdefault(p_iri, {"predicate": term(item["p"], labels, lang), "objects": [],
                                           "hidden": p_iri in HIDDEN_IN_HTML})
        obj = term(item["o"], labels, lang)
        obj["graph"] = item["graph"]
        obj["children"] = nested(children.get(key, {}))
        group["objects"].append(obj)
    return list(groups.values())


def predicate_order(iri: str) -> tuple:
    return (LABEL_FIRST.index(iri) if iri in LABEL_FIRST else len(LABEL_FIRST), short(iri))


def statements_in(rows, labels: Labels, lang: str) -> list[dict]:
    groups: dict[str, dict] = {}
    for row in rows[:MAX_INCOMING]:
        group = groups.setdefault(row["p"].value, {"predicate": term(row["p"], labels, lang), "subjects": []})
        subject = term(row["s"], labels, lang)
        if subject not in group["subjects"]:
            group["subjects"].append(subject)
    return [groups[k] for k in sorted(groups, key=short)]


def evidence(node: ox.NamedNode) -> list[dict]:
    """The quotes that support the node, each with its offsets into the source's local copy."""
    found: dict[str, dict] = {}
    for row in page_rows("resource_evidence", node=node):
        item = found.setdefault(row["annotation"].value, {
            "annotation": row["annotation"].value, "href": local_path(row["annotation"].value),
            "source": row["source"].value, "source_href": link(row["source"].value),
            "exact": term(row["exact"])["value"], "prefix": _value(row, "prefix"), "suffix": _value(row, "suffix"),
            "start": _int(row, "start"), "end": _int(row, "end")})
        item["start"] = item["start"] if item["start"] is not None else _int(row, "start")
        item["end"] = item["end"] if item["end"] is not None else _int(row, "end")
    for item in found.values():
        item["text_href"] = profiles.source_text_href(item["source"], item["start"], item["end"])
    return sorted(found.values(), key=lambda e: (e["source"], e["start"] or 0, e["annotation"]))


def sources(node: ox.NamedNode, lang: str, query: str = "resource_sources") -> list[dict]:
    """The sources of the node (or, with query="source_card", the description of source `node`)."""
    found: dict[str, dict] = {}
    titles: dict[str, Labels] = {}
    notes: dict[tuple, Labels] = {}
    for row in page_rows(query, node=node):
        iri = row["source"].value
        item = found.setdefault(iri, {"iri": iri, "href": link(iri), "title": None, "url": None,
                                      "published": None, "local_copy": None})
        for key, var in (("url", "url"), ("published", "published"), ("local_copy", "localCopy")):
            if row.get(var) is not None:
                item[key] = row[var].value
        if row.get("title") is not None:
            titles.setdefault(iri, Labels()).add(iri, row["title"])
        for var, key in (("precision", "precision"), ("publisherLabel", "publisher")):
            if row.get(var) is not None:
                notes.setdefault((iri, key), Labels()).add(iri, row[var])
    for iri, item in found.items():
        item["title"] = titles[iri].pick(iri, lang) if iri in titles else short(iri)
        for key in ("precision", "publisher"):
            item[key] = notes[(iri, key)].pick(iri, lang) if (iri, key) in notes else None
        item["published_text"] = humanize.date(item["published"], lang) if item["published"] else None
        item["text_href"] = profiles.source_text_href(iri) if item["local_copy"] else None
    return sorted(found.values(), key=lambda s: s["iri"])


def quotes_from(node: ox.NamedNode, lang: str) -> list[dict]:
    """For a source: the quotes taken from it, in text order, with the node each supports."""
    found: dict[str, dict] = {}
    labels = Labels()
    for row in page_rows("source_quotes", node=node):
        if row.get("label") is not None:
            labels.add(row["body"].value, row["label"])
        found.setdefault(row["annotation"].value, {"annotation": row["annotation"].value,
                                                   "body": row["body"], "exact": row["exact"].value,
                                                   "start": _int(row, "start"), "end": _int(row, "end")})
    out = [{**q, "body": term(q["body"], labels, lang)} for q in found.values()]
    for q in out:
        q["text_href"] = profiles.source_text_href(node.value, q["start"], q["end"]) if q["start"] is not None else None
    return sorted(out, key=lambda q: (q["start"] is None, q["start"] or 0))


def concepts(node: ox.NamedNode, lang: str) -> list[dict]:
    labels, found = Labels(), {}
    for row in page_rows("scheme_concepts", node=node):
        iri, p = row["concept"].value, row["p"].value
        item = found.setdefault(iri, {"iri": iri, "href": link(iri), "labels": {}, "definition": {},
                                      "notation": None, "broader": []})
        if p == SKOS + "prefLabel":
            labels.add(iri, row["o"], p)
            item["labels"][row["o"].language or ""] = row["o"].value
        elif p == SKOS + "definition":
            item["definition"][row["o"].language or ""] = row["o"].value
        elif p == SKOS + "notation":
            item["notation"] = row["o"].value
        elif p == SKOS + "broader":
            item["broader"].append(row["o"].value)
    for item in found.values():
        item["label"] = labels.pick(item["iri"], lang) or short(item["iri"])
        item["text"] = item["definition"].get(lang) or next(iter(item["definition"].values()), "")
        item["broader"] = [iri_term(b, labels, lang) for b in sorted(item["broader"])]
    return sorted(found.values(), key=lambda c: c["iri"])


def ontology_terms(node: ox.NamedNode, lang: str) -> dict:
    """Classes and properties of the ontology, with vi/en labels and comments, for its documentation page."""
    labels, found = Labels(), {}
    rows = page_rows("ontology_terms", node=node)
    for row in rows:
        if row["p"].value == RDFS_LABEL:
            labels.add(row["term"].value, row["o"], row["p"].value)
    for row in rows:
        iri, p, o = row["term"].value, row["p"].value.rsplit("#", 1)[-1], row["o"]
        item = found.setdefault(iri, {"iri": iri, "href": link(iri), "anchor": iri.rsplit("#", 1)[-1],
                                      "kinds": [], "labels": {}, "comment": {}, "scopeNote": {},
                                      "subClassOf": [], "subPropertyOf": [], "domain": [], "range": []})
        if p == "type":
            item["kinds"].append(short(o.value))
        elif p in ("label", "comment", "scopeNote") and isinstance(o, ox.Literal):
            item["labels" if p == "label" else p][o.language or ""] = o.value
        elif p in ("subClassOf", "subPropertyOf", "domain", "range") and isinstance(o, ox.NamedNode):
            item[p].append(iri_term(o.value, labels, lang))
    classes, properties = [], []
    for item in sorted(found.values(), key=lambda t: t["anchor"]):
        item["kinds"] = sorted(set(item["kinds"]))
        for key in ("subClassOf", "subPropertyOf", "domain", "range"):
            item[key] = sorted(item[key], key=lambda t: t["value"])
        item["label"] = labels.pick(item["iri"], lang) or item["anchor"]
        item["text"] = item["comment"].get(lang) or next(iter(item["comment"].values()), "")
        (classes if "owl:Class" in item["kinds"] or "rdfs:Datatype" in item["kinds"] else properties).append(item)
    return {"classes": classes, "properties": properties}


def graph_summary(node: ox.NamedNode, summary: list, lang: str) -> dict:
    labels, entities = Labels(), {}
    for row in page_rows("graph_entities", graph=node):
        s = row["s"].value
        if row["type"].value.startswith(OA):
            continue
        if row.get("label") is not None:
            labels.add(s, row["label"], row["lp"].value)
        entities.setdefault(s, set()).add(row["type"].value)
    return {"triples": int(summary[0]["triples"].value), "subjects": int(summary[0]["subjects"].value),
            "entities": [{**iri_term(s, labels, lang), "types": [short(t) for t in sorted(ts)]}
                         for s, ts in sorted(entities.items())]}


def neighbours(node, out, incoming, labels: Labels, lang: str) -> dict:
    """A small radial map: the node in the middle, up to 16 linked IRIs around it (SVG coordinates)."""
    edges = []
    for row in out:
        o = row["o"]
        if row.get("cp") is None and isinstance(o, ox.NamedNode) and row["p"].value != RDF_TYPE and o != node:
            edges.append((o.value, row["p"].value, "out"))
    for row in incoming[:MAX_INCOMING]:
        if isinstance(row["s"], ox.NamedNode) and row["s"] != node:
            edges.append((row["s"].value, row["p"].value, "in"))
    ordered = sorted(edges, key=lambda e: (local_path(e[0]) is None, short(e[1]), e[0]))
    unique: dict[str, list] = {"out": [], "in": []}
    for edge in ordered:
        if all(edge[0] != e[0] for e in unique[edge[2]]):
            unique[edge[2]].append(edge)
    n_out = min(len(unique["out"]), max(MAP_NEIGHBOURS // 2, MAP_NEIGHBOURS - len(unique["in"])))
    picked = unique["out"][:n_out]
    picked += [e for e in unique["in"] if e[0] not in {x[0] for x in picked}][: MAP_NEIGHBOURS - n_out]
    width, height, rx, ry = 760, 520, 250, 200
    nodes = []
    for i, (iri, p, direction) in enumerate(picked):
        angle = 2 * math.pi * i / max(1, len(picked)) - math.pi / 2
        x, y = width / 2 + rx * math.cos(angle), height / 2 + ry * math.sin(angle)
        label = labels.pick(iri, lang) or short(iri)
        anchor = "middle" if abs(x - width / 2) < 1 else "start" if x > width / 2 else "end"
        nodes.append({"iri": iri, "href": link(iri), "label": label, "short_label": _cut(label, 26),
                      "anchor": anchor,
                      "predicate": short(p), "direction": direction, "x": round(x, 1), "y": round(y, 1),
                      "lx": round((x + width / 2) / 2, 1), "ly": round((y + height / 2) / 2, 1)})
    centre = labels.pick(node.value, lang) or short(node.value)
    return {"width": width, "height": height, "centre": _cut(centre, 30), "nodes": nodes}


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _value(row, var):
    return row[var].value if row.get(var) is not None else None


def _int(row, var):
    value = _value(row, var)
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None
