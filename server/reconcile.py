"""The reconciliation service at `/reconcile`: the W3C Entity Reconciliation Community Group's
Reconciliation Service API v0.2, which OpenRefine speaks.

- `GET /reconcile`: the manifest; `GET|POST /reconcile?queries=…`: a batch of queries;
  `GET|POST /reconcile?extend=…`: data extension (`/reconcile/properties?type=` proposes properties);
- `/reconcile/suggest/{entity,type,property}?prefix=`: auto-completion; `/reconcile/preview?id=`.

Identifiers are the graph's IRIs; names are matched by `dtkg.graph.matching` over an index built
once per process from the served store. Absolute URLs in the manifest start at PUBLIC_URL.
"""
from __future__ import annotations

import json
import re

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, render_template, request

from dtkg.graph.matching import KINDS, LabelIndex, normalise

from . import respond as r
from .context import engine, base_iri, once, page_query
from .labels import Labels, local_path
from .ui_text import choose_lang

bp = Blueprint("reconcile", __name__)

MAX_QUERIES = 500          # queries in one batch
MAX_LIMIT, DEFAULT_LIMIT = 100, 10
SUGGEST_PAGE = 20
PREVIEW_SIZE = (400, 160)
PREVIEW_CSP = ("default-src 'self'; script-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
               "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors *")
WIKIDATA = "http://www.wikidata.org/entity/"
POST2025 = "https://w3id.org/vn-dtkg/vocab/era/post2025"
_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?$")

# Properties: for query constraints (`province`) and data extension (all), with the kinds they apply to.
PROPERTIES = {
    "province": {"en": "Province", "vi": "Tỉnh", "kinds": ("organisation", "person", "platform", "document"),
                 "type": "province"},
    "leader": {"en": "Leader (as attested on or before a date)", "vi": "Người đứng đầu (được ghi nhận đến ngày)",
               "kinds": ("province", "organisation"), "type": "person"},
    "gso-code": {"en": "GSO code", "vi": "Mã GSO", "kinds": ("province",)},
    "era": {"en": "Era (63 or 34 provinces)", "vi": "Thời kỳ (63 hay 34 tỉnh)", "kinds": ("province",)},
    "successor": {"en": "Province covering it from 1 July 2025", "vi": "Tỉnh bao trùm từ 1/7/2025",
                  "kinds": ("province",), "type": "province"},
    "wikidata": {"en": "Wikidata item", "vi": "Mục Wikidata", "kinds": tuple(KINDS)},
}


class BadInput(ValueError):
    """A request the service cannot answer; its message is sent with HTTP 400."""


def index() -> LabelIndex:
    return once("reconcile-index", lambda: LabelIndex.from_select(engine().select))


def public_url() -> str:
    root = current_app.config.get("PUBLIC_URL") or base_iri()
    return root if root.endswith("/") else root + "/"


def _name(spec: dict, lang: str) -> str:
    return spec["vi"] if lang == "vi" else spec["en"]


def manifest(lang: str) -> dict:
    root = public_url() + "reconcile"
    return {
        "versions": ["0.2"],
        "name": "dtkg: đồ thị tri thức chuyển đổi số Việt Nam" if lang == "vi"
                else "dtkg: the knowledge graph of Vietnam's digital transformation",
        "identifierSpace": base_iri(),
        "schemaSpace": base_iri() + "ontology#",
        "documentation": public_url() + "queries",
        "view": {"url": "{{id}}"},
        "preview": {"url": root + "/preview?id={{id}}", "width": PREVIEW_SIZE[0], "height": PREVIEW_SIZE[1]},
        "defaultTypes": [{"id": kind, "name": _name(spec, lang)} for kind, spec in KINDS.items()],
        "suggest": {part: {"service_url": root, "service_path": f"/suggest/{part}"}
                    for part in ("entity", "type", "property")},
        "extend": {
            "propose_properties": {"service_url": root, "service_path": "/properties"},
            "property_settings": [{"name": "date", "label": "Date (YYYY-MM-DD) for leader", "type": "text",
                                   "default": "", "help_text": "Heads attested on or before this date; empty: all."}],
        },
    }


def _json_param(name: str):
    raw = request.values.get(name)
    try:
        return json.loads(raw)
    except (TypeError, ValueError) as exc:
        raise BadInput(f"The {name} parameter is not valid JSON: {exc}.") from None


@bp.route("/reconcile", methods=["GET", "POST"])
def service():
    lang = choose_lang()
    try:
        if "queries" in request.values:
            return r.json_body(reconcile_batch(_json_param("queries"), lang))
        if "extend" in request.values:
            return r.json_body(extend(_json_param("extend"), lang))
    except BadInput as exc:
        return r.error_json(str(exc), 400)
    return r.json_body(manifest(lang))


def reconcile_batch(batch, lang: str) -> dict:
    if not isinstance(batch, dict):
        raise BadInput("queries must be a JSON object of query id → query.")
    if len(batch) > MAX_QUERIES:
        raise BadInput(f"A batch holds at most {MAX_QUERIES} queries; this one has {len(batch)}.")
    return {key: {"result": reconcile_one(key, query, lang)} for key, query in batch.items()}


def reconcile_one(key: str, query, lang: str) -> list[dict]:
    if not isinstance(query, dict):
        raise BadInput(f"Query {key!r} must be a JSON object.")
    text = query.get("query", "")
    properties = query.get("properties") or []
    if not isinstance(text, str) or not isinstance(properties, list) or not (text.strip() or properties):
        raise BadInput(f"Query {key!r} needs a non-empty string query (or properties).")
    kinds = query.get("type") or []
    kinds = [kinds] if isinstance(kinds, str) else kinds
    if not isinstance(kinds, list):
        raise BadInput(f"Query {key!r}: type must be a type id or a list of them.")
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        raise BadInput(f"Query {key!r} has unknown type {unknown[0]!r}; known: {', '.join(KINDS)}.")
    limit = query.get("limit", DEFAULT_LIMIT)
    if not isinstance(limit, int) or isinstance(limit, bool) or not 1 <= limit <= MAX_LIMIT:
        raise BadInput(f"Query {key!r}: limit must be a whole number from 1 to {MAX_LIMIT}.")
    provinces = _province_constraint(key, properties)
    if not text.strip():
        return []  # no name: a property alone does not single out an entity here
    return [candidate_json(c, lang) for c in index().match(text, kinds, provinces, limit)]


def _province_constraint(key: str, properties: list) -> set[str] | None:
    wanted: set[str] | None = None
    for prop in properties:
        pid = prop.get("pid") if isinstance(prop, dict) else None
        if pid != "province":
            raise BadInput(f"Query {key!r}: the only property a query can state is 'province', not {pid!r}.")
        values = prop.get("v")
        wanted = wanted or set()
        for value in values if isinstance(values, list) else [values]:
            value = value.get("id") if isinstance(value, dict) else value
            if not isinstance(value, str):
                raise BadInput(f"Query {key!r}: a province is a name or an id, got {value!r}.")
            wanted |= index().resolve_province(value)
    return wanted


def candidate_json(c, lang: str) -> dict:
    out = {"id": c.entity.iri, "name": c.entity.name(lang), "score": c.score, "match": c.match,
           "type": [{"id": k, "name": _name(KINDS[k], lang)} for k in sorted(c.entity.kinds)],
           "features": [{"id": k, "value": v} for k, v in c.features.items()]}
    description = describe(c.entity, lang)
    if description:
        out["description"] = description
    return out


def describe(entity, lang: str) -> str:
    """A line to tell namesakes apart: the entity's own description, else its kinds and provinces."""
    own = entity.descriptions.get(lang) or next(iter(entity.descriptions.values()), "")
    if own:
        return own
    places = sorted(index().entities[p].name(lang) for p in entity.provinces if p in index().entities)
    kinds = ", ".join(_name(KINDS[k], lang) for k in sorted(entity.kinds))
    return kinds + (" · " + ", ".join(places) if places else "")


# ------------------------------------------------------------------ suggest and preview


def _cursor() -> int:
    raw = request.args.get("cursor", "0")
    if not raw.isdigit():
        raise BadInput(f"cursor must be a whole number, got {raw!r}.")
    return int(raw)


@bp.route("/reconcile/suggest/<part>")
def suggest(part: str):
    lang, prefix = choose_lang(), request.args.get("prefix", "")
    try:
        start = _cursor()
        if part == "entity":
            kinds = [k for k in request.args.getlist("type") if k]
            if any(k not in KINDS for k in kinds):
                raise BadInput(f"Unknown type; known: {', '.join(KINDS)}.")
            found = index().suggest(prefix, kinds)[start:start + SUGGEST_PAGE]
            result = [{"id": e.iri, "name": e.name(lang), "description": describe(e, lang),
                       "notable": [{"id": k, "name": _name(KINDS[k], lang)} for k in sorted(e.kinds)]} for e in found]
        elif part in ("type", "property"):
            table = KINDS if part == "type" else PROPERTIES
            result = [{"id": key, "name": _name(spec, lang)} for key, spec in table.items()
                      if _prefix_of(prefix, key, spec)][start:start + SUGGEST_PAGE]
        else:
            return r.error_json(f"No suggest service for {part!r}; there are entity, type and property.", 404)
    except BadInput as exc:
        return r.error_json(str(exc), 400)
    return r.json_body({"result": result})


def _prefix_of(prefix: str, key: str, spec: dict) -> bool:
    wanted = normalise(prefix)
    return any(normalise(text).startswith(wanted) for text in (key, spec["en"], spec["vi"]))


@bp.route("/reconcile/preview")
def preview():
    lang, iri = choose_lang(), request.args.get("id", "")
    entity = index().entities.get(iri)
    if entity is None:
        return r.error_json(f"No entity with id {iri!r} in this service.", 404)
    data = {"title": entity.name(lang), "iri": iri, "path": local_path(iri), "description": describe(entity, lang),
            "labels": [{"text": l.text, "lang": l.lang} for l in entity.labels]}
    response = Response(render_template("reconcile/preview.html", data=data, lang=lang), mimetype="text/html")
    # Clients such as OpenRefine show the preview in an <iframe> of their own page: it must be framable.
    response.headers["Content-Security-Policy"] = PREVIEW_CSP
    return response


# ------------------------------------------------------------------ data extension


@bp.route("/reconcile/properties")
def propose_properties():
    kind = request.args.get("type", "")
    if kind and kind not in KINDS:
        return r.error_json(f"Unknown type {kind!r}; known: {', '.join(KINDS)}.", 400)
    lang = choose_lang()
    found = [{"id": pid, "name": _name(spec, lang)} for pid, spec in PROPERTIES.items() if not kind or kind in spec["kinds"]]
    body = {"properties": found}
    if kind:
        body["type"] = kind
    return r.json_body(body)


def extend(query, lang: str) -> dict:
    if not isinstance(query, dict) or not isinstance(query.get("ids"), list) or not isinstance(query.get("properties"), list):
        raise BadInput("extend must be a JSON object with a list of ids and a list of properties.")
    if len(query["ids"]) > MAX_QUERIES:
        raise BadInput(f"An extension holds at most {MAX_QUERIES} ids.")
    props = []
    for prop in query["properties"]:
        pid = prop.get("id") if isinstance(prop, dict) else None
        if pid not in PROPERTIES:
            raise BadInput(f"Unknown property {pid!r}; known: {', '.join(PROPERTIES)}.")
        settings = prop.get("settings") or {}
        if not isinstance(settings, dict):
            raise BadInput(f"The settings of property {pid!r} must be a JSON object.")
        date = str(settings.get("date", "") or "").strip()
        if date and not _DATE.match(date):
            raise BadInput(f"The date setting must be YYYY, YYYY-MM or YYYY-MM-DD, got {date!r}.")
        props.append((pid, date))
    meta = []
    for pid, _ in props:
        item = {"id": pid, "name": _name(PROPERTIES[pid], lang)}
        if "type" in PROPERTIES[pid]:
            item["type"] = {"id": PROPERTIES[pid]["type"], "name": _name(KINDS[PROPERTIES[pid]["type"]], lang)}
        meta.append(item)
    rows = {}
    for iri in query["ids"]:
        if not isinstance(iri, str):
            raise BadInput(f"An id is a string, got {iri!r}.")
        rows[iri] = {pid: values(iri, pid, date, lang) for pid, date in props}
    return {"meta": meta, "rows": rows}


def values(iri: str, pid: str, date: str, lang: str) -> list[dict]:
    """The values of one property of one entity, in the shapes of the data extension response."""
    entity = index().entities.get(iri)
    if entity is None:
        return []
    if pid == "province":
        return [_entity_value(p, lang) for p in sorted(entity.provinces)]
    if pid == "leader":
        return leaders(iri, date, lang)
    facts = _facts(iri)
    if pid == "gso-code":
        return [{"str": code} for code in sorted(facts.get("gso-code", {}))]
    if pid == "era":
        return [{"id": era, "name": facts["era"][era].pick(era, lang) or era} for era in sorted(facts.get("era", {}))]
    if pid == "successor":
        successors = sorted(facts.get("successor", {}))
        if not successors and POST2025 in facts.get("era", {}):
            return [_entity_value(iri, lang)]  # unchanged by the reform: it covers itself
        return [_entity_value(s, lang) for s in successors]
    if pid == "wikidata":
        return [{"str": item[len(WIKIDATA):]} for item in sorted(facts.get("wikidata", {}))]
    return []


def _entity_value(iri: str, lang: str) -> dict:
    entity = index().entities.get(iri)
    return {"id": iri, "name": entity.name(lang) if entity else iri}


def _facts(iri: str) -> dict[str, dict[str, Labels]]:
    out: dict[str, dict[str, Labels]] = {}
    for row in engine().select(page_query("reconcile_facts"), bindings={"entity": ox.NamedNode(iri)}):
        labels = out.setdefault(row["p"].value, {}).setdefault(row["o"].value, Labels())
        if "label" in row:
            labels.add(row["o"].value, row["label"])
    return out


def leaders(iri: str, date: str, lang: str) -> list[dict]:
    """Per organisation, the head most recently attested on or before `date` (any attested head when
    no date is given; an undated attestation then counts too)."""
    latest: dict[str, tuple[str, str, str]] = {}
    for row in engine().select(page_query("reconcile_leaders"), bindings={"entity": ox.NamedNode(iri)}):
        attested = row["attested"].value if "attested" in row else ""
        if date and (not attested or attested > date):
            continue
        org = row["organisation"].value
        if org not in latest or attested > latest[org][0]:
            latest[org] = (attested, row["person"].value, row["name"].value)
    return [{"id": person, "name": name} for _, person, name in sorted(latest.values(), key=lambda t: t[1])]
