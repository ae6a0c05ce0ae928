"""A remote engine: any SPARQL 1.1 Protocol server (`sparql+http://host:port/path`), queried as it is.

Its default graph should be the merge of the named graphs, as `dtkg load --into` writes it (or its
own union-default-graph setting). Bindings become a VALUES block at the start of the WHERE group,
the terms written by pyoxigraph. Inspection, formats and limits are those of every engine (base.py);
the remote store's answer is never cached (it may change).
"""
from __future__ import annotations

import http.client
import re
import socket
import threading
from urllib.parse import urlencode, urlsplit

import pyoxigraph as ox

from ..formats import GRAPH_TYPES, RESULT_TYPES
from .base import GRAPH_SIZES, QueryEngine
from .errors import NoAcceptableFormat, QueryRefused, QuerySyntaxError, QueryTimeout, ResultTooLarge, StoreFailed
from .inspection import QueryInfo, inspect_query
from .limits import Limits


class RemoteEngine(QueryEngine):
    def __init__(self, limits: Limits, url: str):
        self.limits = limits
        self.url = str(url).removeprefix("sparql+")
        parts = urlsplit(self.url)
        self._https, self._host, self._port = parts.scheme == "https", parts.hostname, parts.port
        self._path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        self._local = threading.local()
        self._describe()

    def _describe(self) -> None:
        """Read the triples per named graph, once (what count() and named_graphs() report)."""
        rows = self.select(GRAPH_SIZES)
        self._sizes = {r["g"].value: int(r["n"].value) for r in rows if isinstance(r.get("g"), ox.NamedNode)}
        self._count = sum(self._sizes.values())

    def execute(self, text, *, result_format, default_graph_uris=(), named_graph_uris=(), timeout=None,
                bindings=None, base_iri=None):
        info, job = self.prepare(text, result_format, default_graph_uris, named_graph_uris, bindings, base_iri)
        if job.substitutions:
            text = with_values(text, job.substitutions, info=info)
        form = [("query", text)]
        form += [("default-graph-uri", g) for g in job.default_graphs or ()]
        form += [("named-graph-uri", g) for g in job.named_graphs or ()]
        wanted = {"results": RESULT_TYPES.get(job.formats[0] or ""), "graph": GRAPH_TYPES.get(job.formats[1] or "")}
        kind = None if info.form is None else ("graph" if info.form in ("CONSTRUCT", "DESCRIBE") else "results")
        accept = [wanted[kind]] if kind else [m for m in wanted.values() if m]
        if not all(accept) or not accept:
            raise NoAcceptableFormat("The Accept header allows no format for this kind of query.")
        return self._post(form, ", ".join(accept), self.time_limit(timeout))

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
        limit = self.limits.MAX_RESULT_BYTES
        for attempt in (0, 1):
            conn = self._connection(timeout)
            reused = conn.sock is not None
            try:
                conn.request("POST", self._path, body, headers)
                response = conn.getresponse()
                data = response.read(limit + 1)
                if not response.isclosed() and len(data) > limit:
                    conn.close()
                break
            except (socket.timeout, TimeoutError):
                conn.close()
                raise QueryTimeout(f"The SPARQL store at {self.url} did not answer within {timeout:g} s.") from None
            except (http.client.HTTPException, OSError) as exc:
                conn.close()
                if attempt == 0 and reused:
                    continue  # the store closed an idle kept-alive connection: try once more
                raise StoreFailed(f"The SPARQL store at {self.url} cannot be reached: {exc}") from None
        if len(data) > limit:
            raise too_large(limit)
        media = (response.getheader("Content-Type") or "").split(";")[0].strip()
        if response.status == 400:
            raise QuerySyntaxError(f"The SPARQL store refused the query: {data.decode('utf-8', 'replace').strip()}")
        if response.status >= 300:
            raise StoreFailed(f"The SPARQL store at {self.url} answered {response.status}: "
                              f"{data.decode('utf-8', 'replace').strip()[:500]}")
        return data, media

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()


def too_large(limit: int) -> ResultTooLarge:
    return ResultTooLarge(f"The result is larger than this endpoint's limit of {limit} bytes; add LIMIT or "
                          "narrow the query (no partial result is sent).")


def with_values(text: str, bindings, every_where: bool = False, info: QueryInfo | None = None) -> str:
    """The query with its parameters (name → term, or (name, term) pairs) fixed by a VALUES block at
    the start of its WHERE group, for a store or an editor that takes no bindings beside the text.
    With `every_where`, every `WHERE {` gets one (subqueries too), as the benchmarks send queries.
    `info`: the query's inspection when the caller has it (an engine has, from `prepare`)."""
    pairs = list(bindings.items()) if isinstance(bindings, dict) else list(bindings)
    if not pairs:
        return text
    names = " ".join(f"?{k.lstrip('?$')}" for k, _ in pairs)
    row = " ".join(str(v) for _, v in pairs)  # N-Triples syntax, escaped by pyoxigraph
    if every_where:
        return _WHERE.sub(lambda m: f"{m[0]} VALUES ({names}) {{ ({row}) }}", text)
    at = (info or inspect_query(text)).where_at
    if at is None:
        raise QueryRefused("Parameters need a query with a WHERE group (not CONSTRUCT WHERE or DESCRIBE without "
                           "WHERE) on a remote store.")
    return f"{text[:at]} VALUES ({names}) {{ ({row}) }} {text[at:]}"


_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
