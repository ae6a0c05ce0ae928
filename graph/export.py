"""Write the built dataset to `dist/` (TriG and N-Quads) or to a stream in any RDF format."""
from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox
from rdflib import Dataset

from .formats import RdfFormat, by_name, writer_options


def to_store(dataset: Dataset) -> ox.Store:
    """The rdflib dataset copied into an in-memory Oxigraph store (fast to serialise and query)."""
    data = dataset.serialize(format="nquads", encoding="utf-8")
    store = ox.Store()
    store.bulk_load(data, ox.RdfFormat.N_QUADS)
    return store


def serialize(store: ox.Store, fmt: RdfFormat, out: BinaryIO) -> None:
    """Write the whole dataset; triple formats get the union of all graphs (named graphs dropped)."""
    if fmt.quads:
        store.dump(out, fmt.oxigraph, **writer_options(fmt))
        return
    union = ox.Store()
    union.bulk_extend(ox.Quad(q.subject, q.predicate, q.object) for q in store)
    union.dump(out, fmt.oxigraph, from_graph=ox.DefaultGraph(), **writer_options(fmt))


def write_atomic(path: Path, write) -> None:
    """Write through a temporary file and rename, so a failed build never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        os.chmod(tmp, 0o644)
        with os.fdopen(fd, "wb") as out:
            write(out)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def write_dist(store: ox.Store, dist: Path) -> list[Path]:
    paths = []
    for name in ("nquads", "trig"):
        fmt = by_name(name)
        path = dist / f"dtkg{fmt.suffix}"
        write_atomic(path, lambda out, fmt=fmt: serialize(store, fmt, out))
        paths.append(path)
    return paths


def dumps(store: ox.Store, name: str) -> bytes:
    buffer = io.BytesIO()
    serialize(store, by_name(name), buffer)
    return buffer.getvalue()
