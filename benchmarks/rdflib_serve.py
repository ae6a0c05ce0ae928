"""Serve RDF files with rdflib-endpoint, as `rdflib-endpoint serve FILES` does, but restartable.

    python benchmarks/rdflib_serve.py FILE --port 8000

The data are loaded exactly as rdflib-endpoint's CLI loads them (`Dataset(store="default",
default_union=True)`, `parse(file)`, `SparqlEndpoint(graph=…)`, `uvicorn.run`), once, in this
process; the server runs in a forked child. rdflib-endpoint evaluates a query inside its event loop
and has no time limit, so a query past the benchmark's cap would block every later request: the
benchmark then sends SIGUSR1 and this process kills the child and forks a fresh one, which shares
the loaded graph copy-on-write and is serving again in well under a second (re-loading 1M triples
would take minutes). SIGTERM stops both.
"""
from __future__ import annotations

import argparse
import glob
import os
import signal
import sys


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="+")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args()

    import uvicorn
    from rdflib import Dataset
    from rdflib_endpoint import SparqlEndpoint

    graph = Dataset(store="default", default_union=True)
    for pattern in args.files:
        for path in glob.glob(pattern):
            graph.parse(path)
    app = SparqlEndpoint(graph=graph, enable_update=False)
    print(f"loaded {len(graph)} triples", file=sys.stderr, flush=True)

    state = {"child": 0, "stop": False}

    def fork() -> None:
        pid = os.fork()
        if pid == 0:  # the server
            signal.signal(signal.SIGUSR1, signal.SIG_DFL)
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
            os._exit(0)
        state["child"] = pid

    def kill_child() -> None:
        if state["child"]:
            try:
                os.kill(state["child"], signal.SIGKILL)
                os.waitpid(state["child"], 0)
            except (ProcessLookupError, ChildProcessError):
                pass
            state["child"] = 0

    def restart(*_):
        kill_child()
        fork()

    def stop(*_):
        state["stop"] = True
        kill_child()

    signal.signal(signal.SIGUSR1, restart)
    signal.signal(signal.SIGTERM, stop)
    fork()
    while not state["stop"]:
        signal.pause()
    return 0


if __name__ == "__main__":
    sys.exit(main())
