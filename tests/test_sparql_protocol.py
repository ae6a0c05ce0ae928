"""The SPARQL 1.1 Protocol at /sparql through the Flask test client: statuses, bodies, negotiation."""
from __future__ import annotations

import json

import pyoxigraph as ox
import pytest

from tests.fixtures_server import EX, G1, G2, sample_app, sample_file, sparql_client  # noqa: F401

SELECT = f"SELECT ?city ?label WHERE {{ ?city a <{EX}City> ; <{EX}label> ?label }} ORDER BY ?label"
ASK = f"ASK {{ <{EX}hanoi> a <{EX}City> }}"
CONSTRUCT = f"CONSTRUCT {{ ?c a <{EX}City> }} WHERE {{ ?c a <{EX}City> }}"
FORM = "application/x-www-form-urlencoded"


def get(client, query=None, headers=None, **params):
    if query is not None:
        params["query"] = query
    return client.get("/sparql", query_string=params, headers=headers or {})


def text(response) -> str:
    return response.get_data(as_text=True)


# ------------------------------------------------------------------ the three ways to send a query


def test_sparql_get_select_returns_json_by_default(sparql_client):
    r = get(sparql_client, SELECT)
    assert r.status_code == 200
    assert r.mimetype == "application/sparql-results+json"
    assert [b["label"]["value"] for b in r.json["results"]["bindings"]] == ["Hanoi", "Huế", "Hà Nội"]


def test_sparql_post_form_and_post_direct_give_the_same_answer(sparql_client):
    form = sparql_client.post("/sparql", data={"query": SELECT})
    direct = sparql_client.post("/sparql", data=SELECT.encode(), content_type="application/sparql-query")
    charset = sparql_client.post("/sparql", data=SELECT.encode(), content_type="application/sparql-query; charset=UTF-8")
    assert form.status_code == direct.status_code == charset.status_code == 200
    assert form.json == direct.json == charset.json == get(sparql_client, SELECT).json


def test_sparql_head_returns_headers_only(sparql_client):
    r = sparql_client.head("/sparql", query_string={"query": ASK})
    assert r.status_code == 200 and r.get_data() == b""


# ------------------------------------------------------------------ 400 / 403 / 405 / 415


@pytest.mark.parametrize("query", ["ASK {", "SELECT * WHERE { ?s ?p }", "SELEC * {}"])
def test_sparql_syntax_error_returns_400_plain_text_with_position(sparql_client, query):
    r = get(sparql_client, query)
    assert r.status_code == 400 and r.mimetype == "text/plain"
    assert text(r).startswith("The query is not valid SPARQL: line 1, column")
    assert "^" in text(r)


def test_sparql_post_without_query_returns_400(sparql_client):
    r = sparql_client.post("/sparql", data={"default-graph-uri": G1})
    assert r.status_code == 400 and "no query" in text(r)


def test_sparql_empty_query_returns_400(sparql_client):
    assert get(sparql_client, "  ").status_code == 400


def test_sparql_duplicated_query_returns_400(sparql_client):
    r = sparql_client.get("/sparql?query=ASK%7B%7D&query=ASK%7B%7D")
    assert r.status_code == 400 and "more than one query" in text(r)
    r = sparql_client.post("/sparql?query=ASK%7B%7D", data={"query": ASK})
    assert r.status_code == 400
    r = sparql_client.post("/sparql?query=ASK%7B%7D", data=ASK, content_type="application/sparql-query")
    assert r.status_code == 400


@pytest.mark.parametrize("send", [
    lambda c: c.post("/sparql", data="CLEAR ALL", content_type="application/sparql-update"),
    lambda c: c.post("/sparql", data={"update": "CLEAR ALL"}),
    lambda c: c.get("/sparql", query_string={"update": "CLEAR ALL"}),
    lambda c: c.post("/sparql", data={"query": "INSERT DATA { <a> <b> <c> }"}),
    lambda c: c.post("/sparql?using-graph-uri=http%3A%2F%2Fx", data="DELETE WHERE { ?s ?p ?o }", content_type="application/sparql-update"),
])
def test_sparql_update_is_refused_with_403(sparql_client, send):
    r = send(sparql_client)
    assert r.status_code == 403 and r.mimetype == "text/plain"
    assert "read-only" in text(r)
    assert get(sparql_client, ASK).json["boolean"] is True  # nothing changed


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_sparql_other_methods_return_405_with_allow(sparql_client, method):
    r = sparql_client.open("/sparql?query=ASK%7B%7D", method=method)
    assert r.status_code == 405 and "POST" in r.headers["Allow"] and "read-only" in text(r)


@pytest.mark.parametrize("content_type", ["text/plain", None, "application/sparql-query; charset=UTF-16", "application/json"])
def test_sparql_post_with_wrong_content_type_returns_415(sparql_client, content_type):
    r = sparql_client.post("/sparql", data=b"ASK {}", headers={"Content-Type": content_type} if content_type else {})
    assert r.status_code == 415 and ("application/sparql-query" in text(r) or "UTF-8" in text(r))


def test_sparql_non_utf8_body_returns_400(sparql_client):
    r = sparql_client.post("/sparql", data="ASK {}".encode("utf-16"), content_type="application/sparql-query")
    assert r.status_code == 400


@pytest.mark.parametrize("params", [{"default-graph-uri": "not an iri"}, {"timeout": "soon"}, {"timeout": "-1"}])
def test_sparql_bad_parameters_return_400(sparql_client, params):
    assert get(sparql_client, ASK, **params).status_code == 400


# ------------------------------------------------------------------ negotiation


@pytest.mark.parametrize("accept,expected", [
    ("application/sparql-results+json", "application/sparql-results+json"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv"),
    ("text/tab-separated-values", "text/tab-separated-values"),
    ("application/json", "application/sparql-results+json"),
    ("text/csv;q=0.5, application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/*", "text/csv"),
    ("*/*", "application/sparql-results+json"),
    ("text/html, */*;q=0.1", "application/sparql-results+json"),
    ("text/turtle, text/*;q=0.2", "text/csv"),
    ("application/sparql-results+json;q=0, */*;q=0.5", "application/sparql-results+xml"),
])
def test_sparql_select_accept_with_q_values_and_wildcards(sparql_client, accept, expected):
    r = get(sparql_client, SELECT, {"Accept": accept})
    assert r.status_code == 200 and r.mimetype == expected


@pytest.mark.parametrize("fmt,expected", [("tsv", "text/tab-separated-values"), ("xml", "application/sparql-results+xml"),
                                          ("text/csv", "text/csv"), ("json", "application/sparql-results+json")])
def test_sparql_format_parameter_overrides_accept(sparql_client, fmt, expected):
    r = get(sparql_client, SELECT, {"Accept": "application/sparql-results+json"}, format=fmt)
    assert r.mimetype == expected


def test_sparql_select_bodies_parse_in_every_result_format(sparql_client):
    for fmt in (ox.QueryResultsFormat.JSON, ox.QueryResultsFormat.XML, ox.QueryResultsFormat.TSV):
        r = get(sparql_client, SELECT, {"Accept": fmt.media_type})
        rows = list(ox.parse_query_results(r.get_data(), format=fmt))
        assert sorted(row["label"].value for row in rows) == ["Hanoi", "Hu\u1ebf", "H\u00e0 N\u1ed9i"]
    csv = get(sparql_client, SELECT, {"Accept": "text/csv"}).get_data(as_text=True).splitlines()
    assert csv[0] == "city,label" and sorted(line.split(",")[1] for line in csv[1:]) == ["Hanoi", "Hu\u1ebf", "H\u00e0 N\u1ed9i"]
    assert "charset=utf-8" in get(sparql_client, SELECT, {"Accept": "text/csv"}).headers["Content-Type"]


@pytest.mark.parametrize("accept", ["application/sparql-results+json", "application/sparql-results+xml"])
def test_sparql_ask_in_json_and_xml(sparql_client, accept):
    r = get(sparql_client, ASK, {"Accept": accept})
    assert r.mimetype == accept
    assert bool(ox.parse_query_results(r.get_data(), format=ox.QueryResultsFormat.from_media_type(accept))) is True


@pytest.mark.parametrize("accept", ["text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml",
                                    "application/trig", "application/n-quads"])
def test_sparql_construct_in_every_rdf_format(sparql_client, accept):
    r = get(sparql_client, CONSTRUCT, {"Accept": accept})
    assert r.status_code == 200 and r.mimetype == accept
    triples = {(q.subject.value, q.object.value) for q in ox.parse(r.get_data(), format=ox.RdfFormat.from_media_type(accept))}
    assert triples == {(EX + "hanoi", EX + "City"), (EX + "hue", EX + "City")}


def test_sparql_construct_defaults_to_turtle_and_describe_works(sparql_client):
    assert get(sparql_client, CONSTRUCT).mimetype == "text/turtle"
    r = get(sparql_client, f"DESCRIBE <{EX}hue>", {"Accept": "application/n-triples"})
    assert r.status_code == 200 and f"<{EX}hue>".encode() in r.get_data()


def test_sparql_accept_unknown_returns_406_with_the_acceptable_types(sparql_client):
    r = get(sparql_client, SELECT, {"Accept": "image/png"})
    assert r.status_code == 406 and r.mimetype == "text/plain"
    assert "application/sparql-results+json" in text(r) and "text/csv" in text(r)


def test_sparql_select_asking_for_turtle_returns_406(sparql_client):
    r = get(sparql_client, SELECT, {"Accept": "text/turtle"})
    assert r.status_code == 406 and "result set" in text(r) and "text/tab-separated-values" in text(r)
    assert get(sparql_client, CONSTRUCT, {"Accept": "text/csv"}).status_code == 406
    assert get(sparql_client, SELECT, format="bogus").status_code == 406


# ------------------------------------------------------------------ datasets


def test_sparql_default_graph_is_the_set_union_of_the_named_graphs(sparql_client):
    count = f"SELECT (COUNT(*) AS ?n) WHERE {{ <{EX}shared> ?p ?o }}"
    assert get(sparql_client, count).json["results"]["bindings"][0]["n"]["value"] == "1"
    assert get(sparql_client, ASK).json["boolean"] is True


def test_sparql_default_graph_uri_and_named_graph_uri_set_the_dataset(sparql_client):
    hue = f"ASK {{ <{EX}hue> a <{EX}City> }}"
    assert get(sparql_client, hue, **{"default-graph-uri": G1}).json["boolean"] is False
    assert get(sparql_client, hue, **{"default-graph-uri": G2}).json["boolean"] is True
    graphs = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    r = get(sparql_client, graphs, **{"named-graph-uri": G2})
    assert [b["g"]["value"] for b in r.json["results"]["bindings"]] == [G2]
    r = sparql_client.post("/sparql?" + "default-graph-uri=" + G1, data=hue, content_type="application/sparql-query")
    assert r.json["boolean"] is False


def test_sparql_from_in_the_query_is_kept(sparql_client):
    assert get(sparql_client, f"ASK FROM <{G1}> {{ <{EX}hue> a <{EX}City> }}").json["boolean"] is False
    assert get(sparql_client, f"ASK FROM <{G2}> {{ <{EX}hue> a <{EX}City> }}").json["boolean"] is True


# ------------------------------------------------------------------ service description, CORS


@pytest.mark.parametrize("accept,fmt", [("text/turtle", ox.RdfFormat.TURTLE), ("application/ld+json", ox.RdfFormat.JSON_LD),
                                        ("application/rdf+xml", ox.RdfFormat.RDF_XML), (None, ox.RdfFormat.TURTLE)])
def test_sparql_get_without_query_returns_the_service_description(sparql_client, accept, fmt):
    r = sparql_client.get("/sparql", headers={"Accept": accept} if accept else {})
    assert r.status_code == 200 and r.mimetype == fmt.media_type
    sd = "http://www.w3.org/ns/sparql-service-description#"
    graph = ox.Store()
    graph.load(r.get_data(), format=fmt, base_iri="http://localhost/sparql")
    assert graph.query(f"ASK {{ ?s a <{sd}Service> ; <{sd}feature> <{sd}UnionDefaultGraph> ; "
                       f"<{sd}endpoint> <http://localhost/sparql> ; "
                       f"<{sd}resultFormat> <http://www.w3.org/ns/formats/SPARQL_Results_CSV> }}")
    names = {s["n"].value for s in graph.query(f"SELECT ?n {{ ?x <{sd}name> ?n }}")}
    assert {G1, G2} <= names
    assert graph.query('ASK { ?s ?p ?o FILTER(CONTAINS(STR(?o), "422")) }')


def test_sparql_get_without_query_redirects_browsers_to_the_query_page(sparql_client):
    r = sparql_client.get("/sparql", headers={"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"})
    assert r.status_code == 303 and r.headers["Location"] == "/"


def test_sparql_cors_allows_reads_only(sparql_client):
    r = get(sparql_client, ASK, {"Origin": "https://example.net"})
    assert r.headers["Access-Control-Allow-Origin"] == "*"
    r = sparql_client.options("/sparql", headers={"Origin": "https://example.net", "Access-Control-Request-Method": "POST",
                                                  "Access-Control-Request-Headers": "content-type"})
    assert r.status_code == 204
    assert r.headers["Access-Control-Allow-Methods"] == "GET, POST, OPTIONS"
    assert "PUT" not in r.headers["Allow"]


def test_sparql_cors_for_listed_origins_echoes_them_and_varies_by_origin(sample_file):
    from dtkg.server.app import create_app

    app = create_app({"FILES": [str(sample_file)], "CORS_ORIGINS": "https://a.example", "QUERY_PROCESSES": 0})
    client = app.test_client()
    allowed = get(client, ASK, {"Origin": "https://a.example"})
    assert allowed.headers["Access-Control-Allow-Origin"] == "https://a.example"
    assert {v.strip() for v in allowed.headers["Vary"].split(",")} == {"Accept", "Origin"}
    other = get(client, ASK, {"Origin": "https://b.example"})
    assert other.status_code == 200 and "Access-Control-Allow-Origin" not in other.headers


def test_sparql_unexpected_failure_is_a_logged_500_in_plain_text(sample_file, caplog):
    from dtkg.server.app import create_app

    app = create_app({"FILES": [str(sample_file)], "QUERY_PROCESSES": 0})
    engine = app.extensions["dtkg"].engine

    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    engine.execute = broken
    r = get(app.test_client(), ASK)
    assert r.status_code == 500 and r.mimetype == "text/plain" and "internal error" in text(r)
    assert "disk on fire" not in text(r)  # details go to the log, not to the client
    assert any("disk on fire" in (rec.exc_text or str(rec.exc_info)) for rec in caplog.records)


# ------------------------------------------------------------------ SERVICE


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { service silent <http://example.org/sparql> { ?s ?p ?o } }",
    "PREFIX x: <http://example.org/> SELECT * WHERE { SERVICEx:sparql { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE ?endpoint { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p ?o FILTER EXISTS { SERVICE<http://example.org/sparql>{ ?s ?p ?o } } }",
])
def test_sparql_service_is_refused_with_400(sparql_client, query):
    r = get(sparql_client, query)
    assert r.status_code == 400 and "SERVICE is refused" in text(r)


def test_sparql_service_word_in_strings_iris_and_names_is_not_a_service(sparql_client):
    q = ('PREFIX s: <http://example.org/service#> SELECT ?service WHERE { BIND("SERVICE <http://x/>" AS ?service) '
         '<http://example.org/hanoi> s:SERVICE* ?a FILTER(?a != <http://example.org/SERVICE>) } # SERVICE <http://x/>')
    r = get(sparql_client, q)
    assert r.status_code == 200, text(r)
    assert json.loads(r.get_data())["head"]["vars"] == ["service"]
