"""Data flows one way: sources → graph → store → queries/server. graph/ never imports server/."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            out.add(node.module)
    return out


def test_graph_never_imports_server():
    offenders = {p.name: sorted(i for i in imports(p) if i.startswith(("dtkg.server", "server", "flask")))
                 for p in (ROOT / "graph").glob("*.py")}
    assert not any(offenders.values()), offenders


def test_modules_stay_small():
    big = {str(p.relative_to(ROOT)): n for p in [*ROOT.glob("graph/*.py"), *ROOT.glob("server/*.py")]
           if (n := len(p.read_text(encoding="utf-8").splitlines())) > 450}
    assert not big, big
