"""Queries run in Oxigraph only: never in rdflib's Python engine, never fetching FROM or SERVICE IRIs."""
from __future__ import annotations

from tests.web_support import built_dataset

import socket
import threading
from urllib.parse import urlencode

import pytest
import requests
from click.testing import CliRunner

from tests.facts_support import P
from tests.fixtures_server import MINI_FILE, live_server, sample_file  # noqa: F401


class Listener:
    """A TCP listener on 127.0.0.1 that records every connection made to it."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.hits: list[bytes] = []
        self._stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(1)
                try:
                    self.hits.append(conn.recv(4096))
                except OSError:
                    self.hits.append(b"")

    def close(self):
        self._stop.set()
        self.thread.join(timeout=5)
        self.sock.close()


@pytest.fixture
def listener():
    server = Listener()
    yield server
    server.close()


def test_engine_from_a_url_never_fetches_it(live_server, listener):
    url = f"http://127.0.0.1:{listener.port}/data.ttl"
    for query in (f"SELECT * FROM <{url}> WHERE {{ ?s ?p ?o }}",
                  f"SELECT * FROM NAMED <{url}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
                  f"ASK FROM<{url}> {{ ?s ?p ?o }}"):
        r = requests.post(live_server.url, data={"query": query}, timeout=30)
        assert r.status_code == 200, r.text
    r = requests.get(live_server.url, params={"query": "ASK { ?s ?p ?o }", "default-graph-uri": url}, timeout=30)
    assert r.status_code == 200 and r.json()["boolean"] is False
    assert listener.hits == []


def test_engine_service_is_refused_and_never_called(live_server, listener):
    url = f"http://127.0.0.1:{listener.port}/sparql"
    for query in (f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
                  f"SELECT * WHERE {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }}",
                  f"PREFIX x: <http://127.0.0.1:{listener.port}/> SELECT * WHERE {{ SERVICEx:sparql {{ ?s ?p ?o }} }}",
                  f"BASE <http://127.0.0.1:{listener.port}/> SELECT * WHERE {{ SERVICE <sparql> {{ ?s ?p ?o }} }}",
                  f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{listener.port}/sp\\u0061rql> {{ ?s ?p ?o }} }}",
                  f"SELECT * WHERE {{ VALUES ?e {{ <{url}> }} SERVICE ?e {{ ?s ?p ?o }} }}"):
        r = requests.post(live_server.url, data={"query": query}, timeout=30)
        assert r.status_code == 400 and "SERVICE is refused" in r.text, query
    assert listener.hits == []


def test_engine_allowlisted_service_is_evaluated_by_oxigraph(sample_file, listener):
    """An allowed SERVICE is the only way a query reaches another server (here a silent listener)."""
    from dtkg.server.app import create_app

    url = f"http://127.0.0.1:{listener.port}/sparql"
    app = create_app({"FILES": [str(sample_file)], "SERVICE_ALLOWLIST": [url], "QUERY_PROCESSES": 1, "QUERY_TIMEOUT": 10})
    try:
        r = app.test_client().post("/sparql", data={"query": f"SELECT * WHERE {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }}"})
        assert r.status_code == 200
        assert len(listener.hits) == 1 and listener.hits[0].startswith(b"POST /sparql")
        r = app.test_client().post("/sparql", data={"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/other> { ?s ?p ?o } }"})
        assert r.status_code == 400
    finally:
        app.extensions["dtkg"].engine.close()


@pytest.fixture
def no_rdflib_sparql(monkeypatch):
    """Make every entry into rdflib's SPARQL engine raise (inherited by forked query processes)."""
    import rdflib.plugins.sparql.evaluate as evaluate
    import rdflib.plugins.sparql.processor as processor

    def refuse(*args, **kwargs):
        raise AssertionError("rdflib's Python SPARQL engine was used")

    monkeypatch.setattr(processor.SPARQLProcessor, "query", refuse)
    monkeypatch.setattr(processor, "evalQuery", refuse)
    monkeypatch.setattr(evaluate, "evalQuery", refuse)
    monkeypatch.setattr(evaluate, "evalPart", refuse)


def named_queries():
    from dtkg.graph.catalogue import load_catalogue

    return sorted(load_catalogue().values(), key=lambda q: q.name)


@pytest.mark.parametrize("processes", [0, 1])
def test_engine_endpoint_and_web_backend_never_use_rdflib_sparql(no_rdflib_sparql, processes):
    from dtkg.server.app import create_app

    app = create_app({"QUERY_PROCESSES": processes, "STORE": built_dataset()})
    engine = app.extensions["dtkg"].engine
    try:
        client = app.test_client()
        for named in named_queries():
            r = client.post("/sparql", data={"query": named.text})
            assert r.status_code == 200, f"{named.name}: {r.get_data(as_text=True)}"
            if named.text.lstrip().upper().startswith(("SELECT", "PREFIX", "#")) and "SELECT" in named.text.upper():
                engine.select(named.text, named.bindings({}))
        assert engine.ask("ASK { ?s ?p ?o }")
        assert engine.construct("CONSTRUCT WHERE { ?s a ?c } LIMIT 3")
    finally:
        engine.close()


def test_engine_dtkg_query_never_uses_rdflib_sparql(no_rdflib_sparql):
    from dtkg.server.cli import main

    runner = CliRunner()
    for named in named_queries():
        result = runner.invoke(main, ["query", named.name, "--format", "json"])
        assert result.exit_code == 0, f"{named.name}: {result.output}"


@pytest.mark.parametrize("in_memory", [True, False])
def test_engine_disk_store_from_dtkg_load_serves_the_same_dataset(tmp_path, in_memory):
    """`dtkg load --store PATH` builds RocksDB offline; `serve --store PATH` reads it (copied to memory or not)."""
    from dtkg.server.app import create_app
    from dtkg.server.cli import main

    result = CliRunner().invoke(main, ["load", "--store", str(tmp_path / "store")])
    assert result.exit_code == 0, result.output
    disk = create_app({"STORE": str(tmp_path / "store"), "STORE_IN_MEMORY": in_memory, "QUERY_PROCESSES": 1})
    embedded = create_app({"QUERY_PROCESSES": 0, "STORE": built_dataset()})
    try:
        count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
        answers = [app.test_client().get("/sparql", query_string={"query": count}).json for app in (disk, embedded)]
        assert answers[0] == answers[1]
        for attr in ("count", "named_graphs"):
            assert getattr(disk.extensions["dtkg"].engine, attr)() == getattr(embedded.extensions["dtkg"].engine, attr)()
    finally:
        disk.extensions["dtkg"].engine.close()
        embedded.extensions["dtkg"].engine.close()
    again = CliRunner().invoke(main, ["load", "--store", str(tmp_path / "store")])
    assert again.exit_code == 2 and "not empty" in again.output


def test_engine_serve_get_answers_one_request_in_process():
    from dtkg.server.cli import main

    ask = "ASK { obs:hai-duong--enterprises-per-10000-population sdmx-measure:obsValue 47.5 }"
    result = CliRunner().invoke(main, ["serve", str(MINI_FILE), "--get", "/sparql?" + urlencode({"query": P + ask})])
    assert result.exit_code == 0 and result.stdout == '{"head":{},"boolean":true}'


@pytest.mark.parametrize("suffix,fmt", [(".ttl", "TURTLE"), (".nt", "N_TRIPLES"), (".rdf", "RDF_XML"),
                                        (".trig", "TRIG"), (".nq", "N_QUADS"), (".jsonld", "JSON_LD")])
def test_engine_serves_rdf_files_of_every_format(tmp_path, sample_file, suffix, fmt):
    """`dtkg serve FILE…`: quads keep their graphs, a triple file becomes the graph of its file:// IRI."""
    import pyoxigraph as ox

    from dtkg.server.app import create_app

    source = ox.Store()
    source.load(path=str(sample_file), format=ox.RdfFormat.TRIG)
    path = tmp_path / f"data{suffix}"
    format_ = getattr(ox.RdfFormat, fmt)
    if format_.supports_datasets:
        source.dump(str(path), format=format_)
    else:
        source.dump(str(path), format=format_, from_graph=ox.NamedNode("http://example.org/g2"))
    app = create_app({"FILES": [str(path)], "QUERY_PROCESSES": 0})
    client = app.test_client()
    hue = client.get("/sparql", query_string={"query": "ASK { <http://example.org/hue> a <http://example.org/City> }"})
    assert hue.json["boolean"] is True
    graphs = client.get("/sparql", query_string={"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"}).json
    names = {b["g"]["value"] for b in graphs["results"]["bindings"]}
    assert names == ({"http://example.org/g1", "http://example.org/g2", "http://example.org/filler"}
                     if format_.supports_datasets else {path.resolve().as_uri()})
