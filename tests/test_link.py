"""`dtkg link wikidata` against `oxigraph serve` on loopback standing in for Wikidata (a fixture with
decoys of the same names), `dtkg link accept`, and the rebuild of accepted links with SHACL."""
from __future__ import annotations

import csv
import dataclasses
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from rdflib import OWL, Dataset, Literal, URIRef
from rdflib.namespace import SKOS

from dtkg.graph.config import settings
from dtkg.graph.link import USER_AGENT, Endpoint, LinkError
from dtkg.graph.links import SEMAPV, SSSOM

from .wikidata_support import wikidata  # noqa: F401 (fixture)

pytestmark = pytest.mark.external
ID, WD = "https://w3id.org/vn-dtkg/id/", "http://www.wikidata.org/entity/"
XSD = "http://www.w3.org/2001/XMLSchema#"
COLUMNS = ["entity", "label", "candidate", "candidateLabel", "score", "decision", "evidence", "endpoint", "retrieved"]


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    """A copy of the curated facts (so that accepted links land there) and its own dist/."""
    root = tmp_path_factory.mktemp("link")
    shutil.copytree(settings().facts_dir, root / "facts", ignore=shutil.ignore_patterns("links"))
    env = {**os.environ, "DTKG_FACTS": str(root / "facts"), "DTKG_DIST": str(root / "dist")}
    return root, env


def dtkg(env, *args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dtkg.server.cli", *args], env=env, capture_output=True,
                          text=True, timeout=600)


@pytest.fixture(scope="module")
def review(workdir, wikidata):  # noqa: F811
    root, env = workdir
    path = root / "review.csv"
    result = dtkg(env, "link", "wikidata", "--endpoint", wikidata, "--delay", "0", "--output", str(path))
    assert result.returncode == 0, result.stderr
    with path.open(encoding="utf-8") as f:
        reader = csv.DictReader(f)
        assert reader.fieldnames == COLUMNS
        return list(reader)


def rows_of(review, entity: str) -> list[dict]:
    return [r for r in review if r["entity"] == ID + entity]


def test_the_politician_wins_over_the_footballer_of_the_same_name(review):
    rows = rows_of(review, "person/nguyen-van-tho")
    assert [(r["candidate"], r["decision"]) for r in rows][0] == (WD + "Q990000201", "auto")
    footballer = next(r for r in rows if r["candidate"] == WD + "Q990000202")
    assert footballer["decision"] != "auto" and int(footballer["score"]) < int(rows[0]["score"])
    assert "P106" in footballer["evidence"] and "does not fit" in footballer["evidence"]


def test_an_entity_whose_only_namesake_is_wrong_gets_no_auto(review):
    assert [r["decision"] for r in rows_of(review, "person/le-van-tuan")] == ["review"]
    nobody = rows_of(review, "person/nguyen-cao-thang")
    assert [(r["candidate"], r["decision"]) for r in nobody] == [("", "none")]


def test_organisations_and_platforms_beat_their_decoys(review):
    fpt = rows_of(review, "organisation/fpt")
    assert (fpt[0]["candidate"], fpt[0]["decision"]) == (WD + "Q990000301", "auto")
    assert {r["decision"] for r in fpt[1:]} == {"none"}
    voso = rows_of(review, "system/voso")
    assert (voso[0]["candidate"], voso[0]["decision"]) == (WD + "Q990000401", "auto")
    assert "country not Vietnam" in voso[1]["evidence"]


def test_only_unlinked_entities_are_proposed(review):
    assert not rows_of(review, "province/hai-duong")  # already linked by the national table
    assert all(r["retrieved"] and r["endpoint"].startswith("http://127.0.0.1:") for r in review)


def test_a_province_wins_over_the_city_of_the_same_name(workdir, wikidata):  # noqa: F811
    root, env = workdir
    result = dtkg(env, "link", "wikidata", "--endpoint", wikidata, "--delay", "0", "--entity", "province:hai-duong")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(result.stdout.splitlines()))
    assert [(r["candidate"], r["decision"]) for r in rows] == [(WD + "Q36729", "auto"), (WD + "Q990000101", "none")]


def test_an_unknown_entity_is_bad_input(workdir):
    root, env = workdir
    result = dtkg(env, "link", "wikidata", "--endpoint", "http://127.0.0.1:9/query", "--entity", "person:nobody")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1] == f"error: no person, organisation, place or platform {ID}person/nobody in the graph"


def test_an_unreachable_endpoint_gets_one_sentence_and_exit_1(workdir):
    root, env = workdir
    with socket.socket() as s:  # a loopback port that nothing listens on
        s.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{s.getsockname()[1]}/query"
    result = dtkg(env, "link", "wikidata", "--endpoint", dead, "--delay", "0", "--retries", "1")
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if not line.startswith("…")]
    assert errors == [f"error: The Wikidata endpoint {dead} failed: it could not be reached ([Errno 111] Connection refused)."]


class Flaky(BaseHTTPRequestHandler):
    """Answers 429 once, then an empty SPARQL result; records the User-Agent of each request."""

    seen: list[str] = []

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        Flaky.seen.append(self.headers.get("User-Agent", ""))
        if len(Flaky.seen) == 1:
            self.send_response(429)
            self.send_header("Retry-After", "0")
            self.end_headers()
            return
        body = json.dumps({"head": {"vars": ["x"]}, "results": {"bindings": []}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_endpoint_retries_after_429_with_a_descriptive_user_agent():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Flaky)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/sparql"
        assert Endpoint(url, delay=0, retries=2).select("SELECT ?x WHERE {}") == []
        assert len(Flaky.seen) == 2 and set(Flaky.seen) == {USER_AGENT}
        Flaky.seen.clear()
        with pytest.raises(LinkError, match="answered HTTP 429"):
            Endpoint(url, delay=0, retries=0).select("SELECT ?x WHERE {}")
    finally:
        server.shutdown()


def test_accepted_links_rebuild_with_provenance_and_pass_shacl(workdir, review):
    root, env = workdir
    reviewed = root / "reviewed.csv"
    rows = [dict(r) for r in review]
    for r in rows:  # a reviewer confirms FPT as the same entity
        if r["entity"] == ID + "organisation/fpt" and r["decision"] == "auto":
            r["decision"] = "exact"
    with reviewed.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    result = dtkg(env, "link", "accept", str(reviewed))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("4 links written to ")
    assert dtkg(env, "build", "--quiet").returncode == 0
    validated = dtkg(env, "validate", "--format", "json")
    assert validated.returncode == 0 and json.loads(validated.stdout)["conforms"] is True

    data = Dataset()
    data.parse(root / "dist" / "dtkg.trig", format="trig")
    links = data.graph(URIRef("https://w3id.org/vn-dtkg/graph/links-wikidata"))
    tho, fpt = URIRef(ID + "person/nguyen-van-tho"), URIRef(ID + "organisation/fpt")
    assert (tho, SKOS.closeMatch, URIRef(WD + "Q990000201")) in links
    assert (fpt, SKOS.exactMatch, URIRef(WD + "Q990000301")) in links
    assert not list(data.quads((None, OWL.sameAs, None, None)))
    axiom = links.value(predicate=OWL.annotatedSource, object=tho)
    assert links.value(axiom, SSSOM.mapping_justification) == SEMAPV.LexicalMatching
    assert links.value(axiom, SSSOM.object_source) == URIRef(next(r["endpoint"] for r in review))
    assert links.value(axiom, SSSOM.mapping_date).datatype == URIRef(XSD + "date")
    assert links.value(axiom, SSSOM.confidence) == Literal(1.0, datatype=URIRef(XSD + "double"))
    fpt_axiom = links.value(predicate=OWL.annotatedSource, object=fpt)
    assert links.value(fpt_axiom, SSSOM.mapping_justification) == SEMAPV.ManualMappingCuration
    assert not rows_of([r for r in review if r["decision"] == "auto"], "person/le-van-tuan")


def test_a_malformed_review_file_names_its_line(workdir):
    root, env = workdir
    bad = root / "bad.csv"
    bad.write_text(",".join(COLUMNS) + "\n" + f"{ID}person/x,X,https://example.org/Q1,X,90,auto,e,http://127.0.0.1:1/q,2026-01-01\n",
                   encoding="utf-8")
    result = dtkg(env, "link", "accept", str(bad))
    assert result.returncode == 2
    assert result.stderr.strip() == f"error: {bad}:2: candidate 'https://example.org/Q1' is not a Wikidata item IRI"


def test_the_build_never_touches_the_network(tmp_path, monkeypatch):
    from dtkg.graph.build import build_dataset
    from dtkg.graph.links import accept

    facts = tmp_path / "facts"
    shutil.copytree(settings().facts_dir, facts, ignore=shutil.ignore_patterns("links"))
    reviewed = tmp_path / "reviewed.csv"
    reviewed.write_text(",".join(COLUMNS) + "\n" + f"{ID}person/nguyen-van-tho,Nguyễn Văn Thọ,{WD}Q990000201,"
                        "Nguyễn Văn Thọ,100,auto,test row,http://127.0.0.1:1/query,2026-12-01\n", encoding="utf-8")
    assert accept(reviewed, facts)[1] == 1

    def refuse(*args, **kwargs):
        raise AssertionError("the build opened a network connection")
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    build = build_dataset(dataclasses.replace(settings(), facts_dir=facts))
    links = build.dataset.graph(URIRef("https://w3id.org/vn-dtkg/graph/links-wikidata"))
    assert (URIRef(ID + "person/nguyen-van-tho"), SKOS.closeMatch, URIRef(WD + "Q990000201")) in links
