"""Tables of a benchmark run: markdown for the terminal and RESULTS.md, a long CSV for analysis."""
from __future__ import annotations

import csv
import os
import platform
import re
import subprocess
import sys
from importlib import metadata
from pathlib import Path

from measure import fmt_ms

HERE = Path(__file__).resolve().parent
LATENCY_SERVERS = ["dtkg", "dtkg-uncached", "dtkg-before", "dtkg-before-uncached", "oxigraph", "oxigraph-merged",
                   "oxigraph-disk", "rdflib-endpoint"]
BASELINES = ["oxigraph", "oxigraph-merged"]
OURS = ["dtkg", "dtkg-uncached"]  # as shipped (result cache on), and with every run evaluated
# (ours, baseline) pairs the report judges: each against oxigraph, and each against the same server of
# an earlier commit (`run.py --before DIR`), so a change's cost is measured side by side in one run.
PAIRS = [(o, b) for o in OURS for b in BASELINES] + [("dtkg", "dtkg-before"), ("dtkg-uncached", "dtkg-before-uncached")]
PACKAGES = ["dtkg", "pyoxigraph", "oxigraph", "rdflib", "rdflib-endpoint", "uvicorn", "flask", "gunicorn"]


def environment() -> dict:
    """Machine, versions and the code's commit, recorded next to the numbers."""
    cpu = "unknown"
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                   if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    mem = 0
    try:
        mem = int(Path("/proc/meminfo").read_text().split()[1]) * 1024
    except OSError:
        pass
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    commit = _git("rev-parse", "--short", "HEAD")
    dirty = bool(_git("status", "--porcelain", "--", "server", "graph", "queries", "benchmarks"))
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gib": round(mem / 2**30, 1),
            "kernel": platform.release(), "python": platform.python_version(), "versions": versions,
            "commit": commit + (" + uncommitted changes" if dirty else "")}


def _git(*args: str) -> str:
    try:
        return subprocess.run(["git", *args], capture_output=True, text=True, cwd=HERE.parent).stdout.strip()
    except OSError:
        return ""


def _mib(n: int | None) -> str:
    return f"{n / 2**20:,.0f}" if n else "–"


def _latency_servers(results: dict) -> list[str]:
    return [s for s in LATENCY_SERVERS if "latency" in results["servers"].get(s, {})]


def _cell(entry: dict | None) -> str:
    if not entry:
        return "–"
    if entry["outcome"] == "timeout":
        return f"timeout >{entry['detail']}"
    if entry["outcome"] == "error":
        return "error"
    return fmt_ms(entry["median_s"])


def verdict(results: dict, baseline: str, server: str = "dtkg") -> tuple[list[str], list[str], float | None] | None:
    """Against one oxigraph configuration: queries where `server`'s median is no slower, those where it
    is slower (or did not finish), and its throughput as a multiple of the baseline's."""
    ours = results["servers"].get(server, {}).get("latency")
    theirs = results["servers"].get(baseline, {}).get("latency")
    if not ours or not theirs:
        return None
    met, missed = [], []
    for name in ours:
        a, b = ours[name]["median_s"], (theirs.get(name) or {}).get("median_s")
        if a is not None and (b is None or a <= b):
            met.append(name)
        else:
            missed.append(name + (" (neither finished)" if a is None and b is None else ""))
    tp_ours = results["servers"].get(server, {}).get("throughput", {}).get("per_second")
    tp_theirs = results["servers"].get(baseline, {}).get("throughput", {}).get("per_second")
    ratio = tp_ours / tp_theirs if tp_ours is not None and tp_theirs else None
    return met, missed, ratio


def _ratio(results: dict, name: str, baseline: str, server: str) -> str:
    ours = results["servers"].get(server, {}).get("latency", {}).get(name, {})
    theirs = results["servers"].get(baseline, {}).get("latency", {}).get(name, {})
    if ours.get("median_s") and theirs.get("median_s"):
        return f"{ours['median_s'] / theirs['median_s']:.2f}"
    if ours.get("median_s") and theirs.get("outcome") == "timeout":
        return "≪ 1"
    return "–"


def markdown(results: dict) -> str:
    d, env = results["data"], results["environment"]
    lines = [f"Run of {results['command']} on commit {env['commit']} ({results['total_s'] / 60:.1f} min in all).", "",
             "**Data**: " + f"{d['quads']:,} quads in {d['articles']:,} synthetic article graphs plus the ontology, "
             f"vocabularies and reference provinces; {d['persons']:,} persons; {d['bytes'] / 2**20:.0f} MiB of N-Quads "
             f"generated in {d['seconds']} s (seed {d['seed']}). In-process pyoxigraph: `bulk_load` "
             f"{results['in_process_load_s']:.1f} s, merging the named graphs into the default graph "
             f"{results.get('in_process_merge_s', 0):.1f} s.", "",
             "**Load and memory** (load: from the first command until the endpoint answers; memory summed over "
             "the server's processes; PSS counts pages shared between forked processes once)", "",
             "| server | how | load (s) | RSS after load (MiB) | PSS after queries (MiB) | peak RSS, main process (MiB) |",
             "|---|---|---:|---:|---:|---:|"]
    for name, s in results["servers"].items():
        if "error" in s:
            lines.append(f"| {name} | {s['how']} | did not start: {s['error'][:80]} | | | |")
            continue
        after = s.get("memory_after_queries") or s.get("memory_after_throughput") or {}
        lines.append(f"| {name} | {s['how']} | {s['load_s']:.1f} | {_mib(s['memory_loaded']['rss'])} | "
                     f"{_mib(after.get('pss'))} | {_mib(max(after.get('peak_rss', 0), s.get('prepare_peak_rss', 0)))} |")
    cols = _latency_servers(results)
    pairs = [(o, b) for o, b in PAIRS if b in cols and o in cols]
    floor = results.get("in_process", {})
    lines += ["", f"**Median latency per named query** (ms, warm; one client, sequential; at most "
              f"{results['settings']['reps']} timed runs after a warm-up; cap {results['settings']['timeout']:g} s; "
              "in process: pyoxigraph with the merged default graph, no HTTP)", "",
              "| query | parameters | rows | in process | " + " | ".join(cols) + "".join(f" | {o} ÷ {b}" for o, b in pairs) + " |",
              "|---|---|---:|---:|" + "---:|" * (len(cols) + len(pairs))]
    for name, q in results["queries"].items():
        rows = {s: results["servers"][s]["latency"].get(name, {}).get("rows") for s in cols}
        base = floor.get(name, {}).get("rows")
        row_cell = str(base if base is not None else next((r for r in rows.values() if r is not None), "–"))
        odd = [s for s, r in rows.items() if r is not None and base is not None and r != base]
        if odd:
            row_cell += " (" + ", ".join(f"{s}: {rows[s]}" for s in odd) + ")"
        cells = [_cell(results["servers"][s]["latency"].get(name)) for s in cols]
        lines.append(f"| {name} | {q['values']} | {row_cell} | {_cell(floor.get(name))} | " + " | ".join(cells)
                     + "".join(f" | {_ratio(results, name, b, o)}" for o, b in pairs) + " |")
    lines += ["", f"**Throughput**: {results['settings']['clients']} concurrent clients on `{results['medium']}` for "
              f"{results['settings']['seconds']:g} s (after a 2 s warm-up), 127.0.0.1", "",
              "| server | requests/s | p50 (ms) | p95 (ms) | errors | ÷ oxigraph |", "|---|---:|---:|---:|---:|---:|"]
    ox_tp = results["servers"].get("oxigraph", {}).get("throughput", {}).get("per_second")
    for name, s in results["servers"].items():
        t = s.get("throughput")
        if t:
            ratio = f"{t['per_second'] / ox_tp:.2f}" if ox_tp else "–"
            lines.append(f"| {name} | {t['per_second']:.1f} | {fmt_ms(t['p50_s'])} | {fmt_ms(t['p95_s'])} | "
                         f"{t['errors']} | {ratio} |")
    checks = [(o, b, verdict(results, b, o)) for o, b in PAIRS]
    checks = [(o, b, v) for o, b, v in checks if v]
    if checks:
        lines += ["", "**Target** (each named query's median no slower than the baseline's; throughput ≥ 0.9× of it):", ""]
    for o, b, (met, missed, ratio) in checks:
        lines.append(f"- {o} vs {b}: latency no slower on {len(met)} of {len(met) + len(missed)} queries"
                     + (f" (slower: {', '.join(missed)})" if missed else "") + "; throughput "
                     + (f"{ratio:.2f}× ({'met' if ratio >= 0.9 else 'missed'})" if ratio is not None else "not measured"))
    notes = [f"- `{n}`: " + "; ".join(q["notes"]) for n, q in results["queries"].items() if q["notes"]]
    if notes:
        lines += ["", "**Parameters**: named-query defaults, except:", ""] + notes
    return "\n".join(lines) + "\n"


def write_csv(results: dict, path: Path) -> None:
    """One row per measurement: server, query (or phase), metric, value."""
    rows = [("in-process", "load", "seconds", results["in_process_load_s"])]
    for name, r in results.get("in_process", {}).items():
        rows += [("in-process", name, "median_s", r["median_s"]), ("in-process", name, "rows", r["rows"]),
                 ("in-process", name, "outcome", r["outcome"])]
    for server, s in results["servers"].items():
        if "error" in s:
            rows.append((server, "start", "error", s["error"]))
            continue
        rows.append((server, "load", "seconds", s["load_s"]))
        for key in ("memory_loaded", "memory_after_queries", "memory_after_throughput"):
            for metric, value in (s.get(key) or {}).items():
                rows.append((server, key, metric, value))
        for name, r in (s.get("latency") or {}).items():
            rows += [(server, name, "median_s", r["median_s"]), (server, name, "runs", r["runs"]),
                     (server, name, "rows", r["rows"]), (server, name, "outcome", r["outcome"])]
        for metric, value in (s.get("throughput") or {}).items():
            rows.append((server, f"throughput:{results['medium']}", metric, value))
    with open(path, "w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["triples", "server", "subject", "metric", "value"])
        for row in rows:
            writer.writerow([results["data"]["quads"], *row])


def update_results_md(path: Path, triples: int, body: str, results: dict) -> None:
    """Replace (or add) this size's section of RESULTS.md; other sizes' sections are kept."""
    env = results["environment"]
    header = ("# Benchmark results\n\nWritten by `benchmarks/run.py` (see README.md in this folder); each section is "
              "replaced by the next run at that size. Raw CSV and JSON stay in `benchmarks/out/` (not committed).\n\n"
              f"**Machine**: {env['cpu']}, {env['cores']} cores, {env['memory_gib']} GiB, Linux {env['kernel']}, "
              f"Python {env['python']}.\n\n**Versions**: "
              + ", ".join(f"{k} {v}" for k, v in env["versions"].items()) + ".\n")
    title = f"## {triples:,} triples"
    sections: dict[str, str] = {}
    analysis = ""
    if path.exists():
        text = path.read_text()
        parts = re.split(r"(?m)^(## .+)$", text)
        for i in range(1, len(parts) - 1, 2):
            sections[parts[i].strip()] = parts[i + 1].strip("\n")
    sections[title] = "\n" + body
    analysis = sections.pop("## Analysis", analysis)
    ordered = sorted((k for k in sections), key=lambda k: int(re.sub(r"\D", "", k) or 0))
    out = header + "".join(f"\n{k}\n{sections[k].rstrip()}\n" for k in ordered)
    if analysis:
        out += f"\n## Analysis\n{analysis.rstrip()}\n"
    path.write_text(out)


if __name__ == "__main__":  # re-render from a results JSON: python report.py benchmarks/out/results-N.json
    import json
    print(markdown(json.loads(Path(sys.argv[1]).read_text())))
