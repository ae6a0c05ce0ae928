"""Province-level units of both eras and their 2025 succession, compiled from the reference CSVs.

Each unit is one territorial version: a unit the reform left unchanged keeps its IRI in both eras, a
merged unit gets a new IRI (`…-2025`). Every row becomes the evidence of what it states.
"""
from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, PROV, SKOS, XSD

from .config import Settings
from .namespaces import DTKG, ID, SCHEMA, VOCAB, WD
from .slugs import slugify
from .sources import FactFile, read_text

PROVINCE = Namespace(str(ID) + "province/")
COUNTRY = ID["country/vietnam"]
RESOLUTION_202 = ID["document/nghi-quyet-202-2025-qh15"]
ERA = {"pre2025": VOCAB["era/pre2025"], "post2025": VOCAB["era/post2025"]}
REFORM_DAY = Literal("2025-07-01", datatype=XSD.date)
LAST_DAY = Literal("2025-06-30", datatype=XSD.date)


def short_name(name_vi: str) -> str:
    for prefix in ("Tỉnh ", "Thành phố "):
        if name_vi.startswith(prefix):
            return name_vi[len(prefix):]
    return name_vi


def english_name(name_vi: str) -> str:
    kind = "City" if name_vi.startswith("Thành phố") else "Province"
    return f"{short_name(name_vi)} {kind}"


def _rows(path: Path) -> list[tuple[dict[str, str], str]]:
    """CSV rows with the exact line each came from (the line is the evidence quote)."""
    lines = read_text(path).splitlines()
    reader = csv.DictReader(lines)
    return [(row, lines[i + 1]) for i, row in enumerate(reader)]


def _source(path: Path, node: URIRef, local: str, title_vi: str, title_en: str, licence: str) -> Graph:
    """A new graph describing its source table; the table's header line is the source's evidence."""
    g = Graph()
    g.add((node, RDF.type, DCAT.Dataset))
    g.add((node, RDF.type, PROV.Entity))
    g.add((node, DCTERMS.title, Literal(title_vi, lang="vi")))
    g.add((node, DCTERMS.title, Literal(title_en, lang="en")))
    g.add((node, DTKG.localCopy, Literal(local)))
    g.add((node, DCTERMS.license, URIRef(licence)))
    g.add((node, DTKG.quote, Literal(read_text(path).splitlines()[0])))
    return g


def province_graph(settings: Settings) -> tuple[FactFile, dict[tuple[str, str], URIRef]]:
    """Both eras' units from the national CSV; returns the file and an index (code, era) → IRI."""
    path = settings.national_dir / "provinces-wikidata.csv"
    succession = _rows(settings.reference_dir / "province-succession.csv")
    olds_of: dict[str, list[str]] = defaultdict(list)
    for row, _ in succession:
        olds_of[row["post2025_gso_code"]].append(row["pre2025_gso_code"])
    rows = _rows(path)
    pre = {r["gso_code"]: r for r, _ in rows if r["era"] == "pre2025"}
    unchanged = {new for new, olds in olds_of.items() if olds == [new] and new in pre}
    reused_names = {r["name_vi"] for r, _ in rows if r["era"] == "post2025" and r["gso_code"] not in unchanged}
    source = ID["source/national-provinces"]
    g = _source(path, source, "national/provinces-wikidata.csv",
                "Đơn vị hành chính cấp tỉnh của hai thời kỳ, với mục Wikidata",
                "Province-level units of both eras, with their Wikidata items",
                "https://creativecommons.org/publicdomain/zero/1.0/")
    index: dict[tuple[str, str], URIRef] = {}
    for row, line in rows:
        code, era, name = row["gso_code"], row["era"], row["name_vi"]
        new_version = era == "post2025" and code not in unchanged
        node = PROVINCE[slugify(short_name(name)) + ("-2025" if new_version else "")]
        index[(code, era)] = node
        label_vi, label_en = name, english_name(name)
        if name in reused_names:  # two versions share the name: say which is which
            label_vi += " (từ 1/7/2025)" if new_version else " (đến 30/6/2025)"
            label_en += " (from 1 July 2025)" if new_version else " (until 30 June 2025)"
        g.add((node, RDF.type, DTKG.Province))
        g.add((node, RDF.type, SCHEMA.AdministrativeArea))
        g.add((node, SKOS.prefLabel, Literal(label_vi, lang="vi")))
        g.add((node, SKOS.prefLabel, Literal(label_en, lang="en")))
        g.add((node, SKOS.altLabel, Literal(short_name(name), lang="vi")))
        if label_vi != name:
            g.add((node, SKOS.altLabel, Literal(name, lang="vi")))
        g.add((node, SKOS.notation, Literal(code, datatype=DTKG.GSOCode)))
        g.add((node, DTKG.era, ERA[era]))
        g.add((node, SCHEMA.containedInPlace, COUNTRY))
        match = SKOS.exactMatch if row["match_status"] == "verified" else SKOS.closeMatch
        g.add((node, match, WD[row["wikidata_qid"]]))
        g.add((node, DTKG.quote, Literal(line)))
    return FactFile(path, g, source, "national-provinces", path, read_text(path)), index


def succession_graph(settings: Settings, index: dict[tuple[str, str], URIRef]) -> FactFile:
    """One territorial-change event per merged unit: the old units, the new one, the legal basis."""
    path = settings.reference_dir / "province-succession.csv"
    rows = _rows(path)
    source = ID["source/province-succession"]
    g = _source(path, source, "reference/province-succession.csv",
                "Bảng chuyển đổi đơn vị cấp tỉnh cũ sang mới (2025)",
                "Conversion table of old to new province-level units (2025)", "https://opensource.org/license/mit")
    g.add((source, DCTERMS.source, URIRef("https://pypi.org/project/vietnamadminunits/1.0.4/")))
    by_new: dict[str, list[tuple[dict[str, str], str]]] = defaultdict(list)
    for row, line in rows:
        by_new[row["post2025_gso_code"]].append((row, line))
    for code, members in by_new.items():
        new = index[(code, "post2025")]
        olds = [index[(r["pre2025_gso_code"], "pre2025")] for r, _ in members]
        if olds == [new]:
            continue  # unchanged unit: one version spans both eras
        event = ID[f"event/sap-xep-2025-{slugify(short_name(members[0][0]['post2025_name_vi']))}"]
        names_vi = ", ".join(short_name(r["pre2025_name_vi"]) for r, _ in members)
        new_name = short_name(members[0][0]["post2025_name_vi"])
        g.add((event, RDF.type, DTKG.TerritorialChange))
        g.add((event, SKOS.prefLabel, Literal(f"Sắp xếp {names_vi} thành {new_name} (2025)", lang="vi")))
        g.add((event, SKOS.prefLabel, Literal(f"Merger of {names_vi} into {new_name} (2025)", lang="en")))
        g.add((event, DCTERMS.date, REFORM_DAY))
        g.add((event, DTKG.legalBasis, RESOLUTION_202))
        g.add((event, PROV.generated, new))
        g.add((new, DCTERMS.valid, _period(g, new, start=REFORM_DAY)))
        for (row, line), old in zip(members, olds):
            g.add((event, PROV.used, old))
            g.add((event, DTKG.quote, Literal(line)))
            g.add((new, DCTERMS.replaces, old))
            g.add((old, DCTERMS.isReplacedBy, new))
            if (old, DCTERMS.valid, None) not in g:
                g.add((old, DCTERMS.valid, _period(g, old, end=LAST_DAY)))
    return FactFile(path, g, source, "province-succession", path, read_text(path))


def _period(g: Graph, unit: URIRef, start: Literal | None = None, end: Literal | None = None) -> URIRef:
    """The unit's period of validity, named after it so that builds are reproducible."""
    period = URIRef(unit + "#valid")
    g.add((period, RDF.type, DCTERMS.PeriodOfTime))
    if start is not None:
        g.add((period, DCAT.startDate, start))
    if end is not None:
        g.add((period, DCAT.endDate, end))
    return period


def reference_files(settings: Settings) -> list[FactFile]:
    provinces, index = province_graph(settings)
    return [provinces, succession_graph(settings, index)]
