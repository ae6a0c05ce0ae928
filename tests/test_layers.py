"""Data flows one way: sources → graph → store → queries/server. graph/ never imports server/;
negotiation happens in one module over the formats of one table; modules stay small."""
from __future__ import annotations

import ast
import re
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


def modules() -> list[Path]:
    return [*ROOT.glob("graph/**/*.py"), *ROOT.glob("server/**/*.py")]


SERVER_SIDE = ("dtkg.server", "server", "flask", "werkzeug")  # the web layer and its HTTP toolkit


def test_graph_never_imports_server():
    offenders = {str(p.relative_to(ROOT)): sorted(i for i in imports(p) if i.startswith(SERVER_SIDE))
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


MAX_LINES = 400
TOO_BIG_FOR_NOW: set[str] = set()  # none: server/cli.py is split by command group


def test_modules_stay_small():
    big = {name: n for p in modules() if (name := str(p.relative_to(ROOT))) not in TOO_BIG_FOR_NOW
           and (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not big, big


MEDIA_TYPE = re.compile(r"(application|text|image)/[\w.+-]+")
NEGOTIATION = "server/negotiation.py"
ERRORS = "server/errors.py"  # the one error vocabulary, NotAcceptable (406) among it
FORMATS = "graph/formats.py"
# Compression picks answers by their Content-Type, after negotiation: its list is not a format table.
NOT_FORMAT_TABLES = {"server/compress.py"}
ACCEPT_PARSING = {"accept_mimetypes", "parse_accept_header", "MIMEAccept", "parse_accept"}


def media_type_tables(path: Path) -> list[int]:
    """Lines of literal collections (or dict keys/values) holding two or more media types."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, (ast.Tuple, ast.List, ast.Set, ast.Dict)):
            items = node.keys + node.values if isinstance(node, ast.Dict) else node.elts
            media = [i for i in items if isinstance(i, ast.Constant) and isinstance(i.value, str)
                     and MEDIA_TYPE.fullmatch(i.value)]
            if len(media) >= 2:
                out.append(node.lineno)
    return out


def test_media_types_are_tabled_only_in_graph_formats():
    """Format names, media types and their aliases live in graph/formats.py; a second table is how
    two negotiations with two alias lists came about."""
    tables = {name: lines for p in modules() if (name := str(p.relative_to(ROOT))) not in {FORMATS} | NOT_FORMAT_TABLES
              and (lines := media_type_tables(p))}
    assert not tables, tables


def test_only_the_negotiation_module_parses_accept():
    offenders = {}
    for p in ROOT.glob("server/**/*.py"):
        name = str(p.relative_to(ROOT))
        if name == NEGOTIATION:
            continue
        tree = ast.parse(p.read_text(encoding="utf-8"))
        words = {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
        words |= {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
        words |= {a.name for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) for a in n.names}
        words |= {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}
        classes = {n.name for n in ast.walk(tree) if isinstance(n, ast.ClassDef)}
        if found := sorted(words & ACCEPT_PARSING | (classes & {"NotAcceptable"} if name != ERRORS else set())):
            offenders[name] = found
    assert not offenders, offenders


def test_the_layer_checks_see_what_they_forbid(tmp_path):
    """The checks above pass only because nothing offends: a table and a parser are caught."""
    sample = tmp_path / "x.py"
    sample.write_text('ALIASES = {"text/n3": "text/turtle"}\nx = request.accept_mimetypes.best_match([])\n')
    assert media_type_tables(sample) == [1]
    assert "accept_mimetypes" in {n.attr for n in ast.walk(ast.parse(sample.read_text())) if isinstance(n, ast.Attribute)}


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
                 for p in (ROOT / "server").glob("*.py") if not p.name.startswith("cli")}  # the command line builds
    assert not any(offenders.values()), offenders


