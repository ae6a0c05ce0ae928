"""OpenLink Virtuoso as a remote store (`virtuoso+http://host:port/sparql`): what it does differently
from a plain SPARQL 1.1 server, made equal here so that it answers as the embedded engine does.

- Its default graph is every graph it holds (its own system graphs too), and its Graph Store refuses
  `PUT ?default`. So `dtkg load --into virtuoso+…` writes the merge of the named graphs into the
  named graph MERGE_GRAPH and the list of the named graphs into MANIFEST_GRAPH, and every query with
  no dataset of its own (FROM, FROM NAMED, default-graph-uri, named-graph-uri) is sent with
  default-graph-uri = MERGE_GRAPH and named-graph-uri = each listed graph: the dataset of the
  embedded engine (GRAPH ?g ranges over the data's graphs only).
- It stops a query at its own MaxQueryExecutionTime with a 500 (S1T00): a timeout here too.
- Its SPARQL JSON is pre-1.1 ("typed-literal"), stored booleans are "1"/"0", blank nodes are
  `nodeID://…`, ASK answers a one-row table (__ASK_RETVAL), and a boolean expression is computed as
  xsd:integer 1/0 (boolean_variables). Its answers are read, made standard, and written again by
  pyoxigraph in the asked format, as the embedded engine writes them.
- Its Turtle loader stores a quoted xsd:integer outside 32 bits as xsd:decimal: `as_turtle`.

What stays different is listed in the README ("Running on Virtuoso").
"""
from __future__ import annotations

import json
import re

import pyoxigraph as ox

from ..formats import GRAPH_TYPES, RESULT_FORMATS, RESULT_TYPES, by_name
from .errors import NoAcceptableFormat, QueryTimeout, StoreFailed
from .inspection import tokens
from .remote import RemoteEngine, too_large, with_values

# Graphs of the load itself, outside the dataset's own IRIs: the merge and the list of the named graphs.
MERGE_GRAPH = "urn:x-dtkg-load:default-graph"
MANIFEST_GRAPH = "urn:x-dtkg-load:named-graphs"
SD = "http://www.w3.org/ns/sparql-service-description#"
MANIFEST_QUERY = f"SELECT ?g FROM <{MANIFEST_GRAPH}> WHERE {{ <{MERGE_GRAPH}> <{SD}namedGraph>/<{SD}name> ?g }}"
XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
JSON_RESULTS, NTRIPLES = RESULT_TYPES["json"], GRAPH_TYPES["ntriples"]


# An xsd:integer object written as a quoted literal: Virtuoso's Turtle loader stores one outside
# 32 bits as xsd:decimal, but keeps the datatype of a bare Turtle integer (the space before the quote
# makes it a term, not an escaped quote inside a string; N-Triples has one triple a line).
_QUOTED_INTEGER = re.compile(rb'(?<= )"([+-]?[0-9]+)"\^\^<http://www\.w3\.org/2001/XMLSchema#integer> \.$', re.M)


def as_turtle(ntriples: bytes) -> bytes:
    """N-Triples as the Turtle that Virtuoso loads without changing a datatype (integers written bare)."""
    return _QUOTED_INTEGER.sub(rb"\1 .", ntriples)


def manifest(graphs: list[str]) -> bytes:
    """N-Triples naming the dataset's named graphs (what the engine reads back as its dataset)."""
    lines = [f"<{MERGE_GRAPH}> <{SD}namedGraph> _:g{i} .\n_:g{i} <{SD}name> <{g}> .\n" for i, g in enumerate(graphs)]
    return "".join(lines).encode("utf-8")


# Virtuoso computes a boolean expression as xsd:integer 1/0: a variable bound to one of these (by
# BIND or a projection) gets its xsd:boolean back. A boolean hidden deeper (COALESCE(?a = 1, …),
# a subquery's variable re-projected) is not recognised and stays 1/0.
_BOOLEAN_CALLS = {"BOUND", "ISIRI", "ISURI", "ISBLANK", "ISLITERAL", "ISNUMERIC", "REGEX", "CONTAINS", "STRSTARTS",
                  "STRENDS", "SAMETERM", "LANGMATCHES", "EXISTS", "NOT", "TRUE", "FALSE"}
_BOOLEAN_OPERATORS = {"=", "<", ">", "!", "&", "|"}


def boolean_variables(text: str) -> set[str]:
    """Variables bound by `(expression AS ?v)` to an expression whose value is a boolean: a
    comparison or logical operator at its top, or a call of a boolean function."""
    found, groups = set(), [[]]
    for kind, token, _ in tokens(text):
        if token in "({[":
            groups.append([])
        elif token in ")}]" and len(groups) > 1:
            inner = groups.pop()
            if len(inner) > 2 and inner[-2][1].upper() == "AS" and inner[-1][0] == "var":
                expression = inner[:-2]
                top = {t for k, t in expression if k == "other"} | {t.upper() for k, t in expression if k == "name"}
                if top & _BOOLEAN_OPERATORS or "IN" in top or expression[0][1].upper() in _BOOLEAN_CALLS:
                    found.add(inner[-1][1][1:])
            groups[-1].append(("group", token))
        else:
            groups[-1].append((kind, token))
    return found


def standard_results(data: bytes, ask: bool, booleans: set[str] = frozenset()) -> bytes:
    """Virtuoso's SPARQL JSON as SPARQL 1.1 Query Results JSON (`booleans`: the variables whose
    xsd:integer 1/0 is a boolean)."""
    try:
        document = json.loads(data)
    except ValueError:
        document = None
    if isinstance(document, dict) and "boolean" in document:
        return data
    bindings = document.get("results", {}).get("bindings") if isinstance(document, dict) else None
    if not isinstance(bindings, list):
        raise StoreFailed(f"The Virtuoso store answered unreadable SPARQL JSON: {data[:200]!r}")
    if ask:
        row = bindings[0] if bindings else {}
        value = next(iter(row.values()), {}).get("value", "0")
        return json.dumps({"head": {}, "boolean": value not in ("0", "false")}).encode()
    for row in bindings:
        for name, term in row.items():
            if term.get("type") == "typed-literal":
                term["type"] = "literal"
            if name in booleans and term.get("datatype") == XSD_INTEGER and term.get("value") in ("1", "0"):
                term["datatype"] = XSD_BOOLEAN
            if term.get("datatype") == XSD_BOOLEAN and term.get("value") in ("1", "0"):
                term["value"] = "true" if term["value"] == "1" else "false"
            if term.get("type") == "bnode":
                term["value"] = re.sub(r"[^A-Za-z0-9]", "_", term["value"].removeprefix("nodeID://"))
    head = {"vars": document.get("head", {}).get("vars", [])}
    return json.dumps({"head": head, "results": {"bindings": bindings}}, ensure_ascii=False).encode("utf-8")


class VirtuosoEngine(RemoteEngine):
    def __init__(self, limits, url: str):
        super().__init__(limits, str(url).removeprefix("virtuoso+"))

    def _describe(self) -> None:
        self._graphs = tuple(sorted(r["g"].value for r in self.select(MANIFEST_QUERY)))
        if not self._graphs:
            raise StoreFailed(f"The Virtuoso store at {self.url} holds no dataset written by "
                              "`dtkg load --into virtuoso+…` (its graph list is empty).")
        super()._describe()

    def execute(self, text, *, result_format, default_graph_uris=(), named_graph_uris=(), timeout=None,
                bindings=None, base_iri=None):
        info, job = self.prepare(text, result_format, default_graph_uris, named_graph_uris, bindings, base_iri)
        if job.substitutions:
            text = with_values(text, job.substitutions, info=info)
        defaults, named = ((MERGE_GRAPH,), self._graphs) if job.union else (job.default_graphs, job.named_graphs)
        form = [("query", text), *(("default-graph-uri", g) for g in defaults or ()),
                *(("named-graph-uri", g) for g in named or ())]
        graph = info.form in ("CONSTRUCT", "DESCRIBE")
        accept = NTRIPLES if graph else JSON_RESULTS if info.form else f"{JSON_RESULTS}, {NTRIPLES}"
        try:
            data, media = self._post(form, accept, self.time_limit(timeout))
        except StoreFailed as exc:
            if "S1T00" in exc.message:  # its own MaxQueryExecutionTime, answered as a 500
                raise QueryTimeout(f"The Virtuoso store at {self.url} stopped the query at its time limit "
                                   "(MaxQueryExecutionTime in virtuoso.ini).") from None
            raise
        if media == JSON_RESULTS or media == "application/json":
            name = job.formats[0]
            if name is None:
                raise NoAcceptableFormat("The Accept header allows no format for this kind of query.")
            results = ox.parse_query_results(standard_results(data, info.form == "ASK", boolean_variables(text)), format=ox.QueryResultsFormat.JSON)
            media, fmt = RESULT_FORMATS[name]
            body = results.serialize(format=fmt)
        elif media in (NTRIPLES, "text/plain"):
            if job.formats[1] is None:
                raise NoAcceptableFormat("The Accept header allows no format for this kind of query.")
            fmt = by_name(job.formats[1])
            body, media = ox.serialize(ox.parse(data, format=ox.RdfFormat.N_TRIPLES), format=fmt.oxigraph), fmt.media_type
        else:
            raise StoreFailed(f"The Virtuoso store at {self.url} answered {media or 'no media type'}, "
                              f"not {accept}.")
        if len(body) > self.limits.MAX_RESULT_BYTES:
            raise too_large(self.limits.MAX_RESULT_BYTES)
        return body, media
