"""Smoke test of the benchmark's data generator (benchmarks/generate.py) at a few thousand triples.

The benchmark itself never runs in the test suite (see benchmarks/README.md); this only checks that
the generator writes valid, deterministic N-Quads of the graph's shape, and that the benchmark's
VALUES inlining of query parameters agrees with pyoxigraph substitutions.
"""
from __future__ import annotations

import importlib.util
import io
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

BENCH = Path(__file__).resolve().parent.parent / "benchmarks"
ID = "https://w3id.org/vn-dtkg/id/"


def _module(name: str):
    if str(BENCH) not in sys.path:
        sys.path.insert(0, str(BENCH))
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def _generate(triples: int, with_base: bool = False, seed: int = 7) -> tuple[bytes, dict]:
    out = io.BytesIO()
    meta = _module("generate").generate(out, triples, seed=seed, with_base=with_base)
    return out.getvalue(), meta


@pytest.fixture(scope="module")
def small() -> tuple[bytes, dict, ox.Store]:
    data, meta = _generate(3000)
    store = ox.Store()
    store.bulk_load(data, ox.RdfFormat.N_QUADS)
    return data, meta, store


def _ask(store: ox.Store, where: str) -> bool:
    prologue = ("PREFIX org: <http://www.w3.org/ns/org#> PREFIX qb: <http://purl.org/linked-data/cube#> "
                "PREFIX dtkg: <https://w3id.org/vn-dtkg/ontology#> PREFIX oa: <http://www.w3.org/ns/oa#> "
                "PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX eli: <http://data.europa.eu/eli/ontology#> "
                "PREFIX schema: <https://schema.org/> PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> ")
    return bool(store.query(prologue + f"ASK {{ {where} }}", use_default_graph_as_union=True))


def test_generate_lands_near_the_requested_size(small):
    data, meta, store = small
    assert meta["quads"] == len(store) == data.count(b"\n")
    assert 3000 <= meta["quads"] <= 3000 + 2500  # stops after the article that crosses the count


def test_generate_is_deterministic_for_a_seed():
    first, _ = _generate(1500)
    again, _ = _generate(1500)
    other, _ = _generate(1500, seed=8)
    assert first == again
    assert first != other


def test_generate_puts_every_quad_in_an_article_graph(small):
    _, meta, store = small
    graphs = {str(q.graph_name) for q in store}
    assert all(g.startswith("<https://w3id.org/vn-dtkg/graph/") for g in graphs)
    assert len(graphs) == meta["articles"] + 1  # plus the build graph's VoID entries


def test_generate_writes_each_kind_of_fact_with_evidence(small):
    _, _, store = small
    for pattern in ("?m a org:Membership ; org:member ?p ; dtkg:knownFrom ?f . ?a prov:specializationOf ?m ; dtkg:attestedDate ?d . ?p org:holds ?post",
                    "?s a rdf:Statement ; rdf:predicate org:headOf ; dtkg:knownFrom ?f",
                    "?a a oa:Annotation ; prov:wasQuotedFrom ?src",
                    "?o a qb:Observation ; dtkg:indicator ?i ; qb:dataSet ?ds",
                    "?t a dtkg:Target ; dtkg:setBy ?doc . ?doc a eli:LegalResource",
                    "?d a dtkg:Deployment ; prov:used ?s ; prov:qualifiedAssociation ?a",
                    "?p a dtkg:Programme ; dtkg:approvedBy ?doc",
                    "?a a oa:Annotation ; oa:hasBody ?node ; oa:hasTarget/oa:hasSelector/oa:exact ?quote",
                    "?s a schema:NewsArticle ; dtkg:sha256 ?h"):
        assert _ask(store, pattern), pattern


def test_generate_uses_only_terms_of_the_vocabularies(small):
    _, _, store = small
    from dtkg.graph.config import settings

    vocab = ox.Store()
    for path in sorted((settings().ontology_dir / "vocab").glob("*.ttl")):
        vocab.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)
    concepts = {s["c"].value for s in vocab.query("SELECT ?c { ?c a <http://www.w3.org/2004/02/skos/core#Concept> }")}
    used = {q.object.value for q in store if isinstance(q.object, ox.NamedNode)
            and q.object.value.startswith("https://w3id.org/vn-dtkg/vocab/")}
    assert used and used <= concepts, sorted(used - concepts)


def test_generate_with_base_includes_the_63_provinces():
    data, meta = _generate(100, with_base=True)  # the base alone passes 100 quads: no article
    store = ox.Store()
    store.bulk_load(data, ox.RdfFormat.N_QUADS)
    rows = list(store.query(
        "SELECT (COUNT(DISTINCT ?p) AS ?n) { ?p a <https://w3id.org/vn-dtkg/ontology#Province> ; "
        "<https://w3id.org/vn-dtkg/ontology#era> <https://w3id.org/vn-dtkg/vocab/era/pre2025> }",
        use_default_graph_as_union=True))
    assert int(rows[0]["n"].value) == 63
    assert meta["articles"] == 0
    assert data == _generate(100, with_base=True)[0]  # blank nodes are relabelled stably


def test_values_inlining_matches_substitutions(small):
    _, meta, store = small
    workload = _module("workload")
    queries = workload.prepare(store, meta["samples"])
    assert queries
    assert workload.check_inlining(store, queries) == []
