"""Compile ontology, vocabularies, curated facts and reference data into one RDF dataset.

One named graph per source (`graph/000` …), plus `graph/ontology`, `graph/vocab` and `graph/build`
(the description of the dataset itself). Nothing is fetched: the build can always be repeated.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, PROV, SKOS, VOID

from . import derive
from .config import Settings, settings as current_settings
from .evidence import annotate, stamp_derivation
from .links import link_graphs
from .namespaces import BASE, DTKG, GRAPH, ID, bind_all
from .privacy import LIST_NAME, check_graph, read_private_names
from .reference import reference_files
from .sources import FactFile, load_fact_files, parse_turtle, sha256

DATASET = ID["dataset/dtkg"]
ONTOLOGY_GRAPH, VOCAB_GRAPH, BUILD_GRAPH = GRAPH["ontology"], GRAPH["vocab"], GRAPH["build"]

Progress = Callable[[str], None]


@dataclass
class Build:
    """The dataset and, for error reports, which file each named graph came from."""

    dataset: Dataset
    graph_files: dict[URIRef, Path] = field(default_factory=dict)
    vocab: Graph = field(default_factory=Graph)
    private_names: tuple[str, ...] = ()


def ontology_paths(settings: Settings) -> list[Path]:
    return sorted(p for p in settings.ontology_dir.glob("*.ttl") if not p.name.endswith("shapes.ttl"))


def vocab_paths(settings: Settings) -> list[Path]:
    return sorted(settings.ontology_dir.glob("vocab/*.ttl"))


def load_schema(settings: Settings) -> tuple[Graph, Graph]:
    """The ontology and the SKOS vocabularies, parsed (errors name the file and line)."""
    ontology, vocab = Graph(), Graph()
    for path in ontology_paths(settings):
        ontology += parse_turtle(path)
    for path in vocab_paths(settings):
        vocab += parse_turtle(path)
    return ontology, vocab


def compile_fact(fact: FactFile, private_names: tuple[str, ...] = ()) -> Graph:
    """A fact file's graph with provenance stamped and quotes turned into annotations; fails if any
    literal names a private citizen of the list."""
    stamp_derivation(fact)
    fact.graph += annotate(fact, private_names)
    check_graph(fact.graph, private_names, fact.path, fact.line_of)
    fact.graph.add((fact.source, DTKG.sha256, Literal(sha256(fact.local_copy))))
    return fact.graph


def build_dataset(settings: Settings | None = None, progress: Progress = lambda _: None) -> Build:
    """Compile everything into a Dataset; raises SourceError naming the file and line on bad input."""
    settings = settings or current_settings()
    build = Build(Dataset(), private_names=read_private_names(settings.facts_dir / LIST_NAME))
    bind_all(build.dataset)
    progress("ontology and vocabularies")
    ontology, vocab = load_schema(settings)
    build.vocab = vocab
    _add(build, ONTOLOGY_GRAPH, ontology, settings.ontology_dir / "dtkg.ttl")
    _add(build, VOCAB_GRAPH, vocab, settings.ontology_dir / "vocab")
    facts = load_fact_files(settings) + reference_files(settings)
    for fact in facts:
        progress(f"facts: {fact.path.name}")
        add_fact(build, fact)
    _add_links(build, settings)
    progress("derived triples")
    finish(build)
    _describe(build, facts)
    return build


def _add_links(build: Build, settings: Settings) -> None:
    """Accepted links (graph/facts/links/*.ttl, written by `dtkg link accept`), one linkset graph each."""
    described = build.dataset.graph(BUILD_GRAPH)
    for iri, graph, path in link_graphs(settings.facts_dir):
        _add(build, iri, graph, path)
        described.add((DATASET, VOID.subset, iri))
        described.add((iri, RDF.type, VOID.Linkset))


def add_fact(build: Build, fact: FactFile) -> Graph:
    """Compile one fact file into its named graph (replacing any earlier version of that graph)."""
    graph = compile_fact(fact, build.private_names)
    derive.derive_graph(graph, build.vocab)
    build.dataset.remove_graph(fact.graph_iri)
    _add(build, fact.graph_iri, graph, fact.path)
    return graph


def finish(build: Build) -> None:
    """Derivations that need the union: tenure windows across articles, post labels, search labels."""
    labels, tenures = Graph(), Graph()
    for g in build.dataset.graphs():
        labels += g.triples((None, SKOS.prefLabel, None))
        for predicate in derive.TENURE_PREDICATES:
            tenures += g.triples((None, predicate, None))
    graphs = list(build.dataset.graphs())
    derive.tenure_windows(tenures, graphs, build.vocab)
    for g in graphs:
        derive.post_labels(g, labels)
        derive.hidden_labels(g)


def _add(build: Build, iri: URIRef, graph: Graph, path: Path) -> None:
    target = build.dataset.graph(iri)
    for triple in graph:
        target.add(triple)
    build.graph_files[iri] = path


def _describe(build: Build, facts: list[FactFile]) -> None:
    """The dataset and its named graphs, described in `graph/build` (VoID, DCAT, PROV)."""
    g = build.dataset.graph(BUILD_GRAPH)
    g.add((DATASET, RDF.type, VOID.Dataset))
    g.add((DATASET, RDF.type, DCAT.Dataset))
    g.add((DATASET, DCTERMS.title, Literal("dtkg: đồ thị tri thức chuyển đổi số Việt Nam", lang="vi")))
    g.add((DATASET, DCTERMS.title, Literal("dtkg: the knowledge graph of Vietnam's digital transformation", lang="en")))
    g.add((DATASET, VOID.uriSpace, Literal(BASE)))
    g.add((DATASET, DCTERMS.license, URIRef("https://creativecommons.org/licenses/by/4.0/")))
    for iri in (ONTOLOGY_GRAPH, VOCAB_GRAPH):
        g.add((DATASET, VOID.subset, iri))
        g.add((iri, RDF.type, VOID.Dataset))
    for fact in facts:
        g.add((DATASET, VOID.subset, fact.graph_iri))
        g.add((fact.graph_iri, RDF.type, PROV.Bundle))
        g.add((fact.graph_iri, RDF.type, VOID.Dataset))
        g.add((fact.graph_iri, PROV.wasDerivedFrom, fact.source))
        g.add((fact.graph_iri, DCTERMS.source, fact.source))
