"""`dtkg curate draft` (issue 11): a draft fact file whose every node is marked as a draft and quotes
the article exactly; existing entities linked, not re-created; the patterns of official writing;
English sources; and the measured precision and recall kept from falling."""
from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib import Graph, Literal, URIRef

from dtkg.graph import draft_patterns as pat
from dtkg.graph.config import settings
from dtkg.graph.dist import union_graph
from dtkg.graph.draft import draft_text
from dtkg.graph.draft_score import score_seed_articles
from dtkg.graph.namespaces import DTKG, ID, ORG, PROV
from dtkg.server.cli import main

PREFIXES = (settings().facts_dir / "_prefixes.ttl").read_text(encoding="utf-8")
SOURCES = settings().sources_dir


@pytest.fixture(scope="module")
def context(built) -> Graph:
    return union_graph(built)


def article(number: str) -> tuple[str, str]:
    path = next(SOURCES.glob(f"{number}_*.txt"))
    return path.read_text(encoding="utf-8"), path.name


def parsed(turtle: str) -> Graph:
    return Graph().parse(data=turtle, format="turtle")


@pytest.mark.parametrize("number", ["000", "001", "002", "003", "004"])
def test_every_draft_quote_is_an_exact_substring_and_every_node_a_draft(context, number):
    text, name = article(number)
    turtle, _ = draft_text(text, name, context, PREFIXES)
    g = parsed(turtle)
    quotes = [str(q) for q in g.objects(None, DTKG.quote)]
    assert quotes and all(q in text for q in quotes), [q for q in quotes if q not in text][:3]
    described = {s for s in g.subjects() if isinstance(s, URIRef)}
    assert described and all((s, DTKG.isDraft, Literal(True)) in g for s in described)


def test_existing_province_organisation_and_person_are_linked_not_recreated(context):
    text, name = article("003")
    turtle, drafter = draft_text(text, name, context, PREFIXES)
    g = parsed(turtle)
    described = set(g.subjects())
    for iri in ("province/hau-giang", "organisation/ubnd-hau-giang", "person/ho-thu-anh"):
        assert URIRef(ID + iri) not in described, iri
        assert f"#   {iri.replace('/', ':', 1)}" in turtle, iri
    # her post is already attested too: listed for a new attestation, not described again
    assert "#   membership:ho-thu-anh--vice-chair-peoples-committee--ubnd-hau-giang" in turtle


def test_a_new_post_is_an_attestation_at_the_articles_date(context):
    text = "Thứ Hai, ngày 10/10/2022 | 07:33\nBà Hồ Thu Ánh, Phó Chủ tịch UBND tỉnh Hậu Giang, Trưởng phòng Kế hoạch cho biết."
    g = parsed(draft_text(text, "005_test.txt", context, PREFIXES)[0])
    [membership] = g.subjects(ORG.role, URIRef("https://w3id.org/vn-dtkg/vocab/role/head-of-division"))
    assert (membership, ORG.member, URIRef(ID + "person/ho-thu-anh")) in g
    assert g.value(membership, DTKG.attestedDate) is None  # the tenure has no date: its attestations do
    [attestation] = g.subjects(PROV.specializationOf, membership)
    assert str(g.value(attestation, DTKG.attestedDate)) == "2022-10-10"
    assert str(attestation).endswith("--005") and g.value(attestation, DTKG.quote) is not None


def test_source_is_described_only_as_the_text_states(context):
    text, name = article("003")
    g = parsed(draft_text(text, name, context, PREFIXES)[0])
    src = URIRef(ID + "source/003")
    assert str(g.value(src, URIRef("https://schema.org/datePublished"))) == "2022-10-10T07:33:00"
    text, name = article("001")
    g = parsed(draft_text(text, name, context, PREFIXES)[0])
    assert g.value(URIRef(ID + "source/001"), URIRef("https://schema.org/datePublished")) is None
    assert len(set(g.objects(URIRef(ID + "source/001"), DTKG.datePrecisionNote))) == 2


@pytest.mark.parametrize("phrase, number, kind, date, issuer", [
    ("Nghị quyết số 52-NQ/TW ngày 27/9/2019", "52-NQ/TW", "resolution", "2019-09-27", "Ban Chấp hành Trung ương"),
    ("Quyết định số 749/QĐ-TTg", "749/QĐ-TTg", "decision", None, "Thủ tướng Chính phủ"),
    ("Kế hoạch số 370/KH-UBND ngày 08/12/2021", "370/KH-UBND", "plan", "2021-12-08", "Ủy ban nhân dân tỉnh"),
    ("Thông tư 05/2022/TT-BNNPTNT ngày 25 tháng 7 năm 2022", "05/2022/TT-BNNPTNT", "circular", "2022-07-25",
     "Bộ Nông nghiệp và Phát triển nông thôn"),
    ("Nghị quyết số 06-NQ/TU ngày 10/11/2021 của Ban Thường vụ Tỉnh ủy", "06-NQ/TU", "resolution", "2021-11-10",
     "Ban Thường vụ Tỉnh ủy"),
    ("Resolution No. 52-NQ/TW of 27 September 2019", "52-NQ/TW", "resolution", "2019-09-27", "Ban Chấp hành Trung ương"),
])
def test_documents_in_official_writing(phrase, number, kind, date, issuer):
    [m] = pat.documents(phrase)
    assert (m.data["number"], m.data["type"], m.data.get("date")) == (number, kind, date)
    assert (m.data.get("issuer") or m.data.get("issuer_from_number")) == issuer


def test_links_between_documents(context):
    text, name = article("003")
    g = parsed(draft_text(text, name, Graph(), PREFIXES)[0])  # no context: every document is new
    based = {(str(s).rsplit("/", 1)[1], str(o).rsplit("/", 1)[1]) for s, o in g.subject_objects(URIRef(
        "http://data.europa.eu/eli/ontology#based_on"))}
    assert ("quyet-dinh-749-2020", "nghi-quyet-52-nq-tw-2019") in based
    approved = list(g.subject_objects(DTKG.approvedBy))
    assert approved and str(approved[0][1]).endswith("quyet-dinh-749-2020")
    text, name = article("002")
    g = parsed(draft_text(text, name, Graph(), PREFIXES)[0])
    assert list(g.subject_objects(URIRef("http://data.europa.eu/eli/ontology#implements")))


def test_two_posts_in_one_phrase_are_two_attestations():
    found = pat.posts("Ông Nguyễn Văn Thọ, Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh cho biết")
    assert [(m.data["name"], m.data["role"], m.data["organisation"]) for m in found] == [
        ("Nguyễn Văn Thọ", "deputy-party-secretary", "Tỉnh ủy"), ("Nguyễn Văn Thọ", "chair-peoples-committee", "UBND tỉnh")]
    [after] = pat.posts("Bí thư Tỉnh ủy Hải Dương Phạm Xuân Thăng khẳng định")
    assert (after.data["name"], after.data["organisation"]) == ("Phạm Xuân Thăng", "Tỉnh ủy Hải Dương")


@pytest.mark.parametrize("phrase, value, unit, qualifier", [
    ("đã phát hành gần 3 triệu thẻ ngân hàng", Decimal(3_000_000), "NUM", "nearly"),
    ("tăng 15% so với cuối năm 2020", Decimal(15), "PERCENT", "exact"),
    ("phủ sóng mạng di động 4G trở lên đạt 99,8%", Decimal("99.8"), "PERCENT", "exact"),
    ("trên 71.400 hộ sản xuất nông nghiệp", Decimal(71400), "NUM", "more-than"),
    ("gần 3 tỉ đồng", Decimal(3_000_000_000), "CCY_VND", "nearly"),
    ("hàng nghìn hồ sơ", Decimal(1000), "NUM", "at-least"),
])
def test_figures_with_value_unit_and_hedge(phrase, value, unit, qualifier):
    m = pat.figures(phrase)[-1]
    assert (m.data["value"], m.data["unit"], m.data["qualifier"]) == (value, unit, qualifier)


def test_targets_with_year_and_comparator():
    [m] = pat.figures("Đặt mục tiêu đến năm 2025, tỷ trọng kinh tế số của Quảng Ninh đạt ít nhất 20% GRDP")
    assert (m.data["target_year"], m.data["comparator"], m.data["value"]) == (2025, "ge", Decimal(20))
    [rank] = pat.figures("tỉnh Hậu Giang đứng thứ hạng 17/63 tỉnh")
    assert (rank.data["value"], rank.data["out_of"]) == (17, 63)


def test_an_english_source_is_linked_by_names_without_diacritics(context):
    text = ("Mr Trieu The Hung, Chairman of the Hai Duong Provincial People's Committee, said the province "
            "follows Resolution No. 52-NQ/TW. Hai Duong has more than 700 digital technology enterprises.")
    turtle, drafter = draft_text(text, "005_english.txt", context, PREFIXES)
    g = parsed(turtle)
    assert "#   membership:trieu-the-hung--chair-peoples-committee--ubnd-hai-duong" in turtle
    assert "#   document:nghi-quyet-52-nq-tw-2019" in turtle and "#   province:hai-duong" in turtle
    assert URIRef(ID + "person/trieu-the-hung") not in set(g.subjects())


def test_cli_prints_a_draft_that_parses(runner, tmp_path):
    path = tmp_path / "006_test.txt"
    path.write_text("Ông Nguyễn Cao Thắng, Giám đốc Sở Thông tin và Truyền thông Hải Dương cho biết 65% hộ gia đình "
                    "dùng internet băng rộng.\n", encoding="utf-8")
    result = runner.invoke(main, ["curate", "draft", str(path)])
    assert result.exit_code == 0, result.output
    assert (None, DTKG.isDraft, Literal(True)) in parsed(result.output)
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe not utf-8")
    assert runner.invoke(main, ["curate", "draft", str(bad)]).exit_code == 2


# Measured with `dtkg curate measure` (README, "Curating"); a change that lowers them fails here.
FLOORS = {"documents": (0.90, 0.95), "posts": (0.90, 0.90), "figures": (0.85, 0.80), "platforms": (0.75, 0.75)}


def test_precision_and_recall_per_kind_do_not_fall(built):
    scores = score_seed_articles(built, SOURCES)
    for kind, (precision, recall) in FLOORS.items():
        assert scores[kind].precision >= precision, (kind, scores[kind])
        assert scores[kind].recall >= recall, (kind, scores[kind])
