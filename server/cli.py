"""`dtkg`: the command line, and the one place that wires graph and server together.

Each command parses its options, calls one library function and turns the result into output and
an exit code: 0 success, 1 the data does not conform or a name is unknown, 2 bad input.
"""
from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import click

from dtkg.graph.config import settings
from dtkg.graph.errors import DtkgError, QueryError, UnknownQuery

from .cli_output import fail, progress


class Commands(click.Group):
    """A user error that a command leaves uncaught (a DtkgError, a file that cannot be read or is not
    UTF-8) still ends as one sentence and exit 2, never as a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (DtkgError, OSError, UnicodeError) as exc:
            fail(exc)


@click.group(cls=Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="dtkg")
def main() -> None:
    """dtkg: the knowledge graph of Vietnam's digital transformation (chuyển đổi số)."""


@main.command()
@click.option("-q", "--quiet", is_flag=True, help="No progress messages.")
def build(quiet: bool) -> None:
    """Compile the ontology, facts and reference data, lint and validate them (SHACL), then publish
    dist/dtkg.nq, dist/dtkg.trig, the other dumps, their DCAT-AP catalogue (dist/catalog.ttl) and the
    validation report (dist/validation.json). Data that does not lint or conform publishes nothing
    (exit 1) and dist/ keeps the previous build."""
    from dtkg.graph.dist import build_to_dist

    from dtkg.graph.dist import ValidationFailed
    from dtkg.graph.lint import LintFailed

    try:
        built, paths = build_to_dist(settings(), (lambda _: None) if quiet else progress)
    except (LintFailed, ValidationFailed) as exc:
        fail(exc, 1)
    except DtkgError as exc:
        fail(exc)
    graphs = [g for g in built.dataset.graphs() if len(g)]
    click.echo(f"built {sum(len(g) for g in graphs)} quads in {len(graphs)} named graphs: "
               + ", ".join(str(p) for p in paths))


@main.command()
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def validate(files: tuple[Path, ...], fmt: str) -> None:
    """Print the validation report of the build (SHACL and lint; building first if stale, as `dtkg
    build` validates before it publishes), or check FILES in the context of the built graph.

    Exits 1 when there is a violation or a lint problem; warnings are reported but do not fail."""
    from dtkg.graph.dist import built_report, validate_files

    try:
        report = validate_files(list(files), settings(), progress) if files else built_report(settings(), progress)
    except DtkgError as exc:
        fail(exc)
    click.echo(json.dumps(report.as_json(), ensure_ascii=False, indent=2) if fmt == "json" else report.text())
    sys.exit(0 if report.conforms else 1)


@main.command()
@click.option("--format", "fmt", type=click.Choice(["nquads", "trig", "turtle", "jsonld", "ntriples", "rdfxml"]),
              default="nquads", show_default=True, help="Triple formats get the union of all named graphs.")
def export(fmt: str) -> None:
    """Write the whole dataset to stdout."""
    from dtkg.graph.dist import ensure_built
    from dtkg.graph.engine.dataset import load_files
    from dtkg.graph.export import serialize
    from dtkg.graph.formats import by_name

    try:
        store = load_files([ensure_built(settings(), progress)])
    except DtkgError as exc:
        fail(exc)
    serialize(store, by_name(fmt), sys.stdout.buffer)


@main.command()
@click.argument("name_or_file")
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE", help="A parameter of a named query.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json", "xml"]), default="table", show_default=True)
@click.option("--lang", type=click.Choice(["vi", "en"]), help="The language of a named query's labels (default: vi).")
def query(name_or_file: str, params: tuple[str, ...], fmt: str, lang: str | None) -> None:
    """Run a named query from queries/, a .rq file, or - for stdin; print a table, CSV or JSON.

    Exits 1 for an unknown query name, 2 for a SPARQL syntax error."""
    from dtkg.graph import catalogue, names
    from dtkg.graph.dist import open_built
    from dtkg.graph.queryrun import run
    try:
        values = dict(p.split("=", 1) for p in params)
    except ValueError:
        fail(QueryError("parameters are NAME=VALUE"))
    named = None
    try:
        if name_or_file == "-":
            text, bindings = sys.stdin.read(), {}
        elif name_or_file.endswith(".rq") or Path(name_or_file).is_file():
            text, bindings = read_query(Path(name_or_file)), {}
        else:
            named = catalogue.get(name_or_file)
            if lang and any(p.type == "lang" for p in named.params):
                values.setdefault("lang", lang)
        if lang and named is None:
            raise QueryError("--lang applies to named queries; a query file or stdin sets its own label languages")
        engine = open_built(settings(), progress)  # no network for queries, as the endpoint without an allow-list
        try:
            if named is not None:
                text, bindings = named.prepare(names.resolve_values(named.params, values, names.engine_select(engine)))
            output = run(engine, text, bindings, fmt)
        finally:
            engine.close()
    except UnknownQuery as exc:
        fail(exc, 1)
    except DtkgError as exc:
        fail(exc)
    sys.stdout.buffer.write(output)


def read_query(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise QueryError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise QueryError(f"{path}: cannot read the query ({exc.strerror})") from None


@main.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def stats(fmt: str) -> None:
    """Triples per named graph, entities per class, facts per source article."""
    from dtkg.graph.dist import open_built
    from dtkg.graph.stats import compute, render

    try:
        result = compute(open_built(settings(), progress))
    except DtkgError as exc:
        fail(exc)
    click.echo(json.dumps(result, ensure_ascii=False, indent=2) if fmt == "json" else render(result))


@main.command()
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8080, show_default=True, type=int)
@click.option("--store", metavar="PATH|sparql+http://URL",
              help="A RocksDB store made by `dtkg load --store`, an RDF file, or a remote SPARQL endpoint "
                   "(virtuoso+http://host:8890/sparql for Virtuoso filled by `dtkg load --into`).")
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
    from dtkg.server.config import Config
    from dtkg.server.front import check as check_front
    from dtkg.server.wsgi import serve as run

    overrides = {"FILES": [str(f) for f in files]} if files else {}
    if store:
        overrides["STORE"] = store
    if query_timeout is not None:
        overrides["QUERY_TIMEOUT"] = query_timeout
    if get_path:
        overrides["QUERY_PROCESSES"] = 0
    if not os.environ.get("DTKG_PUBLIC_URL") and host not in ("0.0.0.0", "::", ""):
        overrides["PUBLIC_URL"] = f"http://{host}:{port}"  # what pages show: never the request's Host header
    try:
        config = Config.load(overrides)
        if not config.FILES and not config.STORE:
            overrides["STORE"] = str(dataset_to_serve(progress))  # the server serves; it never builds
        if config.FILES and not config.VALIDATION_REPORT:
            overrides["VALIDATION_REPORT"] = str(validate_at_load(files))
        app = create_app(overrides)
        check_front(app.extensions["dtkg"].config)
    except (DtkgError, OSError, ValueError) as exc:
        fail(exc)
    if get_path:
        response = app.test_client().get(get_path)
        sys.stdout.buffer.write(response.get_data())
        sys.exit(0 if response.status_code < 400 else 1)
    progress(f"serving http://{host}:{port}/sparql")
    run(app, host, port, workers, access_log)


# SHACL in Python (pyshacl) takes about 4 s for the built graph; files past this size are served
# without a report rather than held up for minutes (their /validation says so).
VALIDATE_AT_LOAD_BYTES = 8 * 1024 * 1024


def validate_at_load(files) -> Path:
    """The report of FILES as served (SHACL on them alone), in a temporary file for /validation; files
    that cannot be validated (RDF 1.2 triple terms, too large) are served all the same, and the file says why."""
    import tempfile

    from dtkg.graph.dist import validate_served
    from dtkg.graph.export import write_atomic

    path = Path(tempfile.mkdtemp(prefix="dtkg-validation-")) / "validation.json"
    size = sum(Path(f).stat().st_size for f in files)
    try:
        if size > VALIDATE_AT_LOAD_BYTES:
            raise DtkgError(f"{size // (1024 * 1024)} MiB of RDF is more than the {VALIDATE_AT_LOAD_BYTES // (1024 * 1024)} "
                            "MiB validated at load; validate it offline with `dtkg validate FILE`")
        progress("validating " + ", ".join(str(f) for f in files))
        validate_served([Path(f) for f in files], settings()).write(path)
    except DtkgError as exc:
        click.echo(f"warning: not validated, served as it is: {exc}", err=True)
        why = json.dumps({"error": f"the served files were not validated: {exc}"}, ensure_ascii=False)
        write_atomic(path, lambda out: out.write(why.encode("utf-8")))
    return path


def dataset_to_serve(progress) -> Path:
    """The built dataset, built first if stale; if the sources are broken, the previous build, having
    said on stderr what is broken and which build is served (exits 2 if there is none)."""
    from datetime import datetime, timezone

    from dtkg.graph.dist import built_or_last_good

    try:
        path, broken = built_or_last_good(settings(), progress)
    except DtkgError as exc:
        fail(exc)
    if broken is not None:
        when = datetime.fromtimestamp(path.stat().st_mtime, timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        click.echo(f"warning: {broken}", err=True)
        click.echo(f"warning: the sources do not build; serving the last good build instead: {path}, built {when}", err=True)
    return path


@main.command()
@click.option("--into", "url", metavar="URL", help="Push to a SPARQL Graph Store endpoint (e.g. http://127.0.0.1:7878/store), one PUT per named graph; "
              "virtuoso+http://dba@host:8890/sparql-graph-crud-auth for Virtuoso (password in $DTKG_STORE_PASSWORD).")
@click.option("--store", "path", type=click.Path(file_okay=False, path_type=Path), help="Build an Oxigraph RocksDB store in this (new) directory, for `dtkg serve --store`.")
def load(url: str | None, path: Path | None) -> None:
    """Put the built dataset (built first if needed) into another store."""
    from dtkg.graph.dist import ensure_built
    from dtkg.graph.engine.dataset import load_files, write_disk_store
    from dtkg.graph.engine.graph_store import push_graphs

    if bool(url) == bool(path):
        fail(click.UsageError("give exactly one of --into URL or --store PATH"))
    try:
        source = ensure_built(settings(), progress)
        if path:
            quads = write_disk_store(source, path)
            shutil.copyfile(settings().validation_report, path / "validation.json")  # served as /validation
            click.echo(f"{quads} quads in {path}")
            return
        pushed = push_graphs(load_files([source]), url)
    except (DtkgError, OSError) as exc:
        fail(exc)
    click.echo(f"{sum(n for _, n in pushed)} triples in {len(pushed)} named graphs pushed to {url}")


from .cli_curation import curate, find, link  # noqa: E402  (the curators' commands live in their own module)
from .cli_explore import explore  # noqa: E402  (so does the explore group)

for command in (link, find, curate, explore):
    main.add_command(command)


if __name__ == "__main__":
    main()
