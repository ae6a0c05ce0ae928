"""`dtkg`: the command line, and the one place that wires graph and server together.

Each command parses its options, calls one library function and turns the result into output and
an exit code: 0 success, 1 the data does not conform or a name is unknown, 2 bad input.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from dtkg.graph.config import settings
from dtkg.graph.errors import DtkgError, QueryError, UnknownQuery


def progress(message: str) -> None:
    """Progress goes to stderr so stdout stays clean for data."""
    click.echo(f"… {message}", err=True)


def fail(exc: Exception, code: int = 2) -> None:
    click.echo(f"error: {exc}", err=True)
    sys.exit(code)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="dtkg")
def main() -> None:
    """dtkg: the knowledge graph of Vietnam's digital transformation (chuyển đổi số)."""


@main.command()
@click.option("-q", "--quiet", is_flag=True, help="No progress messages.")
def build(quiet: bool) -> None:
    """Compile the ontology, facts and reference data; write dist/dtkg.nq and dist/dtkg.trig."""
    from dtkg.graph.dist import build_to_dist

    try:
        built, paths = build_to_dist(settings(), (lambda _: None) if quiet else progress)
    except DtkgError as exc:
        fail(exc)
    graphs = [g for g in built.dataset.graphs() if len(g)]
    click.echo(f"built {sum(len(g) for g in graphs)} quads in {len(graphs)} named graphs: "
               + ", ".join(str(p) for p in paths))


@main.command()
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def validate(files: tuple[Path, ...], fmt: str) -> None:
    """Check the built graph (or FILES, in its context) against the SHACL shapes.

    Exits 1 when there is a violation; warnings are reported but do not fail."""
    from dtkg.graph.dist import validate_build, validate_files
    from dtkg.graph.build import build_dataset

    try:
        if files:
            report = validate_files(list(files), settings(), progress)
        else:
            report = validate_build(build_dataset(settings(), progress), settings())
    except DtkgError as exc:
        fail(exc)
    click.echo(json.dumps(report.as_json(), ensure_ascii=False, indent=2) if fmt == "json" else report.text())
    sys.exit(0 if report.conforms else 1)


@main.command()
@click.option("--format", "fmt", type=click.Choice(["nquads", "trig", "turtle", "jsonld", "ntriples", "rdfxml"]),
              default="nquads", show_default=True, help="Triple formats get the union of all named graphs.")
def export(fmt: str) -> None:
    """Write the whole dataset to stdout."""
    from dtkg.graph.dist import open_built_store
    from dtkg.graph.export import serialize
    from dtkg.graph.formats import by_name

    try:
        store = open_built_store(settings(), progress)
    except DtkgError as exc:
        fail(exc)
    serialize(store.ox, by_name(fmt), sys.stdout.buffer)


@main.command()
@click.argument("name_or_file")
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE", help="A parameter of a named query.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json", "xml"]), default="table", show_default=True)
def query(name_or_file: str, params: tuple[str, ...], fmt: str) -> None:
    """Run a named query from queries/, a .rq file, or - for stdin; print a table, CSV or JSON.

    Exits 1 for an unknown query name, 2 for a SPARQL syntax error."""
    from dtkg.graph import catalogue
    from dtkg.graph.dist import open_built_store
    from dtkg.graph.queryrun import format_results, run

    try:
        values = dict(p.split("=", 1) for p in params)
    except ValueError:
        fail(QueryError("parameters are NAME=VALUE"))
    try:
        if name_or_file == "-":
            text, bindings = sys.stdin.read(), {}
        elif name_or_file.endswith(".rq") or Path(name_or_file).is_file():
            text, bindings = Path(name_or_file).read_text(encoding="utf-8"), {}
        else:
            named = catalogue.get(name_or_file)
            text, bindings = named.text, named.bindings(values)
        store = open_built_store(settings(), progress)
        results = run(store, text, bindings)
    except UnknownQuery as exc:
        fail(exc, 1)
    except DtkgError as exc:
        fail(exc)
    sys.stdout.buffer.write(format_results(results, fmt))


@main.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def stats(fmt: str) -> None:
    """Triples per named graph, entities per class, facts per source article."""
    from dtkg.graph.dist import open_built_store
    from dtkg.graph.stats import compute, render

    try:
        result = compute(open_built_store(settings(), progress))
    except DtkgError as exc:
        fail(exc)
    click.echo(json.dumps(result, ensure_ascii=False, indent=2) if fmt == "json" else render(result))


if __name__ == "__main__":
    main()
