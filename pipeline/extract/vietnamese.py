"""Is a text layer Vietnamese as a person reads it? Measured, not trusted.

Scanners (Kodak, Canon, HP, OmniPage) write OCR layers without tone marks or with broken
ones: "UY NUAN DAN CQNG HOA XA HQI" for "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI". Three measures
catch them, offline:
- `marked_share`: of the words, how many carry a Vietnamese mark (a tone, a vowel shape
  or đ). Running Vietnamese text is above one half; a layer that lost its marks is near 0.
- `syllable_share`: of the words, how many are well-formed Vietnamese syllables (onset,
  vowels, final consonant). "CQNG", "HQI", "ngdyZSthdng" are not.
- `known_share`: of the words, how many are syllables of underthesea's 74,000-word
  dictionary (`Viet74K.txt`, shipped with the package): "chiếc" is, "chieỏc" is not.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}  # huyền, sắc, ngã, hỏi, nặng
_SHAPES = {"\u0302", "\u0306", "\u031b"}  # â ê ô, ă, ơ ư
_WORD = re.compile(r"[^\W\d_]+")
_SYLLABLE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx])?"
    r"(?:[aăâeêioôơuưy]{1,3})"
    r"(?:ng|nh|ch|[cmnpt])?"
)


@dataclass(frozen=True)
class TextQuality:
    """How Vietnamese a text reads: word count and the two shares (0–1)."""

    words: int
    marked_share: float
    syllable_share: float
    known_share: float = 0.0

    def describe(self) -> str:
        return (
            f"{self.marked_share:.0%} of {self.words} words carry Vietnamese marks, "
            f"{self.syllable_share:.0%} are Vietnamese syllables"
        )


def _base(word: str) -> tuple[str, bool]:
    """The word lower-cased without tone marks, and whether it carried any mark."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    marked = any(ch in _TONES or ch in _SHAPES for ch in decomposed) or "đ" in word.lower()
    kept = "".join(ch for ch in decomposed if ch not in _TONES)
    return unicodedata.normalize("NFC", kept), marked


def text_quality(text: str) -> TextQuality:
    """Measure a text: "Ủy ban nhân dân tỉnh" → 5 words, 60% marked, 100% syllables."""
    words = [w for w in _WORD.findall(text) if len(w) > 1 or w.lower() in "aăâeêioôơuưy"]
    if not words:
        return TextQuality(0, 0.0, 0.0)
    known = known_syllables()
    marked = syllables = hits = 0
    for word in words:
        base, has_mark = _base(word)
        marked += has_mark
        syllables += bool(_SYLLABLE.fullmatch(base))
        hits += unicodedata.normalize("NFC", word.lower()) in known
    n = len(words)
    return TextQuality(n, marked / n, syllables / n, hits / n)


@lru_cache(maxsize=1)
def known_syllables() -> frozenset[str]:
    """Every syllable of underthesea's Vietnamese word list, lower-cased NFC (about 11,000)."""
    data = resources.files("underthesea") / "corpus" / "data" / "Viet74K.txt"
    text = data.read_text(encoding="utf-8")
    return frozenset(
        unicodedata.normalize("NFC", s) for line in text.lower().splitlines() for s in line.split()
    )
