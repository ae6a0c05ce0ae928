"""The compiled dataset: evidence that points at the right text, clean identifiers and text, no
private citizens, reproducible output, and inputs that fail loudly."""
from __future__ import annotations

import re
import unicodedata

import pytest
from rdflib import RDF, Literal, URIRef
from rdflib.namespace import FOAF, PROV

from dtkg.graph.build import build_dataset
from dtkg.graph.config import Settings, settings
from dtkg.graph.errors import SourceError
from dtkg.graph.namespaces import BASE, OA
from dtkg.graph.sources import resolve_local_copy

PRIVATE_CITIZENS = ["Phạm Ánh Nguyệt", "Nguyễn Thị Loan", "Phạm Thị Mỹ Xuyên", "Lê Kim Phụng Em"]


def union(built):
    for g in built.dataset.graphs():
        yield from ((s, p, o, g.identifier) for s, p, o in g)


def test_every_quote_sits_at_its_offsets_in_the_local_copy(built):
    ds = built.dataset
    checked = 0
    for g in ds.graphs():
        for ann in g.subjects(RDF.type, OA.Annotation):
            target = g.value(ann, OA.hasTarget)
            source = g.value(target, OA.hasSource)
            local = next(x.value(source, URIRef(BASE + "ontology#localCopy")) for x in ds.graphs() if x.value(source, URIRef(BASE + "ontology#localCopy")))
            text = resolve_local_copy(settings(), str(local)).read_text(encoding="utf-8")
            selectors = list(g.objects(target, OA.hasSelector))
            exact = next(str(g.value(s, OA.exact)) for s in selectors if g.value(s, OA.exact) is not None)
            start = next(int(g.value(s, OA.start)) for s in selectors if g.value(s, OA.start) is not None)
            end = next(int(g.value(s, OA.end)) for s in selectors if g.value(s, OA.end) is not None)
            assert text[start:end] == exact, ann
            checked += 1
    assert checked > 500


def test_every_fact_of_an_article_is_quoted(built):
    for g in built.dataset.graphs():
        if not re.search(r"/graph/00\d$", str(g.identifier)):
            continue
        quoted = set(g.objects(None, OA.hasBody))
        quoted |= {m for body in quoted for m in g.objects(body, PROV.specializationOf)}  # a tenure, by its attestations
        typed = {s for s in g.subjects(RDF.type) if isinstance(s, URIRef) and "/id/evidence/" not in str(s)
                 and "#" not in str(s)  # parts the build derives (a tenure's reified org:holds)
                 and (s, PROV.wasDerivedFrom, None) in g}
        assert typed <= quoted, sorted(typed - quoted)[:5]


def test_instance_iris_are_ascii_slugs(built):
    pattern = re.compile(r"^https://w3id\.org/vn-dtkg/(id|vocab|graph)/[a-z0-9-]+(/[a-z0-9.-]+)*(#[a-z]+)?$")
    bad = {str(t) for s, p, o, _ in union(built) for t in (s, o)
           if isinstance(t, URIRef) and str(t).startswith(BASE) and "/ontology" not in str(t) and not pattern.match(str(t))}
    assert not bad, sorted(bad)[:10]


def test_all_text_is_nfc(built):
    bad = [o for s, p, o, _ in union(built) if isinstance(o, Literal) and isinstance(o.value, str)
           and not unicodedata.is_normalized("NFC", str(o))]
    assert not bad, bad[:5]


def test_private_citizens_are_not_modelled(built):
    persons = {str(o) for s, p, o, _ in union(built) if p == FOAF.name}
    labels = [str(o) for s, p, o, _ in union(built) if isinstance(o, Literal) and p != OA.exact and "prefix" not in str(p) and "suffix" not in str(p)]
    for name in PRIVATE_CITIZENS:
        assert name not in persons
        assert not any(name in l for l in labels), name


def test_persons_have_one_name_each_and_distinct_slugs(built):
    names: dict[str, set[str]] = {}
    for s, p, o, _ in union(built):
        if p == FOAF.name:
            names.setdefault(str(s), set()).add(str(o))
    assert all(len(v) == 1 for v in names.values()), {k: v for k, v in names.items() if len(v) > 1}
    assert "https://w3id.org/vn-dtkg/id/person/pham-xuan-thang" in names and "https://w3id.org/vn-dtkg/id/person/nguyen-cao-thang" in names


def test_builds_are_reproducible(built):
    again = build_dataset(settings())
    def ground(b):
        return sorted((str(s), str(p), str(o), str(g)) for s, p, o, g in union(b)
                      if not any(t.__class__.__name__ == "BNode" for t in (s, o)))
    assert ground(built) == ground(again)


def test_every_named_graph_is_described_as_a_bundle_of_its_source(built):
    build_graph = built.dataset.graph(URIRef(BASE + "graph/build"))
    bundles = set(build_graph.subjects(RDF.type, PROV.Bundle))
    assert {URIRef(BASE + f"graph/00{i}") for i in range(5)} <= bundles
    for bundle in bundles:
        assert build_graph.value(bundle, PROV.wasDerivedFrom) is not None


def test_missing_source_text_names_the_fact_file(tmp_path):
    facts = tmp_path / "facts"
    facts.mkdir()
    (facts / "007-x.ttl").write_text(
        '@prefix dtkg: <https://w3id.org/vn-dtkg/ontology#> .\n'
        '<https://w3id.org/vn-dtkg/id/source/007> dtkg:localCopy "007_missing.txt" .\n', encoding="utf-8")
    with pytest.raises(SourceError, match=r"007-x.ttl: local copy .*007_missing.txt not found"):
        build_dataset(Settings(facts_dir=facts))


def test_a_file_without_a_source_is_refused(tmp_path):
    facts = tmp_path / "facts"
    facts.mkdir()
    (facts / "008-x.ttl").write_text("<http://a> <http://b> <http://c> .\n", encoding="utf-8")
    with pytest.raises(SourceError, match="needs exactly one source node"):
        build_dataset(Settings(facts_dir=facts))
