"""The result cache of the local store: repeated queries are answered without evaluation, exactly as
evaluated the first time; formats, datasets and bases are separate entries; the budget holds."""
from __future__ import annotations

from dtkg.server.result_cache import ResultCache
from tests.fixtures_server import EX, G1, sample_app, sample_file, sparql_client  # noqa: F401

SELECT = f"SELECT ?city WHERE {{ ?city a <{EX}City> }} ORDER BY ?city"


def test_result_cache_keeps_the_most_recent_within_its_budget():
    cache = ResultCache(800)
    for n in range(10):
        cache.put(n, ("text/csv", bytes(100)))
    assert cache.size <= 800
    assert cache.get(0) is None and cache.get(9) == ("text/csv", bytes(100))
    cache.get(2)  # 2 is now the most recently used
    cache.put("new", ("text/csv", bytes(100)))
    assert cache.get(2) is not None and cache.get(3) is None


def test_result_cache_never_keeps_a_result_over_a_quarter_of_its_budget():
    cache = ResultCache(800)
    cache.put("big", ("text/csv", bytes(201)))
    cache.put("fits", ("text/csv", bytes(200)))
    assert cache.get("big") is None and cache.get("fits") is not None and cache.size == 200


def test_result_cache_answers_a_repeated_query_with_the_same_bytes(sparql_client):
    cache = sparql_client.application.extensions["dtkg"].backend.cache
    first = sparql_client.post("/sparql", data=SELECT + " # 1", content_type="application/sparql-query")
    hits = cache.hits
    again = sparql_client.post("/sparql", data=SELECT + " # 1", content_type="application/sparql-query")
    assert first.status_code == again.status_code == 200
    assert again.get_data() == first.get_data() and again.mimetype == first.mimetype
    assert cache.hits == hits + 1


def test_result_cache_keeps_formats_datasets_and_errors_apart(sparql_client):
    cache = sparql_client.application.extensions["dtkg"].backend.cache
    query = SELECT + " # 2"
    json = sparql_client.get("/sparql", query_string={"query": query})
    hits = cache.hits
    csv = sparql_client.get("/sparql", query_string={"query": query}, headers={"Accept": "text/csv"})
    one_graph = sparql_client.get("/sparql", query_string={"query": query, "default-graph-uri": G1})
    assert cache.hits == hits  # neither is the JSON answer over the whole dataset
    assert csv.mimetype == "text/csv" and csv.get_data() != json.get_data()
    assert one_graph.status_code == 200
    for _ in range(2):
        bad = sparql_client.get("/sparql", query_string={"query": "SELECT * WHERE { ?s ?p }"})
        assert bad.status_code == 400
    assert cache.hits == hits


def test_result_cache_is_off_with_a_zero_budget(sample_file):
    from dtkg.server.app import create_app

    app = create_app({"FILES": [str(sample_file)], "RESULT_CACHE_BYTES": 0, "QUERY_PROCESSES": 0})
    assert app.extensions["dtkg"].backend.cache is None
    r = app.test_client().get("/sparql", query_string={"query": SELECT})
    assert r.status_code == 200 and r.json["results"]["bindings"]
