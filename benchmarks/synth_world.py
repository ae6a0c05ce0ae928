"""The synthetic world behind the benchmark graph: the 63 pre-2025 provinces with their People's
Committees, Party Committees, Councils and departments, the officials who hold posts in them year by
year (with promotions, so careers cross organisations), systems, documents and indicator values.

Everything is drawn from one `random.Random(seed)`, so the same seed gives the same world.
"""
from __future__ import annotations

import csv
import random
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from dtkg.graph.reference import english_name, short_name
from dtkg.graph.slugs import slugify
from nq import ID, iri

YEARS = list(range(2019, 2026))
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
          "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Trịnh", "Lương", "Mai"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Quang", "Hữu", "Thanh", "Ngọc", "Xuân", "Công", "Anh", "Duy",
          "Hồng", "Mạnh", "Trọng", "Tiến"]
GIVEN = ["Hùng", "Dũng", "Hòa", "Lan", "Hương", "Tuấn", "Nam", "Long", "Sơn", "Hải", "Bình", "Phong",
         "Thắng", "Quân", "Hà", "Trung", "Cường", "Thành", "Vinh", "Khánh", "Phương", "Hiếu", "Tâm",
         "Toàn", "Kiên", "Nhật", "Đạt", "Huy", "Linh", "Thảo", "Yến", "Quyết", "Tùng", "Lâm", "Hưng",
         "Chiến", "Hiển", "Khoa", "Lợi", "Mỹ", "Nghĩa", "Oanh", "Phúc", "Quý", "Sáng", "Thuận", "Uyên",
         "Việt", "Xuyên", "Hạnh"]

# code, Vietnamese name, English name (IRI organisation:so-{code}-{province})
DEPARTMENTS = [
    ("tttt", "Sở Thông tin và Truyền thông", "Department of Information and Communications"),
    ("khdt", "Sở Kế hoạch và Đầu tư", "Department of Planning and Investment"),
    ("tc", "Sở Tài chính", "Department of Finance"),
    ("ct", "Sở Công Thương", "Department of Industry and Trade"),
    ("nnptnt", "Sở Nông nghiệp và Phát triển nông thôn", "Department of Agriculture and Rural Development"),
    ("yt", "Sở Y tế", "Department of Health"),
    ("gddt", "Sở Giáo dục và Đào tạo", "Department of Education and Training"),
    ("tnmt", "Sở Tài nguyên và Môi trường", "Department of Natural Resources and Environment"),
    ("nv", "Sở Nội vụ", "Department of Home Affairs"),
    ("gtvt", "Sở Giao thông vận tải", "Department of Transport"),
    ("khcn", "Sở Khoa học và Công nghệ", "Department of Science and Technology"),
    ("tp", "Sở Tư pháp", "Department of Justice"),
]

# indicator, unit, low, high (value grows from low towards high over the years), annual?
INDICATORS = [
    ("digital-economy-share-of-grdp", "PERCENT", 4.0, 22.0, True),
    ("grdp", "CCY_VND", 2.0e13, 9.0e14, True),
    ("grdp-growth", "PERCENT", 2.0, 10.5, True),
    ("digital-technology-enterprises", "NUM", 40, 2500, True),
    ("smartphone-users-share-of-population", "PERCENT", 45.0, 92.0, True),
    ("broadband-households-share", "PERCENT", 40.0, 96.0, True),
    ("fibre-households-share", "PERCENT", 35.0, 95.0, True),
    ("e-payment-account-share-of-adults", "PERCENT", 30.0, 88.0, True),
    ("online-public-services-share", "PERCENT", 20.0, 98.0, True),
    ("registered-enterprises", "NUM", 1500, 60000, True),
    ("bts-stations", "NUM", 300, 9000, True),
    ("mobile-coverage-share-of-population", "PERCENT", 85.0, 99.9, True),
    ("online-dossier-rate", "PERCENT", 5.0, 85.0, False),
    ("farm-households-on-ecommerce", "NUM", 100, 40000, False),
    ("e-wallet-accounts", "NUM", 2000, 900000, False),
    ("online-dossiers-received", "NUM", 500, 120000, False),
    ("pos-terminals", "NUM", 200, 30000, False),
    ("bank-cards-issued", "NUM", 50000, 4000000, False),
]
DTI = "dti-rank"

# provincial systems: slug prefix, category, schema type, vi name, en name
PROVINCIAL_SYSTEMS = [
    ("ioc", "operations-centre", "schema:Place", "Trung tâm giám sát, điều hành thông minh (IOC)", "intelligent operations centre (IOC)"),
    ("soc", "security-operations-centre", "schema:Place", "Trung tâm giám sát an ninh mạng (SOC)", "security operations centre (SOC)"),
    ("dc", "data-centre", "schema:Place", "Trung tâm dữ liệu", "data centre"),
    ("lgsp", "data-integration-platform", "dcat:DataService", "Nền tảng tích hợp, chia sẻ dữ liệu (LGSP)", "data integration platform (LGSP)"),
    ("cong-dvc", "public-service-portal", "schema:WebSite", "Cổng dịch vụ công", "public-service portal"),
    ("cong-ttdt", "information-portal", "schema:WebSite", "Cổng thông tin điện tử", "information portal"),
    ("qlvb", "document-management", "schema:SoftwareApplication", "Hệ thống quản lý văn bản và điều hành", "document management system"),
    ("hntt", "video-conferencing", "schema:SoftwareApplication", "Hệ thống hội nghị truyền hình trực tuyến", "video-conferencing system"),
    ("app-cong-dan", "citizen-app", "schema:MobileApplication", "Ứng dụng công dân số", "citizen app"),
    ("tro-ly-ao", "virtual-assistant", "schema:SoftwareApplication", "Trợ lý ảo", "virtual assistant"),
]
# national systems used in the provinces (IRIs and labels as in notes/shared-iris.md), with operator
NATIONAL_SYSTEMS = [
    ("voso", "ecommerce-marketplace", "schema:WebSite", "Voso", "Voso", "viettel-post"),
    ("postmart", "ecommerce-marketplace", "schema:WebSite", "Postmart", "Postmart", "vnpost"),
    ("zalo", "social-network", "schema:MobileApplication", "Zalo", "Zalo", None),
    ("viettel-money", "e-wallet", "schema:MobileApplication", "Viettel Money", "Viettel Money", "viettel"),
    ("national-public-service-portal", "public-service-portal", "schema:WebSite", "Cổng Dịch vụ công quốc gia",
     "National Public Service Portal", "bo-tttt"),
    ("vnpt-igate", "public-service-portal", "schema:SoftwareApplication", "VNPT iGate", "VNPT iGate", "vnpt"),
]
NATIONAL_ORGS = [  # slug, classification, vi, en (notes/shared-iris.md)
    ("bo-tttt", "ministry", "Bộ Thông tin và Truyền thông", "Ministry of Information and Communications"),
    ("thu-tuong-chinh-phu", "ministry", "Thủ tướng Chính phủ", "Prime Minister of Vietnam"),
    ("ban-chap-hanh-trung-uong", "party-committee", "Ban Chấp hành Trung ương Đảng", "Party Central Committee"),
    ("vnpost", "post-operator", "Tổng công ty Bưu điện Việt Nam (VNPost)", "Vietnam Post (VNPost)"),
    ("viettel-post", "post-operator", "Viettel Post", "Viettel Post"),
    ("viettel", "telecom-operator", "Viettel", "Viettel"),
    ("vnpt", "telecom-operator", "VNPT", "VNPT"),
    ("fpt", "enterprise", "Tập đoàn FPT", "FPT Corporation"),
]
# slug, doctype, id_local, date, issuer, vi, en
NATIONAL_DOCUMENTS = [
    ("nghi-quyet-52-nq-tw-2019", "resolution", "52-NQ/TW", "2019-09-27", "ban-chap-hanh-trung-uong",
     "Nghị quyết 52-NQ/TW", "Resolution 52-NQ/TW"),
    ("quyet-dinh-749-qd-ttg-2020", "decision", "749/QĐ-TTg", "2020-06-03", "thu-tuong-chinh-phu",
     "Quyết định 749/QĐ-TTg", "Decision 749/QĐ-TTg"),
    ("quyet-dinh-942-qd-ttg-2021", "decision", "942/QĐ-TTg", "2021-06-15", "thu-tuong-chinh-phu",
     "Quyết định 942/QĐ-TTg", "Decision 942/QĐ-TTg"),
    ("quyet-dinh-411-qd-ttg-2022", "decision", "411/QĐ-TTg", "2022-03-31", "thu-tuong-chinh-phu",
     "Quyết định 411/QĐ-TTg", "Decision 411/QĐ-TTg"),
]
NATIONAL_PROGRAMME = "programme:chuyen-doi-so-quoc-gia"


@dataclass
class Province:
    index: int
    slug: str
    name: str  # short name, "Hải Dương"
    code: str
    city: bool

    @property
    def iri(self) -> str:
        return ID + "province/" + self.slug

    @property
    def kind_vi(self) -> str:
        return "thành phố" if self.city else "tỉnh"

    def org(self, local: str) -> str:
        return ID + f"organisation/{local}-{self.slug}"


@dataclass
class Position:
    key: str
    role: str  # role IRI
    organisation: str
    holders: dict[int, str] = field(default_factory=dict)  # year → person IRI


def read_provinces(national_dir: Path) -> list[Province]:
    rows = csv.DictReader((national_dir / "provinces-wikidata.csv").read_text(encoding="utf-8").splitlines())
    pre = [r for r in rows if r["era"] == "pre2025"]
    return [Province(i, slugify(short_name(r["name_vi"])), short_name(r["name_vi"]), r["gso_code"],
                     r["name_vi"].startswith("Thành phố")) for i, r in enumerate(pre)]


def read_vocab(ontology_dir: Path) -> tuple[dict[str, dict[str, str]], set[str], set[str]]:
    """prefLabels of the vocabulary concepts, the roles that head an organisation, and all concepts."""
    store = ox.Store()
    for path in sorted((ontology_dir / "vocab").glob("*.ttl")):
        store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode("urn:vocab"))
    labels: dict[str, dict[str, str]] = {}
    concepts: set[str] = set()
    for s in store.query("SELECT ?c ?l WHERE { GRAPH ?g { ?c a <http://www.w3.org/2004/02/skos/core#Concept> "
                         "OPTIONAL { ?c <http://www.w3.org/2004/02/skos/core#prefLabel> ?l } } }"):
        concepts.add(s["c"].value)
        if s["l"] is not None:
            labels.setdefault(s["c"].value, {})[s["l"].language] = s["l"].value
    heads = {s["r"].value for s in store.query(
        "SELECT ?r WHERE { GRAPH ?g { ?r <http://www.w3.org/2004/02/skos/core#broader>+ "
        "<https://w3id.org/vn-dtkg/vocab/role/head> } }")}
    return labels, heads, concepts


class World:
    """Provinces, organisations, people and their posts by year, systems and documents."""

    def __init__(self, seed: int, national_dir: Path, ontology_dir: Path):
        self.rng = random.Random(seed)
        self.provinces = read_provinces(national_dir)
        self.labels, self.head_roles, concepts = read_vocab(ontology_dir)
        self.indicators = [i for i in INDICATORS if iri(f"ind:{i[0]}") in concepts]
        self.has_dti = iri(f"ind:{DTI}") in concepts
        self.person_names: dict[str, str] = {}
        self.described: set[str] = set()  # organisations described in some article already
        self._names = self._name_stream()
        self.positions: dict[str, list[Position]] = {}
        self.journalists: dict[str, list[str]] = {}
        for p in self.provinces:
            self._label_organisations(p)
            self.positions[p.slug] = self._roster(p)
            self.journalists[p.slug] = [self.new_person() for _ in range(4)]
        for slug, _, label_vi, label_en in NATIONAL_ORGS:
            self.labels[ID + f"organisation/{slug}"] = {"vi": label_vi, "en": label_en}
        self.system_start = {(s[0], p.slug): self.rng.choice(YEARS[:-1])
                             for p in self.provinces for s in PROVINCIAL_SYSTEMS + NATIONAL_SYSTEMS}
        self.dti = self._dti_ranks()
        self.base_values = {(p.slug, ind[0]): self.rng.random() for p in self.provinces for ind in self.indicators}

    # ------------------------------------------------------------------ names and people
    def _name_stream(self):
        combos = [(f, m, g) for f in FAMILY for m in MIDDLE for g in GIVEN]
        self.rng.shuffle(combos)
        seen: set[str] = set()
        for extra in [""] + GIVEN:
            for f, m, g in combos:
                name = f"{f} {m} {extra + ' ' if extra else ''}{g}"
                slug = slugify(name)
                if slug not in seen:
                    seen.add(slug)
                    yield name, slug

    def new_person(self) -> str:
        name, slug = next(self._names)
        person = ID + "person/" + slug
        self.person_names[person] = name
        self.labels[person] = {"vi": name}
        return person

    # ------------------------------------------------------------------ organisations
    def _label_organisations(self, p: Province) -> None:
        name_en = english_name(("Thành phố " if p.city else "Tỉnh ") + p.name)
        self.labels[p.org("ubnd")] = {"vi": f"Ủy ban nhân dân {p.kind_vi} {p.name}", "en": f"{name_en} People's Committee"}
        party = f"Thành ủy {p.name}" if p.city else f"Tỉnh ủy {p.name}"
        self.labels[p.org("tinh-uy")] = {"vi": party, "en": f"{name_en} Party Committee"}
        self.labels[p.org("hdnd")] = {"vi": f"Hội đồng nhân dân {p.kind_vi} {p.name}", "en": f"{name_en} People's Council"}
        self.labels[p.org("bao")] = {"vi": f"Báo {p.name}", "en": f"{p.name} Newspaper"}
        for code, dept_vi, dept_en in DEPARTMENTS:
            self.labels[p.org("so-" + code)] = {"vi": f"{dept_vi} {p.kind_vi} {p.name}", "en": f"{p.name} {dept_en}"}
        for op in ("viettel", "vnpt"):
            self.labels[p.org(op)] = {"vi": f"{op.upper() if op == 'vnpt' else 'Viettel'} {p.name}",
                                      "en": f"{op.upper() if op == 'vnpt' else 'Viettel'} {p.name}"}

    def _roster(self, p: Province) -> list[Position]:
        """Posts of the province and who holds each in each year; vacancies go to promotions."""
        role = lambda r: iri(f"role:{r}")  # noqa: E731
        ubnd, party, council = p.org("ubnd"), p.org("tinh-uy"), p.org("hdnd")
        top = [Position("party-secretary", role("party-secretary"), party),
               Position("chair", role("chair-peoples-committee"), ubnd),
               Position("council", role("chair-peoples-council"), council),
               Position("deputy-party", role("deputy-party-secretary"), party),
               Position("standing-vice", role("standing-vice-chair-peoples-committee"), ubnd)]
        top += [Position(f"vice-{i}", role("vice-chair-peoples-committee"), ubnd) for i in range(3)]
        depts = []
        for code, _, _ in DEPARTMENTS:
            depts.append(Position(f"dir-{code}", role("director"), p.org("so-" + code)))
            depts += [Position(f"dep-{code}-{i}", role("deputy-director"), p.org("so-" + code)) for i in range(2)]
        depts += [Position(f"div-tttt-{i}", role("head-of-division"), p.org("so-tttt")) for i in range(2)]
        positions = top + depts
        feeders = {"party-secretary": ["deputy-party", "chair"], "chair": ["standing-vice", "deputy-party"],
                   "council": ["deputy-party"], "deputy-party": ["standing-vice", "vice-0"],
                   "standing-vice": ["vice-0", "vice-1", "vice-2"]}
        by_key = {pos.key: pos for pos in positions}
        for year in YEARS:
            taken: set[str] = set()
            for pos in positions:
                before = pos.holders.get(year - 1)
                term_change = year == (2020 if pos.organisation == party else 2021)
                if before and before not in taken and self.rng.random() > (0.55 if term_change else 0.1):
                    pos.holders[year] = before
                    taken.add(before)
                    continue
                pool = feeders.get(pos.key) or ([f"dep-{pos.key[4:]}-0", f"dep-{pos.key[4:]}-1"] if pos.key.startswith("dir-")
                                                else [f"dir-{c}" for c, _, _ in DEPARTMENTS] if pos.key.startswith("vice-") else [])
                candidates = [by_key[k].holders.get(year - 1) for k in pool if k in by_key]
                candidates = [c for c in candidates if c and c not in taken]
                pos.holders[year] = self.rng.choice(candidates) if candidates and self.rng.random() < 0.7 else self.new_person()
                taken.add(pos.holders[year])
        # the chair of the People's Committee is also a deputy Party secretary (as in article 004)
        positions.append(Position("chair-deputy-party", role("deputy-party-secretary"), party,
                                  dict(by_key["chair"].holders)))
        return positions

    def holders(self, p: Province, year: int, keys: list[str] | None = None) -> list[tuple[Position, str]]:
        return [(pos, pos.holders[year]) for pos in self.positions[p.slug]
                if year in pos.holders and (keys is None or pos.key in keys)]

    # ------------------------------------------------------------------ figures
    def _dti_ranks(self) -> dict[tuple[str, int], int]:
        ranks = {}
        for year in YEARS[1:-1]:  # the index was published for 2020–2024
            order = list(self.provinces)
            self.rng.shuffle(order)
            for rank, p in enumerate(order, 1):
                ranks[(p.slug, year)] = rank
        return ranks

    def value(self, p: Province, indicator: tuple, year: int, month: int = 12) -> float | int:
        """A value growing over the years, different per province (deterministic)."""
        name, unit, low, high, _ = indicator
        base = self.base_values[(p.slug, name)]
        progress = ((year - 2018) * 12 + month) / (8 * 12)
        v = low + (high - low) * min(1.0, 0.15 + 0.6 * base * progress + 0.25 * progress)
        if unit == "NUM" or unit == "CCY_VND":
            return int(round(v, -2 if v > 10000 else 0))
        return round(v, 1)
