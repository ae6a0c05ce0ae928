"""The corrections of the audit of the curated facts (issue 11), each as the test that would have
caught it, checked on the built graph (default graph = union of the named graphs)."""
from __future__ import annotations

import re

import pytest

from dtkg.graph.config import settings
from tests.facts_support import ID, VOCAB, P

SOURCES = settings().sources_dir


def article(number: str) -> str:
    return next(SOURCES.glob(f"{number}_*.txt")).read_text(encoding="utf-8")


def inferred_with_note(kg, iri: str) -> bool:
    return kg.ask(P + f"""ASK {{ <{iri}> dtkg:isInferred true ;
        dtkg:inferenceNote ?vi , ?en . FILTER(lang(?vi) = "vi" && lang(?en) = "en") }}""")


@pytest.mark.parametrize("iri", [
    ID + "document/quyet-dinh-749-qd-ttg-2020",                      # "/QĐ-TTg" completed
    ID + "document/quyet-dinh-505-qd-ttg-2022",                      # "/QĐ-TTg" completed
    ID + "observation/hau-giang--ecommerce-transactions--2022-09-30",   # year of "cuối tháng 9"
    ID + "observation/hau-giang--ecommerce-revenue--2022-09-30",
    ID + "observation/hau-giang--chau-thanh-a--training-participants--2025-04",  # month of "vừa"
    ID + "target/ba-ria-vung-tau--e-payment-account-share-of-adults--2022",      # year of the 90 %
])
def test_inferences_the_audit_found_are_flagged(kg, iri):
    assert inferred_with_note(kg, iri), iri


def test_ho_thu_anh_province_is_flagged_as_inferred(kg):
    """Article 003 writes "UBND tỉnh" without the province: its attestation says it is an inference."""
    assert inferred_with_note(kg, ID + "attestation/ho-thu-anh--vice-chair-peoples-committee--ubnd-hau-giang--003")


def test_document_numbers_the_articles_do_not_write_in_full_are_flagged(kg):
    """Any eli:id_local absent from its article's text is a completion and must be flagged."""
    rows = kg.select(P + """SELECT ?doc ?number ?local WHERE { ?doc eli:id_local ?number ;
        prov:wasDerivedFrom ?src . ?src dtkg:localCopy ?local . FILTER(STRSTARTS(?local, "00")) }""")
    unflagged = [r["doc"] for r in rows
                 if r["number"] not in article(r["local"][:3]) and not inferred_with_note(kg, r["doc"])]
    assert rows and not unflagged, unflagged


def test_the_power_company_has_only_names_article_002_writes(kg):
    """«EVN Hải Dương» was an alias the article never writes (it names no parent company)."""
    labels = {r["l"] for r in kg.select(P + """SELECT ?l WHERE {
        organisation:dien-luc-hai-duong skos:prefLabel|skos:altLabel ?l FILTER(lang(?l) = "vi") }""")}
    assert labels and all(label in article("002") for label in labels), labels


@pytest.mark.parametrize("system", ["so-tay-theo-doi-san-xuat-trong-trot", "nen-tang-luu-tru-truc-tuyen-ba-ria-vung-tau"])
def test_article_004_plans_for_2022_are_planned_not_in_use(kg, system):
    rows = kg.select(P + f"""SELECT ?status ?date WHERE {{ ?d prov:used system:{system} ; adms:status ?status ;
                             dtkg:attestedDate ?date }}""")
    assert rows == [{"status": VOCAB + "deployment-status/planned", "date": "2022"}]


NOT_MINISTRIES = {
    "thu-tuong-chinh-phu": "head-of-government", "chinh-phu": "government", "quoc-hoi": "legislature",
    "uy-ban-thuong-vu-quoc-hoi": "legislature", "tong-cuc-thong-ke": "government-agency",
    "ngan-hang-nha-nuoc": "central-bank",
}


def test_only_ministries_are_typed_as_ministries(kg):
    rows = kg.select(P + "SELECT ?o WHERE { ?o org:classification otype:ministry }")
    assert {r["o"].rsplit("/", 1)[-1] for r in rows} == {"bo-tttt", "bo-gtvt"}
    for org, kind in NOT_MINISTRIES.items():
        got = {r["k"] for r in kg.select(P + f"SELECT ?k WHERE {{ organisation:{org} org:classification ?k }}")}
        assert got == {VOCAB + "organisation-type/" + kind}, (org, got)


def test_every_attested_post_in_article_000_carries_a_year_like_its_siblings(kg):
    """Dates are on the attestations (one per article, issue 8), not on the tenure."""
    rows = kg.select(P + """SELECT ?date WHERE { ?a prov:specializationOf
        membership:nguyen-cao-thang--director--so-tttt-hai-duong ; dtkg:attestedDate ?date }""")
    assert rows == [{"date": "2021"}]
    siblings = kg.select(P + """SELECT DISTINCT ?date WHERE { ?m org:organization/schema:areaServed province:hai-duong ;
        a org:Membership . ?a prov:specializationOf ?m ; prov:wasDerivedFrom <https://w3id.org/vn-dtkg/id/source/000> ; dtkg:attestedDate ?date }""")
    assert {r["date"] for r in siblings} == {"2021"}


def test_viettel_post_is_part_of_viettel(kg):
    assert kg.ask(P + "ASK { organisation:viettel-post org:subOrganizationOf organisation:viettel }")
    assert inferred_with_note(kg, ID + "organisation/viettel-post")


def test_decision_505_is_linked_to_the_national_programme(kg):
    assert kg.ask(P + "ASK { document:quyet-dinh-505-qd-ttg-2022 dct:relation programme:chuyen-doi-so-quoc-gia }")


@pytest.mark.parametrize("system, provider", [
    ("voso", "viettel-post"), ("postmart", "vnpost"), ("viettel-money", "viettel"),
    ("cong-thong-tin-dien-tu-chuyen-doi-so-quoc-gia", "bo-tttt"),
])
def test_platforms_have_the_provider_the_articles_name(kg, system, provider):
    assert kg.ask(P + f"ASK {{ system:{system} schema:provider organisation:{provider} }}")
    assert inferred_with_note(kg, ID + f"system/{system}")


def test_the_breakthrough_statement_of_article_003_is_modelled(kg):
    rows = kg.select(P + """SELECT ?period WHERE { programme:dot-pha-chuyen-doi-so-hau-giang-2021-2025
        a dtkg:Programme ; dct:spatial province:hau-giang ; dct:temporal ?period }""")
    assert rows == [{"period": ID + "period/2021--2025"}]


LEFT_OUT = settings().facts_dir / "left-out.md"


def left_out_rows() -> list[tuple[str, str, str]]:
    rows = [line.split(" | ") for line in LEFT_OUT.read_text(encoding="utf-8").splitlines() if re.match(r"\| 00\d \|", line)]
    return [(r[0].strip("| "), r[1].strip(), r[2].strip("| ")) for r in rows]


def test_left_out_statements_are_quoted_exactly_from_their_article():
    rows = left_out_rows()
    assert len(rows) >= 20
    for number, statement, reason in rows:
        assert statement in article(number), (number, statement)
        assert re.split(r"[: ]", reason)[0] in {"opinion", "generic", "product", "private", "unnamed", "truncated"}, reason


@pytest.mark.parametrize("number, words", [
    ("001", "ưu tiên cho chuyển đổi số trong các ngành, lĩnh vực trọng điểm"),
    ("001", "chi trả qua tài khoản"),
    ("003", "điện thoại thông minh cho bí thư - trưởng ấp"),
])
def test_statements_the_audit_found_unaccounted_are_listed(number, words):
    assert any(n == number and words in s for n, s, _ in left_out_rows()), words


def test_readme_points_to_the_left_out_list():
    readme = (settings().facts_dir.parent.parent / "README.md").read_text(encoding="utf-8")
    assert "graph/facts/left-out.md" in readme
