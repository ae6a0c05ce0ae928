"""Cold start: from the serving command to the first answered named query, on a built RocksDB store.

    .venv/bin/python benchmarks/cold_start.py --triples 1000000

The store is benchmarks/out/store-<N>/, written once as `dtkg load --store` writes it (paired.py).
Each server is started `--reps` times; the clock runs from the command's start until a lookup
(`fact-evidence`, its parameter inlined) has been answered with 200, polled every 10 ms. Prints a
markdown table (median and range, in seconds).
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import pyoxigraph as ox  # noqa: E402

import httpclient  # noqa: E402
import servers  # noqa: E402
import workload  # noqa: E402
from paired import disk_store  # noqa: E402
from run import OUT, dataset, log  # noqa: E402

QUERY = "fact-evidence"


def commands(store: Path, port: int) -> dict[str, tuple[list[str], dict[str, str]]]:
    dtkg = [str(servers.BIN / "dtkg"), "serve", "--store", str(store), "--host", "127.0.0.1", "--port", str(port)]
    return {
        "dtkg serve --store (RocksDB read in place)": (dtkg, {"DTKG_STORE_IN_MEMORY": "0"}),
        "dtkg serve --store (copied into memory, the default)": (dtkg, {}),
        "oxigraph serve-read-only --location": ([str(servers.BIN / "oxigraph"), "serve-read-only", "--location",
                                                 str(store), "--bind", f"127.0.0.1:{port}"], {}),
    }


def first_answer(argv: list[str], env: dict[str, str], port: int, path: str, text: str, limit: float) -> float:
    started = time.perf_counter()
    proc = subprocess.Popen(argv, env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True, cwd=servers.ROOT)
    try:
        while time.perf_counter() - started < limit:
            if proc.poll() is not None:
                raise RuntimeError(f"{argv[0]} exited with {proc.returncode}")
            try:
                if httpclient.once(port, path, text, 10.0).status == 200:
                    return time.perf_counter() - started
            except (OSError, ConnectionError, ValueError, IndexError, TimeoutError):
                pass
            time.sleep(0.01)
        raise TimeoutError(f"no answer after {limit:g} s")
    finally:
        servers.stop_group(proc)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--limit", type=float, default=300.0, help="seconds to wait for a first answer")
    args = parser.parse_args(argv)
    data, meta = dataset(args.triples, args.seed, None)
    store = disk_store(data, args.triples)
    query = workload.prepare(ox.Store.read_only(str(store)), meta["samples"], [QUERY])[0]
    rows = []
    for name, (cmd, env) in commands(store, 0).items():
        path = "/query" if "oxigraph" in name else "/sparql"
        times = []
        for _ in range(args.reps):
            port = servers.free_port()
            cmd, env = commands(store, port)[name]
            times.append(first_answer(cmd, env, port, path, query.text, args.limit))
            log(f"{name}: {times[-1]:.2f} s")
        rows.append((name, times))
    command = " ".join([".venv/bin/python benchmarks/cold_start.py"] + (argv if argv is not None else sys.argv[1:]))
    print(f"Run of `{command}` ({meta['quads']:,} quads; load average "
          f"{' '.join(Path('/proc/loadavg').read_text().split()[:3])})\n")
    print(f"| server | first answered `{QUERY}` (s), median | min – max | runs |\n|---|---:|---:|---:|")
    for name, times in rows:
        print(f"| {name} | {statistics.median(times):.2f} | {min(times):.2f} – {max(times):.2f} | {len(times)} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
