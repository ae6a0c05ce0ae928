"""Search: `/api/search` (JSON envelope) and `/search` (HTML), with and without diacritics."""
from __future__ import annotations

import pytest

from dtkg.graph.namespaces import BASE

from tests.web_support import client, parse_html  # noqa: F401 (fixture)

SEARCH_KEYS = {"ok", "q", "folded", "page", "rows", "truncated"}
ROW_KEYS = {"iri", "path", "label", "labels", "matched", "types", "type_labels"}
ERROR_KEYS = {"ok", "error", "errors", "status"}


def search(client, q, **args):
    response = client.get("/api/search", query_string={"q": q, **args})
    assert response.status_code == 200 and response.mimetype == "application/json"
    data = response.get_json()
    assert set(data) == SEARCH_KEYS and data["ok"] is True
    assert all(set(row) == ROW_KEYS for row in data["rows"])
    return data


@pytest.mark.parametrize("q", ["hai duong", "Hải Dương", "HAI DUONG", "  hải   dương "])
def test_search_finds_hai_duong_with_or_without_diacritics(client, q):
    data = search(client, q)
    iris = [row["iri"] for row in data["rows"]]
    assert BASE + "id/province/hai-duong" in iris[:3]
    assert data["folded"] == "hai duong"


@pytest.mark.parametrize("q", ["vo so", "Vỏ sò", "voso"])
def test_search_finds_voso_by_its_alternative_label(client, q):
    rows = search(client, q)["rows"]
    assert rows[0]["iri"] == BASE + "id/system/voso"
    assert rows[0]["path"] == "/id/system/voso"


def test_search_rows_carry_labels_in_both_languages_and_types(client):
    row = next(r for r in search(client, "hai duong", lang="en")["rows"] if r["path"] == "/id/province/hai-duong")
    assert row["labels"] == {"en": "Hải Dương Province", "vi": "Tỉnh Hải Dương"}
    assert row["label"] == "Hải Dương Province"
    assert "dtkg:Province" in row["types"]


def test_search_words_in_any_order_and_exact_matches_first(client):
    rows = search(client, "duong hai")["rows"]
    assert BASE + "id/province/hai-duong" in [r["iri"] for r in rows]
    first = search(client, "Tỉnh Hải Dương")["rows"][0]
    assert first["iri"] == BASE + "id/province/hai-duong"


def test_search_limit_and_truncation(client):
    data = search(client, "hai", limit=2)
    assert len(data["rows"]) == 2 and data["truncated"] is True


def test_search_without_words_finds_nothing(client):
    data = search(client, "")
    assert data["rows"] == [] and data["truncated"] is False


def test_search_with_a_bad_limit_is_a_400_envelope(client):
    response = client.get("/api/search?q=hai&limit=zero")
    assert response.status_code == 400
    data = response.get_json()
    assert set(data) == ERROR_KEYS and data["ok"] is False and data["status"] == 400
    assert "limit" in data["error"] and data["errors"] == [data["error"]]


def test_search_page_lists_links_to_entities(client):
    response = client.get("/search?q=vo+so")
    assert response.status_code == 200
    page = parse_html(response.get_data(as_text=True))
    hrefs = [a.attrs["href"] for a in page.find("ol", class_="hits").find_all("a")]
    assert hrefs[0] == "/id/system/voso"
    assert page.find("form", action="/search").find("input", name="q").attrs["value"] == "vo so"
    assert "/api/search?q=vo+so" in response.headers["Link"]


@pytest.mark.parametrize("path", ["/", "/queries", "/queries/leaders", "/id/province/hai-duong", "/ontology",
                                  "/vocab/pillar", "/search?q=x", "/.well-known/void", "/dumps", "/id/nothing/here"])
def test_every_page_has_the_search_box_and_language_switch(client, path):
    response = client.get(path)
    page = parse_html(response.get_data(as_text=True))
    form = page.find("form", action="/search")
    assert form is not None and form.find("input", name="q") is not None
    langs = page.find("span", class_="langs")
    assert {a.attrs["lang"] for a in langs.find_all("a")} == {"vi", "en"}
    assert page.find("title").text.endswith("· dtkg")
