"""What runs in a query process: a `Job` (one query with its formats, dataset and limits), its
evaluation on the store (`evaluate`), and the confinement of the process (`confine`) with the error
for one that died (`query_process_crashed`). backend.py sends jobs here through the executor.
"""
from __future__ import annotations

import io
import os
import re
import sys
from dataclasses import dataclass

import pyoxigraph as ox

from dtkg.graph.formats import RESULT_FORMATS, by_name

from . import sandbox
from .errors import (BackendError, BadRequest, MemoryLimit, NotAcceptable, ProtocolError, QuerySyntaxError,
                     ResultTooLarge)
from .executor import crashed_unexpectedly
from dtkg.graph.formats import GRAPH_TYPES, RESULT_TYPES

@dataclass(frozen=True)
class Job:
    """One query for a query process; `formats` names the result-set and the graph format."""

    text: str
    formats: tuple[str | None, str | None]
    default_graphs: tuple[str, ...] | None = None  # None: no protocol dataset
    named_graphs: tuple[str, ...] | None = None
    union: bool = True
    substitutions: tuple = ()
    max_bytes: int = 64 * 1024 * 1024
    base_iri: str | None = None
    federated: bool = False  # calls allow-listed SERVICE endpoints (runs where the network is open)


def syntax_message(text: str, error: str) -> str:
    """The parser's message made readable: position, a shortened expectation, the line with a caret."""
    match = re.match(r"error at (\d+):(\d+): (.*)", error, re.S)
    if not match:
        return f"The query is not valid SPARQL: {error}"
    line, column, detail = int(match[1]), int(match[2]), " ".join(match[3].split())
    if len(detail) > 160:
        detail = detail[:160].rsplit(",", 1)[0] + ", …"
    lines = text.splitlines() or [""]
    source = lines[line - 1] if 0 < line <= len(lines) else ""
    return (f"The query is not valid SPARQL: line {line}, column {column}: {detail}\n"
            f"  {source}\n  {' ' * max(column - 1, 0)}^")


class _TooLarge(Exception):
    pass


class _Capped(io.RawIOBase):
    """A write target that refuses to grow past `limit` bytes."""

    def __init__(self, limit: int):
        self.limit, self.size, self.parts = limit, 0, []

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self.size += len(data)
        if self.size > self.limit:
            raise _TooLarge
        self.parts.append(bytes(data))
        return len(data)


def evaluate(store: ox.Store, job: Job) -> tuple[str, bytes]:
    """Run `job` on `store` natively and serialise it: (media type, bytes). Runs in a query process."""
    kwargs = {"base_iri": job.base_iri, "substitutions": {ox.Variable(k): v for k, v in job.substitutions} or None}
    if job.default_graphs is not None or job.named_graphs is not None:
        kwargs["default_graph"] = [ox.NamedNode(g) for g in job.default_graphs or ()]
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs or ()]
    else:
        kwargs["use_default_graph_as_union"] = job.union
    out = _Capped(job.max_bytes)
    try:
        results = store.query(job.text, **kwargs)
        graph = isinstance(results, ox.QueryTriples)
        name = job.formats[1 if graph else 0]
        if name is None:
            kind = "an RDF graph" if graph else "a result set"
            offered = ", ".join((GRAPH_TYPES if graph else RESULT_TYPES).values())
            raise NotAcceptable(f"This query returns {kind}, which the Accept header does not allow. Acceptable types: {offered}.")
        if graph:
            fmt = by_name(name)
            results.serialize(out, fmt.oxigraph)
            media = fmt.media_type
        else:
            media, fmt = RESULT_FORMATS[name]
            results.serialize(out, fmt)
    except SyntaxError as exc:
        raise QuerySyntaxError(syntax_message(job.text, str(exc))) from None
    except _TooLarge:
        raise ResultTooLarge(f"The result is larger than this endpoint's limit of {job.max_bytes} bytes; add LIMIT "
                             "or narrow the query (no partial result is sent).") from None
    except OSError as exc:
        if job.federated:
            raise BackendError(f"A SERVICE endpoint failed: {exc}") from None
        raise BadRequest("The query tried to reach another server, which this endpoint refuses "
                         f"(SERVICE is allowed only for the endpoints it lists): {exc}") from None
    except (RuntimeError, ValueError, TypeError, NotImplementedError) as exc:
        raise BadRequest(f"The query cannot be evaluated: {exc}") from None
    return media, b"".join(out.parts)


def confine(memory: int, network: bool) -> None:
    """Runs in each new query process: no network unless federating, at most `memory` more bytes."""
    if not network and not sandbox.deny_network():
        sys.stderr.write("dtkg: this platform cannot forbid sockets to query processes; SERVICE calls "
                         "are refused by the query pre-check only\n")
    sandbox.limit_memory(memory)


def query_process_crashed(memory: int, status: int) -> ProtocolError:
    """The error for a query process that died: with a memory limit, almost always the limit."""
    if memory and (os.WIFSIGNALED(status) or os.WEXITSTATUS(status) != 0):
        return MemoryLimit(f"The query needed more than {memory // (1024 * 1024)} MiB, the memory one query may "
                           "use on this endpoint (QUERY_MEMORY_BYTES). Make it more selective: restrict the "
                           "graph patterns, avoid sorting or grouping a cross product, add LIMIT.")
    return crashed_unexpectedly(status)
