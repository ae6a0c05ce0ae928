"""One negotiation for every answer (server/negotiation.py over graph/formats.py), and one CORS
middleware in front of /sparql and the views alike."""
from __future__ import annotations

import pytest
from flask import Flask

from dtkg.graph.formats import GRAPH_TYPES, MEDIA_ALIASES, RDF_FORMATS, RESULT_TYPES
from dtkg.server import negotiation as n
from dtkg.server.errors import BadRequest, NotAcceptable

from tests.fixtures_server import sample_file  # noqa: F401


@pytest.mark.parametrize("accept, offers, name", [
    ("application/json", n.RESOURCE_OFFERS, "json"),        # a page's JSON twin, not JSON-LD
    ("application/json", n.GRAPH_OFFERS, "jsonld"),
    ("application/json", n.RESULT_OFFERS, "json"),
    ("text/xml", n.RESULT_OFFERS, "xml"),
    ("text/xml", n.GRAPH_OFFERS, "rdfxml"),
    ("text/n3", n.RESOURCE_OFFERS, "turtle"),
    ("application/xhtml+xml", n.RESOURCE_OFFERS, "html"),
    ("text/tsv", n.RESULT_OFFERS, "tsv"),
    (None, n.GRAPH_OFFERS, "turtle"),
    ("*/*", n.RESULT_OFFERS, "json"),
    ("text/*;q=0.9, application/n-triples", n.GRAPH_OFFERS, "ntriples"),
])
def test_one_alias_table_resolves_against_what_is_offered(accept, offers, name):
    assert n.best(accept, offers).name == name


def test_nothing_acceptable_is_none_and_a_bad_q_value_is_a_400():
    assert n.best("image/png", n.RESOURCE_OFFERS) is None
    assert n.best("text/html;q=0", n.PAGE_OFFERS + (n.HTML,)) is None
    with pytest.raises(BadRequest):
        n.best("text/html;q=high", n.PAGE_OFFERS)


def test_every_alias_stands_for_a_format_of_the_table():
    known = set(GRAPH_TYPES.values()) | set(RESULT_TYPES.values()) | {n.HTML.media_type, n.JSON.media_type}
    assert all(set(targets) <= known for targets in MEDIA_ALIASES.values())
    assert {o.media_type for o in n.GRAPH_OFFERS} == {f.media_type for f in RDF_FORMATS}


def test_sparql_negotiation_by_format_parameter_and_by_accept():
    assert n.negotiate(None, "srx", graph=False) == ("xml", RESULT_TYPES["xml"])
    assert n.negotiate(None, "text/turtle;q=1, application/rdf+xml", graph=True)[0] == "turtle"
    assert n.negotiate_query("text/csv", None) == ("csv", None)
    assert n.negotiate_query("text/turtle", None) == (None, "turtle")
    with pytest.raises(NotAcceptable, match="For CONSTRUCT and DESCRIBE"):
        n.negotiate_query("image/png", None)
    with pytest.raises(NotAcceptable, match="not available"):
        n.negotiate(None, "bogus", graph=True)


def test_the_service_description_goes_to_html_for_browsers_else_rdf():
    assert n.describe_format("text/html,application/xml;q=0.9", None) is None
    assert n.describe_format("application/ld+json", None) == "jsonld"
    assert n.describe_format("text/html", "ttl") == "turtle"
    with pytest.raises(NotAcceptable):
        n.describe_format("image/png", None)


def test_a_suffix_wins_over_accept_and_an_unknown_one_is_a_404():
    app = Flask(__name__)
    app.extensions["dtkg"] = type("State", (), {"config": type("C", (), {"PUBLIC_URL": ""})()})()
    with app.test_request_context("/x.ttl", headers={"Accept": "text/html"}):
        assert n.representation("/x.ttl")[:2] == ("/x", n.RDF[0])
        with pytest.raises(n.Answered) as answered:
            n.representation("/x.zip")
        assert answered.value.response.status_code == 404
    with app.test_request_context("/x", headers={"Accept": "image/png"}):
        with pytest.raises(n.Answered) as answered:
            n.representation("/x")
        assert answered.value.response.status_code == 406
        assert "curl -H 'Accept: text/turtle' /x" in answered.value.response.get_data(as_text=True)
    assert n.by_path("/queries.json") is n.JSON and n.by_path("/queries") is n.HTML


def test_cors_is_one_middleware_for_sparql_and_the_views(sample_file):  # noqa: F811
    from dtkg.server.app import create_app

    app = create_app({"FILES": [str(sample_file)], "CORS_ORIGINS": "https://a.example", "QUERY_PROCESSES": 0})
    client = app.test_client()
    origin = {"Origin": "https://a.example"}
    for path in ("/sparql?query=ASK%7B%7D", "/queries.json", "/no-such-page"):
        response = client.get(path, headers=origin)
        assert response.headers["Access-Control-Allow-Origin"] == "https://a.example", path
        assert "Origin" in {v.strip() for v in response.headers["Vary"].split(",")}, path
        assert "Access-Control-Allow-Origin" not in client.get(path, headers={"Origin": "https://b.example"}).headers
    preflight = client.options("/api/search", headers={**origin, "Access-Control-Request-Method": "GET"})
    assert preflight.headers["Access-Control-Allow-Methods"] == "GET, POST, OPTIONS"
