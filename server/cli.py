"""`dtkg`: the command line, and the one place that wires graph and server together.

Each command parses its options, calls one library function and turns the result into output and
an exit code: 0 success, 1 the data does not conform or a name is unknown, 2 bad input.
"""
from __future__ import annotations

import json
import os
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
    """Compile the ontology, facts and reference data; write dist/dtkg.nq, dist/dtkg.trig, the other
    dumps and their DCAT-AP catalogue (dist/catalog.ttl)."""
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
    """Check the built graph (or FILES, in its context) against the SHACL shapes, and lint the fact
    files (or FILES).

    Exits 1 when there is a violation or a lint problem; warnings are reported but do not fail."""
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
            click.echo(f"{write_disk_store(source, path)} quads in {path}")
            return
        pushed = push_graphs(load_files([source]), url)
    except (DtkgError, OSError) as exc:
        fail(exc)
    click.echo(f"{sum(n for _, n in pushed)} triples in {len(pushed)} named graphs pushed to {url}")


@main.group()
def link() -> None:
    """Propose links to Wikidata for review, and turn accepted ones into data (graph/facts/links/)."""


@link.command("wikidata")
@click.option("--endpoint", default="https://query.wikidata.org/sparql", show_default=True,
              help="A Wikidata-style SPARQL endpoint.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Review CSV to write (default: stdout).")
@click.option("--entity", "entities", multiple=True, metavar="IRI",
              help="Only this entity (prefixed name or IRI), linked or not; repeatable.")
@click.option("--delay", type=click.FloatRange(min=0), default=1.0, show_default=True, help="Seconds between requests.")
@click.option("--retries", type=click.IntRange(min=0), default=3, show_default=True)
def link_wikidata(endpoint: str, output: Path | None, entities: tuple[str, ...], delay: float, retries: int) -> None:
    """Propose Wikidata items for the people, organisations, places and platforms not yet linked.

    Writes one row per candidate (entity, label, candidate, candidateLabel, score, decision, evidence,
    endpoint, retrieved); decision is auto, review or none. Exits 1 when the endpoint fails."""
    from dtkg.graph.catalogue import expand
    from dtkg.graph.dist import open_built
    from dtkg.graph.link import Endpoint, LinkError, propose, write_review

    try:
        engine = open_built(settings(), progress)
        only = {expand(e) for e in entities} or None
        rows = propose(engine.select, Endpoint(endpoint, delay, retries), only, progress)
    except LinkError as exc:
        fail(exc, 1)
    except DtkgError as exc:
        fail(exc)
    if output:
        with output.open("w", encoding="utf-8", newline="") as out:
            write_review(rows, out, endpoint)
    else:
        write_review(rows, sys.stdout, endpoint)
    counts = {d: sum(1 for r in rows if r.decision == d) for d in ("auto", "review", "none")}
    progress(f"{len({r.entity for r in rows})} entities, {len(rows)} rows: " + ", ".join(f"{n} {d}" for d, n in counts.items()))


@link.command("accept")
@click.argument("review", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def link_accept(review: Path) -> None:
    """Write the accepted rows of a review CSV (decision auto, close or exact) to graph/facts/links/wikidata.ttl.

    auto and close become skos:closeMatch, exact becomes skos:exactMatch, each with its provenance;
    other rows are skipped. Run `dtkg build` afterwards."""
    from dtkg.graph.links import accept

    try:
        path, count = accept(review, settings().facts_dir)
    except DtkgError as exc:
        fail(exc)
    click.echo(f"{count} links written to {path}")


@main.command()
@click.argument("text")
@click.option("--limit", default=10, show_default=True, type=click.IntRange(min=1))
@click.option("--kind", "kinds", multiple=True, type=click.Choice(["province", "country", "district", "commune", "place",
              "organisation", "person", "system", "document", "programme", "event", "source"]), help="Only this kind (repeatable).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def find(text: str, limit: int, kinds: tuple[str, ...], fmt: str) -> None:
    """Existing entities whose labels match TEXT (with or without diacritics, vi or en): CURIE as the
    fact files write it, types and exact labels, best first.

    Exits 1 when nothing matches, 2 for an empty TEXT."""
    from dtkg.graph.build import build_dataset
    from dtkg.graph.dist import union_graph
    from dtkg.graph.find import LabelIndex
    from dtkg.graph.slugs import search_key

    if not search_key(text):
        fail(click.UsageError("TEXT needs at least one letter or digit"))
    try:
        matches = LabelIndex.from_graph(union_graph(build_dataset(settings()))).find(text, limit, kinds)
    except DtkgError as exc:
        fail(exc)
    if fmt == "json":
        click.echo(json.dumps([m.as_json() for m in matches], ensure_ascii=False, indent=2))
    for m in matches if fmt == "table" else ():
        click.echo(f"{m.curie}\t{' '.join(m.types)}\t" + " | ".join(m.labels))
    if not matches:
        click.echo(f"no entity has a label like «{text}»", err=True)
        sys.exit(1)


@main.group()
def curate() -> None:
    """Tools for curators: lint fact files, draft a fact file from an article."""


@curate.command("lint")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
def curate_lint(files: tuple[Path, ...]) -> None:
    """Check fact files for links to IRIs described nowhere, the same post at a new date, too many
    values and values of the wrong class; each problem names file:line.

    Exits 1 when there is a problem, 2 when a file cannot be read."""
    from dtkg.graph.build import build_dataset
    from dtkg.graph.dist import lint_facts

    try:
        problems = lint_facts(build_dataset(settings()), settings(), list(files))
    except DtkgError as exc:
        fail(exc)
    for problem in problems:
        click.echo(problem.text())
    click.echo(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in {len(files)} file{'s' if len(files) != 1 else ''}", err=True)
    sys.exit(1 if problems else 0)


@curate.command("draft")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def curate_draft(file: Path) -> None:
    """Print a draft fact file for an article (plain text, UTF-8 NFC, Vietnamese or English): the
    source, documents, posts, figures, targets and platforms, each marked dtkg:isDraft with its
    exact quote, linked to the entities already in the graph.

    Exits 2 when the file cannot be read."""
    from dtkg.graph.build import build_dataset
    from dtkg.graph.dist import union_graph
    from dtkg.graph.draft import draft_file

    try:
        prefixes = (settings().facts_dir / "_prefixes.ttl").read_text(encoding="utf-8")
        click.echo(draft_file(file, union_graph(build_dataset(settings())), prefixes))
    except (DtkgError, UnicodeDecodeError) as exc:
        fail(exc)


@curate.command("measure")
def curate_measure() -> None:
    """Re-draft the five seed articles and compare with their curated graphs: precision and recall
    per kind (documents, posts, figures, platforms), leaving each article's own graph out."""
    from dtkg.graph.build import build_dataset
    from dtkg.graph.draft_score import score_seed_articles, table

    try:
        click.echo(table(score_seed_articles(build_dataset(settings()), settings().sources_dir)))
    except DtkgError as exc:
        fail(exc)


if __name__ == "__main__":
    main()


from .cli_explore import explore  # noqa: E402  (the explore group lives in its own module)

main.add_command(explore)
