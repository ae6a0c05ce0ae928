"""The query editor at `/`: YASGUI on this server's /sparql, with the dtkg prefixes declared and the
named queries as examples."""
from __future__ import annotations

from flask import Blueprint

from dtkg.graph.namespaces import PREFIXES, sparql_prologue

from . import respond as r
from .context import public_url
from .negotiation import HTML
from .queries_view import describe_query, named_queries, page_language
from .ui_text import choose_lang, ui

bp = Blueprint("editor", __name__)

YASGUI_VERSION = "4.6.2"
DEFAULT_QUERY = """SELECT ?entity ?label WHERE {
  ?entity a dtkg:Province ; skos:prefLabel ?label .
  FILTER(lang(?label) = "vi")
}
ORDER BY ?label
LIMIT 100
"""


@bp.route("/")
def editor():
    lang = choose_lang()
    examples = [{**describe_query(q, lang), "query": q.localised(page_language(q, {}, lang))}
                for q in named_queries().values()]
    data = {"title": ui("query", lang), "endpoint": public_url() + "/sparql",
            "prefixes": PREFIXES, "default_query": sparql_prologue() + "\n" + DEFAULT_QUERY,
            "examples": examples, "yasgui_version": YASGUI_VERSION}
    return r.respond(data, "queries/editor.html", HTML)
