"""dtkg.graph: sources → graph. Compiles curated facts into a dataset, validates, exports, queries.

>>> from dtkg.graph.build import build_dataset
>>> ds = build_dataset()            # doctest: +SKIP
"""
