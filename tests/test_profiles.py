"""Pages for people: entity profiles, human numbers and dates, checkable sources, queries that take
names, search ranking, compression and cache headers (Flask test client on the built dataset)."""
from __future__ import annotations

import csv
import gzip
import io
import re

import pytest

from dtkg.graph.namespaces import BASE, PREFIXES
from dtkg.server import humanize
from dtkg.server.cli import main
from dtkg.server.queries_view import projection

from tests.web_support import client, parse_html  # noqa: F401 (fixture)

HD = "/id/province/hai-duong"
NBSP = "\u00a0"


def page(client, path):
    response = client.get(path)
    assert response.status_code == 200 and response.mimetype == "text/html", (path, response.status_code)
    return parse_html(response.get_data(as_text=True))


def section(doc, key):
    found = doc.find("section", id=key)
    assert found is not None, f"no section {key}"
    return found


def rows_of(doc, key) -> list[dict[str, str]]:
    """The rows of a profile section as {column heading: cell text}."""
    return [{td.attrs["data-label"]: " ".join(td.text.split()) for td in tr.find_all("td")}
            for tr in section(doc, key).find("tbody").find_all("tr")]


def summary_text(doc) -> str:
    """What a reader sees of the summary's sentence and tables, one piece per cell (the curators' definitions
    in the facts list are the graph's own text)."""
    parts = [doc.find("p", class_="lead").text]
    parts += [cell.text for s in doc.find_all("section", class_="profile") for cell in s.find_all("td") + s.find_all("th")]
    return " | ".join(parts).replace(NBSP, " ")


# ------------------------------------------------------------------ numbers and dates


@pytest.mark.parametrize("value, unit, hedge, lang, expected", [
    ("1045", "NUM", "exact", "vi", "1.045"),
    ("1045", "NUM", "exact", "en", "1,045"),
    ("99.8", "PERCENT", "exact", "vi", "99,8 %"),
    ("99.8", "PERCENT", None, "en", "99.8%"),
    ("149100000000000", "CCY_VND", "nearly", "vi", "gần 149.100 tỷ đồng"),
    ("149100000000000", "CCY_VND", "nearly", "en", "nearly 149,100 billion dong"),
    ("4600000000", "CCY_VND", "more-than", "vi", "hơn 4,6 tỷ đồng"),
    ("250000000", "CCY_VND", None, "vi", "250 triệu đồng"),
    ("20", "NUM", None, "vi", "20"),
])
def test_figures_read_as_the_reader_writes_them(value, unit, hedge, lang, expected):
    text = humanize.figure(value, "http://qudt.org/vocab/unit/" + unit, hedge and BASE + "vocab/qualifier/" + hedge, lang)
    assert text == expected


def test_a_rank_reads_with_its_denominator():
    assert humanize.figure("13", None, None, "vi", rank_out_of="63") == "hạng 13/63"
    assert humanize.target("20", None, BASE + "vocab/comparator/le", "en", rank_out_of="63") == "within the top 20"


@pytest.mark.parametrize("value, lang, expected", [
    ("2022-10-10", "vi", "10/10/2022"), ("2022-10-10", "en", "Oct 10, 2022"), ("2022-09", "vi", "09/2022"),
    ("2022-09", "en", "September 2022"), ("2021", "vi", "2021"), ("2025-04-29T15:20:00", "vi", "29/04/2025"),
])
def test_dates_keep_their_precision(value, lang, expected):
    assert humanize.date(value, lang) == expected


def test_periods_format_each_end():
    assert humanize.period("2022-01–2022-09", "vi") == "01/2022–09/2022"


# ------------------------------------------------------------------ the province profile


def test_province_page_opens_with_leaders_platforms_and_figures(client):
    doc = page(client, HD + "?lang=vi")
    lead = doc.find("p", class_="lead").text
    assert lead.startswith("Tỉnh Hải Dương là đơn vị hành chính cấp tỉnh") and "Thành phố Hải Phòng" in lead
    leaders = rows_of(doc, "leaders")
    by_person = {r["Người"]: r for r in leaders}
    assert by_person["Phạm Xuân Thăng"]["Chức vụ"] == "Bí thư"
    assert by_person["Phạm Xuân Thăng"]["Thời điểm ghi nhận"] == "2021"
    assert by_person["Triệu Thế Hùng"]["Chức vụ"] == "Chủ tịch Ủy ban nhân dân"
    assert leaders[0]["Người"] in ("Phạm Xuân Thăng", "Triệu Thế Hùng")  # the province's heads come first
    platforms = {r["Nền tảng"]: r for r in rows_of(doc, "platforms")}
    assert platforms["Voso"]["Trạng thái"] == "đang sử dụng" or platforms["Voso"]["Trạng thái"]
    assert platforms["Voso"]["Đơn vị vận hành"] == "Viettel Post"
    figures = rows_of(doc, "figures")
    pos = next(r for r in figures if r["Chỉ số"].startswith("Số máy POS") and "tăng" not in r["Chỉ số"])
    assert pos["Giá trị"].startswith("1.045") and pos["Kỳ"] == "2021"
    grdp = next(r for r in figures if r["Chỉ số"] == "Tổng sản phẩm trên địa bàn (GRDP)")
    assert grdp["Giá trị"].startswith("gần 149.100 tỷ đồng")
    targets = rows_of(doc, "targets")
    assert any(r["Chỉ tiêu"] == "trong nhóm 20" and r["Năm"] == "2025" for r in targets)
    assert any(r["Thực tế"] != "" for r in targets)  # target beside actual


def test_each_leader_links_to_the_quote_in_the_source_text(client):
    doc = page(client, HD)
    links = [a.attrs["href"] for a in section(doc, "leaders").find_all("a") if a.attrs["href"].startswith("/sources/")]
    assert links and all(re.fullmatch(r"/sources/\d{3}\?start=\d+&end=\d+#quote", h) for h in links)
    text = page(client, links[0].replace("&amp;", "&"))
    assert "Phạm Xuân Thăng" in text.find("mark", id="quote").text or "Triệu Thế Hùng" in text.find("mark", id="quote").text


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_summary_shows_no_datatype_curie_or_raw_big_number(client, lang):
    for path in (HD, "/id/system/voso", "/id/person/pham-xuan-thang", "/vocab/indicator/dti-rank",
                 "/id/document/nghi-quyet-chuyen-doi-so-tinh-uy-hai-duong-2021", "/id/organisation/ubnd-hai-duong"):
        doc = page(client, f"{path}?lang={lang}")
        text = summary_text(doc)
        assert "xsd:" not in text and "^^" not in text, path
        curies = [m for m in re.findall(r"\b([a-z][a-z0-9-]*):[A-Za-z]", text) if m in PREFIXES]
        assert not curies, (path, curies)
        assert not humanize.is_raw_big_number(text), (path, re.findall(r"\d{5,}", text))
        assert not doc.find("section", class_="summary").find_all("sup"), path


def test_english_province_page_uses_english_words_and_numbers(client):
    doc = page(client, HD + "?lang=en")
    figures = rows_of(doc, "figures")
    assert any(r["Value"].startswith("nearly 149,100 billion dong") for r in figures)
    assert any(r["Role"] == "Party Secretary" for r in rows_of(doc, "leaders"))


def test_json_twin_carries_the_summary(client):
    data = client.get(HD + ".json?lang=vi").get_json()
    summary = data["summary"]
    assert summary["kind"] == "province"
    assert {"leaders", "platforms", "figures", "targets", "documents"} <= set(summary)
    assert [s["key"] for s in summary["sections"]][:3] == ["leaders", "platforms", "figures"]
    people = {r["person"]["text"] for r in summary["leaders"]}
    assert {"Phạm Xuân Thăng", "Triệu Thế Hùng"} <= people
    pos = next(r for r in summary["figures"] if r["indicator"]["iri"].endswith("/pos-terminals"))
    assert pos["value"]["value"] == "1045" and pos["value"]["text"] == "1.045"


def test_the_statement_table_is_at_view_rdf(client):
    profile = page(client, HD)
    assert profile.find("table", class_="statements") is None
    assert any(a.attrs.get("href") == HD + "?view=rdf" for a in profile.find_all("a"))
    rdf = page(client, HD + "?view=rdf")
    assert rdf.find("table", class_="statements") is not None
    assert client.get(HD + ".ttl").mimetype == "text/turtle"


# ------------------------------------------------------------------ the other profiles


def test_person_page_lists_posts_as_a_dated_timeline(client):
    doc = page(client, "/id/person/trieu-the-hung?lang=vi")
    timeline = doc.find("ol", class_="timeline").text  # the tenure timeline, with its attestations
    assert "Chủ tịch Ủy ban nhân dân" in timeline and "2021" in timeline
    assert "Ủy ban nhân dân tỉnh Hải Dương" in timeline
    posts = client.get("/id/person/trieu-the-hung.json?lang=vi").get_json()["summary"]["posts"]
    assert posts[0]["attested"]["text"] == "2021"
    assert doc.find("section", class_="evidence").find("mark")  # the statement, quoted


def test_organisation_page_lists_members_and_units(client):
    doc = page(client, "/id/organisation/ubnd-hai-duong?lang=en")
    members = rows_of(doc, "members")
    assert members[0]["Person"] == "Triệu Thế Hùng"
    assert "headed by Triệu Thế Hùng (Chair of the People's Committee)." in doc.find("p", class_="lead").text
    assert "Lê Hồng Diên" not in doc.find("p", class_="lead").text  # heads a unit, not the committee
    assert rows_of(doc, "units")


def test_platform_page_shows_operator_places_and_figures(client):
    doc = page(client, "/id/system/voso?lang=vi")
    assert "Viettel Post" in doc.find("p", class_="lead").text
    places = {r["Nơi"] for r in rows_of(doc, "deployments")}
    assert {"Tỉnh Hải Dương", "Tỉnh Hậu Giang"} <= places
    assert rows_of(doc, "figures")


def test_document_page_shows_number_date_issuer_and_targets(client):
    doc = page(client, "/id/document/nghi-quyet-chuyen-doi-so-tinh-uy-hai-duong-2021?lang=vi")
    facts = {dt.text: dd.text for dt, dd in zip(doc.find("dl", class_="facts").find_all("dt"),
                                                doc.find("dl", class_="facts").find_all("dd"))}
    assert facts["Ngày ban hành"] == "26/03/2021"
    assert facts["Cơ quan ban hành"] == "Tỉnh ủy Hải Dương"
    assert len(rows_of(doc, "targets")) > 10


def test_indicator_page_lists_values_across_provinces(client):
    doc = page(client, "/vocab/indicator/dti-rank?lang=vi")
    values = rows_of(doc, "values")
    assert values and all(r["Giá trị"].startswith("hạng ") for r in values)


# ------------------------------------------------------------------ sources


def test_sources_show_publisher_date_precision_and_local_text(client):
    doc = page(client, HD + "?lang=en")
    items = doc.find("section", class_="sources").find_all("li")
    article = next(li for li in items if "Raising the province" in li.text)
    assert "Government News" in article.text and "publication date" in article.text
    assert any(a.attrs["href"] == "/sources/002" for a in article.find_all("a"))


def test_source_text_highlights_the_quote_at_its_offsets(client):
    doc = page(client, "/sources/000?start=0&end=10&lang=vi")
    pre = doc.find("pre", class_="source-text")
    assert pre.find("mark", id="quote").text == pre.text[:10]
    assert client.get("/sources/000?start=10&end=5").status_code == 400
    assert client.get("/sources/000?start=0&end=99999999").status_code == 400
    assert client.get("/sources/no-such-source").status_code == 404


def test_source_text_is_found_beside_a_clean_clone(client, monkeypatch, tmp_path):
    """The copies come from DTKG_SOURCES, else ../shared/sources beside the clone: a missing folder is a 404."""
    monkeypatch.setenv("DTKG_SOURCES", str(tmp_path))
    response = client.get("/sources/000")
    assert response.status_code == 404 and "not in the sources folder" in response.get_data(as_text=True)


# ------------------------------------------------------------------ queries a journalist can use


@pytest.mark.parametrize("name", ["Hải Dương", "hai duong", "hai-duong", "province:hai-duong", BASE + "id/province/hai-duong"])
def test_leaders_query_takes_a_province_by_name(client, name):
    response = client.get("/queries/leaders.json", query_string={"province": name})
    assert response.status_code == 200, response.get_data(as_text=True)
    names = {r["name"] for r in response.get_json()["rows"]}
    assert {"Phạm Xuân Thăng", "Triệu Thế Hùng"} <= names


def test_leaders_query_page_answers_with_a_name(client):
    doc = page(client, "/queries/leaders?province=Hải Dương")
    assert "Triệu Thế Hùng" in doc.find("table", class_="results").text
    label = doc.find("label", for_="param-province")
    assert label is not None and doc.find("input", id="param-province") is not None


def test_an_unknown_name_is_a_400_that_says_so(client):
    response = client.get("/queries/leaders.json", query_string={"province": "Atlantis"})
    assert response.status_code == 400 and "Atlantis" in response.get_json()["error"]


def test_empty_result_csv_has_header_and_bom_and_the_page_explains_coverage(client):
    response = client.get("/queries/leaders.csv", query_string={"province": "Hà Giang"})
    assert response.status_code == 200 and response.headers["Content-Type"] == "text/csv; charset=utf-8"
    body = response.get_data()
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows == [["province", "provinceLabel", "organisation", "organisationLabel", "roleLabel", "person", "name",
                     "attested", "source", "sourceTitle"]]
    doc = page(client, "/queries/leaders?province=Hà Giang&lang=vi")
    coverage = doc.find("p", class_="coverage")
    assert coverage is not None and "Tỉnh Hải Dương" in coverage.text


def test_projection_keeps_the_hash_inside_iris():
    text = ("# a comment with ?ghost\nPREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n"
            "SELECT ?a (\"#x\" AS ?b) WHERE { ?a rdf:type ?t } # ?c")
    assert projection(text) == ["a", "b"]


def test_editor_link_carries_the_parameters(client):
    data = client.get("/queries/leaders.json", query_string={"province": "Hải Dương"}).get_json()
    assert "VALUES (?province) { (<" + BASE + "id/province/hai-duong>) }" in data["editor_link"].replace("+", " ") \
        or "hai-duong" in data["editor_link"]


def test_cli_takes_names_and_refuses_unknown_ones_without_a_traceback(runner):
    ok = runner.invoke(main, ["query", "leaders", "-p", "province=Hải Dương"])
    assert ok.exit_code == 0 and "Triệu Thế Hùng" in ok.output
    bad = runner.invoke(main, ["query", "leaders", "-p", "province=Atlantis"])
    assert bad.exit_code == 2 and "Traceback" not in bad.output and "Atlantis" in bad.output


# ------------------------------------------------------------------ search


def test_vo_so_finds_voso_first_and_no_so_voi_rows(client):
    rows = client.get("/api/search", query_string={"q": "vo so"}).get_json()["rows"]
    assert rows[0]["path"] == "/id/system/voso"
    assert not [r for r in rows if "so với" in r["label"].lower() or "so voi" in r["matched"].lower()]


def test_search_shows_types_as_words_and_pages(client):
    doc = page(client, "/search?q=hai&lang=vi")
    types = doc.find("ol", class_="hits").find("small", class_="types").text
    assert ":" not in types and types
    next_link = doc.find("a", rel="next")
    assert next_link is not None
    second = page(client, next_link.attrs["href"].replace("&amp;", "&"))
    first_hits = {a.attrs["href"] for a in doc.find("ol", class_="hits").find_all("a")}
    second_hits = {a.attrs["href"] for a in second.find("ol", class_="hits").find_all("a")}
    assert second_hits and not first_hits & second_hits


def test_not_found_page_suggests_close_labels(client):
    response = client.get("/id/province/hai-duongg?lang=vi")
    assert response.status_code == 404
    doc = parse_html(response.get_data(as_text=True))
    assert any(a.attrs["href"] == HD for a in doc.find("ul", class_="hits").find_all("a"))
    assert doc.find("title").text.startswith("Không tìm thấy")
    assert doc.find("h1").text == "404 · Không tìm thấy"


# ------------------------------------------------------------------ every page


@pytest.mark.parametrize("path", [HD, "/queries/leaders", "/search?q=voso", "/assets/vendor/yasgui-4.6.2.min.js",
                                  "/assets/vendor/chart-4.5.1.umd.min.js", "/map", "/map.json",
                                  "/assets/dtkg.css", HD + ".json"])
def test_pages_and_vendored_files_are_compressed(client, path):
    plain = client.get(path).get_data()
    response = client.get(path, headers={"Accept-Encoding": "gzip"})
    assert response.headers.get("Content-Encoding") == "gzip"
    assert "Accept-Encoding" in response.headers["Vary"]
    assert gzip.decompress(response.get_data()) == plain and len(response.get_data()) < len(plain)


def test_versioned_assets_are_cached_long_and_immutable(client):
    cache = client.get("/assets/vendor/yasgui-4.6.2.min.js").headers["Cache-Control"]
    assert "max-age=31536000" in cache and "immutable" in cache
    assert "immutable" not in client.get("/assets/dtkg.css").headers["Cache-Control"]


def test_sparql_answers_are_left_uncompressed(client):
    response = client.get("/sparql", query_string={"query": "ASK {}"}, headers={"Accept-Encoding": "gzip"})
    assert "Content-Encoding" not in response.headers and response.get_json()["boolean"] is True


@pytest.mark.parametrize("lang, home, crumb", [("vi", "Trang chủ", "Tỉnh, thành phố"), ("en", "Home", "Provinces")])
def test_breadcrumbs_skip_link_and_labelled_inputs(client, lang, home, crumb):
    doc = page(client, f"{HD}?lang={lang}")
    crumbs = [li.text for li in doc.find("ol", class_="crumbs").find_all("li")]
    assert crumbs[:2] == [home, crumb]
    skip = doc.find("a", class_="skip")
    assert skip.attrs["href"] == "#main" and doc.find("main", id="main") is not None
    for field in doc.find_all("input"):
        assert field.attrs.get("aria-label") or doc.find("label", for_=field.attrs.get("id", "-")), field.attrs


def test_unknown_paths_get_the_translated_error_page_with_suggestions(client):
    response = client.get("/voso?lang=vi")
    assert response.status_code == 404 and response.mimetype == "text/html"
    doc = parse_html(response.get_data(as_text=True))
    assert doc.find("p", class_="error").text == "Không có trang nào ở địa chỉ này."
    assert any(a.attrs["href"] == "/id/system/voso" for a in doc.find("ul", class_="hits").find_all("a"))
    api = client.get("/api/nothing")
    assert api.status_code == 404 and api.get_json()["ok"] is False


@pytest.mark.parametrize("path, lang, title", [("/queries", "en", "Named queries"), ("/", "vi", "Truy vấn SPARQL"),
                                               ("/search?q=voso", "en", "Search: voso"), ("/dumps", "vi", "Tải dữ liệu")])
def test_page_titles_are_translated(client, path, lang, title):
    doc = page(client, f"{path}{'&' if '?' in path else '?'}lang={lang}")
    assert doc.find("title").text == f"{title} · dtkg"


def test_a_figure_page_states_the_figure_in_words(client):
    doc = page(client, "/id/observation/hai-duong--grdp--2021?lang=vi")
    lead = doc.find("p", class_="lead").text
    assert lead == "Tổng sản phẩm trên địa bàn (GRDP), Tỉnh Hải Dương, 2021: gần 149.100 tỷ đồng."
    assert "149100000000000" not in doc.find("section", class_="summary").text
    target = page(client, "/id/target/hai-duong--dti-rank--2025?lang=en").find("p", class_="lead").text
    assert target.startswith("Target for 2025:") and target.endswith("within the top 20.")


# ------------------------------------------------------------------ the map


def test_map_json_lists_the_units_of_both_eras_with_their_counts(client):
    data = client.get("/map.json?lang=vi").get_json()
    assert len(data["units"]["pre2025"]) == 63 and len(data["units"]["post2025"]) == 34
    pre = {u["path"]: u for u in data["units"]["pre2025"]}
    post = {u["path"]: u for u in data["units"]["post2025"]}
    assert pre[HD]["facts"] > 0 and pre[HD]["successor"].endswith("/hai-phong-2025")
    assert post["/id/province/hai-phong-2025"]["facts"] >= pre[HD]["facts"]  # a 2025 unit covers its predecessors
    assert "Natural Earth" in data["source"]


@pytest.mark.parametrize("era, count", [("pre2025", 63), ("post2025", 34)])
def test_map_draws_every_unit_as_a_link_to_its_page(client, era, count):
    doc = page(client, f"/map?era={era}&lang=vi")
    links = doc.find("svg").find_all("a")
    assert len(links) == count
    hrefs = {a.attrs["href"] for a in links}
    assert (HD in hrefs) == (era == "pre2025") and ("/id/province/hai-phong-2025" in hrefs) == (era == "post2025")
    coloured = [a for a in links if "c0" not in a.find("path").attrs["class"]]
    assert coloured and len(coloured) < count
    assert doc.find("nav", class_="eras").find("a", **{"aria-current": "page"}).attrs["href"] == f"/map?era={era}"


def test_map_with_an_unknown_era_is_a_400(client):
    assert client.get("/map?era=1999").status_code == 400
    assert client.get("/map.json?era=1999").status_code == 400


# ------------------------------------------------------------------ charts


def test_province_chart_puts_targets_beside_actuals(client):
    summary = client.get(HD + ".json?lang=vi").get_json()["summary"]
    chart = next(c for c in summary["charts"] if c["key"] == "percent")
    assert chart["unit"] == "PERCENT" and chart["after"] == "targets"
    by_label = dict(zip(chart["labels"], zip(*[d["data"] for d in chart["datasets"]])))
    smartphones = by_label["Tỷ lệ dân số dùng điện thoại thông minh"]
    assert smartphones[0] == 72.0 and 100.0 in smartphones[1:]  # actual 72 %, target 100 %
    assert [d["label"] for d in chart["datasets"]] == ["Thực tế", "Chỉ tiêu 2025", "Chỉ tiêu 2030"]


def test_chart_canvas_carries_its_data_and_the_vendored_library(client):
    doc = page(client, HD + "?lang=vi")
    canvas = doc.find("figure", id="chart-percent").find("canvas")
    assert canvas.attrs["role"] == "img" and '"unit": "PERCENT"' in canvas.attrs["data-chart"]
    scripts = [s.attrs.get("src") for s in doc.find_all("script")]
    assert "/assets/vendor/chart-4.5.1.umd.min.js" in scripts and "/assets/charts.js" in scripts
    assert all(s.attrs.get("src") for s in doc.find_all("script"))  # no inline script (CSP)
    assert client.get("/assets/vendor/chart-4.5.1.umd.min.js").status_code == 200


def test_indicator_chart_when_values_share_a_unit(client):
    summary = client.get("/vocab/indicator/online-dossier-rate.json?lang=en").get_json()["summary"]
    chart = summary["charts"][0]
    assert chart["unit"] == "PERCENT" and len(chart["labels"]) == 3


def test_a_source_page_says_who_published_it_when_and_links_each_quote_to_the_text(client):
    doc = page(client, "/id/source/002?lang=en")
    assert doc.find("p", class_="lead").text == ("Raising the province's standing through digital transformation — "
                                                 "Government News (baochinhphu.vn); no date stated.")
    facts = {dt.text: dd for dt, dd in zip(doc.find("dl", class_="facts").find_all("dt"),
                                           doc.find("dl", class_="facts").find_all("dd"))}
    assert "publication date" in facts["Date precision"].text
    assert facts["Source text"].find("a").attrs["href"] == "/sources/002"
    offsets = [a.attrs["href"] for a in doc.find("section", class_="quotes-from").find_all("a")
               if a.attrs["href"].startswith("/sources/")]
    assert offsets and all(re.fullmatch(r"/sources/002\?start=\d+&(amp;)?end=\d+#quote", h) for h in offsets)
    dated = page(client, "/id/source/003-related-20250429-1520?lang=vi").find("p", class_="lead").text
    assert dated.endswith("29/04/2025.")


def test_cli_table_fits_a_given_width(kg):
    from dtkg.graph.queryrun import table

    results = kg.engine.store.query("SELECT ?p ?o WHERE { <https://w3id.org/vn-dtkg/id/province/hai-duong> ?p ?o }")
    lines = table(results, 60).splitlines()
    assert lines and all(len(line) <= 60 for line in lines[:-1])


def test_docstring_examples_hold():
    import doctest

    from dtkg.graph import queryrun

    for module in (humanize, queryrun):
        assert doctest.testmod(module).failed == 0, module.__name__


def test_province_sentences_name_eras_mergers_and_successors(client):
    merged = page(client, "/id/province/hai-phong-2025?lang=vi").find("p", class_="lead").text
    assert "hợp nhất từ Thành phố Hải Phòng (đến 30/6/2025) và Tỉnh Hải Dương" in merged
    both = page(client, "/id/province/quang-ninh?lang=en").find("p", class_="lead").text
    assert "of the eras 63 provinces (before 1 July 2025) and 34 provinces (from 1 July 2025)" in both


def test_every_editor_link_fits_a_request_line(client):
    """The request line `dtkg serve` (and the README's gunicorn command) accepts: the links drop the header
    comments and the PREFIX lines a query does not use, and still run."""
    from dtkg.server.wsgi import gunicorn_options

    limit = gunicorn_options("127.0.0.1", 8080, 1, 30)["limit_request_line"]
    for row in client.get("/queries.json").get_json()["rows"]:
        link = client.get(row["path"] + ".json", query_string={"province": "Hải Dương"} if row["name"] in
                          ("leaders", "platforms") else {}).get_json()["editor_link"]
        assert len("GET " + link + " HTTP/1.1") < limit, (row["name"], len(link))


def test_editor_texts_still_parse():
    import pyoxigraph as ox

    from dtkg.graph import catalogue
    from dtkg.server.queries_view import editor_text

    store = ox.Store()
    for query in catalogue.load_catalogue().values():
        store.query(editor_text(query.text))  # raises SyntaxError on an undeclared prefix


def test_document_sentence_opens_with_its_type_number_date_and_issuer(client):
    lead = page(client, "/id/document/quyet-dinh-505-qd-ttg-2022?lang=vi").find("p", class_="lead").text
    assert lead.startswith("Quyết định số 505/QĐ-TTg ngày 22/04/2022, ban hành bởi Thủ tướng Chính phủ")
    scheme = page(client, "/id/programme/de-an-hau-giang-xanh?lang=en")
    assert scheme.find("p", class_="lead").text.startswith("Scheme, for Hậu Giang Province")
    assert "Number, date and approving body are not given." in scheme.find("dl", class_="facts").text


def test_map_colours_the_provinces_by_an_indicator(client):
    doc = page(client, "/map?indicator=farm-households-on-ecommerce&lang=vi")
    assert doc.find("select", id="map-indicator").find("option", selected="").attrs["value"] == \
        "farm-households-on-ecommerce"
    notes = {a.attrs["href"]: a.find("title").text for a in doc.find("svg").find_all("a")}
    assert len(notes) == 63
    assert notes[HD].endswith("hơn 71.400")  # the value in words, with its hedge
    assert sum("không có số liệu" not in n for n in notes.values()) == 2
    by_name = client.get("/map.json", query_string={"indicator": "Tỷ lệ hồ sơ trực tuyến"}).get_json()
    assert by_name["indicator"].endswith("/online-dossier-rate")
    assert client.get("/map.json?indicator=Atlantis").status_code == 400
