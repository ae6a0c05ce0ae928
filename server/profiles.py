"""The plain-language summary an entity page opens with (and its JSON twin carries).

`summary(node, kinds, title, lang)` picks the profile by the node's types (province, person,
organisation, platform, document, indicator), runs the `server/page_queries/profile_*.rq` queries and
returns sections of rows whose cells are words a reader uses: labels, formatted numbers and dates,
each row with a link to its source text where the quote is highlighted.
"""
from __future__ import annotations

from urllib.parse import urlencode

import pyoxigraph as ox

from dtkg.graph.namespaces import DTKG, ELI, FOAF, ORG, QB, SCHEMA, short

from . import humanize as h
from .charts import CHARTS
from .context import engine, page_query
from .labels import Labels, local_path, term_label
from .profile_text import sentence
from .ui_text import ui

TARGET = str(DTKG.Target)
KINDS = (  # the first type that matches decides the profile
    ("source", {str(SCHEMA.NewsArticle)}),
    ("figure", {str(QB.Observation), TARGET}),
    ("province", {str(DTKG.Province)}),
    ("person", {str(FOAF.Person), str(SCHEMA.Person)}),
    ("platform", {str(DTKG.DigitalSystem)}),
    ("document", {str(ELI.LegalResource), str(DTKG.Programme)}),
    ("organisation", {str(ORG.Organization), str(ORG.FormalOrganization), str(ORG.OrganizationalUnit)}),
)
INDICATOR_SCHEME = "vocab/indicator/"
SOURCE_PREFIX = "id/source/"


def kind_of(iri: str, kinds: set[str]) -> str | None:
    for name, types in KINDS:
        if kinds & types:
            return name
    return "indicator" if INDICATOR_SCHEME in iri else None


def collect(name: str, node: ox.NamedNode, key: str, lang: str) -> list[dict]:
    """Rows of page query `name` grouped by ?key, in the query's order. A variable ?x with a
    companion ?xLabel becomes {"iri", "href", "label"} with the label in the reader's language;
    other values keep their lexical form (the first row that binds them wins)."""
    labels, groups = Labels(), {}
    for row in engine().select(page_query(name), bindings={"node": node}):
        if row.get(key) is None:
            continue
        groups.setdefault(str(row[key]), []).append(row)
        for var, value in row.items():
            if var.endswith("Label"):
                base = row.get(var[: -len("Label")])
                if base is not None and isinstance(value, ox.Literal):
                    labels.add(base.value, value)
    out = []
    for rows in groups.values():
        item = {}
        # the same choice on every store, whatever order it returns rows in
        for row in sorted(rows, key=lambda row: sorted((k, str(v)) for k, v in row.items() if not k.endswith("Label"))):
            for var, value in row.items():
                if not var.endswith("Label") and var not in item:
                    item[var] = value
        out.append({var: _plain(value, labels, lang) for var, value in item.items()})
    return out


def _plain(value, labels: Labels, lang: str):
    if isinstance(value, ox.NamedNode):
        return {"iri": value.value, "href": local_path(value.value) or value.value,
                "label": labels.pick(value.value, lang) or term_label(value.value, lang) or short(value.value)}
    return value.value if value is not None else None


def link(item: dict | None) -> dict | None:
    return {"text": item["label"], "href": item["href"], "iri": item["iri"]} if item else None


def text(value: str | None, raw=None) -> dict | None:
    return {"text": value, **({"value": raw} if raw is not None else {})} if value else None


def source_cell(row: dict) -> dict | None:
    """The source of a row: its title, linking to the local text with the quote highlighted."""
    source = row.get("source")
    if not source:
        return None
    return {"text": source["label"], "href": source_text_href(source["iri"], row.get("quoteStart"),
                                                              row.get("quoteEnd")) or source["href"],
            "iri": source["iri"]}


def source_text_href(iri: str, start=None, end=None) -> str | None:
    path = local_path(iri) or ""
    if not path.startswith("/" + SOURCE_PREFIX):
        return None
    query = "?" + urlencode({"start": start, "end": end}) if start is not None and end is not None else ""
    return "/sources/" + path.removeprefix("/" + SOURCE_PREFIX) + query + ("#quote" if query else "")


def cited_sources(summary: dict) -> set[str]:
    """The IRIs of the sources the summary's rows link to."""
    return {row["source"]["iri"] for s in summary["sections"] for row in summary[s["key"]]
            if row.get("source") and row["source"].get("iri")}


def section(key: str, lang: str, columns: list[str], rows: list[dict]) -> dict:
    return {"key": key, "title": ui("section_" + key, lang),
            "columns": [{"key": c, "title": ui("col_" + c, lang)} for c in columns], "rows": rows}


# ------------------------------------------------------------------ the sections


def leaders(node, lang, query="profile_province_leaders"):
    rows = []
    for r in collect(query, node, "membership", lang):
        rows.append({"role": link(r.get("role")), "person": link(r.get("person")),
                     "organisation": link(r.get("organisation")),
                     "attested": text(h.date(r.get("attested"), lang), r.get("attested")),
                     "source": source_cell(r)})
    return rows


def posts(node, lang):
    return [{"attested": text(h.date(r.get("attested"), lang), r.get("attested")), "role": link(r.get("role")),
             "organisation": link(r.get("organisation")), "source": source_cell(r)}
            for r in collect("profile_posts", node, "membership", lang)]


def members(node, lang):
    return [{"person": link(r.get("person")), "role": link(r.get("role")), "head": bool(r.get("head")) and (r.get("organisation") or {}).get("iri") == node.value,
             "organisation": link(r.get("organisation")),
             "attested": text(h.date(r.get("attested"), lang), r.get("attested")), "source": source_cell(r)}
            for r in collect("profile_members", node, "membership", lang)]


def platforms(node, lang):
    return [{"system": link(r.get("system")), "status": link(r.get("status")), "operator": link(r.get("operator")),
             "place": link(r.get("place")), "attested": text(h.date(r.get("attested"), lang), r.get("attested")),
             "source": source_cell(r)}
            for r in collect("profile_deployments", node, "deployment", lang)]


def figures(node, lang):
    rows = []
    for r in collect("profile_figures", node, "observation", lang):
        value = h.figure(r["value"], (r.get("unit") or {}).get("iri"), (r.get("qualifier") or {}).get("iri"), lang,
                         r.get("rankOutOf"))
        rows.append({"indicator": link(r.get("indicator")), "area": link(r.get("area")),
                     "unit": _unit(r), "rank_out_of": r.get("rankOutOf"),
                     "value": {"text": value, "value": r["value"], "href": r["observation"]["href"],
                               "note": r.get("original")},
                     "period": text(h.period((r.get("period") or {}).get("label"), lang)),
                     "source": source_cell(r)})
    return rows


def targets(node, lang):
    rows = []
    for r in collect("profile_targets", node, "goal", lang):
        unit = (r.get("unit") or {}).get("iri")
        goal = h.target(r["value"], unit, (r.get("comparator") or {}).get("iri"), lang, r.get("rankOutOf"))
        actual = None
        if r.get("actualValue") is not None:
            actual = h.figure(r["actualValue"], (r.get("actualUnit") or {}).get("iri"),
                              (r.get("actualQualifier") or {}).get("iri"), lang, r.get("rankOutOf"))
            period = r.get("actualPeriodLabel")
            actual = {"text": actual + (f" ({h.period(period, lang)})" if period else ""),
                      "value": r["actualValue"], "href": r["actual"]["href"]}
        rows.append({"indicator": link(r.get("indicator")), "area": link(r.get("area")), "unit": _unit(r),
                     "rank_out_of": r.get("rankOutOf"),
                     "target": {"text": goal, "value": r["value"], "href": r["goal"]["href"]},
                     "year": text(r.get("year")), "actual": actual, "document": link(r.get("document")),
                     "source": source_cell(r)})
    return rows


def _unit(row: dict) -> str | None:
    return (row.get("unit") or {}).get("iri", "").removeprefix(h.UNIT) or None


def documents(node, lang, relations=None):
    rows = []
    for r in collect("profile_documents", node, "document", lang):
        if relations and r.get("relation") not in relations:
            continue
        rows.append({"document": link(r.get("document")), "relation": text(ui("rel_" + r["relation"], lang)),
                     "kind": link(r.get("kind")), "number": text(r.get("number")),
                     "date": text(h.date(r.get("date"), lang), r.get("date")), "issuer": link(r.get("issuer")),
                     "source": source_cell(r)})
    return rows


def events(node, lang):
    return [{"event": link(r.get("event")), "date": text(h.date(r.get("start"), lang), r.get("start")),
             "place": link(r.get("location")), "source": source_cell(r)}
            for r in collect("profile_events", node, "event", lang)]


def units(node, lang, relation):
    return [{"organisation": link(r.get("unit"))} for r in collect("profile_units", node, "unit", lang)
            if r.get("relation") == relation]


def facts(node, lang) -> dict[str, list[dict]]:
    """The node's one-to-one facts by property local name (era, isReplacedBy, id_local, …)."""
    labels, found = Labels(), {}
    for row in engine().select(page_query("profile_facts"), bindings={"node": node}):
        if row.get("oLabel") is not None and isinstance(row["o"], ox.NamedNode):
            labels.add(row["o"].value, row["oLabel"])
        found.setdefault(row["p"].value.rsplit("#", 1)[-1].rsplit("/", 1)[-1], {}).setdefault(str(row["o"]), row["o"])
    out = {}
    for name, values in found.items():
        out[name] = []
        for value in values.values():
            if isinstance(value, ox.Literal) and value.language and value.language != lang:
                continue
            out[name].append(_plain(value, labels, lang))
    return out


# ------------------------------------------------------------------ the profiles


def summary(node: ox.NamedNode, kinds: set[str], title: str, lang: str) -> dict | None:
    kind = kind_of(node.value, kinds)
    if kind is None:
        return None
    if kind == "figure":
        return figure_summary(node, TARGET in kinds, lang)
    if kind == "source":
        return source_summary(node, title, lang)
    f = facts(node, lang)
    sections = BUILDERS[kind](node, lang)
    sections = [s for s in sections if s["rows"]]
    text = sentence(kind, title, f, sections, lang)
    charts = CHARTS[kind](sections, lang) if kind in CHARTS else []
    keys = [s["key"] for s in sections]
    for chart in charts:  # shown after the table it draws
        chart["after"] = next((k for k in ("targets", "figures", "values") if k in keys), keys[-1] if keys else None)
    rows = {s["key"]: s.pop("rows") for s in sections}
    for s in sections:
        s["count"] = len(rows[s["key"]])
    # the rows of each section under its key (leaders, platforms, figures, …); `sections` says how to show them
    return {"kind": kind, "kind_label": ui("kind_" + kind, lang), "text": text, "facts": fact_list(kind, f, lang),
            "sections": sections, "charts": charts, **rows}


def figure_summary(node, is_target: bool, lang: str) -> dict | None:
    """A figure or a target on its own page: what, where, when, how much (as the source said it), who said so."""
    found = collect("profile_figure", node, "node", lang)
    if not found:
        return None
    r = found[0]
    notes = Labels()
    for row in engine().select(page_query("profile_figure"), bindings={"node": node}):
        if row.get("note") is not None:
            notes.add("note", row["note"])
    unit, rank = (r.get("unit") or {}).get("iri"), r.get("rankOutOf")
    if is_target:
        value = h.target(r["value"], unit, (r.get("comparator") or {}).get("iri"), lang, rank)
    else:
        value = h.figure(r["value"], unit, (r.get("qualifier") or {}).get("iri"), lang, rank)
    when = r.get("year") or h.period((r.get("period") or {}).get("label"), lang)
    rows = [("indicator", link(r.get("indicator"))), ("area", link(r.get("area"))),
            ("year" if is_target else "period", text(when)), ("target" if is_target else "value", text(value, r["value"])),
            ("original", text(f"“{r['original']}”" if r.get("original") else None)),
            ("reporter", link(r.get("reporter"))), ("document", link(r.get("document"))),
            ("inferred", text(notes.pick("note", lang)))]
    facts_ = [{"key": k, "title": ui("col_" + k, lang), "cells": [c]} for k, c in rows if c]
    what = (r.get("indicator") or {}).get("label", "")
    where = (r.get("area") or {}).get("label", "")
    lead = f"{what}, {where}" + (f", {when}" if when else "") + f": {value}."
    if is_target:
        lead = (f"Chỉ tiêu {when}: " if lang == "vi" else f"Target for {when}: ") + f"{what}, {where}: {value}."
    kind = "target" if is_target else "figure"
    return {"kind": kind, "kind_label": ui("kind_" + kind, lang), "text": lead, "facts": facts_, "sections": []}


def source_summary(node, title: str, lang: str) -> dict:
    """A source article: who published it, when (or how precisely that is known), its text here."""
    labels, first = Labels(), {}
    for row in engine().select(page_query("source_card"), bindings={"node": node}):
        for var in ("precision", "publisherLabel"):
            if row.get(var) is not None:
                labels.add(var, row[var])
        for var in ("url", "published", "localCopy"):
            if row.get(var) is not None:
                first.setdefault(var, row[var].value)
    url = first.get("url")
    text_href = source_text_href(node.value) if first.get("localCopy") else None
    published = h.date(first.get("published"), lang)
    rows = [("publisher", text(labels.pick("publisherLabel", lang))),
            ("published", text(published) if published else text(ui("no_date", lang))),
            ("date_precision", text(labels.pick("precision", lang))),
            ("original_url", {"text": url, "href": url} if url else None),
            ("source_text", {"text": ui("source_text", lang), "href": text_href} if text_href else None)]
    facts_ = [{"key": k, "title": ui(k, lang), "cells": [c]} for k, c in rows if c]
    lead = f"{title} — " + "; ".join(filter(None, [labels.pick("publisherLabel", lang),
                                                   published or ui("no_date_short", lang)])) + "."
    return {"kind": "source", "kind_label": ui("kind_source", lang), "text": lead, "facts": facts_, "sections": []}


def province(node, lang):
    return [section("leaders", lang, ["role", "person", "organisation", "attested", "source"], leaders(node, lang)),
            section("platforms", lang, ["system", "status", "operator", "place", "attested", "source"],
                    platforms(node, lang)),
            section("figures", lang, ["indicator", "value", "period", "source"], figures(node, lang)),
            section("targets", lang, ["indicator", "target", "year", "actual", "document"], targets(node, lang)),
            section("documents", lang, ["document", "number", "date", "issuer", "source"], documents(node, lang)),
            section("events", lang, ["event", "date", "source"], events(node, lang)),
            section("organisations", lang, ["organisation"], units(node, lang, "serves"))]


def person(node, lang):
    return [section("posts", lang, ["attested", "role", "organisation", "source"], posts(node, lang)),
            section("events", lang, ["event", "date", "place", "source"], events(node, lang))]


def organisation(node, lang):
    people = members(node, lang)
    return [section("members", lang, ["person", "role", "organisation", "attested", "source"], people),
            section("units", lang, ["organisation"], units(node, lang, "unit")),
            section("documents_issued", lang, ["document", "number", "date", "source"],
                    documents(node, lang, {"issued"})),
            section("platforms_operated", lang, ["system", "place", "status", "attested", "source"],
                    platforms(node, lang)),
            section("events", lang, ["event", "date", "place", "source"], events(node, lang))]


def platform(node, lang):
    return [section("deployments", lang, ["place", "status", "operator", "attested", "source"], platforms(node, lang)),
            section("figures", lang, ["indicator", "area", "value", "period", "source"], figures(node, lang))]


def document(node, lang):
    return [section("related_documents", lang, ["relation", "document", "number", "date", "issuer"],
                    documents(node, lang, {"implements", "implemented_by", "cites"})),
            section("targets", lang, ["indicator", "area", "target", "year", "actual"], targets(node, lang))]


def indicator(node, lang):
    return [section("values", lang, ["area", "value", "period", "source"], figures(node, lang)),
            section("targets", lang, ["area", "target", "year", "actual", "document"], targets(node, lang))]


BUILDERS = {"province": province, "person": person, "organisation": organisation, "platform": platform,
            "document": document, "indicator": indicator}
FACT_KEYS = {  # which one-to-one facts each profile lists, in order
    "province": ("era", "isReplacedBy", "replaces", "containedInPlace"),
    "person": ("headOf",),
    "organisation": ("classification", "unitOf", "areaServed"),
    "platform": ("type", "provider"),
    "document": ("type_document", "type", "id_local", "date_document", "passed_by", "approvedBy", "spatial", "comment"),
    "indicator": ("definition",),
}


def fact_list(kind: str, found: dict, lang: str) -> list[dict]:
    out = []
    for key in FACT_KEYS[kind]:
        values = found.get(key) or []
        cells = []
        for v in values:
            if isinstance(v, dict):
                cells.append(link(v))
            else:
                cells.append(text(h.date(v, lang) if key == "date_document" else v))
        if cells:
            out.append({"key": key, "title": ui("fact_" + key, lang), "cells": cells})
    return out
