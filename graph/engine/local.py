"""The embedded engine: Oxigraph in this process's memory (shared by fork with the query processes)
or a RocksDB store that each query process opens read-only.

Queries run natively in killable query processes (executor.py) that cannot open a network socket
(sandbox.py) and may use at most QUERY_MEMORY_BYTES more; only a query whose every SERVICE is
allow-listed goes to a second pool that keeps the network. Results are cached (result_cache.py):
the store never changes while it is served.
"""
from __future__ import annotations

import dataclasses
import threading
from functools import partial
from pathlib import Path

import pyoxigraph as ox

from .base import GRAPH_SIZES, QueryEngine
from .dataset import has_default_graph
from .evaluation import confine, evaluate, query_process_crashed
from .executor import Executor
from .limits import Limits
from .result_cache import ResultCache


class LocalEngine(QueryEngine):
    def __init__(self, limits: Limits, store: ox.Store | None = None, path: str | Path | None = None):
        self.limits, self.store, self.path = limits, store, None if path is None else str(path)
        # A store whose default graph holds data holds the merge (dataset.py); an empty one gets the union flag.
        self.union_default_graph = not has_default_graph(self._open())
        self._sizes: dict[str, int] | None = None  # measured on first use (see _measure)
        self._measuring = threading.Lock()
        memory = limits.QUERY_MEMORY_BYTES
        crashed = partial(query_process_crashed, memory)
        self.executor = Executor(self._open, evaluate, limits.QUERY_PROCESSES,
                                 confine=partial(confine, memory, network=False), crashed=crashed)
        self.federating = Executor(self._open, evaluate, max(1, limits.QUERY_PROCESSES // 2),
                                   confine=partial(confine, memory, network=True), crashed=crashed) \
            if limits.SERVICE_ALLOWLIST and limits.QUERY_PROCESSES > 0 else None
        self.cache = ResultCache(limits.RESULT_CACHE_BYTES) if limits.RESULT_CACHE_BYTES > 0 else None

    def _open(self) -> ox.Store:
        return self.store if self.store is not None else ox.Store.read_only(self.path)

    def _measure(self) -> dict[str, int]:
        """Triples per named graph, counted when first asked (the VoID and statistics pages), not at
        start: on a RocksDB store of 1M triples the count took 1.5 s of a cold start otherwise under 1 s."""
        with self._measuring:
            if self._sizes is None:
                local = self._open()
                sizes = {s["g"].value: int(s["n"].value) for s in local.query(GRAPH_SIZES)
                         if isinstance(s["g"], ox.NamedNode)}
                merged = not self.union_default_graph  # the merge is a second copy: count the named graphs
                self._count = sum(sizes.values()) if merged and sizes else len(local)
                self._sizes = sizes
        return self._sizes

    def count(self) -> int:
        self._measure()
        return self._count

    def named_graphs(self) -> list[str]:
        return sorted(self._measure())

    def graph_sizes(self) -> dict[str, int]:
        return dict(self._measure())

    def execute(self, text, *, result_format, default_graph_uris=(), named_graph_uris=(), timeout=None,
                bindings=None, base_iri=None):
        _, job = self.prepare(text, result_format, default_graph_uris, named_graph_uris, bindings, base_iri)
        cached = self.cache.get(job) if self.cache is not None else None
        if cached is not None:
            media, body = cached
            return body, media
        if job.federated and self.federating is None:
            job = dataclasses.replace(job, federated=False)  # no allow-list: it runs with no network
        executor = self.federating if job.federated else self.executor
        media, body = executor.run(job, self.time_limit(timeout))
        if self.cache is not None and not job.federated:  # a remote endpoint's answer may change
            self.cache.put(job, (media, body), len(job.text) + len(media))
        return body, media

    def warm(self) -> None:
        self.executor.warm()

    def close(self) -> None:
        self.executor.close()
        if self.federating is not None:
            self.federating.close()
