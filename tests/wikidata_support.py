"""A stand-in for the Wikidata Query Service: `oxigraph serve` on 127.0.0.1 loaded with
tests/wikidata/fixture.ttl (Wikidata-shaped, made-up content). No test contacts Wikidata."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from .fixtures_server import free_port, wait_until_up

FIXTURE = Path(__file__).resolve().parent / "wikidata" / "fixture.ttl"
OXIGRAPH = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
WDQS = "https://query.wikidata.org/sparql"


@pytest.fixture(scope="module")
def wikidata():
    """The /query URL of `oxigraph serve` (in memory) holding the fixture in its default graph."""
    if not Path(OXIGRAPH).exists():
        pytest.skip("the oxigraph CLI (PyPI package oxigraph) is not installed")
    port = free_port()
    proc = subprocess.Popen([OXIGRAPH, "serve", "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until_up(f"http://127.0.0.1:{port}/query", proc)
        response = requests.post(f"http://127.0.0.1:{port}/store?default", data=FIXTURE.read_bytes(),
                                 headers={"Content-Type": "text/turtle"}, timeout=60)
        assert response.status_code in (200, 201, 204), response.text
        yield f"http://127.0.0.1:{port}/query"
    finally:
        proc.terminate()
        proc.wait(timeout=30)
