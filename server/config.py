"""Server settings: named limits with defaults, overridden by `DTKG_*` environment variables, then by
the mapping given to `create_app(config)`.

>>> Config.load({"QUERY_TIMEOUT": 5}).QUERY_TIMEOUT
5.0
"""
from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from typing import Any, Mapping

from dtkg.graph.engine.limits import Limits
from dtkg.graph.namespaces import BASE

MIB = 1024 * 1024


@dataclass(frozen=True)
class Config:
    """What `create_app` needs; every field can be set by `DTKG_<NAME>` (lists are comma-separated)."""

    # What to serve: a directory (an Oxigraph RocksDB store made by `dtkg load --store`), an RDF file
    # (the built dist/dtkg.nq, say), or sparql+http(s)://… for a remote SPARQL store. The server never
    # builds: `dtkg serve` builds first and passes the built dataset here.
    STORE: str | None = None
    # RDF files to serve instead of STORE (what `dtkg serve FILE…` passes).
    FILES: tuple[str, ...] = ()
    # The validation report (JSON, graph/validate.py) of what is served, for /validation. Unset: the
    # validation.json published beside a STORE file or inside a STORE directory, if there is one.
    VALIDATION_REPORT: str | None = None
    # Seconds a query may run before it is cut (504); a client may ask for less with `timeout=`.
    QUERY_TIMEOUT: float = 30.0
    # A serialised result larger than this is refused (422), never sent truncated.
    MAX_RESULT_BYTES: int = 64 * MIB
    # A request body or query string larger than this is refused (413).
    MAX_REQUEST_BYTES: int = 1 * MIB
    # SERVICE IRIs a query may call; any other SERVICE is refused (400). Empty: no federation.
    SERVICE_ALLOWLIST: tuple[str, ...] = ()
    # Origins allowed to read cross-origin (GET, POST, OPTIONS only); "*" for any.
    CORS_ORIGINS: tuple[str, ...] = ("*",)
    BASE_IRI: str = BASE
    # Memory one query process may allocate beyond the shared store; a query that needs more is
    # stopped with 507. 0: no limit (not for a public endpoint).
    QUERY_MEMORY_BYTES: int = 1024 * MIB
    # Query processes per server process (killable, so a timeout can cut a query); 0 runs queries
    # in the server process itself, with no timeout.
    QUERY_PROCESSES: int = 4
    # Bytes of serialised results each server process keeps for repeated queries on the local store
    # (which never changes while served); 0 turns the cache off. Remote stores are never cached.
    RESULT_CACHE_BYTES: int = 64 * MIB
    # A RocksDB STORE is copied into memory at start (faster queries, see README) unless False.
    STORE_IN_MEMORY: bool = True
    # The public address of this server (https://host/prefix), written into pages and VoID. Unset,
    # pages link relatively and never copy the request's Host header into what they show.
    PUBLIC_URL: str | None = None
    # Host names (and host:port) the server answers to; empty: any. Set it on a public server so a
    # forged Host header gets 400 instead of reaching the pages.
    TRUSTED_HOSTS: tuple[str, ...] = ()
    # Where GET /sparql sends a browser asking for HTML (the query editor page).
    UI_PATH: str = "/"
    # The HTTP front (server/front.py): limits applied before a request reaches a worker thread.
    # Seconds a client has to send the request line and headers (from the connection's opening, or
    # from the first byte of a kept-alive connection's next request); then 408 and the connection closes.
    HEADER_TIMEOUT: float = 10.0
    # Seconds a client has, once the headers are in, to send the body (at most MAX_REQUEST_BYTES).
    BODY_TIMEOUT: float = 30.0
    # Requests one client (remote address) may have in progress at once, over all workers; the next
    # gets 503 with Retry-After. Keep it below workers × threads so no client can hold every thread.
    CLIENT_CONCURRENCY: int = 6
    # Seconds a client has to read a response; then the connection is closed and its thread freed.
    # The largest result (MAX_RESULT_BYTES) needs about 550 KiB/s at the default.
    RESPONSE_TIMEOUT: float = 120.0
    # Connections one client (remote address) may have open at once, over all workers; the next is
    # answered 503 and closed. Each may hold a request head and body being read (at most 64 KiB +
    # MAX_REQUEST_BYTES). Connections from TRUSTED_PROXIES are not counted.
    CLIENT_CONNECTIONS: int = 64
    # Complete requests each worker holds waiting for a free thread; the next gets 503 with Retry-After.
    MAX_QUEUED: int = 8
    # Seconds a complete request may wait for a free thread; then it is not run and gets 503 with Retry-After.
    QUEUE_TIMEOUT: float = 10.0
    # Seconds a 503 asks the client to wait before retrying (Retry-After).
    RETRY_AFTER: int = 2
    # Reverse proxies (addresses or CIDR networks) whose X-Forwarded-For names the client for
    # CLIENT_CONCURRENCY. Empty: the peer address is the client, and X-Forwarded-For is ignored (a
    # peer on a Unix socket is always a trusted local proxy).
    TRUSTED_PROXIES: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def limits(self) -> Limits:
        """The engine's settings, carried here under the same names."""
        return Limits(**{f.name: getattr(self, f.name) for f in dataclasses.fields(Limits)})

    @property
    def source(self):
        """What the engine serves: the FILES, else the STORE (graph/engine `open_engine`)."""
        if self.FILES:
            return list(self.FILES)
        if self.STORE:
            return self.STORE
        raise ValueError("Nothing to serve: set STORE (a built dataset, a RocksDB store or a SPARQL endpoint) or "
                         "FILES. The server serves what it is given; `dtkg serve` builds the dataset first.")

    @classmethod
    def load(cls, overrides: Mapping[str, Any] | "Config" | None = None, environ: Mapping[str, str] | None = None) -> "Config":
        """Defaults, then `DTKG_*` variables, then `overrides` (unknown keys are kept in `extra`)."""
        if isinstance(overrides, Config):
            return overrides
        environ = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        names = {f.name: f for f in dataclasses.fields(cls) if f.name != "extra"}
        for name, f in names.items():
            raw = environ.get(f"DTKG_{name}")
            if raw is not None:
                values[name] = _coerce(f, raw)
        extra = {}
        for key, value in (overrides or {}).items():
            if key in names:
                values[key] = _coerce(names[key], value)
            else:
                extra[key] = value
        return cls(**values, extra=extra)

    def as_flask(self) -> dict[str, Any]:
        """The settings as Flask config keys (`app.config["QUERY_TIMEOUT"]`, …)."""
        out = {f.name: getattr(self, f.name) for f in dataclasses.fields(self) if f.name != "extra"}
        out.update(self.extra)
        return out


def _coerce(f: dataclasses.Field, value: Any) -> Any:
    kind = str(f.type)
    if value is None:
        return None
    if kind.startswith("tuple"):
        if isinstance(value, str):
            return tuple(v.strip() for v in value.split(",") if v.strip())
        return tuple(str(v) for v in value)
    if kind == "bool":
        if isinstance(value, str):
            return value.strip().lower() in ("1", "true", "yes", "on")
        return bool(value)
    if kind == "int":
        return int(value)
    if kind == "float":
        return float(value)
    if kind.startswith("str | None"):
        return str(value) if value != "" else None
    return str(value)
