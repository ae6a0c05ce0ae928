"""Live servers for the endpoint tests: `dtkg serve` (gunicorn) as a subprocess on 127.0.0.1.

`live_server` serves a small generated TriG (two named graphs sharing a triple, Vietnamese labels,
3,000 filler triples) with small limits so that every limit can be hit quickly. Loops are bounded.
`MINI_FILE` (tests/data/mini.trig) is a few dozen real facts of the graph with their provenance, for
tests that need real data but not the whole dataset.
"""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

EX = "http://example.org/"
G1, G2, FILLER = EX + "g1", EX + "g2", EX + "filler"
LIMITS = {"DTKG_QUERY_TIMEOUT": "20", "DTKG_MAX_RESULT_BYTES": "200000", "DTKG_MAX_REQUEST_BYTES": "100000"}
OXIGRAPH = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
MINI_FILE = Path(__file__).parent / "data" / "mini.trig"
SLOW_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def sample_trig() -> str:
    """The test dataset: g1 and g2 share one triple (counted once in the default graph)."""
    lines = [
        f"<{G1}> {{",
        f'  <{EX}hanoi> a <{EX}City> ; <{EX}label> "Hà Nội"@vi , "Hanoi"@en ; <{EX}population> 8500000 .',
        f"  <{EX}shared> <{EX}p> <{EX}o> .",
        "}",
        f"<{G2}> {{",
        f'  <{EX}hue> a <{EX}City> ; <{EX}label> "Huế"@vi .',
        f"  <{EX}shared> <{EX}p> <{EX}o> .",
        "}",
        f"<{FILLER}> {{",
    ]
    lines += [f'  <{EX}item/{i}> <{EX}note> "{"chuyển đổi số " * 6}{i}" .' for i in range(3000)]
    lines.append("}")
    return "\n".join(lines) + "\n"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop(proc: subprocess.Popen, grace: float = 30) -> None:
    """Ask a server to stop (SIGTERM); kill it if it has not within `grace` seconds."""
    proc.terminate()
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


def wait_until_up(url: str, proc: subprocess.Popen, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url + "?query=ASK%7B%7D", timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{url} did not come up within {seconds} s")


@contextmanager
def oxigraph_serve():
    """`oxigraph serve` (in memory) on a free loopback port; yields its base URL (skips without the CLI)."""
    if not Path(OXIGRAPH).exists():
        pytest.skip("the oxigraph CLI (PyPI package oxigraph) is not installed")
    port = free_port()
    proc = subprocess.Popen([OXIGRAPH, "serve", "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until_up(f"http://127.0.0.1:{port}/query", proc)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=30)


VIRTUOSO_INI = """[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{isql}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
DirsAllowed = {d}
CheckpointInterval = 0

[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {d}
ServerThreads = 4
MaxClientConnections = 4

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 300
"""


@contextmanager
def virtuoso_serve(directory: Path):
    """OpenLink Virtuoso (Debian's virtuoso-opensource-7-bin, `scripts/setup.sh --test`) with a new
    database in `directory`, both its ports on loopback; yields its base URL (user dba, password dba)."""
    binary = shutil.which("virtuoso-t")
    if binary is None:
        pytest.skip("virtuoso-t is not installed (Debian package virtuoso-opensource-7-bin; scripts/setup.sh --test "
                    "installs it where apt-get can)")
    port = free_port()
    (directory / "virtuoso.ini").write_text(VIRTUOSO_INI.format(d=directory, isql=free_port(), http=port))
    log = open(directory / "stdout.log", "wb")
    proc = subprocess.Popen([binary, "-f", "-c", "virtuoso.ini"], cwd=directory, stdout=log, stderr=subprocess.STDOUT)
    try:
        try:
            wait_until_up(f"http://127.0.0.1:{port}/sparql", proc, seconds=300)  # its first start builds its database
        except RuntimeError as exc:
            tail = (directory / "stdout.log").read_text(errors="replace")[-2000:]
            raise RuntimeError(f"{exc}; Virtuoso said:\n{tail}") from None
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(proc, grace=60)
        log.close()


class Server:
    """A `dtkg serve` subprocess; `url` is its /sparql endpoint."""

    def __init__(self, args: list[str], env: dict[str, str] | None = None, workers: int = 2, port: int | None = None):
        self.port = port or free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.url = self.base + "/sparql"
        cmd = [sys.executable, "-m", "dtkg.server.cli", "serve", "--host", "127.0.0.1", "--port", str(self.port),
               "--workers", str(workers), *args]
        self.proc = subprocess.Popen(cmd, env={**os.environ, **(env or {})}, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.PIPE, start_new_session=True)
        try:
            wait_until_up(self.url, self.proc)
        except BaseException:
            self.stop()
            raise

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
        if self.proc.stderr:
            self.proc.stderr.close()


@pytest.fixture(scope="session")
def sample_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("data") / "sample.trig"
    path.write_text(sample_trig(), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def live_server(sample_file):
    """`dtkg serve sample.trig` with small limits, shared by the whole session."""
    server = Server([str(sample_file)], LIMITS)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def sample_app(sample_file):
    """The same app in-process (Flask test client), with one query process per test process."""
    from dtkg.server.app import create_app

    app = create_app({"FILES": [str(sample_file)], "QUERY_TIMEOUT": 20, "MAX_RESULT_BYTES": 200_000,
                      "MAX_REQUEST_BYTES": 100_000, "QUERY_PROCESSES": 2})
    app.testing = True
    yield app
    app.extensions["dtkg"].engine.close()


@pytest.fixture
def sparql_client(sample_app):
    return sample_app.test_client()
