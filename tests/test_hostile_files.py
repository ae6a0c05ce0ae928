"""Files given to `dtkg` on the command line, written as an attacker or a careless editor would: they
fetch nothing (a loopback listener counts hits: 0), expand nothing beyond the file, and every error
is one sentence naming file:line (exit 2, no traceback). `dtkg serve` with broken sources keeps
serving the last good build."""
from __future__ import annotations

import http.server
import json
import os
import signal
import subprocess
import sys
import threading
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest

from dtkg.graph.config import PACKAGE_DIR
from dtkg.graph.errors import SourceError
from dtkg.graph.engine.dataset import load_files

from .fixtures_server import free_port, wait_until_up

EX = "http://example.org/"
RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
FACTS = PACKAGE_DIR / "facts"
LONGEST = "SELECT (MAX(STRLEN(STR(?o))) AS ?n) WHERE { ?s ?p ?o }"


class Listener:
    """A loopback HTTP server standing in for any remote host: it counts requests and answers each
    with a JSON-LD context, a DTD or an entity body, whatever a parser might ask for."""

    def __init__(self):
        self.hits: list[str] = []
        hits = self.hits

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                hits.append(self.path)
                body = json.dumps({"@context": {"name": "http://xmlns.com/foaf/0.1/name"}}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/ld+json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def listener():
    server = Listener()
    yield server
    server.close()


def dtkg(*args: str, env: dict[str, str] | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    """The real command line, in a subprocess."""
    return subprocess.run([sys.executable, "-m", "dtkg.server.cli", *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=timeout)


def assert_user_error(result: subprocess.CompletedProcess, *fragments: str) -> None:
    """Exit 2 with one error sentence holding each fragment, and no traceback."""
    assert result.returncode == 2, (result.returncode, result.stderr[-3000:])
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1, result.stderr[-3000:]
    for fragment in fragments:
        assert fragment in errors[0], errors[0]


def serve_get(path: Path, query: str = "ASK {}", env=None) -> subprocess.CompletedProcess:
    return dtkg("serve", str(path), "--get", "/sparql?" + urllib.parse.urlencode({"query": query}), env=env)


# ------------------------------------------------------------------ JSON-LD contexts


def contexts(url: str) -> dict[str, dict]:
    """Every way a JSON-LD document can ask for a context to be loaded."""
    node = {"@id": EX + "s", "name": "x"}
    return {
        "string": {"@context": url + "/string", **node},
        "list": {"@context": [{"ex": EX}, url + "/list"], **node},
        "import": {"@context": {"@import": url + "/import"}, **node},
        "scoped": {"@context": {"name": {"@id": "http://xmlns.com/foaf/0.1/name", "@context": url + "/scoped"}}, **node},
        "nested": {"@context": {"name": "http://xmlns.com/foaf/0.1/name"}, "@id": EX + "s",
                   EX + "p": {"@context": url + "/nested", "@id": EX + "o"}},
        "local file": {"@context": "file:///etc/passwd", **node},
    }


@pytest.mark.timeout(120)
@pytest.mark.parametrize("kind", ["string", "list", "import", "scoped", "nested", "local file"])
def test_no_jsonld_context_is_fetched_by_validate_or_serve(listener, tmp_path, kind):
    path = tmp_path / "x.jsonld"
    path.write_text(json.dumps(contexts(listener.url)[kind], indent=1), encoding="utf-8")
    for result in (dtkg("validate", str(path)), serve_get(path)):
        assert_user_error(result, f"{path}:", "JSON-LD context", "is not inline", "never fetches")
    assert listener.hits == []


def test_an_inline_context_is_read(tmp_path):
    path = tmp_path / "inline.jsonld"
    path.write_text(json.dumps({"@context": {"name": "http://xmlns.com/foaf/0.1/name"}, "@id": EX + "s", "name": "Huế"}),
                    encoding="utf-8")
    result = serve_get(path, f"ASK {{ <{EX}s> <http://xmlns.com/foaf/0.1/name> 'Huế' }}")
    assert result.returncode == 0 and json.loads(result.stdout)["boolean"] is True, result.stderr[-2000:]


def nested_objects(depth: int) -> str:
    return '{"@id": "http://example.org/s", "http://example.org/p": ' * depth + '{"@id": "http://example.org/o"}' + "}" * depth


def context_bombs(terms: int = 8000, uses: int = 2000) -> dict[str, dict]:
    """A big context applied again and again: each application copies it (3-12 s for 310-340 KB before)."""
    context = {f"t{i}": f"{EX}t{i}" for i in range(terms)}
    return {
        "embedded": {"@context": context, "@graph": [{"@context": {"x": EX + "x"}, "@id": f"{EX}s{j}", "x": "v"}
                                                     for j in range(uses)]},
        "type-scoped": {"@context": {**context, "T": {"@id": EX + "T", "@context": {"x": EX + "x"}}},
                        "@graph": [{"@type": "T", "@id": f"{EX}s{j}", "x": "v"} for j in range(uses)]},
        "property-scoped": {"@context": {"p": {"@id": EX + "p", "@context": context}},
                            "@graph": [{"@id": f"{EX}s{j}", "p": {"@id": EX + "o"}} for j in range(uses)]},
    }


@pytest.mark.timeout(60)
@pytest.mark.parametrize("depth", [150, 8000])
def test_deeply_nested_jsonld_is_refused(tmp_path, depth):
    """8,000 nested objects crashed pyoxigraph's JSON-LD processor (a segfault, no message)."""
    path = tmp_path / "deep.jsonld"
    path.write_text(nested_objects(depth), encoding="utf-8")
    assert_user_error(serve_get(path), f"{path}: JSON-LD nested deeper than 100 levels")


@pytest.mark.timeout(60)
@pytest.mark.parametrize("kind", ["embedded", "type-scoped", "property-scoped"])
def test_contexts_applied_too_often_are_refused(tmp_path, kind):
    path = tmp_path / "contexts.jsonld"
    path.write_text(json.dumps(context_bombs()[kind]), encoding="utf-8")
    assert path.stat().st_size < 500_000
    assert_user_error(serve_get(path), f"{path}: JSON-LD applies its contexts too often")


def test_ordinary_scoped_contexts_are_read(tmp_path):
    """A type-scoped context on each of 20,000 nodes stays within the bound (it grows with the file)."""
    path = tmp_path / "typed.jsonld"
    document = {"@context": {"name": "http://xmlns.com/foaf/0.1/name",
                             "T": {"@id": EX + "T", "@context": {"x": EX + "x"}}},
                "@graph": [{"@id": f"{EX}s{j}", "@type": "T", "x": j, "name": "Huế"} for j in range(20000)]}
    path.write_text(json.dumps(document), encoding="utf-8")
    result = serve_get(path, "SELECT (COUNT(*) AS ?n) { ?s a ?t }")
    assert result.returncode == 0, result.stderr[-2000:]
    assert json.loads(result.stdout)["results"]["bindings"][0]["n"]["value"] == "20000"


# ------------------------------------------------------------------ RDF/XML entities


def rdfxml(body: str, prolog: str = "") -> str:
    return (f'<?xml version="1.0"?>\n{prolog}<rdf:RDF xmlns:rdf="{RDF_NS}" xmlns:ex="{EX}">\n'
            f'<rdf:Description rdf:about="{EX}s"><ex:p>{body}</ex:p></rdf:Description>\n</rdf:RDF>\n')


def bomb(levels: int = 6) -> str:
    """Billion laughs: each entity is ten of the one before; 6 levels expand 1.1 KB to 96 MB."""
    decls = [' <!ENTITY l0 "' + "ha" * 48 + '">']
    decls += [f' <!ENTITY l{i} "' + f"&l{i - 1};" * 10 + '">' for i in range(1, levels + 1)]
    return rdfxml(f"&l{levels};", "<!DOCTYPE rdf:RDF [\n" + "\n".join(decls) + "\n]>\n")


def test_the_bomb_is_real_for_the_bare_parser(tmp_path):
    """What the check prevents: pyoxigraph alone expands a smaller bomb (1 KB into 960 KB)."""
    path = tmp_path / "small-bomb.rdf"
    path.write_text(bomb(levels=4), encoding="utf-8")
    literal = next(iter(ox.parse(path=str(path), format=ox.RdfFormat.RDF_XML))).object.value
    assert len(literal) == 96 * 10 ** 4 and path.stat().st_size < 1200


@pytest.mark.timeout(60)
@pytest.mark.parametrize("command", ["validate", "serve"])
def test_an_entity_bomb_is_refused_before_it_expands(tmp_path, command):
    path = tmp_path / "bomb.rdf"
    path.write_text(bomb(), encoding="utf-8")
    assert path.stat().st_size < 1500
    result = dtkg("validate", str(path)) if command == "validate" else serve_get(path, LONGEST)
    assert_user_error(result, f"{path}:3:", "entity declarations are refused")
    assert len(result.stdout) + len(result.stderr) < 10_000  # nothing expanded came back


@pytest.mark.timeout(60)
def test_deeply_nested_rdfxml_is_refused(tmp_path):
    """20,000 nested elements (880 KB) took pyoxigraph 13 s; its time grows with the cube of the depth."""
    path = tmp_path / "deep.rdf"
    path.write_text(rdfxml("<rdf:Description><ex:p>" * 10000 + "x" + "</ex:p></rdf:Description>" * 10000), encoding="utf-8")
    assert_user_error(serve_get(path), f"{path}:3:", "nested deeper than 1000 elements")


def external(listener_url: str, secret: Path) -> dict[str, str]:
    return {
        "file entity": rdfxml("&x;", f'<!DOCTYPE rdf:RDF [<!ENTITY x SYSTEM "{secret.as_uri()}">]>\n'),
        "http entity": rdfxml("&x;", f'<!DOCTYPE rdf:RDF [<!ENTITY x SYSTEM "{listener_url}/entity">]>\n'),
        "parameter entity": rdfxml("x", f'<!DOCTYPE rdf:RDF [<!ENTITY % p SYSTEM "{listener_url}/dtd"> %p;]>\n'),
        "after the root": rdfxml("&x;").replace("<rdf:Description", '<!DOCTYPE x [<!ENTITY x "AAAA">]>\n<rdf:Description'),
        "in a DTD comment": rdfxml("&x;", '<!DOCTYPE rdf:RDF [<!-- <!ENTITY x "AAAA"> -->]>\n'),
        "lower case": rdfxml("&x;", '<!DOCTYPE rdf:RDF [<!entity x "AAAA">]>\n'),
    }


@pytest.mark.timeout(60)
@pytest.mark.parametrize("kind", ["file entity", "http entity", "parameter entity", "after the root",
                                  "in a DTD comment", "lower case"])
def test_no_entity_is_declared_read_or_fetched(listener, tmp_path, kind):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-7a", encoding="utf-8")
    path = tmp_path / "x.rdf"
    path.write_text(external(listener.url, secret)[kind], encoding="utf-8")
    with pytest.raises(SourceError, match=r"x\.rdf:\d+: RDF/XML entity declarations are refused"):
        load_files([path])
    result = serve_get(path, LONGEST)
    assert_user_error(result, f"{path}:", "entity declarations are refused")
    assert "SECRET-7a" not in result.stdout + result.stderr
    assert listener.hits == []


def test_an_entity_bomb_in_utf16_is_refused(tmp_path):
    path = tmp_path / "bomb16.rdf"
    path.write_bytes(bomb().replace('version="1.0"', 'version="1.0" encoding="UTF-16"').encode("utf-16"))
    with pytest.raises(SourceError, match="entity declarations are refused"):
        load_files([path])


def test_an_external_dtd_is_not_fetched(listener, tmp_path):
    path = tmp_path / "dtd.rdf"
    path.write_text(rdfxml("x", f'<!DOCTYPE rdf:RDF SYSTEM "{listener.url}/x.dtd">\n'), encoding="utf-8")
    result = serve_get(path, f"ASK {{ <{EX}s> <{EX}p> 'x' }}")
    assert "Traceback" not in result.stderr and result.returncode in (0, 2), result.stderr[-2000:]
    assert listener.hits == []


# ------------------------------------------------------------------ errors at their exact line


@pytest.fixture
def facts(tmp_path) -> Path:
    """A small facts folder (the national reference file), so that a build takes a second."""
    folder = tmp_path / "facts"
    folder.mkdir()
    (folder / "900-national-reference.ttl").write_bytes((FACTS / "900-national-reference.ttl").read_bytes())
    return folder


def env_for(facts: Path, tmp_path: Path) -> dict[str, str]:
    return {"DTKG_FACTS": str(facts), "DTKG_DIST": str(tmp_path / "dist")}


def broken_copy(facts: Path, name: str, line: int, text: str) -> Path:
    """A copy of a real fact file with `text` appended to line `line` (1-based)."""
    lines = (FACTS / name).read_text(encoding="utf-8").split("\n")
    lines[line - 1] += text
    path = facts / name
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def test_a_syntax_error_is_reported_at_its_exact_line(facts, tmp_path):
    """rdflib placed this one 101 lines too far (1427 for 1326)."""
    lines = (FACTS / "003-hau-giang.ttl").read_text(encoding="utf-8").split("\n")
    line = next(i for i in range(len(lines) - 30, 0, -1) if lines[i - 1].rstrip().endswith(";"))
    path = broken_copy(facts, "003-hau-giang.ttl", line, " ;; oops")
    env = env_for(facts, tmp_path)
    assert_user_error(dtkg("build", "-q", env=env), f"{path}:{line}:", "Turtle syntax error", "oops")
    (facts / path.name).unlink()
    outside = tmp_path / path.name
    broken_copy(tmp_path, "003-hau-giang.ttl", line, " ;; oops")
    assert_user_error(dtkg("validate", str(outside), env=env), f"{outside}:{line}:", "Turtle syntax error")


def test_a_bad_iri_names_its_file_and_line(facts, tmp_path):
    """rdflib accepted it and failed later, with a traceback and no file."""
    path = facts / "900-national-reference.ttl"
    count = len(path.read_text(encoding="utf-8").split("\n"))
    with path.open("a", encoding="utf-8") as out:
        out.write(f'\n<{EX}a b> <{EX}p> "x" .\n')
    for args in (["build", "-q"], ["validate"], ["stats"], ["export"]):
        assert_user_error(dtkg(*args, env=env_for(facts, tmp_path)), f"{path}:{count + 1}:", "Invalid IRI")


@pytest.mark.parametrize("name, text, line", [
    ("bad.nt", f'<{EX}s> <{EX}p> "a" .\n<{EX}s> <{EX}p> <{EX}a b> .\n', 2),
    ("bad.trig", f'<{EX}g> {{\n<{EX}s> <{EX}p> "a" .\n<{EX}s> <{EX}p> "b" "c" .\n}}\n', 3),
    ("bad.rdf", rdfxml("x").replace(f'rdf:about="{EX}s"', f'rdf:about="{EX}s b"'), 3),
    ("unclosed.rdf", rdfxml("x").replace("</ex:p>", "</ex:q>"), 3),
    ("bad.jsonld", '{\n "@id": "http://example.org/s",\n "http://example.org/p": [1,, 2]\n}\n', 3),
])
def test_served_and_validated_files_name_the_line(tmp_path, name, text, line):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert_user_error(serve_get(path), f"{path}:{line}:", "syntax error")
    with pytest.raises(SourceError, match=rf"{name}:{line}: "):
        load_files([path])


def test_deeply_nested_turtle_is_one_sentence(tmp_path):
    path = tmp_path / "deep.ttl"
    path.write_text(f"<{EX}s> <{EX}p> " + f"[ <{EX}p> " * 5000 + "1" + " ]" * 5000 + " .\n", encoding="utf-8")
    assert_user_error(dtkg("validate", str(path)), f"{path}: blank nodes or lists nested too deeply")


FOAF_PERSON = "http://xmlns.com/foaf/0.1/Person"


@pytest.mark.parametrize("name, text", [
    ("person.rdf", rdfxml("Huế").replace("<ex:p>", f'<rdf:type rdf:resource="{FOAF_PERSON}"/><ex:p>')),
    ("person.jsonld", json.dumps({"@context": {"ex": EX}, "@id": "ex:s", "@type": FOAF_PERSON, "ex:p": "Huế"})),
])
def test_clean_files_are_still_validated(facts, tmp_path, name, text):
    """The checks refuse what is hostile, not RDF/XML or JSON-LD: a person without a name reaches
    the SHACL report (exit 1, not 2)."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = dtkg("validate", "--format", "json", str(path), env=env_for(facts, tmp_path))
    assert result.returncode == 1, result.stderr[-2000:]
    report = json.loads(result.stdout)
    assert any(r["focus"] == EX + "s" and r["severity"] == "Violation" for r in report["results"]), report


@pytest.mark.parametrize("args", [["validate", "{path}"], ["serve", "{path}", "--get", "/sparql?query=ASK{{}}"]])
def test_no_traceback_for_unreadable_or_misnamed_files(tmp_path, args):
    latin = tmp_path / "latin1.ttl"
    latin.write_bytes(f'<{EX}s> <{EX}p> "Hu\xe9" .\n'.encode("latin-1"))
    csv = tmp_path / "data.csv"
    csv.write_text("a,b\n", encoding="utf-8")
    assert_user_error(dtkg(*[a.format(path=latin) for a in args]), f"{latin}:1:")
    assert_user_error(dtkg(*[a.format(path=csv) for a in args]), f"{csv}:", "unknown RDF file suffix")


@pytest.mark.parametrize("local", ["/etc/passwd", "../../../../../../etc/passwd", "national/../../../etc/passwd"])
def test_a_local_copy_outside_the_sources_is_not_read(facts, tmp_path, local):
    path = facts / "900-national-reference.ttl"
    path.write_text(path.read_text(encoding="utf-8").replace('"national/README.md"', json.dumps(local)), encoding="utf-8")
    result = dtkg("validate", str(path), env=env_for(facts, tmp_path))
    assert_user_error(result, f"{path}: local copy {local!r} is outside the folder")


def test_triple_terms_are_served_but_not_validated(tmp_path):
    path = tmp_path / "star.nt"
    path.write_text(f"<{EX}s> <{EX}p> <<( <{EX}a> <{EX}b> <{EX}c> )>> .\n", encoding="utf-8")
    assert_user_error(dtkg("validate", str(path)), f"{path}: RDF 1.2 triple terms")
    assert json.loads(serve_get(path, "ASK { ?s ?p ?o }").stdout)["boolean"] is True


def test_a_number_python_cannot_convert_is_read(tmp_path):
    path = tmp_path / "number.jsonld"
    path.write_text('{"@id": "http://example.org/s", "http://example.org/p": ' + "9" * 20000 + "}", encoding="utf-8")
    result = serve_get(path, "SELECT ?o { ?s ?p ?o }")
    assert result.returncode == 0, result.stderr[-2000:]
    [row] = json.loads(result.stdout)["results"]["bindings"]  # a JSON-LD number is an xsd:double (here INF)
    assert row["o"]["datatype"].endswith("#double")


@pytest.mark.parametrize("suffix", [".rdf", ".jsonld", ".ttl"])
def test_a_device_is_not_read(tmp_path, suffix):
    path = tmp_path / f"zero{suffix}"
    path.symlink_to("/dev/zero")
    assert_user_error(serve_get(path), f"{path}: not a regular file")


def test_a_query_file_that_is_not_utf8_is_one_sentence(tmp_path):
    path = tmp_path / "q.rq"
    path.write_bytes(b"SELECT * { ?s ?p '\xff' }")
    assert_user_error(dtkg("query", str(path)), f"{path}: not UTF-8")


# ------------------------------------------------------------------ serve: the last good build


def break_facts(facts: Path) -> tuple[Path, int]:
    path = facts / "900-national-reference.ttl"
    count = len(path.read_text(encoding="utf-8").split("\n"))
    with path.open("a", encoding="utf-8") as out:
        out.write("\nthis is not turtle .\n")
    return path, count + 1


@pytest.mark.timeout(180)
def test_serve_keeps_serving_the_last_good_build(facts, tmp_path):
    env = env_for(facts, tmp_path)
    assert dtkg("build", "-q", env=env).returncode == 0
    built = (tmp_path / "dist" / "dtkg.nq").read_bytes()
    path, line = break_facts(facts)
    later = (tmp_path / "dist" / "dtkg.nq").stat().st_mtime + 10  # edited after the build, whatever the clock's grain
    os.utime(path, (later, later))
    ask = f"ASK {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(CONTAINS(STR(?g), 'national-reference')) }}"

    result = dtkg("serve", "--get", "/sparql?" + urllib.parse.urlencode({"query": ask}), env=env)
    assert result.returncode == 0 and json.loads(result.stdout)["boolean"] is True, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    warnings = [w for w in result.stderr.splitlines() if w.startswith("warning: ")]
    assert f"{path}:{line}:" in warnings[0]
    assert "serving the last good build" in warnings[1] and str(tmp_path / "dist" / "dtkg.nq") in warnings[1]
    assert (tmp_path / "dist" / "dtkg.nq").read_bytes() == built  # the failed build wrote nothing

    # and as a real server on 127.0.0.1
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as err:
        proc = subprocess.Popen([sys.executable, "-m", "dtkg.server.cli", "serve", "--port", str(port), "--workers", "1"],
                                env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=err, start_new_session=True)
        try:
            url = f"http://127.0.0.1:{port}/sparql"
            wait_until_up(url, proc)
            request = urllib.request.Request(url + "?" + urllib.parse.urlencode({"query": ask}),
                                             headers={"Accept": "application/sparql-results+json"})
            with urllib.request.urlopen(request, timeout=30) as response:
                assert json.load(response)["boolean"] is True
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=30)
    assert f"{path}:{line}:" in log.read_text() and "serving the last good build" in log.read_text()


def test_serve_without_any_good_build_exits_with_the_sentence(facts, tmp_path):
    path, line = break_facts(facts)
    result = dtkg("serve", "--get", "/sparql?query=ASK{}", env=env_for(facts, tmp_path))
    assert_user_error(result, f"{path}:{line}:", "no earlier build")
    assert not (tmp_path / "dist" / "dtkg.nq").exists()
