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


class BadInput(DtkgError):
    """A malformed parameter (a date, a depth, a measure): HTTP 400, CLI exit 2."""


class UnknownEntity(DtkgError):
    """No node of the network matches; `suggestions` holds the closest labels."""

    def __init__(self, given: str, suggestions: list[dict]):
        self.given, self.suggestions = given, suggestions
        closest = "; ".join(f"{s['label']} ({s['id']})" for s in suggestions[:5])
        super().__init__(f"no entity matches {given!r}" + (f"; closest: {closest}" if closest else ""))
