"""Filling another store through the SPARQL 1.1 Graph Store HTTP Protocol (what `dtkg load --into` does)."""
from __future__ import annotations

import base64
import os
import urllib.error
import urllib.request
from urllib.parse import urlencode, urlsplit, urlunsplit

import pyoxigraph as ox

from .dataset import merge_default_graph
from .errors import StoreFailed
from .virtuoso import MANIFEST_GRAPH, MERGE_GRAPH, as_turtle, manifest

PASSWORD_VARIABLE = "DTKG_STORE_PASSWORD"


def push_graphs(store: ox.Store, url: str, timeout: float = 600) -> list[tuple[str, int]]:
    """Replace each named graph of `store` on a Graph Store Protocol endpoint (`url`, e.g. oxigraph's
    http://host:7878/store) with one `PUT url?graph=IRI` (N-Triples) per graph, then the default graph
    with the merge of them all (`PUT url?default`), so that the store answers as the embedded engine
    does. A `virtuoso+http://…` endpoint gets the merge and the list of graphs as two named graphs
    instead, in the Turtle it loads without changing datatypes (see virtuoso.py). A user named in the URL (`http://dba@host/…`) authenticates (digest
    or basic, as the store asks) with the password in $DTKG_STORE_PASSWORD, never one in the URL
    (it would show in process lists and logs). Returns (graph, triples) for each named graph."""
    virtuoso = url.startswith("virtuoso+")
    endpoint, passwords = _endpoint(url.removeprefix("virtuoso+").removeprefix("sparql+"))
    merged = ox.Store()
    merged.bulk_load(store.dump(format=ox.RdfFormat.N_QUADS), ox.RdfFormat.N_QUADS)
    merge_default_graph(merged)
    graphs = sorted((g for g in store.named_graphs() if isinstance(g, ox.NamedNode)), key=str)
    default = merged.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    done = []
    put = lambda query, body: _put(passwords, endpoint, query, as_turtle(body) if virtuoso else body, timeout,
                                   "text/turtle" if virtuoso else "application/n-triples")
    for graph in graphs:
        body = merged.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph)
        put({"graph": graph.value}, body)
        done.append((graph.value, body.count(b"\n")))
    if virtuoso:
        put({"graph": MERGE_GRAPH}, default)
        put({"graph": MANIFEST_GRAPH}, manifest([g.value for g in graphs]))
    else:
        put({"default": ""}, default)
    return done


def _endpoint(url: str) -> tuple[str, urllib.request.HTTPPasswordMgr | None]:
    """The URL without its user, and that user's credentials for the store's challenge."""
    parts = urlsplit(url)
    if parts.password is not None:
        raise StoreFailed(f"Give the store's password in ${PASSWORD_VARIABLE}, not in the URL.")
    plain = urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))
    if not parts.username:
        return plain, None
    passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    passwords.add_password(None, plain, parts.username, os.environ.get(PASSWORD_VARIABLE, ""))
    return plain, passwords


def _authorization(passwords, request: urllib.request.Request, timeout: float) -> str | None:
    """The Authorization header for `request`, answering the challenge of a bodiless GET first: a
    store that challenges a PUT closes the connection before reading its body (a broken pipe)."""
    try:
        urllib.request.urlopen(urllib.request.Request(request.full_url, method="GET"), timeout=timeout).close()
        return None
    except urllib.error.HTTPError as exc:
        exc.close()
        challenge = exc.headers.get("WWW-Authenticate", "") if exc.code == 401 else ""
    scheme, _, rest = challenge.partition(" ")
    if scheme.lower() == "digest":
        fields = urllib.request.parse_keqv_list(filter(None, urllib.request.parse_http_list(rest)))
        return "Digest " + urllib.request.HTTPDigestAuthHandler(passwords).get_authorization(request, fields)
    if scheme.lower() == "basic":
        user, password = passwords.find_user_password(None, request.full_url)
        return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
    return None


def _put(passwords, endpoint: str, query: dict, body: bytes, timeout: float, media_type: str) -> None:
    target = endpoint + ("&" if "?" in endpoint else "?") + urlencode(query)
    what = query.get("graph", "default graph")
    request = urllib.request.Request(target, body, method="PUT",
                                     headers={"Content-Type": media_type, "User-Agent": "dtkg"})
    try:
        if passwords is not None and (authorization := _authorization(passwords, request, timeout)):
            request.add_header("Authorization", authorization)
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
    except urllib.error.HTTPError as exc:
        answer = exc.read().decode("utf-8", "replace").strip()[:300]
        if exc.code == 401:
            answer = f"it needs a user in the URL (http://USER@host/…) and the password in ${PASSWORD_VARIABLE}. {answer}"
        raise StoreFailed(f"PUT of graph {what} to {endpoint} answered {exc.code}: {answer}") from None
    except OSError as exc:
        raise StoreFailed(f"Cannot reach the Graph Store at {endpoint}: {exc}") from None
