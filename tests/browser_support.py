"""What the browser tests share for the whole session: one gunicorn on 127.0.0.1 serving the app
under the production Content-Security-Policy (tests/csp_app.py), and one headless Chromium. Starting
them once instead of once per module saves two server and two browser starts per run. Selenium is
imported only when a browser test asks for the browser (it is a test extra)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from tests.fixtures_server import free_port, stop
from tests.web_support import built_dataset

ROOT = Path(__file__).resolve().parent.parent
START_TIMEOUT = 120  # seconds; the first start may have to build dist/ from the sources
WAIT = 30
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")



def gunicorn_on_loopback(app_spec: str):
    """Start gunicorn on a free loopback port, yield its base URL once it answers, stop it afterwards."""
    port = free_port()
    gunicorn = Path(sys.executable).with_name("gunicorn")
    log = tempfile.TemporaryFile()
    env = {**os.environ, "DTKG_STORE": built_dataset()}  # the server serves what it is given; it never builds
    process = subprocess.Popen([str(gunicorn), "--bind", f"127.0.0.1:{port}", "--workers", "1", "--timeout", "120",
                                app_spec], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=env)
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
        stop(process, grace=15)
        log.close()


def chromium():
    """Headless Chromium through chromedriver, 1280 × 1000, with a profile of its own; quit afterwards."""
    from selenium import webdriver

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
