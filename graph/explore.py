"""Questions over the actor network and the tenures: leaders as of a date, paths, neighbours,
centrality and bridges. Each answer is a plain dict; the CLI and the JSON API print the same dicts.

    >>> ask = Explorer(build_network(select))                   # doctest: +SKIP
    >>> ask.path("Trương Gia Bình", "Phạm Xuân Thăng")["paths"][0]["edges"][0]["quote"]   # doctest: +SKIP
"""
from __future__ import annotations

import calendar
import difflib
import re
from itertools import islice

import networkx as nx

from .catalogue import expand
from .errors import BadInput, UnknownEntity
from .network import EDGE_TYPES, Network, known_as_of
from .slugs import fold

MEASURES = ("degree", "betweenness", "pagerank")
MAX_DEPTH, MAX_PATHS = 4, 5
BETWEENNESS_SAMPLE = 200  # pivots for sampled betweenness on large graphs (exact below this many nodes)
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def parse_date(text: str | None) -> str | None:
    """A year, month or day as given (`2021`, `2021-06`, `2021-06-01`); anything else is BadInput."""
    if text in (None, ""):
        return None
    m = _DATE.match(text.strip())
    ok = bool(m)
    if m and m[2]:
        ok = 1 <= int(m[2]) <= 12 and (not m[3] or 1 <= int(m[3]) <= calendar.monthrange(int(m[1]), int(m[2]))[1])
    if not ok:
        raise BadInput(f"the date must be a year, month or day (2021, 2021-06 or 2021-06-01), got {text!r}")
    return text.strip()


def day_bounds(date: str) -> tuple[str, str]:
    """First and last day of a year, month or day as ISO strings ("2021" → 2021-01-01, 2021-12-31)."""
    if len(date) == 4:
        return date + "-01-01", date + "-12-31"
    if len(date) == 7:
        return date + "-01", f"{date}-{calendar.monthrange(int(date[:4]), int(date[5:7]))[1]:02d}"
    return date[:10], date[:10]


def _relation(attested: str | None, q0: str, q1: str) -> str | None:
    """Where an attestation lies from the asked date: before it, after it, or overlapping (contains)."""
    if not attested:
        return None
    a0, a1 = day_bounds(attested[:10] if len(attested) > 10 else attested)
    return "before" if a1 < q0 else "after" if a0 > q1 else "contains"


def first_day(date: str | None) -> str | None:
    """The first day of a year, month or day, for comparing with edge dates."""
    if date is None:
        return None
    return date + "-01-01" if len(date) == 4 else date + "-01" if len(date) == 7 else date


def parse_depth(text) -> int:
    if not str(text).isdigit() or not 1 <= int(text) <= MAX_DEPTH:
        raise BadInput(f"depth must be a whole number from 1 to {MAX_DEPTH}, got {text!r}")
    return int(text)


def parse_measure(text: str) -> str:
    if text not in MEASURES:
        raise BadInput(f"measure must be one of {', '.join(MEASURES)}, got {text!r}")
    return text


def parse_types(text: str | None) -> set[str] | None:
    if not text:
        return None
    types = {t.strip() for t in text.split(",") if t.strip()}
    unknown = types - set(EDGE_TYPES)
    if unknown:
        raise BadInput(f"unknown edge type {', '.join(sorted(unknown))}; known: {', '.join(EDGE_TYPES)}")
    return types


class Explorer:
    """The questions, over one network (built once per dataset)."""

    def __init__(self, net: Network):
        self.net = net

    # ---------------------------------------------------------------- entities
    def resolve(self, given: str) -> str:
        """A node from an IRI, a CURIE (`province:hau-giang`) or a label (with or without diacritics)."""
        g = self.net.graph
        text = (given or "").strip()
        iri = expand(text)
        if iri in g:
            return iri
        found = self.net.labels.get(fold(text), [])
        if found:
            return sorted(found, key=lambda n: (g.degree(n) == 0, -g.degree(n), n))[0]
        raise UnknownEntity(given, self.suggest(text))

    def suggest(self, text: str, n: int = 5) -> list[dict]:
        close = difflib.get_close_matches(fold(text), list(self.net.labels), n=n, cutoff=0.5)
        return [self.card(self.net.labels[label][0]) for label in close]

    def card(self, node: str) -> dict:
        d = self.net.graph.nodes[node]
        return {"id": node, "label": d["label"], "label_en": d["label_en"], "type": d["type"]}

    # ---------------------------------------------------------------- leaders as of a date
    def leaders(self, of: str, as_of: str | None = None) -> dict:
        """Each tenure in the organisation (or the organisations serving the province) with its status as
        of the date: the rule of the named query `leaders-as-of`, evaluated on the network in memory."""
        node = self.resolve(of)
        day = parse_date(as_of)
        g = self.net.graph
        orgs = [a for a, _, d in g.in_edges(node, data=True) if d["type"] == "serves"] \
            if g.nodes[node]["type"] == "place" else [node]
        tenures = [(a, b, d) for o in orgs for a, b, d in g.in_edges(o, data=True) if d["type"] in ("heads", "holds-post-in")]
        q0, q1 = day_bounds(day) if day else (None, None)
        earliest: dict[tuple, str] = {}
        for _, b, d in tenures:
            if d.get("date"):
                key = (b, d["role"])
                earliest[key] = min(earliest.get(key, d["date"]), d["date"])
        rows = []
        for a, b, d in tenures:
            start, last, until = d.get("date"), d.get("last"), d.get("until")
            atts = [dict(x, relation=_relation(x["date"], q0, q1) if day else None) for x in d["attestations"]]
            status = None
            if day:
                status = "undated" if not start else "attested" if any(x["relation"] == "contains" for x in atts) \
                    else "first-attested-after" if start > q1 else "last-attested-before" if last < q0 else "between-attestations"
                if until and until <= q0:
                    continue  # a later holder of this sole-holder post was attested before the date
                if status == "first-attested-after" and earliest[(b, d["role"])] < start:
                    continue  # before its first evidence only the post's earliest tenure is named
            rows.append({
                "membership": d["carrier"], "person": a, "name": g.nodes[a]["label"], "role": d.get("detail"),
                "roleIri": d["role"], "organisation": b, "organisationLabel": g.nodes[b]["label"], "status": status,
                "knownFrom": start, "lastAttested": last, "knownUntil": until,
                "attested": [x["date"] for x in atts if x["date"]], "sources": sorted({x["source"] for x in atts}),
                "attestations": atts, "nearest": _nearest(atts) if day else None})
        rows.sort(key=lambda t: (t["organisationLabel"] or "", t["role"] or "", t["name"]))
        sentence = None
        if day and not any(t["status"] in ("attested", "between-attestations") for t in rows):
            sentence = f"No article attests anyone in these posts on {day}; the rows say what is known before or after."
        return {"of": self.card(node), "asOf": day, "rows": rows, "message": sentence}

    def timeline(self, iri: str) -> list[dict]:
        """The posts of a person, or the post holders of an organisation, in date order, each with its
        attestations (date, source, quote); undated posts last."""
        g = self.net.graph
        if iri not in g:
            return []
        edges = [(a, b, d) for a, b, d in g.out_edges(iri, data=True)] + [(a, b, d) for a, b, d in g.in_edges(iri, data=True)]
        posts = [{"person": a, "personLabel": g.nodes[a]["label"], "organisation": b, "organisationLabel": g.nodes[b]["label"],
                  "organisationLabelEn": g.nodes[b]["label_en"], "role": d.get("detail"), "roleEn": d.get("detail_en"), "type": d["type"],
                  "knownFrom": d.get("date"), "lastAttested": d.get("last"), "knownUntil": d.get("until"),
                  "attestations": d.get("attestations", [])}
                 for a, b, d in edges if d["type"] in ("heads", "holds-post-in")]
        return sorted(posts, key=lambda p: (p["knownFrom"] is None, p["knownFrom"] or "", p["role"] or ""))

    # ---------------------------------------------------------------- paths and neighbours
    def _view(self, as_of: str | None, types: set[str] | None) -> nx.Graph:
        if not (as_of or types):  # the unfiltered question: one undirected simple graph, made once
            if "undirected" not in self.net.cache:
                self.net.cache["undirected"] = nx.Graph(self.net.graph.to_undirected(as_view=True))
            return self.net.cache["undirected"]
        day = first_day(as_of)
        keep = lambda a, b, k: (types is None or self.net.graph.edges[a, b, k]["type"] in types) and \
            known_as_of(self.net.graph.edges[a, b, k], day)
        return nx.subgraph_view(self.net.graph, filter_edge=keep).to_undirected(as_view=True)

    def _edges_between(self, a: str, b: str, as_of: str | None, types: set[str] | None) -> list[dict]:
        day = first_day(as_of)
        out = []
        for x, y in ((a, b), (b, a)):
            for data in (self.net.graph.get_edge_data(x, y) or {}).values():
                if (types is None or data["type"] in types) and known_as_of(data, day):
                    out.append(self.edge(x, y, data))
        return out

    def edge(self, a: str, b: str, data: dict) -> dict:
        g = self.net.graph
        return {"from": a, "fromLabel": g.nodes[a]["label"], "to": b, "toLabel": g.nodes[b]["label"],
                "type": data["type"], "source": data.get("source"), "quote": data.get("quote"),
                "date": data.get("date"), "until": data.get("until"), "detail": data.get("detail")}

    def path(self, a: str, b: str, as_of: str | None = None, types: str | None = None) -> dict:
        """The shortest paths (up to MAX_PATHS) between two entities, each edge with its evidence."""
        x, y = self.resolve(a), self.resolve(b)
        day, kinds = parse_date(as_of), parse_types(types)
        view = self._view(day, kinds)
        try:
            nodes = list(islice(nx.all_shortest_paths(view, x, y), MAX_PATHS))  # there can be thousands
        except nx.NetworkXNoPath:
            return {"from": self.card(x), "to": self.card(y), "paths": [],
                    "message": f"No chain of evidence links {self.card(x)['label']} and {self.card(y)['label']}."}
        paths = [{"length": len(p) - 1, "nodes": [self.card(n) for n in p],
                  "edges": [self._edges_between(p[i], p[i + 1], day, kinds)[0] for i in range(len(p) - 1)]}
                 for p in nodes]
        return {"from": self.card(x), "to": self.card(y), "paths": paths, "message": None}

    def neighbours(self, x: str, depth=1, as_of: str | None = None, types: str | None = None) -> dict:
        """Everything within `depth` steps, with the edges among them."""
        node = self.resolve(x)
        depth, day, kinds = parse_depth(depth), parse_date(as_of), parse_types(types)
        view = self._view(day, kinds)
        reach = nx.single_source_shortest_path_length(view, node, cutoff=depth)
        edges = [self.edge(a, b, d) for a, b, d in self.net.graph.edges(data=True)
                 if a in reach and b in reach and (kinds is None or d["type"] in kinds) and known_as_of(d, first_day(day))]
        nodes = [self.card(n) | {"distance": dist} for n, dist in sorted(reach.items(), key=lambda kv: (kv[1], kv[0]))]
        return {"of": self.card(node), "depth": depth, "nodes": nodes, "edges": edges}

    # ---------------------------------------------------------------- centrality and bridges
    def central(self, measure: str = "degree", province: str | None = None, limit: int = 20) -> dict:
        """The most central actors (places left out: they are hubs by construction), whole graph or one province."""
        measure = parse_measure(measure)
        where = self.resolve(province) if province else None
        scores, ranked = self._scores(measure, where)
        ranked = ranked[:limit]
        return {"measure": measure, "province": self.card(where) if where else None,
                "sampled": measure == "betweenness" and self._sampled(where),
                "rows": [self.card(n) | {"score": round(scores[n], 6)} for n in ranked]}

    def _members(self, province: str | None) -> list[str]:
        if province is None:
            return list(self.net.graph)
        return [n for n in self.net.graph if province in self.net.provinces.get(n, ()) or n == province]

    def _sampled(self, province: str | None) -> bool:
        return len(self._members(province)) > BETWEENNESS_SAMPLE

    def _scores(self, measure: str, province: str | None) -> dict:
        key = (measure, province)
        if key not in self.net.cache:
            simple = nx.Graph(self.net.graph.subgraph(self._members(province)).to_undirected())
            if measure == "degree":
                scores = dict(simple.degree())
            elif measure == "pagerank":
                scores = pagerank(simple)
            else:
                k = BETWEENNESS_SAMPLE if self._sampled(province) else None
                scores = nx.betweenness_centrality(simple, k=k, seed=0 if k else None)
            ranked = sorted((n for n in scores if self.net.graph.nodes[n]["type"] != "place"), key=lambda n: (-scores[n], n))
            self.net.cache[key] = scores, ranked
        return self.net.cache[key]

    def bridges(self, provinces: list[str] | None = None, types: str | None = None, limit: int = 50) -> dict:
        """Actors active in several provinces (or in all the given ones), most provinces first."""
        wanted = {self.resolve(p) for p in provinces or []}
        kinds = parse_types(types)
        rows = []
        for node, where in self.net.provinces.items():
            d = self.net.graph.nodes[node]
            if d["type"] == "place" or len(where) < 2 or not wanted <= where:
                continue
            if kinds and not any(e["type"] in kinds for _, _, e in self.net.graph.out_edges(node, data=True)):
                continue
            rows.append(self.card(node) | {"provinces": [self.card(p) for p in sorted(where) if p in self.net.graph]})
        rows.sort(key=lambda r: (-len(r["provinces"]), r["label"]))
        return {"provinces": [self.card(p) for p in sorted(wanted)], "rows": rows[:limit]}


def pagerank(g: nx.Graph, alpha: float = 0.85, tol: float = 1e-8, max_iter: int = 100) -> dict:
    """PageRank by power iteration in plain Python (networkx's own needs numpy and scipy, which dtkg
    does not install); dangling nodes spread their rank evenly, as networkx does."""
    n = g.number_of_nodes()
    if n == 0:
        return {}
    rank = dict.fromkeys(g, 1.0 / n)
    degree = dict(g.degree())
    for _ in range(max_iter):
        dangling = alpha * sum(rank[v] for v in g if degree[v] == 0) / n
        new = {v: (1 - alpha) / n + dangling + alpha * sum(rank[u] / degree[u] for u in g[v]) for v in g}
        if sum(abs(new[v] - rank[v]) for v in g) < n * tol:
            return new
        rank = new
    return rank


def _nearest(attestations: list[dict]) -> dict:
    """The attestations that contain the date, and the closest one before and after it."""
    before = [a for a in attestations if a["relation"] == "before"]
    after = [a for a in attestations if a["relation"] == "after"]
    return {"contains": [a["attestation"] for a in attestations if a["relation"] == "contains"],
            "before": before[-1]["attestation"] if before else None,
            "after": after[0]["attestation"] if after else None}

