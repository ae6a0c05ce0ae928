"""The SERVICE pre-check against the engine itself: for hundreds of queries built to confuse a
reader (escapes, quotes, comments, glued keywords, dots and digits before SERVICE), whenever
pyoxigraph would call the loopback listener, `inspect_query` must have seen that SERVICE.

The engine runs here in-process, with the network, on purpose: it is the oracle. The server never
evaluates a query that calls no allowed SERVICE in a process that can open a socket (test_attacks).
"""
from __future__ import annotations

import itertools
import time

import pyoxigraph as ox
import pytest

from dtkg.graph.engine.errors import QueryRefused as BadRequest
from dtkg.graph.engine.inspection import MAX_NESTING, check_query, inspect_query
from tests.attack_support import Listener

PREFIXES = ["", "PREFIX a: <urn:\\u0041#> ", "PREFIX b: <urn:b'#> ", "BASE <urn:\\u003E> ", "# ' \" <\n"]
BEFORE = [
    "", "BIND(<urn:x:\\u0041#> AS ?z) ", "BIND('#' AS ?z) ", "BIND(\"'\" AS ?z) ", "BIND('\\u0027' AS ?z) ",
    "BIND(\"\\u0022#\" AS ?z) ", "BIND('''a'''' AS ?z) ", "BIND(\"\"\"a\"\"\"\" AS ?z) ", "?s ?p ?o. ", "?s ?p 1",
    "?s ?p ?o .", "FILTER(1<2) ", "FILTER(?z<'#'>0) ", "VALUES ?v { '''x' } ", "?s <urn:p\\u003E> ?o . ",
    "?s a:b\\'c ?o . ", "BIND(<urn:#> AS ?z) #\n", "?s ?p 1.", "?s ?p ?o.", "?s ?p b:x.", "?s ?p b:x. ",
    "?s ?p 1", "?s ?p 1.0", "?s ?p 1e0", "?s ?p b:x;b:x ?o.",
]
SERVICE = ["SERVICE", "service", "SERVICE SILENT", "SeRvIcE"]


def queries(target: str):
    for prefix, before, word in itertools.product(PREFIXES, BEFORE, SERVICE):
        yield f"{prefix}SELECT * {{ {before}{word} <{target}> {{ ?leak ?b ?c }} }}"
        yield f"{prefix}CONSTRUCT {{ ?leak ?b ?c }} WHERE {{ {before}{word}<{target}>{{ ?leak ?b ?c }} }}"


def test_every_service_the_engine_calls_is_seen_by_the_pre_check():
    store = ox.Store()  # the patterns before SERVICE match, so that the engine does call it
    x, one = ox.NamedNode("urn:b'#x"), ox.Literal("1", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    store.extend([ox.Quad(x, x, x), ox.Quad(x, x, one)])
    with Listener() as listener:
        target = listener.url
        called = missed = 0
        for query in queries(target):
            before = listener.hits
            try:
                result = store.query(query)
                list(result) if not isinstance(result, bool) else None
            except (SyntaxError, OSError, ValueError):
                pass
            if listener.hits > before:
                called += 1
                services = inspect_query(query).services
                if target not in services and None not in services:
                    missed += 1
                    print("missed:", query)
        assert called > 100  # the oracle did call: the variants are valid queries
        assert missed == 0


@pytest.mark.parametrize("query", [
    "SELECT ?service WHERE { BIND(\"SERVICE <http://x/>\" AS ?service) ?a <http://x/SERVICE> ?c } # SERVICE",
    "PREFIX s: <http://example.org/service#> SELECT * { ?a s:SERVICE ?b . ?b s:x.service ?c . ?c s:x1service ?d }",
    "SELECT * { ?a ?b '''SERVICE <http://x/> {}''' }",
])
def test_service_inside_strings_iris_comments_and_names_is_not_a_service(query):
    assert inspect_query(query).services == []


@pytest.mark.parametrize("query", [
    "SELECT * { SERVICE ?endpoint { ?s ?p ?o } }",
    "SELECT * { SERVICE <relative> { ?s ?p ?o } }",
    "PREFIX x: <http://e/> SELECT * { SERVICEx:s { ?s ?p ?o } }",
    "SELECT * { BIND('''open AS ?x) SERVICE <http://a/> { } }",
    "SELECT * { BIND('open AS ?x) }\n SERVICE",
])
def test_unresolvable_or_unreadable_service_targets_are_refused(query):
    info = inspect_query(query)
    assert None in info.services
    with pytest.raises(BadRequest, match="SERVICE is refused"):
        check_query(info, ("http://a/",))


@pytest.mark.parametrize("query", ["SELECT * { ?s ?p 1SERVICE <http://b/> { } }",
                                   "SELECT * { ?s ?p ?o.SERVICE <http://b/> { } }"])
def test_service_glued_after_a_number_or_a_dot_is_a_service(query):
    """The engine reads both as SERVICE (checked against it in the test above)."""
    assert inspect_query(query).services == ["http://b/"]


def test_allowed_service_passes_only_with_its_exact_absolute_iri():
    check_query(inspect_query("SELECT * { SERVICE <http://a/> { } }"), ("http://a/",))
    check_query(inspect_query("PREFIX w: <http://a/> SELECT * { SERVICE SILENT w: { } }"), ("http://a/",))
    with pytest.raises(BadRequest):
        check_query(inspect_query("SELECT * { SERVICE <http://a/x> { } }"), ("http://a/",))


def test_deep_nesting_is_refused_with_its_depth():
    with pytest.raises(BadRequest, match=f"at most {MAX_NESTING}"):
        check_query(inspect_query("SELECT * " + "{" * 20000 + "}" * 20000), ())
    check_query(inspect_query("SELECT * " + "{" * MAX_NESTING + "}" * MAX_NESTING), ())


def test_the_engine_parses_the_deepest_nesting_allowed():
    """MAX_NESTING is below what the parser survives on a query thread (an overflow would kill it)."""
    store = ox.Store()
    assert list(store.query("SELECT * " + "{" * MAX_NESTING + "}" * MAX_NESTING)) is not None


@pytest.mark.parametrize("body", ["ă" * 60000, "a." * 100000, "<!" * 50000, "'''" + "\\'" * 50000,
                                  "x:" * 60000, "?" * 100000, "_:a" * 30000])
def test_inspection_reads_long_hostile_queries_in_linear_time(body):
    """Counted in steps, not seconds: tokens produced stay proportional to the text."""
    from dtkg.graph.engine.inspection import tokens

    text = "SELECT " + body
    assert sum(1 for _ in tokens(text)) <= len(text)
    inspect_query(text)
