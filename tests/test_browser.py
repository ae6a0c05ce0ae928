"""A real headless Chromium (Debian's `chromium` and `chromium-driver`) driven through Selenium against
a server started on 127.0.0.1 for this module: run an example query in the editor and see its rows,
open an entity page and follow a link to another.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (the test extra)")
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as ec  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
if not (CHROMIUM and CHROMEDRIVER):
    pytest.skip("needs Debian's chromium and chromium-driver (apt-get install -y chromium chromium-driver)",
                allow_module_level=True)

ROOT = Path(__file__).resolve().parent.parent
START_TIMEOUT = 120  # seconds; the first start may have to build dist/ from the sources
WAIT = 30


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server():
    """gunicorn serving create_app() on 127.0.0.1 (one worker), stopped at the end of the module."""
    yield from gunicorn_on_loopback("dtkg.server.app:create_app()")


def gunicorn_on_loopback(app_spec: str):
    """Start gunicorn on a free loopback port, yield its base URL once it answers, stop it afterwards."""
    port = free_port()
    gunicorn = Path(sys.executable).with_name("gunicorn")
    log = tempfile.TemporaryFile()
    process = subprocess.Popen([str(gunicorn), "--bind", f"127.0.0.1:{port}", "--workers", "1", "--timeout", "120",
                                app_spec], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + START_TIMEOUT
    try:
        while True:
            if process.poll() is not None:
                log.seek(0)
                pytest.fail(f"the server exited with {process.returncode}:\n{log.read().decode(errors='replace')[-3000:]}")
            try:
                with urllib.request.urlopen(base + "/queries.json", timeout=5) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"the server did not answer on {base} within {START_TIMEOUT} s")
            time.sleep(0.5)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)
        log.close()


@pytest.fixture(scope="module")
def browser():
    profile = tempfile.mkdtemp(prefix="dtkg-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", f"--user-data-dir={profile}", "--window-size=1280,1000"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=webdriver.ChromeService(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(WAIT)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


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
    link = browser.find_element(By.CSS_SELECTOR, 'table.statements a[href="/id/province/hai-phong-2025"]')
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


if os.environ.get("DTKG_BROWSER_SCREENSHOTS"):  # for a person to look at: DTKG_BROWSER_SCREENSHOTS=dir
    def test_screenshots(server, browser):
        folder = Path(os.environ["DTKG_BROWSER_SCREENSHOTS"])
        folder.mkdir(parents=True, exist_ok=True)
        for name, path in (("editor", "/"), ("entity", "/id/province/hai-duong"), ("ontology", "/ontology")):
            browser.get(server + path)
            browser.save_screenshot(str(folder / f"{name}.png"))
