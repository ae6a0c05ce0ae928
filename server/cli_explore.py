"""`dtkg explore …`: the actor network's questions on the built dataset, as JSON, a table or CSV.

Exit codes: 0 an answer (an empty one says why), 1 an unknown entity (the closest labels are named),
2 bad input (a malformed date, depth, measure or edge type).
"""
from __future__ import annotations

import csv
import io
import json
import sys

import click

from dtkg.graph.errors import BadInput, DtkgError, UnknownEntity

FORMAT = click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
AS_OF = click.option("--as-of", "as_of", metavar="DATE", help="A year, month or day: 2021, 2021-06, 2021-06-01.")
TYPES = click.option("--types", metavar="T1,T2", help="Only these edge types (heads, holds-post-in, operates, …).")


def _explorer():
    from dtkg.graph.config import settings
    from dtkg.graph.dist import open_built
    from dtkg.graph.explore import Explorer
    from dtkg.graph.network import build_network, engine_select

    from .cli_output import progress

    return Explorer(build_network(engine_select(open_built(settings(), progress))))


def _ask(question, table_rows, fmt: str) -> None:
    """Run one question and print it; errors become one sentence on stderr and the exit code."""
    try:
        data = question(_explorer())
    except UnknownEntity as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    except (BadInput, DtkgError) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    if fmt == "json":
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    rows = table_rows(data)
    if data.get("message"):
        click.echo(data["message"], err=True)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerows([list(rows[0])] + [list(r.values()) for r in rows] if rows else [])
        sys.stdout.write(out.getvalue())
        return

    if not rows:
        click.echo("(no rows)")
        return
    names = list(rows[0])
    widths = [min(50, max(len(n), *(len(str(r[n] or "")) for r in rows))) for n in names]
    cut = lambda v, w: v if len(v) <= w else v[: w - 1] + "…"
    click.echo(" | ".join(n.ljust(w) for n, w in zip(names, widths)))
    click.echo("-+-".join("-" * w for w in widths))
    for r in rows:
        click.echo(" | ".join(cut(str(r[n] or ""), w).ljust(w) for n, w in zip(names, widths)))


@click.group()
def explore() -> None:
    """Who leads what, paths, neighbours, centrality and bridges in the actor network."""


@explore.command()
@click.argument("entity")
@AS_OF
@FORMAT
def leaders(entity: str, as_of: str | None, fmt: str) -> None:
    """Posts in an organisation or a province, each with its status as of a date and its evidence."""
    _ask(lambda ex: ex.leaders(entity, as_of), lambda d: [
        {"name": t["name"], "role": t["role"], "organisation": t["organisationLabel"], "status": t["status"],
         "attested": " ".join(t["attested"]), "sources": " ".join(s.rsplit("/", 1)[-1] for s in t["sources"])}
        for t in d["rows"]], fmt)


@explore.command()
@click.argument("a")
@click.argument("b")
@AS_OF
@TYPES
@FORMAT
def path(a: str, b: str, as_of: str | None, types: str | None, fmt: str) -> None:
    """The shortest chains of evidence between two entities, each edge with its source and quote."""
    _ask(lambda ex: ex.path(a, b, as_of, types), lambda d: [
        {"path": i + 1, "from": e["fromLabel"], "type": e["type"], "to": e["toLabel"], "date": e["date"],
         "source": (e["source"] or "").rsplit("/", 1)[-1], "quote": e["quote"]}
        for i, p in enumerate(d["paths"]) for e in p["edges"]], fmt)


@explore.command()
@click.argument("entity")
@click.option("--depth", default="1", show_default=True, help="Steps from the entity (1-4).")
@AS_OF
@TYPES
@FORMAT
def neighbours(entity: str, depth: str, as_of: str | None, types: str | None, fmt: str) -> None:
    """Everything within DEPTH steps of an entity."""
    _ask(lambda ex: ex.neighbours(entity, depth, as_of, types), lambda d: [
        {"distance": n["distance"], "type": n["type"], "label": n["label"], "id": n["id"]} for n in d["nodes"]], fmt)


@explore.command()
@click.option("--measure", default="degree", show_default=True, help="degree, betweenness or pagerank.")
@click.option("--province", help="Only the actors of one province.")
@FORMAT
def central(measure: str, province: str | None, fmt: str) -> None:
    """The most central actors (betweenness is sampled on large graphs)."""
    _ask(lambda ex: ex.central(measure, province), lambda d: [
        {"score": r["score"], "type": r["type"], "label": r["label"], "id": r["id"]} for r in d["rows"]], fmt)


@explore.command()
@click.option("--provinces", metavar="P1,P2", help="Only actors active in all of these provinces.")
@TYPES
@FORMAT
def bridges(provinces: str | None, types: str | None, fmt: str) -> None:
    """Actors linking provinces: operators, national bodies, people active in several."""
    wanted = [p for p in (provinces or "").split(",") if p.strip()]
    _ask(lambda ex: ex.bridges(wanted, types), lambda d: [
        {"label": r["label"], "type": r["type"], "provinces": len(r["provinces"]),
         "names": ", ".join(p["label"] for p in r["provinces"]), "id": r["id"]} for r in d["rows"]], fmt)


@explore.command()
@click.option("--format", "fmt", type=click.Choice(["graphml", "gexf", "json"]), default="graphml", show_default=True)
def export(fmt: str) -> None:
    """Write the whole network: GraphML, GEXF (Gephi) or node-link JSON with `nodes` and `edges`."""
    from dtkg.graph.network import export_graph, node_link

    net = _explorer().net
    if fmt == "json":
        click.echo(json.dumps(node_link(net), ensure_ascii=False, indent=2))
    else:
        sys.stdout.buffer.write(export_graph(net, fmt))
