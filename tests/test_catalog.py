"""The DCAT-AP catalogue: what `dtkg build` writes to dist/catalog.ttl, its SHACL shapes
(ontology/dcat-shapes.ttl), and `/catalog` with the dumps it describes."""
from __future__ import annotations

import dataclasses
import hashlib

import pyoxigraph as ox
import pytest
from pyshacl import validate
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF

from dtkg.graph.config import settings
from dtkg.graph.dcat import CATALOG, SPDX
from dtkg.graph.dist import build_to_dist

from .fixtures_server import sample_app, sample_file, sparql_client  # noqa: F401 (fixtures)
from .web_support import client  # noqa: F401 (fixture)

DATASET = URIRef("https://w3id.org/vn-dtkg/id/dataset/dtkg")


@pytest.fixture(scope="module")
def dist(tmp_path_factory):
    config = dataclasses.replace(settings(), dist_dir=tmp_path_factory.mktemp("catalog") / "dist")
    _, paths = build_to_dist(config)
    return config.dist_dir, paths


@pytest.fixture(scope="module")
def catalogue(dist) -> Graph:
    return Graph().parse(dist[0] / "catalog.ttl")


def shapes() -> Graph:
    return Graph().parse(settings().ontology_dir / "dcat-shapes.ttl")


def test_build_writes_every_dump_and_the_catalogue(dist):
    folder, paths = dist
    assert sorted(p.name for p in paths) == sorted(
        ["dtkg.nq", "dtkg.trig", "dtkg.ttl", "dtkg.nt", "dtkg.jsonld", "catalog.ttl", "validation.json"])
    quads = len(list(ox.parse(path=str(folder / "dtkg.nq"), format=ox.RdfFormat.N_QUADS)))
    assert len(list(ox.parse(path=str(folder / "dtkg.jsonld"), format=ox.RdfFormat.JSON_LD))) == quads


def test_catalogue_conforms_to_the_dcat_shapes(catalogue):
    conforms, _, text = validate(catalogue, shacl_graph=shapes())
    assert conforms, text


@pytest.mark.parametrize("breakage", ["byteSize", "title", "checksum"])
def test_shapes_catch_a_broken_catalogue(catalogue, breakage):
    broken = Graph() + catalogue
    if breakage == "byteSize":
        broken.remove((None, DCAT.byteSize, None))
    elif breakage == "title":
        broken.remove((DATASET, DCTERMS.title, Literal("dtkg: the knowledge graph of Vietnam's digital transformation", lang="en")))
    else:
        for node in list(broken.subjects(SPDX.checksumValue, None))[:1]:
            broken.set((node, SPDX.checksumValue, Literal("abc")))
    conforms, _, _ = validate(broken, shacl_graph=shapes())
    assert not conforms


def test_catalogue_states_sizes_and_checksums_of_the_files(dist, catalogue):
    folder, _ = dist
    distributions = list(catalogue.objects(DATASET, DCAT.distribution))
    assert len(distributions) == 5
    for d in distributions:
        url = str(catalogue.value(d, DCAT.downloadURL))
        path = folder / url.rsplit("/", 1)[-1]
        assert url == "https://w3id.org/vn-dtkg/dumps/" + path.name
        assert int(catalogue.value(d, DCAT.byteSize)) == path.stat().st_size
        checksum = catalogue.value(d, SPDX.checksum)
        assert catalogue.value(checksum, SPDX.algorithm) == SPDX.checksumAlgorithm_sha256
        assert str(catalogue.value(checksum, SPDX.checksumValue)) == hashlib.sha256(path.read_bytes()).hexdigest()


def test_catalogue_describes_dataset_and_service(catalogue):
    assert (CATALOG, RDF.type, DCAT.Catalog) in catalogue and (CATALOG, DCAT.dataset, DATASET) in catalogue
    assert {t.language for t in catalogue.objects(DATASET, DCTERMS.title)} == {"vi", "en"}
    assert {t.language for t in catalogue.objects(DATASET, DCTERMS.description)} == {"vi", "en"}
    assert catalogue.value(DATASET, DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")
    period = catalogue.value(DATASET, DCTERMS.temporal)
    assert int(str(catalogue.value(period, DCAT.startDate))) <= 2021 <= int(str(catalogue.value(period, DCAT.endDate)))
    service = catalogue.value(CATALOG, DCAT.service)
    assert catalogue.value(service, DCAT.endpointURL) == URIRef("https://w3id.org/vn-dtkg/sparql")
    assert catalogue.value(service, DCAT.servesDataset) == DATASET
    assert not list(catalogue.subject_objects(URIRef("http://www.w3.org/2006/vcard/ns#hasEmail")))  # none published


def test_catalog_route_in_every_format(client):  # noqa: F811
    turtle = client.get("/catalog.ttl")
    assert turtle.status_code == 200 and turtle.mimetype == "text/turtle"
    graph = Graph().parse(data=turtle.data, format="turtle")
    jsonld = client.get("/catalog.jsonld")
    assert jsonld.mimetype == "application/ld+json"
    assert len(Graph().parse(data=jsonld.data, format="json-ld")) == len(graph)
    page = client.get("/catalog", headers={"Accept": "text/html"})
    assert page.status_code == 200 and b"/dumps/dtkg.nq" in page.data
    data = client.get("/catalog.json").json
    assert {d["href"] for d in data["distributions"]} == {f"/dumps/dtkg.{s}" for s in ("nq", "trig", "ttl", "nt", "jsonld")}


def test_served_dumps_match_the_catalogue(client):  # noqa: F811
    for row in client.get("/catalog.json").json["distributions"]:
        body = client.get(row["href"]).data
        assert len(body) == row["bytes"] and hashlib.sha256(body).hexdigest() == row["sha256"]


def test_void_links_to_the_catalogue(client):  # noqa: F811
    void = Graph().parse(data=client.get("/.well-known/void.ttl").data, format="turtle")
    assert (CATALOG, DCAT.dataset, DATASET) in void


def test_no_catalogue_for_other_files(sparql_client):
    response = sparql_client.get("/catalog.ttl")
    assert response.status_code == 404 and b"built dataset" in response.data
