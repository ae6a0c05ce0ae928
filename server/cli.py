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


@main.command()
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8080, show_default=True, type=int)
@click.option("--store", metavar="PATH|sparql+http://URL",
              help="A RocksDB store made by `dtkg load --store`, an RDF file, or a remote SPARQL endpoint.")
@click.option("--workers", type=click.IntRange(min=1), help="gunicorn worker processes (default: two per core).")
@click.option("--timeout", "query_timeout", type=click.FloatRange(min=0), help="Query time limit in seconds (default 30).")
@click.option("--access-log", is_flag=True, help="Log each request to stderr.")
@click.option("--get", "get_path", metavar="PATH", help="Send one GET through the app in-process, print the body and exit.")
def serve(files: tuple[Path, ...], host: str, port: int, store: str | None, workers: int | None,
          query_timeout: float | None, access_log: bool, get_path: str | None) -> None:
    """Serve the SPARQL endpoint (/sparql) and the web pages with gunicorn.

    With no FILE and no --store, the built dataset (built first if needed) is served from memory.
    With FILEs (Turtle, TriG, N-Quads, N-Triples, JSON-LD, RDF/XML) those are served instead; quads
    keep their named graphs, a triple file becomes a graph named after its file:// IRI."""
    from dtkg.server.app import create_app
    from dtkg.server.errors import ProtocolError
    from dtkg.server.front import check as check_front
    from dtkg.server.wsgi import serve as run

    overrides = {"FILES": [str(f) for f in files]} if files else {}
    if store:
        overrides["STORE"] = store
    if query_timeout is not None:
        overrides["QUERY_TIMEOUT"] = query_timeout
    if get_path:
        overrides["QUERY_PROCESSES"] = 0
    try:
        app = create_app(overrides)
        check_front(app.extensions["dtkg"].config)
    except (DtkgError, ProtocolError, OSError, ValueError) as exc:
        fail(exc)
    if get_path:
        response = app.test_client().get(get_path)
        sys.stdout.buffer.write(response.get_data())
        sys.exit(0 if response.status_code < 400 else 1)
    progress(f"serving http://{host}:{port}/sparql")
    run(app, host, port, workers, access_log)


@main.command()
@click.option("--into", "url", metavar="URL", help="Push to a SPARQL Graph Store endpoint (e.g. http://127.0.0.1:7878/store), one PUT per named graph.")
@click.option("--store", "path", type=click.Path(file_okay=False, path_type=Path), help="Build an Oxigraph RocksDB store in this (new) directory, for `dtkg serve --store`.")
def load(url: str | None, path: Path | None) -> None:
    """Put the built dataset (built first if needed) into another store."""
    from dtkg.graph.dist import ensure_built
    from dtkg.server.backend import build_disk_store, push_graphs
    from dtkg.server.errors import ProtocolError

    if bool(url) == bool(path):
        fail(click.UsageError("give exactly one of --into URL or --store PATH"))
    try:
        source = ensure_built(settings(), progress)
        if path:
            click.echo(f"{build_disk_store(source, path)} quads in {path}")
            return
        import pyoxigraph as ox

        store = ox.Store()
        store.bulk_load(path=str(source), format=ox.RdfFormat.N_QUADS)
        pushed = push_graphs(store, url)
    except (DtkgError, ProtocolError, OSError) as exc:
        fail(exc)
    click.echo(f"{sum(n for _, n in pushed)} triples in {len(pushed)} named graphs pushed to {url}")


if __name__ == "__main__":
    main()
