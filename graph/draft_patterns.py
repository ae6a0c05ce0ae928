"""The patterns of Vietnamese official and press writing that `dtkg curate draft` reads: document
references, people with their posts, figures with their hedges, targets. Each finder returns
mentions with exact character spans into the text, so every draft quote is a substring of it.

>>> [m.data["number"] for m in documents("theo Quyết định số 749/QĐ-TTg ngày 3/6/2020")]
['749/QĐ-TTg']
>>> [(m.data["value"], m.data["unit"], m.data["qualifier"]) for m in figures("phát hành gần 3 triệu thẻ ngân hàng")]
[(Decimal('3000000'), 'NUM', 'nearly')]
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

UP = "A-ZÀ-ỸĐ"          # capitals of Vietnamese (precomposed, NFC)
LOW = "a-zà-ỹđ"
WORD = rf"[{UP}][{LOW}{UP}]*"


@dataclass
class Mention:
    kind: str
    start: int
    end: int
    data: dict = field(default_factory=dict)


def sentences(text: str) -> list[tuple[int, int]]:
    """Spans of sentences (a line break, or . ! ? followed by a space, ends one)."""
    out, start = [], 0
    for m in re.finditer(r"(?<=[.!?…])\s+(?=[\"“”(A-ZÀ-ỸĐ0-9-])|\n+", text):
        if text[start:m.start()].strip():
            out.append((start, m.start()))
        start = m.end()
    if text[start:].strip():
        out.append((start, len(text)))
    return out


def sentence_of(text: str, pos: int) -> tuple[int, int]:
    return next(((s, e) for s, e in sentences(text) if s <= pos < e), (0, len(text)))


# ------------------------------------------------------------------------------------ dates

DATE = re.compile(r"(?:ngày|Ngày)\s+(\d{1,2})\s*(?:[/-]|\s+tháng\s+)(\d{1,2})\s*(?:[/-]|\s+năm\s+)(\d{4})")
DATE_EN = re.compile(r"(\d{1,2})\s+(January|February|March|April|May|June|July|August|September|October|November|December)\s+(\d{4})")
MONTHS_EN = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
             "november", "december"]


def iso_date(m: re.Match) -> str | None:
    day, month, year = m.group(1), m.group(2), m.group(3)
    if not month.isdigit():
        month = str(MONTHS_EN.index(month.lower()) + 1)
    d, mo = int(day), int(month)
    return f"{year}-{mo:02d}-{d:02d}" if 1 <= d <= 31 and 1 <= mo <= 12 else None


# -------------------------------------------------------------------------------- documents

DOC_TYPES = {  # words of Vietnamese (and English) official writing → dtkg document type
    "chương trình hành động": "action-programme", "nghị quyết": "resolution", "quyết định": "decision",
    "kế hoạch": "plan", "thông tư": "circular", "nghị định": "decree", "chỉ thị": "directive",
    "luật": "law", "action programme": "action-programme", "resolution": "resolution",
    "decision": "decision", "plan": "plan", "circular": "circular", "decree": "decree", "directive": "directive",
}
# the type part of a number (52-NQ/TW, 749/QĐ-TTg, 05/2022/TT-BNNPTNT) and its issuer part
NUMBER_TYPES = {"NQ": "resolution", "QĐ": "decision", "QD": "decision", "KH": "plan", "TT": "circular",
                "NĐ": "decree", "ND": "decree", "CT": "directive", "CTr": "action-programme", "QH": "law"}
ISSUERS = {"TW": "Ban Chấp hành Trung ương", "TU": "Tỉnh ủy", "TTg": "Thủ tướng Chính phủ", "UBND": "Ủy ban nhân dân tỉnh",
           "CP": "Chính phủ", "BCT": "Bộ Chính trị", "BTTTT": "Bộ Thông tin và Truyền thông",
           "BNNPTNT": "Bộ Nông nghiệp và Phát triển nông thôn", "HĐND": "Hội đồng nhân dân tỉnh"}
NUMBER = r"\d+(?:/\d{4})?(?:[/-][A-ZĐ][A-Za-zĐđ]*\d*)+|\d+"
DOC = re.compile(
    r"(?P<type>(?i:chương trình hành động|nghị quyết|quyết định|kế hoạch|thông tư|nghị định|chỉ thị)|Luật"
    r"|Action Programme|Resolution|Decision|Plan|Circular|Decree|Directive)"
    rf"(?:\s+(?:số|No\.?))?\s*(?P<number>{NUMBER})?")
# a bare type word is a document when what follows names one
NAMED_AFTER = re.compile(rf"\s+(?:về\b|của\b|Đại hội|giao nhiệm vụ|“|\"|{WORD}\s+{WORD})")
ACTS = re.compile(r"(?:ban hành|ký kết|ký ban hành|thực hiện|triển khai|các)\s+$", re.I)


def documents(text: str) -> list[Mention]:
    out = []
    for m in DOC.finditer(text):
        kind_word, number = m.group("type"), m.group("number")
        start, end = m.start(), m.end("number") if number else m.end("type")
        before = text[max(0, start - 20):start]
        capital = kind_word[0].isupper()
        if not number and not (ACTS.search(before) or (capital and NAMED_AFTER.match(text, end))):
            continue  # "quyết định" the verb, "kế hoạch đề ra" the plan figure
        if capital and start > 0 and not ACTS.search(before) and not number and text[start - 1] not in " (“\"":
            continue
        data = {"type": DOC_TYPES[kind_word.lower()], "number": number, "words": kind_word}
        if number and not number.isdigit():
            parts = re.split(r"[/-]", number)
            data["type"] = next((NUMBER_TYPES[p] for p in parts[1:] if p in NUMBER_TYPES), data["type"])
            issuer = next((ISSUERS[p] for p in reversed(parts[1:]) if p in ISSUERS), None)
            if issuer:
                data["issuer_from_number"] = issuer
            year = next((p for p in parts[1:] if re.fullmatch(r"\d{4}", p)), None)
            if year:
                data["year"] = year
        sentence = sentence_of(text, start)
        after = re.compile(r"\s+(?:ngày|of|dated)\s").match(text, end)
        limit = min(end + 45, text.find("\n", end) % (len(text) + 1))  # the date follows within the line
        date = (DATE.search(text, end, limit) or DATE_EN.search(text, end, limit)) if after else None
        lead = DATE.search(text, sentence[0], start)
        if date:
            data["date"], end = iso_date(date), date.end()
        elif lead:
            data["date"] = iso_date(lead)
        of = re.compile(r" của ").match(text, end)
        if of:
            spans, stop = phrase(text, of.end(), 8)
            if spans:
                data["issuer"], end = text[spans[0][0]:stop], stop
        actor = re.search(r"(?:^|, *)([^,]*?) +(?:cũng +)?(?:đã +)?(?:ký +)?ban hành +$", text[sentence[0]:start])
        if actor and "issuer" not in data and actor.group(1)[:1].isupper():
            data["issuer"] = actor.group(1).strip()
        title = re.compile(r"\s+(?:về|phê duyệt)\s+(“[^”]+”|[^,.;]+)").match(text, end)
        if title:
            data["title"] = title.group(1).strip("“” ")
            end = title.end()
        elif not number and "issuer" not in data:
            spans, stop = phrase(text, end, 10)  # «Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XVII»
            if spans:
                data["name"], end = text[spans[0][0]:stop], stop
        out.append(Mention("document", start, end, data))
    return out


# ------------------------------------------------------------------------------- people, posts

ROLES = [  # longest first; → role vocabulary slug
    ("Phó Chủ tịch Thường trực UBND", "standing-vice-chair-peoples-committee"),
    ("Phó Chủ tịch Thường trực", "standing-vice-chair-peoples-committee"),
    ("Phó Giám đốc phụ trách điều hành", "deputy-director-in-charge"),
    ("Phó Chủ tịch UBND", "vice-chair-peoples-committee"), ("Phó Chủ tịch", "vice-chair-peoples-committee"),
    ("Chủ tịch UBND", "chair-peoples-committee"), ("Chủ tịch HĐND", "chair-peoples-council"),
    ("Chủ tịch Tập đoàn", "chair-of-corporation"), ("Chủ tịch", "chair-peoples-committee"),
    ("Phó Bí thư", "deputy-party-secretary"), ("Bí thư", "party-secretary"),
    ("Phó Giám đốc", "deputy-director"), ("Phó giám đốc", "deputy-director"), ("Giám đốc", "director"),
    ("Trưởng phòng", "head-of-division"), ("Trưởng đoàn", "head"),
    ("Deputy Director", "deputy-director"), ("Director", "director"), ("Vice Chairman", "vice-chair-peoples-committee"),
    ("Chairman", "chair-peoples-committee"), ("Deputy Secretary", "deputy-party-secretary"), ("Secretary", "party-secretary"),
]
ROLE = re.compile("|".join(re.escape(r) for r, _ in ROLES))
HONORIFIC = re.compile(rf"(?:Ông|Bà|ông|bà|đồng chí|Đồng chí|Mr\.?|Ms\.?|Mrs\.?) (?P<name>{WORD}(?: {WORD}){{1,3}}), ")
TOKEN = re.compile(r" *(\([^)\n]*\)|[^\s,.;:“”\"()…]+)")
# words that end an organisation's name: the verbs and particles that follow a post in press writing
STOP = {"nhận", "cho", "chia", "từng", "vừa", "làm", "khẳng", "nói", "bộc", "tâm", "đã", "sẽ", "đối", "đứng",
        "có", "là", "cũng", "nhấn", "phát", "tại", "ở", "trong", "với", "cùng", "thông", "said", "says", "told"}


def phrase(text: str, pos: int, limit: int = 12) -> tuple[list[tuple[int, int]], int]:
    """Token spans of an organisation's name starting at `pos` (official names mix capitalised and
    lower-case syllables: «Sở Thông tin và Truyền thông»), up to punctuation or a verb."""
    spans = []
    while len(spans) < limit:
        m = TOKEN.match(text, pos)
        if not m or "\n" in text[pos:m.start(1)]:
            break
        word = m.group(1)
        if word in STOP and not (word == "thông" and spans and text[spans[-1][0]:spans[-1][1]] == "Truyền"):
            break
        spans.append((m.start(1), m.end(1)))
        pos = m.end()
    return spans, (spans[-1][1] if spans else pos)


def _role_at(text: str, pos: int) -> tuple[str, str] | None:
    m = ROLE.match(text, pos)
    return (m.group(0), dict(ROLES)[m.group(0)]) if m else None


def _org(words: str, role_words: str) -> str:
    words = re.sub(r"^(?:of )?(?:the )?", "", words)
    if role_words == "Chủ tịch Tập đoàn":
        return "Tập đoàn " + words
    if role_words.endswith(("UBND", "HĐND")):
        return (role_words.rsplit(" ", 1)[1] + " " + words).strip()
    return words


def _capitalised(word: str) -> bool:
    return word[:1].isupper() and not word.isupper()


def posts(text: str) -> list[Mention]:
    """«Ông X, Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh» (one mention per post) and «Bí thư Tỉnh ủy Hải
    Dương Phạm Xuân Thăng» (post before name)."""
    out, taken = [], []
    for m in HONORIFIC.finditer(text):
        pos = m.end()
        while (role := _role_at(text, pos)):
            words, slug = role
            spans, end = phrase(text, pos + len(words))
            org = text[spans[0][0]:end] if spans else ""
            out.append(Mention("post", m.start(), end, {"name": m.group("name"), "role": slug, "role_words": words,
                                                        "organisation": _org(org, words)}))
            taken.append((m.start(), end))
            nxt = re.compile(r", *").match(text, end)
            pos = nxt.end() if nxt else end
            if not nxt:
                break
    for m in ROLE.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        spans, end = phrase(text, m.end())
        words = [text[s:e] for s, e in spans]
        tail = 0
        while tail < len(words) and _capitalised(words[len(words) - 1 - tail]):
            tail += 1
        if tail >= 4 and len(words) > 3:
            name_start = spans[-3][0]
            org = text[spans[0][0]:spans[-4][1]]
            out.append(Mention("post", m.start(), end, {"name": text[name_start:end], "role": dict(ROLES)[m.group(0)],
                                                        "role_words": m.group(0), "organisation": _org(org, m.group(0))}))
    return out


# ------------------------------------------------------------------------------------ figures

HEDGES = [("gần", "nearly"), ("hơn", "more-than"), ("trên", "more-than"), ("khoảng", "about"), ("xấp xỉ", "about"),
          ("ít nhất", "at-least"), ("tối thiểu", "at-least"), ("hàng", "at-least"), ("nearly", "nearly"),
          ("almost", "nearly"), ("more than", "more-than"), ("over", "more-than"), ("about", "about"),
          ("around", "about"), ("at least", "at-least")]
SCALES = {"trăm": 100, "triệu": 10**6, "tỷ": 10**9, "tỉ": 10**9, "nghìn": 10**3, "ngàn": 10**3, "vạn": 10**4,
          "million": 10**6, "billion": 10**9, "thousand": 10**3}
FIGURE = re.compile(
    r"(?<![\w/.,-])(?P<num>\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?|\d+(?:\.\d+)?)"
    r"(?:/(?P<outof>\d+))?"
    r"(?P<scale>\s+(?:triệu|tỷ|tỉ|nghìn|ngàn|vạn|million|billion|thousand)(?!\w))?"
    r"(?P<pct>\s?%)?"
    r"(?P<unit> +(?:[\w.]+/[\w.]+|[^\W\d_]+)(?: +[^\W\d_]+){0,3})?")
# numbers that are not figures: dates, times, levels ("mức độ 4"), generations ("thế hệ 5"), ordinals
NOT_FIGURE_BEFORE = re.compile(r"(?:năm|Năm|ngày|Ngày|tháng|giai đoạn|lần thứ|lần|khóa|khoá|số|No\.?|Quyết định|Nghị quyết|"
                               r"mức độ|cấp|thế hệ|trong|\d+ -|in|since|by)\s+$")
NOT_FIGURE_UNIT = re.compile(r"^\s*(?:năm|tháng|ngày|giờ|tuổi|vấn đề|khâu)")
TARGET_CUES = re.compile(r"mục tiêu|phấn đấu|chỉ tiêu|đến năm \d{4}|Đến năm \d{4}|khát vọng|target|by 20\d\d", re.I)


def number(text: str) -> Decimal:
    """Vietnamese number: '.' groups thousands and ',' is the decimal mark ('71.400' → 71400, '8,6' → 8.6)."""
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", text):
        text = text.replace(".", "")
    return Decimal(text.replace(",", "."))


def figures(text: str) -> list[Mention]:
    out = []
    for m in FIGURE.finditer(text):
        num, unit = m.group("num"), (m.group("unit") or "")
        before = text[max(0, m.start() - 20):m.start()]
        after = m.end("outof") if m.group("outof") else m.end("num")
        if (NOT_FIGURE_BEFORE.search(before) or NOT_FIGURE_UNIT.match(unit) or before.endswith(":")
                or re.match(r"[-–:/]\d|\.\d|[^\W\d_]| trong \d", text[after:after + 9])):
            continue
        if re.fullmatch(r"(19|20)\d\d", num) and not m.group("pct"):
            continue  # a year
        value = number(num) * SCALES.get((m.group("scale") or "").strip(), 1)
        qualifier, start = "exact", m.start()
        for word, q in HEDGES:
            if re.search(rf"(?:^|\s){re.escape(word)}\s+$", before):
                qualifier, start = q, m.start() - len(before) + before.rindex(word)
                if word == "hàng":  # "hàng nghìn": a floor of one unit of the scale
                    value = SCALES.get((m.group("scale") or "").strip(), 1)
                break
        pct = bool(m.group("pct")) or unit.strip().startswith(("phần trăm", "percent"))
        currency = re.search(r"\bđồng\b|VND|\bdong\b", unit)
        data = {"value": value, "qualifier": qualifier, "unit": "PERCENT" if pct else ("CCY_VND" if currency else "NUM"),
                "original": text[start:m.end("pct") if pct else (m.end("scale") or m.end("num"))].strip() + (
                    "" if pct else unit[: len(unit.split(",")[0])].rstrip()),
                "out_of": int(m.group("outof")) if m.group("outof") else None}
        end = m.end("pct") if pct else (m.end("unit") if m.group("unit") else m.end())
        sentence = sentence_of(text, m.start())
        clause = text[sentence[0]:sentence[1]]
        year = re.findall(r"(?:năm|by|in)\s+(20\d\d)", text[sentence[0]:m.start()]) or re.findall(r"năm\s+(20\d\d)", clause)
        if TARGET_CUES.search(text[max(sentence[0], m.start() - 300):m.start()]) and year:
            data["target_year"] = int(year[-1])
            data["comparator"] = {"more-than": "gt", "at-least": "ge", "about": "approx", "nearly": "approx"}.get(qualifier, "eq")
        elif year:
            data["period"] = year[-1]
        out.append(Mention("figure", start, end, data))
    for m in WORD_FLOOR.finditer(text):  # «hàng nghìn hồ sơ»: at least a thousand
        out.append(Mention("figure", m.start(), m.end(), {
            "value": Decimal(SCALES[m.group("scale")]), "qualifier": "at-least", "unit": "NUM", "out_of": None,
            "original": m.group(0)}))
    return sorted(out, key=lambda x: x.start)


WORD_FLOOR = re.compile(r"(?<!\w)hàng (?P<scale>trăm|nghìn|ngàn|triệu) (?P<unit>[^\W\d_]+(?: [^\W\d_]+){0,2})")


# ------------------------------------------------------------------------------------ systems

SYSTEM_HEAD = re.compile(
    r"(?<!\w)(?:[Tt]rung tâm|[Cc]ổng|[Hh]ệ thống|[Nn]ền tảng|[Ss]àn thương mại điện tử|[Ss]àn|[Ứứ]ng dụng|app|[Tt]rợ lý ảo|"
    r"[Kk]ho dữ liệu|[Tt]ổng đài|[Ss]ổ tay|[Mm]ạng (?:di động )?\dG|[Ww]ifi|[Cc]hữ ký số|[Vv]í điện tử|phương pháp định danh điện tử)(?!\w)")
SYSTEM_STOP = (STOP - {"đối"}) | {"để", "của", "đi", "phục", "kết", "đảm", "theo", "dựa", "cho", "vào", "trên", "được",
                                  "đã", "hỗ", "giúp", "nhằm", "đến", "lên", "thúc", "với"}
GENERIC = {"TMĐT", "thương mại điện tử", "này", "số"}
# «ứng dụng công nghệ» (to apply technology), «hệ thống chính trị» (the political system): not systems
NOT_SYSTEM = re.compile(r"(?:[Ứứ]ng dụng (?:công|mạnh|các|những|về|nền)|[Hh]ệ thống (?:chính trị|quản lý$)|[Nn]ền tảng (?:cốt|thanh toán$))")
TRAILING = {"và", "đều", "trở", "từ", "hoặc"}


def systems(text: str) -> list[tuple[int, int]]:
    """Spans naming a digital system by its head noun: «Trung tâm Điều hành đô thị thông minh»,
    «Cổng thông tin đối ngoại tỉnh», «ứng dụng Viettel Money», «nền tảng tích hợp chia sẻ dữ liệu LGSP»."""
    out = []
    for m in SYSTEM_HEAD.finditer(text):
        pos, end, words = m.end(), m.end(), 0
        while words < 8:
            t = TOKEN.match(text, pos)
            if not t or "\n" in text[pos:t.start(1)] or t.group(1) in SYSTEM_STOP:
                break
            end, pos, words = t.end(1), t.end(), words + 1
        while words and (text[:end].rsplit(" ", 1)[-1] in TRAILING or text[:end].rsplit(" ", 1)[-1].isdigit()):
            end, words = len(text[:end].rsplit(" ", 1)[0]), words - 1  # «… tỉnh và 13», «4G trở»
        paren = re.compile(r" ?\([A-Z][A-Za-z]{1,6}\)").match(text, end)
        end = paren.end() if paren else end
        if words and text[m.end():end].strip() not in GENERIC and not NOT_SYSTEM.match(text, m.start(), end):
            out.append((m.start(), end))
    return out
