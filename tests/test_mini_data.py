"""tests/data/mini.trig, the small fixture graph of real facts, stays a copy of the built graph."""
from __future__ import annotations

import pyoxigraph as ox

from dtkg.graph.config import settings
from dtkg.graph.sources import resolve_local_copy
from tests.fixtures_server import MINI_FILE


def mini_quads() -> list[ox.Quad]:
    return list(ox.parse(path=str(MINI_FILE), format=ox.RdfFormat.TRIG))


def test_every_fact_of_the_mini_graph_is_in_the_built_graph(kg):
    quads = mini_quads()
    assert 40 <= len(quads) <= 100
    missing = [q for q in quads if q not in kg.engine.store]
    assert missing == [], f"{MINI_FILE.name} has facts the build no longer makes: {missing[:5]}"


def test_every_quote_of_the_mini_graph_is_at_its_offsets():
    store = ox.Store()
    store.extend(mini_quads())
    found = list(store.query("""
        PREFIX oa: <http://www.w3.org/ns/oa#> PREFIX dtkg: <https://w3id.org/vn-dtkg/ontology#>
        SELECT ?copy ?exact ?start ?end WHERE { GRAPH ?g {
          ?ann oa:hasTarget ?t . ?t oa:hasSource ?src ; oa:hasSelector ?q , ?p .
          ?q oa:exact ?exact . ?p oa:start ?start ; oa:end ?end . ?src dtkg:localCopy ?copy } }"""))
    assert len(found) == 2
    for row in found:
        text = resolve_local_copy(settings(), row["copy"].value).read_text(encoding="utf-8")
        assert text[int(row["start"].value):int(row["end"].value)] == row["exact"].value


def test_a_named_query_on_the_mini_graph_gives_the_quote_and_its_source():
    """The fast way to run a named query on real data: the app on the mini graph, no build."""
    from dtkg.graph import catalogue
    from dtkg.server.app import create_app

    app = create_app({"FILES": [str(MINI_FILE)], "QUERY_PROCESSES": 0})
    try:
        query = catalogue.get("fact-evidence")
        text = query.localised({"fact": "obs:hai-duong--enterprises-per-10000-population"})
        rows = app.extensions["dtkg"].engine.select(text, query.bindings({"fact": "obs:hai-duong--enterprises-per-10000-population"}))
        assert [(r["quote"].value, r["start"].value, r["source"].value) for r in rows] == [
            ("Hải Dương có 47,5 doanh nghiệp/vạn dân", "7275", "https://w3id.org/vn-dtkg/id/source/002")]
    finally:
        app.extensions["dtkg"].engine.close()
