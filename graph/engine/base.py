"""The engine protocol, and what every engine does the same way before a query runs.

An engine answers SPARQL on one dataset, read-only: `execute` returns serialised results; `select`,
`construct` and `ask` return terms for code that reads them. Before anything runs, every query is
inspected (inspection.py): updates are refused, SERVICE is refused unless allow-listed, a query's
own FROM is kept, nesting is bounded, and the asked formats are checked against the query's form.
Parameters are RDF terms bound by name (`bindings`), never pasted into the text by the caller.
"""
from __future__ import annotations

from typing import Protocol

import pyoxigraph as ox

from ..formats import GRAPH_TYPES, RESULT_FORMATS, RESULT_TYPES
from .errors import NoAcceptableFormat, QueryRefused
from .evaluation import Job
from .inspection import FORMS, QueryInfo, check_query, inspect_query
from .limits import Limits

Bindings = dict[str, ox.NamedNode | ox.Literal | ox.BlankNode]


class Engine(Protocol):
    limits: Limits

    def execute(self, text: str, *, result_format, default_graph_uris=(), named_graph_uris=(), timeout=None,
                bindings: Bindings | None = None, base_iri: str | None = None) -> tuple[bytes, str]: ...
    def select(self, text: str, bindings: Bindings | None = None, timeout=None) -> list[dict[str, ox.Term]]: ...
    def construct(self, text: str, bindings: Bindings | None = None, timeout=None) -> list[ox.Triple]: ...
    def ask(self, text: str, bindings: Bindings | None = None, timeout=None) -> bool: ...
    def count(self) -> int: ...
    def named_graphs(self) -> list[str]: ...
    def graph_sizes(self) -> dict[str, int]: ...
    def warm(self) -> None: ...
    def close(self) -> None: ...


# Triples per named graph: what every engine reports about its dataset.
GRAPH_SIZES = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"


def formats_pair(result_format) -> tuple[str | None, str | None]:
    """(result-set format, graph format) from one format name or a pair of names."""
    if isinstance(result_format, str):
        return (result_format, None) if result_format in RESULT_FORMATS else (None, result_format)
    return tuple(result_format)


class QueryEngine:
    """The shared half of every engine: preparation, the time limit, and the term-level calls."""

    limits: Limits
    # A query with no dataset of its own reads the union of the named graphs, unless the engine's
    # default graph already is their merge (then the flag is off: nothing to rebuild per query).
    union_default_graph = True

    def time_limit(self, timeout: float | None) -> float | None:
        limit = self.limits.QUERY_TIMEOUT or None
        if timeout:
            limit = min(limit, timeout) if limit else timeout
        return limit

    def prepare(self, text, formats, default_graph_uris, named_graph_uris, bindings, base_iri) -> tuple[QueryInfo, Job]:
        base = base_iri or self.limits.BASE_IRI
        info = inspect_query(text, base)
        check_query(info, self.limits.SERVICE_ALLOWLIST)
        for iri in (*default_graph_uris, *named_graph_uris):
            try:
                ox.NamedNode(iri)
            except ValueError:
                raise QueryRefused(f"{iri!r} is not an absolute IRI (default-graph-uri / named-graph-uri).") from None
        protocol = bool(default_graph_uris or named_graph_uris)
        formats = formats_pair(formats)
        graph = info.form in ("CONSTRUCT", "DESCRIBE")
        if info.form in FORMS and formats[graph] is None:
            kind, offered = ("an RDF graph", GRAPH_TYPES) if graph else ("a result set", RESULT_TYPES)
            raise NoAcceptableFormat(f"This {info.form} query returns {kind}, which the Accept header (or format=) "
                                     f"does not allow. Acceptable types: {', '.join(offered.values())}.")
        job = Job(text, formats, tuple(default_graph_uris) if protocol else None,
                  tuple(named_graph_uris) if protocol else None,
                  self.union_default_graph and not protocol and not info.has_dataset,
                  tuple((k.lstrip("?$"), v) for k, v in (bindings or {}).items()), self.limits.MAX_RESULT_BYTES, base,
                  bool(info.services))
        return info, job

    def select(self, text, bindings=None, timeout=None):
        """Rows of a SELECT as dicts of variable → pyoxigraph term (unbound variables left out)."""
        body, _ = self.execute(text, result_format=("json", None), bindings=bindings, timeout=timeout)
        results = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
        if not isinstance(results, ox.QuerySolutions):
            raise QueryRefused("select() needs a SELECT query")
        names = [v.value for v in results.variables]
        return [{n: s[n] for n in names if s[n] is not None} for s in results]

    def construct(self, text, bindings=None, timeout=None):
        body, _ = self.execute(text, result_format=(None, "ntriples"), bindings=bindings, timeout=timeout)
        return list(ox.parse(body, format=ox.RdfFormat.N_TRIPLES))

    def ask(self, text, bindings=None, timeout=None):
        body, _ = self.execute(text, result_format=("json", None), bindings=bindings, timeout=timeout)
        return bool(ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON))

    def count(self) -> int:
        return self._count

    def named_graphs(self) -> list[str]:
        return sorted(self._sizes)

    def graph_sizes(self) -> dict[str, int]:
        return dict(self._sizes)

    def warm(self) -> None:
        pass

    def close(self) -> None:
        pass


def rows(results) -> list[dict[str, str]]:
    """SELECT rows (terms or a pyoxigraph result) as dicts of variable → lexical value."""
    if isinstance(results, ox.QuerySolutions):
        names = [v.value for v in results.variables]
        return [{n: s[n].value for n in names if s[n] is not None} for s in results]
    return [{k: v.value for k, v in row.items()} for row in results]
