"""Find and parse the curated fact files and the source texts they quote."""
from __future__ import annotations

import hashlib
import os
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.plugins.parsers.notation3 import BadSyntax

from .config import Settings
from .errors import SourceError
from .namespaces import DTKG, GRAPH, ID
from .rdf_input import turtle_syntax

SOURCE_PREFIX = str(ID) + "source/"


@dataclass
class FactFile:
    """One curated Turtle file: its triples, its source article and that article's text."""

    path: Path
    graph: Graph
    source: URIRef
    source_id: str
    local_copy: Path
    text: str

    @property
    def graph_iri(self) -> URIRef:
        return GRAPH[self.source_id]

    def line_of(self, needle: str) -> int | None:
        """Line of the Turtle file where a literal first appears, for error messages."""
        probe = needle[:40]
        for number, line in enumerate(self.path.read_text(encoding="utf-8").splitlines(), 1):
            if probe in line:
                return number
        return None


def fact_paths(settings: Settings) -> list[Path]:
    """Fact files in build order; files starting with `_` are templates, not facts."""
    return sorted(p for p in settings.facts_dir.glob("*.ttl") if not p.name.startswith("_"))


def parse_turtle(path: Path) -> Graph:
    """Parse a Turtle file; pyoxigraph checks it first, as it gives the exact file:line of an error
    and refuses bad IRIs that rdflib accepts (and that fail later, far from their line)."""
    turtle_syntax(path, base_iri=path.resolve().as_uri())
    graph = Graph()
    try:
        graph.parse(path, format="turtle")
    except BadSyntax as exc:  # what pyoxigraph accepts and rdflib does not: its line may be off
        raise SourceError(path, f"Turtle syntax error (near line {exc.lines + 1}): {exc._why}") from None
    except RecursionError:
        raise SourceError(path, "blank nodes or lists nested too deeply for rdflib's Turtle parser") from None
    except Exception as exc:  # rdflib raises several kinds for bad IRIs and literals
        raise SourceError(path, f"cannot parse: {exc}") from None
    return graph


def resolve_local_copy(settings: Settings, name: str) -> Path:
    """Local copies live in the sources folder; `national/…` and `reference/…` name the reference folders."""
    return _local_root(settings, name)[1]


def _local_root(settings: Settings, name: str) -> tuple[Path, Path]:
    """The folder a local copy must stay in, and the copy's path."""
    if name.startswith("national/"):
        return settings.national_dir, settings.national_dir / name.removeprefix("national/")
    if name.startswith("reference/"):
        return settings.reference_dir, settings.reference_dir / name.removeprefix("reference/")
    return settings.sources_dir, settings.sources_dir / name


def read_text(path: Path) -> str:
    """The exact text that offsets count into (code points of the NFC text)."""
    text = path.read_text(encoding="utf-8")
    if not unicodedata.is_normalized("NFC", text):
        raise SourceError(path, "source text is not in Unicode NFC; normalise it before quoting it")
    return text


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load_fact_file(settings: Settings, path: Path) -> FactFile:
    """Parse one fact file and find the one source (the node with dtkg:localCopy) it describes."""
    graph = parse_turtle(path)
    sources = [(s, o) for s, o in graph.subject_objects(DTKG.localCopy) if str(s).startswith(SOURCE_PREFIX)]
    if len(sources) != 1:
        raise SourceError(path, f"needs exactly one source node (src:… with dtkg:localCopy), found {len(sources)}")
    source, local = sources[0]
    root, local_path = _local_root(settings, str(local))
    # Lexically, so that a sources folder of symbolic links still works: "/etc/passwd", "../x" do not.
    if not Path(os.path.normpath(local_path)).is_relative_to(os.path.normpath(root)):
        raise SourceError(path, f"local copy {str(local)!r} is outside the folder {root}; name a file in it")
    if not local_path.is_file():
        raise SourceError(path, f"local copy {local_path} not found (set DTKG_SOURCES?)", line=None)
    return FactFile(path, graph, source, str(source)[len(SOURCE_PREFIX):], local_path, read_text(local_path))


def load_fact_files(settings: Settings) -> list[FactFile]:
    files = [load_fact_file(settings, p) for p in fact_paths(settings)]
    seen: dict[str, Path] = {}
    for f in files:
        if f.source_id in seen:
            raise SourceError(f.path, f"source {f.source_id} is already described in {seen[f.source_id]}")
        seen[f.source_id] = f.path
    return files


def checksum_literal(path: Path) -> Literal:
    return Literal(sha256(path))
