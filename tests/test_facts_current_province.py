"""The named query facts-current-province: for every fact about a pre-2025 place, the unit that
covers it from 1 July 2025 and the legal basis of the merger."""
from __future__ import annotations

from dtkg.graph import catalogue

ID = "https://w3id.org/vn-dtkg/id/"
RESOLUTION_202 = ID + "document/nghi-quyet-202-2025-qh15"


def answers(kg, **params) -> list[dict[str, str]]:
    query = catalogue.get("facts-current-province")
    return kg.rows(query.text, query.bindings(params))


def test_merged_provinces_point_to_their_successor_with_resolution_202(kg):
    found = answers(kg)
    now = {(r["province"], r["current"]) for r in found}
    assert (ID + "province/hai-duong", ID + "province/hai-phong-2025") in now
    assert (ID + "province/hau-giang", ID + "province/can-tho-2025") in now
    assert (ID + "province/ba-ria-vung-tau", ID + "province/ho-chi-minh-2025") in now
    for r in found:
        if r["changed"] == "true":
            assert (r["legalBasis"], r["legalBasisId"], r["date"]) == (RESOLUTION_202, "202/2025/QH15", "2025-07-01")
        else:
            assert r["current"] == r["province"] and "legalBasis" not in r


def test_an_unchanged_province_covers_its_own_facts(kg):
    quang_ninh = answers(kg, province="province:quang-ninh")
    assert quang_ninh and {(r["current"], r["changed"]) for r in quang_ninh} == {(ID + "province/quang-ninh", "false")}


def test_facts_in_districts_and_communes_reach_today_s_province(kg):
    hau_giang = answers(kg, province="province:hau-giang")
    places = {r["place"] for r in hau_giang}
    assert ID + "district/hau-giang--phung-hiep" in places and ID + "commune/hau-giang--vi-thang" in places
    assert {r["current"] for r in hau_giang} == {ID + "province/can-tho-2025"}


def test_every_fact_about_a_pre_2025_province_is_answered(kg):
    expected = {r["fact"] for r in kg.select("""
        PREFIX sdmx-dimension: <http://purl.org/linked-data/sdmx/2009/dimension#>
        PREFIX prov: <http://www.w3.org/ns/prov#>
        SELECT ?fact WHERE {
          ?fact sdmx-dimension:refArea|prov:atLocation ?p ; prov:wasDerivedFrom ?source .
          ?p <https://w3id.org/vn-dtkg/ontology#era> <https://w3id.org/vn-dtkg/vocab/era/pre2025> }""")}
    assert expected and expected <= {r["fact"] for r in answers(kg)}
    current = {r["current"] for r in answers(kg)}
    eras = {r["c"]: r["era"] for r in kg.select(
        "SELECT ?c ?era WHERE { ?c <https://w3id.org/vn-dtkg/ontology#era> ?era "
        "FILTER(?era = <https://w3id.org/vn-dtkg/vocab/era/post2025>) }")}
    assert current <= set(eras)  # every answer is a unit of the 34-unit system
