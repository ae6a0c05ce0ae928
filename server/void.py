"""Publishing: the VoID description (`/.well-known/void`), dumps (`/dumps/…`) and the SHACL report
(`/validation`). Counts are computed from the served store once per process; the dataset's own
description, its sources and the national datasets it links to are read from the graph.
"""
from __future__ import annotations

import json
import tempfile
import threading
from pathlib import Path

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, request, send_file

from dtkg.graph.formats import by_name
from dtkg.graph.namespaces import PREFIXES

from . import respond as r
from .catalog import CATALOG, built_dump, built_file, catalogue_triples
from .labels import Labels, backend, base_iri, choose_lang, iri_term, local_path, page_query, public_url, ui

bp = Blueprint("void", __name__)

VOID = "http://rdfs.org/ns/void#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
DCT = "http://purl.org/dc/terms/"
DCAT = "http://www.w3.org/ns/dcat#"
DUMP_FORMATS = ("nquads", "trig", "turtle", "ntriples", "jsonld")
HIDDEN = {"http://www.w3.org/2004/02/skos/core#hiddenLabel"}
_lock = threading.Lock()
_cache: dict[tuple, object] = {}


def once(key: str, compute):
    """Compute a value once per process and backend (the served data is read-only)."""
    slot = (key, id(backend()))
    with _lock:
        if slot not in _cache:
            _cache[slot] = compute()
        return _cache[slot]


def select(name: str, **bindings):
    return backend().select(page_query(name), bindings=bindings)


def counts() -> dict:
    """Per named graph, class and property, from the store itself."""
    return {
        "triples": backend().count(),
        "graphs": [(row["graph"].value, int(row["triples"].value), int(row["entities"].value))
                   for row in select("void_graphs")],
        "classes": [(row["class"].value, int(row["entities"].value)) for row in select("void_classes")
                    if isinstance(row["class"], ox.NamedNode)],
        "properties": [(row["property"].value, int(row["triples"].value)) for row in select("void_properties")],
        "links": links(),
        "described": [(row["dataset"], row["p"], row["o"]) for row in select("void_description")
                      if row["p"].value not in HIDDEN],
    }


def links() -> list[tuple[str, str, int]]:
    """(link predicate, target namespace, count) for mapping links that leave this dataset."""
    found: dict[tuple[str, str], int] = {}
    base = base_iri()
    for row in select("void_links"):
        target = row["o"].value
        if target.startswith(base):
            continue
        cut = max(target.rfind("/"), target.rfind("#"))
        key = (row["p"].value, target[: cut + 1])
        found[key] = found.get(key, 0) + 1
    return [(p, ns, n) for (p, ns), n in sorted(found.items())]


def dataset_iri(described) -> str:
    """The top dataset: a void:Dataset that is no other dataset's subset."""
    datasets = {s.value for s, p, o in described if p.value == RDF_TYPE and o.value == VOID + "Dataset"}
    subsets = {o.value for s, p, o in described if p.value == VOID + "subset"}
    tops = sorted(datasets - subsets)
    return tops[0] if tops else base_iri() + "id/dataset/dtkg"


def void_triples(data: dict, root: str) -> list[ox.Triple]:
    """The VoID description as RDF: the graph's own statements plus counts, endpoint and dumps."""
    n, lit = ox.NamedNode, lambda v: ox.Literal(str(v), datatype=n("http://www.w3.org/2001/XMLSchema#integer"))
    doc = root + ".well-known/void"
    d = n(data["dataset"])
    out = [ox.Triple(s, p, o) for s, p, o in data["described"]]
    add = lambda s, p, o: out.append(ox.Triple(s, n(p), o))
    add(d, RDF_TYPE, n(VOID + "Dataset"))
    add(d, VOID + "triples", lit(data["triples"]))
    add(d, VOID + "sparqlEndpoint", n(root + "sparql"))
    for dump in data["dumps"]:
        add(d, VOID + "dataDump", n(root.rstrip("/") + dump["href"]))
    add(d, VOID + "uriSpace", ox.Literal(base_iri()))
    for ns in data["vocabularies"]:
        add(d, VOID + "vocabulary", n(ns))
    for graph, triples, entities in data["graphs"]:
        g = n(graph)
        add(d, VOID + "subset", g)
        add(g, RDF_TYPE, n(VOID + "Dataset"))
        add(g, VOID + "triples", lit(triples))
        add(g, VOID + "entities", lit(entities))
    for i, (cls, entities) in enumerate(data["classes"]):
        part = n(f"{doc}#class-{i}")
        add(d, VOID + "classPartition", part)
        add(part, VOID + "class", n(cls))
        add(part, VOID + "entities", lit(entities))
    for i, (prop, triples) in enumerate(data["properties"]):
        part = n(f"{doc}#property-{i}")
        add(d, VOID + "propertyPartition", part)
        add(part, VOID + "property", n(prop))
        add(part, VOID + "triples", lit(triples))
    for i, (prop, ns, count) in enumerate(data["links"]):
        linkset, target = n(f"{doc}#linkset-{i}"), n(f"{doc}#target-{_slug(ns)}")
        add(linkset, RDF_TYPE, n(VOID + "Linkset"))
        add(linkset, VOID + "subjectsTarget", d)
        add(linkset, VOID + "objectsTarget", target)
        add(linkset, VOID + "linkPredicate", n(prop))
        add(linkset, VOID + "triples", lit(count))
        add(d, VOID + "subset", linkset)
        add(target, RDF_TYPE, n(VOID + "Dataset"))
        add(target, VOID + "uriSpace", ox.Literal(ns))
    for other in data["national"]:
        add(d, DCT + "relation", n(other["iri"]))
    if catalogue_triples() is not None:  # the DCAT-AP description of the same dataset
        add(d, "http://www.w3.org/2000/01/rdf-schema#seeAlso", n(CATALOG))
        add(n(CATALOG), DCAT + "dataset", d)
    return sorted(set(out), key=str)


def _slug(ns: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in ns.split("://", 1)[-1]).strip("-")


def void_data(lang: str) -> dict:
    c = once("void", counts)
    labels = Labels()
    for s, p, o in c["described"]:
        if isinstance(o, ox.Literal) and p.value in ("http://www.w3.org/2004/02/skos/core#prefLabel", DCT + "title"):
            labels.add(s.value, o, p.value)
    dataset = dataset_iri(c["described"])
    graphs = {g for g, _, _ in c["graphs"]}
    kinds: dict[str, set[str]] = {}
    for s, p, o in c["described"]:
        if p.value == RDF_TYPE:
            kinds.setdefault(s.value, set()).add(o.value)
    sources = {o.value for s, p, o in c["described"] if s.value in graphs and p.value == DCT + "source"}
    national = sorted(iri for iri, ks in kinds.items()
                      if ks & {DCAT + "Dataset", DCAT + "Catalog"} and iri != dataset and iri not in graphs)
    vocab = sorted({ns for prop, _ in c["properties"] for ns in PREFIXES.values() if prop.startswith(ns)})
    return {
        "title": labels.pick(dataset, lang) or "VoID",
        "dataset": dataset, "dataset_href": local_path(dataset),
        "triples": c["triples"], "graphs": c["graphs"], "classes": c["classes"], "properties": c["properties"],
        "links": c["links"], "described": c["described"], "vocabularies": vocab,
        "dumps": [{"href": f"/dumps/dtkg{by_name(f).suffix}", "type": by_name(f).media_type, "format": f}
                  for f in DUMP_FORMATS],
        "national": [{**iri_term(iri, labels, lang), "iri": iri, "is_source": iri in sources} for iri in national],
    }


def shown(data: dict, lang: str) -> dict:
    """The JSON twin and the page: counts as rows, IRIs as terms."""
    return {
        "title": data["title"], "dataset": data["dataset"], "dataset_path": data["dataset_href"], "triples": data["triples"],
        "sparql_endpoint": site_root() + "sparql", "dumps": data["dumps"],
        "subsets": [{"graph": iri_term(g), "triples": t, "entities": e} for g, t, e in data["graphs"]],
        "classes": [{"class": iri_term(c), "entities": e} for c, e in data["classes"]],
        "properties": [{"property": iri_term(p), "triples": t} for p, t in data["properties"]],
        "linksets": [{"predicate": iri_term(p), "target": ns, "triples": n} for p, ns, n in data["links"]],
        "national": data["national"], "vocabularies": data["vocabularies"],
    }


@bp.route("/.well-known/void")
@bp.route("/.well-known/void.<suffix>")
def void(suffix: str = ""):
    try:
        _, offer, links = r.representation("/.well-known/void" + ("." + suffix if suffix else ""))
    except r.Answered as answer:
        return answer.response
    lang = choose_lang()
    data = void_data(lang)
    if offer.name in ("html", "json"):
        return r.respond(shown(data, lang), "publish/void.html", offer, links=links)
    return r.rdf_response(void_triples(data, site_root()), offer, links)


@bp.route("/dumps")
@bp.route("/dumps.json")
def dumps():
    offer = r.JSON if request.path.endswith(".json") else r.HTML
    data = {"title": ui("dumps", choose_lang()), "rows": void_data(choose_lang())["dumps"]}
    return r.respond(data, "publish/dumps.html", offer, links=r.alternates("/dumps", r.PAGE_OFFERS))


@bp.route("/dumps/dtkg.<suffix>")
def dump(suffix: str):
    fmt = next((by_name(f) for f in DUMP_FORMATS if by_name(f).suffix == "." + suffix), None)
    if fmt is None:
        return Response(f"404 Not Found: no dump in .{suffix}; see /dumps\n", status=404, mimetype="text/plain")
    path = built_dump(suffix) or once(f"dump-{fmt.name}", lambda: write_dump(fmt))  # the catalogue's own file
    return send_file(path, mimetype=fmt.media_type, as_attachment=False, download_name=f"dtkg{fmt.suffix}",
                     conditional=True, max_age=3600)


def write_dump(fmt) -> Path:
    """Serialise the served data once into a per-process cache file: quad formats hold the named
    graphs, triple formats their union (set semantics)."""
    from dtkg.graph.export import serialize, write_atomic

    folder = Path(current_app.config.get("DTKG_CACHE_DIR") or tempfile.mkdtemp(prefix="dtkg-dumps-"))
    target = folder / f"dtkg{fmt.suffix}"
    store, merged = served_store()
    prefixes = {"prefixes": PREFIXES} if fmt.name in ("turtle", "trig") else {}

    def write(out):
        if not merged:
            serialize(store, fmt, out)
        elif fmt.quads:  # leave out the default graph: it is the materialised union of the named graphs
            named = (q for q in store if not isinstance(q.graph_name, ox.DefaultGraph))
            ox.serialize(named, out, fmt.oxigraph, **prefixes)
        else:
            store.dump(out, fmt.oxigraph, from_graph=ox.DefaultGraph(), **prefixes)

    write_atomic(target, write)
    return target


def served_store() -> tuple[ox.Store, bool]:
    """The local backend's own Oxigraph store when there is one (fast, no result-size limit), and
    whether its default graph holds the union of the named graphs; for a remote store, a copy of its
    named graphs made through SPARQL."""
    b = backend()
    store = getattr(b, "store", None)
    if not isinstance(store, ox.Store) and getattr(b, "path", None):
        store = ox.Store.read_only(str(b.path))
    if isinstance(store, ox.Store):
        return store, bool(getattr(b, "merged", False))
    store = ox.Store()
    store.bulk_extend(ox.Quad(row["s"], row["p"], row["o"], row["g"]) for row in select("dump_quads"))
    return store, False


@bp.route("/validation")
@bp.route("/validation.<suffix>")
def validation(suffix: str = ""):
    """The validation report of the data this server serves: written by `dtkg build` beside the built
    dataset, or by `dtkg serve FILE` at load (VALIDATION_REPORT); never computed here."""
    try:
        _, offer, links = r.representation("/validation" + ("." + suffix if suffix else ""))
    except r.Answered as answer:
        return answer.response
    report, error = once("validation", served_report)
    if report is None:
        message = f"validation is unavailable on this server: {error}"
        if offer.name == "json":
            return r.error_json(message, 503)
        if offer.name != "html":
            return Response(message + "\n", status=503, mimetype="text/plain")
        return r.respond({"title": "SHACL", "error": message}, "publish/validation.html", offer, links=links, status=503)
    if offer.name in ("html", "json"):
        lang = choose_lang()
        data = {"title": "SHACL", "conforms": report.conforms, "counts": report.counts(),
                "results": [result_row(x, lang) for x in report.results], "error": None}
        return r.respond(data, "publish/validation.html", offer, links=links)
    return r.rdf_response(report_triples(report), offer, links)


def served_report():
    """(Report, None), or (None, why) when this server was given no report for what it serves."""
    from dtkg.graph.validate import Report

    path = current_app.config.get("VALIDATION_REPORT") or built_file("validation.json")
    if not path:
        return None, ("this server was given no validation report for the store it serves (a remote store, or a "
                      "RocksDB store not made by `dtkg load --store`); validate its source with `dtkg validate FILE`")
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return (None, data["error"]) if "error" in data else (Report.from_json(data), None)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return None, f"the validation report {path} cannot be read: {exc}"


def result_row(result, lang: str) -> dict:
    message = (result.message_vi if lang == "vi" else result.message_en) or result.message_en or result.message_vi
    return {"severity": result.severity, "focus": iri_term(result.focus), "path": result.path, "message": message,
            "message_en": result.message_en, "message_vi": result.message_vi, "value": result.value,
            "shape": result.shape, "files": result.files}


def report_triples(report) -> list[ox.Triple]:
    """The report as SHACL RDF (sh:ValidationReport with one sh:ValidationResult per result)."""
    from dtkg.graph.catalogue import expand

    sh, n = "http://www.w3.org/ns/shacl#", ox.NamedNode
    node = ox.BlankNode()
    out = [ox.Triple(node, n(RDF_TYPE), n(sh + "ValidationReport")),
           ox.Triple(node, n(sh + "conforms"), ox.Literal("true" if report.conforms else "false",
                                                         datatype=n("http://www.w3.org/2001/XMLSchema#boolean")))]
    for result in report.results:
        x = ox.BlankNode()
        out.append(ox.Triple(node, n(sh + "result"), x))
        out.append(ox.Triple(x, n(RDF_TYPE), n(sh + "ValidationResult")))
        out.append(ox.Triple(x, n(sh + "resultSeverity"), n(sh + result.severity)))
        out.append(ox.Triple(x, n(sh + "focusNode"), n(result.focus) if "://" in result.focus else ox.Literal(result.focus)))
        path = expand(result.path) if result.path else None
        if path and "://" in path and " " not in path:
            out.append(ox.Triple(x, n(sh + "resultPath"), n(path)))
        for text, lang in ((result.message_en, "en"), (result.message_vi, "vi")):
            if text:
                out.append(ox.Triple(x, n(sh + "resultMessage"), ox.Literal(text, language=lang)))
        if result.value is not None:
            value = n(result.value) if result.value.startswith(("http://", "https://")) else ox.Literal(result.value)
            out.append(ox.Triple(x, n(sh + "value"), value))
        if result.shape and result.shape.startswith(("http://", "https://")):
            out.append(ox.Triple(x, n(sh + "sourceShape"), n(result.shape)))
    return out


def site_root() -> str:
    """The configured public address, else the request's (set PUBLIC_URL on a public server)."""
    return (public_url() or request.url_root.rstrip("/")) + "/"
