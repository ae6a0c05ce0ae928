"""Side by side: two or more servers up at the same time, every timed request sent to each in turn.

    .venv/bin/python benchmarks/paired.py --servers dtkg-uncached,oxigraph-merged
    .venv/bin/python benchmarks/paired.py --servers dtkg-store-uncached,oxigraph-store

run.py measures one server after the other; on a machine whose cores are shared with other work
the load changes between the two, and a 1 ms lookup measured at 11:21 and again at 11:25 can differ
by 4x. Here each round sends a query once to every server, in a shuffled order, so a busy moment
slows all of them alike; the ratio reported is the median of the per-round ratios. Memory is the
PSS of each server's process tree after the queries (pages shared between forked processes counted
once), as in run.py. Prints a markdown table and writes benchmarks/out/paired-<N>.json.

The RocksDB servers read one store at benchmarks/out/store-<N>/, written once by the function
`dtkg load --store` uses (write_disk_store): the named graphs and their merge as the default graph.
"""
from __future__ import annotations

import argparse
import gc
import json
import random
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import pyoxigraph as ox  # noqa: E402

import httpclient  # noqa: E402
import measure  # noqa: E402
import servers  # noqa: E402
import workload  # noqa: E402
from run import OUT, dataset, log  # noqa: E402
from dtkg.graph.engine.dataset import write_disk_store  # noqa: E402


def before(timeout: float, workers: int | None, tree: Path) -> servers.Spec:
    """dtkg-uncached from the source tree of an earlier commit (`git archive COMMIT | tar -x -C
    TREE/dtkg`), imported ahead of this checkout's editable install through PYTHONPATH."""
    spec = servers.dtkg_serve(timeout, workers, cache=False)
    argv = spec.serve
    spec.name, spec.how = "dtkg-before-uncached", f"the same from {tree} (an earlier commit): " + spec.how
    spec.serve = lambda d, w, port: [sys.executable, "-c", "from dtkg.server.cli import main; main()",
                                     *argv(d, w, port)[1:]]
    spec.env = {**spec.env, "PYTHONPATH": str(tree)}
    return spec


def specs(timeout: float, store: Path, workers: int | None, tree: Path | None = None) -> dict:
    return {
        "dtkg-before-uncached": lambda: before(timeout, workers, tree),
        "dtkg-uncached": lambda: servers.dtkg_serve(timeout, workers, cache=False),
        "dtkg-store-uncached": lambda: servers.dtkg_store(timeout, store, workers),
        "oxigraph-merged": lambda: servers.oxigraph_merged(timeout),
        "oxigraph-store": lambda: servers.oxigraph_store(timeout, store),
    }


def disk_store(data: Path, triples: int) -> Path:
    path = OUT / f"store-{triples}"
    if not path.exists():
        log(f"writing the RocksDB store {path}")
        write_disk_store(data, path)
    return path


def merged_file(data: Path, store_path: Path) -> Path:
    """The N-Quads with the merged default graph, as POSTed to oxigraph-merged (dumped from the store)."""
    merged = data.with_name(data.stem + ".merged.nq")
    if not merged.exists():
        with open(merged, "wb") as out:
            ox.Store.read_only(str(store_path)).dump(out, ox.RdfFormat.N_QUADS)
    return merged


def rounds(running: dict, query, reps: int, budget: float, cap: float) -> dict:
    """Per server: the status of the warm-up and the times of each round."""
    sessions = {name: httpclient.Session(r.port, r.spec.path) for name, r in running.items()}
    out = {name: {"times": []} for name in running}
    try:
        for name, session in sessions.items():
            first = session.query(query.text, cap + measure.GRACE)
            out[name].update(status=first.status, rows=first.rows() if first.status == 200 else None,
                             first_s=first.seconds)
        if any(o["status"] != 200 for o in out.values()):
            return out
        spent, least = 0.0, measure.min_runs(max(o["first_s"] for o in out.values()))
        for _ in range(reps):
            if len(out[next(iter(out))]["times"]) >= least and spent > budget:
                break
            order = list(sessions)
            random.shuffle(order)
            for name in order:
                r = sessions[name].query(query.text, cap + measure.GRACE)
                out[name]["times"].append(r.seconds)
                spent += r.seconds
    finally:
        for session in sessions.values():
            session.close()
    return out


def per_process(root: int) -> list[tuple[int, int, int]]:
    """(pid, parent pid, PSS in MiB) of each process of a server's tree."""
    out = []
    for pid in servers.tree(root):
        try:
            ppid = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
        except OSError:
            continue
        out.append((pid, ppid, servers._pss(pid) // 2**20))
    return out


def table(results: dict, names: list[str]) -> str:
    base = names[-1]
    head = "| query | rows | " + " | ".join(names) + " | " + \
        " | ".join(f"{n} ÷ {base}" for n in names[:-1]) + " |"
    lines = [head, "|---|---:|" + "---:|" * (2 * len(names) - 1)]
    for q, per in results["queries"].items():
        cells = [measure.fmt_ms(statistics.median(per[n]["times"])) if per[n]["times"] else
                 f"status {per[n].get('status')}" for n in names]
        ratios = []
        for n in names[:-1]:
            pairs = [a / b for a, b in zip(per[n]["times"], per[base]["times"])]
            ratios.append(f"{statistics.median(pairs):.2f}" if pairs else "–")
        lines.append(f"| {q} | {per[base].get('rows')} | " + " | ".join(cells) + " | " + " | ".join(ratios) + " |")
    lines += ["", "| server | how | ready (s) | PSS after queries (MiB) | processes |", "|---|---|---:|---:|---:|"]
    for n in names:
        s = results["servers"][n]
        lines.append(f"| {n} | {s['how']} | {s['load_s']:.1f} | {s['memory']['pss'] / 2**20:,.0f} | "
                     f"{s['memory']['processes']} |")
    pss = [results["servers"][n]["memory"]["pss"] for n in names]
    lines.append("")
    lines += [f"PSS {n} ÷ {base}: {p / pss[-1]:.2f}" for n, p in zip(names[:-1], pss[:-1])]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--servers", default="dtkg-uncached,oxigraph-merged",
                        help="comma-separated, the baseline last: dtkg-uncached, dtkg-before-uncached (with --before), "
                             "dtkg-store-uncached, oxigraph-merged, oxigraph-store")
    parser.add_argument("--queries", help="comma-separated named queries (default: all of queries/)")
    parser.add_argument("--reps", type=int, default=15, help="rounds per query after one warm-up (default 15)")
    parser.add_argument("--budget", type=float, default=20.0, help="seconds of rounds per query, after 3 rounds")
    parser.add_argument("--timeout", type=float, default=30.0)
    parser.add_argument("--workers", type=int, help="gunicorn workers for dtkg (default: dtkg serve's own)")
    parser.add_argument("--before", type=Path, metavar="TREE",
                        help="a folder holding an earlier commit's sources as TREE/dtkg, served as dtkg-before-uncached")
    args = parser.parse_args(argv)
    names = [s.strip() for s in args.servers.split(",") if s.strip()]
    OUT.mkdir(exist_ok=True)
    data, meta = dataset(args.triples, args.seed, None)
    store_path = disk_store(data, args.triples)
    files = {n: merged_file(data, store_path) if n == "oxigraph-merged" else data for n in names}

    log("preparing the queries")
    store = ox.Store.read_only(str(store_path))
    wanted = [n.strip() for n in args.queries.split(",")] if args.queries else None
    queries = workload.prepare(store, meta["samples"], wanted)
    del store
    gc.collect()

    command = " ".join([".venv/bin/python benchmarks/paired.py"] + (argv if argv is not None else sys.argv[1:]))
    results = {"command": command, "data": meta, "servers": {}, "queries": {}}
    table_of = specs(args.timeout, store_path, args.workers, args.before)
    running = {}
    try:
        for name in names:
            spec = table_of[name]()
            log(f"{name}: starting ({spec.how})")
            running[name] = servers.start(spec, files[name], OUT)
            results["servers"][name] = {"how": spec.how, "load_s": running[name].load_seconds}
        for q in queries:
            results["queries"][q.name] = per = rounds(running, q, args.reps, args.budget, args.timeout)
            log(q.name + ": " + ", ".join(f"{n} {measure.fmt_ms(statistics.median(p['times'])) if p['times'] else p.get('status')}"
                                          for n, p in per.items()))
        for name, r in running.items():
            results["servers"][name]["memory"] = r.memory()
            results["servers"][name]["pss_by_process"] = per_process(r.proc.pid)
    finally:
        for r in running.values():
            r.stop()
    results["environment"] = {"load_average": Path("/proc/loadavg").read_text().split()[:3]}
    (OUT / f"paired-{args.triples}.json").write_text(measure.dumps(results))
    print(f"Run of `{command}`\n")
    print(table(results, names))
    return 0


if __name__ == "__main__":
    sys.exit(main())
