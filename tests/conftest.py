"""Shared fixtures: the built dataset in an Oxigraph store (`kg`), the CLI runner, fact-file helpers."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from dtkg.graph.build import build_dataset
from dtkg.graph.config import settings
from dtkg.graph.export import to_store
from dtkg.graph.store import OxigraphStore, rows


class KG:
    """The built dataset, queried natively; the default graph is the union of the named graphs."""

    def __init__(self, store: OxigraphStore):
        self.store = store

    def select(self, query: str, **bindings) -> list[dict[str, str]]:
        return rows(self.store.query(query, bindings or None))

    def ask(self, query: str) -> bool:
        return bool(self.store.query(query))


@pytest.fixture(scope="session")
def built():
    """One build of the real dataset per test session."""
    return build_dataset(settings())


@pytest.fixture(scope="session")
def kg(built) -> KG:
    store = OxigraphStore()
    store.ox = to_store(built.dataset)
    return KG(store.merge_default_graph())


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(scope="session")
def browser_server():
    """gunicorn serving tests/csp_app.py on 127.0.0.1, shared by the browser test modules."""
    from tests.browser_support import gunicorn_on_loopback

    yield from gunicorn_on_loopback("tests.csp_app:app")


@pytest.fixture(scope="session")
def chromium_session():
    """One headless Chromium for the session (each module takes it with its console log emptied)."""
    from tests.browser_support import chromium

    yield from chromium()
