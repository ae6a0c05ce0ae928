"""Run SPARQL through the engine and render the results for a terminal or a file (`dtkg query`)."""
from __future__ import annotations

import shutil
import sys

import pyoxigraph as ox

from .engine.inspection import inspect_query
from .namespaces import prefixed


def run(engine, text: str, bindings=None, fmt: str = "table") -> bytes:
    """The results of `text` on `engine` as `fmt` (table, csv, tsv, json, xml): a graph as Turtle for a
    table, else N-Triples; a boolean as true/false. Errors are the engine's (graph/engine/errors.py)."""
    boolean = inspect_query(text).form == "ASK"
    results = "json" if fmt == "table" or boolean else fmt
    body, media = engine.execute(text, result_format=(results, "turtle" if fmt == "table" else "ntriples"),
                                 bindings=bindings)
    if results != "json" or not media.endswith("json"):
        return body
    parsed = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
    if isinstance(parsed, ox.QueryBoolean):
        return (("true" if bool(parsed) else "false") + "\n").encode()
    return table(parsed, terminal_width()).encode() if fmt == "table" else body


def short(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return prefixed(term.value) or f"<{term.value}>"
    return term.value


def terminal_width() -> int | None:
    """The terminal's width when printing to one; None (no limit) for a pipe or a file."""
    return shutil.get_terminal_size().columns if sys.stdout.isatty() else None


def fit(widths: list[int], width: int | None, floor: int = 6) -> list[int]:
    """Narrow the widest columns, one character at a time, until the table fits `width`.

    >>> fit([30, 10, 40], 60)
    [22, 10, 22]
    """
    widths = list(widths)
    if width is None:
        return widths
    while sum(widths) + 3 * (len(widths) - 1) > width and max(widths) > floor:
        widths[widths.index(max(widths))] -= 1
    return widths


def table(results: ox.QuerySolutions, width: int | None = None) -> str:
    """A plain-text table; with `width`, cells are cut (…) so that each line fits it."""
    names = [v.value for v in results.variables]
    rows = [[short(s[n]) for n in names] for s in results]
    widths = fit([min(60, max([len(n)] + [len(r[i]) for r in rows])) for i, n in enumerate(names)], width)
    cut = lambda v, w: v if len(v) <= w else v[: w - 1] + "…"
    lines = [" | ".join(cut(n, w).ljust(w) for n, w in zip(names, widths)), "-+-".join("-" * w for w in widths)]
    lines += [" | ".join(cut(v, w).ljust(w) for v, w in zip(r, widths)) for r in rows]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"
