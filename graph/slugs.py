"""ASCII slugs and search keys for Vietnamese names (đ/Đ do not decompose, so map them first)."""
from __future__ import annotations

import re
import unicodedata


def fold(text: str) -> str:
    """Lower-case ASCII form: NFC, đ→d, diacritics stripped ("Vỏ sò" → "vo so")."""
    text = unicodedata.normalize("NFC", text).replace("đ", "d").replace("Đ", "D")
    stripped = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
    return " ".join(stripped.lower().split())


def slugify(text: str) -> str:
    """Stable IRI slug: fold, then every run of non-alphanumerics becomes one hyphen."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def search_key(text: str) -> str:
    """Key that ignores case, diacritics, spaces and punctuation ("Vo So" and "voso" meet)."""
    return re.sub(r"[^a-z0-9]", "", fold(text))
