"""Run the W3C SPARQL 1.1 Protocol tests (shared/conformance/sparql11-protocol) against `dtkg serve`.

    python -m dtkg.server.conformance                 # starts `dtkg serve` on the test data, prints the score
    python -m dtkg.server.conformance --url URL       # an endpoint already serving the test data

The data files become named graphs http://kasei.us/2009/09/sparql/data/dataN.rdf (one N-Quads file
written to a temporary directory). On a read-only endpoint the positive update tests do not apply:
their update requests must be refused with a 4xx status, which is checked; the queries that would
read what the update wrote are not sent.
"""
from __future__ import annotations

import argparse
import http.client
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pyoxigraph as ox

from dtkg.graph.config import REPO_ROOT
from dtkg.graph.formats import GRAPH_TYPES, RESULT_TYPES

MANIFEST_DIR = REPO_ROOT.parent / "shared" / "conformance" / "sparql11-protocol"
MF = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
HT = "http://www.w3.org/2011/http#"
CNT = "http://www.w3.org/2011/content#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
STATUS = "http://www.w3.org/2011/http-statusCodes#StatusCode"
DATA_GRAPH = "http://kasei.us/2009/09/sparql/data/{}.rdf"
BOOLEAN_TYPES = (RESULT_TYPES["json"], RESULT_TYPES["xml"])
TABULAR_TYPES = tuple(RESULT_TYPES.values())
RDF_TYPES = tuple(GRAPH_TYPES[name] for name in ("rdfxml", "turtle", "ntriples", "jsonld"))


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    statuses: set[str]  # "2xx", "4xx", …
    format: str | None = None
    boolean: bool | None = None


@dataclass
class Case:
    name: str
    title: str
    requests: list[Request] = field(default_factory=list)

    @property
    def update(self) -> bool:
        """A positive update test: not applicable on a read-only endpoint."""
        return self.name.startswith("update_")


@dataclass
class Outcome:
    case: Case
    passed: bool
    applicable: bool
    detail: str = ""


def _one(store: ox.Store, s, p: str):
    return next((q.object for q in store.quads_for_pattern(s, ox.NamedNode(p), None)), None)


def _all(store: ox.Store, s, p: str) -> list:
    return [q.object for q in store.quads_for_pattern(s, ox.NamedNode(p), None)]


def _list(store: ox.Store, head) -> list:
    items = []
    while head is not None and head != ox.NamedNode(RDF + "nil"):
        items.append(_one(store, head, RDF + "first"))
        head = _one(store, head, RDF + "rest")
    return items


def load_manifest(directory: Path = MANIFEST_DIR) -> list[Case]:
    """The test cases of manifest.ttl, in manifest order."""
    store = ox.Store()
    base = (directory / "manifest.ttl").resolve().as_uri()
    store.load(path=str(directory / "manifest.ttl"), format=ox.RdfFormat.TURTLE, base_iri=base)
    manifest = ox.NamedNode(base)
    cases = []
    for entry in _list(store, _one(store, manifest, MF + "entries")):
        case = Case(entry.value.rsplit("#", 1)[-1], _one(store, entry, MF + "name").value)
        action = _one(store, entry, MF + "action")
        for node in _list(store, _one(store, action, HT + "requests")):
            headers = {_one(store, h, HT + "fieldName").value: _one(store, h, HT + "fieldValue").value
                       for h in _list(store, _one(store, node, HT + "headers"))}
            body = None
            if (content := _one(store, node, HT + "body")) is not None:
                encoding = _one(store, content, CNT + "characterEncoding")
                body = _one(store, content, CNT + "chars").value.encode(encoding.value if encoding else "utf-8")
            resp = _one(store, node, HT + "resp")
            boolean = _one(store, resp, MF + "expectedBoolean")
            fmt = _one(store, resp, MF + "expectedFormat")
            case.requests.append(Request(
                _one(store, node, HT + "methodName").value, _one(store, node, HT + "absolutePath").value, headers, body,
                {s.value.removeprefix(STATUS) for s in _all(store, resp, MF + "expectedStatus")},
                fmt.value if fmt else None, None if boolean is None else boolean.value == "true"))
        cases.append(case)
    return cases


def write_dataset(directory: Path, target: Path) -> Path:
    """data1-3.nt as named graphs in one N-Quads file."""
    store = ox.Store()
    for path in sorted(directory.glob("data*.nt")):
        store.load(path=str(path), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(DATA_GRAPH.format(path.stem)))
    store.dump(str(target), format=ox.RdfFormat.N_QUADS)
    return target


def send(url: str, request: Request) -> tuple[int, str, bytes]:
    endpoint = urlsplit(url)
    path = request.path.replace("/sparql/", endpoint.path or "/", 1)
    conn = http.client.HTTPConnection(endpoint.hostname, endpoint.port, timeout=60)
    try:
        conn.request(request.method, path, request.body, request.headers)
        response = conn.getresponse()
        return response.status, (response.getheader("Content-Type") or "").split(";")[0].strip(), response.read()
    finally:
        conn.close()


def check(request: Request, status: int, media: str, body: bytes) -> str:
    """'' when the response is what the manifest expects, else what is wrong."""
    if f"{status // 100}xx" not in request.statuses:
        return f"status {status}, expected {'/'.join(sorted(request.statuses))}: {body[:200]!r}"
    if request.format == "boolean" and media not in BOOLEAN_TYPES:
        return f"boolean result as {media}"
    if request.format == "tabular" and media not in TABULAR_TYPES:
        return f"tabular result as {media}"
    if request.format == "RDF":
        if media not in RDF_TYPES:
            return f"RDF result as {media}"
        try:
            list(ox.parse(body, format=ox.RdfFormat.from_media_type(media), base_iri="http://example/"))
        except SyntaxError as exc:
            return f"invalid {media}: {exc}"
    if request.boolean is not None:
        result = ox.parse_query_results(body, format=ox.QueryResultsFormat.from_media_type(media))
        if bool(result) != request.boolean:
            return f"answer {bool(result)}, expected {request.boolean}"
    return ""


def is_update(request: Request) -> bool:
    content_type = request.headers.get("content-type", "")
    return content_type.startswith("application/sparql-update") or (request.body or b"").startswith(b"update=")


def run_case(url: str, case: Case) -> Outcome:
    if case.update:
        for request in case.requests:
            if is_update(request):
                status, _, body = send(url, request)
                if status // 100 != 4:
                    return Outcome(case, False, False, f"update answered {status}, expected 4xx: {body[:200]!r}")
        return Outcome(case, True, False, "update refused with 4xx (read-only)")
    for request in case.requests:
        problem = check(request, *send(url, request))
        if problem:
            return Outcome(case, False, True, problem)
    return Outcome(case, True, True)


def run(url: str, directory: Path = MANIFEST_DIR) -> list[Outcome]:
    return [run_case(url, case) for case in load_manifest(directory)]


def score(outcomes: list[Outcome]) -> str:
    applicable = [o for o in outcomes if o.applicable]
    updates = [o for o in outcomes if not o.applicable]
    return (f"SPARQL 1.1 Protocol (W3C manifest): {sum(o.passed for o in applicable)}/{len(applicable)} applicable tests "
            f"pass; {len(updates)} update tests do not apply to a read-only endpoint "
            f"({sum(o.passed for o in updates)}/{len(updates)} refused with 4xx)")


def serve(data: Path, port: int) -> subprocess.Popen:
    """`dtkg serve DATA` on 127.0.0.1:PORT, waited for (bounded)."""
    proc = subprocess.Popen([sys.executable, "-m", "dtkg.server.cli", "serve", "--port", str(port), "--workers", "2", str(data)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return proc
        except OSError:
            time.sleep(0.3)
    stop(proc)
    raise RuntimeError("dtkg serve did not start")


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="an endpoint already serving the test data (default: start dtkg serve)")
    parser.add_argument("--manifest", type=Path, default=MANIFEST_DIR, help="directory of manifest.ttl and data*.nt")
    args = parser.parse_args(argv)
    proc = None
    with tempfile.TemporaryDirectory() as tmp:
        url = args.url
        if not url:
            with socket.socket() as s:
                s.bind(("127.0.0.1", 0))
                port = s.getsockname()[1]
            proc = serve(write_dataset(args.manifest, Path(tmp) / "protocol-data.nq"), port)
            url = f"http://127.0.0.1:{port}/sparql"
        try:
            outcomes = run(url, args.manifest)
        finally:
            if proc:
                stop(proc)
    for o in outcomes:
        mark = ("PASS" if o.passed else "FAIL") if o.applicable else ("n/a " if o.passed else "FAIL")
        print(f"{mark} {o.case.name}: {o.case.title}" + (f" — {o.detail}" if o.detail else ""))
    print(score(outcomes))
    return 0 if all(o.passed for o in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
