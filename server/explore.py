"""The actor network over HTTP: `/api/leaders`, `/api/path`, `/api/neighbours`, `/api/central`,
`/api/bridges`, `/api/network.{graphml,gexf,json}` (JSON in datasette's envelope) and the `/network` page.

The network is derived from the served dataset once, on first use, and kept for the life of the
process (the store never changes while served), one per engine.
"""
from __future__ import annotations

import threading

import json

from flask import Blueprint, Response, current_app, request

from dtkg.graph.errors import BadInput, UnknownEntity
from dtkg.graph.explore import Explorer
from dtkg.graph.formats import NETWORK_FORMATS
from dtkg.graph.network import build_network, engine_select, export_graph, node_link

from . import respond as r
from .context import base_iri
from .labels import local_path
from .negotiation import HTML
from .ui_text import choose_lang

bp = Blueprint("explore", __name__)
_lock = threading.Lock()
UI = {  # the network view's own strings (vi, en); network.js reads them from data-i18n
    "network": ("Mạng lưới tác nhân", "Actor network"), "filters": ("Bộ lọc, đường nối, xuất", "Filters, path, export"), "node_types": ("Loại nút", "Node types"),
    "edge_types": ("Loại cạnh", "Edge types"), "province": ("Tỉnh", "Province"), "all": ("Tất cả", "All"),
    "as_of": ("Vào thời điểm", "As of"), "all_dates": ("mọi thời điểm", "all dates"),
    "path": ("Đường nối giữa hai thực thể", "Path between two entities"), "from": ("Từ", "From"), "to": ("Đến", "To"),
    "show_path": ("Tìm đường", "Show path"), "clear": ("Xóa", "Clear"), "export": ("Xuất", "Export"),
    "no_path": ("Không có chuỗi bằng chứng nào nối hai thực thể.", "No chain of evidence links the two."),
    "hint": ("Bấm vào một nút để mở trang của nó.", "Click a node to open its page."),
    "posts": ("Chức vụ theo thời gian", "Posts over time"), "known_from": ("ghi nhận từ", "attested from"),
    "until": ("đến", "to"), "next_holder": ("người kế nhiệm được ghi nhận", "next holder attested"),
    "undated": ("không ghi ngày", "undated"), "person": ("Người", "Person"), "organisation": ("Tổ chức", "Organisation"),
    "place": ("Địa danh", "Place"), "document": ("Văn bản", "Document"), "programme": ("Chương trình", "Programme"),
    "platform": ("Nền tảng", "Platform"), "event": ("Sự kiện", "Event"),
}
NODE_KINDS = ("person", "organisation", "place", "document", "programme", "platform", "event")


def nt(key: str, lang: str) -> str:
    vi, en = UI[key]
    return vi if lang == "vi" else en


def view_attributes(lang: str, src: str, focus: str | None = None) -> dict:
    """The data-* attributes network.js reads: where the data is, the strings, the language."""
    from dtkg.graph.network import EDGE_TYPES

    return {"data-src": src, "data-lang": lang, "data-base": base_iri(), "data-focus": focus or "",
            "data-i18n": json.dumps({k: nt(k, lang) for k in UI}, ensure_ascii=False),
            "data-node-types": " ".join(NODE_KINDS), "data-edge-types": " ".join(EDGE_TYPES)}


@bp.app_context_processor
def network_helpers() -> dict:
    """For the entity page's partials: the timeline and the panel, without touching the page's view."""
    def network_has(iri: str) -> bool:
        try:
            return iri in explorer().net.graph
        except Exception:  # a remote store that cannot be projected must not break the entity page
            current_app.logger.exception("network unavailable")
            return False

    def network_timeline(iri: str) -> list[dict]:
        return explorer().timeline(iri) if network_has(iri) else []

    return {"network_has": network_has, "network_timeline": network_timeline, "nt": nt,
            "network_view": view_attributes, "network_href": local_path}


@bp.route("/network")
def network_page():
    lang = choose_lang()
    data = {"title": nt("network", lang), "view": view_attributes(lang, "/api/network.json"),
            "node_types": [(k, nt(k, lang)) for k in NODE_KINDS]}
    return r.respond(data, "network/network.html", HTML)


def explorer() -> Explorer:
    """The Explorer of the served dataset, built on first use."""
    engine = current_app.extensions["dtkg"].engine
    cache = current_app.extensions.setdefault("dtkg-network", {})
    with _lock:
        if id(engine) not in cache:
            cache[id(engine)] = Explorer(build_network(engine_select(engine)))
        return cache[id(engine)]


def warm(app) -> None:
    """Build the network before the workers fork (gunicorn --preload), so that it is made once and
    shared rather than once per worker on its first request; a failure only defers it."""
    try:
        with app.app_context():
            explorer()
    except Exception:  # noqa: BLE001  (the pages work without it and will try again on first use)
        app.logger.exception("the actor network could not be built at start")


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
    if fmt not in NETWORK_FORMATS:
        return r.error_json(f"the network is exported as json, graphml or gexf, not {fmt!r}", 404)
    return Response(export_graph(explorer().net, fmt), mimetype=NETWORK_FORMATS[fmt],
                    headers={"Content-Disposition": f"attachment; filename=dtkg-network.{fmt}"})
