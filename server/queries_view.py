"""The named queries of `queries/*.rq`: `/queries` lists them, `/queries/NAME` runs one with its
parameters (HTML, `.json`, `.csv`) and links to the editor (editor_view.py) with the query as run.
"""
from __future__ import annotations

import csv
import io
import re
from urllib.parse import urlencode

import pyoxigraph as ox
from flask import Blueprint, Response, request, url_for

from dtkg.graph import catalogue, names
from dtkg.graph.engine.inspection import inspect_query
from dtkg.graph.engine.remote import with_values
from dtkg.graph.errors import DtkgError
from dtkg.graph.namespaces import XSD

from . import respond as r
from .context import engine, page_query, project_settings
from .errors import HTTP_ERRORS, status_of
from .labels import Labels, local_path, plain, term
from .negotiation import CSV, HTML, JSON, PAGE_OFFERS, Answered, alternates, by_path, representation, with_links
from .ui_text import choose_lang, ui

bp = Blueprint("queries", __name__)

MAX_ROWS = 1000
QUERY_OFFERS = (HTML, JSON, CSV)
# A comment is a `#` outside an IRI and a string: `<…rdf-syntax-ns#>` keeps its `#`.
_TOKENS_WITH_HASH = re.compile(catalogue.IRIS_STRINGS_COMMENTS)
_PROLOGUE = re.compile(r"^\s*(?:(?:PREFIX\s+[\w.-]*:\s*<[^>]*>|BASE\s+<[^>]*>)\s*)*", re.IGNORECASE)


def named_queries() -> dict[str, catalogue.NamedQuery]:
    return catalogue.load_catalogue(project_settings())


def describe_query(q: catalogue.NamedQuery, lang: str) -> dict:
    other = "en" if lang == "vi" else "vi"
    return {"name": q.name, "title": q.title.get(lang) or q.title.get(other) or q.name,
            "description": q.description.get(lang) or q.description.get(other) or "",
            "params": [{"name": p.name, "type": p.type, "default": p.default} for p in q.params],
            "path": url_for("queries.named_query", name=q.name), "form": query_form(q.text)}


@bp.route("/queries")
@bp.route("/queries.json")
def index():
    offer = by_path(request.path)
    lang = choose_lang()
    rows = [describe_query(q, lang) for q in named_queries().values()]
    data = {"title": ui("queries", lang), "rows": rows}
    return r.respond(data, "queries/index.html", offer, links=alternates("/queries", PAGE_OFFERS))


@bp.route("/queries/<name>")
def named_query(name: str):
    try:
        bare, offer, _ = representation(request.path, QUERY_OFFERS, strict=False)
    except Answered as answer:
        return answer.response
    name = bare.rsplit("/", 1)[-1]
    lang = choose_lang()
    query = named_queries().get(name)
    path = url_for("queries.named_query", name=name)
    qs = ("?" + request.query_string.decode()) if request.query_string else ""
    links = alternates(path, QUERY_OFFERS, qs)
    if query is None:
        message = f"no named query {name!r}; see /queries"
        return r.error_json(message, 404) if offer is JSON else r.respond(
            {"title": name, "error": message, "iri": None, "path": path, "suggestions": []},
            "pages/not_found.html", HTML, status=404)
    values = {k: v for k, v in request.args.items() if k not in ("lang", "_size") and not k.startswith("_")}
    data = {**describe_query(query, lang), "query": query.text, "values": values,
            "editor_link": "/?" + urlencode({"query": editor_text(query.text), "tabTitle": query.label(lang)}),
            "csv_link": url_for("queries.named_query", name=name + ".csv") + qs,
            "columns": [], "rows": [], "truncated": False, "error": None, "coverage": []}
    status = 200
    try:
        text, bindings = query.prepare(names.resolve_values(query.params, page_language(query, values, lang), select_iris))
        data["query"] = text
        data["editor_link"] = "/?" + urlencode({"query": editor_text(with_values(text, bindings)),
                                                "tabTitle": query.label(lang)})
        data["columns"], results = run(text, bindings)
    except HTTP_ERRORS as exc:
        data["error"], status, results = exc.message, status_of(exc)[0], []
    except (DtkgError, ValueError) as exc:
        data["error"], status, results = str(exc), 400, []
    data["truncated"] = len(results) > MAX_ROWS
    results = results[:MAX_ROWS]
    if offer is CSV:
        if data["error"]:
            return Response(data["error"] + "\n", status=status, mimetype="text/plain")
        response = Response("\ufeff" + to_csv(data["columns"], results), content_type="text/csv; charset=utf-8")
        response.headers["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return with_links(response, links)
    if offer is JSON:
        if data["error"]:
            return r.error_json(data["error"], status)
        data["rows"] = [{c: plain(row.get(c)) for c in data["columns"]} for row in results]
        return r.respond(data, "queries/query.html", offer, links=links)
    data["rows"] = [labelled_row(row, data["columns"], lang) for row in results]
    if not results and not data["error"]:
        data["coverage"] = coverage(lang)
    return r.respond(data, "queries/query.html", offer, links=links, status=status)


def page_language(query: catalogue.NamedQuery, values: dict[str, str], lang: str) -> dict[str, str]:
    """The values with the query's `lang` parameter set to the page's language (`?lang=` is the page's)."""
    return {**values, **{p.name: lang for p in query.params if p.type == "lang"}}


LABEL_COLUMNS = ("Label", "Title", "Name")


def labelled_row(row: dict, columns: list[str], lang: str) -> list[dict | None]:
    """Terms for the HTML table; an IRI shows the label its row gives it (?x beside ?xLabel, ?person beside ?name)."""
    labels = Labels()
    for c in columns:
        node = row.get(c)
        if not isinstance(node, ox.NamedNode):
            continue
        for name in [c + suffix for suffix in LABEL_COLUMNS] + (["name"] if c == "person" else []):
            if isinstance(row.get(name), ox.Literal):
                labels.add(node.value, row[name])
                break
    return [term(row[c], labels, lang) if row.get(c) is not None else None for c in columns]


def select_iris(text: str, bindings: dict) -> list[str]:
    """The IRIs bound to ?s: how graph/names.py looks names up through the server's engine."""
    return names.engine_select(engine())(text, bindings)


_PREFIX_LINE = re.compile(r"^\s*PREFIX\s+([\w.-]*):\s*<[^>]*>\s*$", re.IGNORECASE)


def editor_text(text: str) -> str:
    """The query for an editor link, short enough for a URL: without the header comments (the page shows
    them) and without the PREFIX lines the query does not use."""
    lines = text.splitlines()
    while lines and lines[0].startswith("#"):
        lines.pop(0)
    body = "\n".join(line for line in lines if not _PREFIX_LINE.match(line))
    kept = [line for line in lines if not (m := _PREFIX_LINE.match(line)) or re.search(rf"(?<![\w-]){re.escape(m[1])}:", body)]
    return "\n".join(kept) + "\n"


def coverage(lang: str) -> list[dict]:
    """The provinces with article facts, to explain an empty result."""
    labels, found = Labels(), []
    for row in engine().select(page_query("coverage")):
        iri = row["province"].value
        if iri not in found:
            found.append(iri)
        if row.get("provinceLabel") is not None:
            labels.add(iri, row["provinceLabel"])
    return [{"href": local_path(iri) or iri, "label": labels.pick(iri, lang) or iri} for iri in found]


def strip_comments(text: str) -> str:
    return _TOKENS_WITH_HASH.sub(lambda m: "" if m[0].startswith("#") else m[0], text)


def query_form(text: str) -> str:
    """SELECT, CONSTRUCT, ASK or DESCRIBE, as the engine reads it (graph/engine/inspection.py)."""
    return inspect_query(text).form or "SELECT"


def projection(text: str) -> list[str]:
    """The variables a SELECT projects, in order (`?x`, `(expr AS ?y)`); [] for `SELECT *`."""
    body = _PROLOGUE.sub("", strip_comments(text), count=1)
    m = re.search(r"\bSELECT\b(.*?)(?:\bWHERE\b|\{)", body, re.IGNORECASE | re.DOTALL)
    if not m:
        return []
    names, depth, clause = [], 0, m[1]
    for token in re.findall(r"\(|\)|\bAS\s+[?$]\w+|[?$]\w+", clause, re.IGNORECASE):
        if token == "(":
            depth += 1
        elif token == ")":
            depth -= 1
        elif token.upper().startswith("AS"):
            names.append(token.split()[-1][1:])
        elif depth == 0:
            names.append(token[1:])
    return names


def run(text: str, bindings: dict) -> tuple[list[str], list[dict]]:
    """Columns and rows (dicts of terms) for any query form."""
    form = query_form(text)
    if form == "ASK":
        return ["boolean"], [{"boolean": ox.Literal("true" if engine().ask(text, bindings=bindings) else "false",
                                                    datatype=ox.NamedNode(str(XSD.boolean)))}]
    if form in ("CONSTRUCT", "DESCRIBE"):
        triples = engine().construct(text, bindings=bindings)
        return ["subject", "predicate", "object"], [
            {"subject": t.subject, "predicate": t.predicate, "object": t.object} for t in triples]
    rows = engine().select(text, bindings=bindings)
    columns = projection(text)
    if not columns:
        columns = list(dict.fromkeys(k for row in rows for k in row))
    return columns, rows


def to_csv(columns: list[str], rows: list[dict]) -> str:
    """SPARQL 1.1 CSV: lexical forms, IRIs bare, blank nodes as _:id."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_csv_value(row.get(c)) for c in columns])
    return out.getvalue()


def _csv_value(node) -> str:
    if node is None:
        return ""
    if isinstance(node, ox.BlankNode):
        return f"_:{node.value}"
    return node.value
