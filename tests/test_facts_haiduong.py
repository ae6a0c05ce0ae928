"""Facts of the two Hải Dương articles (source 000, Báo Hải Dương; source 002, via baochinhphu.vn),
checked through SPARQL on the built graph (default graph = union of the named graphs)."""
from __future__ import annotations

from decimal import Decimal

import pytest

from tests.facts_support import ID, VOCAB, P, observation

G000 = "https://w3id.org/vn-dtkg/graph/000"
G002 = "https://w3id.org/vn-dtkg/graph/002"


def num(value: str) -> Decimal:
    return Decimal(value)


# ---------------------------------------------------------------- sources


def test_source_000_publisher_url_author_and_no_invented_date(kg):
    rows = kg.select(P + """
        SELECT ?publisher ?url ?author ?name WHERE {
          src:000 dct:publisher ?publisher ; schema:url ?url ; schema:author ?author ; dct:temporal period:2021 .
          ?author foaf:name ?name .
        }""")
    assert rows == [{
        "publisher": ID + "organisation/bao-hai-duong",
        "url": "http://baohaiduong.vn/kinh-te/dong-luc-tang-truong-tu-but-pha-so-194030",
        "author": ID + "person/ha-kien",
        "name": "Hà Kiên",
    }]
    assert not kg.ask(P + "ASK { src:000 schema:datePublished ?d }")


def test_source_002_is_credited_to_baochinhphu_without_date_or_url(kg):
    rows = kg.select(P + """
        SELECT ?name ?credit WHERE {
          src:002 schema:author/foaf:name ?name ; dct:source ?credit .
        }""")
    assert rows == [{"name": "Thanh Sơn", "credit": ID + "organisation/baochinhphu"}]
    assert not kg.ask(P + "ASK { src:002 schema:datePublished|schema:url ?x }")
    assert kg.ask(P + """ASK { src:002 dtkg:datePrecisionNote ?vi , ?en .
                               FILTER(lang(?vi) = "vi" && lang(?en) = "en") }""")


# ---------------------------------------------------------------- article 000: figures


def test_grdp_and_growth_2021(kg):
    growth = observation(kg, ID + "observation/hai-duong--grdp-growth--2021")
    assert growth["indicator"] == VOCAB + "indicator/grdp-growth"
    assert growth["area"] == ID + "province/hai-duong"
    assert growth["period"] == ID + "period/2021"
    assert num(growth["value"]) == Decimal("8.6")
    assert growth["unit"] == "http://qudt.org/vocab/unit/PERCENT"
    assert growth["original"] == "8,6%"
    grdp = observation(kg, ID + "observation/hai-duong--grdp--2021")
    assert num(grdp["value"]) == 149_100_000_000_000
    assert grdp["unit"] == "http://qudt.org/vocab/unit/CCY_VND"
    assert grdp["qualifier"] == VOCAB + "qualifier/nearly"
    assert grdp["original"] == "gần 149.100 tỷ đồng"


def test_bank_cards_atm_pos_with_their_changes(kg):
    expected = {
        "bank-cards-issued": (3_000_000, "nearly"),
        "bank-cards-issued-growth": (15, "exact"),
        "atm-machines": (319, "exact"),
        "atm-machines-change": (11, "exact"),
        "pos-terminals": (1045, "exact"),
        "pos-terminals-change": (129, "exact"),
    }
    for indicator, (value, hedge) in expected.items():
        o = observation(kg, f"{ID}observation/hai-duong--{indicator}--2021")
        assert o["indicator"] == VOCAB + "indicator/" + indicator
        assert num(o["value"]) == value, indicator
        assert o["qualifier"] == VOCAB + "qualifier/" + hedge, indicator
    # the figures come from the State Bank's Hải Dương branch, a unit of the State Bank
    rows = kg.select(P + """
        SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE {
          ?o prov:wasAttributedTo organisation:nhnn-hai-duong .
          organisation:nhnn-hai-duong org:unitOf organisation:ngan-hang-nha-nuoc .
        }""")
    assert rows[0]["n"] == "6"


def test_farm_households_and_products_on_ecommerce(kg):
    expected = {
        "farm-households-on-ecommerce": (71400, "more-than", "trên 71.400 hộ"),
        "farm-households-trained-digital-skills": (80700, "more-than", "trên 80.700 hộ"),
        "agricultural-products-on-ecommerce": (300, "nearly", "gần 300 sản phẩm nông nghiệp"),
    }
    for indicator, (value, hedge, original) in expected.items():
        o = observation(kg, f"{ID}observation/hai-duong--{indicator}")
        assert num(o["value"]) == value
        assert o["qualifier"] == VOCAB + "qualifier/" + hedge
        assert o["original"] == original
        assert "period" not in o  # "đến nay" in an undated article: no period, a note instead
    assert kg.ask(P + """ASK { obs:hai-duong--farm-households-on-ecommerce dtkg:periodNote ?n . FILTER(lang(?n) = "en") }""")


def test_digital_infrastructure_figures(kg):
    expected = {
        "communes-with-fibre-share": (100, "PERCENT"),
        "broadband-households-share": (65, "PERCENT"),
        "bts-stations": (3000, "NUM"),
        "smartphone-users-share-of-population": (72, "PERCENT"),
    }
    for indicator, (value, unit) in expected.items():
        o = observation(kg, f"{ID}observation/hai-duong--{indicator}")
        assert o["indicator"] == VOCAB + "indicator/" + indicator
        assert num(o["value"]) == value
        assert o["unit"] == "http://qudt.org/vocab/unit/" + unit


def test_retail_figures(kg):
    value = observation(kg, ID + "observation/hai-duong--retail-sector-value--2021")
    assert num(value["value"]) == 4_600_000_000_000 and value["qualifier"].endswith("/nearly")
    share = observation(kg, ID + "observation/hai-duong--retail-sector-share-of-grdp--2021")
    assert num(share["value"]) == Decimal("3.1") and share["qualifier"].endswith("/about")
    change = observation(kg, ID + "observation/hai-duong--retail-sector-value-change--2021")
    assert num(change["value"]) == 280_000_000_000 and change["qualifier"].endswith("/more-than")
    firms = observation(kg, ID + "observation/hai-duong--trading-enterprises")
    assert num(firms["value"]) == 2000 and firms["qualifier"].endswith("/more-than")
    firms_share = observation(kg, ID + "observation/hai-duong--trading-enterprises-applying-technology-share")
    assert num(firms_share["value"]) == 100 and firms_share["qualifier"].endswith("/nearly")
    outlets = observation(kg, ID + "observation/hai-duong--retail-outlets")
    assert num(outlets["value"]) == 30000 and outlets["qualifier"].endswith("/more-than")
    outlets_share = observation(kg, ID + "observation/hai-duong--retail-outlets-applying-technology-share")
    assert num(outlets_share["value"]) == 20 and outlets_share["qualifier"].endswith("/more-than")
    growth = observation(kg, ID + "observation/hai-duong--retail-technology-adoption-growth")
    assert num(growth["value"]) == 30 and growth["qualifier"].endswith("/about")
    average = observation(kg, ID + "observation/hai-duong--ecommerce-technology-adoption-average-growth")
    assert num(average["value"]) == 20 and average["qualifier"].endswith("/about")


# ---------------------------------------------------------------- article 000: scheme, systems, people


def test_egov_smart_city_scheme_plans_dc_ioc_soc(kg):
    rows = kg.select(P + """
        SELECT ?system ?category ?date WHERE {
          ?d a dtkg:Deployment ; prov:used ?system ; prov:atLocation province:hai-duong ;
             adms:status status:planned ; dtkg:attestedDate ?date ;
             prov:wasInfluencedBy programme:de-an-chinh-quyen-dien-tu-va-do-thi-thong-minh-hai-duong-2020-2025 .
          ?system dct:type ?category .
        } ORDER BY ?system""")
    assert [(r["system"].rsplit("/", 1)[-1], r["category"].rsplit("/", 1)[-1], r["date"]) for r in rows] == [
        ("dc-hai-duong", "data-centre", "2021"),
        ("ioc-hai-duong", "operations-centre", "2021"),
        ("soc-hai-duong", "security-operations-centre", "2021"),
    ]
    assert kg.ask(P + """ASK {
        programme:de-an-chinh-quyen-dien-tu-va-do-thi-thong-minh-hai-duong-2020-2025 a dtkg:Programme ;
            dct:temporal period:2020--2025 ; dct:spatial province:hai-duong }""")


def test_director_of_department_in_000_is_inferred_to_be_hai_duong(kg):
    rows = kg.select(P + """
        SELECT ?vi ?en WHERE { GRAPH <%s> {
          membership:nguyen-cao-thang--director--so-tttt-hai-duong
              org:member person:nguyen-cao-thang ; org:organization organisation:so-tttt-hai-duong ;
              org:role role:director .
          ?attestation prov:specializationOf membership:nguyen-cao-thang--director--so-tttt-hai-duong ;
              dtkg:isInferred true ; dtkg:inferenceNote ?vi , ?en .
          FILTER(lang(?vi) = "vi" && lang(?en) = "en")
        } }""" % G000)
    assert len(rows) == 1
    assert "Hải Dương" in rows[0]["vi"] and "Hải Dương" in rows[0]["en"]


def test_department_of_information_is_one_iri_in_both_articles(kg):
    rows = kg.select(P + """
        SELECT DISTINCT ?org WHERE {
          ?org skos:prefLabel "Sở Thông tin và Truyền thông tỉnh Hải Dương"@vi .
        }""")
    assert rows == [{"org": ID + "organisation/so-tttt-hai-duong"}]
    rows = kg.select(P + """
        SELECT ?person WHERE {
          GRAPH <%s> { ?m1 org:organization organisation:so-tttt-hai-duong ; org:member ?p1 }
          GRAPH <%s> { ?m2 org:organization organisation:so-tttt-hai-duong ; org:member ?p2 }
          BIND(CONCAT(STR(?p1), " ", STR(?p2)) AS ?person)
        }""" % (G000, G002))
    assert rows == [{"person": ID + "person/nguyen-cao-thang " + ID + "person/nguyen-van-nhat"}]
    assert kg.ask(P + "ASK { organisation:so-tttt-hai-duong org:unitOf organisation:ubnd-hai-duong }")


def test_unnamed_party_secretary_in_000_is_not_linked_to_a_person(kg):
    assert not kg.ask(P + "ASK { GRAPH <%s> { ?m org:role role:party-secretary } }" % G000)
    assert not kg.ask(P + "ASK { GRAPH <%s> { ?x ?p person:pham-xuan-thang } }" % G000)
    assert kg.ask(P + """ASK {
        event:hoi-nghi-lan-thu-7-ban-chap-hanh-dang-bo-tinh-hai-duong-khoa-xvii a schema:Event ;
            schema:organizer organisation:tinh-uy-hai-duong ; dtkg:isInferred true .
        FILTER NOT EXISTS { event:hoi-nghi-lan-thu-7-ban-chap-hanh-dang-bo-tinh-hai-duong-khoa-xvii schema:attendee ?a }
    }""")


def test_private_shopper_is_not_a_person(kg):
    assert not kg.ask(P + """ASK { ?p a foaf:Person ; foaf:name ?n . FILTER(CONTAINS(?n, "Nguyệt")) }""")
    rows = kg.select(P + """
        SELECT ?name WHERE { GRAPH <%s> { ?p a foaf:Person ; foaf:name ?name } } ORDER BY ?name""" % G000)
    assert [r["name"] for r in rows] == ["Hà Kiên", "Nguyễn Cao Thắng", "Đặng Thị Hải"]


def test_vietinbank_branch_director(kg):
    assert kg.ask(P + """ASK {
        ?m org:member person:dang-thi-hai ; org:role role:director ; org:organization organisation:vietinbank-hai-duong .
        organisation:vietinbank-hai-duong org:unitOf organisation:vietinbank .
        person:dang-thi-hai foaf:name "Đặng Thị Hải" .
    }""")


# ---------------------------------------------------------------- article 002: documents and targets


def test_resolution_of_26_march_2021_and_action_programme_02(kg):
    rows = kg.select(P + """
        SELECT ?date ?issuer ?programme ?number ?type WHERE {
          document:nghi-quyet-chuyen-doi-so-tinh-uy-hai-duong-2021 eli:date_document ?date ;
              eli:passed_by ?issuer ; eli:type_document doctype:resolution ; eli:based_on ?programme .
          ?programme eli:id_local ?number ; eli:type_document ?type .
        }""")
    assert rows == [{
        "date": "2021-03-26",
        "issuer": ID + "organisation/tinh-uy-hai-duong",
        "programme": ID + "document/chuong-trinh-hanh-dong-02-ctr-tu-hai-duong",
        "number": "02-CTr/TU",
        "type": VOCAB + "document-type/action-programme",
    }]
    assert kg.ask(P + """ASK {
        document:chuong-trinh-hanh-dong-02-ctr-tu-hai-duong eli:implements document:nghi-quyet-dai-hoi-dang-bo-tinh-hai-duong-lan-thu-xvii }""")


def test_targets_2025_set_by_the_resolution(kg):
    expected = {
        "dti-rank": (20, "le"),
        "level-4-online-services-multichannel-share": (80, "eq"),
        "online-work-records-share-provincial": (90, "eq"),
        "online-work-records-share-district": (80, "eq"),
        "online-work-records-share-commune": (70, "eq"),
        "digital-economy-share-of-grdp": (20, "eq"),
        "digital-technology-enterprises": (700, "gt"),
        "mobile-4g-5g-population-coverage-share": (100, "eq"),
        "smartphone-users-share-of-population": (100, "eq"),
        "e-payment-account-share-of-population": (50, "gt"),
    }
    rows = kg.select(P + """
        SELECT ?indicator ?value ?comparator WHERE {
          ?t a dtkg:Target ; dtkg:targetYear 2025 ; sdmx-dimension:refArea province:hai-duong ;
             dtkg:setBy document:nghi-quyet-chuyen-doi-so-tinh-uy-hai-duong-2021 ;
             dtkg:indicator ?indicator ; sdmx-measure:obsValue ?value ; dtkg:comparator ?comparator .
        }""")
    got = {r["indicator"].rsplit("/", 1)[-1]: (num(r["value"]), r["comparator"].rsplit("/", 1)[-1]) for r in rows}
    assert got == expected


def test_targets_2030_set_by_the_resolution(kg):
    expected = {
        "dti-rank": (15, "le"),
        "level-4-online-services-multichannel-share": (100, "eq"),
        "digital-economy-share-of-grdp": (30, "eq"),
        "labour-productivity-growth": (10, "ge"),
        "digital-technology-enterprises": (1000, "gt"),
        "smart-urban-areas-per-rural-district": (1, "ge"),
    }
    rows = kg.select(P + """
        SELECT ?indicator ?value ?comparator WHERE {
          ?t a dtkg:Target ; dtkg:targetYear 2030 ; sdmx-dimension:refArea province:hai-duong ;
             dtkg:setBy document:nghi-quyet-chuyen-doi-so-tinh-uy-hai-duong-2021 ;
             dtkg:indicator ?indicator ; sdmx-measure:obsValue ?value ; dtkg:comparator ?comparator .
        }""")
    got = {r["indicator"].rsplit("/", 1)[-1]: (num(r["value"]), r["comparator"].rsplit("/", 1)[-1]) for r in rows}
    assert got == expected


def test_dti_rank_targets_keep_denominator_and_inference(kg):
    for year, top in ((2025, 20), (2030, 15)):
        t = observation(kg, f"{ID}target/hai-duong--dti-rank--{year}")
        assert num(t["value"]) == top and t["outOf"] == "63" and t["year"] == str(year)
        assert t["comparator"] == VOCAB + "comparator/le"
        assert kg.ask(P + f"ASK {{ target:hai-duong--dti-rank--{year} dtkg:isInferred true }}")


def test_smart_city_targets_for_three_urban_units(kg):
    rows = kg.select(P + """
        SELECT ?name ?indicator ?year WHERE {
          ?t a dtkg:Target ; sdmx-dimension:refArea ?d ; dtkg:indicator ?indicator ; dtkg:targetYear ?year ;
             sdmx-measure:obsValue 1 ; dtkg:setBy document:nghi-quyet-chuyen-doi-so-tinh-uy-hai-duong-2021 .
          ?d a dtkg:District ; schema:containedInPlace province:hai-duong ; skos:prefLabel ?name .
          FILTER(lang(?name) = "vi")
        } ORDER BY ?year ?name""")
    got = [(r["year"], r["name"], r["indicator"].rsplit("/", 1)[-1]) for r in rows]
    assert got == [
        ("2025", "Thành phố Chí Linh", "smart-city-basically-built"),
        ("2025", "Thành phố Hải Dương", "smart-city-basically-built"),
        ("2025", "Thị xã Kinh Môn", "smart-city-basically-built"),
        ("2030", "Thành phố Chí Linh", "smart-city"),
        ("2030", "Thành phố Hải Dương", "smart-city"),
        ("2030", "Thị xã Kinh Môn", "smart-city"),
    ]


def test_2030_targets_are_for_the_pre_2025_province_replaced_by_hai_phong(kg):
    rows = kg.select(P + """
        SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE {
          ?t a dtkg:Target ; dtkg:targetYear 2030 ; sdmx-dimension:refArea province:hai-duong .
          province:hai-duong dct:isReplacedBy ?successor .
        }""")
    assert int(rows[0]["n"]) >= 7


def test_chair_aspirations_are_attributed_not_set_by_a_document(kg):
    rows = kg.select(P + """
        SELECT ?year ?indicator WHERE {
          ?t a dtkg:Target ; prov:wasAttributedTo person:trieu-the-hung ; dtkg:targetYear ?year ;
             dtkg:indicator ?indicator ; dtkg:isInferred true .
          FILTER NOT EXISTS { ?t dtkg:setBy ?d }
        } ORDER BY ?year""")
    assert [(r["year"], r["indicator"].rsplit("/", 1)[-1]) for r in rows] == [
        ("2025", "modern-oriented-industrial-province"),
        ("2030", "modern-industrial-province"),
    ]


# ---------------------------------------------------------------- article 002: platforms, events, firms


def test_lychee_sold_on_five_marketplaces_with_vnspost_as_written(kg):
    rows = kg.select(P + """
        SELECT ?label WHERE { GRAPH <%s> {
          ?d a dtkg:Deployment ; prov:used ?s ; prov:atLocation province:hai-duong ; adms:status status:in-use .
          ?s dct:type cat:ecommerce-marketplace ; skos:prefLabel ?label . FILTER(lang(?label) = "vi")
        } } ORDER BY ?label""" % G002)
    assert [r["label"] for r in rows] == ["Alibaba", "Lazada", "Sendo", "VNSpost", "Voso"]
    o = observation(kg, ID + "observation/hai-duong--ecommerce-marketplaces-selling-lychee")
    assert num(o["value"]) == 5
    # "VNSpost" is not merged with VNPost or Postmart
    assert not kg.ask(P + """ASK {
        { system:vnspost owl:sameAs|skos:exactMatch|skos:closeMatch ?x } UNION { ?x owl:sameAs|skos:exactMatch system:vnspost }
    }""")
    assert not kg.ask(P + """ASK { ?s skos:prefLabel|skos:altLabel ?l . FILTER(CONTAINS(STR(?l), "VNSpost. ")) }""")


def test_fpt_conference_early_2021_with_truong_gia_binh(kg):
    rows = kg.select(P + """
        SELECT ?date ?mode ?org WHERE {
          event:hoi-nghi-chuyen-doi-so-co-hoi-thach-thuc-2021 schema:startDate ?date ;
              schema:eventAttendanceMode ?mode ; schema:location province:hai-duong ;
              schema:attendee person:truong-gia-binh .
          ?m org:member person:truong-gia-binh ; org:role role:chair-of-corporation ; org:organization ?org .
        }""")
    assert rows == [{"date": "2021", "mode": "https://schema.org/OnlineEventAttendanceMode",
                     "org": ID + "organisation/fpt"}]


def test_foreign_affairs_portal_is_operational(kg):
    assert kg.ask(P + """ASK {
        deployment:cong-thong-tin-doi-ngoai-hai-duong--hai-duong prov:used system:cong-thong-tin-doi-ngoai-hai-duong ;
            prov:atLocation province:hai-duong ; adms:status status:operational .
        system:cong-thong-tin-doi-ngoai-hai-duong dct:type cat:information-portal ;
            skos:prefLabel "Cổng thông tin đối ngoại tỉnh Hải Dương"@vi .
    }""")


def test_power_company_99_percent_electronic_service(kg):
    o = observation(kg, ID + "observation/hai-duong--electricity-service-requests-online-share")
    assert num(o["value"]) == 99 and o["unit"] == "http://qudt.org/vocab/unit/PERCENT"
    rows = kg.select(P + """
        SELECT ?name WHERE {
          obs:hai-duong--electricity-service-requests-online-share dct:subject ?company .
          programme:de-an-chuyen-doi-so-dien-luc-hai-duong prov:wasAttributedTo ?company .
          ?company skos:prefLabel ?name . FILTER(lang(?name) = "vi")
        }""")
    assert rows == [{"name": "Công ty TNHH một thành viên Điện lực Hải Dương"}]


def test_enterprise_counts_and_ranks(kg):
    registered = observation(kg, ID + "observation/hai-duong--registered-enterprises")
    assert num(registered["value"]) == 14000
    active = observation(kg, ID + "observation/hai-duong--active-enterprises")
    assert num(active["value"]) == 9000 and active["qualifier"].endswith("/about")
    rank = observation(kg, ID + "observation/hai-duong--active-enterprises-rank")
    assert (num(rank["value"]), rank["outOf"]) == (13, "63")
    density = observation(kg, ID + "observation/hai-duong--enterprises-per-10000-population")
    assert num(density["value"]) == Decimal("47.5")
    density_rank = observation(kg, ID + "observation/hai-duong--enterprises-per-10000-population-rank")
    assert (num(density_rank["value"]), density_rank["outOf"]) == (19, "63")


def test_support_measures_include_half_of_digital_signature_costs(kg):
    rows = kg.select(P + """
        SELECT ?d WHERE { programme:ho-tro-doanh-nghiep-chuyen-doi-so-hai-duong a dtkg:Programme ;
            dct:spatial province:hai-duong ; skos:definition ?d . FILTER(lang(?d) = "vi") }""")
    assert len(rows) == 1 and "50% chi phí chứng thực chữ ký số" in rows[0]["d"]


@pytest.mark.parametrize("person, role, organisation", [
    ("pham-xuan-thang", "party-secretary", "tinh-uy-hai-duong"),
    ("trieu-the-hung", "chair-peoples-committee", "ubnd-hai-duong"),
    ("nguyen-van-nhat", "deputy-director", "so-tttt-hai-duong"),
    ("le-hong-dien", "director", "so-khdt-hai-duong"),
    ("nguyen-cao-thang", "director", "so-tttt-hai-duong"),
    ("dang-thi-hai", "director", "vietinbank-hai-duong"),
    ("truong-gia-binh", "chair-of-corporation", "fpt"),
])
def test_officials_and_their_posts(kg, person, role, organisation):
    assert kg.ask(P + f"""ASK {{
        membership:{person}--{role}--{organisation} a org:Membership ;
            org:member person:{person} ; org:role role:{role} ; org:organization organisation:{organisation} .
        person:{person} a foaf:Person ; foaf:name ?name .
    }}""")


def test_every_hai_duong_node_has_an_evidence_annotation(kg):
    rows = kg.select(P + """
        SELECT ?exact WHERE {
          ?a oa:hasBody target:hai-duong--digital-economy-share-of-grdp--2025 ;
             oa:hasTarget/oa:hasSelector ?s . ?s a oa:TextQuoteSelector ; oa:exact ?exact .
        }""")
    assert rows == [{"exact": "Kinh tế số chiếm 20% tổng sản phẩm trên địa bàn (GRDP)"}]
    traced = kg.select(P + """
        SELECT (COUNT(DISTINCT ?node) AS ?n) WHERE {
          VALUES ?g { <%s> <%s> } GRAPH ?g { ?node a ?type ; prov:wasDerivedFrom ?source . FILTER(isIRI(?node)) }
        }""" % (G000, G002))
    assert int(traced[0]["n"]) >= 120
    missing = kg.select(P + """
        SELECT ?node WHERE {
          VALUES ?g { <%s> <%s> }
          GRAPH ?g { ?node a ?type ; prov:wasDerivedFrom ?source . FILTER(isIRI(?node) && !CONTAINS(STR(?node), "#")) }
          FILTER NOT EXISTS { GRAPH ?g { ?a oa:hasBody/prov:specializationOf? ?node } }
        }""" % (G000, G002))
    assert missing == []
