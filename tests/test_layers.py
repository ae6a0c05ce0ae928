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
    offenders = {str(p.relative_to(ROOT)): sorted(i for i in imports(p) if i.startswith(("dtkg.server", "server", "flask")))
                 for p in (ROOT / "graph").rglob("*.py")}
    assert not any(offenders.values()), offenders


def test_the_engine_knows_no_http_server_and_no_build():
    """graph/engine runs queries; it neither serves HTTP nor builds the dataset (the CLI does)."""
    http = ("flask", "werkzeug", "gunicorn", "dtkg.server", "http.server", "wsgiref")
    build = ("dtkg.graph.build", "dtkg.graph.dist", "dtkg.graph.validate", "rdflib")
    offenders = {p.name: sorted(i for i in imports(p) if i.startswith(http + build)
                                or i.lstrip(".").startswith(("build", "dist", "validate")) and i.startswith(".."))
                 for p in (ROOT / "graph" / "engine").glob("*.py")}
    assert not any(offenders.values()), offenders


def test_queries_run_only_through_the_engine():
    """Only graph/engine evaluates SPARQL on a pyoxigraph store (`.query(` on a Store) in the product code."""
    import re

    direct = re.compile(r"use_default_graph_as_union|substitutions=")
    offenders = [str(p.relative_to(ROOT)) for p in [*ROOT.glob("graph/*.py"), *ROOT.glob("server/*.py")]
                 if direct.search(p.read_text(encoding="utf-8"))]
    assert not offenders, offenders


def test_modules_stay_small():
    big = {str(p.relative_to(ROOT)): n for p in [*ROOT.glob("graph/*.py"), *ROOT.glob("server/*.py")]
           if (n := len(p.read_text(encoding="utf-8").splitlines())) > 450}
    assert not big, big


def test_every_folder_of_package_data_is_a_declared_package():
    """setuptools warns ("Package would be ignored") on every install for an undeclared data folder."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    dirs = {folder: package for package, folder in config["package-dir"].items()}
    declared = set(config["packages"])
    missing = []
    for folder, package in dirs.items():
        for sub in (ROOT / folder).rglob("*"):
            if sub.is_dir() and "__pycache__" not in sub.parts and any(f.is_file() for f in sub.iterdir()):
                name = package + "." + ".".join(sub.relative_to(ROOT / folder).parts)
                if name not in declared:
                    missing.append(name)
    assert not missing, f"add to [tool.setuptools] packages in pyproject.toml: {missing}"
def test_the_server_never_builds():
    """The server serves the dataset it is given; `dtkg serve` (the CLI) builds first."""
    build = ("dtkg.graph.build", "dtkg.graph.dist")
    offenders = {p.name: sorted(i for i in imports(p) if i.startswith(build))
                 for p in (ROOT / "server").glob("*.py") if p.name not in ("cli.py", "cli_explore.py")}
    assert not any(offenders.values()), offenders


