"""Every named query answers its question with what the articles say (people, numbers, platforms)."""
from __future__ import annotations

from decimal import Decimal

import pyoxigraph as ox
import pytest

from dtkg.graph import catalogue
from dtkg.graph.engine import rows

ID = "https://w3id.org/vn-dtkg/id/"


def run(kg, name: str, **params) -> list[dict[str, str]]:
    query = catalogue.get(name)
    return kg.rows(query.text, query.bindings(params))


# The columns each named query projects, in order: the contract of its CSV, of the pages that show it
# and of the clients that read it. A query added to queries/ must be added here.
COLUMNS = {
    "fact-evidence": ("fact", "evidence", "source", "sourceTitle", "url", "published", "quote", "start", "end",
                      "inferred", "inferenceNote"),
    "facts-current-province": ("fact", "factLabel", "place", "province", "provinceLabel", "current", "currentLabel",
                               "changed", "date", "legalBasis", "legalBasisId", "source"),
    "facts-per-province": ("province", "provinceLabel", "kind", "facts"),
    "facts-per-source": ("source", "title", "facts", "quotes"),
    "indicator-observations": ("indicator", "area", "areaLabel", "period", "value", "unit", "rankOutOf",
                               "qualifierLabel", "originalText", "source", "observation"),
    "leaders-as-of": ("of", "asOf", "membership", "person", "name", "role", "roleLabel", "organisation",
                      "organisationLabel", "status", "knownFrom", "lastAttested", "knownUntil", "attestation",
                      "attested", "relation", "source", "sourceTitle", "quote", "inferred"),
    "leaders": ("province", "provinceLabel", "organisation", "organisationLabel", "roleLabel", "person", "name",
                "attested", "source", "sourceTitle"),
    "multi-province-operators": ("operator", "operatorLabel", "provinces", "provinceNames", "systems"),
    "national-documents": ("national", "nationalLabel", "number", "date", "issuerLabel", "relation", "local",
                           "localLabel", "localAreaLabel"),
    "organisation-members": ("organisation", "unit", "unitLabel", "person", "name", "roleLabel", "attested",
                             "membership"),
    "person": ("person", "direction", "relation", "value", "valueLabel", "detail", "attested", "source"),
    "platforms": ("province", "provinceLabel", "system", "systemLabel", "categoryLabel", "operator", "operatorLabel",
                  "statusLabel", "place", "attested", "deployment"),
    "province-successors": ("province", "provinceLabel", "code", "successor", "successorLabel", "successorCode",
                            "date", "legalBasis", "legalBasisId"),
    "search": ("entity", "label", "type", "q"),
    "targets-vs-actuals": ("areaLabel", "indicatorLabel", "targetYear", "comparator", "targetValue",
                           "observedPeriod", "observedValue", "unit"),
    "targets": ("year", "area", "areaLabel", "indicator", "indicatorLabel", "comparator", "value", "unit",
                "document", "documentLabel", "target"),
    "wikidata-provinces": ("province", "labelVi", "labelEn", "code", "era", "item", "link"),
}


def test_the_column_table_lists_every_named_query():
    assert set(catalogue.load_catalogue()) == set(COLUMNS)


@pytest.mark.parametrize("name", sorted(COLUMNS))
def test_named_query_has_titles_descriptions_its_columns_and_an_answer(kg, name):
    """With its default parameters every named query projects its columns and has an answer on the
    built graph (each has one in the data today)."""
    query = catalogue.get(name)
    assert {"vi", "en"} <= set(query.title) and {"vi", "en"} <= set(query.description), name
    body, _ = kg.engine.execute(query.text, result_format="json", bindings=query.bindings({}))
    results = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
    assert tuple(v.value for v in results.variables) == COLUMNS[name]
    answer = rows(results)
    assert answer, f"{name} has no answer with its default parameters"
    assert all(row for row in answer), f"{name} gives a row with no value at all"


def test_leaders_are_the_attested_heads_with_sources(kg):
    got = {(r["name"], r["roleLabel"], r["organisation"].rsplit("/", 1)[-1], r["source"].rsplit("/", 1)[-1]) for r in run(kg, "leaders")}
    assert ("Triệu Thế Hùng", "Chủ tịch Ủy ban nhân dân", "ubnd-hai-duong", "002") in got
    assert ("Phạm Xuân Thăng", "Bí thư", "tinh-uy-hai-duong", "002") in got
    assert ("Nguyễn Văn Thọ", "Chủ tịch Ủy ban nhân dân", "ubnd-ba-ria-vung-tau", "004") in got
    assert ("Nguyễn Văn Thọ", "Phó Bí thư", "tinh-uy-ba-ria-vung-tau", "004") in got
    assert ("Đặng Xuân Phương", "Phó Bí thư", "tinh-uy-quang-ninh", "001") in got
    assert ("Đồng Văn Thanh", "Bí thư", "tinh-uy-hau-giang", "003-related-20250314-1552") in got
    assert ("Đồng Văn Thanh", "Chủ tịch Hội đồng nhân dân", "hdnd-hau-giang", "003-related-20250314-1552") in got
    assert ("Hồ Thu Ánh", "Phó Chủ tịch Ủy ban nhân dân", "ubnd-hau-giang", "003") in got
    rows_ = run(kg, "leaders")
    assert len(rows_) == len({tuple(sorted(r.items())) for r in rows_}), "no duplicate rows (oxigraph#1919)"


def test_leaders_filtered_by_province(kg):
    got = {r["name"] for r in run(kg, "leaders", province="province:hai-duong")}
    assert got == {"Triệu Thế Hùng", "Phạm Xuân Thăng"}


def test_platforms_of_hau_giang_with_category_operator_and_status(kg):
    got = {(r["systemLabel"], r.get("categoryLabel"), r["statusLabel"], r.get("operatorLabel")) for r in run(kg, "platforms", province="province:hau-giang")}
    assert ("Voso", "Sàn thương mại điện tử", "được sử dụng", "Viettel Post") in got
    assert ("Postmart", "Sàn thương mại điện tử", "được sử dụng", "Tổng công ty Bưu điện Việt Nam (VNPost)") in got
    labels = {g[0] for g in got}
    assert any("LGSP" in l for l in labels) and any("Điều hành đô thị thông minh" in l for l in labels)
    assert "Ứng dụng di động Hậu Giang" in labels


def test_platforms_statuses_follow_the_articles(kg):
    status = {(r["province"].rsplit("/", 1)[-1], r["system"].rsplit("/", 1)[-1]): r["statusLabel"] for r in run(kg, "platforms")}
    assert status[("ba-ria-vung-tau", "ioc-ba-ria-vung-tau")] == "thử nghiệm"
    assert status[("hai-duong", "ioc-hai-duong")] == "dự kiến"
    marketplaces = {s for (p, s), st in status.items() if p == "hai-duong" and st == "được sử dụng"}
    assert {"sendo", "voso", "vnspost", "lazada", "alibaba"} <= marketplaces


def test_targets_for_2025_and_2030(kg):
    def by(year):
        return {(r["area"].rsplit("/", 1)[-1], r["indicator"].rsplit("/", 1)[-1]): (Decimal(r["value"]), r["comparator"], r.get("document", "").rsplit("/", 1)[-1])
                for r in run(kg, "targets", year=str(year))}
    t2025, t2030 = by(2025), by(2030)
    assert t2025[("hai-duong", "digital-economy-share-of-grdp")] == (20, "=", "nghi-quyet-chuyen-doi-so-tinh-uy-hai-duong-2021")
    assert t2025[("quang-ninh", "digital-economy-share-of-grdp")][:2] == (20, "≥")
    assert t2025[("hai-duong", "dti-rank")][:2] == (20, "≤")
    assert t2025[("hai-duong", "digital-technology-enterprises")][:2] == (700, ">")
    assert t2030[("hai-duong", "digital-economy-share-of-grdp")][:2] == (30, "=")
    assert t2030[("quang-ninh", "digital-economy-share-of-grdp")][:2] == (35, "≈")
    assert t2030[("hai-duong", "dti-rank")][:2] == (15, "≤")
    assert t2030[("hai-duong", "digital-technology-enterprises")][:2] == (1000, ">")
    assert all(r["year"] == "2030" for r in run(kg, "targets", year="2030"))


def test_dti_rank_observations(kg):
    got = run(kg, "indicator-observations", indicator="ind:dti-rank")
    hau_giang = [r for r in got if r["area"] == ID + "province/hau-giang"]
    assert [(r["period"], r["value"], r["rankOutOf"]) for r in hau_giang] == [("2021", "17", "63")]


def test_national_documents_and_their_local_links(kg):
    got = run(kg, "national-documents")
    numbers = {r.get("number"): r.get("date") for r in got}
    assert numbers["749/QĐ-TTg"] == "2020-06-03" and numbers["52-NQ/TW"] == "2019-09-27"
    assert numbers["505/QĐ-TTg"] == "2022-04-22" and numbers["202/2025/QH15"] == "2025-06-12"
    cosigned = [r for r in got if r.get("relation") == "co-signed"]
    assert [(r["local"].rsplit("/", 1)[-1], r["localAreaLabel"]) for r in cosigned] == [("ubnd-ba-ria-vung-tau", "Tỉnh Bà Rịa - Vũng Tàu")]


def test_members_of_an_organisation_and_its_units(kg):
    got = {(r["name"], r["unit"].rsplit("/", 1)[-1]) for r in run(kg, "organisation-members", organisation="organisation:ubnd-hai-duong")}
    assert ("Triệu Thế Hùng", "ubnd-hai-duong") in got
    assert ("Nguyễn Cao Thắng", "so-tttt-hai-duong") in got      # a unit of the committee: found by the path
    assert ("Nguyễn Văn Nhật", "so-tttt-hai-duong") in got
    assert ("Lê Hồng Diên", "so-khdt-hai-duong") in got


def test_fact_evidence_quotes_the_article_at_its_offsets(kg):
    from dtkg.graph.config import settings

    got = run(kg, "fact-evidence", fact="obs:hau-giang--dti-rank--2021")
    assert got and all(r["source"] == ID + "source/003" for r in got)
    text = (settings().sources_dir / "003_dc22c7a26bedfe66.txt").read_text(encoding="utf-8")
    for r in got:
        assert "17/63" in r["quote"]
        assert text[int(r["start"]):int(r["end"])] == r["quote"]
    assert got[0]["published"] == "2022-10-10T07:33:00"


def test_inferences_are_reported_with_the_evidence(kg):
    got = run(kg, "fact-evidence", fact="membership:nguyen-cao-thang--director--so-tttt-hai-duong")
    assert got and got[0]["inferred"] == "true" and "Hải Dương" in got[0]["inferenceNote"]


def test_province_successors_after_2025(kg):
    got = {r["province"].rsplit("/", 1)[-1]: r for r in run(kg, "province-successors")}
    assert len(got) == 63
    for old, new, code in [("hai-duong", "hai-phong-2025", "31"), ("hau-giang", "can-tho-2025", "92"), ("ba-ria-vung-tau", "ho-chi-minh-2025", "79")]:
        assert got[old]["successor"].endswith("/" + new) and got[old]["successorCode"] == code
        assert got[old]["legalBasisId"] == "202/2025/QH15" and got[old]["date"] == "2025-07-01"
    assert got["quang-ninh"]["successor"].endswith("/quang-ninh") and "legalBasis" not in got["quang-ninh"]
    assert sum(1 for r in got.values() if r["successor"] == r["province"]) == 11  # the units the reform left unchanged


def test_every_article_contributes_facts(kg):
    got = {r["source"].rsplit("/", 1)[-1]: int(r["facts"]) for r in run(kg, "facts-per-source")}
    for source in ("000", "001", "002", "003", "004"):
        assert got[source] >= 10, (source, got)


def test_facts_per_province(kg):
    got = {(r["province"].rsplit("/", 1)[-1], r["kind"]): int(r["facts"]) for r in run(kg, "facts-per-province")}
    for province in ("hai-duong", "quang-ninh", "hau-giang", "ba-ria-vung-tau"):
        assert got.get((province, "observation"), 0) > 0 and got.get((province, "deployment"), 0) > 0, province
    for province in ("hai-duong", "quang-ninh", "ba-ria-vung-tau"):  # the Hậu Giang article sets no targets
        assert got.get((province, "target"), 0) > 0, province
    assert ("hau-giang", "target") not in got


def test_operators_used_in_more_than_one_province(kg):
    got = {r["operator"].rsplit("/", 1)[-1]: (int(r["provinces"]), r["systems"]) for r in run(kg, "multi-province-operators")}
    assert got["viettel-post"] == (3, "Voso")
    assert got["vnpost"] == (2, "Postmart")


@pytest.mark.parametrize("q, expected", [
    ("hai duong", "province/hai-duong"), ("HAI DUONG", "province/hai-duong"), ("Hải Dương", "province/hai-duong"),
    ("vo so", "system/voso"), ("Vỏ sò", "system/voso"), ("voso", "system/voso"), ("dong van thanh", "person/dong-van-thanh"),
])
def test_search_without_diacritics(kg, q, expected):
    assert ID + expected in {r["entity"] for r in run(kg, "search", q=q)}


def test_everything_about_one_person(kg):
    got = run(kg, "person", person="person:nguyen-van-hoa")
    memberships = {(r["value"].rsplit("/", 1)[-1], r["detail"]) for r in got if r["relation"].endswith("#memberOf")}
    assert memberships == {("ubnd-hau-giang", "Phó Chủ tịch Thường trực Ủy ban nhân dân")}
    sources = {r["value"].rsplit("/", 1)[-1] for r in got if r["relation"].endswith("#wasDerivedFrom")}
    assert sources == {"003-related-20250405-0749", "003-related-20250406-0639"}
    assert {"Nguyễn Văn Hòa", "Nguyễn Văn Hoà"} <= {r["value"] for r in got if r["relation"].endswith(("prefLabel", "altLabel"))}
    assert any(r["direction"] == "in" for r in got)


def test_targets_beside_actuals(kg):
    got = [r for r in run(kg, "targets-vs-actuals") if r["indicatorLabel"] == "Tỷ lệ hồ sơ trực tuyến" and "Bà Rịa" in r["areaLabel"]]
    assert got and Decimal(got[0]["targetValue"]) == 50 and Decimal(got[0]["observedValue"]) == Decimal("17.5")


def test_fact_evidence_gives_each_quote_with_its_own_article_only(kg):
    """Issue 8: a node quoted in two dated items got every quote paired with every item."""
    got = run(kg, "fact-evidence", fact="person:nguyen-van-hoa")
    assert sorted((r["source"].rsplit("/", 1)[-1], r["quote"]) for r in got) == [
        ("003-related-20250405-0749", "Ông Nguyễn Văn Hòa, Phó Chủ tịch Thường trực UBND tỉnh"),
        ("003-related-20250406-0639", "Ông Nguyễn Văn Hoà, Phó Chủ tịch Thường trực UBND tỉnh"),
    ]
    tenure = run(kg, "fact-evidence", fact="membership:nguyen-van-hoa--standing-vice-chair-peoples-committee--ubnd-hau-giang")
    assert sorted((r["source"].rsplit("/", 1)[-1], r["quote"][15:19]) for r in tenure) == [
        ("003-related-20250405-0749", "Hòa,"), ("003-related-20250406-0639", "Hoà,"),
    ]


def test_the_label_language_is_written_where_sparql_reads_it_and_nowhere_else():
    query = catalogue.get("leaders")
    assert {p.name: (p.type, p.default) for p in query.params}["lang"] == ("lang", "vi")
    en = query.localised({"lang": "en"})
    assert 'FILTER(lang(?roleLabel) = "en")' in en and "# param: ?lang lang vi" in en
    assert query.text == query.localised() == query.localised({"lang": "vi"}) and "= ?lang)" not in query.text
    assert "lang" not in query.bindings({"lang": "en"})
    assert catalogue.get("wikidata-provinces").localised({}) == catalogue.get("wikidata-provinces").template


def test_english_labels_where_the_graph_has_them(kg):
    query = catalogue.get("platforms")
    text, bindings = query.prepare({"province": "province:hai-duong", "lang": "en"})
    got = kg.rows(text, bindings)
    assert got and {r["provinceLabel"] for r in got} == {"Hải Dương Province"}
