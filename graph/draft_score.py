"""How good `dtkg curate draft` is: re-draft each seed article and compare with its curated graph.

Leave-one-out: the article's own graph is removed from the context first, so the gazetteer and the
label matcher cannot find what only the curators wrote for that article. A draft node matches a
curated node of the same kind when one of its quotes overlaps one of the curated node's evidence
spans; a figure must also have the same value, a post the same person. Precision counts draft nodes
that match, recall curated nodes that are matched, summed over the articles.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from rdflib import RDF, Graph, URIRef
from rdflib.namespace import ORG, PROV

from .build import Build
from .draft import Drafter, draft_text
from .namespaces import DTKG, ELI, GRAPH, OA, QB, SDMX_MEA, curie

KINDS = {"documents": "document", "posts": "post", "figures": "figure", "platforms": "platform"}
GOLD_TYPES = {"document": [ELI.LegalResource], "post": [ORG.Membership], "figure": [QB.Observation, DTKG.Target],
              "platform": [DTKG.DigitalSystem]}


@dataclass
class Score:
    kind: str
    drafted: int = 0
    correct: int = 0
    curated: int = 0
    found: int = 0

    @property
    def precision(self) -> float:
        return self.correct / self.drafted if self.drafted else 0.0

    @property
    def recall(self) -> float:
        return self.found / self.curated if self.curated else 0.0


def gold(graph: Graph, kind: str) -> dict[URIRef, dict]:
    """Curated nodes of a kind with their evidence spans (and value, for figures)."""
    out = {}
    for t in GOLD_TYPES[kind]:
        for node in set(graph.subjects(RDF.type, t)):
            spans = []
            # a post's quotes are on its attestations (one per article that names it), not on the tenure
            bodies = [node, *graph.subjects(PROV.specializationOf, node)]
            for ann in (a for body in bodies for a in graph.subjects(OA.hasBody, body)):
                for sel in graph.objects(graph.value(ann, OA.hasTarget), OA.hasSelector):
                    start, end = graph.value(sel, OA.start), graph.value(sel, OA.end)
                    if start is not None:
                        spans.append((int(start), int(end)))
            value = graph.value(node, SDMX_MEA.obsValue)
            member, role = graph.value(node, ORG.member), graph.value(node, ORG.role)
            out[node] = {"spans": spans, "value": Decimal(str(value)) if value is not None else None,
                         "post": (curie(member), curie(role)) if member is not None else None}
    return out


def _overlap(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> bool:
    return any(s < f and t < e for s, e in a for t, f in b)


def _same(draft_node, kind: str, g: dict) -> bool:
    if not _overlap(draft_node.spans, g["spans"]):
        return False
    if kind == "figure":
        return g["value"] is not None and Decimal(draft_node.value) == g["value"]
    if kind == "post":
        return draft_node.value == g["post"]
    return True


def score_article(build: Build, number: str, text: str, name: str, prefixes: str = "") -> dict[str, Score]:
    own = build.dataset.graph(GRAPH[number])
    context = Graph()
    for g in build.dataset.graphs():
        if g.identifier != own.identifier:
            context += g
    _, drafter = draft_text(text, name, context, prefixes)
    return compare(drafter, own)


def compare(drafter: Drafter, own: Graph) -> dict[str, Score]:
    scores = {}
    for label, kind in KINDS.items():
        curated = gold(own, kind)
        drafted = [n for n in drafter.nodes.values() if n.kind == kind]
        score = Score(label, drafted=len(drafted), curated=len(curated))
        score.correct = sum(any(_same(n, kind, g) for g in curated.values()) for n in drafted)
        score.found = sum(any(_same(n, kind, g) for n in drafted) for g in curated.values())
        scores[label] = score
    return scores


def score_seed_articles(build: Build, sources_dir) -> dict[str, Score]:
    """Per kind, summed over the five seed articles 000–004."""
    total = {label: Score(label) for label in KINDS}
    for n in range(5):
        path = next(sources_dir.glob(f"00{n}_*.txt"))
        for label, s in score_article(build, f"00{n}", path.read_text(encoding="utf-8"), path.name).items():
            t = total[label]
            t.drafted, t.correct, t.curated, t.found = (t.drafted + s.drafted, t.correct + s.correct,
                                                        t.curated + s.curated, t.found + s.found)
    return total


def table(scores: dict[str, Score]) -> str:
    rows = ["| kind | drafted | correct | precision | curated | found | recall |", "|---|---:|---:|---:|---:|---:|---:|"]
    rows += [f"| {s.kind} | {s.drafted} | {s.correct} | {s.precision:.0%} | {s.curated} | {s.found} | {s.recall:.0%} |"
             for s in scores.values()]
    return "\n".join(rows)
