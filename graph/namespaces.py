"""Namespaces and the prefix table, stated once; `bind_all` puts them on any rdflib graph, `short`
and `curie` write an IRI with them.

`DTKG` is closed: it holds exactly the terms ontology/*.ttl declares (tests/test_namespaces.py
checks both ways), so a misspelt term fails where it is written, not as an empty query.

    >>> short("http://www.w3.org/2004/02/skos/core#prefLabel")
    'skos:prefLabel'
    >>> DTKG.provinceX
    Traceback (most recent call last):
    AttributeError: "term 'provinceX' not in namespace 'https://w3id.org/vn-dtkg/ontology#'"
"""
from __future__ import annotations

import re
from functools import lru_cache

from rdflib import Namespace
from rdflib.namespace import ClosedNamespace
from rdflib.namespace import DCAT, DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SKOS, TIME, VOID, XSD

BASE = "https://w3id.org/vn-dtkg/"
ID = Namespace(BASE + "id/")
VOCAB = Namespace(BASE + "vocab/")
GRAPH = Namespace(BASE + "graph/")
ONTOLOGY_TERMS = (  # every term ontology/dtkg.ttl declares
    "Attestation", "Commune", "Deployment", "DigitalSystem", "District", "GSOCode", "ISO3166-2", "Programme",
    "Province", "Target", "TerritorialChange",
    "approvedBy", "attestedDate", "comparator", "datePrecisionNote", "era", "firstAttestation", "indicator",
    "inferenceNote", "isDraft", "isInferred", "knownFrom", "knownUntil", "lastAttestation", "lastAttested",
    "legalBasis", "localCopy", "originalText", "periodNote", "qualifier", "quote", "rankOutOf", "setBy", "sha256",
    "targetYear", "year",
)
DTKG = ClosedNamespace(BASE + "ontology#", ONTOLOGY_TERMS)
ONTOLOGY_IRI = BASE + "ontology"

SCHEMA = Namespace("https://schema.org/")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
QB = Namespace("http://purl.org/linked-data/cube#")
OA = Namespace("http://www.w3.org/ns/oa#")
ADMS = Namespace("http://www.w3.org/ns/adms#")
M8G = Namespace("http://data.europa.eu/m8g/")
OPENGOV = Namespace("http://www.w3.org/ns/opengov#")
UNIT = Namespace("http://qudt.org/vocab/unit/")
SDMX_DIM = Namespace("http://purl.org/linked-data/sdmx/2009/dimension#")
SDMX_ATT = Namespace("http://purl.org/linked-data/sdmx/2009/attribute#")
SDMX_MEA = Namespace("http://purl.org/linked-data/sdmx/2009/measure#")
WD = Namespace("http://www.wikidata.org/entity/")
SH = Namespace("http://www.w3.org/ns/shacl#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")  # W3C names of formats (the service description)
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")  # the catalogue's contact point (graph/dcat.py)
SPDX = Namespace("http://spdx.org/rdf/terms#")  # the dumps' checksums (graph/dcat.py)
SSSOM = Namespace("https://w3id.org/sssom/")  # mapping links' justifications (graph/links.py)
SEMAPV = Namespace("https://w3id.org/semapv/vocab/")
VANN = Namespace("http://purl.org/vocab/vann/")  # in the ontology's header only, so not among PREFIXES

PREFIXES: dict[str, str] = {
    "rdf": str(RDF), "rdfs": str(RDFS), "owl": str(OWL), "xsd": str(XSD), "skos": str(SKOS),
    "dct": str(DCTERMS), "dcat": str(DCAT), "foaf": str(FOAF), "org": str(ORG), "prov": str(PROV),
    "time": str(TIME), "void": str(VOID), "schema": str(SCHEMA), "eli": str(ELI), "qb": str(QB),
    "oa": str(OA), "adms": str(ADMS), "m8g": str(M8G), "opengov": str(OPENGOV), "unit": str(UNIT),
    "sdmx-dimension": str(SDMX_DIM), "sdmx-attribute": str(SDMX_ATT), "sdmx-measure": str(SDMX_MEA),
    "wd": str(WD), "sh": str(SH), "sd": str(SD),
    "dtkg": str(DTKG),
    "src": str(ID) + "source/", "province": str(ID) + "province/", "district": str(ID) + "district/",
    "commune": str(ID) + "commune/", "place": str(ID) + "place/", "organisation": str(ID) + "organisation/",
    "person": str(ID) + "person/", "membership": str(ID) + "membership/", "attestation": str(ID) + "attestation/", "post": str(ID) + "post/",
    "system": str(ID) + "system/", "deployment": str(ID) + "deployment/", "document": str(ID) + "document/",
    "programme": str(ID) + "programme/", "event": str(ID) + "event/", "obs": str(ID) + "observation/",
    "target": str(ID) + "target/", "period": str(ID) + "period/", "evidence": str(ID) + "evidence/",
    "role": str(VOCAB) + "role/", "otype": str(VOCAB) + "organisation-type/",
    "cat": str(VOCAB) + "platform-category/", "ind": str(VOCAB) + "indicator/", "pillar": str(VOCAB) + "pillar/",
    "qualifier": str(VOCAB) + "qualifier/", "comparator": str(VOCAB) + "comparator/",
    "status": str(VOCAB) + "deployment-status/", "drole": str(VOCAB) + "deployment-role/",
    "doctype": str(VOCAB) + "document-type/", "era": str(VOCAB) + "era/",
}


_LONGEST_FIRST = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))
_PLAIN_LOCAL = re.compile(r"[A-Za-z0-9_.-]*")


@lru_cache(maxsize=65536)
def prefixed(iri: str) -> str | None:
    """`prefix:local` with the longest dtkg prefix that covers the IRI, else None."""
    for prefix, namespace in _LONGEST_FIRST:
        if iri.startswith(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return None


def short(iri: str) -> str:
    """The IRI as people read it: a prefixed name when a dtkg prefix covers it, else the IRI itself."""
    return prefixed(iri) or iri


def curie(term) -> str:
    """The term as the fact files write it (a prefixed name Turtle can parse), else <IRI>."""
    s = str(term)
    name = prefixed(s)
    return name if name and _PLAIN_LOCAL.fullmatch(name.split(":", 1)[1]) else f"<{s}>"


def bind_all(graph) -> None:
    """Bind every dtkg prefix on an rdflib Graph or Dataset (replacing rdflib's defaults)."""
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True, replace=True)


def sparql_prologue() -> str:
    """PREFIX declarations for every dtkg prefix, for queries and the UI."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
