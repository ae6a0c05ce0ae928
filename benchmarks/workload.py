"""The benchmark's queries: every named query of queries/*.rq with its parameters bound.

A parameter gets its declared default; an IRI default that the synthetic data does not contain
(a real person, say) is replaced by the generator's sample of the same name, so that every query
does real work; a parameter with no default stays unbound (the query then covers all provinces).
Over HTTP the values are inlined as `VALUES ?var { term }` at the start of every WHERE group
(sub-selects included, since a sub-select does not see outer bindings); in process they are passed
as pyoxigraph `substitutions`. The two must give the same rows, which `check_inlining` verifies.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from dtkg.graph.catalogue import NamedQuery, load_catalogue
from dtkg.graph.engine.remote import with_values
from dtkg.graph.config import settings



@dataclass
class BenchQuery:
    name: str
    text: str  # with the parameter values inlined, for any SPARQL endpoint
    original: str
    bindings: dict[str, ox.NamedNode | ox.Literal] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def values_label(self) -> str:
        return ", ".join(f"?{k}={_short(v)}" for k, v in self.bindings.items()) or "(none)"


def _short(term) -> str:
    value = term.value
    return value.rsplit("/", 1)[-1] if isinstance(term, ox.NamedNode) else repr(value)


def inline(text: str, bindings: dict[str, ox.NamedNode | ox.Literal]) -> str:
    """The query with `VALUES` opening every WHERE group (the engine's `with_values`)."""
    return with_values(text, bindings, every_where=True)


def _exists(store: ox.Store, node: ox.NamedNode) -> bool:
    return bool(store.query("ASK { { ?n ?p ?o } UNION { ?s ?p ?n } }", substitutions={ox.Variable("n"): node},
                            use_default_graph_as_union=True))


def prepare(store: ox.Store, samples: dict[str, str], names: list[str] | None = None) -> list[BenchQuery]:
    """Every named query (or those in `names`) with values chosen for this data set."""
    catalogue = load_catalogue(settings())
    out = []
    for name, query in sorted(catalogue.items()):
        if names and name not in names:
            continue
        out.append(_prepare_one(store, query, samples))
    return out


def _prepare_one(store: ox.Store, query: NamedQuery, samples: dict[str, str]) -> BenchQuery:
    bindings, notes = {}, []
    for param in query.params:
        if param.type == "lang":
            continue  # written into query.text (its default), not a binding
        if param.default in (None, ""):
            notes.append(f"?{param.name} unbound (no default)")
            continue
        term = param.term(param.default)
        if isinstance(term, ox.NamedNode) and not _exists(store, term):
            sample = samples.get(param.name)
            if sample:
                notes.append(f"?{param.name}: default {_short(term)} not in the synthetic data, used {sample.rsplit('/', 1)[-1]}")
                term = ox.NamedNode(sample)
            else:
                notes.append(f"?{param.name}: default {_short(term)} not in the synthetic data (no sample)")
        bindings[param.name] = term
    return BenchQuery(query.name, inline(query.text, bindings), query.text, bindings, notes)


def run_in_process(store: ox.Store, q: BenchQuery, inlined: bool = False, union: bool = True) -> int:
    """Evaluate natively and consume every row; returns the row count. `union`: the default graph is
    Oxigraph's union of the named graphs (a triple once per graph holding it), else the store's own
    default graph (see graph/engine/dataset.py `merge_default_graph`)."""
    if inlined:
        results = store.query(q.text, use_default_graph_as_union=union)
    else:
        subs = {ox.Variable(k): v for k, v in q.bindings.items()} or None
        results = store.query(q.original, use_default_graph_as_union=union, substitutions=subs)
    if isinstance(results, ox.QueryBoolean):
        return 1
    return sum(1 for _ in results)


def check_inlining(store: ox.Store, queries: list[BenchQuery], union: bool = True) -> list[str]:
    """Names of queries whose inlined text gives another number of rows than substitution."""
    return [q.name for q in queries if q.bindings and
            run_in_process(store, q, union=union) != run_in_process(store, q, inlined=True, union=union)]
