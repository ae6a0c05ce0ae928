"""The data an embedded engine serves: Oxigraph stores filled from RDF files or opened from RocksDB,
with the default graph made the RDF merge of the named graphs (the one place this is done).

Oxigraph 0.5's `use_default_graph_as_union` yields a triple once per named graph that holds it
(oxigraph#1919, fixed after 0.5), so COUNT and SUM over the union are inflated and rows repeat; a
materialised merge gives SPARQL's set semantics at the cost of a second copy of the triples.
"""
from __future__ import annotations

import ctypes
from pathlib import Path

import pyoxigraph as ox

from .. import rdf_input
from ..formats import by_suffix
from ..rdf_input import rdf_format


def has_default_graph(store: ox.Store) -> bool:
    return next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is not None


def merge_default_graph(store: ox.Store) -> ox.Store:
    """Materialise the merge of the named graphs in an empty default graph (in Rust: fast at 1M
    triples); a store whose default graph has data keeps it."""
    if not has_default_graph(store):
        union = store.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
        data = union.serialize(format=ox.RdfFormat.N_TRIPLES)
        if data:
            store.bulk_load(data, ox.RdfFormat.N_TRIPLES)
    return store


def load_files(paths: list[Path], store: ox.Store | None = None) -> ox.Store:
    """A store holding the given RDF files, merged. Each file is checked first (no entity, no remote
    context; errors name file:line); a quad format keeps its graphs, a triple file goes into a
    named graph named after its file:// IRI, so that graphs stay apart as in `oxigraph serve`."""
    store = ox.Store() if store is None else store
    for path in paths:
        fmt = by_suffix(path.suffix)
        graph = None if fmt is None or fmt.quads else ox.NamedNode(path.resolve().as_uri())
        rdf_input.load(store, path, rdf_format(path), graph)
    return release_free_memory(merge_default_graph(store))


def copy_to_memory(path: Path) -> ox.Store:
    """An in-memory copy of a RocksDB store (faster queries than reading RocksDB, see README)."""
    disk = ox.Store.read_only(str(path))
    store = ox.Store()
    store.bulk_load(disk.dump(format=ox.RdfFormat.N_QUADS), ox.RdfFormat.N_QUADS)
    return release_free_memory(store)


def release_free_memory(store: ox.Store) -> ox.Store:
    """Give the heap freed by a load back to the system (glibc keeps it otherwise): the parsed text
    and the merge's N-Triples are gone, but their pages stayed resident and every fork shared them.
    At 1M triples the server process went from 780 to 644 MiB resident."""
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):  # not glibc
        pass
    return store


def write_disk_store(source: Path, path: Path) -> int:
    """An Oxigraph RocksDB store at `path` (new or empty directory) holding the N-Quads/TriG `source`,
    merged; returns its quads."""
    if path.exists() and any(path.iterdir()):
        raise FileExistsError(f"{path} is not empty; remove it or choose another directory")
    store = ox.Store(str(path))
    store.bulk_load(path=str(source), format=by_suffix(source.suffix).oxigraph)
    merge_default_graph(store)
    store.optimize()
    store.flush()
    return len(store)
