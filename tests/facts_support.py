"""What the tests that query the built graph share: the prefixes and the base IRIs."""
from __future__ import annotations

from dtkg.graph.namespaces import sparql_prologue

P = sparql_prologue()
ID = "https://w3id.org/vn-dtkg/id/"
VOCAB = "https://w3id.org/vn-dtkg/vocab/"
