"""`create_app(config=None)`: the Flask application of the dtkg server.

It serves the engine it is given, or opens one (graph/engine) for `config.STORE` / `config.FILES`;
it never builds the dataset (`dtkg serve` does, before). It keeps the engine in `app.extensions["dtkg"]`,
puts the SPARQL endpoint in front of Flask (plain WSGI, see sparql.py), registers the protocol error
handler, then the web views, and wraps it all in read-only CORS and the security headers.

>>> app = create_app({"FILES": ["tests/data/mini.trig"]})                  # doctest: +SKIP
>>> app.test_client().get("/sparql", query_string={"query": "ASK {}"}).json   # doctest: +SKIP
{'head': {}, 'boolean': True}
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

from flask import Flask

from dtkg.graph.engine import open_engine

from .config import Config
from .cors import Cors
from .errors import register_error_handlers
from .security_headers import SecureHeaders
from . import sparql


@dataclass
class ServerState:
    """What views need: `app.extensions["dtkg"].engine` (the engine) and `.config`."""

    engine: Any
    config: Config


def create_app(config: Mapping[str, Any] | Config | None = None, engine=None) -> Flask:
    """The application; `config` overrides the defaults and `DTKG_*` variables (see config.py)."""
    cfg = Config.load(config)
    here = Path(__file__).resolve().parent  # explicit: the editable install maps dtkg.server to server/
    app = Flask("dtkg.server", root_path=str(here), instance_path=str(here / "instance"))
    app.config.update(cfg.as_flask())
    app.config["TRUSTED_HOSTS"] = list(cfg.TRUSTED_HOSTS) or None  # Flask answers 400 to other Host headers
    if engine is None:
        engine = open_engine(cfg.limits, cfg.source, cfg.STORE_IN_MEMORY)
    app.extensions["dtkg"] = ServerState(engine, cfg)
    register_error_handlers(app)
    app.wsgi_app = sparql.SparqlEndpoint(app, app.wsgi_app)
    from .web import register_web

    register_web(app)
    app.wsgi_app = Cors(app.wsgi_app, cfg.CORS_ORIGINS)
    app.wsgi_app = SecureHeaders(app.wsgi_app)
    return app


