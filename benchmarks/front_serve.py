"""The dtkg app, loaded once, behind another HTTP front, for benchmarks/fronts.py:

    python benchmarks/front_serve.py gthread DATA --port P [--workers N] [--timeout S]
    python benchmarks/front_serve.py granian DATA --port P [--workers N] [--timeout S] [--backpressure N]

`gthread` is `dtkg serve` with gunicorn's stock threaded worker (the server as shipped before the
guarded front): the same options and hooks, only the worker class differs. `granian` creates the
app in the parent and hands it to granian's workers through a target loader: on Linux they are
forked, so the preloaded store is shared copy-on-write as under gunicorn's `--preload` (loading by
import path would load the dataset once per worker).
"""
from __future__ import annotations

import argparse
import os
import sys


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("front", choices=["gthread", "granian"])
    parser.add_argument("data")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1))
    parser.add_argument("--timeout", type=float, default=20.0)
    parser.add_argument("--backpressure", type=int, help="granian: requests per worker at once (default: granian's)")
    args = parser.parse_args()

    from dtkg.server.app import create_app
    from dtkg.server.wsgi import Gunicorn, gunicorn_options

    app = create_app({"FILES": [args.data], "QUERY_TIMEOUT": args.timeout})
    if args.front == "gthread":
        options = {**gunicorn_options("127.0.0.1", args.port, args.workers, args.timeout), "worker_class": "gthread"}
        Gunicorn(app, options).run()
        return

    from granian.constants import Interfaces
    from granian.http import HTTP1Settings
    from granian.server import Server

    config = app.extensions["dtkg"].config

    def load(_target):  # in each forked worker
        app.extensions["dtkg"].engine.warm()
        return app

    server = Server("dtkg", address="127.0.0.1", port=args.port, interface=Interfaces.WSGI, workers=args.workers,
                    blocking_threads=4, backpressure=args.backpressure,
                    http1_settings=HTTP1Settings(header_read_timeout=int(config.HEADER_TIMEOUT * 1000)))
    server.serve(target_loader=load)


if __name__ == "__main__":
    sys.exit(main())
