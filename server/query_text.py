"""What a query asks for, read from its tokens without evaluating it: its form (SELECT, …, or an
update), whether it has its own FROM, and the SERVICE endpoints it would call.

The backends use it to refuse updates and SERVICE calls outside SERVICE_ALLOWLIST before anything
runs (pyoxigraph 0.5.13 does send SERVICE requests over HTTP), and to keep a query's FROM
(pyoxigraph's union-default-graph flag would override it).

>>> info = inspect_query("PREFIX x: <http://e/> SELECT * FROM <http://g> { SERVICE x:s { ?a ?b ?c } }")
>>> info.form, info.has_dataset, info.services
('SELECT', True, ['http://e/s'])
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterator
from urllib.parse import urljoin

from .errors import BadRequest, UpdateRefused

_ESC = r"\\[_~.\-!$&'()*+,;=/?#@%]"
_TOKEN = re.compile(rf"""
  (?P<ws>\s+)
| (?P<comment>\#[^\n\r]*)
| (?P<iri><[^<>"{{}}|^`\\\x00-\x20]*>)
| (?P<string>'''(?:(?:'|'')?(?:[^'\\]|\\.))*'''|\"\"\"(?:(?:"|"")?(?:[^"\\]|\\.))*\"\"\"
            |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
| (?P<var>[?$][\w\u00B7]+)
| (?P<pname>(?:[^\W\d_](?:[\w.\-\u00B7]*[\w\-\u00B7])?)?:
            (?:(?:[\w:]|%[0-9A-Fa-f]{{2}}|{_ESC})(?:(?:[\w.:\-\u00B7]|%[0-9A-Fa-f]{{2}}|{_ESC})*(?:[\w:\-\u00B7]|%[0-9A-Fa-f]{{2}}|{_ESC}))?)?)
| (?P<word>[A-Za-z_][A-Za-z0-9_]*)
| (?P<other>.)
""", re.X | re.S)
_IRI = r"""<[^<>"{}|^`\\\x00-\x20]*>"""
_PNAME_NS = r"(?:[^\W\d_](?:[\w.\-\u00B7]*[\w\-\u00B7])?)?:"
# The whole prologue in one C-level match, where the prefixes are not needed (no SERVICE to resolve).
_PROLOGUE = re.compile(rf"(?:\s+|\#[^\n\r]*|(?i:BASE)\s*{_IRI}|(?i:PREFIX)\s+{_PNAME_NS}\s*{_IRI})*")
FORMS = {"SELECT", "CONSTRUCT", "DESCRIBE", "ASK"}
UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}


@dataclass
class QueryInfo:
    form: str | None = None          # SELECT, CONSTRUCT, DESCRIBE, ASK, UPDATE or None (unknown)
    has_dataset: bool = False        # a FROM or FROM NAMED clause
    services: list[str | None] = field(default_factory=list)  # SERVICE IRIs; None when not a plain IRI
    where_at: int | None = None      # offset just inside the WHERE group's "{"


def tokens(text: str, start: int = 0) -> Iterator[tuple[str, str, int]]:
    """(kind, text, offset) of each significant token from `start`, lazily; spaces and comments are dropped."""
    return ((m.lastgroup, m.group(), m.start()) for m in _TOKEN.finditer(text, start)
            if m.lastgroup not in ("ws", "comment"))


def _resolve(base: str | None, iri: str) -> str:
    return urljoin(base, iri) if base else iri


def _unescape_iri(iri: str) -> str:
    return re.sub(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})", lambda m: chr(int(m[1] or m[2], 16)), iri[1:-1])


def inspect_query(text: str, base_iri: str | None = None) -> QueryInfo:
    """Form, dataset clause and SERVICE targets of a query, read from its tokens (no evaluation).

    Keywords are matched as spargebra does, at the start of a word with no boundary after them:
    `SERVICEx:s` is SERVICE x:s to Oxigraph, so any word or prefixed name starting with SERVICE counts.
    """
    # Tokens are read only as far as needed: SERVICE can only be a token if the text holds the word,
    # and FROM only precedes the WHERE group, so a query without SERVICE is read up to its first "{"
    # (a long prologue of PREFIXes then costs more than the rest; this runs on every request).
    may_call = "SERVICE" in text.upper()
    source = tokens(text, 0 if may_call else _PROLOGUE.match(text).end())
    toks: list[tuple[str, str, int]] = []

    def more(n: int) -> bool:  # at least n tokens read, if the text has them
        while len(toks) < n:
            token = next(source, None)
            if token is None:
                return False
            toks.append(token)
        return True

    info, prefixes, base, i = QueryInfo(), {}, base_iri, 0  # prefixes: name → (base then, IRI token)
    while more(i + 1):  # prologue
        word = toks[i][1].upper() if toks[i][0] == "word" else ""
        if word == "BASE" and more(i + 2) and toks[i + 1][0] == "iri":
            base = _resolve(base, _unescape_iri(toks[i + 1][1]))
            i += 2
        elif word == "PREFIX" and more(i + 3) and toks[i + 1][0] == "pname" and toks[i + 2][0] == "iri":
            prefixes[toks[i + 1][1][:-1]] = (base, toks[i + 2][1])  # resolved only if a SERVICE uses it
            i += 3
        else:
            break
    head = toks[i][1].upper() if i < len(toks) and toks[i][0] in ("word", "pname") else ""
    info.form = next((f for f in FORMS if head.startswith(f)), None) or ("UPDATE" if head in UPDATE_WORDS else None)
    depth, template = 0, info.form == "CONSTRUCT" and more(i + 2) and toks[i + 1][1] == "{"
    j = i - 1
    while more(j + 2):
        j += 1
        if info.where_at is not None and not may_call:
            break
        kind, value, start = toks[j]
        upper = value.upper() if kind in ("word", "pname") else ""
        if upper.startswith("SERVICE"):
            more(j + 3)  # the target may follow SILENT
            info.services.append(_service_target(toks, j, prefixes, base))
        elif upper.startswith("FROM") and depth == 0:
            info.has_dataset = True
        elif value == "{" and kind == "other":
            if depth == 0 and info.where_at is None and not template:
                info.where_at = start + 1
            depth += 1
        elif value == "}" and kind == "other":
            depth -= 1
            template = template and depth > 0
    return info


def _service_target(toks, j: int, prefixes: dict[str, tuple[str | None, str]], base: str | None) -> str | None:
    if toks[j][1].upper() != "SERVICE" or toks[j][0] != "word":
        return None  # glued forms such as SERVICEx:s or SERVICESILENT<…>: never allowed
    k = j + 1
    if k < len(toks) and toks[k][0] == "word" and toks[k][1].upper() == "SILENT":
        k += 1
    if k >= len(toks):
        return None
    kind, value, _ = toks[k]
    if kind == "iri":
        return _resolve(base, _unescape_iri(value))
    if kind == "pname":
        prefix, _, local = value.partition(":")
        if prefix in prefixes:
            prefix_base, iri = prefixes[prefix]
            return _resolve(prefix_base, _unescape_iri(iri)) + re.sub(r"\\(.)", r"\1", local)
    return None


def check_query(info: QueryInfo, allowlist: tuple[str, ...]) -> None:
    """Refuse updates and SERVICE calls outside the allowlist, with a message saying why."""
    if info.form == "UPDATE":
        raise UpdateRefused("This endpoint is read-only: SPARQL Update is refused. Send a SELECT, ASK, "
                            "CONSTRUCT or DESCRIBE query.")
    for iri in info.services:
        if iri is None or iri not in allowlist:
            allowed = ", ".join(f"<{a}>" for a in allowlist) or "none"
            target = f"<{iri}>" if iri else "a SERVICE whose IRI is a variable or not a plain IRI"
            raise BadRequest(f"SERVICE is refused for {target}: this endpoint does not make requests to "
                             f"other servers except the allowed ones ({allowed}).")
