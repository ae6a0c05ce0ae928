"""Shared fixtures: the built dataset in an Oxigraph store (`kg`), the CLI runner, fact-file helpers."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from dtkg.graph.build import build_dataset
from dtkg.graph.config import settings
from dtkg.graph.export import to_store
from dtkg.graph.engine import open_engine, rows
from dtkg.graph.engine.limits import IN_PROCESS


class KG:
    """A dataset behind the engine (graph/engine); the default graph is the merge of the named graphs."""

    def __init__(self, dataset):
        self.engine = open_engine(IN_PROCESS, to_store(dataset))

    def rows(self, query: str, bindings=None) -> list[dict[str, str]]:
        return rows(self.engine.select(query, bindings or None))

    def select(self, query: str, **bindings) -> list[dict[str, str]]:
        return self.rows(query, bindings)

    def ask(self, query: str) -> bool:
        return self.engine.ask(query)


@pytest.fixture(scope="session")
def built():
    """One build of the real dataset per test session."""
    return build_dataset(settings())


@pytest.fixture(scope="session")
def kg(built) -> KG:
    return KG(built.dataset)


@pytest.fixture(scope="session")
def dataset_path(built) -> str:
    """The built dataset on disk (dist/dtkg.nq, built if stale): what `dtkg serve` gives the server."""
    from dtkg.graph.dist import ensure_built

    return str(ensure_built(settings()))


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
