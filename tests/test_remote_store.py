"""`dtkg serve --store sparql+http://…` in front of `oxigraph serve`, loaded by `dtkg load --into`:
the named queries of queries/ give the same answers, and the pages show the same data, as on the
embedded store."""
from __future__ import annotations

from tests.web_support import REMOTE_STORE_PAGES, built_dataset

import json
import subprocess
import sys

import pytest
import requests

from tests.fixtures_server import Server, oxigraph_serve

pytestmark = pytest.mark.external


@pytest.fixture(scope="module")
def oxigraph_store():
    """`oxigraph serve` (in memory) on loopback, filled by `dtkg load --into` (one PUT per graph)."""
    with oxigraph_serve() as base:
        load = subprocess.run([sys.executable, "-m", "dtkg.server.cli", "load", "--into", f"{base}/store"],
                              capture_output=True, text=True, timeout=300)
        assert load.returncode == 0, load.stderr
        assert "named graphs pushed" in load.stdout
        yield base


@pytest.fixture(scope="module")
def remote_server(oxigraph_store):
    server = Server(["--store", f"sparql+{oxigraph_store}/query"])
    yield server
    server.stop()


@pytest.fixture(scope="module")
def local_app():
    from dtkg.server.app import create_app

    app = create_app({"QUERY_PROCESSES": 0, "STORE": built_dataset()})
    yield app
    app.extensions["dtkg"].engine.close()


def named_queries():
    from dtkg.graph.catalogue import load_catalogue

    return sorted(load_catalogue().values(), key=lambda q: q.name)


def normalised(document: dict) -> tuple:
    """Variables and the multiset of rows; blank node labels are not compared."""
    if "boolean" in document:
        return ("boolean", document["boolean"])
    rows = []
    for binding in document["results"]["bindings"]:
        row = {k: ("_:" if v["type"] == "bnode" else v["value"], v.get("xml:lang"), v.get("datatype")) for k, v in binding.items()}
        rows.append(json.dumps(row, sort_keys=True, ensure_ascii=False))
    return tuple(document["head"]["vars"]), tuple(sorted(rows))


@pytest.mark.parametrize("named", named_queries(), ids=lambda q: q.name)
def test_remote_store_named_query_gives_the_same_answer(remote_server, local_app, named):
    headers = {"Accept": "application/sparql-results+json"}
    remote = requests.post(remote_server.url, data={"query": named.text}, headers=headers, timeout=60)
    local = local_app.test_client().post("/sparql", data={"query": named.text}, headers=headers)
    assert remote.status_code == local.status_code == 200, remote.text
    assert normalised(remote.json()) == normalised(local.json)


def test_remote_store_backend_binds_parameters_like_the_local_one(oxigraph_store, local_app):
    from dtkg.graph.engine import Limits, RemoteEngine

    remote = RemoteEngine(Limits(), f"sparql+{oxigraph_store}/query")
    local = local_app.extensions["dtkg"].engine
    assert remote.named_graphs() == local.named_graphs()
    assert remote.count() == local.count()
    compared = 0
    for named in named_queries():
        bindings = named.bindings({})
        if not bindings or "SELECT" not in named.text.upper():
            continue
        as_set = lambda rows: sorted(json.dumps({k: str(v) for k, v in r.items()}, sort_keys=True) for r in rows)
        assert as_set(remote.select(named.text, bindings)) == as_set(local.select(named.text, bindings)), named.name
        compared += 1
    assert remote.ask("ASK { ?s ?p ?o }") and len(remote.construct("CONSTRUCT WHERE { ?s a ?c } LIMIT 5")) == 5
    remote.close()
    assert compared or not named_queries()


def test_remote_store_keeps_the_endpoint_rules(remote_server):
    r = requests.post(remote_server.url, data={"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"}, timeout=30)
    assert r.status_code == 400
    r = requests.post(remote_server.url, data={"update": "CLEAR ALL"}, timeout=30)
    assert r.status_code == 403
    r = requests.get(remote_server.url, params={"query": "ASK {"}, timeout=30)
    assert r.status_code == 400 and "refused the query" in r.text
    r = requests.get(remote_server.url, headers={"Accept": "text/turtle"}, timeout=30)
    assert r.status_code == 200 and b"UnionDefaultGraph" in r.content
    for accept in ("text/csv", "application/sparql-results+xml"):
        r = requests.get(remote_server.url, params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 2"}, headers={"Accept": accept}, timeout=30)
        assert r.status_code == 200 and r.headers["Content-Type"].startswith(accept)


def test_remote_store_pages_are_the_same(oxigraph_store, local_app):
    """The views only speak SPARQL: on `oxigraph serve` holding the same graphs they show the same data."""
    from dtkg.server.app import create_app

    app = create_app({"STORE": f"sparql+{oxigraph_store}/query", "QUERY_PROCESSES": 0})
    remote, local = app.test_client(), local_app.test_client()
    try:
        for path in REMOTE_STORE_PAGES:
            answer = remote.get(path)
            assert answer.status_code == 200, path
            assert answer.get_json() == local.get(path).get_json(), path
    finally:
        app.extensions["dtkg"].engine.close()
