"""The actor network over HTTP: `/api/leaders`, `/api/path`, `/api/neighbours`, `/api/central`,
`/api/bridges`, `/api/network.{graphml,gexf,json}` (JSON in datasette's envelope) and the `/network` page.

The network is derived from the served dataset once, on first use, and kept for the life of the
process (the store never changes while served), one per backend.
"""
from __future__ import annotations

import threading

from flask import Blueprint, Response, current_app, request

from dtkg.graph.catalogue import get
from dtkg.graph.errors import BadInput, UnknownEntity
from dtkg.graph.explore import Explorer
from dtkg.graph.network import build_network, export_graph, node_link, oxigraph_select

from . import respond as r

bp = Blueprint("explore", __name__)
_lock = threading.Lock()
EXPORTS = {"graphml": "application/graphml+xml", "gexf": "application/gexf+xml"}


def explorer() -> Explorer:
    """The Explorer of the served dataset, built on first use."""
    backend = current_app.extensions["dtkg"].backend
    cache = current_app.extensions.setdefault("dtkg-network", {})
    with _lock:
        if id(backend) not in cache:
            cache[id(backend)] = Explorer(build_network(_select(backend)), _runner(backend))
        return cache[id(backend)]


def _select(backend):
    store = getattr(backend, "store", None)
    if store is not None:  # the in-memory store: read it directly rather than through a query process
        return oxigraph_select(store, union=not backend.merged)

    def select(text: str):
        return ({k: v.value for k, v in row.items()} for row in backend.select(text, timeout=600))
    return select


def _runner(backend):
    queries: dict = {}

    def run_named(name: str, params: dict) -> list[dict]:
        query = queries.setdefault(name, get(name))
        return [{k: v.value for k, v in row.items()} for row in backend.select(query.text, bindings=query.bindings(params))]
    return run_named


def answer(question, *args, **kwargs) -> Response:
    """The question's dict in the envelope; 404 with the closest labels, or 400 with a sentence."""
    try:
        data = question(*args, **kwargs)
    except UnknownEntity as exc:
        return r.json_body({"ok": False, "error": str(exc), "errors": [str(exc)], "status": 404,
                            "suggestions": exc.suggestions}, 404)
    except BadInput as exc:
        return r.error_json(str(exc), 400)
    return r.json_body({"ok": True, **data})


def _required(name: str) -> str:
    value = request.args.get(name, "").strip()
    if not value:
        raise BadInput(f"the parameter {name} is required (an IRI, a CURIE such as province:hau-giang, or a label)")
    return value


@bp.route("/api/leaders")
def leaders():
    return answer(lambda: explorer().leaders(_required("of"), request.args.get("as_of")))


@bp.route("/api/path")
def path():
    a = request.args
    return answer(lambda: explorer().path(_required("from"), _required("to"), a.get("as_of"), a.get("types")))


@bp.route("/api/neighbours")
def neighbours():
    a = request.args
    return answer(lambda: explorer().neighbours(_required("of"), a.get("depth", "1"), a.get("as_of"), a.get("types")))


@bp.route("/api/central")
def central():
    a = request.args
    return answer(lambda: explorer().central(a.get("measure", "degree"), a.get("province") or None))


@bp.route("/api/bridges")
def bridges():
    a = request.args
    wanted = [p for p in a.get("provinces", "").split(",") if p.strip()]
    return answer(lambda: explorer().bridges(wanted, a.get("types")))


@bp.route("/api/network.json")
def network_json():
    return r.json_body({"ok": True, **node_link(explorer().net)})


@bp.route("/api/network.<fmt>")
def network_export(fmt: str):
    if fmt not in EXPORTS:
        return r.error_json(f"the network is exported as json, graphml or gexf, not {fmt!r}", 404)
    return Response(export_graph(explorer().net, fmt), mimetype=EXPORTS[fmt],
                    headers={"Content-Disposition": f"attachment; filename=dtkg-network.{fmt}"})
