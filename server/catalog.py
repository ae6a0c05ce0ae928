"""The DCAT-AP catalogue at `/catalog` (HTML, `.json`, `.ttl`, `.jsonld`, …): the description that
`dtkg build` writes to `dist/catalog.ttl` (see dtkg.graph.dcat), for open-data portals to harvest.

It describes the built dataset's dump files by size and SHA-256, so it is served only when the
server serves the built dataset, and `/dumps/…` then sends those very files (`built_file`).
"""
from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from flask import Blueprint, current_app

from dtkg.graph.dcat import CATALOG as CATALOG_IRI, CATALOG_FILE
from dtkg.graph.formats import DUMP_FORMATS, by_name
from dtkg.graph.namespaces import DCAT as DCAT_NS, DCTERMS, FOAF as FOAF_NS, SPDX, VCARD

from . import respond as r
from .context import project_settings
from .labels import Labels, local_path
from .ui_text import choose_lang

bp = Blueprint("catalog", __name__)

DCAT, DCT, FOAF = str(DCAT_NS), str(DCTERMS), str(FOAF_NS)
CATALOG = CATALOG_IRI.toPython()
_parsed: dict[tuple[str, float], list[ox.Triple]] = {}


def built_file(name: str) -> Path | None:
    """`NAME` published with the dataset this server serves, if it exists: beside a STORE file
    (dist/NAME when it serves a build: the dumps, the catalogue, the validation report) or inside
    a STORE directory (a RocksDB store made by `dtkg load --store` holds its validation report)."""
    config = current_app.config
    store = config.get("STORE")
    if config.get("FILES") or not store or "://" in str(store):  # a remote store publishes nothing here
        return None
    store = Path(store)
    path = (store if store.is_dir() else store.parent) / name
    return path if path.is_file() else None


def built_dump(suffix: str) -> Path | None:
    """The dump file the catalogue describes, for `/dumps/dtkg.SUFFIX`."""
    if not any(by_name(f).suffix == "." + suffix for f in DUMP_FORMATS):
        return None
    return built_file("dtkg." + suffix)


def catalogue_triples() -> list[ox.Triple] | None:
    path = built_file(CATALOG_FILE)
    if path is None:
        return None
    key = (str(path), path.stat().st_mtime)
    if key not in _parsed:
        _parsed.clear()
        _parsed[key] = [q.triple for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)]
    return _parsed[key]


@r.resource_view(bp, "/catalog")
def catalog(offer, links):
    triples = catalogue_triples()
    if triples is None:
        message = "No DCAT catalogue here: this server does not serve the built dataset (run dtkg build and serve it)."
        return r.error_text(message, 404, offer)
    return r.described(lambda: shown(triples, choose_lang()), triples, "publish/catalog.html", offer, links)


def shown(triples: list[ox.Triple], lang: str) -> dict:
    """The page and its JSON twin: the dataset's description, its distributions and its service."""
    out: dict[str, dict[str, list]] = {}
    labels = Labels()
    for t in triples:
        out.setdefault(t.subject.value, {}).setdefault(t.predicate.value, []).append(t.object)
        if t.predicate.value in (DCT + "title", FOAF + "name") and isinstance(t.object, ox.Literal):
            labels.add(t.subject.value, t.object, DCT + "title")

    def one(node: str, p: str) -> str | None:
        values = out.get(node, {}).get(p, [])
        return values[0].value if values else None

    def texts(node: str, p: str) -> list[str]:
        values = out.get(node, {}).get(p, [])
        return [v.value for v in values if getattr(v, "language", None) in (lang, None)] or [v.value for v in values]

    dataset = one(CATALOG, DCAT + "dataset")
    service = one(CATALOG, DCAT + "service")
    publisher = one(dataset, DCT + "publisher")
    temporal = one(dataset, DCT + "temporal")
    contact = one(dataset, DCAT + "contactPoint")
    dumps = []
    for dist in sorted(v.value for v in out.get(dataset, {}).get(DCAT + "distribution", [])):
        url = one(dist, DCAT + "downloadURL")
        dumps.append({"href": local_path(url) or url, "url": url, "type": one(dist, DCAT + "mediaType"),
                      "bytes": int(one(dist, DCAT + "byteSize")),
                      "sha256": one(one(dist, SPDX.checksum.toPython()), SPDX.checksumValue.toPython())})
    return {
        "title": labels.pick(dataset, lang) or "DCAT", "catalog": CATALOG, "dataset": dataset,
        "description": (texts(dataset, DCT + "description") or [""])[0],
        "license": one(dataset, DCT + "license"), "publisher": labels.pick(publisher, lang),
        "homepage": one(publisher, FOAF + "homepage"),
        "contact": {"name": one(contact, VCARD.fn.toPython()), "url": one(contact, VCARD.hasURL.toPython())},
        "temporal": {"start": one(temporal, DCAT + "startDate"), "end": one(temporal, DCAT + "endDate")},
        "spatial": one(dataset, DCT + "spatial"), "keywords": sorted(texts(dataset, DCAT + "keyword")),
        "distributions": dumps,
        "service": {"iri": service, "endpoint": one(service, DCAT + "endpointURL"),
                    "serves": one(service, DCAT + "servesDataset")},
    }
