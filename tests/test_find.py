"""`dtkg find` (issue 11): existing entities by label, with or without diacritics, vi or en, with the
CURIE the fact files write, their types and exact labels."""
from __future__ import annotations

import json

import pytest

from dtkg.graph.dist import union_graph
from dtkg.graph.find import LabelIndex
from dtkg.server.cli import main


@pytest.fixture(scope="module")
def index(built) -> LabelIndex:
    return LabelIndex.from_graph(union_graph(built))


def test_cli_find_hai_duong_lists_the_province_first(runner):
    result = runner.invoke(main, ["find", "hai duong"])
    assert result.exit_code == 0
    first = result.output.splitlines()[0].split("\t")
    assert first[0] == "province:hai-duong" and "dtkg:Province" in first[1] and "Hải Dương" in first[2].split(" | ")


@pytest.mark.parametrize("text, expected", [
    ("Hải Dương", "province:hai-duong"),
    ("HAI DUONG", "province:hai-duong"),
    ("vo so", "system:voso"),
    ("Vỏ sò", "system:voso"),
    ("Ministry of Information and Communications", "organisation:bo-tttt"),
    ("Nguyen Cao Thang", "person:nguyen-cao-thang"),
    ("UBND tinh Hau Giang", "organisation:ubnd-hau-giang"),
    ("Ba Ria - Vung Tau", "province:ba-ria-vung-tau"),
    ("Nghị quyết 52-NQ/TW", "document:nghi-quyet-52-nq-tw-2019"),
])
def test_labels_match_with_or_without_diacritics_in_either_language(index, text, expected):
    assert index.find(text, 1)[0].curie == expected


def test_a_match_carries_types_and_exact_labels(index):
    match = index.find("Viettel Post", 1)[0]
    assert match.curie == "organisation:viettel-post" and "org:FormalOrganization" in match.types
    assert match.labels[0] == "Viettel Post"


def test_facts_are_not_offered_for_reuse(index):
    kinds = {m.curie.split(":")[0] for m in index.find("hau giang", 50)}
    assert not kinds & {"obs", "target", "deployment", "membership", "evidence"}


def test_json_output_and_exit_codes(runner):
    result = runner.invoke(main, ["find", "postmart", "--format", "json", "--kind", "system"])
    assert result.exit_code == 0
    rows = json.loads(result.output)
    assert rows[0]["curie"] == "system:postmart" and rows[0]["iri"].endswith("/id/system/postmart")
    assert runner.invoke(main, ["find", "qqqzzzxx"]).exit_code == 1
    empty = runner.invoke(main, ["find", " – "])
    assert empty.exit_code == 2 and "Traceback" not in empty.output
