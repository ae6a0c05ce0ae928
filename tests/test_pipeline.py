"""Build → validate → publish is one pipeline, and the server reports on what it serves.

`dtkg build` lints and validates before it publishes, and writes the report beside the dumps; data
that does not conform publishes nothing. The server never builds: it serves the dataset it is given,
with the report published with it, or, for `dtkg serve FILE`, the report of FILE made at load.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest

from dtkg.graph.config import Settings, settings
from dtkg.graph.dist import ValidationFailed, build_to_dist, is_stale

EX = "http://example.org/pipeline/"
FOAF = "http://xmlns.com/foaf/0.1/"


def dtkg(*args: str, timeout: float = 180) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dtkg.server.cli", *args], capture_output=True, text=True,
                          env=dict(os.environ), timeout=timeout)


def served_validation(path: Path) -> dict:
    result = dtkg("serve", str(path), "--get", "/validation.json")
    assert result.returncode in (0, 1), result.stderr[-2000:]
    return json.loads(result.stdout)


def test_validation_of_serve_file_describes_that_file_and_nothing_else(tmp_path):
    path = tmp_path / "people.ttl"
    path.write_text(f"""
<{EX}honorific> a <{FOAF}Person> ; <{FOAF}name> "Ông Nguyễn Văn A" ;
    <http://www.w3.org/2004/02/skos/core#prefLabel> "Nguyễn Văn A"@vi .
<{EX}fine> a <{FOAF}Person> ; <{FOAF}name> "Nguyễn Văn B" ;
    <http://www.w3.org/2004/02/skos/core#prefLabel> "Nguyễn Văn B"@vi .
""", encoding="utf-8")
    report = served_validation(path)
    assert report["conforms"] is False
    focus = {r["focus"]["value"] for r in report["results"]}
    assert focus <= {EX + "honorific", EX + "fine"}, focus  # FILE's nodes only: none of the built dataset
    honorific = {r["focus"]["value"] for r in report["results"] if "honorifics" in r["message_en"]}
    assert honorific == {EX + "honorific"}


def test_a_file_with_no_node_the_shapes_target_conforms(tmp_path):
    path = tmp_path / "fine.nt"
    path.write_text(f"<{EX}s> <{EX}p> \"o\" .\n", encoding="utf-8")
    report = served_validation(path)
    assert report["conforms"] is True and report["results"] == []


def test_the_build_publishes_its_report_and_the_server_serves_it(client_of_build):
    published = json.loads(settings().validation_report.read_text(encoding="utf-8"))
    served = client_of_build.get("/validation.json").get_json()
    assert served["conforms"] is published["conforms"] is True
    assert served["counts"] == published["counts"]
    assert len(served["results"]) == len(published["results"])


@pytest.fixture(scope="module")
def client_of_build():
    from tests.web_support import web_app

    return web_app().test_client()


def test_data_that_does_not_conform_publishes_nothing(tmp_path):
    """A shape every person fails (here: an e-mail address) stops the build before dist/ is written."""
    ontology = tmp_path / "ontology"
    shutil.copytree(settings().ontology_dir, ontology)
    with (ontology / "shapes.ttl").open("a", encoding="utf-8") as shapes:
        shapes.write("\n<http://example.org/pipeline/MailShape> a sh:NodeShape ; sh:targetClass foaf:Person ;\n"
                     "    sh:property [ sh:path foaf:mbox ; sh:minCount 1 ; sh:message \"a person needs a mailbox\"@en ] .\n")
    config = Settings(ontology_dir=ontology, dist_dir=tmp_path / "dist")
    with pytest.raises(ValidationFailed) as failed:
        build_to_dist(config)
    assert not failed.value.report.conforms
    assert any(r.message_en == "a person needs a mailbox" for r in failed.value.report.results)
    assert "dist/ keeps the previous build" in str(failed.value)
    assert not (tmp_path / "dist").exists() or not any((tmp_path / "dist").iterdir())
    assert is_stale(config)


def test_the_server_never_builds():
    from dtkg.server.app import create_app

    with pytest.raises(ValueError, match="Nothing to serve"):
        create_app({})


def test_a_rocksdb_store_from_dtkg_load_carries_its_report(tmp_path):
    store = tmp_path / "store"
    loaded = dtkg("load", "--store", str(store))
    assert loaded.returncode == 0, loaded.stderr[-2000:]
    result = dtkg("serve", "--store", str(store), "--get", "/validation.json")
    assert result.returncode == 0, result.stderr[-2000:]
    assert json.loads(result.stdout)["conforms"] is True
    query = urllib.parse.urlencode({"query": "ASK { ?s a <http://xmlns.com/foaf/0.1/Person> }"})
    assert json.loads(dtkg("serve", "--store", str(store), "--get", "/sparql?" + query).stdout)["boolean"] is True


def test_a_file_too_large_to_validate_at_load_is_served_with_the_reason(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from dtkg.server import cli

    path = tmp_path / "big.nt"
    path.write_text(f"<{EX}s> <{EX}p> \"o\" .\n", encoding="utf-8")
    monkeypatch.setattr(cli, "VALIDATE_AT_LOAD_BYTES", 10)
    result = CliRunner().invoke(cli.main, ["serve", str(path), "--get", "/validation.json"])
    assert result.exit_code == 1, result.output  # 503: no report
    assert "more than the 0 MiB validated at load" in result.output
    ask = CliRunner().invoke(cli.main, ["serve", str(path), "--get", "/sparql?query=ASK%7B%3Fs%3Fp%3Fo%7D"])
    assert ask.exit_code == 0 and '"boolean":true' in ask.output.replace(" ", "")
