"""The DCAT-AP description of the built dataset, for open-data portals to harvest: `dist/catalog.ttl`.

The catalogue, the dataset (titles and descriptions in vi and en, licence, publisher, temporal and
spatial coverage, keywords, contact point), one distribution per dump file the build writes (with
its exact size and SHA-256) and the SPARQL endpoint as a `dcat:DataService`. It is a file of its own,
not part of the dataset, because it records the checksums of the dataset's dumps.

Only what the project states is said: the licence is the one `graph/build` gives the dataset
(CC BY 4.0); the publisher and contact point are the dtkg project at its base IRI (no e-mail
address is published). Absolute URLs start at the base IRI, which the server dereferences.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

import pyoxigraph as ox
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, XSD

from .build import DATASET  # the dataset graph/build describes (VoID, PROV)
from .export import serialize, write_atomic
from .formats import DUMP_FORMATS, by_name
from .namespaces import BASE, SPDX, VCARD, bind_all

CATALOG = URIRef(BASE + "catalog")
SERVICE = URIRef(BASE + "catalog#sparql")
PUBLISHER = URIRef(BASE + "catalog#publisher")
CONTACT = URIRef(BASE + "catalog#contact")
IANA = "http://www.iana.org/assignments/media-types/"
LICENCE = URIRef("https://creativecommons.org/licenses/by/4.0/")
VIETNAM = URIRef(BASE + "id/country/vietnam")
SPARQL_PROTOCOL = URIRef("https://www.w3.org/TR/sparql11-protocol/")
CATALOG_FILE = "catalog.ttl"

TITLE = {"vi": "dtkg: đồ thị tri thức chuyển đổi số Việt Nam",
         "en": "dtkg: the knowledge graph of Vietnam's digital transformation"}
DESCRIPTION = {
    "vi": "Các tỉnh thực hiện chương trình chuyển đổi số nào, ai lãnh đạo cơ quan nào, nghị quyết nào đặt chỉ tiêu "
          "nào, nền tảng nào được triển khai ở đâu và do ai, và các số liệu nói gì; mỗi sự kiện kèm trích dẫn từ bài "
          "báo nguồn. Gồm cả các đơn vị hành chính cấp tỉnh của hai thời kỳ và việc sắp xếp năm 2025.",
    "en": "Which provinces run which digital-transformation programmes, who leads what, which resolutions set "
          "which targets, which platforms are deployed where and by whom, and what the figures say; every fact "
          "carries its supporting quote from a source article. It includes the province-level units of both eras "
          "and the 2025 reform.",
}
KEYWORDS = {"vi": ("chuyển đổi số", "đồ thị tri thức", "dữ liệu liên kết", "tỉnh", "chính quyền số", "Việt Nam"),
            "en": ("digital transformation", "knowledge graph", "linked data", "provinces", "digital government",
                   "Vietnam")}
# The years the facts refer to: dates of documents, attestations and events, and reference periods.
YEARS_QUERY = """SELECT (MIN(?year) AS ?first) (MAX(?year) AS ?last) WHERE {
  VALUES ?p { <http://data.europa.eu/eli/ontology#date_document> <https://w3id.org/vn-dtkg/ontology#attestedDate>
              <http://purl.org/dc/terms/date> <http://www.w3.org/ns/dcat#startDate> <http://www.w3.org/ns/dcat#endDate> }
  ?s ?p ?date FILTER(isLiteral(?date))
  BIND(xsd:integer(SUBSTR(STR(?date), 1, 4)) AS ?year)
}"""


def coverage_years(store: ox.Store) -> tuple[int, int] | None:
    from .engine import LocalEngine
    from .engine.limits import IN_PROCESS

    engine = LocalEngine(IN_PROCESS, store)  # not merged: the build's store is written out as it is
    rows = engine.select("PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\n" + YEARS_QUERY)
    if not rows or "first" not in rows[0]:
        return None
    return int(rows[0]["first"].value), int(rows[0]["last"].value)


def write_dumps(store: ox.Store, dist: Path, written: list[Path]) -> list[Path]:
    """Every dump format of /dumps as a file in dist/ (those already written are kept)."""
    paths = {p.name: p for p in written}
    for name in DUMP_FORMATS:
        fmt = by_name(name)
        path = dist / f"dtkg{fmt.suffix}"
        if path.name not in paths:
            write_atomic(path, lambda out, fmt=fmt: serialize(store, fmt, out))
            paths[path.name] = path
    return [paths[f"dtkg{by_name(n).suffix}"] for n in DUMP_FORMATS]


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def catalogue_graph(dumps: list[Path], years: tuple[int, int] | None, base: str = BASE) -> Graph:
    """The DCAT-AP description of the dataset and its dump files."""
    g = Graph()
    bind_all(g)
    g.bind("vcard", VCARD)
    g.bind("spdx", SPDX)
    add = g.add
    add((CATALOG, RDF.type, DCAT.Catalog))
    for lang in ("vi", "en"):
        add((CATALOG, DCTERMS.title, Literal(("Danh mục dữ liệu " if lang == "vi" else "Data catalogue of ") + TITLE[lang], lang=lang)))
        add((CATALOG, DCTERMS.description, Literal(DESCRIPTION[lang], lang=lang)))
    add((CATALOG, DCTERMS.publisher, PUBLISHER))
    add((CATALOG, FOAF.homepage, URIRef(base)))
    add((CATALOG, DCTERMS.license, LICENCE))
    add((CATALOG, DCAT.dataset, DATASET))
    add((CATALOG, DCAT.service, SERVICE))

    add((PUBLISHER, RDF.type, FOAF.Agent))
    add((PUBLISHER, FOAF.name, Literal("dtkg")))
    add((PUBLISHER, FOAF.homepage, URIRef(base)))
    add((CONTACT, RDF.type, VCARD.Kind))
    add((CONTACT, VCARD.fn, Literal("dtkg")))
    add((CONTACT, VCARD.hasURL, URIRef(base)))

    add((DATASET, RDF.type, DCAT.Dataset))
    for lang in ("vi", "en"):
        add((DATASET, DCTERMS.title, Literal(TITLE[lang], lang=lang)))
        add((DATASET, DCTERMS.description, Literal(DESCRIPTION[lang], lang=lang)))
        for word in KEYWORDS[lang]:
            add((DATASET, DCAT.keyword, Literal(word, lang=lang)))
    add((DATASET, DCTERMS.license, LICENCE))
    add((DATASET, DCTERMS.publisher, PUBLISHER))
    add((DATASET, DCAT.contactPoint, CONTACT))
    add((DATASET, DCAT.landingPage, URIRef(base)))
    add((DATASET, DCTERMS.spatial, VIETNAM))
    add((VIETNAM, RDF.type, DCTERMS.Location))
    if years:
        period = URIRef(base + "catalog#temporal")
        add((DATASET, DCTERMS.temporal, period))
        add((period, RDF.type, DCTERMS.PeriodOfTime))
        add((period, DCAT.startDate, Literal(str(years[0]), datatype=XSD.gYear)))
        add((period, DCAT.endDate, Literal(str(years[1]), datatype=XSD.gYear)))

    for path in dumps:
        fmt = next(by_name(n) for n in DUMP_FORMATS if path.name == f"dtkg{by_name(n).suffix}")
        dist = URIRef(f"{base}catalog#dump-{fmt.name}")
        url = URIRef(f"{base}dumps/{path.name}")
        add((DATASET, DCAT.distribution, dist))
        add((dist, RDF.type, DCAT.Distribution))
        add((dist, DCTERMS.title, Literal(f"{TITLE['en']} ({fmt.name})", lang="en")))
        add((dist, DCAT.accessURL, url))
        add((dist, DCAT.downloadURL, url))
        add((dist, DCAT.mediaType, URIRef(IANA + fmt.media_type)))
        add((dist, DCAT.byteSize, Literal(path.stat().st_size, datatype=XSD.nonNegativeInteger)))
        add((dist, DCTERMS.license, LICENCE))
        checksum = URIRef(f"{base}catalog#dump-{fmt.name}-sha256")
        add((dist, SPDX.checksum, checksum))
        add((checksum, RDF.type, SPDX.Checksum))
        add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
        add((checksum, SPDX.checksumValue, Literal(sha256_of(path), datatype=XSD.hexBinary)))

    add((SERVICE, RDF.type, DCAT.DataService))
    add((SERVICE, DCTERMS.title, Literal("SPARQL endpoint of dtkg", lang="en")))
    add((SERVICE, DCTERMS.title, Literal("Điểm truy vấn SPARQL của dtkg", lang="vi")))
    add((SERVICE, DCAT.endpointURL, URIRef(base + "sparql")))
    add((SERVICE, DCAT.endpointDescription, URIRef(base + "sparql")))  # GET without a query: the service description
    add((SERVICE, DCTERMS.conformsTo, SPARQL_PROTOCOL))
    add((SERVICE, DCAT.servesDataset, DATASET))
    add((SERVICE, DCTERMS.license, LICENCE))
    add((SERVICE, DCTERMS.publisher, PUBLISHER))
    return g


def write_catalogue(store: ox.Store, dist: Path, written: list[Path]) -> list[Path]:
    """Write the remaining dumps and `dist/catalog.ttl`; returns every path written."""
    dumps = write_dumps(store, dist, written)
    graph = catalogue_graph(dumps, coverage_years(store))
    target = dist / CATALOG_FILE
    write_atomic(target, lambda out: out.write(graph.serialize(format="turtle").encode("utf-8")))
    return dumps + [target]
