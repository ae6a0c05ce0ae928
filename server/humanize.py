"""Numbers, units, hedges and dates as a reader of the page's language writes them (Babel's CLDR data).

    >>> figure("149100000000000", "http://qudt.org/vocab/unit/CCY_VND", "nearly", "vi")
    'gần 149.100 tỷ đồng'
    >>> figure("99.8", "http://qudt.org/vocab/unit/PERCENT", "exact", "vi")
    '99,8 %'
    >>> date("2022-10-10", "vi"), date("2022-09", "en"), date("2021", "vi")
    ('10/10/2022', 'September 2022', '2021')
"""
from __future__ import annotations

import datetime
import re
from decimal import Decimal, InvalidOperation

from babel.dates import format_date
from babel.numbers import format_decimal

UNIT = "http://qudt.org/vocab/unit/"
NBSP = "\u00a0"
# The hedge words of dtkg's qualifier scheme (the same as its skos:prefLabels), put before the value.
HEDGES = {"nearly": ("gần", "nearly"), "more-than": ("hơn", "more than"), "about": ("khoảng", "about"),
          "at-least": ("ít nhất", "at least"), "less-than": ("dưới", "less than")}
COMPARATORS = {"eq": ("", ""), "ge": ("ít nhất", "at least"), "gt": ("trên", "over"), "le": ("không quá", "at most"),
               "lt": ("dưới", "under"), "approx": ("khoảng", "about")}
# Large money amounts the way Vietnamese papers write them: in tỷ (10^9) or triệu (10^6) đồng.
MONEY_SCALES = ((10**9, "tỷ đồng", "billion dong"), (10**6, "triệu đồng", "million dong"))


def _decimal(value: str) -> Decimal | None:
    try:
        return Decimal(value)
    except (InvalidOperation, TypeError):
        return None


def number(value, lang: str) -> str:
    """A number with the locale's separators: 1.045 and 99,8 in Vietnamese, 1,045 and 99.8 in English."""
    d = value if isinstance(value, Decimal) else _decimal(str(value))
    if d is None:
        return str(value)
    return format_decimal(d, format="#,##0.###", locale=lang)


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[0] if lang == "vi" else pair[1]


def hedge(qualifier: str | None, lang: str) -> str:
    """The word for a hedge IRI or slug ('' for an exact figure)."""
    slug = (qualifier or "").rsplit("/", 1)[-1]
    return _pick(HEDGES[slug], lang) if slug in HEDGES else ""


def comparator(iri: str | None, lang: str) -> str:
    slug = (iri or "").rsplit("/", 1)[-1]
    return _pick(COMPARATORS[slug], lang) if slug in COMPARATORS else ""


def amount(value, unit: str | None, lang: str, rank_out_of=None) -> str:
    """The value with its unit as words: '99,8 %', '149.100 tỷ đồng', 'hạng 20/63'."""
    d = _decimal(str(value))
    slug = (unit or "").removeprefix(UNIT)
    if d is None:
        return str(value)
    if slug == "PERCENT":
        return number(d, lang) + (NBSP + "%" if lang == "vi" else "%")
    if slug == "CCY_VND":
        for scale, vi, en in MONEY_SCALES:
            if abs(d) >= scale:
                return number(d / scale, lang) + NBSP + (vi if lang == "vi" else en)
        return number(d, lang) + NBSP + ("đồng" if lang == "vi" else "dong")
    if rank_out_of not in (None, ""):
        return (f"hạng {number(d, lang)}/{number(rank_out_of, lang)}" if lang == "vi"
                else f"rank {number(d, lang)} of {number(rank_out_of, lang)}")
    return number(d, lang)


def figure(value, unit: str | None, qualifier: str | None, lang: str, rank_out_of=None) -> str:
    """A reported figure as the source would say it: its hedge, then the value and unit."""
    words = hedge(qualifier, lang)
    text = amount(value, unit, lang, rank_out_of)
    return (words + " " + text if words else text).replace(NBSP, " ")


def target(value, unit: str | None, comparator_iri: str | None, lang: str, rank_out_of=None) -> str:
    words = comparator(comparator_iri, lang)
    if rank_out_of not in (None, "") and lang == "vi" and words:
        words = {"không quá": "trong nhóm", "dưới": "trong nhóm"}.get(words, words)
    if rank_out_of not in (None, "") and lang == "en" and words:
        words = {"at most": "within the top", "under": "within the top"}.get(words, words)
    text = amount(value, unit, lang, None if words.startswith(("trong", "within")) else rank_out_of)
    return (words + " " + text if words else text).replace(NBSP, " ")


_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


def date(value: str | None, lang: str) -> str:
    """An xsd:date, gYearMonth or gYear at its own precision: 10/10/2022, 09/2022, 2021 (vi);
    Oct 10, 2022, September 2022, 2021 (en). Anything else is returned as it is."""
    if not value:
        return ""
    m = _DATE.match(value)
    if not m:
        return value
    year, month, day = m.group(1), m.group(2), m.group(3)
    try:
        if day:
            d = datetime.date(int(year), int(month), int(day))
            return format_date(d, "dd/MM/y" if lang == "vi" else "medium", locale=lang)
        if month:
            d = datetime.date(int(year), int(month), 1)
            return format_date(d, "MM/y" if lang == "vi" else "MMMM y", locale=lang)
    except ValueError:
        return value
    return year


def period(label: str | None, lang: str) -> str:
    """A period label ('2021', '2022-09-30', '2022-01–2022-09') with each end formatted as a date."""
    if not label:
        return ""
    return "–".join(date(part.strip(), lang) for part in label.split("–"))


def is_raw_big_number(text: str) -> bool:
    """True for a run of five or more digits without separators, which a summary never shows."""
    return bool(re.search(r"(?<![\d/])\d{5,}(?![\d/])", text))
