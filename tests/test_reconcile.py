"""The reconciliation service (`/reconcile`) through `dtkg serve` on 127.0.0.1, on the curated graph;
every answer is validated against the Community Group's v0.2 JSON schemas (tests/reconciliation_schemas)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import requests
from jsonschema import Draft7Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

from .fixtures_server import Server, free_port

SCHEMAS = Path(__file__).resolve().parent / "reconciliation_schemas"
ID = "https://w3id.org/vn-dtkg/id/"
HAI_DUONG, SO_TTTT = ID + "province/hai-duong", ID + "organisation/so-tttt-hai-duong"


def _registry() -> tuple[Registry, dict[str, dict]]:
    schemas = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in SCHEMAS.glob("*.json")}
    registry = Registry().with_resources(
        (s["$id"], Resource.from_contents(s, default_specification=DRAFT7)) for s in schemas.values())
    return registry, schemas


REGISTRY, SCHEMA = _registry()


def check(name: str, data) -> None:
    """Raise if `data` does not validate against the v0.2 schema `name`."""
    Draft7Validator(SCHEMA[name], registry=REGISTRY).validate(data)


@pytest.fixture(scope="module")
def service():
    port = free_port()
    public = f"http://127.0.0.1:{port}/"
    server = Server([], {"DTKG_PUBLIC_URL": public}, workers=1, port=port)
    yield server
    server.stop()


def reconcile(service, queries: dict, method: str = "post") -> dict:
    check("reconciliation-query-batch", queries)
    if method == "post":
        response = requests.post(service.base + "/reconcile", data={"queries": json.dumps(queries)}, timeout=60)
    else:
        response = requests.get(service.base + "/reconcile", params={"queries": json.dumps(queries)}, timeout=60)
    assert response.status_code == 200, response.text
    body = response.json()
    check("reconciliation-result-batch", body)
    assert set(body) == set(queries)
    return body


def test_manifest_validates_and_its_urls_answer(service):
    manifest = requests.get(service.base + "/reconcile", timeout=30).json()
    check("manifest", manifest)
    assert "0.2" in manifest["versions"]
    assert {t["id"] for t in manifest["defaultTypes"]} == {"province", "organisation", "person", "platform",
                                                           "document", "indicator"}
    for part in ("entity", "type", "property"):
        suggest = manifest["suggest"][part]
        assert suggest["service_url"].startswith(service.base)  # PUBLIC_URL, never the Host header
        url = suggest["service_url"] + suggest["service_path"]
        assert requests.get(url, params={"prefix": "h"}, timeout=30).status_code == 200
    proposal = manifest["extend"]["propose_properties"]
    assert requests.get(proposal["service_url"] + proposal["service_path"], timeout=30).status_code == 200
    preview = manifest["preview"]["url"].replace("{{id}}", requests.utils.quote(HAI_DUONG, safe=""))
    page = requests.get(preview, timeout=30)
    assert page.status_code == 200 and "text/html" in page.headers["Content-Type"] and "Hải Dương" in page.text
    assert "frame-ancestors *" in page.headers["Content-Security-Policy"]  # OpenRefine frames it
    assert "<script" not in page.text


@pytest.mark.parametrize("method", ["get", "post"])
def test_names_with_and_without_diacritics_match(service, method):
    body = reconcile(service, {"q0": {"query": "Hải Dương"}, "q1": {"query": "hai duong"},
                               "q2": {"query": "HAI DUONG", "type": "province"}}, method)
    for key in ("q0", "q1", "q2"):
        best = body[key]["result"][0]
        assert best["id"] == HAI_DUONG and best["match"] is True
        assert [c for c in body[key]["result"] if c["match"]] == [best]
        assert body[key]["result"] == sorted(body[key]["result"], key=lambda c: -c["score"])


def test_department_full_name_in_either_language_matches(service):
    body = reconcile(service, {"vi": {"query": "Sở Thông tin và Truyền thông tỉnh Hải Dương", "type": "organisation"},
                               "en": {"query": "Hai Duong Department of Information and Communications"},
                               "ascii": {"query": "so thong tin va truyen thong tinh hai duong"}})
    for key in body:
        assert body[key]["result"][0]["id"] == SO_TTTT and body[key]["result"][0]["match"] is True


def test_nonsense_matches_nothing(service):
    body = reconcile(service, {"q0": {"query": "xqzvw plorkt"}, "q1": {"query": "zzzz", "type": "person"}})
    assert body == {"q0": {"result": []}, "q1": {"result": []}}


def test_type_restricts_candidates(service):
    body = reconcile(service, {"q0": {"query": "Hải Dương", "type": "organisation", "limit": 5}})
    results = body["q0"]["result"]
    assert results and HAI_DUONG not in {c["id"] for c in results} and len(results) <= 5
    assert all(any(t["id"] == "organisation" for t in c["type"]) for c in results)


def test_province_property_picks_the_department_of_that_province(service):
    name = "Sở Thông tin và Truyền thông"
    body = reconcile(service, {
        "plain": {"query": name, "type": "organisation"},
        "brvt": {"query": name, "type": "organisation", "properties": [{"pid": "province", "v": "Bà Rịa - Vũng Tàu"}]},
        "hd": {"query": name, "properties": [{"pid": "province", "v": {"id": HAI_DUONG, "name": "Hải Dương"}}]},
    })
    assert not any(c["match"] for c in body["plain"]["result"])  # two provinces' departments: ambiguous
    assert body["brvt"]["result"][0]["id"] == ID + "organisation/so-tttt-ba-ria-vung-tau"
    assert body["hd"]["result"][0]["id"] == SO_TTTT
    assert {"id": "province", "value": True} in body["hd"]["result"][0]["features"]


def test_a_batch_of_fifty_queries(service):
    names = ["Hải Dương", "hai duong", "Quảng Ninh", "Hậu Giang", "Voso", "Postmart", "Nguyễn Văn Thọ",
             "Sở Thông tin và Truyền thông tỉnh Hải Dương", "FPT", "xqzvw plorkt"]
    queries = {f"q{i}": {"query": names[i % len(names)]} for i in range(50)}
    body = reconcile(service, queries)
    assert len(body) == 50
    assert body["q0"]["result"][0]["id"] == HAI_DUONG and body["q9"]["result"] == []


def test_suggest_services(service):
    entities = requests.get(service.base + "/reconcile/suggest/entity", params={"prefix": "hai d"}, timeout=30).json()
    check("suggest-entities-response", entities)
    assert entities["result"][0]["id"] == HAI_DUONG
    people = requests.get(service.base + "/reconcile/suggest/entity", params={"prefix": "nguyen", "type": "person"},
                          timeout=30).json()
    assert people["result"] and all(ID + "person/" in e["id"] for e in people["result"])
    types = requests.get(service.base + "/reconcile/suggest/type", params={"prefix": "pro"}, timeout=30).json()
    check("suggest-types-response", types)
    assert [t["id"] for t in types["result"]] == ["province"]
    props = requests.get(service.base + "/reconcile/suggest/property", params={"prefix": "gso"}, timeout=30).json()
    check("suggest-properties-response", props)
    assert [p["id"] for p in props["result"]] == ["gso-code"]


def test_property_proposals(service):
    body = requests.get(service.base + "/reconcile/properties", params={"type": "province"}, timeout=30).json()
    check("data-extension-property-proposal", body)
    assert {"leader", "gso-code", "era", "successor", "wikidata"} <= {p["id"] for p in body["properties"]}


def extend(service, ids, properties) -> dict:
    query = {"ids": ids, "properties": properties}
    check("data-extension-query", query)
    response = requests.post(service.base + "/reconcile", data={"extend": json.dumps(query)}, timeout=60)
    assert response.status_code == 200, response.text
    check("data-extension-response", response.json())
    return response.json()


def test_data_extension_of_a_province(service):
    body = extend(service, [HAI_DUONG, ID + "province/cao-bang"],
                  [{"id": "gso-code"}, {"id": "era"}, {"id": "successor"}, {"id": "wikidata"},
                   {"id": "leader", "settings": {"date": "2022-12-31"}}])
    assert [m["id"] for m in body["meta"]] == ["gso-code", "era", "successor", "wikidata", "leader"]
    hd = body["rows"][HAI_DUONG]
    assert hd["gso-code"] == [{"str": "30"}]
    assert [e["id"] for e in hd["era"]] == ["https://w3id.org/vn-dtkg/vocab/era/pre2025"]
    assert [e["id"] for e in hd["successor"]] == [ID + "province/hai-phong-2025"]
    assert hd["wikidata"] == [{"str": "Q36729"}]
    assert {e["id"] for e in hd["leader"]} == {ID + "person/trieu-the-hung", ID + "person/pham-xuan-thang"}
    cao_bang = body["rows"][ID + "province/cao-bang"]
    assert [e["id"] for e in cao_bang["successor"]] == [ID + "province/cao-bang"]  # unchanged by the reform


def test_leader_as_of_a_date_before_any_attestation_is_empty(service):
    body = extend(service, [HAI_DUONG, SO_TTTT], [{"id": "leader", "settings": {"date": "2020-01-01"}}, {"id": "province"}])
    assert body["rows"][HAI_DUONG]["leader"] == []
    assert body["rows"][SO_TTTT]["province"] == [{"id": HAI_DUONG, "name": "Tỉnh Hải Dương"}]
    undated = extend(service, [SO_TTTT], [{"id": "leader"}])
    assert undated["rows"][SO_TTTT]["leader"][0]["id"] == ID + "person/nguyen-cao-thang"


@pytest.mark.parametrize("params", [
    {"queries": "not json"},
    {"queries": json.dumps({"q0": {"query": "x", "type": "planet"}})},
    {"queries": json.dumps({"q0": {"query": "x", "limit": 0}})},
    {"queries": json.dumps({"q0": {"query": "x", "properties": [{"pid": "colour", "v": "red"}]}})},
    {"queries": json.dumps({"q0": {}})},
    {"queries": json.dumps({"q0": {"query": "x", "type": 5}})},
    {"queries": json.dumps([])},
    {"extend": json.dumps({"ids": [HAI_DUONG], "properties": [{"id": "leader", "settings": [1]}]})},
    {"extend": json.dumps({"ids": "x", "properties": []})},
    {"extend": json.dumps({"ids": [HAI_DUONG], "properties": [{"id": "height"}]})},
    {"extend": json.dumps({"ids": [HAI_DUONG], "properties": [{"id": "leader", "settings": {"date": "soon"}}]})},
])
def test_bad_input_gets_400_with_a_sentence(service, params):
    response = requests.post(service.base + "/reconcile", data=params, timeout=30)
    assert response.status_code == 400
    assert response.json()["ok"] is False and response.json()["error"].endswith(".")


def test_every_endpoint_allows_cross_origin_reads(service):
    for path in ("/reconcile", "/reconcile/suggest/entity?prefix=h", "/reconcile/properties"):
        response = requests.get(service.base + path, headers={"Origin": "http://127.0.0.1:3333"}, timeout=30)
        assert response.headers.get("Access-Control-Allow-Origin") in ("*", "http://127.0.0.1:3333")


def test_unknown_preview_and_suggest_are_404(service):
    assert requests.get(service.base + "/reconcile/preview", params={"id": ID + "nothing"}, timeout=30).status_code == 404
    assert requests.get(service.base + "/reconcile/suggest/planet", timeout=30).status_code == 404
