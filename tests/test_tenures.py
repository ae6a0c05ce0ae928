"""Tenures from attestations (issue 8): one membership per person × organisation × role, each article
a dated attestation of its own; the build derives the evidence window and dates org:holds/org:headOf."""
from __future__ import annotations

import pyoxigraph as ox
import pytest


from .conftest import KG
from .facts_support import ID, P
from .tenure_fixture import build_fixture

M = ID + "membership/"


@pytest.fixture(scope="module")
def two_articles(tmp_path_factory) -> KG:
    return KG(build_fixture(tmp_path_factory.mktemp("tenures")).dataset)


def test_one_person_in_two_posts_at_two_dates_gives_one_tenure_per_post(two_articles):
    rows = two_articles.select(P + """
        SELECT ?m ?role ?date ?source WHERE {
          ?m a org:Membership ; org:member person:nguyen-van-an ; org:role ?role .
          ?a prov:specializationOf ?m ; dtkg:attestedDate ?date ; prov:wasDerivedFrom ?source }
        ORDER BY ?date""")
    assert [(r["m"][len(M):], r["date"], r["source"].rsplit("/", 1)[-1]) for r in rows] == [
        ("nguyen-van-an--deputy-party-secretary--tinh-uy-thu", "2023", "100"),
        ("nguyen-van-an--party-secretary--tinh-uy-thu", "2024-05", "101"),
    ]


def test_the_window_runs_from_the_first_to_the_last_attested_day(two_articles):
    rows = two_articles.select(P + """
        SELECT ?from ?last WHERE { membership:nguyen-van-an--party-secretary--tinh-uy-thu
                                   dtkg:knownFrom ?from ; dtkg:lastAttested ?last }""")
    assert rows == [{"from": "2024-05-01", "last": "2024-05-31"}]


def test_a_later_holder_of_a_sole_holder_post_ends_the_earlier_window(two_articles):
    rows = two_articles.select(P + """
        SELECT ?until ?next WHERE { membership:tran-van-binh--party-secretary--tinh-uy-thu
                                    dtkg:knownUntil ?until ; dct:isReplacedBy ?next }""")
    assert rows == [{"until": "2024-05-01", "next": M + "nguyen-van-an--party-secretary--tinh-uy-thu"}]
    # a deputy is not a sole holder: no window end
    assert not two_articles.ask(P + "ASK { membership:nguyen-van-an--deputy-party-secretary--tinh-uy-thu dtkg:knownUntil ?d }")


def test_derived_holds_and_head_of_carry_the_time_they_are_known_for(two_articles):
    rows = two_articles.select(P + """
        SELECT ?p ?o ?from ?until WHERE {
          ?s a rdf:Statement ; rdf:subject person:tran-van-binh ; rdf:predicate ?p ; rdf:object ?o ;
             dtkg:knownFrom ?from ; dtkg:knownUntil ?until ;
             prov:wasDerivedFrom membership:tran-van-binh--party-secretary--tinh-uy-thu }
        ORDER BY ?p""")
    assert [(r["p"].rsplit("#", 1)[-1], r["o"].rsplit("/", 1)[-1], r["from"], r["until"]) for r in rows] == [
        ("headOf", "tinh-uy-thu", "2022-01-01", "2024-05-01"),
        ("holds", "tinh-uy-thu--party-secretary", "2022-01-01", "2024-05-01"),
    ]


def test_a_tenure_derives_from_the_articles_that_attest_it(two_articles):
    rows = two_articles.select(P + """
        SELECT ?source WHERE { membership:nguyen-van-an--party-secretary--tinh-uy-thu prov:wasDerivedFrom ?source }""")
    assert rows == [{"source": ID + "source/101"}]


@pytest.mark.parametrize("as_of, expected", [
    ("2019", {("tran-van-binh--party-secretary--tinh-uy-thu", "first-attested-after"),       # the post's earliest only
              ("nguyen-van-an--deputy-party-secretary--tinh-uy-thu", "first-attested-after")}),
    ("2022-07", {("tran-van-binh--party-secretary--tinh-uy-thu", "attested"),               # not yet An's tenure
                 ("nguyen-van-an--deputy-party-secretary--tinh-uy-thu", "first-attested-after")}),
    ("2024-03", {("tran-van-binh--party-secretary--tinh-uy-thu", "last-attested-before"),    # the window is still open
                 ("nguyen-van-an--deputy-party-secretary--tinh-uy-thu", "last-attested-before")}),
    ("2025", {("nguyen-van-an--party-secretary--tinh-uy-thu", "last-attested-before"),        # Bình's window is closed
              ("nguyen-van-an--deputy-party-secretary--tinh-uy-thu", "last-attested-before")}),
])
def test_as_of_on_the_fixture_named_query_and_network_agree(two_articles, as_of, expected):
    from dtkg.graph.catalogue import get
    from dtkg.graph.explore import Explorer
    from dtkg.graph.network import build_network, engine_select

    query = get("leaders-as-of")
    bindings = query.bindings({"of": "organisation:tinh-uy-thu", "asOf": as_of})
    named = {(r["membership"][len(M):], r["status"]) for r in two_articles.rows(query.text, bindings)}
    answer = Explorer(build_network(engine_select(two_articles.engine))).leaders("organisation:tinh-uy-thu", as_of)
    assert named == {(r["membership"][len(M):], r["status"]) for r in answer["rows"]} == expected
