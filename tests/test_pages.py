"""Linked-data pages, the query editor and the named queries, through the Flask test client."""
from __future__ import annotations

import csv
import io
import json
import unicodedata

import pyoxigraph as ox
import pytest

from dtkg.graph import catalogue
from dtkg.graph.namespaces import BASE

from tests.web_support import REMOTE_STORE_PAGES, backend, client, parse_html, web_app  # noqa: F401 (fixtures)

HD = "/id/province/hai-duong"
HD_IRI = BASE + "id/province/hai-duong"
RESOURCE_KEYS = {"ok", "iri", "path", "title", "summary", "view", "labels", "types", "statements", "incoming", "incoming_truncated",
                 "evidence", "sources", "quotes_from", "neighbours", "concepts", "ontology", "graph"}
TERM_KEYS = {"kind", "value", "label", "href", "lang", "datatype"}
RDF_TYPES = {"text/turtle": ox.RdfFormat.TURTLE, "application/ld+json": ox.RdfFormat.JSON_LD,
             "application/n-triples": ox.RdfFormat.N_TRIPLES, "application/rdf+xml": ox.RdfFormat.RDF_XML}


def get_html(client, path, **headers):
    response = client.get(path, headers=headers)
    assert response.mimetype == "text/html", (path, response.status_code, response.data[:300])
    return response, parse_html(response.get_data(as_text=True))


def triples_of(response) -> list:
    media = response.mimetype
    return [ox.Triple(q.subject, q.predicate, q.object)
            for q in ox.parse(response.data, format=RDF_TYPES[media], base_iri=BASE)]


# ------------------------------------------------------------------ entity pages


def test_entity_page_shows_labels_types_statements_and_links_locally(client):
    response, page = get_html(client, HD + "?view=rdf")
    assert response.status_code == 200
    assert page.find("h1").text == "Tỉnh Hải Dương"  # Vietnamese by default
    labels = {dt.text: dd.text for dt, dd in zip(page.find("dl", class_="labels").find_all("dt"),
                                                 page.find("dl", class_="labels").find_all("dd"))}
    assert labels == {"en": "Hải Dương Province", "vi": "Tỉnh Hải Dương"}
    hrefs = {a.attrs.get("href") for a in page.find_all("a")}
    assert "/id/province/hai-phong-2025" in hrefs          # dct:isReplacedBy, linked to its local path
    assert "/ontology#Province" in hrefs                    # the type, in the ontology document
    assert "http://www.wikidata.org/entity/Q36729" in hrefs  # external IRIs stay external
    assert not any(h.startswith(BASE) for h in hrefs if h)  # no link leaves the server for a local IRI
    statements = page.find("table", class_="statements").text
    assert "Được thay bởi" in statements and "Thành phố Hải Phòng" in statements  # dct:isReplacedBy, in words


def test_entity_page_shows_quotes_with_offsets_and_source_articles(client):
    _, page = get_html(client, "/id/system/voso?lang=en")
    quotes = page.find("section", class_="evidence").find_all("figure", class_="quote")
    assert quotes
    first = quotes[0]
    assert first.find("mark").text.strip()
    caption = first.find("figcaption").text
    assert "offsets" in caption and "–" in caption
    sources = page.find("section", class_="sources").find_all("a")
    assert any(a.attrs["href"].startswith("/id/source/") for a in sources)


def test_entity_page_draws_a_neighbour_map_whose_nodes_are_links(client):
    _, page = get_html(client, HD + "?view=rdf")
    svg = page.find("svg")
    links = [a.attrs["href"] for a in svg.find_all("a")]
    assert 0 < len(links) <= 16
    assert "/id/province/hai-phong-2025" in links


def test_following_a_link_reaches_the_other_entity(client):
    _, page = get_html(client, HD)
    target = next(a.attrs["href"] for a in page.find_all("a") if a.attrs.get("href") == "/id/province/hai-phong-2025")
    response, other = get_html(client, target)
    assert response.status_code == 200
    assert HD in {a.attrs.get("href") for a in other.find_all("a")}  # dct:replaces back


def test_language_is_chosen_by_parameter_then_cookie_then_accept_language(client):
    _, page = get_html(client, HD + "?lang=en")
    assert page.find("h1").text == "Hải Dương Province"
    assert page.find("html").attrs["lang"] == "en"
    _, page = get_html(client, HD)  # the cookie set by ?lang=en
    assert page.find("h1").text == "Hải Dương Province"
    fresh = web_app().test_client()
    _, page = get_html(fresh, HD, **{"Accept-Language": "en-GB,en;q=0.9"})
    assert page.find("h1").text == "Hải Dương Province"
    _, page = get_html(fresh, HD, **{"Accept-Language": "vi"})
    assert page.find("h1").text == "Tỉnh Hải Dương"


def test_html_text_is_nfc(client):
    response, _ = get_html(client, HD + "?lang=vi")
    text = response.get_data(as_text=True)
    assert unicodedata.is_normalized("NFC", text)


def test_entity_json_twin_has_exact_keys(client):
    response = client.get(HD + ".json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    data = response.get_json()
    assert set(data) == RESOURCE_KEYS
    assert data["ok"] is True and data["iri"] == HD_IRI and data["path"] == HD
    assert data["labels"] == {"en": "Hải Dương Province", "vi": "Tỉnh Hải Dương"}
    assert all(set(t) == TERM_KEYS for t in data["types"])
    group = data["statements"][0]
    assert set(group) == {"predicate", "objects", "hidden"}
    assert set(group["objects"][0]) == TERM_KEYS | {"graph", "children"}
    assert set(data["evidence"][0]) == {"annotation", "href", "source", "source_href", "source_title", "exact",
                                        "prefix", "suffix", "start", "end", "text_href"}
    assert set(data["sources"][0]) == {"iri", "href", "title", "url", "published", "local_copy", "precision",
                                       "publisher", "published_text", "text_href"}
    assert set(data["neighbours"]) == {"width", "height", "centre", "nodes"}


def test_alternate_links_in_header_and_html(client):
    response, page = get_html(client, HD)
    header = response.headers["Link"]
    for suffix, media in ((".json", "application/json"), (".ttl", "text/turtle"), (".jsonld", "application/ld+json"),
                          (".nt", "application/n-triples"), (".rdf", "application/rdf+xml")):
        assert f'<{HD}{suffix}>; rel="alternate"; type="{media}"' in header
        assert any(link.attrs.get("href") == HD + suffix and link.attrs.get("type") == media
                   for link in page.find_all("link", rel="alternate"))
    assert "Accept" in response.headers["Vary"]


@pytest.mark.parametrize("accept, media", [
    (None, "text/html"),
    ("text/html", "text/html"),
    ("application/xhtml+xml", "text/html"),
    ("*/*", "text/html"),
    ("text/*", "text/html"),
    ("application/json", "application/json"),
    ("text/turtle", "text/turtle"),
    ("application/ld+json", "application/ld+json"),
    ("application/n-triples", "application/n-triples"),
    ("application/rdf+xml", "application/rdf+xml"),
    ("text/turtle;q=0.5, application/ld+json;q=0.9", "application/ld+json"),
    ("text/html;q=0.1, text/turtle", "text/turtle"),
    ("text/html;q=0, */*;q=0.5", "application/json"),
    ("image/png, text/turtle;q=0.2", "text/turtle"),
])
def test_entity_negotiates_by_accept(client, accept, media):
    response = client.get(HD, headers={"Accept": accept} if accept else {})
    assert response.status_code == 200
    assert response.mimetype == media


@pytest.mark.parametrize("accept", ["image/png", "application/sparql-results+json", "text/html;q=0, application/json;q=0"])
def test_entity_unacceptable_returns_406_with_an_example(client, accept):
    response = client.get(HD, headers={"Accept": accept})
    assert response.status_code == 406
    body = response.get_data(as_text=True)
    assert "text/turtle" in body and HD + ".ttl" in body and "curl -H" in body
    assert 'rel="alternate"' in response.headers["Link"]


@pytest.mark.parametrize("suffix, media", [(".ttl", "text/turtle"), (".jsonld", "application/ld+json"),
                                           (".nt", "application/n-triples"), (".rdf", "application/rdf+xml")])
def test_entity_rdf_by_suffix_describes_the_node(client, suffix, media):
    response = client.get(HD + suffix, headers={"Accept": "text/html"})  # the suffix wins over Accept
    assert response.status_code == 200 and response.mimetype == media
    triples = triples_of(response)
    node = ox.NamedNode(HD_IRI)
    assert ox.Triple(node, ox.NamedNode(BASE + "ontology#era"), ox.NamedNode(BASE + "vocab/era/pre2025")) in triples
    assert any(t.object == node for t in triples)  # statements pointing at it
    assert any(t.predicate.value == "http://www.w3.org/ns/oa#exact" for t in triples)  # its evidence


def test_rdf_matches_the_store(client, backend):
    triples = triples_of(client.get(HD + ".nt"))
    out = {t for t in triples if t.subject == ox.NamedNode(HD_IRI)}
    expected = backend.select("SELECT DISTINCT ?p ?o ?node WHERE { ?node ?p ?o }", bindings={"node": ox.NamedNode(HD_IRI)})
    assert len(out) == len(expected)


def test_unknown_iri_is_404_in_every_format(client):
    response, page = get_html(client, "/id/province/atlantis")
    assert response.status_code == 404
    assert "404" in page.find("h1").text
    assert page.find("form", action="/search") is not None
    response = client.get("/id/province/atlantis.ttl")
    assert response.status_code == 404 and response.mimetype == "text/plain"
    response = client.get("/id/province/atlantis.json")
    assert response.status_code == 404
    assert set(response.get_json()) == {"ok", "error", "errors", "status"}
    assert response.get_json()["ok"] is False


# ------------------------------------------------------------------ ontology, vocabularies, graphs, sources


def test_ontology_documents_classes_and_properties_in_both_languages(client):
    response, page = get_html(client, "/ontology?lang=en")
    assert response.status_code == 200
    province = page.find("article", id="Province")
    assert province is not None
    text = province.text
    assert "Province-level unit" in text and "Tỉnh, thành phố trực thuộc trung ương" in text
    assert page.find("section", class_="ontology-properties").find("article", id="era") is not None
    data = client.get("/ontology.json").get_json()
    assert {c["anchor"] for c in data["ontology"]["classes"]} >= {"Province", "DigitalSystem", "Deployment"}


def test_ontology_rdf_is_the_whole_ontology(client):
    triples = triples_of(client.get("/ontology", headers={"Accept": "text/turtle"}))
    classes = {t.subject.value for t in triples
               if t.object == ox.NamedNode("http://www.w3.org/2002/07/owl#Class")}
    assert {BASE + "ontology#Province", BASE + "ontology#DigitalSystem"} <= classes


def test_concept_scheme_page_lists_its_concepts(client):
    response, page = get_html(client, "/vocab/pillar")
    assert response.status_code == 200
    rows = page.find("section", class_="concepts").find("tbody").find_all("tr")
    assert len(rows) == 3
    assert "Kinh tế số" in page.find("section", class_="concepts").text
    triples = triples_of(client.get("/vocab/pillar.ttl"))
    assert ox.Triple(ox.NamedNode(BASE + "vocab/pillar/digital-economy"),
                     ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel"),
                     ox.Literal("Digital economy", language="en")) in triples


def test_concept_page(client):
    response, page = get_html(client, "/vocab/pillar/digital-economy?lang=en")
    assert response.status_code == 200 and page.find("h1").text == "Digital economy"


def test_graph_page_counts_its_triples(client, backend):
    graph = BASE + "graph/national-provinces"
    n = int(backend.select("SELECT (COUNT(*) AS ?n) ?g WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
                           bindings={"g": ox.NamedNode(graph)})[0]["n"].value)
    data = client.get("/graph/national-provinces.json").get_json()
    assert data["graph"]["triples"] == n
    assert len(triples_of(client.get("/graph/national-provinces.nt"))) >= n


def test_source_page_lists_the_quotes_taken_from_it(client):
    data = client.get("/id/source/national-provinces.json").get_json()
    assert data["quotes_from"]
    assert all(set(q) == {"annotation", "body", "exact", "start", "end", "text_href"} for q in data["quotes_from"])
    starts = [q["start"] for q in data["quotes_from"]]
    assert starts == sorted(starts)


# ------------------------------------------------------------------ the query editor and named queries


def test_editor_uses_vendored_yasgui_on_this_server(client):
    response, page = get_html(client, "/?lang=en")
    scripts = [s.attrs["src"] for s in page.find_all("script") if s.attrs.get("src")]
    styles = [link.attrs["href"] for link in page.find_all("link", rel="stylesheet")]
    assert any("yasgui-4.6.2.min.js" in s for s in scripts) and any("yasgui-4.6.2.min.css" in s for s in styles)
    for url in scripts + styles:
        assert url.startswith("/"), f"{url} is not served by this server"
        assert client.get(url).status_code == 200
    config = json.loads(page.find("script", id="dtkg-config").text)
    assert config["endpoint"] == "/sparql"  # never the Host header; query.js makes it absolute
    assert "PREFIX dtkg: <https://w3id.org/vn-dtkg/ontology#>" in config["default_query"]
    names = {q.name for q in catalogue.load_catalogue().values()}
    assert {e["name"] for e in config["examples"]} == names
    titles = {e["name"]: e["title"] for e in config["examples"]}
    assert titles["leaders"] == catalogue.load_catalogue()["leaders"].title["en"]
    _, page = get_html(client, "/?lang=vi")
    config = json.loads(page.find("script", id="dtkg-config").text)
    assert {e["name"]: e["title"] for e in config["examples"]}["leaders"] == catalogue.load_catalogue()["leaders"].title["vi"]


def test_queries_list_in_html_and_json(client):
    names = set(catalogue.load_catalogue())
    _, page = get_html(client, "/queries")
    assert {a.attrs["href"] for a in page.find("table").find_all("a")} == {f"/queries/{n}" for n in names}
    data = client.get("/queries.json").get_json()
    assert set(data) == {"ok", "title", "rows"}
    assert {r["name"] for r in data["rows"]} == names
    assert set(data["rows"][0]) == {"name", "title", "description", "params", "path", "form"}


def test_named_query_runs_with_its_defaults_in_every_format(client):
    response, page = get_html(client, "/queries/leaders")
    assert response.status_code == 200
    table = page.find("table", class_="results")
    columns = [th.text for th in table.find("thead").find_all("th")]
    assert columns[:2] == ["province", "provinceLabel"]
    data = client.get("/queries/leaders.json").get_json()
    assert set(data) == {"ok", "name", "title", "description", "params", "path", "form", "query", "values",
                         "editor_link", "csv_link", "columns", "rows", "truncated", "error", "coverage"}
    assert data["columns"] == columns and data["rows"]
    assert set(data["rows"][0]) == set(columns)
    rows = list(csv.reader(io.StringIO(client.get("/queries/leaders.csv").get_data().decode("utf-8-sig"))))
    assert rows[0] == columns and len(rows) - 1 == len(data["rows"])


def test_named_query_binds_parameters(client):
    everything = client.get("/queries/leaders.json").get_json()["rows"]
    one = client.get("/queries/leaders.json?province=province:hai-duong").get_json()["rows"]
    assert one and len(one) < len(everything)
    assert {r["province"] for r in one} == {HD_IRI}


def test_named_query_bad_parameter_is_400_and_unknown_is_404(client):
    response = client.get("/queries/leaders.json?nonsense=1")
    assert response.status_code == 400
    assert set(response.get_json()) == {"ok", "error", "errors", "status"}
    assert client.get("/queries/no-such-query.json").status_code == 404
    assert client.get("/queries/no-such-query").status_code == 404


def test_named_query_page_links_to_the_editor_with_its_text(client):
    _, page = get_html(client, "/queries/leaders")
    link = next(a.attrs["href"] for a in page.find_all("a") if a.attrs.get("href", "").startswith("/?query="))
    assert "tabTitle=" in link


# ------------------------------------------------------------------ the same pages on a remote SPARQL store


@pytest.mark.external
def test_pages_are_the_same_on_a_remote_store(tmp_path):
    """The views only speak SPARQL: on `oxigraph serve` holding the same graphs they show the same data."""
    import shutil
    import socket
    import subprocess
    import sys
    import time
    import urllib.request
    from pathlib import Path

    from dtkg.server.app import create_app
    from dtkg.graph.engine.graph_store import push_graphs

    binary = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
    if not Path(binary).exists():
        pytest.skip("the oxigraph server (pip package `oxigraph`, test extra) is not installed")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([binary, "serve", "--location", str(tmp_path / "oxigraph"), "--bind", f"127.0.0.1:{port}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D", timeout=2).read()
                break
            except OSError:
                time.sleep(0.1)
        push_graphs(web_app().extensions["dtkg"].backend.store, f"http://127.0.0.1:{port}/store")
        remote = create_app({"STORE": f"sparql+http://127.0.0.1:{port}/query", "QUERY_PROCESSES": 0}).test_client()
        local = web_app().test_client()
        for path in REMOTE_STORE_PAGES:
            assert remote.get(path).get_json() == local.get(path).get_json(), path
    finally:
        server.terminate()
        server.wait(timeout=15)
