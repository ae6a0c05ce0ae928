"""Synthetic source articles, each written into its own named graph the way a curator would write a
fact file (graph/facts/README.md): the source block, organisations, officials and their ORG
memberships, Data Cube observations, `dtkg:Target`s with their setting document, ELI documents,
programmes, systems and `dtkg:Deployment`s, events; every typed node has a quote.
"""
from __future__ import annotations

import random

from nq import ID, Article, Lit, en, integer, iri, number, typed, vi
from synth_world import (DEPARTMENTS, DTI, NATIONAL_DOCUMENTS, NATIONAL_ORGS, NATIONAL_PROGRAMME,
                         NATIONAL_SYSTEMS, PROVINCIAL_SYSTEMS, YEARS, Province, World)

STATUS_BY_AGE = ["planned", "pilot", "operational", "operational"]
UNITS = {"PERCENT": "%", "NUM": "", "CCY_VND": " đồng"}


def _fmt_vi(value) -> str:
    """Vietnamese number style: 71.400 and 8,6."""
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    return f"{value}".replace(".", ",")


def source_block(a: Article, w: World, p: Province | None, title_vi: str, title_en: str, year: int,
                 rng: random.Random) -> None:
    s = a.node(a.source, ["schema:NewsArticle", "prov:Entity"])
    a.add(s, "dct:title", vi(title_vi))
    a.labels_vi_en(s, title_vi, title_en)
    a.add(s, "dtkg:localCopy", Lit(f"{a.source_id}.txt"))
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    a.add(s, "schema:datePublished", typed(f"{year}-{month:02d}-{day:02d}T{rng.randint(6, 20):02d}:{rng.randint(0, 59):02d}:00", "dateTime"))
    a.add(s, "dct:temporal", ID + f"period/{year}")
    if p is None:
        publisher = organisation(a, w, ID + "organisation/bo-tttt")
    else:
        a.add(s, "dct:spatial", p.iri)
        a.add(s, "schema:about", p.iri)
        publisher = organisation(a, w, p.org("bao"), otype="news-publisher", area=p)
    a.add(s, "dct:publisher", publisher)
    author = rng.choice(w.journalists[p.slug if p else w.provinces[0].slug])
    byline = w.person_names[author].upper()
    person(a, w, author, byline)
    a.add(s, "schema:author", author)
    a.quote(s, byline)
    a.sentence(title_vi)


def organisation(a: Article, w: World, org: str, otype: str | None = None, area: Province | None = None,
                 unit_of: str | None = None) -> str:
    label = w.labels[org]
    kind = "org:OrganizationalUnit" if unit_of else "org:FormalOrganization"
    w.described.add(org)
    a.node(org, [kind], f"{label['vi']} cho biết")
    a.labels_vi_en(org, label["vi"], label["en"])
    slug = org.rsplit("/", 1)[-1]
    national = {s: c for s, c, _, _ in NATIONAL_ORGS}
    otype = otype or national.get(slug)
    if otype is None:
        otype = ("peoples-committee" if slug.startswith("ubnd-") else "party-committee" if slug.startswith("tinh-uy-")
                 else "peoples-council" if slug.startswith("hdnd-") else "government-department")
    a.add(org, "org:classification", iri(f"otype:{otype}"))
    if slug.startswith("ubnd-"):
        a.add(org, "skos:altLabel", vi(label["vi"].replace("Ủy ban nhân dân", "UBND")))
    if slug.startswith("tinh-uy-") and area is not None:
        a.add(org, "skos:altLabel", vi(f"Ban Chấp hành Đảng bộ {area.kind_vi} {area.name}"))
    if area is not None:
        a.add(org, "schema:areaServed", area.iri)
    if unit_of:
        a.add(org, "org:unitOf", unit_of)
    return org


def province_org(a: Article, w: World, p: Province, org: str) -> str:
    slug = org.rsplit("/", 1)[-1]
    unit_of = p.org("ubnd") if slug.startswith("so-") else None
    if unit_of and unit_of not in w.described:  # the parent is described where it is first needed
        province_org(a, w, p, unit_of)
    return organisation(a, w, org, area=p, unit_of=unit_of)


def person(a: Article, w: World, who: str, mention: str) -> str:
    name = w.person_names[who]
    a.node(who, ["foaf:Person", "schema:Person"], mention)
    a.add(who, "foaf:name", Lit(name))
    a.add(who, "skos:prefLabel", vi(name))
    return who


def official(a: Article, w: World, p: Province, who: str, role: str, org: str, year: int) -> None:
    """An official named with a post: person, organisation, membership attested in `year`."""
    province_org(a, w, p, org)
    role_vi = w.labels.get(role, {}).get("vi", "")
    mention = f"Ông {w.person_names[who]}, {role_vi} {w.labels[org]['vi']}"
    person(a, w, who, mention)
    a.membership(who, role, org, typed(year, "gYear"), mention)


# ---------------------------------------------------------------------- article kinds
def leadership(a: Article, w: World, p: Province, year: int, rng: random.Random) -> None:
    """A provincial conference on digital transformation: who attended, in which posts."""
    source_block(a, w, p, f"{p.name} tổng kết chuyển đổi số năm {year}",
                 f"{p.name} reviews digital transformation in {year}", year, rng)
    keys = ["party-secretary", "chair", "chair-deputy-party", "council", "standing-vice", "deputy-party",
            f"vice-{rng.randint(0, 2)}", "dir-tttt", "dep-tttt-0", "div-tttt-0"]
    keys += [f"dir-{code}" for code, _, _ in rng.sample(DEPARTMENTS[1:], 4)]
    attendees = []
    for pos, who in w.holders(p, year, keys):
        official(a, w, p, who, pos.role, pos.organisation, year)
        attendees.append(who)
    event = ID + f"event/hoi-nghi-chuyen-doi-so-{p.slug}-{year}"
    a.node(event, ["schema:Event"], f"Hội nghị tổng kết công tác chuyển đổi số năm {year} của {p.kind_vi} {p.name}")
    a.labels_vi_en(event, f"Hội nghị chuyển đổi số {p.name} năm {year}", f"{p.name} digital transformation conference {year}")
    a.add(event, "schema:startDate", typed(f"{year}-12-{10 + p.index % 18}", "date"))
    a.add(event, "schema:location", p.iri)
    a.add(event, "schema:organizer", province_org(a, w, p, p.org("ubnd")))
    for who in attendees:
        a.add(event, "schema:attendee", who)
    a.add(event, "schema:about", ID + f"programme/chuyen-doi-so-{p.slug}")


def observation(a: Article, w: World, p: Province, ind: tuple, period: str, value, attributed: str,
                rng: random.Random, rank_of: int | None = None) -> None:
    name, unit = ind[0], ind[1]
    obs = ID + f"observation/{p.slug}--{name}--{period}"
    ind_label = w.labels.get(iri(f"ind:{name}"), {"vi": name, "en": name})
    phrase = f"{value}/{rank_of}" if rank_of else f"{_fmt_vi(value)}{UNITS[unit]}"
    qualifier = "exact" if rank_of else rng.choice(["exact", "exact", "exact", "nearly", "more-than", "about"])
    a.node(obs, ["qb:Observation"], f"{ind_label['vi']} của {p.kind_vi} {p.name} kỳ {period} đạt {phrase}")
    a.labels_vi_en(obs, f"{ind_label['vi']}, {p.name}, {period}", f"{ind_label['en']}, {p.name}, {period}")
    a.add(obs, "dtkg:indicator", iri(f"ind:{name}"))
    a.add(obs, "sdmx-dimension:refArea", p.iri)
    a.add(obs, "sdmx-dimension:refPeriod", ID + f"period/{period}")
    a.add(obs, "sdmx-measure:obsValue", number(value))
    a.add(obs, "sdmx-attribute:unitMeasure", iri(f"unit:{unit}"))
    a.add(obs, "dtkg:qualifier", iri(f"qualifier:{qualifier}"))
    a.add(obs, "dtkg:originalText", vi(phrase))
    a.add(obs, "prov:wasAttributedTo", attributed)
    if rank_of:
        a.add(obs, "dtkg:rankOutOf", integer(rank_of))


def statistics(a: Article, w: World, p: Province, period: str, rng: random.Random) -> None:
    """Figures of one province for one year (annual indicators) or one month (monthly ones)."""
    year, _, month = period.partition("-")
    year = int(year)
    source_block(a, w, p, f"Kết quả chuyển đổi số {p.kind_vi} {p.name} kỳ {period}",
                 f"Digital transformation results of {p.name}, {period}", year, rng)
    dept = province_org(a, w, p, p.org("so-tttt"))
    (pos, who), = w.holders(p, year, ["dir-tttt"])
    official(a, w, p, who, pos.role, pos.organisation, year)
    pool = [i for i in w.indicators if i[4] == (not month)]
    for ind in pool:
        observation(a, w, p, ind, period, w.value(p, ind, year, int(month or 12)), dept, rng)


def dti_report(a: Article, w: World, year: int, rng: random.Random) -> None:
    """The ministry's yearly Digital Transformation Index: one rank per province."""
    source_block(a, w, None, f"Công bố Chỉ số chuyển đổi số cấp tỉnh (DTI) năm {year}",
                 f"Provincial Digital Transformation Index (DTI) {year} published", year + 1, rng)
    ministry = organisation(a, w, ID + "organisation/bo-tttt")
    for p in w.provinces:
        observation(a, w, p, (DTI, "NUM"), str(year), w.dti[(p.slug, year)], ministry, rng, rank_of=63)


def _document(a: Article, w: World, slug: str, doctype: str, number_: str, date: str, issuer: str,
              label_vi: str, label_en: str, spatial: Province | None = None, temporal: str | None = None) -> str:
    doc = ID + f"document/{slug}"
    a.node(doc, ["eli:LegalResource", "schema:Legislation"], f"{label_vi} ngày {date}")
    a.labels_vi_en(doc, label_vi, label_en)
    a.add(doc, "eli:id_local", Lit(number_))
    a.add(doc, "eli:type_document", iri(f"doctype:{doctype}"))
    a.add(doc, "eli:date_document", typed(date, "date"))
    a.add(doc, "eli:passed_by", issuer)
    a.add(doc, "eli:title", vi(label_vi))
    if spatial:
        a.add(doc, "dct:spatial", spatial.iri)
    if temporal:
        a.add(doc, "dct:temporal", ID + f"period/{temporal}")
    return doc


def national_document(a: Article, w: World, index: int) -> str:
    slug, doctype, number_, date, issuer, label_vi, label_en = NATIONAL_DOCUMENTS[index]
    return _document(a, w, slug, doctype, number_, date, organisation(a, w, ID + f"organisation/{issuer}"), label_vi, label_en)


def provincial_resolution(a: Article, w: World, p: Province) -> str:
    party = province_org(a, w, p, p.org("tinh-uy"))
    number_ = f"{(p.index * 7) % 40 + 1:02d}-NQ/TU"
    doc = _document(a, w, f"nghi-quyet-chuyen-doi-so-tinh-uy-{p.slug}-2021", "resolution", number_,
                    f"2021-{p.index % 12 + 1:02d}-{p.index % 27 + 1:02d}", party,
                    f"Nghị quyết {number_} của {w.labels[party]['vi']} về chuyển đổi số",
                    f"Resolution {number_} of the {w.labels[party]['en']} on digital transformation", p, "2021--2025")
    a.add(doc, "eli:based_on", national_document(a, w, 0))
    a.add(doc, "eli:is_about", iri("pillar:digital-government"))
    a.add(doc, "eli:is_about", iri("pillar:digital-economy"))
    a.add(doc, "eli:is_about", iri("pillar:digital-society"))
    return doc


def programme(a: Article, w: World, p: Province, approved_by: str) -> str:
    prog = ID + f"programme/chuyen-doi-so-{p.slug}"
    a.node(prog, ["dtkg:Programme"], f"Chương trình chuyển đổi số {p.kind_vi} {p.name}")
    a.labels_vi_en(prog, f"Chương trình chuyển đổi số {p.kind_vi} {p.name} đến năm 2025, định hướng đến năm 2030",
                   f"{p.name} digital transformation programme to 2025, with orientation to 2030")
    a.add(prog, "dtkg:approvedBy", approved_by)
    a.add(prog, "dct:spatial", p.iri)
    a.add(prog, "dct:temporal", ID + "period/2021--2025")
    a.add(prog, "dct:subject", iri("pillar:digital-government"))
    a.add(prog, "prov:wasAttributedTo", p.org("ubnd"))
    national = a.node(iri(NATIONAL_PROGRAMME), ["dtkg:Programme"], "Chương trình Chuyển đổi số quốc gia")
    a.labels_vi_en(national, "Chương trình Chuyển đổi số quốc gia đến năm 2025, định hướng đến năm 2030",
                   "National Digital Transformation Programme to 2025, with orientation to 2030")
    a.add(national, "dtkg:approvedBy", national_document(a, w, 1))
    a.add(prog, "prov:wasInfluencedBy", national)
    return prog


def target(a: Article, w: World, p: Province, ind: tuple, year: int, value, comparator: str, set_by: str) -> None:
    name, unit = ind[0], ind[1]
    t = ID + f"target/{p.slug}--{name}--{year}"
    ind_label = w.labels.get(iri(f"ind:{name}"), {"vi": name, "en": name})
    phrase = f"{_fmt_vi(value)}{UNITS[unit]}"
    a.node(t, ["dtkg:Target"], f"Phấn đấu đến năm {year}, {ind_label['vi'].lower()} đạt {phrase}")
    a.labels_vi_en(t, f"Chỉ tiêu {year}: {ind_label['vi'].lower()} của {p.name} đạt {phrase}",
                   f"{year} target: {ind_label['en'].lower()} of {p.name} at {phrase}")
    a.add(t, "dtkg:indicator", iri(f"ind:{name}"))
    a.add(t, "sdmx-dimension:refArea", p.iri)
    a.add(t, "sdmx-dimension:refPeriod", ID + f"period/{year}")
    a.add(t, "dtkg:targetYear", integer(year))
    a.add(t, "sdmx-measure:obsValue", number(value))
    a.add(t, "sdmx-attribute:unitMeasure", iri(f"unit:{unit}"))
    a.add(t, "dtkg:comparator", iri(f"comparator:{comparator}"))
    a.add(t, "dtkg:originalText", vi(phrase))
    a.add(t, "dtkg:setBy", set_by)


def plan(a: Article, w: World, p: Province, year: int, rng: random.Random) -> None:
    """The province's yearly plan: documents, programme, targets for the year and for 2025."""
    source_block(a, w, p, f"{p.name} ban hành kế hoạch chuyển đổi số năm {year}",
                 f"{p.name} issues its digital transformation plan for {year}", year, rng)
    resolution = provincial_resolution(a, w, p)
    ubnd = province_org(a, w, p, p.org("ubnd"))
    number_ = f"{(p.index * 13 + year) % 300 + 1}/KH-UBND"
    doc = _document(a, w, f"ke-hoach-{number_.split('/')[0]}-kh-ubnd-{p.slug}-{year}", "plan", number_,
                    f"{year}-{1 + p.index % 3:02d}-{1 + (p.index + year) % 28:02d}", ubnd,
                    f"Kế hoạch {number_} về chuyển đổi số {p.kind_vi} {p.name} năm {year}",
                    f"Plan {number_} on digital transformation of {p.name} in {year}", p, str(year))
    a.add(doc, "eli:based_on", resolution)
    a.add(doc, "eli:implements", resolution)
    a.add(doc, "eli:cites", national_document(a, w, 1 + (year % 3)))
    a.add(doc, "eli:is_about", iri(["pillar:digital-government", "pillar:digital-economy", "pillar:digital-society"][year % 3]))
    programme(a, w, p, resolution)
    (pos, who), = w.holders(p, year, ["chair"])
    official(a, w, p, who, pos.role, pos.organisation, year)
    annual = [i for i in w.indicators if i[4]]
    for ind in rng.sample(annual, min(5, len(annual))):
        value = w.value(p, ind, year)
        target(a, w, p, ind, year, value if isinstance(value, int) else round(value * 1.05, 1), "ge", doc)
    for ind in annual[:3]:
        value = w.value(p, ind, 2025)
        target(a, w, p, ind, 2025, value if isinstance(value, int) else round(value, 0), "ge", resolution)


def platforms(a: Article, w: World, p: Province, year: int, rng: random.Random) -> None:
    """Systems of the province and national platforms used there, with status and operator."""
    source_block(a, w, p, f"{p.name} đưa các nền tảng số vào vận hành năm {year}",
                 f"{p.name} puts digital platforms into service in {year}", year, rng)
    deployer = province_org(a, w, p, p.org("so-tttt"))
    (pos, who), = w.holders(p, year, ["dir-tttt"])
    official(a, w, p, who, pos.role, pos.organisation, year)
    chosen = rng.sample(PROVINCIAL_SYSTEMS, 3) + rng.sample(NATIONAL_SYSTEMS, 2)
    for spec in chosen:
        provincial = spec in PROVINCIAL_SYSTEMS
        key, cat, kind, label_vi, label_en = spec[:5]
        system = ID + (f"system/{key}-{p.slug}" if provincial else f"system/{key}")
        sys_vi = f"{label_vi} {p.kind_vi} {p.name}" if provincial else label_vi
        sys_en = f"{p.name} {label_en}" if provincial else label_en
        a.node(system, ["dtkg:DigitalSystem", kind], f"{sys_vi} được đưa vào sử dụng")
        a.labels_vi_en(system, sys_vi, sys_en)
        a.add(system, "dct:type", iri(f"cat:{cat}"))
        age = year - w.system_start[(key, p.slug)]
        if age < 0:
            continue
        status = "in-use" if not provincial else STATUS_BY_AGE[min(age, 3)]
        dep = ID + f"deployment/{system.rsplit('/', 1)[-1]}--{p.slug}"
        a.node(dep, ["dtkg:Deployment"], f"Năm {year}, {sys_vi} {'đã' if age else 'bắt đầu'} triển khai tại {p.name}")
        a.labels_vi_en(dep, f"{sys_vi} tại {p.name}", f"{sys_en} in {p.name}")
        a.add(dep, "prov:used", system)
        a.add(dep, "prov:atLocation", p.iri)
        a.add(dep, "adms:status", iri(f"status:{status}"))
        a.add(dep, "dtkg:attestedDate", typed(year, "gYear"))
        a.add(dep, "prov:wasInfluencedBy", ID + f"programme/chuyen-doi-so-{p.slug}")
        operator = (p.org(["viettel", "vnpt"][(p.index + len(key)) % 2]) if provincial else
                    ID + f"organisation/{spec[5]}" if spec[5] else None)
        if operator:
            parent = ID + f"organisation/{operator.rsplit('/', 1)[-1].split('-')[0]}" if provincial else None
            if parent:
                organisation(a, w, parent)
                organisation(a, w, operator, otype="telecom-operator", area=p, unit_of=parent)
            else:
                organisation(a, w, operator)
            for agent, role in ((operator, "operator"), (deployer, "deployer")):
                assoc = a.bnode()
                a.add(dep, "prov:qualifiedAssociation", assoc)
                a.add(assoc, "rdf:type", "prov:Association")
                a.add(assoc, "prov:agent", agent)
                a.add(assoc, "prov:hadRole", iri(f"drole:{role}"))


KINDS = [leadership, statistics, plan, platforms]


def schedule(w: World, rng: random.Random):
    """Articles in the order they are written: round-robin over provinces and kinds, the ministry's
    DTI reports early, years spread so that every province gets every kind in every year."""
    months = [f"{y}-{m:02d}" for y in YEARS for m in range(1, 13) if (y, m) <= (2025, 6)]
    periods = {p.slug: [str(y) for y in YEARS] + rng.sample(months, len(months)) for p in w.provinces}
    counters: dict[tuple[str, str], int] = {}
    dti_years = [y for y in reversed(YEARS[1:-1])] if w.has_dti else []
    n, cycle = 0, 0
    while True:
        for p in w.provinces:
            if dti_years and n % 30 == 4:
                yield "dti", None, dti_years.pop(0)
            kind = KINDS[(cycle + p.index) % len(KINDS)]
            count = counters.get((p.slug, kind.__name__), 0)
            counters[(p.slug, kind.__name__)] = count + 1
            if kind is statistics:
                if count >= len(periods[p.slug]):
                    continue
                yield kind, p, periods[p.slug][count]
            else:
                yield kind, p, YEARS[(count + p.index) % len(YEARS)]
            n += 1
        cycle += 1
