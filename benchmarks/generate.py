"""Write a synthetic dtkg dataset of about N triples as N-Quads, deterministically from a seed.

    .venv/bin/python benchmarks/generate.py --triples 1000000 -o benchmarks/out/dtkg-1m.nq

The file holds what `dtkg build` would make of many curated articles: the real ontology, vocabularies
and reference provinces (built by graph/build.py with no fact files), then one named graph per
synthetic source article about the 63 pre-2025 provinces (see synth_articles.py). A JSON file next to
the output records the counts and sample IRIs that the benchmark uses for query parameters.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from nq import ID, Article, tenure_lines  # noqa: E402
from synth_articles import dti_report, schedule  # noqa: E402
from synth_world import World  # noqa: E402

GENERATOR_VERSION = "3"  # 3: tenures with dated attestations (issue 8)
BUILD_GRAPH = "https://w3id.org/vn-dtkg/graph/build"
DATASET = ID + "dataset/dtkg"
_BNODE = re.compile(r"(?:(?<=^)|(?<= ))_:([A-Za-z0-9]+)(?= )")


def base_lines(settings) -> list[str]:
    """Ontology, vocabularies, reference provinces and the build description, as `dtkg build` makes
    them from no fact files; blank nodes get labels from their content so the output is stable."""
    from dtkg.graph.build import build_dataset

    with tempfile.TemporaryDirectory() as empty:
        built = build_dataset(type(settings)(**{**settings.__dict__, "facts_dir": Path(empty)}))
    dataset = built.dataset
    signature: dict[str, list[str]] = {}
    for s, p, o, g in dataset.quads((None, None, None, None)):
        for node, key in ((s, f"out {p} {o if not _is_bnode(o) else ''}"), (o, f"in {s} {p}")):
            if _is_bnode(node):
                signature.setdefault(str(node), []).append(key)
    labels = {b: "r" + hashlib.sha1("\n".join(sorted(keys)).encode()).hexdigest()[:16] for b, keys in signature.items()}
    text = dataset.serialize(format="nquads")
    lines = {_BNODE.sub(lambda m: "_:" + labels.get(m[1], m[1]), line) + "\n" for line in text.splitlines() if line.strip()}
    return sorted(lines)


def _is_bnode(term) -> bool:
    return type(term).__name__ == "BNode"


def build_lines(source_id: str) -> list[str]:
    graph, source = f"<https://w3id.org/vn-dtkg/graph/{source_id}>", f"<{ID}source/{source_id}>"
    b = f"<{BUILD_GRAPH}>"
    return [f"<{DATASET}> <http://rdfs.org/ns/void#subset> {graph} {b} .\n",
            f"{graph} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/ns/prov#Bundle> {b} .\n",
            f"{graph} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://rdfs.org/ns/void#Dataset> {b} .\n",
            f"{graph} <http://www.w3.org/ns/prov#wasDerivedFrom> {source} {b} .\n",
            f"{graph} <http://purl.org/dc/terms/source> {source} {b} .\n"]


def generate(out, triples: int, seed: int = 42, with_base: bool = True, progress=lambda _: None) -> dict:
    """Write about `triples` quads to the binary stream `out`; returns counts and sample IRIs."""
    from dtkg.graph.config import settings as current_settings

    settings = current_settings()
    rng = random.Random(seed)
    world = World(seed, settings.national_dir, settings.ontology_dir)
    written, articles, kinds, tenures = 0, 0, {}, {}
    if with_base:
        lines = base_lines(settings)
        out.write("".join(lines).encode())
        written += len(lines)
    for kind, province, when in schedule(world, rng):
        if written >= triples:
            break
        source_id = f"syn-{articles + 1:05d}"
        a = Article(source_id, world.labels, world.head_roles)
        if kind == "dti":
            dti_report(a, world, when, rng)
            name = "dti_report"
        else:
            kind(a, world, province, when, rng)
            name = kind.__name__
        lines = a.lines() + build_lines(source_id)
        for m, person, role, organisation, attested in a.memberships:
            post = ID + f"post/{organisation.rsplit('/', 1)[-1]}--{role.rsplit('/', 1)[-1]}"
            entry = tenures.setdefault(m, (a.graph, person, role, organisation, post, []))
            if attested is not None:
                entry[5].append(attested)
        out.write("".join(lines).encode())
        written += len(lines)
        articles += 1
        kinds[name] = kinds.get(name, 0) + 1
        if articles % 200 == 0:
            progress(f"{articles} articles, {written} quads")
    lines = tenure_lines(tenures, world.head_roles)  # needs every article, as the build's union step
    out.write("".join(lines).encode())
    written += len(lines)
    return {"generator_version": GENERATOR_VERSION, "seed": seed, "requested": triples, "quads": written,
            "articles": articles, "articles_by_kind": kinds, "with_base": with_base,
            "provinces": len(world.provinces), "persons": len(world.person_names),
            "samples": samples(world)}


def samples(world: World) -> dict[str, str]:
    """IRIs and values that exist in every generated file, for the parameters of named queries."""
    p = next(x for x in world.provinces if x.slug == "hai-duong")
    (_, chair_2021), = world.holders(p, 2021, ["chair"])
    return {
        "province": p.iri, "organisation": p.org("ubnd"), "person": chair_2021, "year": "2021",
        "indicator": "https://w3id.org/vn-dtkg/vocab/indicator/digital-economy-share-of-grdp",
        "system": ID + "system/voso", "document": ID + "document/nghi-quyet-52-nq-tw-2019",
        "programme": ID + "programme/chuyen-doi-so-quoc-gia", "source": ID + "source/syn-00001",
        "graph": "https://w3id.org/vn-dtkg/graph/syn-00001", "role": "https://w3id.org/vn-dtkg/vocab/role/chair-peoples-committee",
        "text": "chuyển đổi số",
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=100_000, help="about how many quads to write (default 100000)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("-o", "--output", type=Path, help="N-Quads file (default benchmarks/out/dtkg-<N>.nq)")
    parser.add_argument("--synthetic-only", action="store_true", help="leave out the ontology, vocabularies and provinces")
    parser.add_argument("-q", "--quiet", action="store_true")
    args = parser.parse_args(argv)
    out_path = args.output or Path(__file__).resolve().parent / "out" / f"dtkg-{args.triples}.nq"
    out_path.parent.mkdir(parents=True, exist_ok=True)
    say = (lambda _: None) if args.quiet else (lambda m: print(f"… {m}", file=sys.stderr))
    started = time.perf_counter()
    with open(out_path, "wb") as out:
        meta = generate(out, args.triples, args.seed, not args.synthetic_only, say)
    meta["seconds"] = round(time.perf_counter() - started, 2)
    meta["file"] = out_path.name
    meta["bytes"] = out_path.stat().st_size
    out_path.with_name(out_path.name + ".json").write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n")
    if not args.quiet:
        print(f"wrote {meta['quads']} quads in {meta['articles']} article graphs to {out_path} ({meta['seconds']} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
