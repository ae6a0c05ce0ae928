"""`dtkg curate lint`: the mistakes a curator makes, named with file:line and what to do instead.

Four checks, fast enough to run on every build (no SHACL engine; the cardinalities and classes are
read from the shapes, so the two cannot disagree):
- a link to an `…/id/…` IRI that no file describes (a typo, or an entity never written), with the
  closest existing IRIs;
- the same post at a new date written as a date on its membership (each mention is an attestation);
- more values than a shape's `sh:maxCount` allows, each value with its file and line;
- a value of the wrong class for a shape's `sh:class`, saying what was expected and found.
"""
from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.namespace import ORG, OWL, PROV

from .errors import DtkgError
from .namespaces import DTKG, ID, SH, curie

SKIP = ("period/", "evidence/")  # generated from their IRIs, never described by a curator


class LintFailed(DtkgError):
    """The fact files have lint problems; the message lists each with its file and line."""

    def __init__(self, problems: list["Problem"]):
        self.problems = problems
        super().__init__(f"{len(problems)} lint problem{'s' if len(problems) != 1 else ''}:\n"
                         + "\n".join(p.text() for p in problems))


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    message: str

    def text(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class Lines:
    """Where a term is written in a Turtle file: the line of an object inside its subject's block."""

    def __init__(self, path: Path):
        self.path = path
        self.lines = path.read_text(encoding="utf-8").splitlines()

    def _hits(self, term, start: int = 0) -> Iterable[int]:
        forms = [re.escape(curie(term)), re.escape(f"<{term}>")]
        pattern = re.compile(r"(?<![\w:/-])(?:" + "|".join(forms) + r")(?![\w-])")
        return (i + 1 for i in range(start, len(self.lines)) if pattern.search(self.lines[i]))

    def of(self, term, subject=None) -> int:
        """Line of `term`; after `subject`'s first line when given (a term may recur in other blocks)."""
        start = 0
        if subject is not None:
            start = next(iter(self._hits(subject)), 1) - 1
        return next(iter(self._hits(term, start)), None) or next(iter(self._hits(term)), 1)


@lru_cache(maxsize=None)
def _lines(path: str) -> Lines:
    return Lines(Path(path))


def superclasses(schema: Graph) -> dict[URIRef, set[URIRef]]:
    """Each class → itself and every superclass (subClassOf and equivalentClass, transitively)."""
    up: dict[URIRef, set[URIRef]] = {}
    for a, b in schema.subject_objects(RDFS.subClassOf):
        up.setdefault(a, set()).add(b)
    for a, b in schema.subject_objects(OWL.equivalentClass):
        up.setdefault(a, set()).add(b)
        up.setdefault(b, set()).add(a)
    closure: dict[URIRef, set[URIRef]] = {}
    for start in up:
        seen, todo = {start}, [start]
        while todo:
            for nxt in up.get(todo.pop(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        closure[start] = seen
    return closure


@dataclass(frozen=True)
class Rule:
    target: URIRef
    path: URIRef
    max_count: int | None
    klass: URIRef | None


def rules(shapes: Graph) -> list[Rule]:
    """Simple property constraints (IRI path, targetClass) with a maxCount or a class."""
    out = []
    for shape, target in shapes.subject_objects(SH.targetClass):
        for prop in shapes.objects(shape, SH.property):
            path = shapes.value(prop, SH.path)
            if not isinstance(path, URIRef) or shapes.value(prop, SH.qualifiedValueShape) is not None:
                continue
            max_count = shapes.value(prop, SH.maxCount)
            klass = shapes.value(prop, SH["class"])
            if max_count is not None or klass is not None:
                out.append(Rule(target, path, int(max_count) if max_count is not None else None, klass))
    return out


def lint(graphs: dict[Path, Graph], context: Graph, schema: Graph, shapes: Graph,
         others: dict[Path, Graph] | None = None) -> list[Problem]:
    """Problems in `graphs` (file → its triples as written), judged against `context` (everything
    the build knows: all fact files, reference data, ontology and vocabularies); `others` are the
    other fact files as written, so a value written elsewhere is named with its file and line."""
    _lines.cache_clear()
    typed = set(context.subjects(RDF.type))
    origin: dict[tuple, Path] = {t: p for p, g in {**(others or {}), **graphs}.items() for t in g}
    problems = _dangling(graphs, typed) + _attestations(graphs, context, origin) + _drafts(graphs)
    problems += _constraints(graphs, context, origin, superclasses(schema), rules(shapes))
    return sorted(set(problems))


def _dangling(graphs: dict[Path, Graph], typed: set) -> list[Problem]:
    existing = sorted({curie(s) for s in typed if str(s).startswith(str(ID))})
    out = []
    for path, g in graphs.items():
        for s, p, o in g:
            if (isinstance(o, URIRef) and str(o).startswith(str(ID)) and o not in typed
                    and not str(o)[len(ID):].startswith(SKIP)):
                name = curie(o)
                kind = name.split(":", 1)[0] + ":"
                near = difflib.get_close_matches(name, [e for e in existing if e.startswith(kind)], n=3, cutoff=0.6)
                near = near or difflib.get_close_matches(name, existing, n=3, cutoff=0.6)
                hint = f"; closest existing: {', '.join(near)}" if near else "; describe it (with a dtkg:quote) or fix the name"
                out.append(Problem(str(path), _lines(str(path)).of(o, s), f"{name} is described nowhere{hint}"))
    return out


def _drafts(graphs: dict[Path, Graph]) -> list[Problem]:
    return [Problem(str(path), _lines(str(path)).of(s), f"{curie(s)} is still marked as a draft: check it against "
                    "the article, then delete its dtkg:isDraft")
            for path, g in graphs.items() for s in g.subjects(DTKG.isDraft, None)]


def _attestations(graphs: dict[Path, Graph], context: Graph, origin: dict) -> list[Problem]:
    """A date written on a membership: memberships are tenures, each article's mention of the post is
    an attestation of its own (issue 8), so the same post at a new date is a new attestation."""
    out = []
    mine = {s for g in graphs.values() for s in g.subjects(DTKG.attestedDate)}
    for m in mine:
        if (m, RDF.type, ORG.Membership) not in context:
            continue
        attested = [(d, (a, DTKG.attestedDate, d)) for a in context.subjects(PROV.specializationOf, m)
                    for d in context.objects(a, DTKG.attestedDate)]
        written = [(d, (m, DTKG.attestedDate, d)) for d in context.objects(m, DTKG.attestedDate)]
        listed = sorted(attested + written, key=lambda x: str(x[0]))
        where = ", ".join(f"{d} at {_where(origin, t)}" for d, t in listed)
        path, line = _place(graphs, origin, m, DTKG.attestedDate, sorted(d for d, _ in written)[-1])
        out.append(Problem(path, line, (
            f"{curie(m)} is the same post at a new date ({where}): a membership is a tenure and carries no "
            "date; add a new attestation (attestation:{membership}--{source}, a dtkg:Attestation with "
            "prov:specializationOf the membership, its own dtkg:attestedDate, source and quote) "
            "(graph/facts/README.md, “Same post, new date”)")))
    return out


def _constraints(graphs, context, origin, up, all_rules) -> list[Problem]:
    out = []
    mine = {s for g in graphs.values() for s in g.subjects()}
    classes_of: dict = {}
    for s, k in context.subject_objects(RDF.type):
        if s in mine:
            classes_of.setdefault(s, set()).update(up.get(k, {k}))
    for rule in all_rules:
        if rule.path == DTKG.attestedDate and rule.target == ORG.Membership:
            continue  # the attestation check says what to do instead
        for node in (n for n, classes in classes_of.items() if rule.target in classes):
            values = sorted(set(context.objects(node, rule.path)), key=str)
            if rule.max_count is not None and len(values) > rule.max_count:
                listed = ", ".join(f"{_show(v)} at {_where(origin, (node, rule.path, v))}" for v in values)
                path, line = _place(graphs, origin, node, rule.path, values[-1])
                out.append(Problem(path, line, (
                    f"{curie(node)} has {len(values)} values of {curie(rule.path)} where at most {rule.max_count} "
                    f"is allowed: {listed}")))
            if rule.klass is not None:
                for v in values:
                    kinds = set(context.objects(v, RDF.type))
                    if not kinds or any(rule.klass in up.get(k, {k}) for k in kinds):
                        continue  # an untyped value is the dangling check's business
                    path, line = _place(graphs, origin, node, rule.path, v)
                    found = ", ".join(sorted(curie(k) for k in kinds))
                    out.append(Problem(path, line, (
                        f"{curie(node)} {curie(rule.path)} expects a {curie(rule.klass)}, found {_show(v)} "
                        f"typed {found}")))
    return out


def _show(value) -> str:
    return curie(value) if isinstance(value, URIRef) else f"«{value}»"


def _where(origin: dict, triple: tuple) -> str:
    path = origin.get(triple)
    if path is None:
        return "another file"
    return f"{Path(path).name}:{_lines(str(path)).of(triple[2], triple[0]) if isinstance(triple[2], URIRef) else _literal_line(path, triple)}"


def _literal_line(path, triple) -> int:
    lines = _lines(str(path))
    start = lines.of(triple[0])
    text = str(triple[2])
    for i in range(start - 1, len(lines.lines)):
        if text in lines.lines[i]:
            return i + 1
    return start


def _place(graphs, origin, node, prop, value) -> tuple[str, int]:
    """File and line to report: where the offending value was written, else the node in a linted file."""
    path = origin.get((node, prop, value))
    if path is None:
        path = next(p for p, g in graphs.items() if (node, None, None) in g)
        return str(path), _lines(str(path)).of(node)
    line = _lines(str(path)).of(value, node) if isinstance(value, URIRef) else _literal_line(path, (node, prop, value))
    return str(path), line


def lint_paths(paths: list[Path], build, shapes: Graph) -> list[Problem]:
    """Lint fact files (as written) in the context of a build; files outside the build's facts are
    added to the context so that what they describe counts as described."""
    from .build import ONTOLOGY_GRAPH
    from .sources import parse_turtle

    graphs = {path: parse_turtle(path) for path in paths}
    context = Graph()
    for g in build.dataset.graphs():
        context += g
    built = {Path(p).resolve() for p in build.graph_files.values()}
    for path, g in graphs.items():
        if path.resolve() not in built:
            context += g
    others = {Path(p): parse_turtle(Path(p)) for p in set(build.graph_files.values())
              if str(p).endswith(".ttl") and Path(p).resolve() not in {q.resolve() for q in paths}}
    schema = build.dataset.graph(ONTOLOGY_GRAPH)
    return lint(graphs, context, schema, shapes, others)
