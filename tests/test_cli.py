"""The `dtkg` command line: outputs, formats and exit codes (0 ok, 1 not conforming / unknown, 2 bad input)."""
from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox
import pytest

from dtkg.server.cli import main


@pytest.fixture(scope="module")
def dist(tmp_path_factory):
    """One dist/ for the module: the first command builds it, the others reuse it."""
    path = tmp_path_factory.mktemp("cli") / "dist"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DTKG_DIST", str(path))
        yield path


def quads(data, fmt: ox.RdfFormat) -> list[ox.Quad]:
    return list(ox.parse(data, fmt))


def test_build_writes_trig_and_nquads(runner, dist):
    result = runner.invoke(main, ["build", "--quiet"])
    assert result.exit_code == 0, result.output
    assert "named graphs" in result.output
    nq = quads((dist / "dtkg.nq").read_bytes(), ox.RdfFormat.N_QUADS)
    graphs = {q.graph_name.value for q in nq if isinstance(q.graph_name, ox.NamedNode)}
    assert {f"https://w3id.org/vn-dtkg/graph/00{i}" for i in range(5)} <= graphs
    assert len(quads((dist / "dtkg.trig").read_bytes(), ox.RdfFormat.TRIG)) == len(nq)
    assert not list(dist.glob("*.tmp")), "no half-written files"


def test_validate_the_built_graph_conforms(runner, dist):
    result = runner.invoke(main, ["validate", "--format", "json"])
    assert result.exit_code == 0, result.output[-2000:]
    report = json.loads(result.stdout)
    assert report["conforms"] is True and "Violation" not in report["counts"]


@pytest.mark.parametrize("fmt, parser", [("nquads", ox.RdfFormat.N_QUADS), ("trig", ox.RdfFormat.TRIG),
                                         ("turtle", ox.RdfFormat.TURTLE), ("jsonld", ox.RdfFormat.JSON_LD)])
def test_export_every_format_parses(runner, dist, fmt, parser):
    result = runner.invoke(main, ["export", "--format", fmt])
    assert result.exit_code == 0
    parsed = quads(result.stdout_bytes, parser)
    assert len(parsed) > 10000
    named = {q.graph_name for q in parsed} - {ox.DefaultGraph()}
    if parser.supports_datasets:
        assert len(named) >= 8
    else:  # a triple format: the union of the named graphs
        assert not named and any(q.predicate.value.endswith("hasBody") for q in parsed)


def test_query_named_with_param_as_csv(runner, dist):
    result = runner.invoke(main, ["query", "leaders", "-p", "province=province:hai-duong", "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {r["name"] for r in rows} == {"Triệu Thế Hùng", "Phạm Xuân Thăng"}


def test_query_table_and_json(runner, dist):
    table = runner.invoke(main, ["query", "multi-province-operators"])
    assert table.exit_code == 0 and "Viettel Post" in table.stdout and "(2 rows)" in table.stdout
    as_json = json.loads(runner.invoke(main, ["query", "search", "-p", "q=vo so", "--format", "json"]).stdout)
    assert "https://w3id.org/vn-dtkg/id/system/voso" in {b["entity"]["value"] for b in as_json["results"]["bindings"]}


def test_query_lang_prints_the_labels_in_that_language(runner, dist):
    def labels(*args):
        result = runner.invoke(main, ["query", "leaders", "-p", "province=Hải Dương", "--format", "csv", *args])
        assert result.exit_code == 0, result.output
        return {(r["name"], r["roleLabel"], r["organisationLabel"], r["provinceLabel"]) for r in csv.DictReader(io.StringIO(result.stdout))}

    assert ("Triệu Thế Hùng", "Chair of the People's Committee", "Hải Dương Provincial People's Committee",
            "Hải Dương Province") in labels("--lang", "en")
    vi = {("Triệu Thế Hùng", "Chủ tịch Ủy ban nhân dân", "Ủy ban nhân dân tỉnh Hải Dương", "Tỉnh Hải Dương"),
          ("Phạm Xuân Thăng", "Bí thư", "Tỉnh ủy Hải Dương", "Tỉnh Hải Dương")}
    assert labels() == labels("--lang", "vi") == vi
    table = runner.invoke(main, ["query", "platforms", "--lang", "en"])
    assert table.exit_code == 0 and "Hải Dương Province" in table.stdout and "Tỉnh Hải Dương" not in table.stdout


@pytest.mark.parametrize("args, message", [
    (["leaders", "--lang", "fr"], "'fr' is not one of"),
    (["leaders", "-p", "lang=v i"], "must be a language tag"),
    (["queries/leaders.rq", "--lang", "en"], "--lang applies to named queries"),
])
def test_query_bad_lang_exits_2(runner, dist, args, message):
    result = runner.invoke(main, ["query", *args])
    assert result.exit_code == 2 and message in result.output and "Traceback" not in result.output


def test_query_from_file_and_stdin(runner, dist, tmp_path):
    q = "PREFIX foaf: <http://xmlns.com/foaf/0.1/> SELECT (COUNT(*) AS ?n) WHERE { ?p foaf:name ?name }"
    path = tmp_path / "count.rq"
    path.write_text(q, encoding="utf-8")
    from_file = runner.invoke(main, ["query", str(path), "--format", "csv"])
    from_stdin = runner.invoke(main, ["query", "-", "--format", "csv"], input=q)
    assert from_file.exit_code == from_stdin.exit_code == 0
    assert from_file.stdout == from_stdin.stdout and int(from_file.stdout.split()[-1]) > 20


def test_query_ask_prints_a_boolean(runner, dist):
    result = runner.invoke(main, ["query", "-"], input="ASK { ?s ?p ?o }")
    assert result.exit_code == 0 and result.stdout.strip() == "true"


def test_unknown_query_exits_1(runner, dist):
    result = runner.invoke(main, ["query", "no-such-query"])
    assert result.exit_code == 1 and "no named query 'no-such-query'" in result.output and "leaders" in result.output


def test_syntax_error_exits_2_with_the_sentence_the_endpoint_gives(runner, dist):
    from tests.web_support import web_app

    result = runner.invoke(main, ["query", "-"], input="SELECT * WHERE {")
    http = web_app().test_client().post("/sparql", data={"query": "SELECT * WHERE {"})
    assert result.exit_code == 2 and http.status_code == 400
    assert "The query is not valid SPARQL: line 1, column 17" in result.output
    assert result.output == "error: " + http.get_data(as_text=True)  # one engine, one sentence


@pytest.mark.parametrize("args, message", [
    (["-p", "year=twenty"], "must be an integer"),
    (["-p", "colour=red"], "has no parameter colour"),
    (["-p", "noequals"], "NAME=VALUE"),
])
def test_bad_parameters_exit_2(runner, dist, args, message):
    result = runner.invoke(main, ["query", "targets", *args])
    assert result.exit_code == 2 and message in result.output


def test_stats_show_every_article_contributing(runner, dist):
    result = runner.invoke(main, ["stats", "--format", "json"])
    assert result.exit_code == 0
    stats = json.loads(result.stdout)
    for i in range(5):
        assert stats["sources"][f"https://w3id.org/vn-dtkg/id/source/00{i}"]["facts"] >= 10
    assert stats["classes"]["http://www.w3.org/ns/org#Membership"] >= 15
    text = runner.invoke(main, ["stats"]).stdout
    assert "triples per named graph" in text and "src:003" in text
