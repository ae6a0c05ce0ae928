"""WSGI entry point: `app` for gunicorn, and `serve()`, which runs gunicorn in-process (`dtkg serve`).

Recommended deployment (what `dtkg serve` does; settings through `DTKG_*`, see server/config.py):

    DTKG_STORE=/srv/dtkg/store DTKG_QUERY_TIMEOUT=30 \\
    gunicorn 'dtkg.server.wsgi:app' --preload --worker-class dtkg.server.front.GuardedWorker --threads 4 \\
        --workers 4 --keep-alive 5 --timeout 60 --graceful-timeout 10 --limit-request-line 8190 \\
        --no-control-socket --bind 127.0.0.1:8080

- `--preload`: the dataset is loaded once, in the master, and shared copy-on-write by the workers
  and their query processes. In memory beats RocksDB opened read-only per process (1M triples,
  medians in ms, memory / disk): lookup 0.05/0.08, leaders 1.2/5.9, indicator series 4.5/28,
  deployments by year 8.8/67, label search 32/72; reopening read-only costs 9-45 ms, a fork ~7 ms.
- `--workers`: twice the cores. A worker mostly waits for its query process; on 2 cores with 8
  clients 4 workers served 1,610 cheap lookups/s where 2 served 902 (other queries within noise).
- `--worker-class dtkg.server.front.GuardedWorker`: gunicorn's gthread worker that reads a whole
  request (head and body, with HEADER_TIMEOUT and BODY_TIMEOUT) in its event loop before a thread
  sees it, and answers 503 with Retry-After past CLIENT_CONNECTIONS or CLIENT_CONCURRENCY per client,
  MAX_QUEUED or QUEUE_TIMEOUT per worker (server/front.py). The stock gthread worker let 16
  slow-header sockets stall every thread. The guarded one served 0.89-1.00x the requests/s
  of the stock one on cached answers (about 30 us of event-loop work a request) and the same on
  evaluated ones (benchmarks/fronts.py, RESULTS.md).
- `--threads 4 --keep-alive 5`: clients that keep the connection (SPARQLWrapper, browsers, YASGUI)
  skip a TCP handshake per query: a trivial WSGI app answered in 0.15 ms where sync workers (which
  close every connection) took 0.37 ms; 8-client throughput was the same (156 vs 157 requests/s at
  100k triples). A slow query holds one thread and its query process until QUERY_TIMEOUT while the
  other threads and workers go on answering.
- `--timeout`: gunicorn's own worker timeout must exceed QUERY_TIMEOUT (the worker waits for its
  query process), e.g. QUERY_TIMEOUT + 30.
- `--limit-request-line 8190`: longer GET queries should be sent by POST (YASGUI does).
- gunicorn >= 24 opens a control socket in ~/.gunicorn unless `--no-control-socket`.
"""
from __future__ import annotations

import os
import sys
from typing import Any

from gunicorn.app.base import BaseApplication

from .front import check as check_front


def __getattr__(name: str) -> Any:
    """`app` is created on first access (gunicorn's import), not when this module is imported."""
    if name == "app":
        from .app import create_app

        globals()["app"] = application = create_app()
        from .explore import warm

        warm(application)  # the actor network, made once in the master and shared by the workers
        return application
    raise AttributeError(name)


def gunicorn_options(host: str, port: int, workers: int | None, query_timeout: float, access_log: bool = False) -> dict:
    """The settings recommended above, as gunicorn option names."""
    return {
        "bind": f"{host}:{port}",
        "workers": workers or 2 * (os.cpu_count() or 1),
        "worker_class": "dtkg.server.front.GuardedWorker",
        "threads": 4,
        "keepalive": 5,
        "preload_app": True,
        "timeout": int(query_timeout or 0) + 30,
        "graceful_timeout": 10,
        "limit_request_line": 8190,
        "accesslog": "-" if access_log else None,
        "errorlog": "-",
        "proc_name": "dtkg",
        "control_socket_disable": True,  # gunicorn >= 24 would open ~/.gunicorn/gunicorn.ctl
        "post_worker_init": _post_worker_init,
        "worker_exit": _worker_exit,
    }


def _post_worker_init(worker) -> None:
    worker.wsgi.extensions["dtkg"].engine.warm()


def _worker_exit(server, worker) -> None:
    """Stop the query processes, then leave at once: freeing the inherited store at interpreter exit
    would write to (and so copy) every page shared with the master, for nothing."""
    app = getattr(worker, "wsgi", None)
    if app is not None:
        app.extensions["dtkg"].engine.close()
    error = sys.exc_info()[1]
    code = error.code if isinstance(error, SystemExit) else (1 if error else 0)
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    os._exit(code if isinstance(code, int) else 1)


class Gunicorn(BaseApplication):
    """gunicorn run programmatically on an application created before the workers are forked."""

    def __init__(self, application, options: dict):
        self.application, self.options = application, options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            if value is not None and key in self.cfg.settings:  # settings older gunicorns lack are skipped
                self.cfg.set(key, value)

    def load(self):
        return self.application


def serve(application, host: str = "127.0.0.1", port: int = 8080, workers: int | None = None,
          access_log: bool = False) -> None:
    """Run `application` under gunicorn until interrupted; ValueError for a bad front setting."""
    config = application.extensions["dtkg"].config
    check_front(config)
    timeout = config.QUERY_TIMEOUT
    Gunicorn(application, gunicorn_options(host, port, workers, timeout, access_log)).run()
