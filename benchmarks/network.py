"""Benchmark the actor network on the synthetic data set: building it, and the API's questions once built.

    .venv/bin/python benchmarks/network.py --triples 1000000

Generates (or reuses) the data set of benchmarks/run.py, then, in one process:
- loads it into an in-memory Oxigraph store and builds the network from it (time, and the growth of
  the process's resident memory, which is the network's cost);
- serves it with create_app (the real views, in-process through Flask's test client, query
  processes as shipped) and measures the first request (which builds the network) and the median
  of `/api/path`, `/api/leaders?as_of=` and `/api/central` (degree, betweenness, pagerank) over
  varied parameters, so that the result cache does not answer them all.
Prints a markdown table and writes benchmarks/out/network-<N>.csv.
"""
from __future__ import annotations

import argparse
import csv
import random
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import pyoxigraph as ox  # noqa: E402

from run import OUT, dataset, log  # noqa: E402

REPEAT = 30


def rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def timed(fn) -> tuple[float, object]:
    start = time.perf_counter()
    value = fn()
    return (time.perf_counter() - start) * 1000, value


def build_alone(path: Path) -> dict:
    """Load the file, then build the network from the store: time and memory of the build alone."""
    from dtkg.graph.engine import LocalEngine
    from dtkg.graph.engine.dataset import merge_default_graph
    from dtkg.graph.engine.limits import IN_PROCESS
    from dtkg.graph.network import build_network, engine_select

    store = ox.Store()
    store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)
    engine = LocalEngine(IN_PROCESS, merge_default_graph(store))
    before, cpu = rss_mib(), time.process_time()
    ms, net = timed(lambda: build_network(engine_select(engine)))
    return {"build_ms": ms, "build_cpu_ms": (time.process_time() - cpu) * 1000, "rss_growth_mib": rss_mib() - before,
            "nodes": net.graph.number_of_nodes(), "edges": net.graph.number_of_edges(), "load": load()}


def load() -> float:
    """The 1-minute load average: the machine is shared, and wall-clock figures move with it."""
    return float(Path("/proc/loadavg").read_text().split()[0])


def api_medians(path: Path, seed: int) -> dict:
    """First request (builds the network) and medians of the questions through the app's views."""
    from dtkg.server.app import create_app
    from dtkg.server.explore import explorer

    app = create_app({"FILES": [str(path)]})
    client = app.test_client()
    first_ms, response = timed(lambda: client.get("/api/central?measure=degree"))
    assert response.status_code == 200, response.get_data(as_text=True)
    with app.test_request_context():
        net = explorer().net
    rng = random.Random(seed)
    people = sorted(n for n, d in net.graph.nodes(data=True) if d["type"] == "person")
    provinces = sorted(n for n in net.graph if "/province/" in n)
    days = ["2019", "2020-06", "2021-06-01", "2022", "2023-03-15", "2024", "2025-03-20"]
    out = {"first_request_ms": first_ms}

    def median(name, urls):
        times = []
        for url in urls:
            ms, res = timed(lambda: client.get(url))
            assert res.status_code == 200, (url, res.get_data(as_text=True)[:300])
            times.append(ms)
        out[name] = statistics.median(times)

    median("path", [f"/api/path?from={rng.choice(people)}&to={rng.choice(people)}" for _ in range(REPEAT)])
    median("leaders_as_of", [f"/api/leaders?of={rng.choice(provinces)}&as_of={rng.choice(days)}" for _ in range(REPEAT)])
    for measure in ("degree", "pagerank", "betweenness"):
        out[f"central_{measure}_first_ms"], _ = timed(lambda: client.get(f"/api/central?measure={measure}"))
        median(f"central_{measure}", [f"/api/central?measure={measure}"] * REPEAT)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--triples", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args(argv)
    path, meta = dataset(args.triples, args.seed, None)
    log(f"building the network from {meta['quads']} quads")
    built = build_alone(path)
    log("measuring the API")
    api = api_medians(path, args.seed)
    rows = [("quads", meta["quads"]), ("network nodes", built["nodes"]), ("network edges", built["edges"]),
            ("build the network from the store (ms)", built["build_ms"]),
            ("  of which CPU time of this process (ms)", built["build_cpu_ms"]),
            ("load average during the build (2 cores)", built["load"]),
            ("resident memory added by the network (MiB)", built["rss_growth_mib"]),
            ("first API request, network built on it (ms)", api["first_request_ms"]),
            ("median /api/path (ms)", api["path"]), ("median /api/leaders?as_of= (ms)", api["leaders_as_of"])]
    for m in ("degree", "pagerank", "betweenness"):
        rows += [(f"/api/central?measure={m}, first (ms)", api[f"central_{m}_first_ms"]),
                 (f"median /api/central?measure={m} once computed (ms)", api[f"central_{m}"])]
    print("| measure | value |\n|---|---:|")
    for name, value in rows:
        print(f"| {name} | {value:,.1f} |" if isinstance(value, float) else f"| {name} | {value:,} |")
    OUT.mkdir(exist_ok=True)
    with (OUT / f"network-{args.triples}.csv").open("w", newline="") as f:
        csv.writer(f).writerows([("measure", "value")] + rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
