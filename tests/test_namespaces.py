"""The closed DTKG namespace is the ontology's vocabulary, both ways: every term it lets code write is
declared in ontology/*.ttl, and every dtkg: term the code, the queries and the facts use is one of them."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import RDF, Graph

from dtkg.graph.namespaces import DTKG, ONTOLOGY_TERMS, curie, prefixed, short

ROOT = Path(__file__).resolve().parents[1]
NS = str(DTKG)


def declared() -> set[str]:
    """The local names of every dtkg: term given a type in the ontology files."""
    graph = Graph()
    for path in sorted((ROOT / "ontology").glob("*.ttl")):
        graph.parse(path)
    return {str(s)[len(NS):] for s in graph.subjects(RDF.type, None) if str(s).startswith(NS)}


def used() -> dict[str, set[str]]:
    """dtkg: terms by file: prefixed names in Turtle and SPARQL (also inside Python strings),
    attribute access on DTKG and full IRIs in Python."""
    found: dict[str, set[str]] = {}
    texts = [*ROOT.glob("graph/facts/*.ttl"), *ROOT.glob("ontology/**/*.ttl"), *ROOT.glob("queries/*.rq"),
             *ROOT.glob("server/page_queries/*.rq"), *ROOT.glob("graph/**/*.py"), *ROOT.glob("server/*.py")]
    for path in texts:
        text = path.read_text(encoding="utf-8")
        comment = r"^\s*#.*$" if path.suffix in (".ttl", ".rq") else r"^\s*>>>.*$"  # a doctest shows a misspelling
        text = re.sub(comment, "", text, flags=re.MULTILINE)
        names = set(re.findall(r"(?<![\w/#<])dtkg:([A-Za-z_][\w-]*)", text))
        names |= set(re.findall(r"\bDTKG\.([A-Za-z_]\w*)", text))
        names |= set(re.findall(re.escape(NS) + r"([A-Za-z_][\w-]*)", text))
        if names:
            found[str(path.relative_to(ROOT))] = names
    return found


def test_the_namespace_holds_exactly_the_terms_the_ontology_declares():
    ontology = declared()
    assert set(ONTOLOGY_TERMS) == ontology, (
        f"add to ONTOLOGY_TERMS: {sorted(ontology - set(ONTOLOGY_TERMS))}; "
        f"not in the ontology: {sorted(set(ONTOLOGY_TERMS) - ontology)}")


def test_every_dtkg_term_in_use_is_declared():
    ontology = declared()
    unknown = {path: sorted(names - ontology) for path, names in used().items() if names - ontology}
    assert not unknown, unknown


def test_the_scan_sees_the_uses_it_checks():
    """The check above fails only if the scan finds terms: it must see facts, queries and code."""
    found = used()
    assert "quote" in found["graph/facts/000-hai-duong-but-pha-so.ttl"]
    assert "attestedDate" in found["graph/derive.py"]
    assert any(path.startswith("queries/") for path in found)
    assert any(path.startswith("server/page_queries/") for path in found)


def test_a_misspelt_term_fails_where_it_is_written():
    assert str(DTKG.Province) == NS + "Province"
    with pytest.raises(AttributeError):
        DTKG.Provnce  # noqa: B018
    with pytest.raises(KeyError):
        DTKG["attested_date"]


@pytest.mark.parametrize("iri, name, turtle", [
    ("https://w3id.org/vn-dtkg/id/province/hai-duong", "province:hai-duong", "province:hai-duong"),
    ("https://w3id.org/vn-dtkg/ontology#era", "dtkg:era", "dtkg:era"),
    ("http://www.w3.org/2004/02/skos/core#prefLabel", "skos:prefLabel", "skos:prefLabel"),
    ("https://w3id.org/vn-dtkg/id/province/a/b", "province:a/b", "<https://w3id.org/vn-dtkg/id/province/a/b>"),
    ("http://example.org/x", None, "<http://example.org/x>"),
])
def test_one_rule_shortens_iris(iri, name, turtle):
    assert prefixed(iri) == name
    assert short(iri) == (name or iri)
    assert curie(iri) == turtle
