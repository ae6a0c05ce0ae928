"""The sentence an entity's summary opens with: what the page is about and what the graph knows of
it, in Vietnamese or English, from the profile's facts and sections (profiles.py)."""
from __future__ import annotations

from . import humanize as h
from .ui_text import ui


def sentence(kind: str, title: str, found: dict, sections: list[dict], lang: str) -> str:
    """One or two sentences that say what the page is about and what the graph knows of it."""
    counts = {s["key"]: len(s["rows"]) for s in sections}
    what = ui("kind_" + kind, lang).lower()
    first = f"{title} là {what}" if lang == "vi" else f"{title}: {what}"
    if kind == "document":  # the heading above holds the (often long) title: the sentence opens with the type
        kinds = [t["label"] for t in found.get("type_document", []) + found.get("type", []) if isinstance(t, dict)]
        first = kinds[0] if kinds else ui("kind_document", lang)
    if kind == "province":
        eras = sorted((e["label"] for e in found.get("era", []) if isinstance(e, dict)), reverse=True)  # 63, then 34
        successor = (found.get("isReplacedBy") or [None])[0]
        if eras:
            first += (" thời kỳ " if lang == "vi" else " of the era " if len(eras) == 1 else " of the eras ") + _join(eras, lang)
        if successor:
            first += (", nay thuộc " if lang == "vi" else ", now part of ") + successor["label"]
        merged = sorted(p["label"] for p in found.get("replaces", []) if isinstance(p, dict))  # stable on every store
        if merged:
            first += (", hợp nhất từ " if lang == "vi" else ", formed from ") + _join(merged, lang)
    rows = {s["key"]: s["rows"] for s in sections}
    first += detail(kind, found, rows, lang)
    parts = [f"{n} {_noun(ui('count_' + key, lang), n, lang)}" for key, n in counts.items() if n]
    if not parts:
        return first + "."
    known = "Đồ thị ghi nhận " if lang == "vi" else "The graph records "
    return first + ". " + known + _join(parts, lang) + "."


def detail(kind: str, found: dict, rows: dict, lang: str) -> str:
    """The facts a reader asks first: a person's posts, a platform's operators, a document's number and issuer."""
    vi = lang == "vi"
    if kind == "person" and rows.get("posts"):
        posts = [f"{p['role']['text']}, {p['organisation']['text']}" + (f" ({p['attested']['text']})" if p["attested"] else "")
                 for p in rows["posts"][:3] if p["role"] and p["organisation"]]
        return ("; giữ chức " if vi else "; attested as ") + _join(posts, lang) if posts else ""
    if kind == "platform":
        operators = list(dict.fromkeys(d["operator"]["text"] for d in rows.get("deployments", []) if d["operator"]))
        provider = [p["label"] for p in found.get("provider", []) if isinstance(p, dict)]
        names = operators or provider
        return ((", do " if vi else ", operated by ") + _join(names, lang) + (" vận hành" if vi else "")) if names else ""
    if kind == "document":
        out = ""
        for key, word in (("id_local", (" số", " No.")), ("date_document", (" ngày", " of")),
                          ("passed_by", (", ban hành bởi", ", issued by")),
                          ("approvedBy", (", phê duyệt bởi", ", approved by")), ("spatial", (", cho", ", for"))):
            for v in found.get(key, [])[:1]:
                value = v["label"] if isinstance(v, dict) else (h.date(v, lang) if key == "date_document" else v)
                out += f"{word[0] if vi else word[1]} {value}"
        return out
    if kind == "organisation" and rows.get("members"):
        heads = [m for m in rows["members"] if m["head"] and m["person"] and m["role"]] or rows["members"][:2]
        named = [m["person"]["text"] + f" ({m['role']['text']})" for m in heads[:2] if m["person"] and m["role"]]
        word = ("; đứng đầu: " if vi else "; headed by ") if heads and heads[0]["head"] else (", có " if vi else ", with ")
        return (word + _join(named, lang)) if named else ""
    return ""


def _noun(plural: str, n: int, lang: str) -> str:
    """English nouns in the singular for one (Vietnamese nouns do not change)."""
    if lang != "en" or n != 1:
        return plural
    head, sep, tail = plural.partition(" and ")
    return head.removesuffix("s") + (" or " + tail.removesuffix("s") if sep else "")


def _join(parts: list[str], lang: str) -> str:
    if len(parts) == 1:
        return parts[0]
    return ", ".join(parts[:-1]) + (" và " if lang == "vi" else " and ") + parts[-1]
