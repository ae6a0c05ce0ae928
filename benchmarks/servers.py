"""The servers under test: how each is loaded and started, when it is ready, how much memory it holds.

Every server listens on 127.0.0.1 on a free port and is started in its own process group, so that
stopping it (SIGTERM, then SIGKILL) ends its workers too. "Load" is the wall time from the first
command (an offline `load` step, if any, included) until the endpoint answers `ASK {}`.
"""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import httpclient

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
HERE = Path(__file__).resolve().parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Spec:
    """How to run one server: optional offline load, then the serving command."""

    name: str
    how: str  # one line for the report: engine, storage, process model
    path: str  # the SPARQL endpoint's path
    serve: Callable[[Path, Path, int], list[str]]  # (data, workdir, port) → argv
    prepare: Callable[[Path, Path], list[str]] | None = None  # (data, workdir) → argv
    upload: bool = False  # load by POSTing the file to /store once the server is up
    env: dict[str, str] = field(default_factory=dict)
    ready_timeout: float = 900.0
    restart_signal: int | None = None  # sent to the main process to get a fresh worker after a timeout


@dataclass
class Running:
    spec: Spec
    proc: subprocess.Popen
    port: int
    workdir: Path
    load_seconds: float
    prepare_peak_rss: int = 0  # bytes, of the offline load step
    log: Path | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}{self.spec.path}"

    def memory(self) -> dict[str, int]:
        """Bytes: RSS and PSS summed over the process tree, and the main process's peak RSS."""
        pids = tree(self.proc.pid)
        return {"rss": sum(_status(p, "VmRSS") for p in pids), "pss": sum(_pss(p) for p in pids),
                "peak_rss": _status(self.proc.pid, "VmHWM"), "processes": len(pids)}

    def restart_worker(self, timeout: float = 120.0) -> bool:
        """After a timed-out query: a fresh worker if the server supports it; False otherwise."""
        if self.spec.restart_signal is None:
            return False
        os.kill(self.proc.pid, self.spec.restart_signal)
        time.sleep(0.2)
        wait_ready(self.port, self.spec.path, timeout)
        return True

    def stop(self) -> None:
        stop_group(self.proc)
        if self.workdir.exists():
            shutil.rmtree(self.workdir, ignore_errors=True)


def start(spec: Spec, data: Path, log_dir: Path) -> Running:
    """Load and start a server; returns once it answers a query."""
    workdir = Path(tempfile.mkdtemp(prefix=f"bench-{spec.name}-", dir=log_dir))
    log = log_dir / f"{spec.name}.log"
    env = {**os.environ, **{k: v.format(data=data) for k, v in spec.env.items()}}
    started = time.perf_counter()
    peak = 0
    if spec.prepare:
        with open(log, "ab") as out:
            child = subprocess.Popen(spec.prepare(data, workdir), stdout=out, stderr=out, env=env, cwd=ROOT)
            _, status, usage = os.wait4(child.pid, 0)
            child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode:
            raise RuntimeError(f"{spec.name}: load step failed ({child.returncode}), see {log}")
        peak = usage.ru_maxrss * 1024
    port = free_port()
    with open(log, "ab") as out:
        proc = subprocess.Popen(spec.serve(data, workdir, port), stdout=out, stderr=out, env=env, cwd=ROOT,
                                start_new_session=True)
    running = Running(spec, proc, port, workdir, 0.0, peak, log)
    try:
        wait_ready(port, spec.path, spec.ready_timeout, proc)
        if spec.upload:
            upload(port, data)
    except BaseException:
        running.stop()
        raise
    running.load_seconds = time.perf_counter() - started
    return running


def wait_ready(port: int, path: str, timeout: float, proc: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode} before it was ready")
        try:
            if httpclient.once(port, path, "ASK {}", 5.0).status == 200:
                return
        except (OSError, ConnectionError, ValueError, IndexError, TimeoutError, Exception):
            pass
        time.sleep(0.1)
    raise TimeoutError(f"no answer on port {port} after {timeout:.0f} s")


def upload(port: int, data: Path) -> None:
    """Oxigraph's Graph Store endpoint: POST /store with the N-Quads file (curl streams it)."""
    subprocess.run(["curl", "-sS", "--fail", "-X", "POST", "-H", "Content-Type: application/n-quads",
                    "--data-binary", f"@{data}", f"http://127.0.0.1:{port}/store"],
                   check=True, stdout=subprocess.DEVNULL)


def stop_group(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(10)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(10)
    except ProcessLookupError:
        pass


def tree(pid: int) -> list[int]:
    """The process and all its descendants."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def _status(pid: int, key: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _pss(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


# ---------------------------------------------------------------------- the servers
def oxigraph_memory(timeout: float) -> Spec:
    return Spec("oxigraph", "`oxigraph serve` in memory, the N-Quads POSTed to /store; `--union-default-graph` "
                "(a triple counts once per graph holding it)", "/query",
                lambda d, w, port: [str(BIN / "oxigraph"), "serve", "--bind", f"127.0.0.1:{port}",
                                    "--union-default-graph", "--timeout-s", f"{timeout:g}"], upload=True)


def oxigraph_merged(timeout: float) -> Spec:
    """The same data with the merge of the named graphs in the default graph (what `dtkg load --into`
    writes): the same answers as dtkg's."""
    return Spec("oxigraph-merged", "`oxigraph serve` in memory, POSTed the N-Quads plus their merge as the "
                "default graph (set semantics, as dtkg)", "/query",
                lambda d, w, port: [str(BIN / "oxigraph"), "serve", "--bind", f"127.0.0.1:{port}",
                                    "--timeout-s", f"{timeout:g}"], upload=True)


def oxigraph_disk(timeout: float) -> Spec:
    return Spec("oxigraph-disk", "`oxigraph load` into a RocksDB --location, then `oxigraph serve-read-only "
                "--union-default-graph`", "/query",
                lambda d, w, port: [str(BIN / "oxigraph"), "serve-read-only", "--location", str(w / "db"), "--bind",
                                    f"127.0.0.1:{port}", "--union-default-graph", "--timeout-s", f"{timeout:g}"],
                prepare=lambda d, w: [str(BIN / "oxigraph"), "load", "--location", str(w / "db"), "--file", str(d)])


def rdflib_endpoint() -> Spec:
    return Spec("rdflib-endpoint", "rdflib-endpoint 0.6 (rdflib Memory store, `default_union=True`) under uvicorn, "
                "loaded as its CLI does; a timed-out query is stopped by re-forking the loaded server", "/",
                lambda d, w, port: [sys.executable, str(HERE / "rdflib_serve.py"), str(d), "--port", str(port)],
                restart_signal=signal.SIGUSR1)


def dtkg_available() -> bool:
    """True once the endpoint engineer's `dtkg serve` exists."""
    if not (BIN / "dtkg").exists():
        return False
    probe = subprocess.run([str(BIN / "dtkg"), "serve", "--help"], capture_output=True, text=True)
    return probe.returncode == 0


def dtkg_serve(timeout: float, workers: int | None = None, cache: bool = True, bin_dir: Path | None = None) -> Spec:
    """`dtkg serve` as shipped, or (cache False) with its result cache off, so that every timed run
    is evaluated: the engine-to-engine comparison. `bin_dir`: the `dtkg` of another checkout's
    virtual environment (an earlier commit), named dtkg-before."""
    extra = ["--workers", str(workers)] if workers else []
    how = (f"`dtkg serve FILE --timeout {timeout:g}`" + (f" --workers {workers}" if workers else "")
           + ": gunicorn, gthread workers (default two per core, 4 threads, keep-alive), store preloaded in memory "
           "with the merged default graph, queries in forked killable processes, ")
    how += ("result cache on (the default: a repeated query is answered from it)" if cache
            else "`DTKG_RESULT_CACHE_BYTES=0`: result cache off, every run evaluated")
    name = ("dtkg" if bin_dir is None else "dtkg-before") + ("" if cache else "-uncached")
    if bin_dir is not None:
        how = f"the same, from `{bin_dir}` (an earlier commit): " + how
    exe = (bin_dir or BIN) / "dtkg"
    return Spec(name, how, "/sparql",
                lambda d, w, port: [str(exe), "serve", str(d), "--host", "127.0.0.1", "--port", str(port),
                                    "--timeout", f"{timeout:g}", *extra],
                env={} if cache else {"DTKG_RESULT_CACHE_BYTES": "0"})


def dtkg_store(timeout: float, store: Path, workers: int | None = None) -> Spec:
    """`dtkg serve --store DIR` reading the RocksDB store in place (no copy in memory), result cache off."""
    extra = ["--workers", str(workers)] if workers else []
    return Spec("dtkg-store-uncached", f"`dtkg serve --store DIR --timeout {timeout:g}` with "
                "`DTKG_STORE_IN_MEMORY=0`: the RocksDB store read in place by each query process; result cache off",
                "/sparql",
                lambda d, w, port: [str(BIN / "dtkg"), "serve", "--store", str(store), "--host", "127.0.0.1",
                                    "--port", str(port), "--timeout", f"{timeout:g}", *extra],
                env={"DTKG_RESULT_CACHE_BYTES": "0", "DTKG_STORE_IN_MEMORY": "0"})


def oxigraph_store(timeout: float, store: Path) -> Spec:
    """`oxigraph serve-read-only` on the same RocksDB store as dtkg-store (merged default graph)."""
    return Spec("oxigraph-store", "`oxigraph serve-read-only --location DIR` on the same RocksDB store", "/query",
                lambda d, w, port: [str(BIN / "oxigraph"), "serve-read-only", "--location", str(store), "--bind",
                                    f"127.0.0.1:{port}", "--timeout-s", f"{timeout:g}"])
