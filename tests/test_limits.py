"""Limits of /sparql on a real server: request and result size, query time, concurrency."""
from __future__ import annotations

import threading
import time

import requests

from tests.fixtures_server import SLOW_QUERY, live_server, sample_app, sample_file, sparql_client  # noqa: F401

ASK = "ASK { ?s ?p ?o }"


def test_limits_request_body_over_max_returns_413(live_server):
    query = "ASK {}" + " " * 150_000
    r = requests.post(live_server.url, data=query.encode(), headers={"Content-Type": "application/sparql-query"}, timeout=30)
    assert r.status_code == 413 and "100000" in r.text
    r = requests.post(live_server.url, data={"query": query}, timeout=30)
    assert r.status_code == 413


def test_limits_result_over_max_returns_422_and_no_partial_document(live_server):
    r = requests.post(live_server.url, data={"query": "CONSTRUCT WHERE { ?s ?p ?o }"},
                      headers={"Accept": "application/n-triples"}, timeout=30)
    assert r.status_code == 422
    assert r.headers["Content-Type"].startswith("text/plain")
    assert "200000 bytes" in r.text and "<http" not in r.text
    small = requests.post(live_server.url, data={"query": "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 10"}, timeout=30)
    assert small.status_code == 200


def test_limits_slow_query_is_cut_while_another_is_answered(live_server):
    """The client asks for 2 s; the slow query is killed (504) and a second client is served while it
    still runs (the quick answer comes before the slow one's, not after it)."""
    outcome, slow_done = {}, threading.Event()

    def slow():
        r = requests.post(live_server.url, data={"query": SLOW_QUERY, "timeout": "2"}, timeout=60)
        outcome["slow"] = (r.status_code, r.text)
        slow_done.set()

    thread = threading.Thread(target=slow)
    thread.start()
    time.sleep(0.5)  # a head start, so that the slow query is running when the quick one comes
    quick = requests.get(live_server.url, params={"query": ASK}, timeout=30)
    quick_before_slow = not slow_done.is_set()
    thread.join(timeout=60)
    assert not thread.is_alive(), "the slow query was not cut"
    assert quick.status_code == 200 and quick.json()["boolean"] is True
    assert quick_before_slow, "a quick query waited for the slow one"
    status, body = outcome["slow"]
    assert status == 504 and "stopped after 2 s" in body
    for _ in range(4):  # every worker still answers: the killed query process was replaced
        assert requests.get(live_server.url, params={"query": ASK}, timeout=30).status_code == 200


def test_limits_server_timeout_applies_without_a_client_timeout(sample_file):
    from dtkg.server.app import create_app

    app = create_app({"FILES": [str(sample_file)], "QUERY_TIMEOUT": 1, "QUERY_PROCESSES": 1})
    try:
        client = app.test_client()
        r = client.post("/sparql", data={"query": SLOW_QUERY, "timeout": "30"})  # a client cannot ask for more
        assert r.status_code == 504 and "stopped after 1 s" in r.get_data(as_text=True)
        assert client.get("/sparql", query_string={"query": ASK}).json["boolean"] is True
    finally:
        app.extensions["dtkg"].engine.close()


def test_limits_url_longer_than_max_returns_414(sparql_client):
    r = sparql_client.get("/sparql", query_string={"query": "ASK {}" + " " * 120_000})
    assert r.status_code == 414


def test_limits_cors_headers_on_a_real_server(live_server):
    r = requests.options(live_server.url, headers={"Origin": "https://example.net", "Access-Control-Request-Method": "POST"}, timeout=30)
    assert r.status_code == 204 and r.headers["Access-Control-Allow-Origin"] == "*"
    assert r.headers["Access-Control-Allow-Methods"] == "GET, POST, OPTIONS"
