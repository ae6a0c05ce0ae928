"""Where queries run: `LocalBackend` (pyoxigraph, in killable query processes) or `RemoteBackend`
(any SPARQL 1.1 server, `sparql+http://host:port/path`). Both offer the interface of the server
brief: `select`, `construct`, `ask`, `execute`, `count`, `named_graphs`.

Every query is inspected first (`inspect_query`): updates are refused, SERVICE is refused unless
its IRI is in SERVICE_ALLOWLIST (pyoxigraph 0.5.13 *does* send SERVICE requests), and a query with
its own FROM keeps it (pyoxigraph's union flag would override FROM). No rdflib SPARQL anywhere:
FROM <url> only names a graph of the store and never fetches.

The default graph is the union of the named graphs with set semantics: stores made by dtkg hold it
materialised (graph/store.py `merge_default_graph`, because Oxigraph 0.5's union flag repeats a
triple once per graph holding it); a store whose default graph is empty gets the union flag.
"""
from __future__ import annotations

import dataclasses
import http.client
import socket
import threading
from functools import partial
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pyoxigraph as ox

from dtkg.graph.formats import RESULT_FORMATS

from .config import Config
from .errors import BackendError, BadRequest, NotAcceptable, QuerySyntaxError, QueryTimeout, ResultTooLarge
from .evaluation import Job, confine, evaluate, query_process_crashed
from .executor import Executor
from dtkg.graph.formats import GRAPH_TYPES, RESULT_TYPES
from .query_text import FORMS, QueryInfo, check_query, inspect_query
from .result_cache import ResultCache

# ------------------------------------------------------------------ the shared interface


class _Backend:
    config: Config

    def _limit(self, timeout: float | None) -> float | None:
        limit = self.config.QUERY_TIMEOUT or None
        if timeout:
            limit = min(limit, timeout) if limit else timeout
        return limit

    def _prepare(self, text, formats, default_graph_uris, named_graph_uris, bindings, base_iri) -> tuple[QueryInfo, Job]:
        base = base_iri or self.config.BASE_IRI
        info = inspect_query(text, base)
        check_query(info, self.config.SERVICE_ALLOWLIST)
        for iri in (*default_graph_uris, *named_graph_uris):
            try:
                ox.NamedNode(iri)
            except ValueError:
                raise BadRequest(f"{iri!r} is not an absolute IRI (default-graph-uri / named-graph-uri).") from None
        protocol = bool(default_graph_uris or named_graph_uris)
        if isinstance(formats, str):
            formats = (formats, None) if formats in RESULT_FORMATS else (None, formats)
        if info.form in FORMS and formats[info.form in ("CONSTRUCT", "DESCRIBE")] is None:
            graph = info.form in ("CONSTRUCT", "DESCRIBE")
            kind, offered = ("an RDF graph", GRAPH_TYPES) if graph else ("a result set", RESULT_TYPES)
            raise NotAcceptable(f"This {info.form} query returns {kind}, which the Accept header (or format=) does not "
                                f"allow. Acceptable types: {', '.join(offered.values())}.")
        job = Job(text, tuple(formats), tuple(default_graph_uris) if protocol else None,
                  tuple(named_graph_uris) if protocol else None, not protocol and not info.has_dataset,
                  tuple((k.lstrip("?$"), v) for k, v in (bindings or {}).items()), self.config.MAX_RESULT_BYTES, base,
                  bool(info.services))
        return info, job

    def execute(self, text: str, *, result_format, default_graph_uris=(), named_graph_uris=(), timeout=None,
                bindings=None, base_iri=None) -> tuple[bytes, str]:
        """Serialised results; `result_format` is a format name or a (result-set, graph) pair of names."""
        raise NotImplementedError

    def select(self, text: str, bindings=None, timeout=None) -> list[dict[str, object]]:
        """Rows of a SELECT as dicts of variable → pyoxigraph term (unbound variables left out)."""
        body, _ = self.execute(text, result_format=("json", None), bindings=bindings, timeout=timeout)
        results = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
        if not isinstance(results, ox.QuerySolutions):
            raise BadRequest("select() needs a SELECT query")
        names = [v.value for v in results.variables]
        return [{n: s[n] for n in names if s[n] is not None} for s in results]

    def construct(self, text: str, bindings=None, timeout=None) -> list[ox.Triple]:
        body, _ = self.execute(text, result_format=(None, "ntriples"), bindings=bindings, timeout=timeout)
        return list(ox.parse(body, format=ox.RdfFormat.N_TRIPLES))

    def ask(self, text: str, bindings=None, timeout=None) -> bool:
        body, _ = self.execute(text, result_format=("json", None), bindings=bindings, timeout=timeout)
        return bool(ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON))

    def count(self) -> int:
        return self._count

    def named_graphs(self) -> list[str]:
        return list(self._graphs)

    def graph_sizes(self) -> dict[str, int]:
        """Triples per named graph (for the service description)."""
        return dict(self._sizes)

    def warm(self) -> None:
        pass

    def close(self) -> None:
        pass


_SIZES = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"


class LocalBackend(_Backend):
    """pyoxigraph: an in-memory store shared by fork with the query processes, or (with `path` and
    no store) a RocksDB store that each query process opens read-only."""

    def __init__(self, config: Config, store: ox.Store | None = None, path: str | None = None):
        self.config, self.store, self.path = config, store, path
        local = store if store is not None else ox.Store.read_only(str(path))
        self._sizes = {s["g"].value: int(s["n"].value) for s in local.query(_SIZES) if isinstance(s["g"], ox.NamedNode)}
        self._graphs = sorted(self._sizes)
        self.merged = has_default_graph(local)
        self._count = sum(self._sizes.values()) if self.merged and self._sizes else len(local)
        memory = config.QUERY_MEMORY_BYTES
        crashed = partial(query_process_crashed, memory)
        # Queries run where no network socket can be opened; only a query whose every SERVICE is
        # allow-listed goes to the second pool, which keeps the network (and the memory limit).
        self.executor = Executor(self._open, evaluate, config.QUERY_PROCESSES,
                                 confine=partial(confine, memory, network=False), crashed=crashed)
        self.federating = Executor(self._open, evaluate, max(1, config.QUERY_PROCESSES // 2),
                                   confine=partial(confine, memory, network=True), crashed=crashed) \
            if config.SERVICE_ALLOWLIST and config.QUERY_PROCESSES > 0 else None
        self.cache = ResultCache(config.RESULT_CACHE_BYTES) if config.RESULT_CACHE_BYTES > 0 else None

    def _open(self) -> ox.Store:
        return self.store if self.store is not None else ox.Store.read_only(str(self.path))

    def execute(self, text, *, result_format, default_graph_uris=(), named_graph_uris=(), timeout=None,
                bindings=None, base_iri=None):
        _, job = self._prepare(text, result_format, default_graph_uris, named_graph_uris, bindings, base_iri)
        if self.merged and job.union:
            job = dataclasses.replace(job, union=False)  # the default graph already is the merge
        cached = self.cache.get(job) if self.cache is not None else None
        if cached is not None:
            media, body = cached
            return body, media
        if job.federated and self.federating is None:
            job = dataclasses.replace(job, federated=False)  # no allow-list: it runs with no network
        executor = self.federating if job.federated else self.executor
        media, body = executor.run(job, self._limit(timeout))
        if self.cache is not None and not job.federated:  # a remote endpoint's answer may change
            self.cache.put(job, (media, body), len(job.text) + len(media))
        return body, media

    def warm(self) -> None:
        self.executor.warm()

    def close(self) -> None:
        self.executor.close()
        if self.federating is not None:
            self.federating.close()


class RemoteBackend(_Backend):
    """Any SPARQL 1.1 Protocol server, queried as it is: its default graph should be the merge of
    the named graphs, as `dtkg load --into` writes it (or its own union-default-graph setting).
    Bindings become a VALUES block at the start of the WHERE group, terms written by pyoxigraph."""

    def __init__(self, config: Config):
        self.config = config
        self.url = str(config.STORE).removeprefix("sparql+")
        parts = urlsplit(self.url)
        self._https, self._host, self._port = parts.scheme == "https", parts.hostname, parts.port
        self._path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        self._local = threading.local()
        rows = self.select(_SIZES)
        self._sizes = {r["g"].value: int(r["n"].value) for r in rows if isinstance(r.get("g"), ox.NamedNode)}
        self._graphs = sorted(self._sizes)
        self._count = sum(self._sizes.values())

    def execute(self, text, *, result_format, default_graph_uris=(), named_graph_uris=(), timeout=None,
                bindings=None, base_iri=None):
        info, job = self._prepare(text, result_format, default_graph_uris, named_graph_uris, bindings, base_iri)
        if job.substitutions:
            text = _with_values(text, info, job.substitutions)
        form = [("query", text)]
        form += [("default-graph-uri", g) for g in job.default_graphs or ()]
        form += [("named-graph-uri", g) for g in job.named_graphs or ()]
        wanted = {"results": RESULT_TYPES.get(job.formats[0] or ""), "graph": GRAPH_TYPES.get(job.formats[1] or "")}
        kind = None if info.form is None else ("graph" if info.form in ("CONSTRUCT", "DESCRIBE") else "results")
        accept = [wanted[kind]] if kind else [m for m in wanted.values() if m]
        if not all(accept) or not accept:
            raise NotAcceptable("The Accept header allows no format for this kind of query.")
        return self._post(form, ", ".join(accept), self._limit(timeout))

    def _connection(self, timeout: float | None) -> http.client.HTTPConnection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            cls = http.client.HTTPSConnection if self._https else http.client.HTTPConnection
            conn = self._local.conn = cls(self._host, self._port)
        conn.timeout = timeout
        if conn.sock is not None:
            conn.sock.settimeout(timeout)
        return conn

    def _post(self, form, accept: str, timeout: float | None) -> tuple[bytes, str]:
        body = urlencode(form).encode("utf-8")
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept, "User-Agent": "dtkg"}
        for attempt in (0, 1):
            conn = self._connection(timeout)
            reused = conn.sock is not None
            try:
                conn.request("POST", self._path, body, headers)
                response = conn.getresponse()
                data = response.read(self.config.MAX_RESULT_BYTES + 1)
                if not response.isclosed() and len(data) > self.config.MAX_RESULT_BYTES:
                    conn.close()
                break
            except (socket.timeout, TimeoutError):
                conn.close()
                raise QueryTimeout(f"The SPARQL store at {self.url} did not answer within {timeout:g} s.") from None
            except (http.client.HTTPException, OSError) as exc:
                conn.close()
                if attempt == 0 and reused:
                    continue  # the store closed an idle kept-alive connection: try once more
                raise BackendError(f"The SPARQL store at {self.url} cannot be reached: {exc}") from None
        if len(data) > self.config.MAX_RESULT_BYTES:
            raise ResultTooLarge(f"The result is larger than this endpoint's limit of {self.config.MAX_RESULT_BYTES} "
                                 "bytes; add LIMIT or narrow the query (no partial result is sent).")
        media = (response.getheader("Content-Type") or "").split(";")[0].strip()
        if response.status == 400:
            raise QuerySyntaxError(f"The SPARQL store refused the query: {data.decode('utf-8', 'replace').strip()}")
        if response.status >= 300:
            raise BackendError(f"The SPARQL store at {self.url} answered {response.status}: "
                               f"{data.decode('utf-8', 'replace').strip()[:500]}")
        return data, media

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()


def _with_values(text: str, info: QueryInfo, substitutions) -> str:
    if info.where_at is None:
        raise BadRequest("Parameters need a query with a WHERE group (not CONSTRUCT WHERE or DESCRIBE without WHERE) on a remote store.")
    names = " ".join(f"?{k}" for k, _ in substitutions)
    row = " ".join(str(v) for _, v in substitutions)  # N-Triples syntax, escaped by pyoxigraph
    return f"{text[:info.where_at]} VALUES ({names}) {{ ({row}) }} {text[info.where_at:]}"


# ------------------------------------------------------------------ opening


def open_backend(config: Config, progress=lambda _: None) -> _Backend:
    """The backend `config.STORE` / `config.FILES` name; the built dataset (built if needed) by default."""
    if config.remote:
        return RemoteBackend(config)
    if config.FILES:
        from dtkg.graph.store import load_files

        return LocalBackend(config, load_files([Path(f) for f in config.FILES]).ox)  # merged
    if config.STORE and Path(config.STORE).is_dir():
        if not config.STORE_IN_MEMORY:
            return LocalBackend(config, path=config.STORE)
        disk = ox.Store.read_only(str(config.STORE))
        store = ox.Store()
        store.bulk_load(disk.dump(format=ox.RdfFormat.N_QUADS), ox.RdfFormat.N_QUADS)
        return LocalBackend(config, store)  # a store made by `dtkg load --store` holds the merge
    if config.STORE:
        from dtkg.graph.store import load_files

        path = Path(config.STORE)
        if not path.is_file():
            raise FileNotFoundError(f"STORE {config.STORE!r}: no such store directory or RDF file")
        return LocalBackend(config, load_files([path]).ox)
    from dtkg.graph.dist import ensure_built

    store = ox.Store()
    store.bulk_load(path=str(ensure_built(progress=progress)), format=ox.RdfFormat.N_QUADS)
    merge_default_graph(store)
    return LocalBackend(config, store)


# ------------------------------------------------------------------ loading other stores


def has_default_graph(store: ox.Store) -> bool:
    return next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is not None


def merge_default_graph(store: ox.Store) -> None:
    """Materialise the merge of the named graphs in the default graph (in Rust: fast at 1M triples)."""
    if has_default_graph(store):
        return
    union = store.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
    data = union.serialize(format=ox.RdfFormat.N_TRIPLES)
    if data:
        store.bulk_load(data, ox.RdfFormat.N_TRIPLES)


def push_graphs(store: ox.Store, url: str, timeout: float = 600) -> list[tuple[str, int]]:
    """Replace each named graph of `store` on a Graph Store Protocol endpoint (`url`, e.g. oxigraph's
    http://host:7878/store) with one `PUT url?graph=IRI` (N-Triples) per graph, then the default graph
    with the merge of them all (`PUT url?default`), so that the store answers as this server does.
    Returns (graph, triples) for each named graph."""
    url = url.removeprefix("sparql+")
    parts = urlsplit(url)
    cls = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    merged = ox.Store()
    merged.bulk_load(store.dump(format=ox.RdfFormat.N_QUADS), ox.RdfFormat.N_QUADS)
    merge_default_graph(merged)
    done = []
    graphs = sorted((g for g in store.named_graphs() if isinstance(g, ox.NamedNode)), key=str)
    for graph in [*graphs, ox.DefaultGraph()]:
        body = merged.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph)
        query = {"graph": graph.value} if isinstance(graph, ox.NamedNode) else {"default": ""}
        target = (parts.path or "/") + ("?" + parts.query + "&" if parts.query else "?") + urlencode(query)
        conn = cls(parts.hostname, parts.port, timeout=timeout)
        try:
            conn.request("PUT", target, body, {"Content-Type": "application/n-triples", "User-Agent": "dtkg"})
            response = conn.getresponse()
            answer = response.read()
        except OSError as exc:
            raise BackendError(f"Cannot reach the Graph Store at {url}: {exc}") from None
        finally:
            conn.close()
        if response.status >= 300:
            raise BackendError(f"PUT of graph {graph} to {url} answered {response.status}: "
                               f"{answer.decode('utf-8', 'replace').strip()[:300]}")
        if isinstance(graph, ox.NamedNode):
            done.append((graph.value, body.count(b"\n")))
    return done


def build_disk_store(source: Path, path: Path) -> int:
    """An Oxigraph RocksDB store at `path` (new or empty directory) holding the N-Quads/TriG `source`."""
    if path.exists() and any(path.iterdir()):
        raise FileExistsError(f"{path} is not empty; remove it or choose another directory")
    from dtkg.graph.formats import by_suffix

    store = ox.Store(str(path))
    store.bulk_load(path=str(source), format=by_suffix(source.suffix).oxigraph)
    merge_default_graph(store)
    store.optimize()
    store.flush()
    return len(store)
