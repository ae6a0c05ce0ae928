"""Each kind of SHACL constraint rejects a deliberately broken file with the expected message.

The cases are data (tests/shapes/*.ttl): each is a curated fact file, otherwise valid, whose header
says which message it must produce, for which node and with which severity.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from dtkg.graph.build import build_dataset
from dtkg.graph.config import Settings
from dtkg.graph.dist import validate_files

CASES = sorted(Path(__file__).parent.joinpath("shapes").glob("*.ttl"))


def header(path: Path) -> dict[str, str]:
    return dict(re.findall(r"^# (\w+): (.*)$", path.read_text(encoding="utf-8"), re.M))


@pytest.fixture(scope="module")
def settings(tmp_path_factory) -> Settings:
    """Reference data only: the cases are validated against provinces and vocabularies, quickly."""
    return Settings(facts_dir=tmp_path_factory.mktemp("nofacts"))


@pytest.fixture(scope="module")
def context(settings):
    """One build for all cases: each case replaces the same named graph (its source is src:test)."""
    return build_dataset(settings)


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_shape_case_reports_expected_message(case: Path, settings: Settings, context):
    expect = header(case)
    report = validate_files([case], settings, context=context)
    if expect["expect"] == "(conforms)":
        assert report.conforms and not report.results, report.text()
        return
    matching = [r for r in report.results
                if expect["expect"] in r.message_en and r.focus == expect["focus"] and r.severity == expect["severity"]]
    assert matching, f"expected «{expect['expect']}» on {expect['focus']}, got:\n{report.text()}"
    assert report.conforms == (expect["severity"] != "Violation")
    assert all(r.message_vi for r in matching), "every message is given in Vietnamese too"
    assert all(str(case) in " ".join(r.files) or case.name in " ".join(r.files) for r in matching)


def test_validate_cli_names_node_path_message_and_file(runner, tmp_path):
    from dtkg.server.cli import main

    result = runner.invoke(main, ["validate", str(Path(__file__).parent / "shapes" / "membership-no-role.ttl")])
    assert result.exit_code == 1
    assert "Violation: <https://w3id.org/vn-dtkg/id/membership/test> org:role" in result.output
    assert "A membership has exactly one role" in result.output
    assert "Một membership có đúng một chức vụ" in result.output
    assert "membership-no-role.ttl" in result.output


def test_quote_not_in_text_fails_with_file_and_line(runner, tmp_path):
    from dtkg.server.cli import main

    bad = tmp_path / "bad-quote.ttl"
    text = (Path(__file__).parent / "shapes" / "ok.ttl").read_text(encoding="utf-8")
    bad.write_text(text.replace('dtkg:quote "tốc độ tăng trưởng GRDP đạt 8,6%"', 'dtkg:quote "câu không có trong bài"'), encoding="utf-8")
    line = next(i for i, l in enumerate(bad.read_text(encoding="utf-8").splitlines(), 1) if "câu không có" in l)
    result = runner.invoke(main, ["validate", str(bad)])
    assert result.exit_code == 2
    assert f"{bad}:{line}: quote not found in 000_c59a6f513280f835.txt" in result.output


def test_turtle_syntax_error_names_file_and_line(runner, tmp_path):
    from dtkg.server.cli import main

    bad = tmp_path / "broken.ttl"
    bad.write_text('@prefix a: <http://x/> .\na:b a:c a:d .\na:e a:f "unterminated .\n', encoding="utf-8")
    result = runner.invoke(main, ["validate", str(bad)])
    assert result.exit_code == 2
    assert f"{bad}:3: Turtle syntax error" in result.output
