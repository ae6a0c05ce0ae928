"""Print the CLI reference (every command's --help) as the README's markdown section.

    .venv/bin/python scripts/cli_reference.py --write   # rewrite the section in README.md
tests/test_docs.py fails when README.md and this output differ.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

from click.testing import CliRunner

from dtkg.server.cli import main

START, END = "<!-- cli:start -->", "<!-- cli:end -->"
README = Path(__file__).resolve().parents[1] / "README.md"


def reference() -> str:
    runner = CliRunner()
    parts = [START, "", "```text", runner.invoke(main, ["--help"], prog_name="dtkg", terminal_width=100).output.rstrip(), "```"]
    for name in sorted(main.commands):
        out = runner.invoke(main, [name, "--help"], prog_name="dtkg", terminal_width=100).output.rstrip()
        parts += ["", f"### `dtkg {name}`", "", "```text", out, "```"]
        for sub in sorted(getattr(main.commands[name], "commands", {})):  # a group's own commands
            out = runner.invoke(main, [name, sub, "--help"], prog_name="dtkg", terminal_width=100).output.rstrip()
            parts += ["", f"### `dtkg {name} {sub}`", "", "```text", out, "```"]
    return "\n".join(parts + ["", END])


def current() -> str:
    text = README.read_text(encoding="utf-8")
    m = re.search(re.escape(START) + ".*?" + re.escape(END), text, re.S)
    return m.group(0) if m else ""


if __name__ == "__main__":
    if "--write" in sys.argv:
        text = README.read_text(encoding="utf-8")
        README.write_text(text.replace(current(), reference()) if current() else text + "\n" + reference() + "\n", encoding="utf-8")
    else:
        print(reference())
