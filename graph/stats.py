"""Counts for `dtkg stats` and the API: triples per graph, entities per class, facts per source."""
from __future__ import annotations

from .engine import rows

PER_GRAPH = "SELECT ?graph (COUNT(*) AS ?triples) WHERE { GRAPH ?graph { ?s ?p ?o } } GROUP BY ?graph ORDER BY ?graph"
PER_CLASS = """
SELECT ?class (COUNT(DISTINCT ?s) AS ?entities) WHERE {
  GRAPH ?g { ?s a ?class } FILTER(?g NOT IN (<https://w3id.org/vn-dtkg/graph/ontology>, <https://w3id.org/vn-dtkg/graph/vocab>))
} GROUP BY ?class ORDER BY DESC(?entities) ?class"""
PER_SOURCE = """
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX oa: <http://www.w3.org/ns/oa#>
SELECT ?source (COUNT(DISTINCT ?fact) AS ?facts) (COUNT(DISTINCT ?annotation) AS ?quotes) WHERE {
  ?fact prov:wasDerivedFrom ?source .
  OPTIONAL { ?annotation oa:hasBody ?fact }
} GROUP BY ?source ORDER BY ?source"""


def compute(engine) -> dict:
    return {
        "triples": engine.count(),
        "graphs": {r["graph"]: int(r["triples"]) for r in rows(engine.select(PER_GRAPH))},
        "classes": {r["class"]: int(r["entities"]) for r in rows(engine.select(PER_CLASS))},
        "sources": {r["source"]: {"facts": int(r["facts"]), "quotes": int(r["quotes"])} for r in rows(engine.select(PER_SOURCE))},
    }


def render(stats: dict) -> str:
    from .queryrun import short
    import pyoxigraph as ox

    name = lambda iri: short(ox.NamedNode(iri))
    lines = [f"{stats['triples']} quads", "", "triples per named graph:"]
    lines += [f"  {n:>7}  {name(g)}" for g, n in stats["graphs"].items()]
    lines += ["", "entities per class:"]
    lines += [f"  {n:>7}  {name(c)}" for c, n in stats["classes"].items()]
    lines += ["", "facts per source (nodes derived from it; quotes supporting them):"]
    lines += [f"  {v['facts']:>7}  {v['quotes']:>5} quotes  {name(s)}" for s, v in stats["sources"].items()]
    return "\n".join(lines)
