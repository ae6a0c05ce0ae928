"""Private citizens quoted by name (issue 11, audit): their names, kept as data, appear in no literal
of the graph, not even in the prefix or suffix context of a Web Annotation; the build refuses a fact
file that writes one, naming the file and line."""
from __future__ import annotations

import pytest
from rdflib import RDF, Literal

from dtkg.graph.build import compile_fact
from dtkg.graph.config import settings
from dtkg.graph.errors import SourceError
from dtkg.graph.namespaces import DTKG, OA
from dtkg.graph.privacy import LIST_NAME, clipped_context, found_in, read_private_names, spans_of
from dtkg.graph.sources import load_fact_file, resolve_local_copy

NAMES = read_private_names(settings().facts_dir / LIST_NAME)


def test_the_list_holds_the_four_citizens_the_articles_quote():
    assert {"Phạm Ánh Nguyệt", "Nguyễn Thị Loan", "Phạm Thị Mỹ Xuyên", "Lê Kim Phụng Em"} <= set(NAMES)


def test_no_literal_of_the_built_graph_contains_a_listed_name(built):
    leaks = [(p, str(o)[:60]) for g in built.dataset.graphs() for _, p, o in g
             if isinstance(o, Literal) and found_in(str(o), NAMES)]
    assert not leaks, leaks[:5]


def test_no_annotation_context_overlaps_a_listed_name_in_its_source(built):
    """Checked on the source text, so a name cut in half by the 32-character window counts too."""
    texts, checked = {}, 0
    for g in built.dataset.graphs():
        for ann in g.subjects(RDF.type, OA.Annotation):
            target = g.value(ann, OA.hasTarget)
            source = g.value(target, OA.hasSource)
            if source not in texts:
                local = next((x.value(source, DTKG.localCopy) for x in built.dataset.graphs()
                              if x.value(source, DTKG.localCopy)), None)
                text = resolve_local_copy(settings(), str(local)).read_text(encoding="utf-8") if local else ""
                texts[source] = (text, spans_of(text, NAMES))
            text, spans = texts[source]
            sel = {p: o for s in g.objects(target, OA.hasSelector) for p, o in g.predicate_objects(s)}
            if OA.prefix not in sel:
                continue
            lo = int(sel[OA.start]) - len(str(sel[OA.prefix]))
            hi = int(sel[OA.end]) + len(str(sel[OA.suffix]))
            assert not [sp for sp in spans if sp[0] < hi and sp[1] > lo], (ann, sel[OA.exact])
            checked += 1
    assert checked > 500


def test_annotation_context_stops_before_the_resident_of_vi_thang(built):
    """The quote «xã Vị Thắng, huyện Vị Thủy» follows «Chị Phạm Thị Mỹ Xuyên, ở » in article 003."""
    prefixes = [str(o) for g in built.dataset.graphs() for s in g.subjects(OA.exact, Literal("xã Vị Thắng, huyện Vị Thủy"))
                for o in g.objects(s, OA.prefix)]
    assert prefixes and all("Xuyên" not in p and "Thị" not in p for p in prefixes), prefixes


def test_a_name_cut_by_the_window_is_cut_out_whole():
    text = "Chị Phạm Thị Mỹ Xuyên, ở xã Vị Thắng, huyện Vị Thủy, bộc bạch"
    start = text.index("xã Vị Thắng")
    prefix, suffix = clipped_context(text, start, start + 11, 12, ["Phạm Thị Mỹ Xuyên"])
    assert prefix == ", ở " and suffix == ", huyện Vị T"


def test_names_are_found_without_diacritics_or_in_capitals():
    assert found_in("chi PHAM THI MY XUYEN noi", NAMES) == "PHAM THI MY XUYEN"
    assert found_in("tác giả Mỹ Xuyên", NAMES) is None


def test_a_fact_file_naming_a_private_citizen_fails_with_file_and_line(tmp_path):
    path = tmp_path / "003-leak.ttl"
    path.write_text((settings().facts_dir / "_prefixes.ttl").read_text(encoding="utf-8") + """
src:003 a schema:NewsArticle ; dtkg:localCopy "003_dc22c7a26bedfe66.txt" ;
    dtkg:quote "Thứ Hai, ngày 10/10/2022 | 07:33" .
place:cho-vi-thanh a schema:Place ;
    rdfs:comment "Nguyễn Thị Loan bán hàng ở đây."@vi ;
    dtkg:quote "chợ Vị Thanh" .
""", encoding="utf-8")
    with pytest.raises(SourceError) as err:
        compile_fact(load_fact_file(settings(), path), NAMES)
    lines = path.read_text(encoding="utf-8").splitlines()
    line = next(i for i, l in enumerate(lines, 1) if "Nguyễn Thị Loan" in l)
    assert f"003-leak.ttl:{line}:" in str(err.value) and LIST_NAME in str(err.value)
