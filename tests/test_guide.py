"""The curation guide (graph/facts/README.md) followed step by step, with its own commands, on a new
article in a copy of the sources and facts: draft, review, lint, build, validate."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from dtkg.graph.config import REPO_ROOT, settings
from dtkg.server.cli import main

GUIDE = (REPO_ROOT / "graph" / "facts" / "README.md").read_text(encoding="utf-8")
ARTICLE = """Hải Dương hoàn thiện hạ tầng số
Ông Nguyễn Cao Thắng, Giám đốc Sở Thông tin và Truyền thông Hải Dương cho biết, toàn tỉnh hiện có 3.000 trạm BTS.
"""


def test_every_test_file_the_guide_names_exists():
    named = set(re.findall(r"tests/[\w/]+\.py", GUIDE))
    assert named and all((REPO_ROOT / n).is_file() for n in named), named


@pytest.mark.parametrize("section", ["Reuse, do not re-describe", "Same post, new date", "English sources and restored diacritics",
                                     "Chair and theme of an event", "Steering committees", "“To date” claims", "Templates"])
def test_the_guide_has_each_rule_and_the_templates(section):
    assert f"### {section}" in GUIDE or f"## {section}" in GUIDE


def test_the_templates_parse_as_turtle():
    from rdflib import Graph

    block = GUIDE.split("## Templates", 1)[1].split("```turtle", 1)[1].split("```", 1)[0]
    prefixes = (settings().facts_dir / "_prefixes.ttl").read_text(encoding="utf-8")
    body = re.sub(r"^    dtkg:isInferred true ;\n.*\n", "", block.replace("…", "x"), flags=re.M)  # the fragment at the end
    body = re.sub(r"\{(\w+)\}", r"\1", body)
    Graph().parse(data=prefixes + body.replace('"x"^^xsd:gYear', '"2022"^^xsd:gYear').replace(" x ;", " 1 ;"), format="turtle")


def test_following_the_guide_adds_an_article(runner, tmp_path):
    sources, facts, dist = tmp_path / "sources", tmp_path / "facts", tmp_path / "dist"
    shutil.copytree(settings().sources_dir, sources)
    shutil.copytree(settings().facts_dir, facts)
    env = {"DTKG_SOURCES": str(sources), "DTKG_FACTS": str(facts), "DTKG_DIST": str(dist)}
    # 1. the text in the sources folder
    text = sources / "005_hai-duong-ha-tang-so.txt"
    text.write_text(ARTICLE, encoding="utf-8")
    # 2. draft the fact file
    drafted = runner.invoke(main, ["curate", "draft", str(text)], env=env)
    assert drafted.exit_code == 0, drafted.output
    fact = facts / "005-hai-duong-ha-tang-so.ttl"
    fact.write_text(drafted.output, encoding="utf-8")
    assert "#   person:nguyen-cao-thang" in drafted.output and "#   province:hai-duong" in drafted.output
    # 4 (before the review). lint names every node still marked as a draft
    linted = runner.invoke(main, ["curate", "lint", str(fact)], env=env)
    assert linted.exit_code == 1 and "is still marked as a draft" in linted.output
    # 3. review: the indicator the draft asks for, then the draft marks go
    reviewed = re.sub(r"(obs:hai-duong--draft-1 a qb:Observation ;\n)", r"\1    dtkg:indicator ind:bts-stations ;\n", drafted.output)
    reviewed = reviewed.replace("    dtkg:isDraft true ;\n", "").replace("obs:hai-duong--draft-1", "obs:hai-duong--bts-stations--005")
    assert "dtkg:isDraft" not in reviewed.split("dtkg:isDraft true. Check")[-1]
    fact.write_text(reviewed, encoding="utf-8")
    # 4. lint
    linted = runner.invoke(main, ["curate", "lint", str(fact)], env=env)
    assert linted.exit_code == 0, linted.output
    # 5. build and validate
    built = runner.invoke(main, ["build", "-q"], env=env)
    assert built.exit_code == 0, built.output
    validated = runner.invoke(main, ["validate"], env=env)
    assert validated.exit_code == 0, validated.output
    assert (dist / "dtkg.nq").read_text(encoding="utf-8").count("/graph/005>") > 0
