"""The query engine: one way to run SPARQL on the dataset, for the command line, the server, the
tests and the benchmarks.

`open_engine(limits, source)` opens the engine a source names, from the table `KINDS`:

    source                              kind       engine
    sparql+http(s)://host/path          remote     RemoteEngine (any SPARQL 1.1 Protocol server)
    virtuoso+http(s)://host/sparql      virtuoso   VirtuosoEngine (OpenLink Virtuoso filled by
                                                   `dtkg load --into virtuoso+…`; virtuoso.py says
                                                   which of its differences it makes equal)
    a directory                         rocksdb    LocalEngine on a RocksDB store (copied into memory
                                                   unless in_memory=False)
    an RDF file, or a list of them      files      LocalEngine on an in-memory store
    a pyoxigraph Store                  store      LocalEngine on that store

Every engine offers the protocol of base.py (execute, select, construct, ask, count, close) and
raises the errors of errors.py, which the server maps to HTTP and the command line to exit codes.
Nothing here builds the dataset or knows HTTP servers: the caller says what to open.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

import pyoxigraph as ox

from .base import Engine, rows
from .dataset import copy_to_memory, load_files, merge_default_graph
from .errors import EngineError
from .limits import Limits
from .local import LocalEngine
from .remote import RemoteEngine
from .virtuoso import VirtuosoEngine

__all__ = ["Engine", "EngineError", "Limits", "LocalEngine", "RemoteEngine", "VirtuosoEngine", "open_engine", "kind_of", "rows"]

REMOTE_SCHEMES = ("sparql+http://", "sparql+https://")
VIRTUOSO_SCHEMES = ("virtuoso+http://", "virtuoso+https://")


def kind_of(source) -> str:
    if isinstance(source, ox.Store):
        return "store"
    if isinstance(source, (list, tuple)):
        return "files"
    text = str(source)
    if text.startswith(REMOTE_SCHEMES):
        return "remote"
    if text.startswith(VIRTUOSO_SCHEMES):
        return "virtuoso"
    path = Path(text)
    if path.is_dir():
        return "rocksdb"
    if path.is_file():
        return "files"
    raise FileNotFoundError(f"{text!r}: no such store directory or RDF file (nor a sparql+http(s):// or virtuoso+http(s):// URL)")


def _files(source) -> list[Path]:
    return [Path(p) for p in source] if isinstance(source, (list, tuple)) else [Path(source)]


KINDS: dict[str, Callable[[Limits, object, bool], Engine]] = {
    "remote": lambda limits, source, _: RemoteEngine(limits, str(source)),
    "virtuoso": lambda limits, source, _: VirtuosoEngine(limits, str(source)),
    "rocksdb": lambda limits, source, in_memory: (
        LocalEngine(limits, copy_to_memory(Path(source))) if in_memory else LocalEngine(limits, path=source)),
    "files": lambda limits, source, _: LocalEngine(limits, load_files(_files(source))),
    "store": lambda limits, source, _: LocalEngine(limits, merge_default_graph(source)),
}


def open_engine(limits: Limits, source, in_memory: bool = True) -> Engine:
    """The engine for `source` (see the table above)."""
    return KINDS[kind_of(source)](limits, source, in_memory)
