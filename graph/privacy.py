"""Private citizens quoted by name: the list, and the two guards that keep their names out of the graph.

The articles quote shoppers, traders and residents by name. Policy says they are never modelled as
persons, and no literal may carry their names, not even the 32 characters of context a Web Annotation
keeps around a quote. The names are data (`graph/facts/private-names.txt`), so a curator adds one
without touching code.

>>> spans_of("Chị Nguyễn Thị Loan, tiểu thương", ["Nguyễn Thị Loan"])
[(4, 19)]
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from rdflib import Graph, Literal

from .errors import SourceError
from .slugs import fold

LIST_NAME = "private-names.txt"
MARGIN = 200  # characters searched beyond a context window, longer than any name


def read_private_names(path: Path) -> tuple[str, ...]:
    """Names from the list file (one a line, `#` starts a comment); none when the file is absent."""
    if not path.is_file():
        return ()
    names = (line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines())
    return tuple(n for n in names if n)


def _pattern(names: Iterable[str]) -> re.Pattern | None:
    """One regex over the folded text: case, diacritics and spacing do not hide a name."""
    keys = sorted({fold(n) for n in names if fold(n)}, key=len, reverse=True)
    if not keys:
        return None
    return re.compile(r"(?<![a-z0-9])(?:" + "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in keys) + r")(?![a-z0-9])")


def spans_of(text: str, names: Sequence[str]) -> list[tuple[int, int]]:
    """Code-point spans of every listed name in `text` (folding keeps one code point per character)."""
    pattern = _pattern(names)
    if pattern is None:
        return []
    folded = _fold_same_length(text)
    return [(m.start(), m.end()) for m in pattern.finditer(folded)]


def _fold_same_length(text: str) -> str:
    """fold() character by character, so offsets into the folded text are offsets into `text`."""
    return "".join((fold(c) or " ")[:1] if not c.isspace() else " " for c in text)


def found_in(value: str, names: Sequence[str]) -> str | None:
    """The first listed name that `value` contains, or None."""
    spans = spans_of(value, names)
    return value[spans[0][0]:spans[0][1]] if spans else None


def clipped_context(text: str, start: int, end: int, width: int, names: Sequence[str]) -> tuple[str, str]:
    """Prefix and suffix of text[start:end], at most `width` characters each, cut short so that no
    listed name (or part of one) falls inside them."""
    lo, hi = max(0, start - width), min(len(text), end + width)
    # search a margin beyond the window: a name that starts before it may still end inside it
    base = max(0, lo - MARGIN)
    for s, e in spans_of(text[base:hi + MARGIN], names):
        s, e = s + base, e + base
        if e <= start:
            lo = max(lo, e)
        elif s >= end:
            hi = min(hi, s)
    return text[lo:start], text[end:hi]


def check_graph(graph: Graph, names: Sequence[str], path: Path, line_of=lambda _: None) -> None:
    """Raise a SourceError naming the file and line if any literal of `graph` contains a listed name."""
    if not names:
        return
    for _, _, obj in graph:
        if isinstance(obj, Literal):
            name = found_in(str(obj), names)
            if name:
                raise SourceError(
                    path, f"a literal contains «{name}», a private citizen listed in {LIST_NAME}: "
                          "describe the fact without the name", line=line_of(str(obj)))
