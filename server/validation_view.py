"""The SHACL report at `/validation` (HTML, `.json`, RDF), computed once per process."""
from __future__ import annotations

import pyoxigraph as ox
from flask import Blueprint

from dtkg.graph.namespaces import RDF, SH, XSD

from . import respond as r
from .context import once, project_settings
from .labels import iri_term
from .ui_text import choose_lang

bp = Blueprint("validation", __name__)


@r.resource_view(bp, "/validation")
def validation(offer, links):
    """The SHACL report of the built dataset, computed once per process on first request."""
    report, error = once("validation", compute_report)
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


def compute_report():
    """(Report, None), or (None, why) when the sources needed to rebuild are not on this machine."""
    from dtkg.graph.build import build_dataset
    from dtkg.graph.dist import validate_build
    from dtkg.graph.errors import DtkgError

    config = project_settings()
    try:
        return validate_build(build_dataset(config), config), None
    except (DtkgError, OSError) as exc:
        return None, str(exc)


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


