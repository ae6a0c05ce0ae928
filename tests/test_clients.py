"""Common SPARQL clients against a real `dtkg serve`: SPARQLWrapper and rdflib's SPARQLStore.

rdflib's SPARQLStore only sends the query and parses the answer; nothing is evaluated locally.
"""
from __future__ import annotations

import csv
import io
import json

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, JSONLD, N3, RDFXML, TSV, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from tests.fixtures_server import EX, live_server, sample_file  # noqa: F401

SELECT = f"SELECT ?city ?label WHERE {{ ?city a <{EX}City> ; <{EX}label> ?label }} ORDER BY ?label"
ASK = f"ASK {{ <{EX}hue> a <{EX}City> }}"
CONSTRUCT = f"CONSTRUCT {{ ?c a <{EX}City> }} WHERE {{ ?c a <{EX}City> }}"
LABELS = ["Hanoi", "Huế", "Hà Nội"]
CITIES = {(URIRef(EX + "hanoi"), URIRef(EX + "City")), (URIRef(EX + "hue"), URIRef(EX + "City"))}


def wrapper(url: str, query: str, fmt: str, method: str = "GET") -> SPARQLWrapper:
    sparql = SPARQLWrapper(url)
    sparql.setQuery(query)
    sparql.setReturnFormat(fmt)
    sparql.setMethod(method)
    return sparql


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_clients_sparqlwrapper_select_json(live_server, method):
    result = wrapper(live_server.url, SELECT, JSON, method).queryAndConvert()
    assert [b["label"]["value"] for b in result["results"]["bindings"]] == LABELS


def test_clients_sparqlwrapper_select_xml(live_server):
    document = wrapper(live_server.url, SELECT, XML).queryAndConvert()
    assert [n.firstChild.data for n in document.getElementsByTagName("literal")] == LABELS


@pytest.mark.parametrize("fmt,delimiter", [(CSV, ","), (TSV, "\t")])
def test_clients_sparqlwrapper_select_csv_and_tsv(live_server, fmt, delimiter):
    body = wrapper(live_server.url, SELECT, fmt).queryAndConvert()
    rows = list(csv.reader(io.StringIO(body.decode("utf-8")), delimiter=delimiter))
    assert rows[0] in (["city", "label"], ["?city", "?label"])
    assert [r[1].split("@")[0].strip('"') for r in rows[1:]] == LABELS


@pytest.mark.parametrize("fmt", [JSON, XML])
def test_clients_sparqlwrapper_ask(live_server, fmt):
    result = wrapper(live_server.url, ASK, fmt).queryAndConvert()
    value = result["boolean"] if fmt == JSON else result.getElementsByTagName("boolean")[0].firstChild.data == "true"
    assert value is True


@pytest.mark.parametrize("fmt", [XML, RDFXML, TURTLE, N3, JSONLD])
def test_clients_sparqlwrapper_construct(live_server, fmt):
    result = wrapper(live_server.url, CONSTRUCT, fmt).queryAndConvert()
    if isinstance(result, bytes):
        graph = Graph().parse(data=result, format={TURTLE: "turtle", N3: "turtle"}[fmt])
    elif isinstance(result, (dict, list)):
        graph = Graph().parse(data=json.dumps(result), format="json-ld")
    else:
        graph = result
    assert {(s, o) for s, _, o in graph} == CITIES


def test_clients_sparqlwrapper_bad_query_raises_query_bad_formed(live_server):
    with pytest.raises(QueryBadFormed):
        wrapper(live_server.url, "SELECT * WHERE {", JSON).query()


@pytest.mark.parametrize("fmt", ["xml", "json", "csv", "tsv"])
def test_clients_rdflib_sparqlstore_select(live_server, fmt):
    store = SPARQLStore(live_server.url, returnFormat=fmt)
    rows = list(store.query(SELECT))
    assert sorted(str(r[1]) for r in rows) == sorted(LABELS)
    if fmt != "csv":  # CSV is lossy: no language tags
        assert Literal("Huế", lang="vi") in {r[1] for r in rows}


@pytest.mark.parametrize("method", ["GET", "POST", "POST_FORM"])
def test_clients_rdflib_sparqlstore_ask_and_construct(live_server, method):
    store = SPARQLStore(live_server.url, method=method)
    assert store.query(ASK).askAnswer is True
    graph = store.query(CONSTRUCT).graph
    assert {(s, o) for s, _, o in graph} == CITIES
    remote = Graph(store=SPARQLStore(live_server.url, method=method))
    assert (URIRef(EX + "hue"), URIRef(EX + "label"), Literal("Huế", lang="vi")) in remote
