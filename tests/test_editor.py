"""The query editor and the named-query pages in the reader's language: `?lang` of the named queries
bound from the page, `/api/labels` for the editor's result tables (the browser tests are in test_browser.py)."""
from __future__ import annotations

from tests.web_support import client  # noqa: F401 (fixture)

ID = "https://w3id.org/vn-dtkg/id/"


def test_named_query_pages_take_the_label_language_from_the_page(client):
    def roles(lang):
        data = client.get("/queries/leaders.json", query_string={"province": "Hải Dương", "lang": lang}).get_json()
        return {row["roleLabel"] for row in data["rows"]}, data

    (en, data), (vi, _) = roles("en"), roles("vi")
    assert en == {"Party Secretary", "Chair of the People's Committee"}
    assert vi == {"Bí thư", "Chủ tịch Ủy ban nhân dân"}
    assert 'FILTER(lang(?roleLabel) = "en")' in data["query"]
    assert "lang" not in data["values"]


def test_the_form_and_the_list_leave_the_label_language_to_the_page(client):
    html = client.get("/queries/leaders?lang=en").get_data(as_text=True)
    assert 'name="province"' in html and 'name="lang"' not in html.split("<form", 1)[1].split("</form>")[0]
    index = client.get("/queries?lang=en").get_data(as_text=True).split("<table", 1)[1]
    assert "?province" in index and "?lang" not in index


def test_labels_api_gives_labels_in_the_page_language_and_leaves_out_unknown_iris(client):
    iris = [ID + "province/hai-duong", ID + "person/trieu-the-hung", "http://www.w3.org/ns/org#member",
            "https://example.org/nothing"]
    en = client.post("/api/labels?lang=en", data={"iri": iris}).get_json()["labels"]
    assert en[ID + "province/hai-duong"] == {"label": "Hải Dương Province", "path": "/id/province/hai-duong"}
    assert en[ID + "person/trieu-the-hung"]["label"] == "Triệu Thế Hùng"
    assert "http://www.w3.org/ns/org#member" in en and "https://example.org/nothing" not in en
    vi = client.get("/api/labels", query_string={"iri": iris[0], "lang": "vi"}).get_json()["labels"]
    assert vi[iris[0]]["label"] == "Tỉnh Hải Dương"


def test_labels_api_refuses_bad_input_with_a_sentence(client):
    bad = client.post("/api/labels", data={"iri": ["not an iri"]})
    assert bad.status_code == 400 and "not an IRI" in bad.get_json()["error"]
    many = client.post("/api/labels", data={"iri": [f"{ID}x/{i}" for i in range(501)]})
    assert many.status_code == 400 and "at most 500" in many.get_json()["error"]
    assert client.get("/api/labels").get_json()["labels"] == {}
