"""Time batches of reconciliation queries (`/reconcile`) against `dtkg serve` on the curated graph.

    .venv/bin/python benchmarks/reconcile.py --batch 50 --runs 20

Starts `dtkg serve` (the built dataset) on a free loopback port, sends the first batch (which
builds the label index in the worker) untimed, then prints the median and worst wall time of
`--runs` POSTs of a batch of `--batch` queries (names of provinces, departments, people,
platforms, and nonsense), each a new connection as OpenRefine makes them.
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import time
import urllib.parse
import urllib.request

from servers import BIN, ROOT, free_port, stop_group, wait_ready

NAMES = ["Hải Dương", "hai duong", "Quảng Ninh", "Hậu Giang", "Voso", "Postmart", "Nguyễn Văn Thọ",
         "Sở Thông tin và Truyền thông tỉnh Hải Dương", "FPT", "xqzvw plorkt"]


def post(url: str, batch: dict) -> float:
    body = urllib.parse.urlencode({"queries": json.dumps(batch)}).encode()
    started = time.perf_counter()
    with urllib.request.urlopen(urllib.request.Request(url, data=body), timeout=60) as response:
        json.load(response)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", type=int, default=50)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    port = free_port()
    proc = subprocess.Popen([str(BIN / "dtkg"), "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "1"],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        wait_ready(port, "/sparql", 300, proc)
        url = f"http://127.0.0.1:{port}/reconcile"
        batch = {f"q{i}": {"query": NAMES[i % len(NAMES)]} for i in range(args.batch)}
        first = post(url, batch)
        times = [post(url, batch) for _ in range(args.runs)]
        print(f"first batch (builds the index): {first * 1000:.0f} ms")
        print(f"batch of {args.batch} queries, {args.runs} runs: median {statistics.median(times) * 1000:.1f} ms, "
              f"worst {max(times) * 1000:.1f} ms")
    finally:
        stop_group(proc)


if __name__ == "__main__":
    main()
