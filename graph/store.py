"""The store layer: one small protocol, an Oxigraph backend for serving and an rdflib reference one.

Queries always run on Oxigraph natively (a string, parameters as `substitutions`), never through
rdflib's Python engine: see ../shared/design/performance.md for why.
"""
from __future__ import annotations

from pathlib import Path
from typing import Protocol

import pyoxigraph as ox

from . import rdf_input
from .formats import by_suffix
from .rdf_input import rdf_format
from .namespaces import PREFIXES


class Store(Protocol):
    def load(self, path: Path) -> None: ...
    def query(self, text: str, bindings: dict[str, ox.NamedNode | ox.Literal] | None = None, *,
              union: bool = True, default_graph=None, named_graphs=None): ...
    def count(self) -> int: ...
    def close(self) -> None: ...


def merge_into_default_graph(store: ox.Store) -> None:
    """Make the default graph the RDF merge (a set) of all named graphs.

    Oxigraph 0.5's `use_default_graph_as_union` yields a triple once per named graph that holds it
    (oxigraph#1919, fixed after 0.5), so COUNT and SUM over the union are inflated and rows repeat;
    a materialised merge gives SPARQL's set semantics at the cost of a second copy of the triples.
    """
    triples = [ox.Quad(q.subject, q.predicate, q.object) for q in store if q.graph_name != ox.DefaultGraph()]
    store.bulk_extend(triples)


class OxigraphStore:
    """Oxigraph in memory (path None) or on disk (RocksDB), optionally opened read-only."""

    def __init__(self, path: Path | None = None, read_only: bool = False):
        self.merged = False  # default graph holds the merge of the named graphs
        self.path = path
        if path is None:
            self.ox = ox.Store()
        elif read_only:
            self.ox = ox.Store.read_only(str(path))
        else:
            self.ox = ox.Store(str(path))

    def load(self, path: Path, graph: ox.NamedNode | None = None) -> None:
        """Bulk-load an RDF file; a triple format goes into `graph` (default graph if None). The file
        is checked first (no entity, no remote context) and errors name file:line (SourceError)."""
        rdf_input.load(self.ox, path, rdf_format(path), graph)
        self.merged = False

    def merge_default_graph(self) -> "OxigraphStore":
        merge_into_default_graph(self.ox)
        self.merged = True
        return self

    def query(self, text, bindings=None, *, union=True, default_graph=None, named_graphs=None):
        """Evaluate SPARQL natively; `bindings` are substituted as RDF terms, never pasted in."""
        substitutions = {ox.Variable(k.lstrip("?$")): v for k, v in (bindings or {}).items()}
        return self.ox.query(
            text,
            use_default_graph_as_union=union and default_graph is None and not self.merged,
            default_graph=default_graph,
            named_graphs=named_graphs,
            substitutions=substitutions or None,
        )

    def count(self) -> int:
        """Quads as loaded (the materialised merge is not counted twice)."""
        if not self.merged:
            return len(self.ox)
        return sum(1 for _ in self.ox.quads_for_pattern(None, None, None)) - sum(
            1 for _ in self.ox.quads_for_pattern(None, None, None, ox.DefaultGraph()))

    def close(self) -> None:
        self.ox = None


def open_store(path: Path | None = None, read_only: bool = False) -> OxigraphStore:
    return OxigraphStore(path, read_only)


def load_files(paths: list[Path], store: OxigraphStore | None = None) -> OxigraphStore:
    """A store holding the given RDF files; triples of a triple-format file go into a named graph
    named after the file (file:// IRI), so that named graphs stay apart as in `oxigraph serve`."""
    store = store or open_store()
    for path in paths:
        fmt = by_suffix(path.suffix)
        graph = None if fmt is None or fmt.quads else ox.NamedNode(path.resolve().as_uri())
        store.load(path, graph)
    return store.merge_default_graph()


def rows(results) -> list[dict[str, str]]:
    """SELECT results as plain dicts of variable → lexical value (unbound variables left out)."""
    names = [v.value for v in results.variables]
    return [{n: s[n].value for n in names if s[n] is not None} for s in results]


def default_prefixes() -> dict[str, str]:
    return dict(PREFIXES)
