"""The charts of the profile pages, as data: Chart.js (vendored, `server/static/charts.js`) draws them.

Each is {"key", "title", "unit", "labels", "datasets": [{"label", "data"}]}, built from the rows of a
profile's sections (profiles.py), so a chart shows exactly the numbers of the table above it.
"""
from __future__ import annotations

from .ui_text import ui


def _number(value) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def percent_chart(sections: list[dict], lang: str) -> list[dict]:
    """A province's figures in per cent beside its targets for the same indicators (target against actual)."""
    rows = {s["key"]: s["rows"] for s in sections}
    series: dict[str, dict] = {}
    for r in rows.get("figures", []):
        if r["unit"] == "PERCENT" and r["indicator"]:
            series.setdefault(r["indicator"]["text"], {})["actual"] = _number(r["value"]["value"])
    for r in rows.get("targets", []):
        if r["unit"] == "PERCENT" and r["indicator"] and r["year"]:
            series.setdefault(r["indicator"]["text"], {})[r["year"]["text"]] = _number(r["target"]["value"])
    series = {k: v for k, v in series.items() if any(x is not None for x in v.values())}
    if not series:
        return []
    years = sorted({k for v in series.values() for k in v if k != "actual"})
    labels = sorted(series, key=lambda k: ("actual" not in series[k], k))
    datasets = [{"label": ui("chart_actual", lang), "data": [series[k].get("actual") for k in labels]}]
    datasets += [{"label": f"{ui('col_target', lang)} {y}", "data": [series[k].get(y) for k in labels]} for y in years]
    return [{"key": "percent", "title": ui("chart_percent", lang), "unit": "PERCENT", "labels": labels,
             "datasets": datasets}]


def values_chart(sections: list[dict], lang: str) -> list[dict]:
    """An indicator's values across areas and periods, and its targets, when they share one unit."""
    rows = {s["key"]: s["rows"] for s in sections}
    points = [(f"{r['area']['text']}" + (f" ({r['period']['text']})" if r["period"] else ""), r["unit"],
               _number(r["value"]["value"]), "actual") for r in rows.get("values", []) if r["area"]]
    points += [(f"{r['area']['text']} ({ui('col_target', lang).lower()} {r['year']['text'] if r['year'] else ''})",
                r["unit"], _number(r["target"]["value"]), "target") for r in rows.get("targets", []) if r["area"]]
    units = {p[1] for p in points}
    if not points or len(units) != 1:
        return []
    labels = [p[0] for p in points]
    return [{"key": "values", "title": ui("chart_values", lang), "unit": units.pop(), "labels": labels,
             "datasets": [{"label": ui("chart_actual", lang), "data": [p[2] if p[3] == "actual" else None for p in points]},
                          {"label": ui("col_target", lang), "data": [p[2] if p[3] == "target" else None for p in points]}]}]


CHARTS = {"province": percent_chart, "indicator": values_chart}
