"""Facts of the Quảng Ninh article (source 001) and the Bà Rịa - Vũng Tàu article (source 004),
checked through SPARQL on the built graph (default graph = union of the named graphs)."""
from __future__ import annotations

from decimal import Decimal

import pytest

from tests.facts_support import ID, VOCAB, P, quotes

G001 = "https://w3id.org/vn-dtkg/graph/001"
G004 = "https://w3id.org/vn-dtkg/graph/004"
QN = ID + "province/quang-ninh"
BRVT = ID + "province/ba-ria-vung-tau"
VIETNAM = ID + "country/vietnam"


def figure(kg, iri: str) -> dict[str, str]:
    """The core of one observation or target: indicator, area, period, value, unit, hedge/comparator, phrase."""
    rows = kg.select(P + f"""
        SELECT ?ind ?area ?period ?value ?unit ?hedge ?cmp ?year ?orig ?graph WHERE {{
          GRAPH ?graph {{ <{iri}> dtkg:indicator ?ind ; sdmx-dimension:refArea ?area ;
                                  sdmx-measure:obsValue ?value ; sdmx-attribute:unitMeasure ?unit ;
                                  dtkg:originalText ?orig . }}
          OPTIONAL {{ <{iri}> sdmx-dimension:refPeriod ?period }}
          OPTIONAL {{ <{iri}> dtkg:qualifier ?hedge }}
          OPTIONAL {{ <{iri}> dtkg:comparator ?cmp }}
          OPTIONAL {{ <{iri}> dtkg:targetYear ?year }}
        }}""")
    assert len(rows) == 1, (iri, rows)
    return rows[0]


# ---------------------------------------------------------------- source 001: Quảng Ninh

def test_source_001_keeps_misspelt_title_and_author(kg):
    rows = kg.select(P + """
        SELECT ?title ?name WHERE { src:001 dct:title ?title ; schema:author ?a . ?a foaf:name ?name }""")
    assert rows == [{"title": "Quản Ninh đạt nhiều thành tựu trong phát triển kinh tế số", "name": "Trương Quốc Cường"}]
    # no invented date or publisher
    assert not kg.ask(P + "ASK { src:001 schema:datePublished|dct:publisher|schema:url ?x }")


@pytest.mark.parametrize("slug, ind, value, unit, hedge, orig", [
    ("mobile-coverage-share-of-population", "mobile-coverage-share-of-population", "100", "PERCENT", "exact", "100% dân số"),
    ("mobile-4g-coverage-share-of-population", "mobile-4g-coverage-share-of-population", "99.8", "PERCENT", "exact", "99,8%"),
    ("phone-subscriptions-per-person", "phone-subscriptions-per-person", "1.3", "NUM", "exact", "1,3 thuê bao/người"),
    ("personal-accounts", "personal-accounts", "3400000", "NUM", "more-than", "hơn 3,4 triệu"),
    ("business-accounts", "business-accounts", "60000", "NUM", "more-than", "hơn 60.000"),
    ("e-wallet-accounts", "e-wallet-accounts", "802000", "NUM", "nearly", "gần 802.000"),
    ("utility-telecom-enterprises-e-contract-share", "utility-telecom-enterprises-e-contract-share", "100", "PERCENT", "exact", "100% doanh nghiệp điện, nước, viễn thông"),
    ("enterprises-e-invoice-share", "enterprises-e-invoice-share", "100", "PERCENT", "exact", "100% doanh nghiệp"),
    ("central-markets-cashless-share", "central-markets-cashless-share", "100", "PERCENT", "exact", "100% chợ trung tâm"),
    ("petrol-retailers-cashless-share", "petrol-retailers-cashless-share", "100", "PERCENT", "exact", "100% cơ sở kinh doanh, bán lẻ xăng dầu"),
    ("industrial-zone-enterprises-digital-platform-share", "industrial-zone-enterprises-digital-platform-share", "60", "PERCENT", "exact", "60% doanh nghiệp"),
    ("online-public-services-share", "online-public-services-share", "98.5", "PERCENT", "more-than", "trên 98,5%"),
    ("district-public-administration-centres-cashless", "district-public-administration-centres-cashless", "13", "NUM", "exact", "13 trung tâm hành chính công cấp huyện"),
])
def test_quang_ninh_figures_are_undated_with_value_hedge_and_phrase(kg, slug, ind, value, unit, hedge, orig):
    iri = ID + "observation/quang-ninh--" + slug
    f = figure(kg, iri)
    assert f["ind"] == VOCAB + "indicator/" + ind
    assert f["area"] == QN and f["graph"] == G001
    assert Decimal(f["value"]) == Decimal(value)
    assert f["unit"] == "http://qudt.org/vocab/unit/" + unit
    assert f["hedge"] == VOCAB + "qualifier/" + hedge
    assert f["orig"] == orig
    # "hiện nay" in an undated article: no reference period, a note instead
    assert "period" not in f or f["period"] is None
    assert kg.ask(P + f'ASK {{ <{iri}> dtkg:periodNote ?n FILTER(lang(?n) = "vi") }}')


def test_quang_ninh_4g_denominator_is_marked_as_inferred(kg):
    assert kg.ask(P + """ASK { obs:quang-ninh--mobile-4g-coverage-share-of-population dtkg:isInferred true ;
                                dtkg:inferenceNote ?n FILTER(lang(?n) = "en") }""")
    assert "trong đó phủ sóng mạng di động 4G trở lên đạt 99,8%" in quotes(
        kg, ID + "observation/quang-ninh--mobile-4g-coverage-share-of-population")


@pytest.mark.parametrize("slug, value, cmp, year, orig", [
    ("digital-economy-share-of-grdp--2025", "20", "ge", 2025, "ít nhất 20% GRDP"),
    ("online-shoppers-share-of-population--2025", "55", "eq", 2025, "55% dân số"),
    ("cashless-payment-share-of-businesses-households-individuals--2025", "50", "eq", 2025, "50% doanh nghiệp kinh doanh, hộ gia đình và cá nhân"),
    ("enterprises-with-website-and-e-ordering-share--2025", "80", "eq", 2025, "80% doanh nghiệp"),
    ("website-purchases-with-e-invoice-share--2025", "90", "eq", 2025, "90% các giao dịch mua hàng trên website"),
    ("digital-economy-share-of-grdp--2030", "35", "approx", 2030, "khoảng 35% GRDP"),
])
def test_quang_ninh_targets(kg, slug, value, cmp, year, orig):
    iri = ID + "target/quang-ninh--" + slug
    assert kg.ask(P + f"ASK {{ <{iri}> a dtkg:Target }}")
    f = figure(kg, iri)
    assert f["area"] == QN
    assert Decimal(f["value"]) == Decimal(value)
    assert f["cmp"] == VOCAB + "comparator/" + cmp
    assert int(f["year"]) == year
    assert f["period"] == ID + f"period/{year}"
    assert f["orig"] == orig
    # the setting document is not named in the article
    assert not kg.ask(P + f"ASK {{ <{iri}> dtkg:setBy ?d }}")


def test_quang_ninh_deputy_party_secretary(kg):
    rows = kg.select(P + """
        SELECT ?name ?org ?role WHERE {
          ?m a org:Membership ; org:member ?p ; org:organization ?org ; org:role ?role .
          ?p foaf:name "Đặng Xuân Phương" .
          ?p foaf:name ?name .
        }""")
    assert rows == [{"name": "Đặng Xuân Phương", "org": ID + "organisation/tinh-uy-quang-ninh",
                     "role": VOCAB + "role/deputy-party-secretary"}]
    assert "ông Đặng Xuân Phương, Phó Bí thư Tỉnh ủy Quảng Ninh" in quotes(
        kg, ID + "membership/dang-xuan-phuong--deputy-party-secretary--tinh-uy-quang-ninh")


def test_ocop_quang_ninh_marketplace_is_an_operational_system(kg):
    rows = kg.select(P + """
        SELECT ?label ?status WHERE {
          system:san-thuong-mai-dien-tu-ocop-quang-ninh a dtkg:DigitalSystem ; dct:type cat:ecommerce-marketplace ;
              skos:prefLabel ?label FILTER(lang(?label) = "vi")
          ?d prov:used system:san-thuong-mai-dien-tu-ocop-quang-ninh ; prov:atLocation province:quang-ninh ;
             adms:status ?status .
        }""")
    assert rows == [{"label": "Sàn thương mại điện tử OCOP Quảng Ninh", "status": VOCAB + "deployment-status/operational"}]


def test_quang_ninh_uses_shared_national_public_service_portal(kg):
    assert kg.ask(P + """ASK { deployment:national-public-service-portal--quang-ninh
                               prov:used system:national-public-service-portal ;
                               prov:atLocation province:quang-ninh ; adms:status status:in-use }""")
    labels = kg.select(P + """SELECT ?l WHERE { system:national-public-service-portal skos:prefLabel ?l FILTER(lang(?l)="vi") }""")
    assert labels == [{"l": "Cổng Dịch vụ công quốc gia"}]


def test_quang_ninh_provincial_public_administration_centre_is_cashless(kg):
    rows = kg.select(P + """
        SELECT ?type ?area WHERE { organisation:trung-tam-phuc-vu-hanh-chinh-cong-quang-ninh
                                   org:classification ?type ; schema:areaServed ?area ; dtkg:isInferred true }""")
    assert rows == [{"type": VOCAB + "organisation-type/public-service-unit", "area": QN}]


# ---------------------------------------------------------------- source 004: Bà Rịa - Vũng Tàu

def test_source_004_author_and_period(kg):
    rows = kg.select(P + """SELECT ?name ?t WHERE { src:004 schema:author/foaf:name ?name ; dct:temporal ?t }""")
    assert rows == [{"name": "Quang Vũ", "t": ID + "period/2021"}]
    assert not kg.ask(P + "ASK { src:004 schema:datePublished|dct:publisher|schema:url ?x }")


def test_nguyen_van_tho_holds_two_posts_from_one_phrase(kg):
    rows = kg.select(P + """
        SELECT ?org ?role WHERE {
          ?m a org:Membership ; org:member person:nguyen-van-tho ; org:organization ?org ; org:role ?role .
        } ORDER BY ?role""")
    assert rows == [
        {"org": ID + "organisation/ubnd-ba-ria-vung-tau", "role": VOCAB + "role/chair-peoples-committee"},
        {"org": ID + "organisation/tinh-uy-ba-ria-vung-tau", "role": VOCAB + "role/deputy-party-secretary"},
    ]
    phrase = "Ông Nguyễn Văn Thọ, Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh"
    for m in ("nguyen-van-tho--chair-peoples-committee--ubnd-ba-ria-vung-tau",
              "nguyen-van-tho--deputy-party-secretary--tinh-uy-ba-ria-vung-tau"):
        assert phrase in quotes(kg, ID + "membership/" + m)


def test_le_van_tuan_directs_brvt_department_of_information(kg):
    rows = kg.select(P + """
        SELECT ?parent WHERE {
          membership:le-van-tuan--director--so-tttt-ba-ria-vung-tau org:member person:le-van-tuan ;
              org:organization organisation:so-tttt-ba-ria-vung-tau ; org:role role:director .
          ?a prov:specializationOf membership:le-van-tuan--director--so-tttt-ba-ria-vung-tau ; dtkg:isInferred true .
          organisation:so-tttt-ba-ria-vung-tau org:unitOf ?parent .
        }""")
    assert rows == [{"parent": ID + "organisation/ubnd-ba-ria-vung-tau"}]


def test_action_programme_signed_with_ministry_in_march_2021(kg):
    rows = kg.select(P + """
        SELECT ?type ?date ?start WHERE {
          document:chuong-trinh-hanh-dong-thuc-day-chuyen-doi-so-bo-tttt-ubnd-ba-ria-vung-tau-2021
              eli:type_document ?type ; dct:date ?date ;
              eli:passed_by organisation:bo-tttt , organisation:ubnd-ba-ria-vung-tau ;
              prov:wasGeneratedBy ?e .
          ?e a schema:Event ; schema:startDate ?start ; schema:attendee organisation:bo-tttt .
        }""")
    assert rows == [{"type": VOCAB + "document-type/agreement", "date": "2021-03", "start": "2021-03"}]


def test_dt_is_one_of_three_breakthroughs_set_by_7th_congress(kg):
    rows = kg.select(P + """
        SELECT ?period ?event WHERE {
          programme:dot-pha-chuyen-doi-so-ba-ria-vung-tau-2021-2025 dct:temporal ?period ; prov:wasGeneratedBy ?event .
          ?event skos:prefLabel "Đại hội Đảng bộ tỉnh Bà Rịa - Vũng Tàu lần thứ VII"@vi .
        }""")
    assert rows == [{"period": ID + "period/2021--2025", "event": ID + "event/dai-hoi-dang-bo-tinh-ba-ria-vung-tau-lan-thu-vii"}]
    assert ("Chuyển đổi số (CĐS) đã được xác định là 1 trong 3 khâu đột phá trong phát triển kinh tế của tỉnh BR-VT giai đoạn 2021-2025"
            in quotes(kg, ID + "programme/dot-pha-chuyen-doi-so-ba-ria-vung-tau-2021-2025"))


@pytest.mark.parametrize("system, category, status", [
    ("ioc-ba-ria-vung-tau", "operations-centre", "pilot"),
    ("tong-dai-dich-vu-cong-ai-ba-ria-vung-tau", "virtual-assistant", "pilot"),
    ("mang-5g-ba-ria-vung-tau", "telecom-network", "operational"),
    ("ky-so-tu-xa-ba-ria-vung-tau", "digital-signature", "operational"),
    ("san-thuong-mai-du-lich-ba-ria-vung-tau", "ecommerce-marketplace", "operational"),
    ("hoi-nghi-truyen-hinh-ba-ria-vung-tau", "video-conferencing", "operational"),
    ("cap-ma-qr-xe-lan-xanh-ba-ria-vung-tau", "software-application", "operational"),
    ("tro-ly-ao-ba-ria-vung-tau", "virtual-assistant", "operational"),
    ("pc-covid", "health-app", "in-use"),
    ("so-suc-khoe-dien-tu", "health-app", "in-use"),
    ("zalo", "social-network", "in-use"),
    ("zalo-connect", "social-network", "in-use"),
    ("nen-tang-cang-bien-thong-minh-ba-ria-vung-tau", "software-application", "planned"),
])
def test_brvt_systems_and_deployment_status(kg, system, category, status):
    assert kg.ask(P + f"""ASK {{
        GRAPH <{G004}> {{ system:{system} a dtkg:DigitalSystem ; dct:type cat:{category} .
                          ?d a dtkg:Deployment ; prov:used system:{system} ;
                             prov:atLocation province:ba-ria-vung-tau ; adms:status status:{status} . }} }}""")


def test_5g_launch_is_eighth_province_and_wide_rollout_planned_for_2022(kg):
    f = figure(kg, ID + "observation/ba-ria-vung-tau--mobile-5g-launch-order--2021")
    assert Decimal(f["value"]) == 8 and f["orig"] == "tỉnh thứ 8"
    assert kg.ask(P + """ASK { deployment:mang-5g-ba-ria-vung-tau--ba-ria-vung-tau--2022
                               adms:status status:planned ; dtkg:attestedDate "2022"^^xsd:gYear }""")


def test_digital_signature_is_part_of_the_provincial_portal(kg):
    assert kg.ask(P + """ASK { system:ky-so-tu-xa-ba-ria-vung-tau dct:isPartOf system:cong-dich-vu-cong-ba-ria-vung-tau .
                               system:cong-dich-vu-cong-ba-ria-vung-tau dct:type cat:public-service-portal }""")
    assert ("BR-VT cũng là tỉnh đầu tiên trên toàn quốc triển khai kết nối thành công chữ ký số công cộng với Cổng dịch vụ công của tỉnh"
            in quotes(kg, ID + "deployment/ky-so-tu-xa-ba-ria-vung-tau--ba-ria-vung-tau"))


@pytest.mark.parametrize("slug, value, unit, hedge, period, by", [
    ("eligible-procedures-online-level-3-4-share--2021", "100", "PERCENT", "exact", "2021", "le-van-tuan"),
    ("farm-households-on-ecommerce--2021", "9000", "NUM", "exact", "2021", "le-van-tuan"),
    ("lodging-establishments-on-tourism-marketplace--2021", "250", "NUM", "more-than", "2021", "le-van-tuan"),
    ("communes-connected-video-conferencing-share--2021", "100", "PERCENT", "exact", "2021", "le-van-tuan"),
    ("pc-covid-installs", "583017", "NUM", "exact", None, None),
    ("pc-covid-install-rate", "70", "PERCENT", "exact", None, None),
    ("electronic-health-book-installs", "536324", "NUM", "exact", None, None),
    ("electronic-health-book-share-of-adults", "64.4", "PERCENT", "exact", None, None),
    ("online-dossier-rate", "17.5", "PERCENT", "exact", None, "nguyen-van-tho"),
])
def test_brvt_observations(kg, slug, value, unit, hedge, period, by):
    iri = ID + "observation/ba-ria-vung-tau--" + slug
    f = figure(kg, iri)
    assert f["area"] == BRVT and f["graph"] == G004
    assert Decimal(f["value"]) == Decimal(value)
    assert f["unit"] == "http://qudt.org/vocab/unit/" + unit
    assert f["hedge"] == VOCAB + "qualifier/" + hedge
    if period:
        assert f["period"] == ID + "period/" + period
        # the year comes from the lead-in to the list of 2021 results: marked as inferred
        assert kg.ask(P + f"ASK {{ <{iri}> dtkg:isInferred true }}")
    else:
        assert f.get("period") is None
        assert kg.ask(P + f"ASK {{ <{iri}> dtkg:periodNote ?n }}")
    if by:
        assert kg.ask(P + f"ASK {{ <{iri}> prov:wasAttributedTo person:{by} }}")


def test_online_dossier_rate_from_17_5_now_to_50_in_2022(kg):
    rows = kg.select(P + """
        SELECT ?now ?target ?year WHERE {
          ?o a qb:Observation ; dtkg:indicator ind:online-dossier-rate ; sdmx-dimension:refArea province:ba-ria-vung-tau ;
             sdmx-measure:obsValue ?now FILTER NOT EXISTS { ?o a dtkg:Target }
          ?t a dtkg:Target ; dtkg:indicator ind:online-dossier-rate ; sdmx-dimension:refArea province:ba-ria-vung-tau ;
             sdmx-measure:obsValue ?target ; dtkg:targetYear ?year ; prov:wasAttributedTo person:nguyen-van-tho .
        }""")
    assert len(rows) == 1
    assert (Decimal(rows[0]["now"]), Decimal(rows[0]["target"]), int(rows[0]["year"])) == (Decimal("17.5"), 50, 2022)


@pytest.mark.parametrize("area, ind, value, year, inferred", [
    (BRVT, "farm-households-on-ecommerce-share", "30", 2022, True),
    (BRVT, "sme-vn-domain-website-share", "50", 2022, True),
    (BRVT, "smart-device-owners-share-of-population", "95", 2022, False),
    (BRVT, "fibre-households-share", "90", 2022, False),
    (BRVT, "e-payment-account-share-of-adults", "90", 2022, True),  # its year is read from the sentence before
    (BRVT, "procedures-online-level-3-4-on-provincial-portal-share", "100", 2025, False),
    (VIETNAM, "smart-device-owners-share-of-population", "80", 2022, True),
    (VIETNAM, "fibre-households-share", "70", 2022, True),
])
def test_brvt_and_national_comparison_targets(kg, area, ind, value, year, inferred):
    rows = kg.select(P + f"""
        SELECT ?t ?value ?cmp WHERE {{
          GRAPH <{G004}> {{ ?t a dtkg:Target ; dtkg:indicator ind:{ind} ; sdmx-dimension:refArea <{area}> ;
                               dtkg:targetYear {year} ; sdmx-measure:obsValue ?value ; dtkg:comparator ?cmp . }} }}""")
    assert len(rows) == 1, rows
    assert Decimal(rows[0]["value"]) == Decimal(value)
    assert rows[0]["cmp"] == VOCAB + "comparator/eq"
    assert kg.ask(P + f"ASK {{ <{rows[0]['t']}> dtkg:isInferred true }}") is inferred


def test_brvt_fibre_target_beats_national_target(kg):
    rows = kg.select(P + f"""
        SELECT ?prov ?nat WHERE {{
          ?a dtkg:indicator ind:fibre-households-share ; sdmx-dimension:refArea province:ba-ria-vung-tau ;
             dtkg:targetYear 2022 ; sdmx-measure:obsValue ?prov .
          ?b dtkg:indicator ind:fibre-households-share ; sdmx-dimension:refArea <{VIETNAM}> ;
             dtkg:targetYear 2022 ; sdmx-measure:obsValue ?nat .
        }}""")
    assert len(rows) == 1 and Decimal(rows[0]["prov"]) > Decimal(rows[0]["nat"])


def test_postmart_and_voso_operators_are_inferred_from_pairing(kg):
    rows = kg.select(P + """
        SELECT ?system ?operator WHERE {
          ?d a dtkg:Deployment ; prov:used ?system ; prov:atLocation province:ba-ria-vung-tau ; adms:status status:in-use ;
             dtkg:isInferred true ;
             prov:qualifiedAssociation [ prov:agent ?operator ; prov:hadRole drole:operator ] ;
             prov:qualifiedAssociation [ prov:agent organisation:so-tttt-ba-ria-vung-tau ; prov:hadRole drole:deployer ] .
          VALUES ?system { system:voso system:postmart }
        } ORDER BY ?system""")
    assert rows == [
        {"system": ID + "system/postmart", "operator": ID + "organisation/vnpost"},
        {"system": ID + "system/voso", "operator": ID + "organisation/viettel-post"},
    ]
    assert kg.ask(P + """ASK { organisation:buu-dien-ba-ria-vung-tau org:unitOf organisation:vnpost ; dtkg:isInferred true }""")


def test_plan_requires_databases_in_2022_connected_to_ioc(kg):
    rows = kg.select(P + """
        SELECT ?type ?t ?ref WHERE {
          document:ke-hoach-co-so-du-lieu-chuyen-nganh-ba-ria-vung-tau-2022 eli:type_document ?type ;
              dct:temporal ?t ; dct:references ?ref .
        }""")
    assert rows == [{"type": VOCAB + "document-type/plan", "t": ID + "period/2022", "ref": ID + "system/ioc-ba-ria-vung-tau"}]


def test_brvt_2030_goal_of_completed_dt_and_smart_city(kg):
    rows = kg.select(P + """
        SELECT ?ind ?value WHERE {
          ?t a dtkg:Target ; sdmx-dimension:refArea province:ba-ria-vung-tau ; dtkg:targetYear 2030 ;
             dtkg:indicator ?ind ; sdmx-measure:obsValue ?value ; dtkg:comparator comparator:eq ;
             sdmx-attribute:unitMeasure unit:UNITLESS .
        } ORDER BY ?ind""")
    assert [(r["ind"].rsplit("/", 1)[1], int(r["value"])) for r in rows] == [
        ("digital-transformation-basically-completed", 1), ("e-government-built", 1), ("smart-city-model-formed", 1)]
    q = quotes(kg, ID + "programme/chuyen-doi-so-ba-ria-vung-tau")
    assert "tỉnh cơ bản hoàn thiện CĐS, xây dựng thành công chính quyền điện tử và hình thành mô hình đô thị thông minh" in q
    assert "Mục tiêu đến năm 2030, BR-VT cơ bản hoàn thiện CĐS và hình thành mô hình ĐTTM; kinh tế số trở thành nền tảng cốt lõi thúc đẩy kinh tế phát triển mạnh mẽ" in q


def test_every_typed_node_of_my_sources_has_evidence_and_labels(kg):
    for graph in (G001, G004):
        missing = kg.select(P + f"""
            SELECT DISTINCT ?s WHERE {{
              GRAPH <{graph}> {{ ?s a ?c FILTER(isIRI(?s)) FILTER(!STRSTARTS(STR(?s), "https://w3id.org/vn-dtkg/id/evidence/"))
                                 FILTER(?c IN (qb:Observation, dtkg:Target, dtkg:Deployment, dtkg:DigitalSystem, org:Membership,
                                               org:FormalOrganization, org:OrganizationalUnit, foaf:Person, schema:Event,
                                               dtkg:Programme, eli:LegalResource)) }}
              FILTER NOT EXISTS {{ ?a oa:hasBody/prov:specializationOf? ?s }}
            }}""")
        assert missing == [], (graph, missing)
        unlabelled = kg.select(P + f"""
            SELECT DISTINCT ?s WHERE {{
              GRAPH <{graph}> {{ ?s a ?c FILTER(?c IN (qb:Observation, dtkg:Target, dtkg:Deployment, dtkg:DigitalSystem,
                                                       org:Membership, dtkg:Programme)) }}
              FILTER NOT EXISTS {{ ?s skos:prefLabel ?en FILTER(lang(?en) = "en") }}
            }}""")
        assert unlabelled == [], (graph, unlabelled)
