"""What the fact tests share: the prefixes, the base IRIs, and the two lookups they all make."""
from __future__ import annotations

from dtkg.graph.namespaces import sparql_prologue

P = sparql_prologue()
ID = "https://w3id.org/vn-dtkg/id/"
VOCAB = "https://w3id.org/vn-dtkg/vocab/"


def observation(kg, iri: str, kind: str | None = None) -> dict[str, str]:
    """The core of one observation or target (of class `kind`, a prefixed name, when given):
    indicator, area, period, value, unit, hedge or comparator, target year, rank denominator, phrase."""
    typed = f"<{iri}> a {kind} ." if kind else ""
    rows = kg.select(P + f"""
        SELECT ?indicator ?area ?period ?value ?unit ?qualifier ?comparator ?year ?outOf ?original WHERE {{
          {typed}
          <{iri}> dtkg:indicator ?indicator ; sdmx-dimension:refArea ?area ;
                  sdmx-measure:obsValue ?value ; sdmx-attribute:unitMeasure ?unit .
          OPTIONAL {{ <{iri}> sdmx-dimension:refPeriod ?period }}
          OPTIONAL {{ <{iri}> dtkg:qualifier ?qualifier }}
          OPTIONAL {{ <{iri}> dtkg:comparator ?comparator }}
          OPTIONAL {{ <{iri}> dtkg:targetYear ?year }}
          OPTIONAL {{ <{iri}> dtkg:rankOutOf ?outOf }}
          OPTIONAL {{ <{iri}> dtkg:originalText ?original }}
        }}""")
    assert len(rows) == 1, f"{iri}: expected one row, got {rows}"
    return rows[0]


def quotes(kg, iri: str) -> set[str]:
    """The exact evidence strings (TextQuoteSelector) of the annotations on a node (a tenure: on its attestations)."""
    rows = kg.select(P + f"""
        SELECT ?exact WHERE {{
          ?a oa:hasBody/prov:specializationOf? <{iri}> ; oa:hasTarget/oa:hasSelector ?s .
          ?s a oa:TextQuoteSelector ; oa:exact ?exact .
        }}""")
    return {r["exact"] for r in rows}
