"""SHACL validation of the union of all named graphs, with the ontology's class hierarchy."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

from pyshacl import validate as shacl_validate
from rdflib import RDF, Graph, Literal, URIRef

from .namespaces import SH


@dataclass
class Result:
    severity: str
    focus: str
    path: str | None
    message_en: str
    message_vi: str
    value: str | None
    shape: str | None
    files: list[str] = field(default_factory=list)

    def text(self) -> str:
        where = f" [{', '.join(self.files)}]" if self.files else ""
        path = f" {self.path}" if self.path else ""
        value = f" (value: {self.value})" if self.value else ""
        vi = f"\n    {self.message_vi}" if self.message_vi and self.message_vi != self.message_en else ""
        return f"{self.severity}: <{self.focus}>{path}{value}{where}\n    {self.message_en}{vi}"


@dataclass
class Report:
    conforms: bool
    results: list[Result]
    lint: list[str] = field(default_factory=list)  # `dtkg curate lint` problems, file:line first

    def __post_init__(self):
        self.conforms = self.conforms and not self.lint

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for r in self.results:
            out[r.severity] = out.get(r.severity, 0) + 1
        return out

    def text(self) -> str:
        head = "conforms" if self.conforms else "does NOT conform"
        counts = ", ".join(f"{n} {s.lower()}{'s' if n != 1 else ''}" for s, n in sorted(self.counts().items()))
        lint = [f"lint: {len(self.lint)} problem{'s' if len(self.lint) != 1 else ''}"] + self.lint if self.lint else []
        return "\n".join(lint + [f"SHACL: {head}" + (f" ({counts})" if counts else "")] + [r.text() for r in self.results])

    def as_json(self) -> dict:
        return {"conforms": self.conforms, "counts": self.counts(), "lint": self.lint,
                "results": [asdict(r) for r in self.results]}

    @classmethod
    def from_json(cls, data: dict) -> "Report":
        return cls(data["conforms"], [Result(**r) for r in data["results"]], list(data.get("lint", [])))

    def write(self, path: Path) -> None:
        """Write the report as JSON, atomically (a reader never sees half of it)."""
        import json

        from .export import write_atomic

        text = json.dumps(self.as_json(), ensure_ascii=False, indent=1).encode("utf-8")
        write_atomic(path, lambda out: out.write(text))

    @classmethod
    def read(cls, path: Path) -> "Report":
        import json

        return cls.from_json(json.loads(Path(path).read_text(encoding="utf-8")))


def load_shapes(path: Path) -> Graph:
    from .sources import parse_turtle

    return parse_turtle(path)


def validate_graph(data: Graph, shapes: Graph, ontology: Graph | None = None,
                   files_of: dict[str, list[str]] | None = None, only: set[str] | None = None) -> Report:
    """Validate `data`; warnings and infos do not break conformance. `only` keeps results whose
    focus node is in that set (a user file validated in the context of the whole graph).
    `ontology` is mixed in for the class hierarchy; the built union already holds it."""
    _, results, _ = shacl_validate(
        data, shacl_graph=shapes, ont_graph=ontology, inference="none",
        advanced=True, allow_warnings=True, abort_on_first=False,
    )
    files_of = files_of or {}
    out: list[Result] = []
    for node in results.subjects(RDF.type, SH.ValidationResult):
        focus = str(results.value(node, SH.focusNode))
        if only is not None and focus not in only:
            continue
        messages = _messages(results, node, shapes)
        path = results.value(node, SH.resultPath)
        value = results.value(node, SH.value)
        out.append(Result(
            severity=str(results.value(node, SH.resultSeverity)).rsplit("#", 1)[-1],
            focus=focus,
            path=_path(results, path) if path is not None else None,
            message_en=messages.get("en", next(iter(messages.values()), "")),
            message_vi=messages.get("vi", ""),
            value=str(value) if value is not None and str(value) != focus else None,
            shape=str(results.value(node, SH.sourceShape)),
            files=files_of.get(focus, []),
        ))
    order = {"Violation": 0, "Warning": 1, "Info": 2}
    out.sort(key=lambda r: (order.get(r.severity, 3), r.files, r.focus, r.path or ""))
    conforms = not any(r.severity == "Violation" for r in out)
    return Report(conforms, out)


def _messages(results: Graph, node, shapes: Graph) -> dict[str, str]:
    """Messages in every language, from the constraint or shape that produced the result (pyshacl
    drops the language tags of SPARQL-constraint messages)."""
    found = {m.language: str(m) for m in results.objects(node, SH.resultMessage) if isinstance(m, Literal) and m.language}
    untagged = [str(m) for m in results.objects(node, SH.resultMessage) if isinstance(m, Literal) and not m.language]
    for source in (results.value(node, SH.sourceConstraint), results.value(node, SH.sourceShape)):
        declared = {m.language or "en": str(m) for m in shapes.objects(source, SH.message) if isinstance(m, Literal)}
        if source is not None and declared:
            return {**declared, **found}
    return found or ({"en": untagged[0]} if untagged else {})


def _path(g: Graph, path) -> str:
    """A SHACL property path in SPARQL syntax (`^oa:hasBody`, `a/b`, `a|b`)."""
    from rdflib.collection import Collection

    if isinstance(path, URIRef):
        return _short(path)
    inverse = g.value(path, SH.inversePath)
    if inverse is not None:
        return "^" + _path(g, inverse)
    alternative = g.value(path, SH.alternativePath)
    if alternative is not None:
        return "|".join(_path(g, p) for p in Collection(g, alternative))
    if g.value(path, RDF.first) is not None:
        return "/".join(_path(g, p) for p in Collection(g, path))
    return str(path)


def _short(term) -> str:
    from .namespaces import PREFIXES

    if isinstance(term, URIRef):
        for prefix, iri in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
            if str(term).startswith(iri):
                return f"{prefix}:{str(term)[len(iri):]}"
        return f"<{term}>"
    return str(term)  # a complex path (blank node)
