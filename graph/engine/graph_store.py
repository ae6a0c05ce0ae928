"""Filling another store through the SPARQL 1.1 Graph Store HTTP Protocol (what `dtkg load --into` does)."""
from __future__ import annotations

import http.client
from urllib.parse import urlencode, urlsplit

import pyoxigraph as ox

from .dataset import merge_default_graph
from .errors import StoreFailed


def push_graphs(store: ox.Store, url: str, timeout: float = 600) -> list[tuple[str, int]]:
    """Replace each named graph of `store` on a Graph Store Protocol endpoint (`url`, e.g. oxigraph's
    http://host:7878/store) with one `PUT url?graph=IRI` (N-Triples) per graph, then the default graph
    with the merge of them all (`PUT url?default`), so that the store answers as the embedded engine
    does. Returns (graph, triples) for each named graph."""
    url = url.removeprefix("sparql+")
    parts = urlsplit(url)
    cls = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    merged = ox.Store()
    merged.bulk_load(store.dump(format=ox.RdfFormat.N_QUADS), ox.RdfFormat.N_QUADS)
    merge_default_graph(merged)
    done = []
    graphs = sorted((g for g in store.named_graphs() if isinstance(g, ox.NamedNode)), key=str)
    for graph in [*graphs, ox.DefaultGraph()]:
        body = merged.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph)
        query = {"graph": graph.value} if isinstance(graph, ox.NamedNode) else {"default": ""}
        target = (parts.path or "/") + ("?" + parts.query + "&" if parts.query else "?") + urlencode(query)
        conn = cls(parts.hostname, parts.port, timeout=timeout)
        try:
            conn.request("PUT", target, body, {"Content-Type": "application/n-triples", "User-Agent": "dtkg"})
            response = conn.getresponse()
            answer = response.read()
        except OSError as exc:
            raise StoreFailed(f"Cannot reach the Graph Store at {url}: {exc}") from None
        finally:
            conn.close()
        if response.status >= 300:
            raise StoreFailed(f"PUT of graph {graph} to {url} answered {response.status}: "
                              f"{answer.decode('utf-8', 'replace').strip()[:300]}")
        if isinstance(graph, ox.NamedNode):
            done.append((graph.value, body.count(b"\n")))
    return done
