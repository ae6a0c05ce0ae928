"""Named queries: `queries/NAME.rq`, each with a header of titles, descriptions and parameters.

Header lines (comments at the top of the file):
    # title@en: Who leads each province     # title@vi: …
    # description@en: …                      # description@vi: …
    # param: ?year integer 2025              # name, type (iri|integer|decimal|string|date|lang), default
    # param: ?lang lang vi                   # the language of the labels: written into the text (below)

A `lang` parameter is not a binding: `FILTER(lang(?x) = ?lang)` sits in nested groups and OPTIONALs,
where a VALUES block would not reach it and pyoxigraph substitutes only projected variables, so its
value (a checked language tag) replaces the variable in the text. `text` is the query with the
defaults written in, `template` the file as written.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

from .config import Settings, settings as current_settings
from .errors import QueryError, UnknownQuery
from .namespaces import PREFIXES, XSD as XSD_NS

XSD = str(XSD_NS)
PARAM_TYPES = {"iri", "integer", "decimal", "string", "date", "lang"}
_LANG_TAG = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]{1,8})*")
# IRIs, strings and comments, read as whole tokens: a `#` or a `?lang` inside them is not SPARQL's.
IRIS_STRINGS_COMMENTS = r"""<[^<>"{}|^`\\\s]*>|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|#[^\n]*"""
_VARIABLE_TOKENS = re.compile(IRIS_STRINGS_COMMENTS + r"|[?$](\w+)")
_HEADER = re.compile(r"^#\s*(title|description)(?:@(\w+))?\s*:\s*(.+)$")
_PARAM = re.compile(r"^#\s*param\s*:\s*\?(\w+)\s+(\w+)(?:\s+(.+))?$")


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    default: str | None = None

    def term(self, value: str) -> ox.NamedNode | ox.Literal:
        """The RDF term for a user-supplied value (a prefixed name or IRI for `iri`)."""
        value = value.strip()
        if self.type == "iri":
            try:
                return ox.NamedNode(expand(value))
            except ValueError:
                raise QueryError(f"parameter ?{self.name} must be an IRI, a prefixed name or a name, got {value!r}") from None
        if self.type == "integer":
            if not re.fullmatch(r"[+-]?\d+", value):
                raise QueryError(f"parameter ?{self.name} must be an integer, got {value!r}")
            return ox.Literal(value, datatype=ox.NamedNode(XSD + "integer"))
        if self.type == "decimal":
            return ox.Literal(value, datatype=ox.NamedNode(XSD + "decimal"))
        if self.type == "date":
            return ox.Literal(value, datatype=ox.NamedNode(XSD + "date"))
        if self.type == "lang":
            if not _LANG_TAG.fullmatch(value.lower()):
                raise QueryError(f"parameter ?{self.name} must be a language tag such as vi or en, got {value!r}")
            return ox.Literal(value.lower())
        return ox.Literal(value)


@dataclass
class NamedQuery:
    name: str
    template: str
    path: Path
    title: dict[str, str] = field(default_factory=dict)
    description: dict[str, str] = field(default_factory=dict)
    params: list[Param] = field(default_factory=list)

    def label(self, lang: str = "en") -> str:
        return self.title.get(lang) or self.title.get("en") or self.name

    @property
    def text(self) -> str:
        return self.localised()

    def localised(self, values: dict[str, str] | None = None) -> str:
        """The query with its `lang` parameters written in (the given values, else the defaults)."""
        terms = {name: term for name, term in self._terms(values).items() if self._param(name).type == "lang"}
        if not terms:
            return self.template
        return _VARIABLE_TOKENS.sub(lambda m: str(terms[m[1]]) if m[1] in terms else m[0], self.template)

    def bindings(self, values: dict[str, str] | None = None) -> dict[str, ox.NamedNode | ox.Literal]:
        """Terms for the given values, falling back to defaults; unknown names are an error. The `lang`
        parameters are checked but left out: `localised()` writes them into the text."""
        return {name: term for name, term in self._terms(values).items() if self._param(name).type != "lang"}

    def prepare(self, values: dict[str, str] | None = None) -> tuple[str, dict[str, ox.NamedNode | ox.Literal]]:
        """The text and the bindings to run the query with these values."""
        return self.localised(values), self.bindings(values)

    def _param(self, name: str) -> Param:
        return next(p for p in self.params if p.name == name)

    def _terms(self, values: dict[str, str] | None) -> dict[str, ox.NamedNode | ox.Literal]:
        values = dict(values or {})
        unknown = set(values) - {p.name for p in self.params}
        if unknown:
            raise QueryError(f"query {self.name} has no parameter {', '.join(sorted(unknown))}")
        out = {}
        for p in self.params:
            raw = values.get(p.name, p.default)
            if raw not in (None, ""):
                out[p.name] = p.term(raw)
        return out


def expand(value: str) -> str:
    """`province:hai-duong` → full IRI; `<…>` and full IRIs pass through."""
    value = value.strip()
    if value.startswith("<") and value.endswith(">"):
        return value[1:-1]
    prefix, sep, local = value.partition(":")
    if sep and prefix in PREFIXES and not local.startswith("//"):
        return PREFIXES[prefix] + local
    return value


def parse(path: Path) -> NamedQuery:
    text = path.read_text(encoding="utf-8")
    query = NamedQuery(path.stem, text, path)
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        if m := _HEADER.match(line):
            getattr(query, m[1])[m[2] or "en"] = m[3].strip()
        elif m := _PARAM.match(line):
            if m[2] not in PARAM_TYPES:
                raise QueryError(f"{path}: parameter ?{m[1]} has unknown type {m[2]!r}")
            query.params.append(Param(m[1], m[2], m[3].strip() if m[3] else None))
    return query


def load_catalogue(settings: Settings | None = None) -> dict[str, NamedQuery]:
    """The named queries by name, parsed once per process and folder: the files are read-only
    while a process runs (the server's views ask on every request)."""
    settings = settings or current_settings()
    return dict(_parsed(settings.queries_dir.resolve()))


@lru_cache(maxsize=8)
def _parsed(folder: Path) -> dict[str, NamedQuery]:
    return {q.name: q for q in (parse(p) for p in sorted(folder.glob("*.rq")))}


def get(name: str, settings: Settings | None = None) -> NamedQuery:
    catalogue = load_catalogue(settings)
    if name not in catalogue:
        raise UnknownQuery(f"no named query {name!r}; known: {', '.join(sorted(catalogue))}")
    return catalogue[name]
