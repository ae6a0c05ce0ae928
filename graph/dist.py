"""The pipeline: sources → build → lint → validate → publish (dist/). A build that does not lint or
conform publishes nothing, so dist/ always holds the last good build with its validation report."""
from __future__ import annotations

from pathlib import Path

from rdflib import Graph, URIRef

from .build import Build, build_dataset
from .config import Settings, settings as current_settings
from .dcat import write_catalogue
from .errors import DtkgError, SourceError
from .export import to_store, write_dist
from .lint import LintFailed, lint_paths
from .sources import fact_paths, parse_turtle
from .validate import Report, validate_graph


def inputs(settings: Settings) -> list[Path]:
    roots = [settings.facts_dir, settings.reference_dir, settings.ontology_dir, settings.sources_dir, settings.national_dir]
    code = Path(__file__).resolve().parent
    return [p for r in roots if r.exists() for p in r.rglob("*") if p.is_file()] + list(code.glob("*.py"))


def is_stale(settings: Settings) -> bool:
    target = settings.dataset_nquads
    if not target.exists() or not settings.validation_report.exists():
        return True
    built = target.stat().st_mtime
    return any(p.stat().st_mtime > built for p in inputs(settings))


class ValidationFailed(DtkgError):
    """The built data does not conform to the shapes; `report` says where. Nothing is published."""

    def __init__(self, report: Report):
        self.report = report
        super().__init__("the data does not conform to the shapes; dist/ keeps the previous build:\n" + report.text())


def build_to_dist(settings: Settings | None = None, progress=lambda _: None) -> tuple[Build, list[Path]]:
    """Build, lint, validate and publish: the dumps, their DCAT catalogue and the validation report
    (dist/validation.json, written last: a build is complete when its report is there)."""
    settings = settings or current_settings()
    build = build_dataset(settings, progress)
    progress("lint")
    problems = lint_facts(build, settings)
    if problems:
        raise LintFailed(problems)
    progress("validate (SHACL)")
    report = validate_build(build, settings, lint=[])
    if not report.conforms:
        raise ValidationFailed(report)
    progress("writing dist/")
    store = to_store(build.dataset)
    written = write_dist(store, settings.dist_dir)
    progress("writing the other dumps and the DCAT catalogue")
    written = write_catalogue(store, settings.dist_dir, written)
    report.write(settings.validation_report)
    return build, written + [settings.validation_report]


def ensure_built(settings: Settings | None = None, progress=lambda _: None) -> Path:
    settings = settings or current_settings()
    if is_stale(settings):
        build_to_dist(settings, progress)
    return settings.dataset_nquads


def built_or_last_good(settings: Settings | None = None, progress=lambda _: None) -> tuple[Path, DtkgError | None]:
    """The built dataset (rebuilt if stale) and None; when the sources are broken (they do not parse,
    lint or conform), the previous build in dist/ (published only by a build that passed) and the
    error. Raises the error if there is none."""
    settings = settings or current_settings()
    try:
        return ensure_built(settings, progress), None
    except (SourceError, LintFailed, ValidationFailed) as exc:
        if not settings.dataset_nquads.is_file():
            if isinstance(exc, SourceError):
                raise SourceError(exc.path, f"{exc.message}; there is no earlier build in {settings.dist_dir} to serve "
                                  "instead", line=exc.line) from None
            raise
        return settings.dataset_nquads, exc


def open_built(settings: Settings | None = None, progress=lambda _: None, limits=None):
    """The engine on the built dataset (built first if needed), as the command line uses it: one
    sandboxed query process, no time limit, no cache (graph/engine)."""
    from .engine import open_engine
    from .engine.limits import COMMAND_LINE

    return open_engine(limits or COMMAND_LINE, ensure_built(settings, progress))


def union_graph(build: Build) -> Graph:
    union = Graph()
    for g in build.dataset.graphs():
        union += g
    return union


def files_index(build: Build) -> dict[str, list[str]]:
    """Node → the source files whose graphs describe it (for error reports)."""
    out: dict[str, set[str]] = {}
    for g in build.dataset.graphs():
        path = build.graph_files.get(g.identifier)
        if path is None:
            continue
        for s in set(g.subjects()):
            out.setdefault(str(s), set()).add(_rel(path))
    return {k: sorted(v) for k, v in out.items()}


def _rel(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def lint_facts(build: Build, settings: Settings, paths: list[Path] | None = None) -> list:
    """`dtkg curate lint` on the given files, or on every fact file of the build."""
    shapes = parse_turtle(settings.ontology_dir / "shapes.ttl")
    return lint_paths(paths if paths is not None else fact_paths(settings), build, shapes)


def validate_build(build: Build, settings: Settings | None = None, lint: list[str] | None = None) -> Report:
    """SHACL on the union of the build, with the lint problems (`lint`, or found here)."""
    settings = settings or current_settings()
    shapes = parse_turtle(settings.ontology_dir / "shapes.ttl")
    report = validate_graph(union_graph(build), shapes, files_of=files_index(build))
    if lint is None:
        lint = [p.text() for p in lint_facts(build, settings)]
    return Report(report.conforms, report.results, lint)


def built_report(settings: Settings | None = None, progress=lambda _: None) -> Report:
    """The report of the built dataset (built first if stale); a build that fails gives its own report."""
    settings = settings or current_settings()
    try:
        ensure_built(settings, progress)
    except ValidationFailed as exc:
        return exc.report
    except LintFailed as exc:
        return Report(True, [], [p.text() for p in exc.problems])
    return Report.read(settings.validation_report)


def validate_served(paths: list[Path], settings: Settings | None = None) -> Report:
    """The report of RDF files served as they are (`dtkg serve FILE`): SHACL on their union alone,
    with the ontology for the class hierarchy; nothing of the build is mixed in."""
    from .rdf_input import parse, rdf_format, to_rdflib

    settings = settings or current_settings()
    data = Graph()
    for path in paths:
        fmt = rdf_format(path)
        for g in to_rdflib(parse(path, fmt, base_iri=path.resolve().as_uri()), path).graphs():
            data += g
    ontology = Graph()
    for path in sorted(settings.ontology_dir.glob("*.ttl")):
        if path.name != "shapes.ttl" and "shapes" not in path.stem:
            ontology += parse_turtle(path)
    return validate_graph(data, parse_turtle(settings.ontology_dir / "shapes.ttl"), ontology=ontology)


def validate_files(paths: list[Path], settings: Settings | None = None, progress=lambda _: None,
                   context: Build | None = None) -> Report:
    """Validate user files in the context of the built graph (so references resolve), reporting only
    on nodes the files describe (`context`: a build to reuse; it is modified). A curated fact file (Turtle with a source node) is compiled first,
    so its quotes are checked; any other RDF file is parsed by its suffix."""
    from .build import add_fact, finish
    from .rdf_input import check, parse, rdf_format, to_rdflib
    from .sources import load_fact_file

    settings = settings or current_settings()
    for path in paths:  # refuse a hostile or misnamed file before the build
        check(path, rdf_format(path))
    build = context or build_dataset(settings, progress)
    own: set[str] = set()
    for path in paths:
        fmt = rdf_format(path)
        if fmt.name == "turtle" and b"dtkg:localCopy" in path.read_bytes():
            graph = add_fact(build, load_fact_file(settings, path))
            own |= {str(s) for s in graph.subjects()}
            continue
        if fmt.name == "turtle":
            graph = parse_turtle(path)
        else:  # parsed by pyoxigraph after the checks of rdf_input (rdflib would fetch contexts)
            graph = Graph()
            for g in to_rdflib(parse(path, fmt, base_iri=path.resolve().as_uri()), path).graphs():
                graph += g
        iri = URIRef(path.resolve().as_uri())
        build.dataset.graph(iri).__iadd__(graph)
        build.graph_files[iri] = path
        own |= {str(s) for s in graph.subjects()}
    finish(build)
    shapes = parse_turtle(settings.ontology_dir / "shapes.ttl")
    report = validate_graph(union_graph(build), shapes, files_of=files_index(build), only=own)
    turtle = [p for p in paths if p.suffix == ".ttl"]
    return Report(report.conforms, report.results, [p.text() for p in lint_facts(build, settings, turtle)] if turtle else [])
