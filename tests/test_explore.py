"""Issue 8: leaders as of a date, paths, bridges, exports and bad input, through the JSON API, the
named query and the CLI, checked against the articles."""
from __future__ import annotations

import io
import json
from collections import Counter

import networkx as nx
import pytest

from dtkg.server.cli import main
from tests.facts_support import ID
from tests.web_support import client  # noqa: F401 (fixture)

HG_SECRETARY = ID + "membership/dong-van-thanh--party-secretary--tinh-uy-hau-giang"


def api(client, path, status=200, **args):
    response = client.get(path, query_string=args)
    assert response.status_code == status, response.get_data(as_text=True)
    return response.get_json()


def rows_by_membership(data):
    return {r["membership"].rsplit("/", 1)[-1]: r for r in data["rows"]}


@pytest.mark.parametrize("of", ["organisation:ubnd-hai-duong", "Ủy ban nhân dân tỉnh Hải Dương", "UBND tỉnh Hải Dương"])
def test_leaders_of_hai_duong_peoples_committee(client, of):
    got = api(client, "/api/leaders", of=of, as_of="2021-06-01")
    chair = rows_by_membership(got)["trieu-the-hung--chair-peoples-committee--ubnd-hai-duong"]
    # "2021" (the article's precision) contains 2021-06-01
    assert (chair["name"], chair["role"], chair["status"], chair["attested"]) == (
        "Triệu Thế Hùng", "Chủ tịch Ủy ban nhân dân", "attested", ["2021"])
    assert chair["sources"] == [ID + "source/002"]
    assert chair["attestations"][0]["quotes"] == ["Ông Triệu Thế Hùng, Chủ tịch UBND tỉnh Hải Dương"]
    assert chair["attestations"][0]["inferred"] is True  # the year is read from context


def test_leaders_of_hai_duong_party_committee(client):
    got = api(client, "/api/leaders", of="organisation:tinh-uy-hai-duong", as_of="2021")
    assert [(r["name"], r["role"], r["status"]) for r in got["rows"]] == [("Phạm Xuân Thăng", "Bí thư", "attested")]
    assert got["rows"][0]["attestations"][0]["quotes"] == ["Bí thư Tỉnh ủy Hải Dương Phạm Xuân Thăng khẳng định"]


def test_hau_giang_party_secretary_attested_on_14_march_2025(client):
    row = rows_by_membership(api(client, "/api/leaders", of="province:hau-giang", as_of="2025-03-14"))[
        "dong-van-thanh--party-secretary--tinh-uy-hau-giang"]
    assert (row["name"], row["status"]) == ("Đồng Văn Thanh", "attested")
    assert row["nearest"]["contains"] == [ID + "attestation/dong-van-thanh--party-secretary--tinh-uy-hau-giang--003-related-20250314-1552"]
    assert row["sources"] == [ID + "source/003-related-20250314-1552"]


def test_hau_giang_party_secretary_last_attested_before_20_march_2025(client):
    row = rows_by_membership(api(client, "/api/leaders", of="province:hau-giang", as_of="2025-03-20"))[
        "dong-van-thanh--party-secretary--tinh-uy-hau-giang"]
    assert row["status"] == "last-attested-before"
    before = next(a for a in row["attestations"] if a["attestation"] == row["nearest"]["before"])
    assert (before["date"], before["quotes"]) == ("2025-03-14", ["ông Đồng Văn Thanh, Bí thư Tỉnh uỷ"])


def test_nobody_is_claimed_for_hai_duong_in_2019(client):
    got = api(client, "/api/leaders", of="province:hai-duong", as_of="2019")
    assert got["rows"] and not [r for r in got["rows"] if r["status"] in ("attested", "between-attestations")]
    assert {r["status"] for r in got["rows"]} <= {"first-attested-after", "undated"}
    assert "No article attests anyone" in got["message"]


@pytest.mark.parametrize("of, as_of", [("province:hau-giang", "2025-03-20"), ("province:hai-duong", "2019"),
                                       ("province:hai-duong", "2021-06"), ("province:hau-giang", "2025")])
def test_the_named_query_and_the_api_give_the_same_answer(client, kg, of, as_of):
    from tests.test_queries import run

    named = {(r["membership"], r["status"], r["attestation"], r.get("relation")) for r in run(kg, "leaders-as-of", of=of, asOf=as_of)}
    got = api(client, "/api/leaders", of=of, as_of=as_of)
    via_api = {(t["membership"], t["status"], a["attestation"], a["relation"]) for t in got["rows"] for a in t["attestations"]}
    assert named == via_api and named


def test_path_between_truong_gia_binh_and_pham_xuan_thang_cites_each_edge(client):
    from dtkg.graph.config import settings

    got = api(client, "/api/path", **{"from": "Trương Gia Bình", "to": "person:pham-xuan-thang"})
    assert got["paths"] and got["message"] is None
    texts = {p.name[:3]: p.read_text(encoding="utf-8") for p in settings().sources_dir.glob("00*.txt")}
    for path in got["paths"]:
        assert path["nodes"][0]["id"] == ID + "person/truong-gia-binh" and path["nodes"][-1]["id"] == ID + "person/pham-xuan-thang"
        assert len(path["edges"]) == path["length"]
        for edge in path["edges"]:
            article = edge["source"].rsplit("/", 1)[-1][:3]
            assert edge["type"] and edge["quote"] in texts[article], edge
    # the last step is the attested post, dated
    last = got["paths"][0]["edges"][-1]
    assert (last["type"], last["from"], last["date"]) == ("heads", ID + "person/pham-xuan-thang", "2021-01-01")


def test_operators_linking_hau_giang_and_ba_ria_vung_tau(client):
    got = api(client, "/api/bridges", provinces="province:hau-giang,Bà Rịa - Vũng Tàu", types="operates")
    assert {r["id"].rsplit("/", 1)[-1] for r in got["rows"]} == {"viettel-post", "vnpost"}


def test_graphml_export_reads_back_with_the_nodes_and_edges_of_the_json_export(client):
    graph = nx.read_graphml(io.BytesIO(client.get("/api/network.graphml").data), force_multigraph=True)
    data = api(client, "/api/network.json")
    assert set(graph.nodes) == {n["id"] for n in data["nodes"]}
    assert Counter((a, b, d["type"]) for a, b, d in graph.edges(data=True)) == Counter(
        (e["from"], e["to"], e["type"]) for e in data["edges"])
    for edge in data["edges"]:
        assert edge["source"] and edge["quote"], edge
    assert client.get("/api/network.gexf").data.startswith(b"<?xml")


def test_unknown_entity_is_a_404_with_the_closest_labels(client):
    got = api(client, "/api/leaders", 404, of="Hai Duongg")
    assert got["ok"] is False and "no entity matches" in got["error"]
    assert ID + "province/hai-duong" in {s["id"] for s in got["suggestions"]}


def test_a_disconnected_pair_gives_an_empty_result_with_a_sentence(client):
    nodes = api(client, "/api/network.json")["nodes"]
    degree = Counter()
    for e in api(client, "/api/network.json")["edges"]:
        degree[e["from"]] += 1
        degree[e["to"]] += 1
    alone = next(n["id"] for n in nodes if degree[n["id"]] == 0)
    got = api(client, "/api/path", **{"from": alone, "to": "province:hau-giang"})
    assert got["paths"] == [] and got["message"].startswith("No chain of evidence links")


@pytest.mark.parametrize("path, args, words", [
    ("/api/leaders", {"of": "province:hai-duong", "as_of": "2021-02-30"}, "the date must be"),
    ("/api/neighbours", {"of": "province:hai-duong", "depth": "9"}, "depth must be"),
    ("/api/central", {"measure": "closeness"}, "measure must be one of"),
    ("/api/path", {"from": "province:hai-duong"}, "the parameter to is required"),
    ("/api/neighbours", {"of": "province:hai-duong", "types": "likes"}, "unknown edge type"),
])
def test_malformed_input_is_a_400_with_a_sentence(client, path, args, words):
    got = api(client, path, 400, **args)
    assert words in got["error"]


@pytest.mark.parametrize("measure", ["degree", "betweenness", "pagerank"])
def test_every_centrality_measure_answers(client, measure):
    rows = api(client, "/api/central", measure=measure)["rows"]
    assert len(rows) == 20 and rows == sorted(rows, key=lambda r: -r["score"])


def test_pagerank_matches_networkx_on_a_small_graph():
    from dtkg.graph.explore import pagerank

    g = nx.karate_club_graph()
    mine = pagerank(g)
    theirs = nx.algorithms.link_analysis.pagerank_alg._pagerank_python(g, weight=None)  # the reference, unweighted
    assert max(abs(mine[v] - theirs[v]) for v in g) < 1e-5  # networkx stops at a looser tolerance


def test_central_and_neighbours_answer(client):
    central = api(client, "/api/central", measure="betweenness", province="province:hau-giang")
    assert central["rows"] and all(r["type"] != "place" for r in central["rows"])
    near = api(client, "/api/neighbours", of="person:dong-van-thanh", depth="1")
    assert {n["id"].rsplit("/", 1)[-1] for n in near["nodes"]} >= {"tinh-uy-hau-giang", "hdnd-hau-giang"}


def test_cli_gives_the_api_answer_and_exit_codes(runner, client):
    result = runner.invoke(main, ["explore", "leaders", "province:hau-giang", "--as-of", "2025-03-20", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["rows"] == api(client, "/api/leaders", of="province:hau-giang", as_of="2025-03-20")["rows"]
    bad = runner.invoke(main, ["explore", "leaders", "province:hau-giang", "--as-of", "March"])
    assert bad.exit_code == 2 and "the date must be" in bad.output and "Traceback" not in bad.output
    unknown = runner.invoke(main, ["explore", "path", "Nobody Atall", "province:hau-giang"])
    assert unknown.exit_code == 1 and "no entity matches" in unknown.output
    table = runner.invoke(main, ["explore", "bridges", "--types", "operates", "--format", "csv"])
    assert table.exit_code == 0 and table.output.splitlines()[0] == "label,type,provinces,names,id"


def test_person_page_has_a_dated_timeline_and_a_network_panel(client):
    from tests.web_support import parse_html

    page = parse_html(client.get("/id/person/nguyen-van-hoa?lang=en").get_data(as_text=True))
    timeline = page.find_all("ol", class_="timeline")[0]
    assert "2025-04-05" in timeline.text and "Standing vice-chair" in timeline.text
    assert {a.attrs["href"] for a in timeline.find_all("a")} >= {
        "/id/source/003-related-20250405-0749", "/id/source/003-related-20250406-0639", "/id/organisation/ubnd-hau-giang"}
    panel = page.find_all("div", id="network")[0]
    assert panel.attrs["data-src"].startswith("/api/neighbours?depth=1&of=https")
    # a concept is not an actor: no timeline, no panel
    concept = client.get("/vocab/role/director").get_data(as_text=True)
    assert 'class="timeline"' not in concept and 'id="network"' not in concept
