"""What the engine says when it does not answer: one class per reason, each with a sentence written
for the person who sent the query. The engine knows no HTTP: the server maps each class to a status
(server/errors.py) and the command line to an exit code, with the same sentence."""
from __future__ import annotations

from ..errors import QueryError


class EngineError(QueryError):
    """A query that was not answered; `retry_after` (seconds) when trying again later may work."""

    def __init__(self, message: str, retry_after: int | None = None):
        super().__init__(message)
        self.message, self.retry_after = message, retry_after

    def __reduce__(self):  # sent back from a query process with its fields
        return (self.__class__, (self.message, self.retry_after))


class QueryRefused(EngineError):
    """The query or one of its arguments cannot be run here (bad IRI, SERVICE not allowed, nesting)."""


class QuerySyntaxError(QueryRefused):
    """The query does not parse; the message carries the parser's position and expectation."""


class UpdateRefused(EngineError):
    """SPARQL Update on a read-only engine."""


class NoAcceptableFormat(EngineError):
    """The query's result kind (a result set or a graph) has no format among those asked for."""


class ResultTooLarge(EngineError):
    """The serialised result is past the limit; nothing partial is returned."""


class QueryTimeout(EngineError):
    """The query was stopped at its time limit."""


class EngineBusy(EngineError):
    """Every query process is busy."""


class MemoryLimit(EngineError):
    """The query needed more memory than one query may use."""


class StoreFailed(EngineError):
    """A remote store (or an allowed SERVICE endpoint) failed or answered something unusable."""
