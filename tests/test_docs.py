"""The README keeps up with the code: the CLI reference is generated, every named query is listed."""
from __future__ import annotations

import importlib.util
from pathlib import Path

from dtkg.graph import catalogue

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def cli_reference():
    spec = importlib.util.spec_from_file_location("cli_reference", ROOT / "scripts" / "cli_reference.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_cli_reference_is_current():
    module = cli_reference()
    assert module.current() == module.reference(), "run: .venv/bin/python scripts/cli_reference.py --write"


def test_every_named_query_is_in_the_readme():
    missing = [name for name in catalogue.load_catalogue() if f"`{name}`" not in README]
    assert not missing, missing


def test_the_two_setup_commands_are_the_ones_ci_runs():
    assert "make serve" in README and "make test" in README
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
