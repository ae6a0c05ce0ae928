"""A real headless Chromium (Debian's `chromium` and `chromium-driver`) driven through Selenium against
the session's server on 127.0.0.1 (tests/browser_support.py): run an example query in the editor and see its rows,
open an entity page and follow a link to another, and read the pages a journalist opens (province,
person, platform, document, indicator, named query) at 1280 px and at 390 px as a reader sees them,
with no horizontal overflow on the phone. Screenshots of each go to a folder the run prints
(DTKG_BROWSER_SCREENSHOTS, else build/screenshots in the repository).
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (the test extra)")
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as ec  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

from tests.browser_support import CHROMEDRIVER, CHROMIUM, ROOT, WAIT  # noqa: E402

if not (CHROMIUM and CHROMEDRIVER):
    pytest.skip("needs Debian's chromium and chromium-driver (apt-get install -y chromium chromium-driver)",
                allow_module_level=True)


@pytest.fixture(scope="module")
def server(browser_server):
    """The session's gunicorn on 127.0.0.1, serving the app under the production CSP."""
    return browser_server


@pytest.fixture(scope="module")
def browser(chromium_session):
    """The session's Chromium, its console log emptied of what earlier modules left in it."""
    chromium_session.get_log("browser")
    return chromium_session


def open_editor(browser, url):
    """The editor with no tabs kept from an earlier test (YASGUI keeps them in localStorage)."""
    browser.get(url)
    browser.execute_script("window.localStorage.clear()")
    browser.get(url)


def test_example_query_runs_in_the_editor_and_shows_rows(server, browser):
    open_editor(browser, server + "/?lang=en")
    wait = WebDriverWait(browser, WAIT)
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, ".yasqe .CodeMirror")))
    browser.find_element(By.CSS_SELECTOR, 'button.example[data-name="leaders"]').click()
    rows = wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, ".yasr table.dataTable tbody tr td"))
    text = " ".join(cell.text for cell in rows)
    assert "Hải Dương" in text
    tab_names = [t.text for t in browser.find_elements(By.CSS_SELECTOR, ".tabsList .tab")]
    assert any("leads" in name for name in tab_names)
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] if hasattr(browser, "get_log") else []
    assert not [e for e in errors if "favicon" not in e["message"]], errors


def test_the_result_table_speaks_vietnamese_on_a_vietnamese_page(server, browser):
    open_editor(browser, server + "/?lang=vi")
    wait = WebDriverWait(browser, WAIT)
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, ".yasqe .CodeMirror")))
    browser.find_element(By.CSS_SELECTOR, 'button.example[data-name="leaders"]').click()
    info = wait.until(lambda d: d.execute_script("var e = document.querySelector('.yasr .dt-info'); return e && e.textContent"))
    assert info.startswith("Dòng 1–")


def test_the_default_query_runs_against_this_server(server, browser):
    open_editor(browser, server + "/?lang=en")
    wait = WebDriverWait(browser, WAIT)
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, ".yasqe .CodeMirror")))
    browser.execute_script("window.dtkgYasgui.getTab().setQuery(arguments[0])",
                           "PREFIX dtkg: <https://w3id.org/vn-dtkg/ontology#>\n"
                           "SELECT ?p WHERE { ?p a dtkg:Province } ORDER BY ?p LIMIT 5")
    browser.find_element(By.CSS_SELECTOR, ".yasqe_queryButton").click()
    rows = wait.until(lambda d: [r for r in d.find_elements(By.CSS_SELECTOR, ".yasr table.dataTable tbody tr")
                                 if "province" in r.text] or None)
    assert len(rows) == 5


def test_entity_page_links_lead_to_other_entities(server, browser):
    browser.get(server + "/id/province/hai-duong?lang=en")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Hải Dương Province"
    link = browser.find_element(By.CSS_SELECTOR, 'dl.facts a[href="/id/province/hai-phong-2025"]')
    link.click()
    WebDriverWait(browser, WAIT).until(ec.url_contains("/id/province/hai-phong-2025"))
    heading = browser.find_element(By.TAG_NAME, "h1").text
    assert "Hải Phòng" in heading
    browser.find_element(By.CSS_SELECTOR, 'a[href="/id/province/hai-duong"]').click()
    WebDriverWait(browser, WAIT).until(ec.url_contains("/id/province/hai-duong"))


def test_search_box_finds_an_entity_without_diacritics(server, browser):
    browser.get(server + "/ontology?lang=en")
    box = browser.find_element(By.CSS_SELECTOR, 'form.search input[name="q"]')
    box.send_keys("vo so")
    box.submit()
    WebDriverWait(browser, WAIT).until(ec.url_contains("/search"))
    browser.find_element(By.CSS_SELECTOR, 'ol.hits a[href="/id/system/voso"]').click()
    WebDriverWait(browser, WAIT).until(ec.url_contains("/id/system/voso"))
    assert browser.find_element(By.TAG_NAME, "h1").text == "Voso"


# ------------------------------------------------------------------ pages as a reader sees them

WIDTHS = {"desktop": (1280, 1000, False), "phone": (390, 844, True)}
PAGES = {  # name: (path, what a reader must see on it)
    "province": ("/id/province/hai-duong", ("Phạm Xuân Thăng", "Triệu Thế Hùng", "Bí thư", "2021", "1.045", "Voso",
                                             "gần 149.100 tỷ đồng")),
    "person": ("/id/person/trieu-the-hung", ("Chủ tịch Ủy ban nhân dân", "2021", "Ủy ban nhân dân tỉnh Hải Dương")),
    "platform": ("/id/system/voso", ("Viettel Post", "Tỉnh Hậu Giang", "Tỉnh Hải Dương")),
    "document": ("/id/document/nghi-quyet-chuyen-doi-so-tinh-uy-hai-duong-2021", ("26/03/2021", "Tỉnh ủy Hải Dương",
                                                                                   "trong nhóm 20")),
    "indicator": ("/vocab/indicator/dti-rank", ("hạng ",)),
    "query": ("/queries/leaders?province=Hải Dương", ("Triệu Thế Hùng", "Phạm Xuân Thăng")),
    "search": ("/search?q=vo so", ("Voso",)),
    "source": ("/sources/002?start=3122&end=3173", ("Bí thư Tỉnh ủy Hải Dương Phạm Xuân Thăng",)),
    "map": ("/map?era=pre2025", ("Tỉnh Hải Dương", "Natural Earth")),
    "map2025": ("/map?era=post2025", ("Thành phố Hải Phòng (từ 1/7/2025)",)),
    "map-indicator": ("/map?indicator=farm-households-on-ecommerce", ("Tỉnh Hải Dương", "hơn 71.400")),
}
ENGLISH = {"province": ("Party Secretary", "1,045", "nearly 149,100 billion dong"),
           "document": ("Mar 26, 2021",)}


@pytest.fixture(scope="module")
def screenshots(request):
    folder = Path(os.environ.get("DTKG_BROWSER_SCREENSHOTS") or ROOT / "build" / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    yield folder
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line(f"browser screenshots: {folder}")


def viewport(browser, width: int, height: int, mobile: bool) -> None:
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("name", list(PAGES))
def test_pages_read_well_on_desktop_and_phone(server, browser, screenshots, name, width, lang):
    path, expected = PAGES[name]
    viewport(browser, *WIDTHS[width])
    try:
        browser.get(f"{server}{path}{'&' if '?' in path else '?'}lang={lang}")
        text = browser.find_element(By.TAG_NAME, "main").text
        for words in (expected if lang == "vi" else ENGLISH.get(name, ())):
            assert words in text.replace("\u00a0", " "), (name, width, lang, words)
        overflow = browser.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
        browser.save_screenshot(str(screenshots / f"{name}-{width}-{lang}.png"))  # the first screen
        height = browser.execute_script("return Math.min(document.documentElement.scrollHeight, 8000)")
        viewport(browser, WIDTHS[width][0], height, WIDTHS[width][2])
        browser.save_screenshot(str(screenshots / f"{name}-{width}-{lang}-full.png"))
        assert overflow <= 0, f"{name} at {width} ({lang}) is {overflow} px wider than the screen"
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def test_the_editor_link_of_a_query_carries_its_parameters(server, browser):
    open_editor(browser, server + "/?lang=vi")
    browser.get(server + "/queries/leaders?province=Hải Dương&lang=vi")
    browser.find_element(By.CSS_SELECTOR, 'form.params a[href^="/?"]').click()
    wait = WebDriverWait(browser, WAIT)
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, ".yasqe .CodeMirror")))
    query = wait.until(lambda d: d.execute_script("return window.dtkgYasgui && window.dtkgYasgui.getTab().getQuery()"))
    assert "VALUES (?province) { (<https://w3id.org/vn-dtkg/id/province/hai-duong>) }" in query
    browser.find_element(By.CSS_SELECTOR, ".yasqe_queryButton").click()
    cells = wait.until(lambda d: d.execute_script(
        "return Array.from(document.querySelectorAll('.yasr table.dataTable tbody td')).map(c => c.textContent).join(' ')")
        or None)
    assert "Triệu Thế Hùng" in cells and "Lê Hồng Diên" not in cells


def test_no_other_page_overflows_on_a_phone(server, browser):
    viewport(browser, *WIDTHS["phone"])
    wide = {}
    try:
        for path in ("/", "/queries", "/ontology", "/id/province/hai-duong?view=rdf", "/.well-known/void", "/dumps",
                     "/validation", "/vocab/indicator", "/graph/002", "/id/source/002", "/nonexistent",
                     "/id/observation/hai-duong--grdp--2021", "/id/organisation/ubnd-hai-duong"):
            browser.get(server + path)
            overflow = browser.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
            if overflow > 0:
                wide[path] = overflow
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    assert not wide, f"wider than a 390 px phone: {wide}"


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_charts_are_drawn_without_errors(server, browser, screenshots, lang):
    if hasattr(browser, "get_log"):
        browser.get_log("browser")  # what earlier tests left (an expected 404) is not this page's
    browser.get(f"{server}/id/province/hai-duong?lang={lang}")
    figure = browser.find_element(By.CSS_SELECTOR, "figure#chart-percent")
    drawn = browser.execute_script("var c = Chart.getChart(arguments[0]); return c ? c.data.datasets.length : 0",
                                   figure.find_element(By.TAG_NAME, "canvas"))
    assert drawn == 3
    browser.execute_script("arguments[0].scrollIntoView()", figure)
    figure.screenshot(str(screenshots / f"chart-province-{lang}.png"))
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] if hasattr(browser, "get_log") else []
    assert not [e for e in errors if "favicon" not in e["message"]], errors


def test_a_province_on_the_map_opens_its_page(server, browser):
    browser.get(server + "/map?era=pre2025&lang=vi")
    link = browser.find_element(By.CSS_SELECTOR, 'svg a[href="/id/province/hai-duong"]')
    browser.execute_script("arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))", link)
    WebDriverWait(browser, WAIT).until(ec.url_contains("/id/province/hai-duong"))
    assert browser.find_element(By.TAG_NAME, "h1").text == "Tỉnh Hải Dương"


def test_the_source_link_of_a_leader_opens_the_quote(server, browser):
    browser.get(server + "/id/province/hai-duong?lang=vi")
    row = next(tr for tr in browser.find_elements(By.CSS_SELECTOR, "section#leaders tbody tr") if "Triệu Thế Hùng" in tr.text)
    row.find_element(By.CSS_SELECTOR, "td.source a").click()
    WebDriverWait(browser, WAIT).until(ec.url_contains("/sources/002"))
    mark = browser.find_element(By.CSS_SELECTOR, "mark#quote")
    assert "Triệu Thế Hùng" in mark.text
    assert browser.execute_script("var r = arguments[0].getBoundingClientRect(); return r.top >= 0 && r.top < window.innerHeight", mark)
