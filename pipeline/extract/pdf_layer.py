"""How to read a PDF page: its own text, its text converted from a legacy font, or OCR.

`judge_text_layer` measures the page instead of trusting it: no text over an image or
glyphs drawn as outlines mean a scan; unreadable glyphs mean a broken layer; a legacy font
("ChØ sè") means conversion; a scanner's layer that does not read as Vietnamese ("UY NUAN
DAN CQNG HOA") over a page-sized image means OCR, with the measures as the reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pdfplumber.page import Page

from pipeline.extract.legacy import detect_by_content, encoding_of_font
from pipeline.extract.vietnamese import TextQuality, text_quality
from pipeline.settings import DEFAULT, PdfSettings

_GARBAGE = re.compile(r"[\ufffd\ue000-\uf8ff\x00-\x08\x0e-\x1f]|\(cid:\d+\)")


@dataclass(frozen=True)
class LayerVerdict:
    """What a page's text layer is good for: `text`, `legacy` (convert from `encoding`) or `ocr`."""

    use: str
    reason: str
    encoding: str | None = None


def judge_text_layer(page: Page, settings: PdfSettings = DEFAULT.pdf) -> LayerVerdict:
    """Decide how to read a page: its own text, its text converted from a legacy font, or OCR.

    OCR when there is no text but there is ink (a scanned image, glyphs drawn as outlines),
    when the layer is unreadable glyphs, or when a scanner's layer over a page image does
    not read as Vietnamese ("UY NUAN DAN CQNG HOA XA HQI": no tone marks, broken syllables).
    A born-digital page never goes to OCR.
    """
    text = "".join(char["text"] for char in page.chars)
    visible = [ch for ch in text if not ch.isspace()]
    if len(visible) < settings.min_text_chars:
        return _judge_inked_page(page, len(visible), settings)
    garbage = len(_GARBAGE.findall(text)) / len(visible)
    if garbage > settings.max_garbage_share:
        return LayerVerdict("ocr", f"{garbage:.0%} of the text layer is unreadable glyphs")
    fonts = {char.get("fontname", "") for char in page.chars}
    for font in sorted(fonts):
        encoding = encoding_of_font(font)
        if encoding:
            return LayerVerdict("legacy", f"font {font.split('+')[-1]}", encoding)
    encoding = detect_by_content(text)
    if encoding:
        return LayerVerdict("legacy", "legacy code points in the text", encoding)
    quality = text_quality(text)
    if not reads_as_vietnamese(quality, settings) and _image_share(page) >= settings.image_share:
        return LayerVerdict(
            "ocr", f"a scanner's text layer that does not read as Vietnamese: {quality.describe()}"
        )
    return LayerVerdict("text", quality.describe() if quality.words else "a page without words")


def reads_as_vietnamese(quality: TextQuality, settings: PdfSettings = DEFAULT.pdf) -> bool:
    """True unless a layer with enough words has far fewer marked words or well-formed
    syllables than real Vietnamese ("UY BAN NHAN DAN TINH" with a third of its words marked).
    The bounds (`min_marked_share`, `min_syllable_share`) sit far below every real Unicode
    layer in corpora/realdocs (lowest page: 78% marked, 88% syllables)."""
    if quality.words < settings.min_judged_words:
        return True
    marked = quality.marked_share >= settings.min_marked_share
    return marked and quality.syllable_share >= settings.min_syllable_share


def _judge_inked_page(page: Page, characters: int, settings: PdfSettings) -> LayerVerdict:
    """A page with (almost) no text: a scan, glyphs drawn as outlines, or truly blank."""
    if page.images:
        return LayerVerdict("ocr", f"{characters} characters of text over a page image")
    outlines = len(page.curves)
    if outlines >= settings.min_outline_curves:
        return LayerVerdict(
            "ocr", f"{characters} characters of text but {outlines} drawn outlines: text drawn as shapes"
        )
    return LayerVerdict("text", "a page with little text")


def _image_share(page: Page) -> float:
    """The share of the page the largest image covers (a scan covers all of it)."""
    area = float(page.width * page.height) or 1.0
    sizes = [
        max(0.0, float(i["x1"] - i["x0"])) * max(0.0, float(i["bottom"] - i["top"])) for i in page.images
    ]
    return min(1.0, max(sizes, default=0.0) / area)


# --------------------------------------------------------------------------- page content
