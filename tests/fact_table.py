"""The checker behind tests/expected_facts/*.toml: one table of expected facts per article, each row
checked by SPARQL on the built graph and reported as a list of mismatches naming the row.

A table is named after its article's fact file (`000-hai-duong-but-pha-so.toml` holds the facts of
graph/000). It has three kinds of rows:

- `[[figure]]` and `[[node]]`: one subject (`s`, a prefixed name) and what its paths lead to. The
  keys of `[node.is]` are SPARQL property paths, each with the complete set of values it must give
  (a string, or a list; `[]` when it must give none); `[node.has]` lists values that must be among
  the path's values. A figure (observation or target) may also use the short keys of FIGURE_PATHS.
  `present = [path, ...]` asks for at least one value (`path@vi`: one in Vietnamese). The triples are looked for in the article's
  graph unless the row says `graph = "*"` (any graph).
- `[[ask]]`: a named ASK query and the answer expected (`expect`, default true).
- `[[select]]`: a named SELECT query and its exact `rows` (compared as a multiset unless `ordered`).

Values are written as the fact files write them: IRIs as prefixed names, literals by their lexical
form, optionally `@lang` or `^^datatype` (prefixed). A numeric literal equals an expected number when
the two are equal as Decimals (so "8.6" matches 8.60 but never 8.599999); a boolean one equals a
TOML boolean. Every query gets the project's prefixes.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pyoxigraph as ox

from dtkg.graph.namespaces import PREFIXES, curie, sparql_prologue

TABLES = Path(__file__).parent / "expected_facts"
GRAPH_BASE = "https://w3id.org/vn-dtkg/graph/"
XSD = PREFIXES["xsd"]
NUMERIC = {XSD + t for t in ("decimal", "integer", "int", "long", "nonNegativeInteger", "positiveInteger", "double", "float")}
QUOTE = "^oa:hasBody/oa:hasTarget/oa:hasSelector/oa:exact"

# short keys of a figure row → (property path, whether the values are the complete set)
FIGURE_PATHS = {
    "type": ("rdf:type", False),
    "indicator": ("dtkg:indicator", True),
    "area": ("sdmx-dimension:refArea", True),
    "period": ("sdmx-dimension:refPeriod", True),
    "value": ("sdmx-measure:obsValue", True),
    "unit": ("sdmx-attribute:unitMeasure", True),
    "qualifier": ("dtkg:qualifier", True),
    "comparator": ("dtkg:comparator", True),
    "year": ("dtkg:targetYear", True),
    "out_of": ("dtkg:rankOutOf", True),
    "original": ("dtkg:originalText", True),
    "set_by": ("dtkg:setBy", True),
    "attributed_to": ("prov:wasAttributedTo", True),
    "inferred": ("dtkg:isInferred", True),
    "derived_from": ("prov:wasDerivedFrom", True),
    "quote": (QUOTE, False),
}


@dataclass(frozen=True)
class Row:
    table: str  # the table's file name
    kind: str  # figure, node, ask or select
    index: int  # 1-based among the rows of its kind
    spec: dict

    @property
    def name(self) -> str:
        label = self.spec.get("name") or self.spec.get("s") or ""
        return f"{self.table} {self.kind} #{self.index} ({label})"

    @property
    def graph(self) -> str | None:
        """The named graph the row's triples must be in (None: any graph)."""
        if self.spec.get("graph") == "*":
            return None
        return GRAPH_BASE + self.table.split("-", 1)[0]


def load_rows(path: Path) -> list[Row]:
    try:
        spec = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as e:
        raise ValueError(f"{path.name}: {e}") from None
    unknown = set(spec) - {"figure", "node", "ask", "select"}
    if unknown:
        raise ValueError(f"{path.name}: unknown row kinds {sorted(unknown)}")
    return [Row(path.name, kind, i, row) for kind in ("figure", "node", "ask", "select")
            for i, row in enumerate(spec.get(kind, []), 1)]


def all_rows() -> list[Row]:
    return [row for path in sorted(TABLES.glob("*.toml")) for row in load_rows(path)]


def show(term) -> str:
    """A term as a table writes it."""
    if isinstance(term, ox.Literal):
        if term.language:
            return f"{term.value}@{term.language}"
        return term.value
    return curie(term.value) if isinstance(term, ox.NamedNode) else str(term)


def matches(term, expected) -> bool:
    """Whether a found RDF term is the value a table writes."""
    if term is None:
        return False
    if isinstance(expected, bool):
        return isinstance(term, ox.Literal) and term.datatype.value == XSD + "boolean" and term.value == str(expected).lower()
    if isinstance(term, ox.NamedNode):
        return isinstance(expected, str) and (curie(term.value) == expected or term.value == expected)
    if not isinstance(term, ox.Literal):
        return False
    if isinstance(expected, (int, float)) or term.datatype.value in NUMERIC:
        try:
            return term.datatype.value in NUMERIC and Decimal(term.value) == Decimal(str(expected))
        except InvalidOperation:
            return False
    expected = str(expected)
    if "^^" in expected:
        lexical, datatype = expected.rsplit("^^", 1)
        return term.value == lexical and curie(term.datatype.value) == datatype
    if term.language and expected.endswith("@" + term.language):
        return term.value == expected[: -len(term.language) - 1]
    return term.value == expected


def as_list(value) -> list:
    return value if isinstance(value, list) else [value]


def check_row(engine, row: Row) -> list[str]:
    """The mismatches of one row (empty when the graph says what the row says)."""
    if row.kind == "ask":
        return _check_ask(engine, row)
    if row.kind == "select":
        return _check_select(engine, row)
    return _check_node(engine, row)


def _paths(row: Row) -> list[tuple[str, list, bool]]:
    """(path, expected values, complete?) of a figure or node row."""
    spec = row.spec
    out = [(path, as_list(v), True) for path, v in spec.get("is", {}).items()]
    out += [(path, as_list(v), False) for path, v in spec.get("has", {}).items()]
    if row.kind == "figure":
        for key, value in spec.items():
            if key in FIGURE_PATHS:
                path, complete = FIGURE_PATHS[key]
                out.append((path, as_list(value), complete))
    unknown = set(spec) - set(FIGURE_PATHS if row.kind == "figure" else ()) - {"s", "graph", "is", "has", "present", "name"}
    if unknown:
        raise ValueError(f"{row.name}: unknown keys {sorted(unknown)}")
    return out


def _values(store, row: Row, path: str) -> list:
    pattern = f"{row.spec['s']} {path} ?o"
    if row.graph:
        pattern = f"GRAPH <{row.graph}> {{ {pattern} }}"
    return [s["o"] for s in store.select(sparql_prologue() + f"SELECT DISTINCT ?o WHERE {{ {pattern} }}")]


def _check_node(store, row: Row) -> list[str]:
    problems = []
    where = f" in {row.graph}" if row.graph else ""
    for path, expected, complete in _paths(row):
        found = _values(store, row, path)
        missing = [e for e in expected if not any(matches(t, e) for t in found)]
        extra = [show(t) for t in found if not any(matches(t, e) for e in expected)] if complete else []
        if missing or extra:
            problems.append(f"{row.name}: {path}{where} expected {expected if complete else 'to include ' + repr(missing)}, "
                            f"found {sorted(show(t) for t in found) or 'nothing'}")
    for entry in row.spec.get("present", []):
        path, _, lang = entry.partition("@")
        found = [t for t in _values(store, row, path) if not lang or getattr(t, "language", None) == lang]
        if not found:
            problems.append(f"{row.name}: {entry}{where} expected a value, found nothing")
    return problems


def _check_ask(store, row: Row) -> list[str]:
    expect = row.spec.get("expect", True)
    got = store.ask(sparql_prologue() + row.spec["query"])
    return [] if got is expect else [f"{row.name}: expected {expect}, the graph answers {got}"]


def _check_select(store, row: Row) -> list[str]:
    found = store.select(sparql_prologue() + row.spec["query"])  # unbound variables left out
    expected = row.spec["rows"]

    def same(got: dict, want: dict) -> bool:
        return set(want) == {n for n, t in got.items() if t is not None} and all(matches(got[k], v) for k, v in want.items())

    shown = [{n: show(t) for n, t in r.items() if t is not None} for r in found]
    if len(found) != len(expected):
        return [f"{row.name}: expected {len(expected)} rows {expected}, found {len(found)}: {shown}"]
    if row.spec.get("ordered"):
        ok = all(same(g, w) for g, w in zip(found, expected))
    else:
        left = list(found)
        ok = True
        for want in expected:
            hit = next((g for g in left if same(g, want)), None)
            if hit is None:
                ok = False
                break
            left.remove(hit)
    return [] if ok else [f"{row.name}: expected rows {expected}, found {shown}"]
