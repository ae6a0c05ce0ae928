"""Accepted links: `dtkg link accept review.csv` turns reviewed rows into `graph/facts/links/*.ttl`,
which the build reads offline into one named graph per file (`graph/links-NAME`).

Each accepted row becomes `skos:closeMatch` (decision `auto`, or `close` after review) or
`skos:exactMatch` (decision `exact`: a person confirmed the identity), never `owl:sameAs`, plus an
SSSOM mapping (`owl:Axiom` with `sssom:` terms) that records the endpoint, the retrieval date, the
score and how the link was accepted. Rows with any other decision (`review`, `none`, …) are skipped.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import OWL, RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import SKOS

from .errors import SourceError
from .export import write_atomic
from .namespaces import GRAPH, ID, SEMAPV, SSSOM, bind_all
from .slugs import slugify
from .sources import parse_turtle

ITEM = re.compile(r"^http://www\.wikidata\.org/entity/Q[1-9]\d*$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
REQUIRED = ("entity", "label", "candidate", "candidateLabel", "score", "decision", "evidence", "endpoint", "retrieved")
# decision → (link predicate, justification, how accepted)
ACCEPTED = {
    "auto": (SKOS.closeMatch, SEMAPV.LexicalMatching, "accepted as proposed by dtkg link wikidata (decision auto)"),
    "close": (SKOS.closeMatch, SEMAPV.ManualMappingCuration, "reviewed by a person: a close match (decision close)"),
    "exact": (SKOS.exactMatch, SEMAPV.ManualMappingCuration, "reviewed by a person: the same entity (decision exact)"),
}


def links_dir(facts_dir: Path) -> Path:
    return facts_dir / "links"


@dataclass
class Accepted:
    entity: str
    candidate: str
    decision: str
    score: int
    evidence: str
    endpoint: str
    retrieved: str


def read_review(path: Path) -> list[Accepted]:
    """The accepted rows of a review CSV; a malformed row is an error naming its line."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceError(path, f"cannot read the review file: {exc}") from None
    reader = csv.DictReader(text.splitlines())
    missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
    if missing:
        raise SourceError(path, f"the review file lacks the column(s) {', '.join(missing)}", line=1)
    out = []
    for line, row in enumerate(reader, start=2):
        decision = (row["decision"] or "").strip().lower()
        if decision not in ACCEPTED:
            continue
        entity, candidate = row["entity"].strip(), row["candidate"].strip()
        if not entity.startswith(str(ID)):
            raise SourceError(path, f"entity {entity!r} is not an IRI of this graph", line=line)
        if not ITEM.match(candidate):
            raise SourceError(path, f"candidate {candidate!r} is not a Wikidata item IRI", line=line)
        if not (row["score"] or "").strip().isdigit() or int(row["score"]) > 100:
            raise SourceError(path, f"score {row['score']!r} is not a whole number from 0 to 100", line=line)
        if not DATE.match(row["retrieved"].strip()) or not row["endpoint"].strip().startswith(("http://", "https://")):
            raise SourceError(path, "endpoint must be an http(s) URL and retrieved a date (YYYY-MM-DD)", line=line)
        out.append(Accepted(entity, candidate, decision, int(row["score"]), row["evidence"].strip(),
                            row["endpoint"].strip(), row["retrieved"].strip()))
    return out


def mapping_graph(rows: list[Accepted], graph: Graph | None = None) -> Graph:
    """The links with their SSSOM provenance, added to `graph` (an accepted row replaces an earlier
    mapping of the same entity to the same item)."""
    g = graph if graph is not None else Graph()
    bind_all(g)
    g.bind("sssom", SSSOM)
    g.bind("semapv", SEMAPV)
    for row in rows:
        entity, item = URIRef(row.entity), URIRef(row.candidate)
        predicate, justification, how = ACCEPTED[row.decision]
        node = ID[f"link/{slugify(row.entity[len(str(ID)):])}--{item.split('/')[-1].lower()}"]
        for p in (SKOS.exactMatch, SKOS.closeMatch):
            g.remove((entity, p, item))
        g.remove((node, None, None))
        g.add((entity, predicate, item))
        g.add((node, RDF.type, OWL.Axiom))
        g.add((node, OWL.annotatedSource, entity))
        g.add((node, OWL.annotatedProperty, predicate))
        g.add((node, OWL.annotatedTarget, item))
        g.add((node, SSSOM.mapping_justification, justification))
        g.add((node, SSSOM.confidence, Literal(round(row.score / 100, 2), datatype=XSD.double)))
        g.add((node, SSSOM.mapping_tool, Literal("dtkg link wikidata")))
        g.add((node, SSSOM.mapping_date, Literal(row.retrieved, datatype=XSD.date)))
        g.add((node, SSSOM.object_source, URIRef(row.endpoint)))
        g.add((node, RDFS.comment, Literal(f"{how}; score {row.score}; evidence: {row.evidence}", lang="en")))
    return g


def accept(review: Path, facts_dir: Path, name: str = "wikidata") -> tuple[Path, int]:
    """Write the accepted rows into `links/NAME.ttl` (merged with what it holds); (path, rows written)."""
    rows = read_review(review)
    target = links_dir(facts_dir) / f"{name}.ttl"
    graph = mapping_graph(rows, parse_turtle(target) if target.exists() else None)
    header = ("# Links to Wikidata accepted with `dtkg link accept` (do not edit by hand: review the CSV and\n"
              "# accept it again). Each link has an SSSOM mapping with its endpoint, date, score and evidence.\n")
    write_atomic(target, lambda out: out.write(header.encode() + graph.serialize(format="turtle").encode("utf-8")))
    return target, len(rows)


def link_graphs(facts_dir: Path) -> list[tuple[URIRef, Graph, Path]]:
    """(named graph IRI, graph, file) for each links file, for the build."""
    return [(GRAPH[f"links-{path.stem}"], parse_turtle(path), path)
            for path in sorted(links_dir(facts_dir).glob("*.ttl")) if not path.name.startswith("_")]
