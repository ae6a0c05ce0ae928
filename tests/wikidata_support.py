"""A stand-in for the Wikidata Query Service: `oxigraph serve` on 127.0.0.1 loaded with
tests/wikidata/fixture.ttl (Wikidata-shaped, made-up content). No test contacts Wikidata."""
from __future__ import annotations

from pathlib import Path

import pytest
import requests

from .fixtures_server import oxigraph_serve

FIXTURE = Path(__file__).resolve().parent / "wikidata" / "fixture.ttl"
WDQS = "https://query.wikidata.org/sparql"


@pytest.fixture(scope="module")
def wikidata():
    """The /query URL of an `oxigraph serve` holding the fixture in its default graph."""
    with oxigraph_serve() as base:
        response = requests.post(f"{base}/store?default", data=FIXTURE.read_bytes(),
                                 headers={"Content-Type": "text/turtle"}, timeout=60)
        assert response.status_code in (200, 201, 204), response.text
        yield f"{base}/query"
