"""The result cache of the local store: repeated queries are answered without evaluation, exactly as
evaluated the first time; formats, datasets and bases are separate entries; the budget holds."""
from __future__ import annotations

from dtkg.graph.engine.result_cache import ENTRY_OVERHEAD, ResultCache
from tests.fixtures_server import EX, G1, sample_app, sample_file, sparql_client  # noqa: F401

SELECT = f"SELECT ?city WHERE {{ ?city a <{EX}City> }} ORDER BY ?city"


ENTRY = 100 + ENTRY_OVERHEAD  # what one 100-byte result costs


def test_result_cache_keeps_the_most_recent_within_its_budget():
    cache = ResultCache(8 * ENTRY)
    for n in range(10):
        cache.put(n, ("text/csv", bytes(100)))
    assert cache.size <= 8 * ENTRY
    assert cache.get(0) is None and cache.get(9) == ("text/csv", bytes(100))
    cache.get(2)  # 2 is now the most recently used
    cache.put("new", ("text/csv", bytes(100)))
    assert cache.get(2) is not None and cache.get(3) is None


def test_result_cache_never_keeps_an_entry_over_a_quarter_of_its_budget():
    cache = ResultCache(8 * ENTRY)
    cache.put("big", ("text/csv", bytes(2 * ENTRY - ENTRY_OVERHEAD + 1)))
    cache.put("fits", ("text/csv", bytes(100)))
    assert cache.get("big") is None and cache.get("fits") is not None and cache.size == ENTRY


def test_result_cache_counts_the_query_text_of_its_keys():
    """40 distinct 1 MiB queries with tiny results stay within the budget (keys are counted)."""
    budget = 4 * 1024 * 1024
    cache = ResultCache(budget)
    for n in range(40):
        text = f"SELECT * {{}} # {n}" + " " * (1024 * 1024)
        cache.put(text, ("text/csv", b"x\r\n"), key_bytes=len(text))
    assert cache.size <= budget and len(cache._entries) <= 4


def test_result_cache_answers_a_repeated_query_with_the_same_bytes(sparql_client):
    cache = sparql_client.application.extensions["dtkg"].engine.cache
    first = sparql_client.post("/sparql", data=SELECT + " # 1", content_type="application/sparql-query")
    hits = cache.hits
    again = sparql_client.post("/sparql", data=SELECT + " # 1", content_type="application/sparql-query")
    assert first.status_code == again.status_code == 200
    assert again.get_data() == first.get_data() and again.mimetype == first.mimetype
    assert cache.hits == hits + 1


def test_result_cache_keeps_formats_datasets_and_errors_apart(sparql_client):
    cache = sparql_client.application.extensions["dtkg"].engine.cache
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
    assert app.extensions["dtkg"].engine.cache is None
    r = app.test_client().get("/sparql", query_string={"query": SELECT})
    assert r.status_code == 200 and r.json["results"]["bindings"]


def test_result_cache_of_the_server_holds_long_query_texts_within_its_budget(sample_file):
    """The audit's attack: 40 distinct ~0.9 MiB query texts with tiny results. The cache's count
    covers their text, so what it holds stays under its budget (before, it counted 40 tiny results)."""
    from dtkg.server.app import create_app

    budget = 4 * 1024 * 1024
    app = create_app({"FILES": [str(sample_file)], "QUERY_PROCESSES": 1, "RESULT_CACHE_BYTES": budget,
                      "MAX_REQUEST_BYTES": 2 * 1024 * 1024})
    try:
        client, cache = app.test_client(), app.extensions["dtkg"].engine.cache
        for n in range(40):
            query = f"ASK {{}} # {n} " + "x" * (900 * 1024)
            assert client.post("/sparql", data={"query": query}).status_code == 200
        held = sum(len(key.text) for key in cache._entries)
        assert 0 < len(cache._entries) <= 4 and held <= cache.size <= budget
    finally:
        app.extensions["dtkg"].engine.close()
