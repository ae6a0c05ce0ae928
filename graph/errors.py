"""Errors that name what the user must fix, with the file and line where there is one."""
from __future__ import annotations


class DtkgError(Exception):
    """Base class: the message is written for the person running dtkg."""


class SourceError(DtkgError):
    """A fact or source file is wrong: it names the file and, where known, the line."""

    def __init__(self, path, message: str, line: int | None = None):
        self.path, self.line, self.message = str(path), line, message
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {message}")


class UnknownQuery(DtkgError):
    """No named query has this name."""


class QueryError(DtkgError):
    """A SPARQL query could not be parsed or evaluated."""
