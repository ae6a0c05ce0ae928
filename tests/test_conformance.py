"""W3C SPARQL 1.1 Protocol tests against a real `dtkg serve` (see server/conformance.py)."""
from __future__ import annotations

import pytest

from dtkg.server import conformance
from tests.fixtures_server import Server

pytestmark = pytest.mark.skipif(not (conformance.MANIFEST_DIR / "manifest.ttl").exists(),
                                reason="shared/conformance/sparql11-protocol is not beside the repository")


@pytest.fixture(scope="module")
def protocol_server(tmp_path_factory):
    data = conformance.write_dataset(conformance.MANIFEST_DIR, tmp_path_factory.mktemp("protocol") / "data.nq")
    server = Server([str(data)])
    yield server
    server.stop()


def test_conformance_every_applicable_protocol_test_passes(protocol_server):
    outcomes = conformance.run(protocol_server.url)
    failed = [f"{o.case.name}: {o.detail}" for o in outcomes if not o.passed]
    assert failed == []
    assert len(outcomes) == 34 and sum(o.applicable for o in outcomes) == 27
    assert conformance.score(outcomes).startswith("SPARQL 1.1 Protocol (W3C manifest): 27/27 applicable tests pass")


def test_conformance_update_tests_are_refused_with_4xx(protocol_server):
    updates = [o for o in conformance.run(protocol_server.url) if not o.applicable]
    assert [o.case.name for o in updates] == [c.name for c in conformance.load_manifest() if c.update]
    assert all(o.passed for o in updates)
