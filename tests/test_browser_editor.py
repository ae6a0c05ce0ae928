"""The query editor in headless Chromium under the production Content-Security-Policy: result tables
show labels before IRIs (fetched from /api/labels, the IRI kept as the link's title and in small text),
and on a Vietnamese page YASGUI's own controls speak Vietnamese. Screenshots at 1280 and 390 px, vi and
en, go to the browser tests' folder."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.test_browser import ROOT, WAIT, browser, open_editor, viewport  # noqa: F401

from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as ec  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

pytestmark = pytest.mark.browser
ID = "https://w3id.org/vn-dtkg/id/"
LABELLED = "return Array.from(document.querySelectorAll('.yasr tbody a.iri[title]')).map(a => [a.textContent, a.title, a.getAttribute('href'), a.nextElementSibling && a.nextElementSibling.textContent])"
CHROME = "return Array.from(document.querySelectorAll('.yasr')).map(e => e.textContent).join(' ') + ' ' + Array.from(document.querySelectorAll('#yasgui [title], #yasgui [placeholder], #yasgui [aria-label]')).map(e => [e.title, e.placeholder, e.getAttribute('aria-label')].join(' ')).join(' ')"


@pytest.fixture(scope="module")
def server(browser_server):
    """The session's gunicorn serving tests/csp_app.py (the app under the production CSP) on 127.0.0.1."""
    return browser_server


@pytest.fixture(scope="module")
def screenshots():
    folder = Path(os.environ.get("DTKG_BROWSER_SCREENSHOTS") or ROOT / "build" / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def run_example(browser, server, lang, name="leaders"):
    open_editor(browser, f"{server}/?lang={lang}")
    wait = WebDriverWait(browser, WAIT)
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, ".yasqe .CodeMirror")))
    browser.find_element(By.CSS_SELECTOR, f'button.example[data-name="{name}"]').click()
    return wait.until(lambda d: d.execute_script(LABELLED) or None)


def no_errors(browser):
    errors = [e["message"] for e in browser.get_log("browser") if e["level"] == "SEVERE" and "favicon" not in e["message"]]
    assert not errors, errors


def test_result_tables_show_labels_before_iris(server, browser):
    labelled = run_example(browser, server, "en")
    by_iri = {title: (text, href, small) for text, title, href, small in labelled}
    assert by_iri[ID + "person/trieu-the-hung"] == ("Triệu Thế Hùng", "/id/person/trieu-the-hung", ID + "person/trieu-the-hung")
    assert by_iri[ID + "province/hai-duong"][0] == "Hải Dương Province"  # the page's language
    requests = browser.execute_script(
        "return performance.getEntriesByType('resource').filter(e => e.name.includes('/api/labels')).length")
    assert 1 <= requests <= 2, "one request per drawn page, not one per cell"
    no_errors(browser)


def test_a_vietnamese_editor_speaks_vietnamese(server, browser):
    labelled = run_example(browser, server, "vi")
    assert "Tỉnh Hải Dương" in {text for text, *_ in labelled}
    words = WebDriverWait(browser, WAIT).until(lambda d: (t := d.execute_script(CHROME)) and "kết quả" in t and t)
    for vi in ("Dạng gọn", "Số dòng mỗi trang", "Bảng", "Phản hồi", "Lọc kết quả", "Tải kết quả", "Chạy truy vấn"):
        assert vi in words, vi
    for en in ("Simple view", "Page size", "Filter query results", "Download result", "Run query"):
        assert en not in words, en
    tab = browser.find_element(By.CSS_SELECTOR, ".tabsList .tab").text
    assert "Ai lãnh đạo" in tab or "Truy vấn" in tab
    no_errors(browser)


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("width, height, mobile", [(1280, 1000, False), (390, 844, True)])
def test_editor_screenshots(server, browser, screenshots, lang, width, height, mobile):
    viewport(browser, width, height, mobile)
    try:
        run_example(browser, server, lang)
        browser.save_screenshot(str(screenshots / f"editor-{width}-{lang}.png"))
        full = browser.execute_script("return Math.min(document.documentElement.scrollHeight, 6000)")
        viewport(browser, width, full, mobile)
        browser.save_screenshot(str(screenshots / f"editor-{width}-{lang}-full.png"))
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
