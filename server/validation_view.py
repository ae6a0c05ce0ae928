"""The validation report at `/validation` (HTML, `.json`, RDF) of the data this server serves: written
by `dtkg build` beside the built dataset (or into a RocksDB store by `dtkg load --store`), or by
`dtkg serve FILE` at load (VALIDATION_REPORT); read once per process, never computed here."""
from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
from flask import Blueprint, current_app

from dtkg.graph.namespaces import RDF, SH, XSD

from . import respond as r
from .catalog import built_file
from .context import once
from .labels import iri_term
from .ui_text import choose_lang

bp = Blueprint("validation", __name__)


@r.resource_view(bp, "/validation")
def validation(offer, links):
    report, error = once("validation", served_report)
    if report is None:
        message = f"validation is unavailable on this server: {error}"
        if offer.name != "html":
            return r.error_text(message, 503, offer)
        return r.respond({"title": "SHACL", "error": message}, "publish/validation.html", offer, links=links, status=503)

    def page() -> dict:
        lang = choose_lang()
        return {"title": "SHACL", "conforms": report.conforms, "counts": report.counts(),
                "results": [result_row(x, lang) for x in report.results], "error": None}

    return r.described(page, lambda: report_triples(report), "publish/validation.html", offer, links)


def served_report():
    """(Report, None), or (None, why) when this server was given no report for what it serves."""
    from dtkg.graph.validate import Report

    path = current_app.config.get("VALIDATION_REPORT") or built_file("validation.json")
    if not path:
        return None, ("this server was given no validation report for the store it serves (a remote store, or a "
                      "RocksDB store not made by `dtkg load --store`); validate its source with `dtkg validate FILE`")
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return (None, data["error"]) if "error" in data else (Report.from_json(data), None)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return None, f"the validation report {path} cannot be read: {exc}"


def result_row(result, lang: str) -> dict:
    message = (result.message_vi if lang == "vi" else result.message_en) or result.message_en or result.message_vi
    return {"severity": result.severity, "focus": iri_term(result.focus), "path": result.path, "message": message,
            "message_en": result.message_en, "message_vi": result.message_vi, "value": result.value,
            "shape": result.shape, "files": result.files}


def report_triples(report) -> list[ox.Triple]:
    """The report as SHACL RDF (sh:ValidationReport with one sh:ValidationResult per result)."""
    from dtkg.graph.catalogue import expand

    sh, n, RDF_TYPE = str(SH), ox.NamedNode, str(RDF.type)
    node = ox.BlankNode()
    out = [ox.Triple(node, n(RDF_TYPE), n(sh + "ValidationReport")),
           ox.Triple(node, n(sh + "conforms"), ox.Literal("true" if report.conforms else "false",
                                                         datatype=n(str(XSD.boolean))))]
    for result in report.results:
        x = ox.BlankNode()
        out.append(ox.Triple(node, n(sh + "result"), x))
        out.append(ox.Triple(x, n(RDF_TYPE), n(sh + "ValidationResult")))
        out.append(ox.Triple(x, n(sh + "resultSeverity"), n(sh + result.severity)))
        out.append(ox.Triple(x, n(sh + "focusNode"), n(result.focus) if "://" in result.focus else ox.Literal(result.focus)))
        path = expand(result.path) if result.path else None
        if path and "://" in path and " " not in path:
            out.append(ox.Triple(x, n(sh + "resultPath"), n(path)))
        for text, lang in ((result.message_en, "en"), (result.message_vi, "vi")):
            if text:
                out.append(ox.Triple(x, n(sh + "resultMessage"), ox.Literal(text, language=lang)))
        if result.value is not None:
            value = n(result.value) if result.value.startswith(("http://", "https://")) else ox.Literal(result.value)
            out.append(ox.Triple(x, n(sh + "value"), value))
        if result.shape and result.shape.startswith(("http://", "https://")):
            out.append(ox.Triple(x, n(sh + "sourceShape"), n(result.shape)))
    return out


