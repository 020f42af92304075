"""Match keys: a normalised copy of Vietnamese text for comparing names, never for storing.

"Tỉ lệ DVCTT được cá thể hoá" → "tỷ lệ dịch vụ công trực tuyến được cá thể hóa".
The printed text stays as written (NFC); figures are parsed from the printed text.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from underthesea import text_normalize

from pipeline.lexicon import lexicon

# Characters left by broken legacy fonts, seen in real exports ("đội ngǜ" for "đội ngũ").
_STRAY_CHARACTERS = str.maketrans({"ǜ": "ũ", "ǘ": "ú", "ǚ": "ǚ", "ǖ": "ũ"})
_PUNCTUATION = re.compile(r"[^\w\s%]+")
_SPACES = re.compile(r"\s+")


def nfc(text: str) -> str:
    """Unicode NFC: decomposed text from older Word files becomes composed."""
    return unicodedata.normalize("NFC", text)


@lru_cache(maxsize=1)
def _abbreviation_patterns() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, str]]:
    abbreviations = lexicon().abbreviations
    alternatives = "|".join(re.escape(a) for a in sorted(abbreviations, key=len, reverse=True))
    in_parentheses = re.compile(rf"\(\s*(?:{alternatives})\s*\)")
    bare = re.compile(rf"(?<![\w&-])(?:{alternatives})(?![\w&-])")
    return in_parentheses, bare, abbreviations


def expand_abbreviations(text: str) -> str:
    """ "Tỷ lệ DVCTT toàn trình" → "Tỷ lệ dịch vụ công trực tuyến toàn trình"; a spelled-out
    name followed by its abbreviation in parentheses keeps the name only."""
    in_parentheses, bare, abbreviations = _abbreviation_patterns()
    text = in_parentheses.sub(" ", text)
    return bare.sub(lambda m: abbreviations[m.group(0)], text)


@lru_cache(maxsize=65536)
def match_key(text: str) -> str:
    """Given printed text, return the key names are compared on: NFC, stray glyphs fixed,
    abbreviations expanded, lower case, new-style tone marks, spelling variants unified,
    punctuation dropped."""
    text = nfc(text).translate(_STRAY_CHARACTERS)
    text = expand_abbreviations(text)
    text = text_normalize(text.lower())
    for variant, canonical in lexicon().variants.items():
        text = text.replace(variant, canonical)
    text = _PUNCTUATION.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def fold_diacritics(text: str) -> str:
    """Drop tone and vowel marks, đ → d: "Nhân lực số" → "Nhan luc so". A fallback key only,
    since "số" and "sổ" collide."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
