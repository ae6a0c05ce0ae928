"""Run SPARQL on the store and render the results for a terminal or a file."""
from __future__ import annotations

import io

import pyoxigraph as ox

from .errors import QueryError
from .formats import RESULT_FORMATS
from .namespaces import PREFIXES


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
        return table(results).encode()
    out = io.BytesIO()
    results.serialize(out, RESULT_FORMATS[fmt][1])
    return out.getvalue()


def short(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        for prefix, iri in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
            if term.value.startswith(iri):
                return f"{prefix}:{term.value[len(iri):]}"
        return f"<{term.value}>"
    return term.value


def table(results: ox.QuerySolutions) -> str:
    names = [v.value for v in results.variables]
    rows = [[short(s[n]) for n in names] for s in results]
    widths = [min(60, max([len(n)] + [len(r[i]) for r in rows])) for i, n in enumerate(names)]
    cut = lambda v, w: v if len(v) <= w else v[: w - 1] + "…"
    lines = [" | ".join(n.ljust(w) for n, w in zip(names, widths)), "-+-".join("-" * w for w in widths)]
    lines += [" | ".join(cut(v, w).ljust(w) for v, w in zip(r, widths)) for r in rows]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"
