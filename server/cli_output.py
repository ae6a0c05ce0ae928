"""How every `dtkg` command talks: progress on stderr (stdout stays clean for data), and a user error
as one sentence on stderr with its exit code (1: the data does not conform or a name is unknown,
2: bad input), never a traceback."""
from __future__ import annotations

import sys

import click


def progress(message: str) -> None:
    click.echo(f"… {message}", err=True)


def fail(exc: Exception, code: int = 2) -> None:
    click.echo(f"error: {exc}", err=True)
    sys.exit(code)
