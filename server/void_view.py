"""The VoID description of the served dataset at `/.well-known/void` (HTML, `.json`, RDF).

Counts are computed from the served store once per process; the dataset's own description, its
sources and the national datasets it links to are read from the graph.
"""
from __future__ import annotations

import pyoxigraph as ox
from flask import Blueprint, request

from dtkg.graph.namespaces import DCAT as DCAT_NS, DCTERMS, PREFIXES, RDF, RDFS, SKOS, VOID as VOID_NS, XSD

from . import respond as r
from .catalog import CATALOG, catalogue_triples
from .context import engine, base_iri, once, page_rows, public_url
from .dumps import dump_links
from .labels import Labels, iri_term, local_path
from .ui_text import choose_lang

bp = Blueprint("void", __name__)

VOID, DCT, DCAT, RDF_TYPE = str(VOID_NS), str(DCTERMS), str(DCAT_NS), str(RDF.type)
HIDDEN = {str(SKOS.hiddenLabel)}


def counts() -> dict:
    """Per named graph, class and property, from the store itself."""
    return {
        "triples": engine().count(),
        "graphs": [(row["graph"].value, int(row["triples"].value), int(row["entities"].value))
                   for row in page_rows("void_graphs")],
        "classes": [(row["class"].value, int(row["entities"].value)) for row in page_rows("void_classes")
                    if isinstance(row["class"], ox.NamedNode)],
        "properties": [(row["property"].value, int(row["triples"].value)) for row in page_rows("void_properties")],
        "links": links(),
        "described": [(row["dataset"], row["p"], row["o"]) for row in page_rows("void_description")
                      if row["p"].value not in HIDDEN],
    }


def links() -> list[tuple[str, str, int]]:
    """(link predicate, target namespace, count) for mapping links that leave this dataset."""
    found: dict[tuple[str, str], int] = {}
    base = base_iri()
    for row in page_rows("void_links"):
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
    n, lit = ox.NamedNode, lambda v: ox.Literal(str(v), datatype=n(str(XSD.integer)))
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
        add(d, str(RDFS.seeAlso), n(CATALOG))
        add(n(CATALOG), DCAT + "dataset", d)
    return sorted(set(out), key=str)


def _slug(ns: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in ns.split("://", 1)[-1]).strip("-")


def void_data(lang: str) -> dict:
    c = once("void", counts)
    labels = Labels()
    for s, p, o in c["described"]:
        if isinstance(o, ox.Literal) and p.value in (str(SKOS.prefLabel), DCT + "title"):
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
        "dumps": dump_links(),
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


@r.resource_view(bp, "/.well-known/void")
def void(offer, links):
    lang = choose_lang()
    data = void_data(lang)
    return r.described(lambda: shown(data, lang), lambda: void_triples(data, site_root()), "publish/void.html",
                       offer, links)


def site_root() -> str:
    """The configured public address, else the request's (set PUBLIC_URL on a public server)."""
    return (public_url() or request.url_root.rstrip("/")) + "/"
