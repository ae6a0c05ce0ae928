"""The endpoint attacked as a hostile client would, through a real `dtkg serve` on 127.0.0.1: each
test counts what got through (outbound requests reaching a loopback listener, 5xx answers, worker
restarts, unsafe links, missing headers). Loops are bounded in count and time.
"""
from __future__ import annotations

import itertools
import os
import random
import re
import socket
from pathlib import Path
from urllib.parse import quote

import pytest
import requests

from dtkg.graph.namespaces import BASE
from tests.attack_support import SECRET, Listener
from tests.fixtures_server import Server, sample_trig

HOSTILE = f"{BASE}id/person/hostile"
MIB = 1024 * 1024


def hostile_trig() -> str:
    """The sample data plus an entity whose links point at javascript: and data: IRIs, and at an IRI
    of the base whose local path would start with "//" (another site, for a browser)."""
    return sample_trig() + (
        f"<{BASE}graph/hostile> {{\n"
        f'  <{HOSTILE}> <http://www.w3.org/2000/01/rdf-schema#label> "Hostile"@en ;\n'
        f"    <https://schema.org/url> <javascript:alert(document.cookie)> ;\n"
        f"    <https://schema.org/sameAs> <data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==> ;\n"
        f"    <https://schema.org/subjectOf> <vbscript:msgbox> , <https://example.org/fine> , <{BASE}/evil.example/x> .\n"
        f"  <javascript:alert(2)> <http://www.w3.org/2000/01/rdf-schema#label> \"Hostile link\"@en .\n"
        "}\n")


@pytest.fixture(scope="module")
def hostile_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("hostile") / "hostile.trig"
    path.write_text(hostile_trig(), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def server(hostile_file):
    server = Server([str(hostile_file)], {"DTKG_QUERY_TIMEOUT": "20", "DTKG_QUERY_MEMORY_BYTES": str(256 * MIB)})
    yield server
    server.stop()


@pytest.fixture(scope="module")
def listener():
    with Listener() as listener:
        yield listener


def ssrf_queries(target: str) -> list[str]:
    """The reported bypasses of the pre-check, and their kin, in SELECT, CONSTRUCT and SILENT forms."""
    before = ["BIND(<urn:x:\\u0041#> AS ?z)", "BIND('#' AS ?z)", "BIND(\"'\" AS ?z)", "BIND('\\u0027' AS ?z)",
              "?s ?p ?o.", "BIND(1 AS ?one) ?s ?p 1", "BIND('''x' AS ?z)"]
    out = []
    for b, word in itertools.product(before, ["SERVICE", "SERVICE SILENT", "service"]):
        out.append(f"SELECT * {{ {b} {word} <{target}> {{ ?leak ?x ?y }} }}")
        out.append(f"CONSTRUCT {{ ?leak ?leak ?leak }} WHERE {{ {b} {word} <{target}> {{ ?leak ?x ?y }} }}")
    out.append(f"PREFIX a: <urn:\\u0041#> SELECT * {{ SERVICE <{target}> {{ ?leak ?x ?y }} }}")
    return out


def test_ssrf_variants_reach_no_other_server(server, listener):
    bodies, statuses = [], []
    for query in ssrf_queries(listener.url):
        for send in ("GET", "POST"):
            if send == "GET":
                r = requests.get(server.url, params={"query": query}, timeout=30)
            else:
                r = requests.post(server.url, data={"query": query}, timeout=30)
            statuses.append(r.status_code)
            bodies.append(r.text)
    assert listener.hits == 0, listener.paths
    assert not any(SECRET in b for b in bodies)
    assert set(statuses) <= {400}, set(statuses)


def test_query_processes_cannot_open_a_socket_even_if_the_pre_check_is_bypassed(hostile_file, listener, monkeypatch):
    """The second defence alone: with the pre-check switched off, the engine's SERVICE call fails."""
    from dtkg.graph.engine import base
    from dtkg.server.app import create_app

    monkeypatch.setattr(base, "check_query", lambda info, allowlist: None)
    app = create_app({"FILES": [str(hostile_file)], "QUERY_PROCESSES": 1, "RESULT_CACHE_BYTES": 0})
    try:
        client = app.test_client()
        before = listener.hits
        r = client.get("/sparql", query_string={"query": f"SELECT * {{ SERVICE <{listener.url}> {{ ?leak ?b ?c }} }}"})
        silent = client.get("/sparql", query_string={
            "query": f"SELECT * {{ SERVICE SILENT <{listener.url}> {{ ?leak ?b ?c }} }}"})
    finally:
        app.extensions["dtkg"].engine.close()
    assert listener.hits == before
    assert r.status_code == 400 and "reach another server" in r.text
    assert SECRET not in silent.text


def test_a_query_over_its_memory_limit_is_stopped_with_507_naming_the_limit(server):
    r = requests.get(server.url, params={"query": "SELECT * { ?a ?b ?c . ?d ?e ?f } ORDER BY ?f ?c LIMIT 1"},
                     timeout=60)
    assert r.status_code == 507
    assert "256 MiB" in r.text and "QUERY_MEMORY_BYTES" in r.text
    assert requests.get(server.url, params={"query": "ASK {}"}, timeout=30).status_code == 200


@pytest.mark.parametrize("body", ["ă" * 60000, "<!" * 30000, "a." * 60000])
def test_hostile_query_text_is_refused_by_the_parser_not_after_a_long_pre_check(server, body):
    r = requests.post(server.url, data={"query": "SELECT " + body, "timeout": "1"}, timeout=30)
    assert r.status_code == 400


def test_deep_nesting_is_a_400_not_a_crashed_query_process(server):
    r = requests.post(server.url, data={"query": "SELECT * " + "{" * 20000 + "}" * 20000}, timeout=30)
    assert r.status_code == 400 and "nests" in r.text
    assert requests.get(server.url, params={"query": "ASK {}"}, timeout=30).status_code == 200


def test_unknown_function_is_a_400(server):
    r = requests.get(server.url, params={"query": "SELECT (<http://x>(1) AS ?x) {}"}, timeout=30)
    assert r.status_code == 400 and "not supported" in r.text


# ------------------------------------------------------------------ pages


PAGES = ["/", "/queries", "/id/person/hostile", "/id/person/hostile.json", "/search?q=hostile", "/sparql",
         "/id/person/nobody", "/.well-known/void", "/assets/dtkg.css"]


@pytest.mark.parametrize("path", PAGES)
def test_every_answer_carries_the_security_headers(server, path):
    r = requests.get(server.base + path, timeout=30, allow_redirects=False)
    csp = r.headers.get("Content-Security-Policy", "")
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-eval" not in csp
    assert "'unsafe-inline'" not in csp.split("script-src", 1)[1].split(";")[0]
    assert r.headers.get("X-Content-Type-Options") == "nosniff"
    assert r.headers.get("Referrer-Policy")


@pytest.mark.parametrize("path", ["/id/person/hostile", "/search?q=hostile", "/search?q=link",
                                  "/id/person/hostile?lang=en"])
def test_links_are_only_http_or_local(server, path):
    html = requests.get(server.base + path, timeout=30).text
    hrefs = re.findall(r'(?:href|src|action)\s*=\s*"([^"]*)"', html)
    assert hrefs
    bad = [h for h in hrefs if not re.match(r"(https?://|/(?!/)|#|\?|data:,$)", h)]
    assert not bad, bad
    assert "Hostile" in html


def test_pages_never_copy_the_host_header(server):
    for path in ("/", "/.well-known/void", "/queries"):
        html = requests.get(server.base + path, headers={"Host": "evil.example"}, timeout=30).text
        assert "evil.example" not in html


def test_no_inline_script_on_any_page(server):
    for path in ("/", "/queries", "/id/person/hostile", "/search?q=hai"):
        html = requests.get(server.base + path, timeout=30).text
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in tag or 'type="application/json"' in tag, tag
        assert not re.search(r"\son[a-z]+\s*=", html)


# ------------------------------------------------------------------ malformed input


def malformed_requests(rng: random.Random) -> list[tuple[str, str, dict]]:
    """(method, path, requests kwargs) of malformed requests of every kind the issue found."""
    escapes = ["%20", "%22", "%25", "%FF", "%00", "%G1", "%", "%2F..%2F", "%C0%AF", "%E2%80%AE", "<", ">", "{",
               "%0D%0A", "\\", "%5C", "..", "%2e%2e"]
    out = []
    for root, e in itertools.product(["/id/person/", "/id/", "/vocab/", "/graph/", "/ontology."], escapes):
        out.append(("GET", f"{root}a{e}b", {}))
        out.append(("GET", f"{root}{e}", {}))
    for name, value in itertools.product(["_size", "limit", "q", "lang", "format", "offset", "page"],
                                         ["²", "-1", "0", "99999999999999999999", "%00", "x" * 3000, "", "1e3", "½"]):
        for path in ("/search", "/api/search", "/queries", "/queries/leaders", "/id/person/hostile.json"):
            out.append(("GET", path, {"params": {"q": "hai", name: value}}))
    queries = ["SELECT (<http://x>(1) AS ?x) {}", "SELECT * " + "{" * 5000, "SELECT * {" + "(" * 3000,
               "SELECT", "ASK {} }", "\x00", "SELECT * { ?s ?p ?o } LIMIT -1", "SELECT ?x { BIND(1/0 AS ?x) }",
               "SELECT * { ?s ?p 'unterminated }", "CONSTRUCT { ?s ?p ?o }", "DESCRIBE <>", "SELECT * {} GROUP BY",
               "SELECT (SUM(?x) AS ?y) { ?x ?p ?o } GROUP BY ?z HAVING (?q)", "SELECT * { ?s ?p ?o FILTER(REGEX(?o, '('))}",
               "SELECT * FROM <file:///etc/passwd> {}", "LOAD <http://127.0.0.1:1/>", "SELECT * { <\\u0000> ?p ?o }"]
    for q in queries:
        out.append(("GET", "/sparql", {"params": {"query": q}}))
        out.append(("POST", "/sparql", {"data": q.encode("utf-8"), "headers": {"Content-Type": "application/sparql-query"}}))
    for _ in range(150):
        junk = "".join(rng.choice("{}()<>'\"#?$:._\\ uUaäă0\n") for _ in range(rng.randint(1, 200)))
        out.append(("GET", "/sparql", {"params": {"query": "SELECT * " + junk}}))
    for ct in ["application/sparql-query; charset=latin-1", "text/plain", "multipart/form-data; boundary=x", ""]:
        out.append(("POST", "/sparql", {"data": b"\xff\xfe", "headers": {"Content-Type": ct}}))
    for params in [{"queries": "{"}, {"queries": "[]"}, {"queries": '{"q0": {"query": 5}}'}, {"queries": "%FF"},
                   {"extend": "{"}, {"extend": '{"ids": 3}'}, {"callback": "alert"}, {"queries": '{"q": {"type": {}}}'},
                   {"queries": '{"q0": {"query": "hai", "limit": -1}}'}, {"queries": '{"q0": {"query": "' + "a" * 5000 + '"}}'}]:
        out.append(("GET", "/reconcile", {"params": params}))
        out.append(("POST", "/reconcile", {"data": params}))
    for path in ["/reconcile/suggest/entity?prefix=%FF", "/reconcile/suggest/entity?prefix=", "/reconcile/preview?id=%20",
                 "/reconcile/preview?id=javascript:alert(1)", "/catalog.%FF", "/catalog.xyz"]:
        out.append(("GET", path, {}))
    for path in ["/sparql?query=%FF", "/sparql?timeout=abc&query=ASK{}", "/sparql?default-graph-uri=%20&query=ASK{}",
                 "/sparql?format=%00&query=ASK{}", "/search?q=%FF", "/?lang=%FF%FE"]:
        out.append(("GET", path, {}))
    return out


def raw_exchange(port: int, data: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(data)
        s.shutdown(socket.SHUT_WR)
        chunks = []
        try:
            while chunk := s.recv(65536):
                chunks.append(chunk)
        except (socket.timeout, ConnectionResetError):
            pass
    return b"".join(chunks)


RAW = [
    b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nASK {}\r\n0\r\n\r\n",
    b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nASK {}\r\n0\r\n\r\n",
    b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nContent-Length: 99\r\n\r\nASK {}",
    b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nContent-Length: -5\r\n\r\nASK {}",
    b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 6\r\n\r\nquery=",
    b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\nAccept: \x00\r\n\r\n",
    b"GET /id/person/%FF HTTP/1.1\r\nHost: \r\n\r\n",
]


def worker_pids(master: int) -> set[int]:
    pids = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master:
            pids.add(int(stat.parent.name))
    return pids


@pytest.mark.timeout(240)
def test_fuzz_of_malformed_requests_gets_no_5xx_and_restarts_no_worker(server):
    workers = worker_pids(server.proc.pid)
    requests_ = malformed_requests(random.Random(7))
    assert len(requests_) >= 500
    failures = []
    with requests.Session() as session:
        for method, path, kwargs in requests_:
            r = session.request(method, server.base + path, timeout=30, **kwargs)
            if r.status_code >= 500:
                failures.append((r.status_code, method, path[:80], str(kwargs)[:120], r.text[:200]))
    for data in RAW:
        head = raw_exchange(server.port, data).split(b"\r\n", 1)[0]
        status = int(head.split()[1]) if len(head.split()) > 1 else 0
        if status >= 500:
            failures.append((status, "RAW", data[:80]))
    assert not failures, failures[:10]
    assert worker_pids(server.proc.pid) == workers  # no worker died or was replaced
    assert requests.get(server.url, params={"query": "ASK {}"}, timeout=30).status_code == 200


def test_an_allow_listed_service_is_called_and_any_other_is_not(hostile_file, listener):
    """Federation stays possible: the allow-listed endpoint runs in the pool that keeps the network."""
    other = listener.url.replace("/sparql", "/other")
    server = Server([str(hostile_file)], {"DTKG_SERVICE_ALLOWLIST": listener.url})
    try:
        before = listener.hits
        ok = requests.get(server.url, params={"query": f"SELECT ?leak {{ SERVICE <{listener.url}> {{ ?leak ?b ?c }} }}"},
                          timeout=30)
        refused = requests.get(server.url, params={"query": f"SELECT * {{ SERVICE <{other}> {{ ?leak ?b ?c }} }}"},
                               timeout=30)
        mixed = requests.get(server.url, params={
            "query": f"SELECT * {{ SERVICE <{listener.url}> {{ ?leak ?b ?c }} SERVICE <{other}> {{ ?x ?y ?z }} }}"}, timeout=30)
    finally:
        server.stop()
    assert ok.status_code == 200 and SECRET in ok.text
    assert refused.status_code == 400 and mixed.status_code == 400
    assert listener.hits == before + 1 and "/other" not in "".join(listener.paths)


def test_dtkg_query_calls_no_other_server(tmp_path, listener, monkeypatch):
    """The CLI has both defences too: the pre-check's sentence, and with the pre-check switched off,
    evaluation in a process without network sockets (0 hits either way)."""
    from click.testing import CliRunner

    from dtkg.graph.engine import base
    from dtkg.server.cli import main

    query = tmp_path / "service.rq"
    query.write_text(f"SELECT * {{ SERVICE <{listener.url}> {{ ?leak ?b ?c }} }}", encoding="utf-8")
    before = listener.hits
    refused = CliRunner().invoke(main, ["query", str(query)])
    monkeypatch.setattr(base, "check_query", lambda info, allowlist: None)
    sandboxed = CliRunner().invoke(main, ["query", str(query)])
    assert refused.exit_code == 2 and "SERVICE is refused" in refused.output
    assert sandboxed.exit_code == 2 and SECRET not in sandboxed.output
    assert listener.hits == before
