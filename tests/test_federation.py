"""Federation: a SERVICE to an allow-listed endpoint runs, any other is refused. The federated
examples of queries/federated/ run against `oxigraph serve` on loopback standing in for Wikidata
(the test puts its URL where the query names the Wikidata Query Service); their offline twins are
named queries that run on the local graph."""
from __future__ import annotations


import pytest
import requests

from dtkg.graph import catalogue
from dtkg.graph.config import settings

from .fixtures_server import MINI_FILE, Server
from .wikidata_support import WDQS, wikidata  # noqa: F401 (fixture)

pytestmark = pytest.mark.external
FEDERATED = sorted((settings().queries_dir / "federated").glob("*.rq"))
JSON = {"Accept": "application/sparql-results+json"}
HAI_DUONG = "https://w3id.org/vn-dtkg/id/province/hai-duong"


def federated(name: str, endpoint: str) -> str:
    text = (settings().queries_dir / "federated" / f"{name}.rq").read_text(encoding="utf-8")
    assert f"SERVICE <{WDQS}>" in text
    return text.replace(f"<{WDQS}>", f"<{endpoint}>")


@pytest.fixture(scope="module")
def allowed(wikidata):  # noqa: F811
    server = Server([], {"DTKG_SERVICE_ALLOWLIST": wikidata}, workers=1)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def not_allowed():
    """The refusal comes before any data is read: the small graph of real facts is enough."""
    server = Server([str(MINI_FILE)], {"DTKG_SERVICE_ALLOWLIST": "http://127.0.0.1:9/other"}, workers=1)
    yield server
    server.stop()


def bindings(response) -> list[dict[str, str]]:
    assert response.status_code == 200, response.text
    return [{k: v["value"] for k, v in b.items()} for b in response.json()["results"]["bindings"]]


@pytest.mark.parametrize("path", FEDERATED, ids=lambda p: p.stem)
def test_federated_examples_are_documented_and_call_only_wikidata(path):
    query = catalogue.parse(path)
    assert {"vi", "en"} <= set(query.title) and {"vi", "en"} <= set(query.description)
    assert query.text.count("SERVICE <") == query.text.count(f"SERVICE <{WDQS}>") == 1


def test_allow_listed_service_joins_the_graph_with_wikidata(allowed, wikidata):  # noqa: F811
    found = bindings(requests.post(allowed.url, data={"query": federated("wikidata-provinces", wikidata)},
                                   headers=JSON, timeout=120))
    by_province = {row["province"]: row for row in found}
    hai_duong = by_province[HAI_DUONG]
    assert hai_duong["item"] == "http://www.wikidata.org/entity/Q36729"
    assert hai_duong["population"] == "1000030" and hai_duong["coordinates"].startswith("Point(")
    assert hai_duong["wikidataLabelVi"] == "Hải Dương"
    # the decoy city of the same name is not a province item, so it never joins
    assert "http://www.wikidata.org/entity/Q990000101" not in {row["item"] for row in found}


def test_successors_with_their_wikidata_population(allowed, wikidata):  # noqa: F811
    found = bindings(requests.post(allowed.url, data={"query": federated("wikidata-province-successors", wikidata)},
                                   headers=JSON, timeout=120))
    hai_duong = [row for row in found if row["province"] == HAI_DUONG]
    assert [(r["successor"], r["population"]) for r in hai_duong] == [
        ("https://w3id.org/vn-dtkg/id/province/hai-phong-2025", "1000031")]


def test_service_outside_the_allow_list_is_refused(not_allowed, wikidata):  # noqa: F811
    response = requests.post(not_allowed.url, data={"query": federated("wikidata-provinces", wikidata)},
                             headers=JSON, timeout=60)
    assert response.status_code == 400 and "SERVICE is refused" in response.text


def test_offline_twin_runs_on_the_local_graph(kg):
    found = kg.rows(catalogue.get("wikidata-provinces").text)
    hai_duong = [r for r in found if r["province"] == HAI_DUONG]
    assert [(r["item"], r["code"], r["link"]) for r in hai_duong] == [
        ("http://www.wikidata.org/entity/Q36729", "30", "http://www.w3.org/2004/02/skos/core#exactMatch")]
    assert hai_duong[0]["labelVi"] == "Tỉnh Hải Dương" and hai_duong[0]["labelEn"] == "Hải Dương Province"
    assert len({r["province"] for r in found}) == 86  # every province-level unit of both eras has its item
