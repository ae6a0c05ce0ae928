"""The built dataset on disk: build it when missing or older than its inputs, then load it."""
from __future__ import annotations

from pathlib import Path

from rdflib import Graph, URIRef

from .build import Build, build_dataset, load_schema
from .config import Settings, settings as current_settings
from .export import to_store, write_dist
from .lint import LintFailed, lint_paths
from .sources import fact_paths, parse_turtle
from .store import OxigraphStore, open_store
from .validate import Report, validate_graph


def inputs(settings: Settings) -> list[Path]:
    roots = [settings.facts_dir, settings.reference_dir, settings.ontology_dir, settings.sources_dir, settings.national_dir]
    code = Path(__file__).resolve().parent
    return [p for r in roots if r.exists() for p in r.rglob("*") if p.is_file()] + list(code.glob("*.py"))


def is_stale(settings: Settings) -> bool:
    target = settings.dataset_nquads
    if not target.exists():
        return True
    built = target.stat().st_mtime
    return any(p.stat().st_mtime > built for p in inputs(settings))


def build_to_dist(settings: Settings | None = None, progress=lambda _: None) -> tuple[Build, list[Path]]:
    settings = settings or current_settings()
    build = build_dataset(settings, progress)
    progress("lint")
    problems = lint_facts(build, settings)
    if problems:
        raise LintFailed(problems)
    progress("writing dist/")
    return build, write_dist(to_store(build.dataset), settings.dist_dir)


def ensure_built(settings: Settings | None = None, progress=lambda _: None) -> Path:
    settings = settings or current_settings()
    if is_stale(settings):
        build_to_dist(settings, progress)
    return settings.dataset_nquads


def open_built_store(settings: Settings | None = None, progress=lambda _: None) -> OxigraphStore:
    """An in-memory Oxigraph store with the built dataset (built first if needed)."""
    path = ensure_built(settings, progress)
    store = open_store()
    store.load(path)
    return store.merge_default_graph()


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


def validate_build(build: Build, settings: Settings | None = None) -> Report:
    settings = settings or current_settings()
    shapes = parse_turtle(settings.ontology_dir / "shapes.ttl")
    report = validate_graph(union_graph(build), shapes, files_of=files_index(build))
    return Report(report.conforms, report.results, [p.text() for p in lint_facts(build, settings)])


def validate_files(paths: list[Path], settings: Settings | None = None, progress=lambda _: None,
                   context: Build | None = None) -> Report:
    """Validate user files in the context of the built graph (so references resolve), reporting only
    on nodes the files describe (`context`: a build to reuse; it is modified). A curated fact file (Turtle with a source node) is compiled first,
    so its quotes are checked; any other RDF file is parsed by its suffix."""
    from rdflib import Dataset

    from .build import add_fact, finish
    from .formats import by_suffix
    from .sources import SourceError, load_fact_file

    settings = settings or current_settings()
    build = context or build_dataset(settings, progress)
    own: set[str] = set()
    for path in paths:
        fmt = by_suffix(path.suffix)
        if fmt is None:
            raise SourceError(path, f"unknown RDF file suffix {path.suffix!r}")
        if fmt.name == "turtle" and b"dtkg:localCopy" in path.read_bytes():
            graph = add_fact(build, load_fact_file(settings, path))
        elif fmt.name == "turtle":
            graph = parse_turtle(path)
            iri = URIRef(path.resolve().as_uri())
            build.dataset.graph(iri).__iadd__(graph)
            build.graph_files[iri] = path
        else:
            ds = Dataset()
            try:
                ds.parse(path, format={"jsonld": "json-ld", "rdfxml": "xml", "ntriples": "nt"}.get(fmt.name, fmt.name))
            except Exception as exc:
                raise SourceError(path, f"cannot parse as {fmt.name}: {exc}") from None
            graph = Graph()
            for g in ds.graphs():
                graph += g
            iri = ds.graph(path.resolve().as_uri()).identifier
            target = build.dataset.graph(iri)
            target += graph
            build.graph_files[iri] = path
        own |= {str(s) for s in graph.subjects()}
    finish(build)
    shapes = parse_turtle(settings.ontology_dir / "shapes.ttl")
    report = validate_graph(union_graph(build), shapes, files_of=files_index(build), only=own)
    turtle = [p for p in paths if p.suffix == ".ttl"]
    return Report(report.conforms, report.results, [p.text() for p in lint_facts(build, settings, turtle)] if turtle else [])
