"""Publishing: VoID by content negotiation (counts checked against the store), dumps, SHACL report."""
from __future__ import annotations

import pyoxigraph as ox
import pytest

from dtkg.graph.namespaces import BASE

from tests.web_support import engine, client, parse_html  # noqa: F401 (fixtures)

VOID = "http://rdfs.org/ns/void#"
SH = "http://www.w3.org/ns/shacl#"


@pytest.fixture(scope="module")
def void(client) -> ox.Store:
    response = client.get("/.well-known/void", headers={"Accept": "text/turtle"})
    assert response.status_code == 200 and response.mimetype == "text/turtle"
    store = ox.Store()
    store.load(response.data, format=ox.RdfFormat.TURTLE)
    return store


def one(store: ox.Store, query: str) -> list[dict]:
    prefix = "PREFIX void: <http://rdfs.org/ns/void#>\nPREFIX dct: <http://purl.org/dc/terms/>\n"
    results = store.query(prefix + query)
    return [{v.value: s[v.value] for v in results.variables if s[v.value] is not None} for s in results]


def count(engine, query: str, **bindings) -> int:
    return int(engine.select(query, bindings=bindings)[0]["n"].value)


DATASET = ox.NamedNode(BASE + "id/dataset/dtkg")


def test_void_dataset_triples_match_the_store(void, engine):
    rows = one(void, "SELECT ?n WHERE { ?d void:triples ?n ; void:sparqlEndpoint ?e }")
    assert [int(r["n"].value) for r in rows] == [engine.count()]
    rows = one(void, "SELECT ?d ?e WHERE { ?d void:sparqlEndpoint ?e }")
    assert rows == [{"d": DATASET, "e": ox.NamedNode("http://localhost/sparql")}]


def test_void_has_one_subset_per_named_graph_with_its_counts(void, engine):
    rows = one(void, "SELECT ?g ?n WHERE { <%s> void:subset ?g . ?g void:triples ?n ; void:entities ?e }" % DATASET.value)
    found = {r["g"].value: int(r["n"].value) for r in rows}
    assert set(found) == set(engine.named_graphs())
    for graph, n in found.items():
        assert n == count(engine, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
                          g=ox.NamedNode(graph))
    assert sum(found.values()) == engine.count()


def test_void_subsets_name_their_source(void):
    rows = one(void, "SELECT ?s WHERE { <%sgraph/national-provinces> dct:source ?s }" % BASE)
    assert [r["s"].value for r in rows] == [BASE + "id/source/national-provinces"]


def test_void_class_and_property_partitions_match_the_store(void, engine):
    rows = one(void, "SELECT ?c ?n WHERE { ?d void:classPartition ?p . ?p void:class ?c ; void:entities ?n }")
    classes = {r["c"].value: int(r["n"].value) for r in rows}
    province = BASE + "ontology#Province"
    assert classes[province] == count(engine, "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c",
                                      c=ox.NamedNode(province))
    rows = one(void, "SELECT ?p ?n WHERE { ?d void:propertyPartition ?x . ?x void:property ?p ; void:triples ?n }")
    properties = {r["p"].value: int(r["n"].value) for r in rows}
    assert sum(properties.values()) == engine.count()
    label = "http://www.w3.org/2004/02/skos/core#prefLabel"
    assert properties[label] == count(
        engine, "SELECT ?p (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?p", p=ox.NamedNode(label))


def test_void_linksets_count_the_links_to_wikidata(void, engine):
    rows = one(void, """SELECT ?n WHERE { ?l a void:Linkset ; void:linkPredicate <http://www.w3.org/2004/02/skos/core#exactMatch> ;
                          void:objectsTarget ?t ; void:triples ?n . ?t void:uriSpace "http://www.wikidata.org/entity/" }""")
    expected = count(engine, """SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s <http://www.w3.org/2004/02/skos/core#exactMatch> ?o }
                                  FILTER(STRSTARTS(STR(?o), "http://www.wikidata.org/entity/")) }""")
    assert expected > 0 and [int(r["n"].value) for r in rows] == [expected]


def test_void_describes_the_national_datasets_found_in_the_graph(void, engine):
    national = engine.select("""PREFIX dcat: <http://www.w3.org/ns/dcat#>
        SELECT DISTINCT ?d WHERE { VALUES ?k { dcat:Dataset dcat:Catalog } ?d a ?k }""")
    related = {r["d"].value for r in one(void, "SELECT ?d WHERE { ?x dct:relation ?d }")}
    assert BASE + "id/dataset/dti" in related
    assert {r["d"].value for r in national} - {DATASET.value} <= related
    labels = one(void, 'SELECT ?l WHERE { <%sid/dataset/dti> <http://www.w3.org/2004/02/skos/core#prefLabel> ?l }' % BASE)
    assert {r["l"].language for r in labels} == {"vi", "en"}


def test_void_data_dumps_resolve_and_hold_the_whole_dataset(void, client, engine):
    dumps = {r["u"].value for r in one(void, "SELECT ?u WHERE { ?d void:dataDump ?u }")}
    assert "http://localhost/dumps/dtkg.nq" in dumps and "http://localhost/dumps/dtkg.ttl" in dumps
    response = client.get("/dumps/dtkg.nq")
    assert response.status_code == 200 and response.mimetype == "application/n-quads"
    assert len(list(ox.parse(response.data, format=ox.RdfFormat.N_QUADS))) == engine.count()
    response = client.get("/dumps/dtkg.trig")
    assert len(list(ox.parse(response.data, format=ox.RdfFormat.TRIG))) == engine.count()
    response = client.get("/dumps/dtkg.ttl")
    assert response.mimetype == "text/turtle" and list(ox.parse(response.data, format=ox.RdfFormat.TURTLE))
    assert client.get("/dumps/dtkg.zip").status_code == 404


@pytest.mark.parametrize("accept, media", [(None, "text/html"), ("application/ld+json", "application/ld+json"),
                                           ("application/n-triples", "application/n-triples"),
                                           ("application/json", "application/json"), ("image/png", None)])
def test_void_content_negotiation(client, accept, media):
    response = client.get("/.well-known/void", headers={"Accept": accept} if accept else {})
    if media is None:
        assert response.status_code == 406
    else:
        assert response.status_code == 200 and response.mimetype == media
        assert '</.well-known/void.ttl>; rel="alternate"; type="text/turtle"' in response.headers["Link"]


def test_void_json_twin_and_page(client, engine):
    data = client.get("/.well-known/void.json").get_json()
    assert set(data) == {"ok", "title", "dataset", "dataset_path", "triples", "sparql_endpoint", "dumps", "subsets", "classes",
                         "properties", "linksets", "national", "vocabularies"}
    assert data["triples"] == engine.count()
    page = parse_html(client.get("/.well-known/void?lang=en").get_data(as_text=True))
    assert page.find("h1").text == "dtkg: the knowledge graph of Vietnam's digital transformation"
    assert {a.attrs["href"] for a in page.find_all("a")} >= {"/dumps/dtkg.nq", "/graph/national-provinces", "/id/dataset/dtkg"}


def test_dumps_listing(client):
    data = client.get("/dumps.json").get_json()
    assert set(data) == {"ok", "title", "rows"}
    assert {r["href"] for r in data["rows"]} == {f"/dumps/dtkg.{s}" for s in ("nq", "trig", "ttl", "nt", "jsonld")}


def test_validation_report_in_html_json_and_turtle(client):
    response = client.get("/validation.json")
    assert response.status_code == 200
    data = response.get_json()
    assert set(data) == {"ok", "title", "conforms", "counts", "results", "error"}
    turtle = client.get("/validation", headers={"Accept": "text/turtle"})
    assert turtle.status_code == 200 and turtle.mimetype == "text/turtle"
    store = ox.Store()
    store.load(turtle.data, format=ox.RdfFormat.TURTLE)
    conforms = [s["c"].value for s in store.query(f"SELECT ?c WHERE {{ ?r a <{SH}ValidationReport> ; <{SH}conforms> ?c }}")]
    assert conforms == ["true" if data["conforms"] else "false"]
    results = list(store.query(f"SELECT ?x WHERE {{ ?r <{SH}result> ?x }}"))
    assert len(results) == len(data["results"])
    page = parse_html(client.get("/validation?lang=en").get_data(as_text=True))
    assert ("The data conforms" if data["conforms"] else "does not conform") in page.find("main").text


def test_service_description_uses_the_void_namespace(client):
    body = client.get("/sparql", headers={"Accept": "application/n-triples"}).get_data(as_text=True)
    assert "<http://rdfs.org/ns/void#triples>" in body and "www.w3.org/ns/void" not in body
