"""Names for IRI parameters: "Hải Dương", "hai duong" or "hai-duong" stand for province:hai-duong.

A value that is already an IRI or a prefixed name is kept. Anything else is folded (`slugs.fold`,
hyphens read as spaces) and looked up among the ASCII-folded labels the build writes as
skos:hiddenLabel. Several matches are narrowed to the one whose slug is the name's slug, else to
the ones carrying the parameter's expected class when the caller names it; a name that still
matches none or several is a BadInput error that says which.
"""
from __future__ import annotations

import re
from typing import Callable

import pyoxigraph as ox

from .errors import BadInput
from .slugs import fold, slugify

LOOKUP = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?name ?s WHERE { ?s skos:hiddenLabel ?name FILTER(isIRI(?s)) }"""
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
MAX_LISTED = 5

# select(text, bindings) -> the IRIs bound to ?s, for the store at hand (an engine, see `engine_select`)
Select = Callable[[str, dict], list[str]]


def is_iri_like(value: str, expanded: str) -> bool:
    """True when the value reads as an IRI: `<…>`, a prefixed name that expanded, or `scheme:…`."""
    return value.startswith("<") or expanded != value or (bool(_SCHEME.match(value)) and " " not in value)


def resolve(value: str, select: Select, param: str = "value") -> str:
    """The IRI a user's name stands for (see the module docstring)."""
    name = fold(value.replace("-", " ").replace("_", " "))
    if not name:
        raise BadInput(f"parameter ?{param} is empty")
    found = sorted(set(select(LOOKUP, {"name": ox.Literal(name)})))
    if len(found) > 1:
        slug = "/" + slugify(name)
        exact = [iri for iri in found if iri.endswith(slug)]
        found = exact or found
    if not found:
        raise BadInput(f"parameter ?{param}: nothing in the graph is named {value!r}; "
                         "give an IRI, a prefixed name (province:hai-duong) or another name")
    if len(found) > 1:
        listed = ", ".join(found[:MAX_LISTED]) + (" …" if len(found) > MAX_LISTED else "")
        raise BadInput(f"parameter ?{param}: {value!r} names {len(found)} things ({listed}); give one IRI")
    return found[0]


def resolve_values(params, values: dict[str, str], select: Select) -> dict[str, str]:
    """The values with every IRI parameter given as a name replaced by the IRI it names."""
    from .catalogue import expand

    out = dict(values)
    for p in params:
        raw = (values.get(p.name) or "").strip()
        if p.type == "iri" and raw and not is_iri_like(raw, expand(raw)):
            out[p.name] = resolve(raw, select, p.name)
    return out


def engine_select(engine) -> Select:
    """A Select over an engine (graph/engine): what the CLI and the server look names up with."""
    def select(text: str, bindings: dict) -> list[str]:
        return [row["s"].value for row in engine.select(text, bindings=bindings)]
    return select
