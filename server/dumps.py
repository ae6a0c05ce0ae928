"""The dumps of the served data: `/dumps` lists them, `/dumps/dtkg.SUFFIX` sends one.

When the server serves the built dataset, a dump is the very file the catalogue describes
(catalog.built_dump); otherwise the served store is written once per process into a cache file.
"""
from __future__ import annotations

import tempfile
from pathlib import Path

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, request, send_file

from dtkg.graph.formats import DUMP_FORMATS, by_name, writer_options

from . import respond as r
from .catalog import built_dump
from .context import engine, once, page_rows
from .negotiation import PAGE_OFFERS, alternates, by_path
from .ui_text import choose_lang, ui

bp = Blueprint("dumps", __name__)

def dump_links() -> list[dict]:
    return [{"href": f"/dumps/dtkg{by_name(f).suffix}", "type": by_name(f).media_type, "format": f}
            for f in DUMP_FORMATS]


@bp.route("/dumps")
@bp.route("/dumps.json")
def dumps():
    offer = by_path(request.path)
    data = {"title": ui("dumps", choose_lang()), "rows": dump_links()}
    return r.respond(data, "publish/dumps.html", offer, links=alternates("/dumps", PAGE_OFFERS))


@bp.route("/dumps/dtkg.<suffix>")
def dump(suffix: str):
    fmt = next((by_name(f) for f in DUMP_FORMATS if by_name(f).suffix == "." + suffix), None)
    if fmt is None:
        return Response(f"404 Not Found: no dump in .{suffix}; see /dumps\n", status=404, mimetype="text/plain")
    path = built_dump(suffix) or once(f"dump-{fmt.name}", lambda: write_dump(fmt))  # the catalogue's own file
    return send_file(path, mimetype=fmt.media_type, as_attachment=False, download_name=f"dtkg{fmt.suffix}",
                     conditional=True, max_age=3600)


def write_dump(fmt) -> Path:
    """Serialise the served data once into a per-process cache file: quad formats hold the named
    graphs, triple formats their union (set semantics)."""
    from dtkg.graph.export import serialize, write_atomic

    folder = Path(current_app.config.get("DTKG_CACHE_DIR") or tempfile.mkdtemp(prefix="dtkg-dumps-"))
    target = folder / f"dtkg{fmt.suffix}"
    store, merged = served_store()
    prefixes = writer_options(fmt)

    def write(out):
        if not merged:
            serialize(store, fmt, out)
        elif fmt.quads:  # leave out the default graph: it is the materialised union of the named graphs
            named = (q for q in store if not isinstance(q.graph_name, ox.DefaultGraph))
            ox.serialize(named, out, fmt.oxigraph, **prefixes)
        else:
            store.dump(out, fmt.oxigraph, from_graph=ox.DefaultGraph(), **prefixes)

    write_atomic(target, write)
    return target


def served_store() -> tuple[ox.Store, bool]:
    """The local engine's own Oxigraph store when there is one (fast, no result-size limit), and
    whether its default graph holds the union of the named graphs; for a remote store, a copy of its
    named graphs made through SPARQL."""
    b = engine()
    store = getattr(b, "store", None)
    if not isinstance(store, ox.Store) and getattr(b, "path", None):
        store = ox.Store.read_only(str(b.path))
    if isinstance(store, ox.Store):
        return store, bool(getattr(b, "merged", False))
    store = ox.Store()
    store.bulk_extend(ox.Quad(row["s"], row["p"], row["o"], row["g"]) for row in page_rows("dump_quads"))
    return store, False


