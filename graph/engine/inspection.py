"""What a query asks for, read from its tokens without evaluating it: its form (SELECT, …, or an
update), whether it has its own FROM, the SERVICE endpoints it would call, and how deeply it nests.

The engines use it to refuse updates and SERVICE calls outside SERVICE_ALLOWLIST before anything
runs, to keep a query's FROM (pyoxigraph's union-default-graph flag would override it), and to
refuse nesting deep enough to overflow the parser's stack. It is the first of two defences against
outbound requests: queries that call no allowed SERVICE run in processes that cannot open a network
socket at all (executor.py), so a query this reader misjudges still reaches nobody.

The reading follows the SPARQL 1.1 grammar's terminals as Oxigraph's parser (spargebra) applies
them: `\\uXXXX` escapes count inside IRIs and strings only, keywords are ASCII case-insensitive and
may be glued to what follows (`SERVICEx:s` is SERVICE x:s). Where the reader is unsure it over-
approximates: any `SERVICE` that starts a token-like run outside strings, IRIs and comments counts,
and after a string it cannot close, any `service` in the rest of the text counts.

Every pattern is possessive or fails within the segment it started, so inspection is linear in the
length of the query (no backtracking on long runs of letters, quotes or angle brackets).

>>> info = inspect_query("PREFIX x: <http://e/> SELECT * FROM <http://g> { SERVICE x:s { ?a ?b ?c } }")
>>> info.form, info.has_dataset, info.services
('SELECT', True, ['http://e/s'])
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterator

from .errors import QueryRefused, UpdateRefused

# Parser recursion grows with nesting; deeper than this is refused before it can overflow the stack.
MAX_NESTING = 256

_BASE = ("A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D"
         "\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\U00010000-\U000EFFFF")
_CHARS = _BASE + "_0-9\\-\u00B7\u0300-\u036F\u203F-\u2040"  # PN_CHARS
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_UCHAR = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"
_IRI_CHARS = r"""[^<>"{}|^`\\\x00-\x20]*+"""
_IRI = rf"<{_IRI_CHARS}(?:(?:{_UCHAR}){_IRI_CHARS})*+>"  # unrolled: runs of plain characters match fast
_TOKEN = re.compile(rf"""
  (?P<ws>\s++)
| (?P<comment>\#[^\n\r]*+)
| (?P<iri>{_IRI})
| (?P<long>'''[^'\\]*+(?:(?:\\.|'(?!''))[^'\\]*+)*+'''|\"\"\"[^"\\]*+(?:(?:\\.|"(?!""))[^"\\]*+)*+\"\"\")
| (?P<string>'[^'\\\n\r]*+(?:\\.[^'\\\n\r]*+)*+'|"[^"\\\n\r]*+(?:\\.[^"\\\n\r]*+)*+")
| (?P<var>[?$][{_CHARS}]*+)
| (?P<bnode>_:(?:[{_CHARS}.]++|{_PLX})*+)
| (?P<name>(?:[{_CHARS}.:]++|{_PLX})++)
| (?P<other>.)
""", re.X | re.S)
_LONG_OPEN = ("'''", '"""')
# One item of the prologue; the prologue is a run of them, read in C by findall (a comment is an item
# of its own, so a PREFIX written inside a comment is never taken for one).
_PROLOGUE_ITEM = (rf"\s++|\#[^\n\r]*+|(?i:BASE)\s*+{_IRI}"
                  rf"|(?i:PREFIX)\s++((?:[{_BASE}](?:[{_CHARS}.]*[{_CHARS}])?)?):\s*+({_IRI})")
_PROLOGUE = re.compile(rf"(?:{_PROLOGUE_ITEM})*+")
_PROLOGUE_ITEMS = re.compile(_PROLOGUE_ITEM)
# A SERVICE keyword where spargebra starts a token inside a run: at its start, after "." (a triple's
# end: `?o.SERVICE`) or after a digit (a number's end: `1SERVICE`), both checked against the engine.
# Unicode case-folding matches more than spargebra's ASCII case-insensitivity: safe.
_SERVICE_IN_RUN = re.compile(r"(?:^|(?<=[.0-9]))SERVICE", re.I)
_SERVICE_ANYWHERE = re.compile(r"SERVICE", re.I)
FORMS = {"SELECT", "CONSTRUCT", "DESCRIBE", "ASK"}
UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
_OPEN, _CLOSE = "{([", "})]"


@dataclass
class QueryInfo:
    form: str | None = None          # SELECT, CONSTRUCT, DESCRIBE, ASK, UPDATE or None (unknown)
    has_dataset: bool = False        # a FROM or FROM NAMED clause
    services: list[str | None] = field(default_factory=list)  # SERVICE IRIs; None when not a plain absolute IRI
    where_at: int | None = None      # offset just inside the WHERE group's "{"
    depth: int = 0                   # deepest nesting of { ( [


def tokens(text: str, start: int = 0) -> Iterator[tuple[str, str, int]]:
    """(kind, text, offset) of each significant token from `start`; spaces and comments are dropped.

    A string that does not close ends the reading with one ("rest", remaining text, offset) token.
    """
    for m in _TOKEN.finditer(text, start):
        kind = m.lastgroup
        if kind in ("ws", "comment"):
            continue
        at = m.start()
        if (kind == "other" and m.group() in "'\"") or (kind == "string" and text.startswith(_LONG_OPEN, at)):
            yield "rest", text[at:], at  # an unclosed string: the grammar's reading is lost from here
            return
        yield kind, m.group(), at


def _unescape_iri(iri: str) -> str:
    return re.sub(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})", lambda m: chr(int(m[1] or m[2], 16)), iri[1:-1])


def _absolute(iri: str) -> str | None:
    """The IRI if it is absolute; relative ones would be resolved by the engine's own rules: refused."""
    return iri if re.match(r"[A-Za-z][A-Za-z0-9+.\-]*:", iri) else None


def inspect_query(text: str, base_iri: str | None = None) -> QueryInfo:
    """Form, dataset clause, SERVICE targets and nesting depth of a query, read from its tokens.

    `base_iri` is accepted for the callers' symmetry; SERVICE targets are only ever compared as
    absolute IRIs written in the query, so no base is applied."""
    # The prologue is read in C (one match, then its PREFIX items); the body's tokens are read in
    # Python, wholly only if it may name a SERVICE or nest deeply, else up to its WHERE group, which
    # is all the head needs (form, FROM, where_at). This runs on every request: ~30 µs for a 2 KB query.
    end = _PROLOGUE.match(text).end()
    whole = "service" in text[end:].lower() or sum(map(text.count, _OPEN)) > MAX_NESTING  # keywords are ASCII
    prefixes = {name: _unescape_iri(iri) for name, iri in _PROLOGUE_ITEMS.findall(text, 0, end) if iri} if whole else {}
    source = tokens(text, end)
    toks: list[tuple[str, str, int]] = []

    def more(n: int) -> bool:  # at least n tokens read, if the text has them
        while len(toks) < n:
            token = next(source, None)
            if token is None:
                return False
            toks.append(token)
        return True

    info, i = QueryInfo(), 0
    while more(i + 1):  # what of the prologue the C match did not take (it cannot hold a SERVICE)
        word = toks[i][1].upper() if toks[i][0] == "name" else ""
        if word == "BASE" and more(i + 2) and toks[i + 1][0] == "iri":
            i += 2
        elif (word == "PREFIX" and more(i + 3) and toks[i + 1][0] == "name" and toks[i + 1][1].endswith(":")
              and toks[i + 2][0] == "iri"):
            prefixes[toks[i + 1][1][:-1]] = _unescape_iri(toks[i + 2][1])
            i += 3
        else:
            break
    head = toks[i][1].upper() if i < len(toks) and toks[i][0] == "name" else ""
    info.form = next((f for f in FORMS if head.startswith(f)), None) or ("UPDATE" if head in UPDATE_WORDS else None)
    depth, template = 0, info.form == "CONSTRUCT" and more(i + 2) and toks[i + 1][1] == "{"
    j = i - 1
    while more(j + 2):
        j += 1
        if info.where_at is not None and not whole:
            break
        kind, value, start = toks[j]
        if kind == "rest":
            info.services += [None] * len(_SERVICE_ANYWHERE.findall(value))
        elif kind == "name":
            for m in _SERVICE_IN_RUN.finditer(value):
                if ":" in value[:m.start()]:
                    continue  # inside a prefixed name's local part (`s:x.service`), which runs to its end
                glued = m.end() < len(value)
                more(j + 3)  # the target may follow SILENT
                info.services.append(None if glued else _service_target(toks, j + 1, prefixes))
            if depth == 0 and value.upper().startswith("FROM"):
                info.has_dataset = True
        elif kind == "other" and value in _OPEN:
            if value == "{" and depth == 0 and info.where_at is None and not template:
                info.where_at = start + 1
            depth += 1
            info.depth = max(info.depth, depth)
        elif kind == "other" and value in _CLOSE:
            depth -= 1
            template = template and depth > 0
    return info


def _service_target(toks, k: int, prefixes: dict[str, str]) -> str | None:
    if k < len(toks) and toks[k][0] == "name" and toks[k][1].upper() == "SILENT":
        k += 1
    if k >= len(toks):
        return None
    kind, value, _ = toks[k]
    if kind == "iri":
        return _absolute(_unescape_iri(value))
    if kind == "name" and ":" in value:
        prefix, _, local = value.rstrip(".").partition(":")
        if prefix in prefixes and _absolute(prefixes[prefix]):
            return prefixes[prefix] + re.sub(r"\\(.)", r"\1", local)
    return None


def check_query(info: QueryInfo, allowlist: tuple[str, ...]) -> None:
    """Refuse updates, deep nesting and SERVICE calls outside the allowlist, saying why."""
    if info.form == "UPDATE":
        raise UpdateRefused("This endpoint is read-only: SPARQL Update is refused. Send a SELECT, ASK, "
                            "CONSTRUCT or DESCRIBE query.")
    if info.depth > MAX_NESTING:
        raise QueryRefused(f"The query nests groups, brackets or parentheses {info.depth} deep; this endpoint "
                         f"accepts at most {MAX_NESTING}.")
    for iri in info.services:
        if iri is None or iri not in allowlist:
            allowed = ", ".join(f"<{a}>" for a in allowlist) or "none"
            target = f"<{iri}>" if iri else "a SERVICE whose target is a variable, relative or not a plain IRI"
            raise QueryRefused(f"SERVICE is refused for {target}: this endpoint does not make requests to "
                             f"other servers except the allowed ones ({allowed}).")
