"""Benchmark the dtkg SPARQL server against `oxigraph serve` and rdflib-endpoint on the same data.

    .venv/bin/python benchmarks/run.py --triples 1000000

In one run: generate (or reuse) the synthetic data set, measure each server's load time and memory,
the median latency of every named query in queries/*.rq (warm, sequential, same HTTP client), and
the throughput of 8 concurrent clients on a medium query (ours under gunicorn). Prints markdown
tables, writes benchmarks/out/results-<N>.csv and .json, and updates benchmarks/RESULTS.md.
"""
from __future__ import annotations

import argparse
import gc
import json
import math
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import pyoxigraph as ox  # noqa: E402

import generate  # noqa: E402
import httpclient  # noqa: E402
import measure  # noqa: E402
import report  # noqa: E402
import servers  # noqa: E402
import workload  # noqa: E402
from dtkg.graph.engine.dataset import merge_default_graph  # noqa: E402

OUT = HERE / "out"
ALL_SERVERS = ["dtkg", "dtkg-uncached", "dtkg-before", "dtkg-before-uncached", "oxigraph", "oxigraph-merged", "oxigraph-disk", "rdflib-endpoint"]
DEFAULT_SERVERS = ["dtkg", "dtkg-uncached", "oxigraph", "oxigraph-merged", "rdflib-endpoint"]


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def dataset(triples: int, seed: int, path: Path | None) -> tuple[Path, dict]:
    """The N-Quads file and its metadata, generated unless an up-to-date one exists."""
    path = path or OUT / f"dtkg-{triples}.nq"
    meta_path = path.with_name(path.name + ".json")
    if path.exists() and meta_path.exists():
        meta = json.loads(meta_path.read_text())
        if meta.get("requested") == triples and meta.get("seed") == seed and \
                meta.get("generator_version") == generate.GENERATOR_VERSION:
            log(f"reusing {path} ({meta['quads']} quads)")
            return path, meta
    log(f"generating {triples} triples into {path}")
    generate.main(["--triples", str(triples), "--seed", str(seed), "-o", str(path), "-q"])
    return path, json.loads(meta_path.read_text())


def pick_medium(latencies: list[measure.Latency], queries, wanted: str | None) -> str:
    """The query for throughput: the one asked for, else the parameterised query (a page's lookup)
    whose in-process median is closest to 10 ms; failing that, any completed query closest to 10 ms."""
    if wanted:
        return wanted
    bound = {q.name for q in queries if q.bindings}
    done = [r for r in latencies if r.median]
    pool = [r for r in done if r.query in bound] or done
    return min(pool, key=lambda r: abs(math.log(r.median / 0.010))).query


def spec_for(name: str, args) -> servers.Spec:
    cap = args.timeout
    return {"dtkg": lambda: servers.dtkg_serve(cap, args.workers),
            "dtkg-uncached": lambda: servers.dtkg_serve(cap, args.workers, cache=False),
            "dtkg-before": lambda: servers.dtkg_serve(cap, args.workers, bin_dir=args.before),
            "dtkg-before-uncached": lambda: servers.dtkg_serve(cap, args.workers, cache=False, bin_dir=args.before), "oxigraph": lambda: servers.oxigraph_memory(cap),
            "oxigraph-merged": lambda: servers.oxigraph_merged(cap), "oxigraph-disk": lambda: servers.oxigraph_disk(cap),
            "rdflib-endpoint": servers.rdflib_endpoint}[name]()


def bench_server(name: str, data: Path, queries, args, medium_text: str | None, results: dict) -> None:
    spec = spec_for(name, args)
    log(f"{name}: loading ({spec.how})")
    try:
        running = servers.start(spec, data, OUT)
    except Exception as exc:  # noqa: BLE001 - a server that does not start is reported, not fatal
        log(f"{name}: did not start: {exc}")
        results["servers"][name] = {"how": spec.how, "error": str(exc)}
        return
    entry = results["servers"].setdefault(name, {"how": spec.how})
    try:
        entry.update(load_s=running.load_seconds, prepare_peak_rss=running.prepare_peak_rss,
                     memory_loaded=running.memory())
        log(f"{name}: ready in {running.load_seconds:.1f} s, RSS {entry['memory_loaded']['rss'] / 2**20:.0f} MiB")
        lat = measure.over_http(running, queries, args.reps, args.timeout, args.budget, log)
        entry["latency"] = measure.summary(lat)
        entry["memory_after_queries"] = running.memory()
        if medium_text is not None:
            run_throughput(name, running, medium_text, args, entry)
    finally:
        running.stop()


def run_throughput(name, running, text, args, entry) -> None:
    log(f"{name}: throughput, {args.clients} clients, {args.seconds:g} s")
    httpclient.throughput(running.port, running.spec.path, text, args.clients, min(2.0, args.seconds), 5000, args.timeout)
    t = httpclient.throughput(running.port, running.spec.path, text, args.clients, args.seconds,
                              args.max_requests, args.timeout + measure.GRACE)
    entry["throughput"] = {"requests": t.requests, "errors": t.errors, "seconds": t.seconds, "per_second": t.per_second,
                           "p50_s": t.percentile(0.5), "p95_s": t.percentile(0.95), "clients": args.clients}
    entry["memory_after_throughput"] = running.memory()
    log(f"{name}: {t.per_second:.1f} req/s ({t.errors} errors)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=1_000_000, help="size of the synthetic data (default 1000000)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--data", type=Path, help="use this N-Quads file (with its .json from generate.py)")
    parser.add_argument("--servers", default=",".join(DEFAULT_SERVERS), help=f"comma-separated, of {', '.join(ALL_SERVERS)}")
    parser.add_argument("--queries", help="comma-separated named queries (default: all of queries/)")
    parser.add_argument("--reps", type=int, default=11, help="timed runs per query after one warm-up (default 11)")
    parser.add_argument("--budget", type=float, default=10.0, help="seconds of timed runs per query, after 3 runs")
    parser.add_argument("--timeout", type=float, default=20.0, help="per-query cap in seconds (default 20)")
    parser.add_argument("--medium", help="named query for the throughput test (default: picked, see README)")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=15.0, help="duration of each throughput test")
    parser.add_argument("--max-requests", type=int, default=200_000)
    parser.add_argument("--workers", type=int, help="gunicorn workers for dtkg (default: dtkg serve's own)")
    parser.add_argument("--before", type=Path, metavar="BIN_DIR",
                        help="bin folder of another checkout's venv (an earlier commit), served as dtkg-before and "
                             "dtkg-before-uncached when those are in --servers")
    parser.add_argument("--no-in-process", action="store_true", help="skip the pyoxigraph in-process floor")
    parser.add_argument("--no-results-md", action="store_true", help="do not update benchmarks/RESULTS.md")
    args = parser.parse_args(argv)
    names = [s.strip() for s in args.servers.split(",") if s.strip()]
    if any(n.startswith("dtkg") for n in names) and not servers.dtkg_available():
        log("`dtkg serve` is not available yet: leaving dtkg out of this run")
        names = [n for n in names if not n.startswith("dtkg")]
    OUT.mkdir(exist_ok=True)
    started = time.time()

    data, meta = dataset(args.triples, args.seed, args.data)
    results = {"command": " ".join([".venv/bin/python benchmarks/run.py"] + (argv if argv is not None else sys.argv[1:])),
               "data": meta, "settings": {k: v for k, v in vars(args).items() if k != "data"},
               "environment": report.environment(), "servers": {}}
    results["settings"]["data"] = str(data)

    log("in process: loading pyoxigraph")
    store = ox.Store()
    t0 = time.perf_counter()
    store.bulk_load(path=str(data), format=ox.RdfFormat.N_QUADS)
    results["in_process_load_s"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    merge_default_graph(store)
    results["in_process_merge_s"] = time.perf_counter() - t0
    wanted = [n.strip() for n in args.queries.split(",")] if args.queries else None
    queries = workload.prepare(store, meta["samples"], wanted)
    results["queries"] = {q.name: {"values": q.values_label(), "notes": q.notes} for q in queries}
    results["inlining_mismatches"] = workload.check_inlining(store, queries, union=False)
    if not args.no_in_process:
        floor = measure.in_process(store, queries, args.reps, args.timeout, args.budget, progress=log)
        results["in_process"] = measure.summary(floor)
        medium = pick_medium(floor, queries, args.medium)
    else:
        medium = args.medium or queries[0].name
    files = {name: data for name in names}
    if "oxigraph-merged" in names:
        merged = data.with_name(data.stem + ".merged.nq")
        t0 = time.perf_counter()
        with open(merged, "wb") as out:
            store.dump(out, ox.RdfFormat.N_QUADS)
        results["merged_file_s"] = time.perf_counter() - t0
        files["oxigraph-merged"] = merged
    del store
    gc.collect()
    results["medium"] = medium
    medium_text = next(q.text for q in queries if q.name == medium)
    log(f"throughput query: {medium}")

    for name in names:
        bench_server(name, files[name], queries, args, medium_text, results)
    results["total_s"] = time.time() - started

    stem = OUT / f"results-{args.triples}"
    stem.with_suffix(".json").write_text(measure.dumps(results))
    report.write_csv(results, stem.with_suffix(".csv"))
    text = report.markdown(results)
    print(text)
    if not args.no_results_md:
        report.update_results_md(HERE / "RESULTS.md", args.triples, text, results)
    log(f"done in {results['total_s'] / 60:.1f} min; {stem}.csv, {stem}.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
