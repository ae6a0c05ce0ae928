"""Compare HTTP fronts for the dtkg app on the same data, side by side in one run:

    .venv/bin/python benchmarks/fronts.py --triples 100000 [--nginx /usr/sbin/nginx]

- `gthread`: `dtkg serve` with gunicorn's stock threaded worker (the server as shipped before the
  guarded front);
- `dtkg`: `dtkg serve` as shipped, gunicorn with `dtkg.server.front.GuardedWorker`;
- `granian`: granian 2 (Rust, WSGI interface), the app preloaded and its workers forked;
  `granian-bp12` the same with `--backpressure 12` (its only bound on requests in progress);
- `nginx`: nginx as a buffering reverse proxy (timeouts, limit_conn per address) in front of `gthread`.

Each is measured on the same app and data (result cache on, as shipped): memory after load, the
latency of a cheap query (a person lookup, sequential on one keep-alive connection), the throughput
of 8 clients (each from its own loopback address) on the medium query of run.py, and the latency
of a cheap query on fresh connections while 50 sockets send their headers a byte every 0.5 s.
Writes the `## HTTP fronts, N triples` section of RESULTS.md.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import pyoxigraph as ox  # noqa: E402

import httpclient  # noqa: E402
import report  # noqa: E402
import servers  # noqa: E402
import workload  # noqa: E402
from dtkg.graph.engine.dataset import merge_default_graph  # noqa: E402
from run import OUT, dataset, log  # noqa: E402

FRONTS = ["gthread", "dtkg", "granian", "granian-bp12", "nginx"]
NGINX_CONF = """daemon off; master_process on; worker_processes 1; pid {w}/nginx.pid; error_log {w}/error.log warn;
events {{ worker_connections 4096; }}
http {{
  access_log off;
  client_body_temp_path {w}/body; proxy_temp_path {w}/proxy; fastcgi_temp_path {w}/fcgi;
  uwsgi_temp_path {w}/uwsgi; scgi_temp_path {w}/scgi;
  client_header_timeout 10s; client_body_timeout 30s; client_max_body_size 1m; keepalive_timeout 5s;
  limit_conn_zone $binary_remote_addr zone=perip:10m;
  upstream dtkg {{ server 127.0.0.1:{upstream}; keepalive 16; }}
  server {{
    listen 127.0.0.1:{port} backlog=2048;
    limit_conn perip 6; limit_conn_status 503;
    location / {{
      proxy_pass http://dtkg; proxy_http_version 1.1; proxy_set_header Connection "";
      proxy_set_header Host $host; proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_request_buffering on; proxy_buffering on; proxy_read_timeout 60s;
    }}
  }}
}}
"""


def spec(front: str, cap: float, workers: int, nginx: str | None) -> servers.Spec:
    serve_py = [sys.executable, str(HERE / "front_serve.py")]
    common = ["--workers", str(workers), "--timeout", f"{cap:g}"]
    if front == "dtkg":
        return servers.Spec("dtkg", "`dtkg serve`: gunicorn, GuardedWorker (server/front.py)", "/sparql",
                            lambda d, w, port: [str(servers.BIN / "dtkg"), "serve", str(d), "--port", str(port),
                                                "--timeout", f"{cap:g}", "--workers", str(workers)])
    if front in ("gthread", "granian", "granian-bp12"):
        granian = f"granian {_version('granian')}, WSGI, 4 blocking threads, app preloaded and workers forked, " \
                  "header read timeout 10 s"
        how = {"gthread": "gunicorn, stock gthread worker (as shipped before)",
               "granian": granian + ", default backpressure",
               "granian-bp12": granian + ", backpressure 12 (4 threads + 8 queued, as dtkg's MAX_QUEUED)"}[front]
        extra = ["--backpressure", "12"] if front == "granian-bp12" else []
        return servers.Spec(front, how, "/sparql",
                            lambda d, w, port: [*serve_py, front.split("-")[0], str(d), "--port", str(port),
                                                *common, *extra])

    def serve_nginx(d: Path, w: Path, port: int) -> list[str]:
        upstream = servers.free_port()
        for sub in ("body", "proxy", "fcgi", "uwsgi", "scgi"):
            (w / sub).mkdir(parents=True, exist_ok=True)
        (w / "nginx.conf").write_text(NGINX_CONF.format(w=w, upstream=upstream, port=port))
        script = (f"{' '.join(serve_py)} gthread {d} --port {upstream} {' '.join(common)} & "
                  f"exec {nginx} -p {w} -c {w}/nginx.conf")
        return ["sh", "-c", script]

    return servers.Spec("nginx", f"nginx {_nginx_version(nginx)} (1 process, buffering proxy, limit_conn 6 per "
                        "address, header timeout 10 s) in front of `gthread`", "/sparql", serve_nginx)


def _version(name: str) -> str:
    from importlib import metadata
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def _nginx_version(path: str | None) -> str:
    import subprocess
    if not path:
        return "?"
    out = subprocess.run([path, "-v"], capture_output=True, text=True).stderr.strip()
    return out.rsplit("/", 1)[-1]


def slow_headers(port: int, count: int, stop: threading.Event) -> None:
    """`count` sockets sending a request head a byte every 0.5 s, reopened when closed."""
    sockets: list[socket.socket] = []
    try:
        while not stop.is_set():
            while len(sockets) < count:
                try:
                    s = socket.create_connection(("127.0.0.1", port), timeout=2)
                    s.sendall(b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\n")
                    s.setblocking(False)
                    sockets.append(s)
                except OSError:
                    break
            for s in list(sockets):
                try:
                    s.send(b"X")
                except (BlockingIOError, InterruptedError):
                    pass
                except OSError:
                    s.close()
                    sockets.remove(s)
            stop.wait(0.5)
    finally:
        for s in sockets:
            s.close()


def under_attack(running, seconds: float) -> dict:
    """Latency of `ASK {}` on fresh connections every 0.25 s during a 50-socket slow-header attack."""
    stop = threading.Event()
    attacker = threading.Thread(target=slow_headers, args=(running.port, 50, stop), daemon=True)
    attacker.start()
    time.sleep(1.0)
    latencies, failures, deadline = [], 0, time.monotonic() + seconds
    while time.monotonic() < deadline:
        started = time.monotonic()
        try:
            r = httpclient.once(running.port, running.spec.path, "ASK {}", 5.0)
            if r.status == 200:
                latencies.append(time.monotonic() - started)
            else:
                failures += 1
        except Exception:  # noqa: BLE001 - a probe that times out or is reset counts as unanswered
            failures += 1
        time.sleep(0.25)
    stop.set()
    attacker.join(10)
    return {"answered": len(latencies), "unanswered": failures,
            "median_s": statistics.median(latencies) if latencies else None,
            "max_s": max(latencies) if latencies else None}


def cheap_latency(running, text: str, reps: int) -> dict:
    session = httpclient.Session(running.port, running.spec.path)
    try:
        session.query(text, 10)
        times = sorted(session.query(text, 10).seconds for _ in range(reps))
    finally:
        session.close()
    return {"p50_s": times[len(times) // 2], "p95_s": times[int(len(times) * 0.95)]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--fronts", default=",".join(FRONTS))
    parser.add_argument("--nginx", default=shutil.which("nginx"), help="the nginx binary (default: on PATH)")
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1))
    parser.add_argument("--timeout", type=float, default=20.0)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--attack-seconds", type=float, default=12.0)
    parser.add_argument("--reps", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=2, help="throughput runs of each front, alternating")
    parser.add_argument("--medium", default="indicator-observations")
    parser.add_argument("--cheap", default="person")
    parser.add_argument("--no-results-md", action="store_true")
    args = parser.parse_args(argv)
    names = [f.strip() for f in args.fronts.split(",") if f.strip()]
    if "nginx" in names and not args.nginx:
        log("no nginx binary: leaving nginx out (give --nginx PATH)")
        names.remove("nginx")
    OUT.mkdir(exist_ok=True)
    data, meta = dataset(args.triples, args.seed, None)
    store = ox.Store()
    store.bulk_load(path=str(data), format=ox.RdfFormat.N_QUADS)
    merge_default_graph(store)
    queries = {q.name: q.text for q in workload.prepare(store, meta["samples"], [args.medium, args.cheap])}
    del store
    results = {"command": " ".join([".venv/bin/python benchmarks/fronts.py"] + (argv if argv is not None else sys.argv[1:])),
               "environment": report.environment(), "load_before": os.getloadavg(), "fronts": {}}
    started = time.time()
    for round_ in range(args.rounds):  # rounds alternate the fronts, so a change in the machine's load hits all
        for name in names:
            running = servers.start(spec(name, args.timeout, args.workers, args.nginx), data, OUT)
            entry = results["fronts"].setdefault(name, {"how": running.spec.how, "rounds": []})
            try:
                if round_ == 0:
                    entry["memory"] = running.memory()
                    entry["cheap"] = cheap_latency(running, queries[args.cheap], args.reps)
                httpclient.throughput(running.port, "/sparql", queries[args.medium], args.clients, 2.0, 5000,
                                      args.timeout)
                t = httpclient.throughput(running.port, "/sparql", queries[args.medium], args.clients, args.seconds,
                                          200_000, args.timeout + 5)
                entry["rounds"].append({"per_second": t.per_second, "errors": t.errors, "p50_s": t.percentile(0.5),
                                        "p95_s": t.percentile(0.95)})
                if round_ == 0:
                    entry["attack"] = under_attack(running, args.attack_seconds)
                log(f"{name}: {entry}")
            finally:
                running.stop()
    results["load_after"] = os.getloadavg()
    results["total_s"] = time.time() - started
    text = markdown(results, meta, args)
    print(text)
    if not args.no_results_md:
        update_section(HERE / "RESULTS.md", f"## HTTP fronts, {meta['quads']:,} quads", text)
    return 0


def update_section(path: Path, title: str, body: str) -> None:
    """Replace this section of RESULTS.md, or add it before `## Analysis`; the rest is kept."""
    text = path.read_text()
    parts = re.split(r"(?m)^(## .+)$", text)
    section = f"{title}\n\n{body.rstrip()}\n\n"
    for i in range(1, len(parts), 2):
        if parts[i].strip() == title:
            parts[i], parts[i + 1] = "", section
            break
    else:
        at = next((i for i in range(1, len(parts), 2) if parts[i].strip() == "## Analysis"), None)
        if at is None:
            parts.append("\n" + section)
        else:
            parts.insert(at, section)
    path.write_text("".join(parts))


def markdown(results: dict, meta: dict, args) -> str:
    ms = lambda s: "–" if s is None else f"{s * 1000:.2f}"  # noqa: E731
    before, after = results["load_before"], results["load_after"]
    lines = [f"Run of `{results['command']}` on commit {results['environment']['commit']} "
             f"({results['total_s'] / 60:.1f} min). The 2 cores were shared with other engineers' work during the "
             f"run (load average {before[0]:.1f} before, {after[0]:.1f} after): compare the fronts with each "
             "other, not with other sections.", "",
             f"{meta['quads']:,} quads; {args.workers} worker processes each; cheap query: `{args.cheap}` "
             f"(sequential, one keep-alive connection, {args.reps} runs); throughput: {args.clients} clients, each "
             f"from its own loopback address, on `{args.medium}` for {args.seconds:g} s, in {args.rounds} rounds "
             "(the fronts in turn, round after round); attack: 50 sockets sending "
             f"request headers a byte every 0.5 s for {args.attack_seconds:g} s while `ASK {{}}` is sent on a fresh "
             "connection every 0.25 s (5 s client timeout).", "",
             "| front | how | PSS after load (MiB) | cheap p50 (ms) | cheap p95 (ms) | 8 clients (req/s, median of "
             "rounds) | each round (req/s) | p50 (ms) | p95 (ms) | errors | under attack: answered / unanswered "
             "| median (ms) | slowest (ms) |",
             "|---|---|---:|---:|---:|---:|---|---:|---:|---:|---|---:|---:|"]
    for name, e in results["fronts"].items():
        rounds, a, c = e["rounds"], e["attack"], e["cheap"]
        mid = sorted(rounds, key=lambda r: r["per_second"])[(len(rounds) - 1) // 2]
        each = ", ".join(f"{r['per_second']:.0f}" for r in rounds)
        lines.append(f"| {name} | {e['how']} | {e['memory']['pss'] / 2**20:,.0f} | {ms(c['p50_s'])} | {ms(c['p95_s'])} "
                     f"| {statistics.median(r['per_second'] for r in rounds):.1f} | {each} | {ms(mid['p50_s'])} "
                     f"| {ms(mid['p95_s'])} | {sum(r['errors'] for r in rounds)} "
                     f"| {a['answered']} / {a['unanswered']} | {ms(a['median_s'])} | {ms(a['max_s'])} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
