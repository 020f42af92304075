"""Legacy Vietnamese fonts (TCVN3 ".VnTime", VNI "VNI-Times") converted to Unicode.

Text typed in a legacy font reaches us as the font's code points: "ChØ sè chuyÓn ®æi sè"
(TCVN3) or "Chæ soá chuyeån ñoåi soá" (VNI) for "Chỉ số chuyển đổi số". The charmaps and
detectors come from viparse 0.1.31 (pinned); its `normalize` package is internal API, so
this is the only module that touches it.

Two signals, in order: the font name a reader reports (python-docx runs, pdfplumber
chars), which is certain; and, for plain text with no font, the content itself, accepted
only when the conversion clearly reads as Vietnamese and the original does not.
"""

from __future__ import annotations

import re
from functools import lru_cache

from viparse.normalize.detector import detect_encoding, detect_encoding_by_content
from viparse.normalize.encodings import AUTO_DETECT_CHARMAPS, get_charmap
from viparse.normalize.tables import convert

from pipeline.extract.vietnamese import text_quality
from pipeline.lexicon import lexicon

# The Latin-1 letters Unicode Vietnamese uses; any other character of U+00A0–U+00FF in
# running text is a legacy-font code point ("®" for đ in TCVN3, "ñ" for đ in VNI).
_VIETNAMESE_LATIN1 = set("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")


@lru_cache(maxsize=1024)
def encoding_of_font(font: str | None) -> str | None:
    """ ".VnTime" → "tcvn3"; "VNSTCVN3" → "tcvn3"; "VNI-Times" → "vni"; "Times New Roman" →
    None. The names are data (`legacy_fonts` in `corpora/lexicon.yaml`), then viparse's table."""
    if not font:
        return None
    name = font.split("+")[-1].strip().lower()
    for encoding, pattern in lexicon().legacy_fonts:
        if re.search(pattern, name):
            return encoding
    detected = detect_encoding([font])
    return detected.encoding if detected.method.startswith("font") else None


def to_unicode(text: str, encoding: str) -> str:
    """Convert text in a legacy encoding ("tcvn3", "vni") to NFC Unicode."""
    charmap = get_charmap(encoding)
    if charmap is None:
        raise ValueError(f"unknown legacy encoding {encoding!r}")
    return convert(text, charmap)


def legacy_share(text: str) -> float:
    """Share of non-space characters that are legacy-font code points (0 for clean Unicode)."""
    chars = [ch for ch in text if not ch.isspace()]
    if not chars:
        return 0.0
    return sum(1 for ch in chars if "\u00a0" <= ch <= "\u00ff" and ch not in _VIETNAMESE_LATIN1) / len(chars)


# Glyphs a PDF text layer gives for TCVN3 bytes it cannot map (ư → U+2212, ã → U+2219), and
# the Windows-1252 punctuation Word stores as Unicode in legacy-font text ("“Tin häc ho¸”").
_SUBSTITUTED = {"\u2212", "\u2219"} | set("“”‘’–—…•‚„†‡‰‹›™")


def may_be_legacy(text: str) -> bool:
    """Whether a piece of text can be in a legacy 8-bit font: no character beyond Latin-1
    except the glyphs PDFs substitute and Windows punctuation. "Hạ tầng số" cannot ("ạ" is
    Unicode-only); "ThÓ chÕ sè" can."""
    return all(ch <= "\u00ff" or ch in _SUBSTITUTED for ch in text)


@lru_cache(maxsize=256)
def detect_by_content(text: str) -> str | None:
    """The legacy encoding a fontless text is in, or None when it reads as Unicode.

    Only asked when legacy marks are frequent, so ordinary Vietnamese is never converted:
    "Chỉ số chuyển đổi số" → None; "ChØ sè chuyÓn ®æi sè" → "tcvn3".
    """
    if legacy_share(text) < 0.05:
        return None
    return detect_encoding_by_content(text, AUTO_DETECT_CHARMAPS).encoding


LEGACY_ENCODINGS = ("tcvn3", "vni")


def best_encoding(text: str, preferred: str | None) -> str | None:
    """The legacy encoding `text` reads best in: the `preferred` one (from its font), unless
    another gives clearly more dictionary syllables. Real files label VNI text with a TCVN3
    font: "chieác" is "chieỏc" in TCVN3 but "chiếc" in VNI."""
    if not may_be_legacy(text) or legacy_share(text) == 0:
        return preferred
    scores = {encoding: text_quality(to_unicode(text, encoding)).known_share for encoding in LEGACY_ENCODINGS}
    best = max(scores, key=lambda encoding: scores[encoding])
    if preferred is None:
        return best if scores[best] >= 0.5 else None
    return best if scores[best] > scores.get(preferred, 0.0) + 0.1 else preferred
