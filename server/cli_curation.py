"""The curators' commands of `dtkg`: `link` (Wikidata proposals and accepted links), `find` (existing
entities by label) and `curate` (lint, draft, measure). cli.py adds them to the command group."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from dtkg.graph.config import settings
from dtkg.graph.errors import DtkgError

from .cli_output import fail, progress


@click.group()
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


@click.command()
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


@click.group()
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
