"""The /network view in headless Chromium, under the production Content-Security-Policy: nodes are
drawn, the "as of" slider hides what was not yet known, a click on a node opens its page, two
entities show their path; screenshots at 1280 and 390 px wide are saved for a person to look at
(DTKG_BROWSER_SCREENSHOTS=dir, by default dist/screenshots)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.test_browser import ROOT, WAIT, browser  # noqa: F401

from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support import expected_conditions as ec  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

pytestmark = pytest.mark.browser
SHOTS = Path(os.environ.get("DTKG_BROWSER_SCREENSHOTS", ROOT / "dist" / "screenshots"))
PERSON = "https://w3id.org/vn-dtkg/id/person/dong-van-thanh"


@pytest.fixture(scope="module")
def server(browser_server):
    """The session's gunicorn serving tests/csp_app.py (the app under the production CSP) on 127.0.0.1."""
    return browser_server


def open_network(browser, url):
    browser.get(url)
    try:
        WebDriverWait(browser, WAIT).until(
            lambda d: d.execute_script("return document.getElementById('network').dataset.ready") == "true")
    except Exception:
        pytest.fail(f"the network was not drawn; console: {browser.get_log('browser')}")


def count(browser, what):
    """Elements the filters show (cytoscape's :visible also depends on when styles were last computed)."""
    return browser.execute_script(f"return window.dtkgNetwork.{what}().not('.hidden').length")


def no_csp_errors(browser):
    errors = [e["message"] for e in browser.get_log("browser") if e["level"] == "SEVERE" and "favicon" not in e["message"]]
    assert not errors, errors


def test_network_draws_moves_in_time_and_opens_a_node(server, browser):
    browser.set_window_size(1280, 1000)
    open_network(browser, server + "/network?lang=en")
    nodes, edges = count(browser, "nodes"), count(browser, "edges")
    assert nodes > 100 and edges > 100
    # move the date back with the keyboard: edges not yet known disappear
    slider = browser.find_element(By.CSS_SELECTOR, 'input[name="as_of"]')
    slider.click()
    slider.send_keys(Keys.HOME)
    assert browser.find_element(By.CSS_SELECTOR, 'output[name="as_of_value"]').text == slider.get_attribute("min")
    assert count(browser, "edges") < edges
    SHOTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(SHOTS / "network-1280-early.png"))
    browser.find_element(By.CSS_SELECTOR, 'input[name="all_dates"]').click()
    assert count(browser, "edges") == edges
    browser.save_screenshot(str(SHOTS / "network-1280.png"))
    no_csp_errors(browser)
    # click the person's node where it is drawn
    view = browser.find_element(By.ID, "network")
    browser.execute_script("arguments[0].scrollIntoView()", view)
    x, y = browser.execute_script(
        "var n = window.dtkgNetwork.getElementById(arguments[0]); window.dtkgNetwork.center(n);"
        "var p = n.renderedPosition(); return [p.x, p.y];", PERSON)
    ActionChains(browser).move_to_element_with_offset(view, x - view.size["width"] / 2, y - view.size["height"] / 2).click().perform()
    WebDriverWait(browser, WAIT).until(ec.url_contains("/id/person/dong-van-thanh"))
    assert "Đồng Văn Thanh" in browser.find_element(By.TAG_NAME, "h1").text
    # the entity page has its timeline and its own panel
    assert "2025-03-14" in browser.find_element(By.CSS_SELECTOR, "ol.timeline").text
    WebDriverWait(browser, WAIT).until(
        lambda d: d.execute_script("return document.getElementById('network').dataset.ready") == "true")
    browser.save_screenshot(str(SHOTS / "entity-1280.png"))


def test_two_entities_show_their_path(server, browser):
    browser.set_window_size(1280, 1000)
    open_network(browser, server + "/network?lang=en")
    browser.find_element(By.CSS_SELECTOR, 'input[name="from"]').send_keys("Trương Gia Bình")
    browser.find_element(By.CSS_SELECTOR, 'input[name="to"]').send_keys("Phạm Xuân Thăng")
    browser.find_element(By.CSS_SELECTOR, 'button[name="show_path"]').click()
    WebDriverWait(browser, WAIT).until(lambda d: "→" in d.find_element(By.CSS_SELECTOR, 'output[name="path_message"]').text)
    assert browser.execute_script("return window.dtkgNetwork.$('.on-path').length") >= 5
    browser.save_screenshot(str(SHOTS / "network-path-1280.png"))
    # the export buttons hand a PNG and an SVG to the browser's download
    browser.execute_script("window.dtkgBlobs = []; var make = URL.createObjectURL;"
                           "URL.createObjectURL = function (b) { window.dtkgBlobs.push([b.type, b.size]); return make(b); };")
    browser.find_element(By.CSS_SELECTOR, 'button[name="svg"]').click()
    browser.find_element(By.CSS_SELECTOR, 'button[name="png"]').click()
    blobs = WebDriverWait(browser, WAIT).until(lambda d: len(d.execute_script("return window.dtkgBlobs")) == 2
                                                and d.execute_script("return window.dtkgBlobs"))
    assert {kind for kind, _ in blobs} == {"image/svg+xml", "image/png"} and all(size > 1000 for _, size in blobs)


def test_network_on_a_phone_width(server, browser):
    browser.set_window_size(390, 844)
    open_network(browser, server + "/network?lang=vi")
    assert count(browser, "nodes") > 100
    browser.save_screenshot(str(SHOTS / "network-390.png"))
    browser.set_window_size(1280, 1000)
