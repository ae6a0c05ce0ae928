"""Per-query latency, over HTTP (one keep-alive client) and in process (pyoxigraph, the floor).

Each query is run once to warm up (and to count its rows), then repeated: at most `reps` times and,
once three runs are in (one, for a query that takes seconds), no longer than `budget` seconds in all. A run past `cap` seconds is a timeout:
the query is not repeated, and a server that cannot stop the query itself gets a fresh worker.
"""
from __future__ import annotations

import asyncio
import json
import os
import pickle
import select
import signal
import statistics
import time
from dataclasses import dataclass, field

import pyoxigraph as ox

import httpclient
from workload import BenchQuery, run_in_process

GRACE = 5.0  # seconds past the cap that the client waits for the server's own timeout answer


@dataclass
class Latency:
    query: str
    rows: int | None = None
    times: list[float] = field(default_factory=list)
    outcome: str = "ok"  # ok | timeout | error
    detail: str = ""

    @property
    def median(self) -> float | None:
        return statistics.median(self.times) if self.times else None

    def cell(self) -> str:
        if self.outcome == "timeout":
            return f"timeout (>{self.detail})"
        if self.outcome == "error":
            return f"error {self.detail}"[:40]
        return fmt_ms(self.median)


def fmt_ms(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    ms = seconds * 1000
    return f"{ms:.2f}" if ms < 10 else f"{ms:.1f}" if ms < 100 else f"{ms:.0f}"


def min_runs(first_seconds: float) -> int:
    """Timed runs before the budget may stop the repetitions: 3, or 1 for a query of seconds."""
    return 3 if first_seconds < 2.0 else 1


def _is_timeout(status: int, body: bytes) -> bool:
    text = body[:2000].decode("utf-8", "replace").lower()
    return status in (503, 504) or "timeout" in text or "timed out" in text or "time limit" in text


def over_http(running, queries: list[BenchQuery], reps: int, cap: float, budget: float,
              progress=lambda _: None) -> list[Latency]:
    """Latency of every query against a running server, sequentially on one connection."""
    out = []
    session = httpclient.Session(running.port, running.spec.path)
    try:
        for q in queries:
            result = Latency(q.name)
            try:
                first = session.query(q.text, cap + GRACE)
            except asyncio.TimeoutError:
                result.outcome, result.detail = "timeout", f"{cap:g} s"
                session.close()
                session = httpclient.Session(running.port, running.spec.path)
                running.restart_worker()
                out.append(result)
                progress(f"{running.spec.name}: {q.name} timeout")
                continue
            except (ConnectionError, OSError) as exc:
                result.outcome, result.detail = "error", type(exc).__name__
                out.append(result)
                continue
            if first.status != 200:
                if _is_timeout(first.status, first.body) or first.seconds >= cap:
                    result.outcome, result.detail = "timeout", f"{cap:g} s"
                else:
                    result.outcome = "error"
                    result.detail = f"{first.status}: {first.body[:120].decode('utf-8', 'replace')}"
                out.append(result)
                progress(f"{running.spec.name}: {q.name} {result.outcome}")
                continue
            result.rows = first.rows()
            if result.rows is None:  # a streamed answer cut short (Oxigraph's timeout hits mid-stream)
                timed_out = first.seconds >= 0.95 * cap
                result.outcome = "timeout" if timed_out else "error"
                result.detail = f"{cap:g} s" if timed_out else "200 with an unreadable body"
                out.append(result)
                progress(f"{running.spec.name}: {q.name} {result.outcome}")
                continue
            spent, least = 0.0, min_runs(first.seconds)
            for _ in range(reps):
                if len(result.times) >= least and spent > budget:
                    break
                r = session.query(q.text, cap + GRACE)
                result.times.append(r.seconds)
                spent += r.seconds
            out.append(result)
            progress(f"{running.spec.name}: {q.name} {result.cell()} ms ({len(result.times)} runs, {result.rows} rows)")
    finally:
        session.close()
    return out


def in_process(store: ox.Store, queries: list[BenchQuery], reps: int, cap: float, budget: float,
               union: bool = False, progress=lambda _: None) -> list[Latency]:
    """The same queries in pyoxigraph with no HTTP; each in a forked child that is killed at the cap
    (pyoxigraph 0.5 has no query timeout)."""
    out = []
    for q in queries:
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child
            os.close(read_end)
            try:
                rows = run_in_process(store, q, inlined=True, union=union)
                os.write(write_end, b"w\n")
                times, spent, least = [], 0.0, None
                for _ in range(reps):
                    if least is not None and len(times) >= least and spent > budget:
                        break
                    started = time.perf_counter()
                    run_in_process(store, q, inlined=True, union=union)
                    times.append(time.perf_counter() - started)
                    spent += times[-1]
                    least = min_runs(times[0]) if least is None else least
                payload = pickle.dumps(("ok", rows, times))
            except Exception as exc:  # noqa: BLE001 - reported as the query's error
                payload = pickle.dumps(("error", None, str(exc)[:200]))
            os.write(write_end, payload)
            os._exit(0)
        os.close(write_end)
        result = Latency(q.name)
        buffer = b""
        if not _wait(read_end, cap):
            os.kill(pid, signal.SIGKILL)
            result.outcome, result.detail = "timeout", f"{cap:g} s"
        else:
            while chunk := os.read(read_end, 1 << 16):
                buffer += chunk
            status, rows, data = pickle.loads(buffer[2:] if buffer.startswith(b"w\n") else buffer)
            if status == "ok":
                result.rows, result.times = rows, data
            else:
                result.outcome, result.detail = "error", data
        os.close(read_end)
        os.waitpid(pid, 0)
        out.append(result)
        progress(f"in process: {q.name} {result.cell()}" + (" ms" if result.outcome == "ok" else ""))
    return out


def _wait(fd: int, timeout: float) -> bool:
    ready, _, _ = select.select([fd], [], [], timeout)
    return bool(ready)


def summary(results: list[Latency]) -> dict:
    return {r.query: {"rows": r.rows, "median_s": r.median, "runs": len(r.times), "outcome": r.outcome,
                      "detail": r.detail} for r in results}


def dumps(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2, default=str)  # paths among the settings
