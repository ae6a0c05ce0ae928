"""Facts of the Hậu Giang article (source 003, Báo Hậu Giang, 10/10/2022, by Mỹ Xuyên) and of the
fourteen related-news items (March–April 2025) at the end of its page, each its own source node;
checked through SPARQL on the built graph (default graph = union of the named graphs)."""
from __future__ import annotations

from decimal import Decimal

import pytest

from tests import facts_support
from tests.facts_support import ID, VOCAB, P, quotes

SRC = ID + "source/"
G003 = "https://w3id.org/vn-dtkg/graph/003"
HG = ID + "province/hau-giang"
Q = VOCAB + "qualifier/"

RELATED = [
    "20250425-0912", "20250425-0904", "20250406-0639", "20250405-0749", "20250401-0717", "20250328-0630",
    "20250325-0736", "20250321-0548", "20250314-1552", "20250314-1104", "20250429-1520", "20250429-1146",
    "20250429-1052", "20250429-0932",
]


def observation(kg, iri: str) -> dict[str, str]:
    """Only observations here (the shared lookup, restricted to qb:Observation)."""
    return facts_support.observation(kg, iri, kind="qb:Observation")


def derived_from(kg, node: str) -> set[str]:
    return {r["s"] for r in kg.select(P + f"SELECT ?s WHERE {{ <{node}> prov:wasDerivedFrom ?s }}")}


# ---------------------------------------------------------------- the source and its related items


def test_source_003_has_its_stated_date_author_and_no_url(kg):
    rows = kg.select(P + """
        SELECT ?date ?dt ?name ?publisher WHERE {
          src:003 a schema:NewsArticle ; schema:datePublished ?date ; schema:author ?a ; dct:publisher ?publisher .
          ?a foaf:name ?name . BIND(datatype(?date) AS ?dt) }""")
    assert rows == [{
        "date": "2022-10-10T07:33:00", "dt": "http://www.w3.org/2001/XMLSchema#dateTime",
        "name": "Mỹ Xuyên", "publisher": ID + "organisation/bao-hau-giang",
    }]
    assert not kg.ask(P + "ASK { src:003 schema:url ?u }")
    assert kg.ask(P + "ASK { organisation:bao-hau-giang dtkg:isInferred true }")


def test_fourteen_related_items_are_separate_dated_sources(kg):
    rows = kg.select(P + """
        SELECT ?item ?date ?abstract WHERE {
          ?item dct:isReferencedBy src:003 ; a schema:NewsArticle , prov:Entity ;
                schema:datePublished ?date ; schema:abstract ?abstract .
          FILTER(lang(?abstract) = "vi") }""")
    assert {r["item"] for r in rows} == {SRC + "003-related-" + k for k in RELATED}
    assert len(rows) == 14
    for r in rows:
        key = r["item"].rsplit("related-", 1)[1]
        ymd, hm = key.split("-")
        assert r["date"] == f"{ymd[:4]}-{ymd[4:6]}-{ymd[6:]}T{hm[:2]}:{hm[2:]}:00"
    # only the 2022 article has the local copy; the items are not part of it
    assert not kg.ask(P + "ASK { ?i dct:isReferencedBy src:003 ; dtkg:localCopy ?c }")


def test_truncated_teaser_is_kept_as_written(kg):
    rows = kg.select(P + "SELECT ?a WHERE { <%s003-related-20250425-0912> schema:abstract ?a }" % SRC)
    assert rows[0]["a"].endswith("Ông Nguyễn Huỳnh Phước, Giám đốc Sở Khoa học")
    # the cut-off post is not completed into a membership
    assert not kg.ask(P + "ASK { ?m org:member person:nguyen-huynh-phuoc }")
    assert kg.ask(P + "ASK { person:nguyen-huynh-phuoc a foaf:Person ; foaf:name \"Nguyễn Huỳnh Phước\" }")


def test_facts_of_related_items_derive_from_the_item_not_from_the_2022_article(kg):
    papi = ID + "observation/hau-giang--papi-score--2024"
    assert derived_from(kg, papi) == {SRC + "003-related-20250425-0904"}
    hoa = ID + "membership/nguyen-van-hoa--standing-vice-chair-peoples-committee--ubnd-hau-giang"
    assert derived_from(kg, hoa) == {SRC + "003-related-20250406-0639", SRC + "003-related-20250405-0749"}
    # and a 2022 fact derives from the 2022 article only
    assert derived_from(kg, ID + "observation/hau-giang--dti-rank--2021") == {SRC + "003"}


# ---------------------------------------------------------------- DTI 2021


def test_dti_2021_rank_is_17_of_63_with_its_quote(kg):
    iri = ID + "observation/hau-giang--dti-rank--2021"
    o = observation(kg, iri)
    assert o["indicator"] == VOCAB + "indicator/dti-rank"
    assert (o["area"], o["period"], o["value"], o["outOf"], o["original"]) == (HG, ID + "period/2021", "17", "63", "17/63")
    assert kg.ask(P + f"ASK {{ <{iri}> prov:wasAttributedTo organisation:bo-tttt }}")
    assert "tỉnh Hậu Giang đứng thứ hạng 17/63 tỉnh, thành phố về chính phủ số, kinh tế số và xã hội số" in quotes(kg, iri)


def test_dti_rank_change_is_its_own_indicator(kg):
    o = observation(kg, ID + "observation/hau-giang--dti-rank-change--2021")
    assert o["indicator"] == VOCAB + "indicator/dti-rank-change"
    assert Decimal(o["value"]) == 11
    assert o["original"] == "tăng 11 bậc so với năm 2020"
    assert not o.get("outOf")


# ---------------------------------------------------------------- e-commerce and platforms


def test_voso_postmart_figures_stay_joint(kg):
    expected = {
        "ocop-products-on-ecommerce--2022-10-10": (105, "exact", "NUM"),
        "agricultural-products-on-ecommerce--2022-10-10": (1173, "exact", "NUM"),
        "ecommerce-transactions--2022-09-30": (15634, "exact", "NUM"),
        "ecommerce-revenue--2022-09-30": (3_000_000_000, "nearly", "CCY_VND"),
    }
    for key, (value, hedge, unit) in expected.items():
        iri = f"{ID}observation/hau-giang--{key}"
        o = observation(kg, iri)
        assert Decimal(o["value"]) == value, key
        assert o["qualifier"] == Q + hedge, key
        assert o["unit"] == "http://qudt.org/vocab/unit/" + unit, key
        related = {r["s"] for r in kg.select(P + f"SELECT ?s WHERE {{ <{iri}> dct:relation ?s }}")}
        assert related == {ID + "system/voso", ID + "system/postmart"}, key
    assert observation(kg, ID + "observation/hau-giang--ecommerce-revenue--2022-09-30")["original"] == "gần 3 tỉ đồng"


def test_voso_and_postmart_are_used_in_hau_giang(kg):
    rows = kg.select(P + """
        SELECT ?system ?status WHERE {
          ?d a dtkg:Deployment ; prov:used ?system ; prov:atLocation province:hau-giang ; adms:status ?status .
          ?system dct:type cat:ecommerce-marketplace }""")
    assert {(r["system"], r["status"]) for r in rows} == {
        (ID + "system/voso", VOCAB + "deployment-status/in-use"),
        (ID + "system/postmart", VOCAB + "deployment-status/in-use"),
    }
    assert kg.ask(P + 'ASK { system:voso skos:altLabel "Vỏ sò"@vi ; skos:prefLabel "Voso"@vi }')


def test_app_hau_giang_installs_and_reports(kg):
    assert kg.ask(P + """ASK { system:app-hau-giang a dtkg:DigitalSystem , schema:MobileApplication ;
                               dct:type cat:citizen-app ; skos:altLabel "app HauGiang"@vi }""")
    installs = observation(kg, ID + "observation/hau-giang--citizen-app-installs--2022-10-10")
    assert (Decimal(installs["value"]), installs["qualifier"]) == (60000, Q + "more-than")
    reports = observation(kg, ID + "observation/hau-giang--citizen-app-reports--2022-01--2022-09")
    assert (Decimal(reports["value"]), reports["qualifier"]) == (800, Q + "more-than")
    assert reports["period"] == ID + "period/2022-01--2022-09"


@pytest.mark.parametrize("system, category", [
    ("lgsp-hau-giang", "data-integration-platform"),
    ("trung-tam-tich-hop-du-lieu-hau-giang", "data-centre"),
    ("ioc-hau-giang", "operations-centre"),
    ("cong-dich-vu-cong-hau-giang", "public-service-portal"),
    ("quan-ly-van-ban-hau-giang", "document-management"),
    ("phong-hop-truc-tuyen-hau-giang", "video-conferencing"),
    ("app-hau-giang", "citizen-app"),
])
def test_provincial_systems_are_operational_in_hau_giang(kg, system, category):
    assert kg.ask(P + f"""ASK {{
        system:{system} a dtkg:DigitalSystem ; dct:type cat:{category} .
        ?d a dtkg:Deployment ; prov:used system:{system} ; prov:atLocation province:hau-giang ;
           adms:status status:operational ; dtkg:attestedDate "2022-10-10"^^xsd:date }}""")


def test_lgsp_is_a_data_service(kg):
    assert kg.ask(P + 'ASK { system:lgsp-hau-giang a dcat:DataService ; skos:altLabel "LGSP"@vi }')


def test_digital_government_shares(kg):
    expected = {
        "level-4-eligible-services-online-share": 100,
        "agencies-on-document-management-share": 100,
        "documents-digitally-signed-share": 99,
        "communes-connected-video-conferencing-share": 100,
    }
    for indicator, value in expected.items():
        o = observation(kg, f"{ID}observation/hau-giang--{indicator}--2022-10-10")
        assert o["indicator"] == VOCAB + "indicator/" + indicator
        assert Decimal(o["value"]) == value, indicator
        assert o["unit"] == "http://qudt.org/vocab/unit/PERCENT"


def test_community_digital_technology_teams(kg):
    teams = observation(kg, ID + "observation/hau-giang--community-digital-tech-teams--2022-10-10")
    members = observation(kg, ID + "observation/hau-giang--community-digital-tech-team-members--2022-10-10")
    coverage = observation(kg, ID + "observation/hau-giang--hamlets-with-community-digital-tech-team-share--2022-10-10")
    assert (Decimal(teams["value"]), teams["qualifier"]) == (525, Q + "exact")
    assert (Decimal(members["value"]), members["qualifier"], members["original"]) == (3470, Q + "about", "khoảng 3.470 thành viên")
    assert Decimal(coverage["value"]) == 100
    assert kg.ask(P + """ASK { obs:hau-giang--hamlets-with-community-digital-tech-team-share--2022-10-10
                               prov:wasAttributedTo person:ho-thu-anh }""")


def test_cho_4_0_first_at_vi_thanh_market_with_viettel_money(kg):
    rows = kg.select(P + """
        SELECT ?status ?note WHERE {
          deployment:viettel-money--cho-vi-thanh a dtkg:Deployment ; prov:used system:viettel-money ;
              prov:atLocation place:cho-vi-thanh ; prov:wasInfluencedBy programme:cho-4-0 ; adms:status ?status ;
              dtkg:isInferred true ; dtkg:inferenceNote ?note .
          place:cho-vi-thanh schema:containedInPlace commune:hau-giang--phuong-iii-vi-thanh .
          commune:hau-giang--phuong-iii-vi-thanh schema:containedInPlace district:hau-giang--vi-thanh .
          district:hau-giang--vi-thanh schema:containedInPlace province:hau-giang .
          FILTER(lang(?note) = "en") }""")
    assert len(rows) == 1 and "Phường III" in rows[0]["note"]
    assert kg.ask(P + 'ASK { programme:cho-4-0 a dtkg:Programme ; skos:prefLabel "Chợ 4.0 - thanh toán không dùng tiền mặt"@vi }')


# ---------------------------------------------------------------- districts


def test_chau_thanh_a_figures(kg):
    base = ID + "observation/hau-giang--chau-thanh-a--"
    expected = {
        "dt-cashless-models": (40, "nearly"),
        "agencies-with-dt-officer-share": (100, "exact"),
        "on-time-dossier-rate": (99, "more-than"),
        "residents-using-digital-services-share": (90, "more-than"),
    }
    for indicator, (value, hedge) in expected.items():
        o = observation(kg, f"{base}{indicator}--2022-10-10")
        assert o["area"] == ID + "district/hau-giang--chau-thanh-a"
        assert (Decimal(o["value"]), o["qualifier"]) == (value, Q + hedge), indicator


def test_phung_hiep_figures_and_wifi_with_vnpt_viettel(kg):
    base = ID + "observation/hau-giang--phung-hiep--"
    expected = {
        "online-dossier-rate": (Decimal("36.27"), "exact", "36,27%"),
        "residents-assisted-app-install": (18000, "more-than", "hơn 18.000 người dân"),
        "residents-assisted-app-install-share": (37, "more-than", "trên 37%"),
        "hamlets-with-wifi": (128, "exact", "128 ấp"),
        "markets-with-wifi": (14, "exact", "14 chợ"),
        "online-citizen-club-groups": (7, "exact", "7 tổ"),
    }
    for indicator, (value, hedge, original) in expected.items():
        o = observation(kg, f"{base}{indicator}--2022-10-10")
        assert o["area"] == ID + "district/hau-giang--phung-hiep"
        assert (Decimal(o["value"]), o["qualifier"], o["original"]) == (value, Q + hedge, original), indicator
    partners = kg.select(P + """
        SELECT ?agent WHERE { deployment:wifi-phung-hiep--phung-hiep prov:qualifiedAssociation ?a .
                              ?a prov:agent ?agent ; prov:hadRole drole:partner }""")
    assert {r["agent"] for r in partners} == {ID + "organisation/vnpt", ID + "organisation/viettel"}


# ---------------------------------------------------------------- people


@pytest.mark.parametrize("person, name, role, organisation", [
    ("ho-thu-anh", "Hồ Thu Ánh", "vice-chair-peoples-committee", "ubnd-hau-giang"),
    ("nguyen-van-phuc", "Nguyễn Văn Phúc", "head-of-division", "phong-vhtt-chau-thanh-a"),
    ("pham-van-the", "Phạm Văn Thế", "head-of-division", "phong-vhtt-phung-hiep"),
])
def test_officials_of_the_2022_article(kg, person, name, role, organisation):
    assert kg.ask(P + f"""ASK {{
        person:{person} a foaf:Person ; foaf:name "{name}" ; skos:prefLabel "{name}"@vi .
        ?m a org:Membership ; org:member person:{person} ; org:role role:{role} ;
           org:organization organisation:{organisation} .
        ?a prov:specializationOf ?m ; dtkg:attestedDate "2022-10-10"^^xsd:date ; prov:wasDerivedFrom src:003 }}""")


def test_private_citizens_are_not_persons(kg):
    for name in ("Nguyễn Thị Loan", "Phạm Thị Mỹ Xuyên", "Lê Kim Phụng Em"):
        assert not kg.ask(P + f'ASK {{ GRAPH <{G003}> {{ ?p foaf:name|skos:prefLabel|skos:altLabel ?n . FILTER(STR(?n) = "{name}") }} }}'), name
    assert kg.ask(P + f"ASK {{ GRAPH <{G003}> {{ person:my-xuyen a foaf:Person }} }}")


def test_nguyen_van_hoa_is_one_person_with_two_spellings(kg):
    rows = kg.select(P + """
        SELECT ?pref ?alt WHERE { person:nguyen-van-hoa skos:prefLabel ?pref ; skos:altLabel ?alt }""")
    assert rows == [{"pref": "Nguyễn Văn Hòa", "alt": "Nguyễn Văn Hoà"}]
    assert not kg.ask(P + 'ASK { ?p a foaf:Person ; foaf:name "Nguyễn Văn Hoà" }')
    # one tenure, attested by two items on two dates: two attestations, each with its own source and quote
    rows = kg.select(P + """
        SELECT ?date ?source ?note ?quote WHERE {
          membership:nguyen-van-hoa--standing-vice-chair-peoples-committee--ubnd-hau-giang
              org:member person:nguyen-van-hoa ; org:organization organisation:ubnd-hau-giang ;
              org:role role:standing-vice-chair-peoples-committee .
          ?a prov:specializationOf membership:nguyen-van-hoa--standing-vice-chair-peoples-committee--ubnd-hau-giang ;
             dtkg:attestedDate ?date ; prov:wasDerivedFrom ?source ;
             dtkg:isInferred true ; dtkg:inferenceNote ?note . FILTER(lang(?note) = "en")
          ?ann oa:hasBody ?a ; oa:hasTarget/oa:hasSelector/oa:exact ?quote }
        ORDER BY ?date""")
    assert [(r["date"], r["source"].rsplit("/", 1)[-1], r["quote"]) for r in rows] == [
        ("2025-04-05", "003-related-20250405-0749", "Ông Nguyễn Văn Hòa, Phó Chủ tịch Thường trực UBND tỉnh"),
        ("2025-04-06", "003-related-20250406-0639", "Ông Nguyễn Văn Hoà, Phó Chủ tịch Thường trực UBND tỉnh"),
    ]
    assert all("HGO" in r["note"] for r in rows)


def test_dong_van_thanh_holds_two_posts(kg):
    rows = kg.select(P + """
        SELECT ?role ?org WHERE { ?m org:member person:dong-van-thanh ; org:role ?role ; org:organization ?org .
                                  ?a prov:specializationOf ?m ; dtkg:attestedDate "2025-03-14"^^xsd:date ; dtkg:isInferred true }""")
    assert {(r["role"], r["org"]) for r in rows} == {
        (VOCAB + "role/party-secretary", ID + "organisation/tinh-uy-hau-giang"),
        (VOCAB + "role/chair-peoples-council", ID + "organisation/hdnd-hau-giang"),
    }
    assert kg.ask(P + """ASK { ?e a schema:Event ; schema:attendee person:dong-van-thanh , organisation:huba , organisation:hca ;
                                   schema:location province:ho-chi-minh ; schema:startDate "2025-03-14"^^xsd:date }""")


def test_agribank_branch_and_tran_quoc_tuan(kg):
    assert kg.ask(P + "ASK { organisation:agribank-hau-giang org:unitOf organisation:agribank ; schema:areaServed province:hau-giang }")
    rows = kg.select(P + "SELECT ?role WHERE { ?m org:member person:tran-quoc-tuan ; org:organization organisation:agribank-hau-giang ; org:role ?role }")
    assert {r["role"] for r in rows} == {VOCAB + "role/deputy-director", VOCAB + "role/deputy-director-in-charge"}
    assert kg.ask(P + """ASK { ?e a schema:Event ; schema:organizer organisation:agribank-hau-giang ;
                                   schema:startDate "2025-04-28"^^xsd:date ; schema:about ?d . ?d a eli:LegalResource ;
                                   eli:type_document doctype:decision }""")


# ---------------------------------------------------------------- documents, programmes, events


def test_national_documents_chain(kg):
    rows = kg.select(P + """
        SELECT ?n52 ?d52 ?n749 ?d749 ?n505 ?d505 WHERE {
          document:nghi-quyet-52-nq-tw-2019 eli:id_local ?n52 ; eli:date_document ?d52 ;
              eli:passed_by organisation:ban-chap-hanh-trung-uong .
          document:quyet-dinh-749-qd-ttg-2020 eli:id_local ?n749 ; eli:date_document ?d749 ;
              eli:passed_by organisation:thu-tuong-chinh-phu ; eli:based_on document:nghi-quyet-52-nq-tw-2019 .
          programme:chuyen-doi-so-quoc-gia dtkg:approvedBy document:quyet-dinh-749-qd-ttg-2020 .
          document:quyet-dinh-505-qd-ttg-2022 eli:id_local ?n505 ; eli:date_document ?d505 ;
              eli:passed_by organisation:thu-tuong-chinh-phu .
          event:ngay-chuyen-doi-so-quoc-gia-2022 dtkg:legalBasis document:quyet-dinh-505-qd-ttg-2022 ;
              schema:startDate "2022-10-10"^^xsd:date }""")
    assert rows == [{"n52": "52-NQ/TW", "d52": "2019-09-27", "n749": "749/QĐ-TTg", "d749": "2020-06-03",
                     "n505": "505/QĐ-TTg", "d505": "2022-04-22"}]


def test_digital_consumption_month_october_2022(kg):
    assert kg.ask(P + """ASK { event:thang-tieu-dung-so-2022-10 schema:organizer organisation:bo-tttt ;
        schema:startDate "2022-10-01"^^xsd:date ; schema:endDate "2022-10-31"^^xsd:date ;
        dct:relation system:cong-thong-tin-dien-tu-chuyen-doi-so-quoc-gia }""")


def test_provincial_resolutions_are_unnumbered(kg):
    rows = kg.select(P + """
        SELECT ?issuer WHERE { ?d a eli:LegalResource ; eli:passed_by ?issuer ; dct:spatial province:hau-giang ;
                                  eli:type_document doctype:resolution . FILTER NOT EXISTS { ?d eli:id_local ?n } }""")
    assert {r["issuer"] for r in rows} == {ID + "organisation/tinh-uy-hau-giang", ID + "organisation/hdnd-hau-giang"}


def test_resolution_57_keeps_only_what_the_teaser_says(kg):
    rows = kg.select(P + """
        SELECT ?n WHERE { document:nghi-quyet-57-bo-chinh-tri eli:id_local ?n ; eli:passed_by organisation:bo-chinh-tri }""")
    assert rows == [{"n": "57"}]
    assert not kg.ask(P + "ASK { document:nghi-quyet-57-bo-chinh-tri eli:date_document ?d }")


def test_papi_2024(kg):
    score = observation(kg, ID + "observation/hau-giang--papi-score--2024")
    assert (Decimal(score["value"]), score["original"], score["period"]) == (Decimal("44.0066"), "44,0066 điểm", ID + "period/2024")
    rank = observation(kg, ID + "observation/hau-giang--papi-rank--2024")
    assert (rank["value"], rank["outOf"], rank["original"]) == ("23", "63", "23/63")
    procedures = observation(kg, ID + "observation/hau-giang--papi-public-administrative-procedures-rank--2024")
    assert procedures["value"] == "1"
    assert kg.ask(P + "ASK { obs:hau-giang--papi-public-administrative-procedures-rank--2024 dtkg:isInferred true }")


def test_stidt_week_plan_and_digital_technology_zone_projects(kg):
    assert kg.ask(P + """ASK { programme:ke-hoach-to-chuc-stidt-week-2025 a dtkg:Programme ; dct:type doctype:plan ;
        schema:about event:stidt-week-2025 . event:stidt-week-2025 skos:altLabel "STIDT Week 2025"@en ;
        schema:startDate "2025"^^xsd:gYear .
        ?w schema:about programme:ke-hoach-to-chuc-stidt-week-2025 ; schema:attendee person:nguyen-van-hoa }""")
    rows = kg.select(P + """
        SELECT ?p WHERE { event:hop-thong-qua-phuong-an-thiet-ke-khu-cong-nghe-so-giai-doan-2 schema:about ?p ;
                                                                                         schema:attendee person:nguyen-van-hoa }""")
    assert {r["p"] for r in rows} == {
        ID + "programme/du-an-xay-dung-khu-cong-nghe-so-hau-giang-giai-doan-2",
        ID + "programme/du-an-nang-cap-nha-an-truong-cao-dang-cong-dong-hau-giang",
    }
    assert derived_from(kg, ID + "place/khu-cong-nghe-so-hau-giang") == {
        SRC + "003-related-20250321-0548", SRC + "003-related-20250405-0749"}


def test_hoi_nong_dan_training_on_green_hau_giang_scheme(kg):
    assert kg.ask(P + """ASK { ?e a schema:Event ; schema:organizer organisation:hoi-nong-dan-hau-giang ;
        schema:location commune:hau-giang--tan-hoa ; schema:about programme:de-an-hau-giang-xanh .
        commune:hau-giang--tan-hoa schema:containedInPlace district:hau-giang--chau-thanh-a .
        programme:de-an-hau-giang-xanh skos:prefLabel "Đề án Hậu Giang xanh đến năm 2025, định hướng đến năm 2030"@vi }""")
    o = observation(kg, ID + "observation/hau-giang--chau-thanh-a--training-participants--2025-04")
    assert (Decimal(o["value"]), o["qualifier"]) == (80, Q + "about")


# ---------------------------------------------------------------- evidence and vocabulary


def test_every_node_written_for_003_has_evidence(kg):
    rows = kg.select(P + f"""
        SELECT DISTINCT ?n WHERE {{ GRAPH <{G003}> {{
          ?n a ?c . FILTER(isIRI(?n) && STRSTARTS(STR(?n), "{ID}") && !CONTAINS(STR(?n), "#")
                           && !STRSTARTS(STR(?n), "{ID}evidence/") && !STRSTARTS(STR(?n), "{ID}post/")
                           && !STRSTARTS(STR(?n), "{ID}period/"))
          FILTER NOT EXISTS {{ ?a oa:hasBody/prov:specializationOf? ?n }} }} }}""")
    assert rows == []


def test_new_indicators_are_documented(kg):
    rows = kg.select(P + """
        SELECT ?i WHERE {
          VALUES ?i { ind:dti-rank-change ind:papi-score ind:papi-rank ind:papi-public-administrative-procedures-rank
                      ind:level-4-eligible-services-online-share ind:agencies-on-document-management-share
                      ind:documents-digitally-signed-share ind:agencies-with-dt-officer-share ind:on-time-dossier-rate
                      ind:citizen-app-reports ind:ocop-products-on-ecommerce ind:ecommerce-transactions
                      ind:ecommerce-revenue ind:dt-cashless-models ind:citizen-app-installs
                      ind:residents-assisted-app-install ind:residents-assisted-app-install-share
                      ind:residents-using-digital-services-share ind:community-digital-tech-teams
                      ind:community-digital-tech-team-members ind:hamlets-with-community-digital-tech-team-share
                      ind:hamlets-with-wifi ind:markets-with-wifi ind:online-citizen-club-groups ind:training-participants }
          ?i a skos:Concept , schema:StatisticalVariable ; skos:inScheme <https://w3id.org/vn-dtkg/vocab/indicator> ;
             dct:subject ?pillar ; skos:prefLabel ?pv , ?pe ; skos:definition ?dv , ?de .
          FILTER(lang(?pv) = "vi" && lang(?pe) = "en" && lang(?dv) = "vi" && lang(?de) = "en") }""")
    assert len({r["i"] for r in rows}) == 25
