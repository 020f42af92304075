"""A born-digital PDF's letterhead read from the layout of its first page, as a person reads it.

Official PDFs are often signed after they are typed: the number and the day ("Số: 184 /BC-SNV",
"ngày 06 tháng 11") are stamped into the blank left for them by the signing tool, as form
widgets whose text pdfplumber never sees. pdfium flattens those widgets into the page, and the
first page's top is then read character by character, by position:
1. `_characters`: every character of the top of the page with its baseline, left and right
   edge and size, widgets included;
2. `_lines`: characters on one baseline form a line; a stamped figure a little off the line
   ("06" a point lower than "ngày … tháng 11") joins the line it sits in;
3. `_columns`: a line splits where a gap is wider than a few characters, so the issuer block
   on the left ("UBND TỈNH LÂM ĐỒNG") and the motto and place-and-date on the right ("Lâm
   Đồng, ngày 06 tháng 11 năm 2025") come out as lines of their own.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

TOP_SHARE = 0.4  # the letterhead lies in the top 40% of the first page
COLUMN_GAP = 2.5  # a gap of this many font sizes separates two columns
WORD_GAP = 0.2  # and one of this many font sizes two words
DIGIT_GAP = 1.5  # but two digits only this far apart are one number (a stamped "1 5")


@dataclass(frozen=True)
class _Char:
    text: str
    baseline: float  # from the page's top, in points
    left: float
    right: float
    size: float


def letterhead_lines(data: bytes) -> tuple[str, ...]:
    """The lines of the top of a PDF's first page, each column of a two-column letterhead a line
    of its own: ("UBND TỈNH LÂM ĐỒNG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "SỞ NỘI VỤ", …,
    "Số: 184 /BC-SNV", "Lâm Đồng, ngày 06 tháng 11 năm 2025"). Empty for a page without text."""
    pdf = pdfium.PdfDocument(data)
    try:
        if len(pdf) == 0:
            return ()
        chars = _characters(pdf)
    finally:
        pdf.close()
    return tuple(part for line in _lines(chars) for part in _columns(line))


def _characters(pdf: pdfium.PdfDocument) -> list[_Char]:
    page = pdf[0]
    pdfium_c.FPDFPage_Flatten(page.raw, pdfium_c.FLAT_NORMALDISPLAY)  # widgets become page content
    page.close()
    page = pdf[0]
    height = page.get_size()[1]
    textpage = page.get_textpage()
    x, y = ctypes.c_double(), ctypes.c_double()
    chars = []
    for index in range(textpage.count_chars()):
        text = textpage.get_text_range(index, 1)
        if not text or text in "\r\n\ufffe":
            continue
        pdfium_c.FPDFText_GetCharOrigin(textpage.raw, index, ctypes.byref(x), ctypes.byref(y))
        top = height - y.value
        if top > TOP_SHARE * height:
            continue
        left, _, right, _ = textpage.get_charbox(index)
        _, bottom, _, upper = textpage.get_charbox(index, loose=True)  # the font's line height
        size = (upper - bottom) or 12.0  # the font size alone is 1 for text scaled by its matrix
        chars.append(_Char(text, top, left, max(right, left), size))
    textpage.close()
    page.close()
    return chars


def _lines(chars: list[_Char]) -> list[list[_Char]]:
    """Characters grouped by baseline, top to bottom; a short run of digits a little off a line
    (a stamped number or day) joins the nearest line within a line's height."""
    lines: list[list[_Char]] = []
    for char in sorted(chars, key=lambda c: (c.baseline, c.left)):
        if lines and abs(lines[-1][0].baseline - char.baseline) <= 0.35 * char.size:
            lines[-1].append(char)
        else:
            lines.append([char])
    merged: list[list[_Char]] = []
    for line in lines:
        text = "".join(c.text for c in line).strip()
        if merged and text.isdigit() and len(text) <= 5:
            nearest = min(merged[-2:], key=lambda other: abs(other[0].baseline - line[0].baseline))
            if abs(nearest[0].baseline - line[0].baseline) <= 1.2 * line[0].size:
                nearest.extend(line)
                continue
        merged.append(line)
    return [sorted(line, key=lambda c: c.left) for line in merged]


def _columns(line: list[_Char]) -> list[str]:
    """A line's text, split into columns at wide gaps; words joined by one space, and digits
    a stamp spaced out ("1 5", even with a space between) joined into one number."""
    parts: list[str] = [""]
    previous: _Char | None = None
    spaced = False
    for char in line:
        if char.text.isspace():
            spaced = True
            continue
        gap = char.left - previous.right if previous is not None else 0.0
        digits = previous is not None and previous.text.isdigit() and char.text.isdigit()
        if previous is not None and gap > COLUMN_GAP * char.size:
            parts.append("")
        elif (
            previous is not None
            and (spaced or gap > WORD_GAP * char.size)
            and not (digits and gap < DIGIT_GAP * char.size)
        ):
            parts[-1] += " "
        parts[-1] += char.text
        previous, spaced = char, False
    return [" ".join(part.split()) for part in parts if part.strip()]
