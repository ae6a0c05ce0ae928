"""`dtkg curate lint` (issue 11): each mistake a new curator made is named with file:line and what to
do instead; `dtkg build` refuses the file and `dtkg validate` reports it."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from dtkg.graph.config import Settings, settings
from dtkg.graph.dist import build_to_dist, validate_files
from dtkg.graph.lint import LintFailed
from dtkg.server.cli import main

PREFIXES = (settings().facts_dir / "_prefixes.ttl").read_text(encoding="utf-8")
SOURCE = '''
src:005 a schema:NewsArticle ; dtkg:localCopy "000_c59a6f513280f835.txt" ;
    dtkg:quote "HÀ KIÊN" .
'''


def fact_file(tmp_path: Path, body: str, name: str = "005-draft.ttl") -> Path:
    path = tmp_path / name
    path.write_text(PREFIXES + SOURCE + body, encoding="utf-8")
    return path


def line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def lint(runner, path: Path):
    return runner.invoke(main, ["curate", "lint", str(path)])


def test_the_curated_facts_lint_clean(runner):
    files = sorted(str(p) for p in settings().facts_dir.glob("[0-9]*.ttl"))
    result = runner.invoke(main, ["curate", "lint", *files])
    assert result.exit_code == 0, result.output


def test_a_dangling_link_names_file_line_and_the_closest_iris(runner, tmp_path):
    path = fact_file(tmp_path, '''
deployment:voso--hai-duong-2 a dtkg:Deployment ;
    prov:used system:voso ;
    prov:atLocation province:hai-duongg ;
    adms:status status:in-use ;
    dtkg:quote "HÀ KIÊN" .
''')
    result = lint(runner, path)
    assert result.exit_code == 1
    line = line_of(path, "province:hai-duongg")
    assert f"{path}:{line}: province:hai-duongg is described nowhere; closest existing: province:hai-duong" in result.output


def test_same_post_new_date_says_to_add_an_attestation(runner, tmp_path):
    path = fact_file(tmp_path, '''
membership:nguyen-cao-thang--director--so-tttt-hai-duong a org:Membership ;
    dtkg:attestedDate "2023"^^xsd:gYear ;
    dtkg:quote "Ông Nguyễn Cao Thắng, Giám đốc Sở Thông tin và Truyền thông" .
''')
    result = lint(runner, path)
    assert result.exit_code == 1
    message = next(l for l in result.output.splitlines() if "same post at a new date" in l)
    assert message.startswith(f"{path}:{line_of(path, '2023')}:")
    assert "2021 at 000-hai-duong-but-pha-so.ttl:" in message and "2023 at 005-draft.ttl:" in message
    assert "new attestation" in message
    assert "at most 1" not in result.output  # no second, misleading cardinality message


def test_a_cardinality_error_names_the_values_and_their_lines(runner, tmp_path):
    path = fact_file(tmp_path, '''
person:test-person a foaf:Person , schema:Person ; foaf:name "Test Person" ;
    skos:prefLabel "Test Person"@vi ; dtkg:quote "HÀ KIÊN" .
membership:test-person--director--vietinbank-hai-duong a org:Membership ;
    org:member person:test-person ;
    org:organization organisation:vietinbank-hai-duong ;
    org:role role:director ,
             role:deputy-director ;
    dtkg:quote "HÀ KIÊN" .
''')
    result = lint(runner, path)
    assert result.exit_code == 1
    first, second = line_of(path, "role:director ,"), line_of(path, "role:deputy-director ;")
    assert (f"has 2 values of org:role where at most 1 is allowed: role:deputy-director at 005-draft.ttl:{second}, "
            f"role:director at 005-draft.ttl:{first}") in result.output


def test_a_type_mismatch_says_what_was_expected_and_found(runner, tmp_path):
    path = fact_file(tmp_path, '''
membership:ubnd--director--vietinbank-hai-duong a org:Membership ;
    org:member organisation:ubnd-hai-duong ;
    org:organization organisation:vietinbank-hai-duong ;
    org:role role:director ;
    dtkg:quote "HÀ KIÊN" .
''')
    result = lint(runner, path)
    line = line_of(path, "org:member organisation:ubnd-hai-duong")
    assert (f"{path}:{line}: membership:ubnd--director--vietinbank-hai-duong org:member expects a foaf:Person, "
            "found organisation:ubnd-hai-duong typed org:FormalOrganization") in result.output


def test_an_unreadable_file_exits_2_with_one_sentence(runner, tmp_path):
    path = tmp_path / "broken.ttl"
    path.write_text("this is not turtle .", encoding="utf-8")
    result = lint(runner, path)
    assert result.exit_code == 2
    assert re.search(r"broken\.ttl:1: Turtle syntax error", result.output) and "Traceback" not in result.output


def copy_facts(tmp_path: Path) -> Settings:
    facts = tmp_path / "facts"
    shutil.copytree(settings().facts_dir, facts)
    return Settings(facts_dir=facts, dist_dir=tmp_path / "dist")


def test_build_refuses_a_dangling_link(tmp_path):
    config = copy_facts(tmp_path)
    path = fact_file(config.facts_dir, '''
system:test-app a dtkg:DigitalSystem ; dct:type cat:citizen-app ;
    skos:prefLabel "Test"@vi , "Test"@en ; schema:provider organisation:vietinbank-hai-duongg ;
    dtkg:quote "HÀ KIÊN" .
''')
    with pytest.raises(LintFailed) as err:
        build_to_dist(config)
    assert f"{path}:{line_of(path, 'hai-duongg')}: organisation:vietinbank-hai-duongg is described nowhere" in str(err.value)
    assert not (tmp_path / "dist" / "dtkg.nq").exists()


def test_validate_reports_lint_problems_and_does_not_conform(tmp_path):
    path = fact_file(tmp_path, '''
deployment:voso--hai-duong-3 a dtkg:Deployment ; prov:used system:vosoo ;
    prov:atLocation province:hai-duong ; adms:status status:in-use ; dtkg:quote "HÀ KIÊN" .
''')
    report = validate_files([path], settings())
    assert not report.conforms
    assert any("system:vosoo is described nowhere; closest existing: system:voso" in p for p in report.lint)
    assert report.as_json()["lint"] == report.lint
