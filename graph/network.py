"""The actor network: a networkx projection of the store, built once per loaded dataset.

Typed nodes (people, organisations, places, documents, programmes, platforms, events) and typed edges
(heads, holds-post-in, unit-of, serves, issued, implements, approved-by, operates, deploys,
partners-in, deployed-in, attended, organised, held-in, covers, part-of, succeeded-by), each with the
source article, the supporting quote and the time it is known for. An edge that comes from an n-ary
node (a tenure, a deployment) carries that node's evidence; a plain statement carries its subject's
evidence in the same named graph.

    >>> net = build_network(engine_select(engine))   # doctest: +SKIP
    >>> net.graph.number_of_nodes()         # doctest: +SKIP
"""
from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx

from .namespaces import PREFIXES, sparql_prologue

NODE_TYPES = {  # class → node type, in order of precedence (a programme that is also a document is a programme)
    "dtkg:Programme": "programme", "eli:LegalResource": "document", "dtkg:DigitalSystem": "platform",
    "schema:Event": "event", "foaf:Person": "person", "org:FormalOrganization": "organisation",
    "org:OrganizationalUnit": "organisation", "org:Organization": "organisation", "dtkg:Province": "place",
    "dtkg:District": "place", "dtkg:Commune": "place", "schema:Place": "place",
}

_NODES = """SELECT ?n ?class WHERE { VALUES ?class { %s } ?n a ?class }""" % " ".join(NODE_TYPES)

# every label in one pass (simple patterns keep the build fast at a million triples)
_LABELS = """SELECT ?n ?p ?label (LANG(?label) AS ?lang) WHERE {
  VALUES ?p { skos:prefLabel foaf:name skos:altLabel } ?n ?p ?label }"""

# every quote, with the article it is quoted from
_EVIDENCE = """SELECT ?node ?quote ?source WHERE {
  ?a oa:hasBody ?node ; prov:wasQuotedFrom ?source ; oa:hasTarget ?t . ?t oa:hasSelector ?s . ?s oa:exact ?quote }"""

_ATTESTATIONS = """SELECT ?m ?a ?date ?source ?inferred ?title WHERE {
  ?a a dtkg:Attestation ; prov:specializationOf ?m ; prov:wasDerivedFrom ?source .
  OPTIONAL { ?a dtkg:attestedDate ?date } OPTIONAL { ?a dtkg:isInferred ?inferred }
  OPTIONAL { ?source dct:title ?t } OPTIONAL { ?source skos:prefLabel ?l FILTER(lang(?l) = "vi") }
  BIND(COALESCE(?t, ?l) AS ?title) }"""

# Each edge query binds ?from ?to ?carrier (whose evidence the edge carries) and optionally ?g (the graph
# stating it), ?date, ?until, ?place and ?detail.
EDGE_QUERIES: dict[str, str] = {
    "tenure": """SELECT ?from ?to ?carrier ?role ?detail ?detail_en ?date ?last ?until WHERE {
        ?carrier a org:Membership ; org:member ?from ; org:organization ?to ; org:role ?role .
        OPTIONAL { ?role skos:prefLabel ?detail FILTER(lang(?detail) = "vi") }
        OPTIONAL { ?role skos:prefLabel ?detail_en FILTER(lang(?detail_en) = "en") }
        OPTIONAL { ?carrier dtkg:knownFrom ?date ; dtkg:lastAttested ?last }
        OPTIONAL { ?carrier dtkg:knownUntil ?until } }""",
    "succeeded-by": """SELECT ?from ?to ?carrier ?date WHERE {
        { ?m dct:isReplacedBy ?carrier . ?m org:member ?from . ?carrier org:member ?to .
          OPTIONAL { ?carrier dtkg:knownFrom ?date } }
        UNION { ?from a dtkg:Province ; dct:isReplacedBy ?to . BIND(?from AS ?carrier) } }""",
    "unit-of": """SELECT ?from ?to ?carrier ?g WHERE { GRAPH ?g { ?from org:unitOf|org:subOrganizationOf ?to } BIND(?from AS ?carrier) }""",
    "serves": """SELECT ?from ?to ?carrier ?g WHERE { GRAPH ?g { ?from schema:areaServed ?to } BIND(?from AS ?carrier) }""",
    "issued": """SELECT ?from ?to ?carrier ?g ?date WHERE { GRAPH ?g { ?to eli:passed_by ?from } BIND(?to AS ?carrier)
        OPTIONAL { ?to eli:date_document ?date } }""",
    "implements": """SELECT ?from ?to ?carrier ?g WHERE {
        { GRAPH ?g { ?from eli:implements|eli:based_on ?to } BIND(?from AS ?carrier) }
        UNION { GRAPH ?g { ?carrier a dtkg:Deployment ; prov:used ?from ; prov:wasInfluencedBy ?to } } }""",
    "approved-by": """SELECT ?from ?to ?carrier ?g WHERE { GRAPH ?g { ?from dtkg:approvedBy ?to } BIND(?from AS ?carrier) }""",
    "operates": """SELECT ?from ?to ?carrier ?g ?place ?date WHERE {
        { GRAPH ?g { ?to schema:provider ?from } BIND(?to AS ?carrier) }
        UNION { GRAPH ?g { ?carrier prov:used ?to ; prov:qualifiedAssociation ?q . ?q prov:agent ?from ;
                prov:hadRole <https://w3id.org/vn-dtkg/vocab/deployment-role/operator> }
                OPTIONAL { ?carrier prov:atLocation ?place } OPTIONAL { ?carrier dtkg:attestedDate ?date } } }""",
    "deploys": """SELECT ?from ?to ?carrier ?g ?place ?date WHERE {
        GRAPH ?g { ?carrier prov:used ?to ; prov:qualifiedAssociation ?q . ?q prov:agent ?from ;
                   prov:hadRole <https://w3id.org/vn-dtkg/vocab/deployment-role/deployer> }
        OPTIONAL { ?carrier prov:atLocation ?place } OPTIONAL { ?carrier dtkg:attestedDate ?date } }""",
    "partners-in": """SELECT ?from ?to ?carrier ?g ?place ?date WHERE {
        GRAPH ?g { ?carrier prov:used ?to ; prov:qualifiedAssociation ?q . ?q prov:agent ?from ;
                   prov:hadRole <https://w3id.org/vn-dtkg/vocab/deployment-role/partner> }
        OPTIONAL { ?carrier prov:atLocation ?place } OPTIONAL { ?carrier dtkg:attestedDate ?date } }""",
    "deployed-in": """SELECT ?from ?to ?carrier ?g ?date ?detail WHERE {
        GRAPH ?g { ?carrier a dtkg:Deployment ; prov:used ?from ; prov:atLocation ?to }
        OPTIONAL { ?carrier dtkg:attestedDate ?date }
        OPTIONAL { ?carrier adms:status/skos:prefLabel ?detail FILTER(lang(?detail) = "en") } }""",
    "attended": """SELECT ?from ?to ?carrier ?g ?date WHERE { GRAPH ?g { ?to schema:attendee ?from } BIND(?to AS ?carrier)
        OPTIONAL { ?to schema:startDate ?date } }""",
    "organised": """SELECT ?from ?to ?carrier ?g ?date WHERE { GRAPH ?g { ?to schema:organizer ?from } BIND(?to AS ?carrier)
        OPTIONAL { ?to schema:startDate ?date } }""",
    "held-in": """SELECT ?from ?to ?carrier ?g ?date WHERE { GRAPH ?g { ?from schema:location ?to } BIND(?from AS ?carrier)
        OPTIONAL { ?from schema:startDate ?date } }""",
    "covers": """SELECT ?from ?to ?carrier ?g WHERE { GRAPH ?g { ?from dct:spatial ?to } BIND(?from AS ?carrier) }""",
    "part-of": """SELECT ?from ?to ?carrier ?g WHERE { GRAPH ?g { ?from schema:containedInPlace ?to } BIND(?from AS ?carrier) }""",
}
HEAD_ROLES = """SELECT ?role WHERE { ?role skos:broader+ <https://w3id.org/vn-dtkg/vocab/role/head> }"""

SOURCE = PREFIXES["src"]
PLACE_EDGES = {"serves", "deployed-in", "held-in", "covers"}  # an actor's provinces come through these
EDGE_TYPES = sorted((set(EDGE_QUERIES) - {"tenure"}) | {"heads", "holds-post-in"})


@dataclass
class Network:
    """The projection and the indexes the questions need."""

    graph: nx.MultiDiGraph
    labels: dict[str, list[str]] = field(default_factory=dict)  # folded label → node IRIs
    provinces: dict[str, set[str]] = field(default_factory=dict)  # node → provinces it is active in
    cache: dict = field(default_factory=dict)  # centrality results, computed once


def _value(term) -> str | None:
    return None if term is None else term.value


def _select(select, text: str):
    return select(sparql_prologue() + text)


class _Row(dict):
    def __missing__(self, key):  # an unbound variable
        return None


def engine_select(engine):
    """A `select` over an engine (graph/engine): solutions as dicts of strings, None when unbound.
    The network is read once at start, so its queries get a long time limit."""
    def select(text: str):
        return (_Row((k, v.value) for k, v in row.items()) for row in engine.select(text, timeout=600))
    return select


def _expand(curie: str) -> str:
    prefix, _, local = curie.partition(":")
    return PREFIXES[prefix] + local


def build_network(select) -> Network:
    """Project a store onto a MultiDiGraph; `select(text)` yields each solution as a dict of strings."""
    from .slugs import fold

    g = nx.MultiDiGraph()
    net = Network(g)
    classes = {_expand(c): (i, kind) for i, (c, kind) in enumerate(NODE_TYPES.items())}
    rank: dict[str, int] = {}
    for s in _select(select, _NODES):
        i, kind = classes[s["class"]]
        if rank.get(s["n"], 99) > i:
            rank[s["n"]] = i
            g.add_node(s["n"], type=kind, label=None, label_en=None)
    name, alt = {}, {}
    for s in _select(select, _LABELS):
        node = s["n"]
        if node not in g:
            continue
        d = g.nodes[node]
        if s["p"].endswith("altLabel"):
            alt.setdefault(node, []).append(s["label"])
        elif s["p"].endswith("name"):
            name[node] = s["label"]
        elif s["lang"] == "vi":
            d["label"] = s["label"]
        elif s["lang"] == "en":
            d["label_en"] = s["label"]
    for node, d in g.nodes(data=True):
        d["label"] = d["label"] or name.get(node) or node.rsplit("/", 1)[-1]
        d["label_en"] = d["label_en"] or d["label"]
        for text in {d["label"], d["label_en"], *alt.get(node, ())}:
            net.labels.setdefault(fold(text), []).append(node)
    evidence = _evidence(select)
    _add_edges(select, net, evidence)
    _provinces(net)
    return net


def _evidence(select) -> dict:
    """(node, source) → (quote, source), node → the same for any source, node → all its quotes, and
    tenure → its attestations; a tenure's edge carries its latest attestation's quote."""
    by_graph, any_graph, quotes = {}, {}, {}
    for s in _select(select, _EVIDENCE):
        key = (s["node"], s["source"])
        if key not in by_graph:
            by_graph[key] = (s["quote"], s["source"])
            any_graph.setdefault(s["node"], by_graph[key])
        quotes.setdefault(s["node"], []).append(s["quote"])
    latest: dict[str, tuple[str, str]] = {}
    tenures: dict[str, list[dict]] = {}
    for s in _select(select, _ATTESTATIONS):
        m, a, date = s["m"], s["a"], s["date"] or ""
        if m not in latest or date >= latest[m][0]:
            latest[m] = (date, a)
        found = sorted(set(quotes.get(a, [])))
        tenures.setdefault(m, []).append({
            "attestation": a, "date": s["date"], "source": s["source"], "sourceTitle": s["title"],
            "quotes": found, "quote": found[0] if found else None, "inferred": s["inferred"] == "true"})
    for m, (_, a) in latest.items():
        if a in any_graph:
            any_graph[m] = any_graph[a]
    return {"graph": by_graph, "any": any_graph, "tenures": tenures}


def _add_edges(select, net: Network, evidence: dict) -> None:
    g = net.graph
    heads = {s["role"] for s in _select(select, HEAD_ROLES)}
    for name, text in EDGE_QUERIES.items():
        for s in _select(select, text):
            a, b = s["from"], s["to"]
            if a not in g or b not in g or a == b:
                continue
            carrier = s["carrier"]
            stated_in = s.get("g") and SOURCE + s["g"].rsplit("/", 1)[-1]  # graph/NNN holds the facts of source/NNN
            quote, source = evidence["graph"].get((carrier, stated_in)) or evidence["any"].get(carrier) or (None, None)
            kind = name
            if name == "tenure":
                kind = "heads" if s["role"] in heads else "holds-post-in"
                attrs_role = s["role"]
            attrs = {"type": kind, "source": source, "quote": quote, "carrier": carrier}
            if name == "tenure":  # every attestation, for timelines and "as of" (not exported: GraphML has no lists)
                attrs["role"] = attrs_role
                attrs["attestations"] = sorted(evidence["tenures"].get(carrier, []), key=lambda x: x["date"] or "")
            for key in ("date", "until", "last", "place", "detail", "detail_en"):
                if s.get(key) is not None:
                    attrs[key] = s[key][:10] if key in ("date", "until", "last") else s[key]
            g.add_edge(a, b, key=f"{kind}|{carrier}", **attrs)


def _provinces(net: Network) -> None:
    """Provinces each node is active in: places it serves, is deployed or held in, or covers; operators
    and deployers through the places of their deployments; people through the organisations they serve in."""
    g = net.graph
    province_of: dict[str, set[str]] = {}
    for node, data in g.nodes(data=True):
        if data["type"] == "place":
            up = {node} | {b for _, b, d in g.out_edges(node, data=True) if d["type"] == "part-of"}
            province_of[node] = {p for p in up if "/province/" in p}
    found: dict[str, set[str]] = {n: set(p) for n, p in province_of.items()}
    for a, b, d in g.edges(data=True):
        if d["type"] in PLACE_EDGES and b in province_of:
            found.setdefault(a, set()).update(province_of[b])
        if d.get("place") in province_of:
            found.setdefault(a, set()).update(province_of[d["place"]])
    for a, b, d in list(g.edges(data=True)):
        if d["type"] == "operates":  # an operator is active wherever its platform is deployed
            found.setdefault(a, set()).update(found.get(b, set()))
    for a, b, d in list(g.edges(data=True)):
        if d["type"] in ("heads", "holds-post-in", "attended"):
            found.setdefault(a, set()).update(found.get(b, set()))
    net.provinces = found


def known_as_of(data: dict, day: str | None) -> bool:
    """An edge is shown as of a day once it is known (dated on or before it) and until a later holder closes it."""
    if day is None:
        return True
    if data.get("date") and data["date"] > day:
        return False
    return not (data.get("until") and data["until"] <= day)


def node_link(net: Network) -> dict:
    """Node-link JSON with `nodes` and `edges` (each edge with its source article, quote and dates)."""
    nodes = [{"id": n, **d, "provinces": sorted(net.provinces.get(n, ()))} for n, d in net.graph.nodes(data=True)]
    edges = [{"from": a, "to": b, **{k: v for k, v in d.items() if v is not None}}
             for a, b, d in net.graph.edges(data=True)]
    return {"nodes": nodes, "edges": edges}


def export_graph(net: Network, fmt: str) -> bytes:
    """GraphML or GEXF (Gephi) bytes; attributes with no value are left out, lists joined by spaces."""
    g = nx.MultiDiGraph()
    for n, d in net.graph.nodes(data=True):
        g.add_node(n, **d, provinces=" ".join(sorted(net.provinces.get(n, ()))))
    for a, b, k, d in net.graph.edges(keys=True, data=True):
        g.add_edge(a, b, key=k, **{x: y for x, y in d.items() if y is not None and not isinstance(y, list)})
    import io

    out = io.BytesIO()
    (nx.write_graphml if fmt == "graphml" else nx.write_gexf)(g, out)
    return out.getvalue()
