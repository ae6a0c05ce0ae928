"""A two-article fixture for tenures: one person attested in two posts at two dates, and the earlier
holder of one of those posts. Built with the real build, from a temporary facts and sources folder."""
from __future__ import annotations

from pathlib import Path

from dtkg.graph.build import build_dataset
from dtkg.graph.config import Settings

HEAD = """@prefix dtkg: <https://w3id.org/vn-dtkg/ontology#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix schema: <https://schema.org/> .
@prefix src: <https://w3id.org/vn-dtkg/id/source/> .
@prefix person: <https://w3id.org/vn-dtkg/id/person/> .
@prefix organisation: <https://w3id.org/vn-dtkg/id/organisation/> .
@prefix membership: <https://w3id.org/vn-dtkg/id/membership/> .
@prefix attestation: <https://w3id.org/vn-dtkg/id/attestation/> .
@prefix province: <https://w3id.org/vn-dtkg/id/province/> .
@prefix role: <https://w3id.org/vn-dtkg/vocab/role/> .
@prefix otype: <https://w3id.org/vn-dtkg/vocab/organisation-type/> .
"""

TEXT_2023 = "Tỉnh ủy Thử. Ông Nguyễn Văn An, Phó Bí thư Tỉnh ủy, phát biểu năm 2023. Ông Trần Văn Bình, Bí thư Tỉnh ủy năm 2022."
TEXT_2024 = "Ông Nguyễn Văn An, Bí thư Tỉnh ủy Thử, nói năm 2024."

FACTS_2023 = HEAD + """
src:100 a schema:NewsArticle , prov:Entity ; dct:title "Bài 2023"@vi ; dtkg:localCopy "100_a.txt" ;
    dtkg:quote "Tỉnh ủy Thử" .
organisation:tinh-uy-thu a org:FormalOrganization ; org:classification otype:party-committee ;
    schema:areaServed province:hai-duong ;
    skos:prefLabel "Tỉnh ủy Thử"@vi , "Test Party Committee"@en ; dtkg:quote "Tỉnh ủy Thử" .
person:nguyen-van-an a foaf:Person ; foaf:name "Nguyễn Văn An" ; skos:prefLabel "Nguyễn Văn An"@vi ;
    dtkg:quote "Ông Nguyễn Văn An" .
person:tran-van-binh a foaf:Person ; foaf:name "Trần Văn Bình" ; skos:prefLabel "Trần Văn Bình"@vi ;
    dtkg:quote "Ông Trần Văn Bình" .
membership:nguyen-van-an--deputy-party-secretary--tinh-uy-thu a org:Membership ;
    org:member person:nguyen-van-an ; org:organization organisation:tinh-uy-thu ; org:role role:deputy-party-secretary .
attestation:nguyen-van-an--deputy-party-secretary--tinh-uy-thu--100 a dtkg:Attestation ;
    prov:specializationOf membership:nguyen-van-an--deputy-party-secretary--tinh-uy-thu ;
    dtkg:attestedDate "2023"^^xsd:gYear ; dtkg:quote "Ông Nguyễn Văn An, Phó Bí thư Tỉnh ủy" .
membership:tran-van-binh--party-secretary--tinh-uy-thu a org:Membership ;
    org:member person:tran-van-binh ; org:organization organisation:tinh-uy-thu ; org:role role:party-secretary .
attestation:tran-van-binh--party-secretary--tinh-uy-thu--100 a dtkg:Attestation ;
    prov:specializationOf membership:tran-van-binh--party-secretary--tinh-uy-thu ;
    dtkg:attestedDate "2022"^^xsd:gYear ; dtkg:quote "Ông Trần Văn Bình, Bí thư Tỉnh ủy năm 2022" .
"""

FACTS_2024 = HEAD + """
src:101 a schema:NewsArticle , prov:Entity ; dct:title "Bài 2024"@vi ; dtkg:localCopy "101_b.txt" ;
    dtkg:quote "nói năm 2024" .
membership:nguyen-van-an--party-secretary--tinh-uy-thu a org:Membership ;
    org:member person:nguyen-van-an ; org:organization organisation:tinh-uy-thu ; org:role role:party-secretary .
attestation:nguyen-van-an--party-secretary--tinh-uy-thu--101 a dtkg:Attestation ;
    prov:specializationOf membership:nguyen-van-an--party-secretary--tinh-uy-thu ;
    dtkg:attestedDate "2024-05"^^xsd:gYearMonth ; dtkg:quote "Ông Nguyễn Văn An, Bí thư Tỉnh ủy Thử" .
"""


def build_fixture(root: Path):
    """Build the two fixture articles (plus the reference data) under `root`."""
    facts, sources = root / "facts", root / "sources"
    facts.mkdir()
    sources.mkdir()
    (sources / "100_a.txt").write_text(TEXT_2023, encoding="utf-8")
    (sources / "101_b.txt").write_text(TEXT_2024, encoding="utf-8")
    (facts / "100-a.ttl").write_text(FACTS_2023, encoding="utf-8")
    (facts / "101-b.ttl").write_text(FACTS_2024, encoding="utf-8")
    return build_dataset(Settings(facts_dir=facts, sources_dir=sources))
