"""How the text of a plan is written: old-style tones, decomposed Unicode, legacy fonts."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from corpora.build.plan import OLD_TONES

# --------------------------------------------------------------------------- text forms


def old_tones(text: str) -> str:
    """ "Chuyển đổi số hóa" → "Chuyển đổi số hoá": tone marks placed the old way."""

    def swap(match: re.Match[str]) -> str:
        word = match.group(0)
        new = OLD_TONES.get(word.lower())
        if new is None:
            return word
        return new.capitalize() if word[0].isupper() else new

    return re.sub(r"\w+", swap, text)


def text_form(spec: dict[str, Any]) -> Any:
    form = spec.get("text_form")
    if form == "nfd_old_tones":
        return lambda s: unicodedata.normalize("NFD", old_tones(s))
    if form == "old_tones":
        return old_tones
    return lambda s: s


# --------------------------------------------------------------------------- legacy fonts

LEGACY_FONTS = {"tcvn3": ".VnTime", "vni": "VNI-Times"}


def legacy_encoder(spec: dict[str, Any]) -> Any:
    """For a spec with `legacy: tcvn3|vni`: text → (its bytes in that font's encoding, the font),
    as a document typed in .VnTime or VNI-Times holds it ("Chỉ số" → "ChØ sè" in TCVN3). A
    line the encoding cannot hold whole stays Unicode in the normal font."""
    encoding = spec.get("legacy")
    if encoding is None:
        return lambda text: (text, None)
    from viparse.normalize.encodings import get_charmap
    from viparse.normalize.tables import convert

    charmap = get_charmap(encoding)
    reverse: dict[str, str] = {}
    for legacy, uni in sorted(charmap.pairs, key=lambda pair: len(pair[0])):
        reverse.setdefault(unicodedata.normalize("NFC", uni), legacy)

    def encode(text: str) -> tuple[str, str | None]:
        nfc = unicodedata.normalize("NFC", text)
        encoded = "".join(reverse.get(ch, ch) for ch in nfc)
        if convert(encoded, charmap) != nfc:
            return text, None
        return encoded, LEGACY_FONTS[encoding]

    return encode
