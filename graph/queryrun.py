"""Run SPARQL on the store and render the results for a terminal or a file."""
from __future__ import annotations

import io
import shutil
import sys

import pyoxigraph as ox

from .errors import QueryError
from .formats import RESULT_FORMATS
from .namespaces import prefixed


def run(store, text: str, bindings=None):
    """Evaluate natively in Oxigraph; a syntax error becomes a QueryError with the parser's words."""
    try:
        return store.query(text, bindings)
    except SyntaxError as exc:
        message = str(exc).split(", expected one of")[0]  # the parser's list of every token is noise
        raise QueryError(f"SPARQL syntax error: {message}") from None
    except OSError as exc:
        raise QueryError(f"query failed: {exc}") from None


def format_results(results, fmt: str) -> bytes:
    if isinstance(results, ox.QueryBoolean):
        return (("true" if bool(results) else "false") + "\n").encode()
    if isinstance(results, ox.QueryTriples):
        out = io.BytesIO()
        results.serialize(out, ox.RdfFormat.TURTLE if fmt in ("table", "turtle") else ox.RdfFormat.N_TRIPLES)
        return out.getvalue()
    if fmt == "table":
        return table(results, terminal_width()).encode()
    out = io.BytesIO()
    results.serialize(out, RESULT_FORMATS[fmt][1])
    return out.getvalue()


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
