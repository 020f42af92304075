"""Roman numerals counted from their strokes: the pillar codes ("II", "III", "VII") that
Tesseract's line model reads one "I" short, or not at all.

Tesseract drops one of two narrow glyphs side by side, so "III" comes out "II" or nothing,
and "VII" comes out "VI". A Roman numeral of a table is made of three shapes only, told apart by
how many strokes a glyph shows across its top, middle and foot: "I" one stroke at each height
(touching serifs make "II" two at each), "V" two, two and one, "X" two, one and two. A glyph
that fits none of them makes the whole reading None: a count, never a guess.
"""

from __future__ import annotations

import re

import numpy as np

from pipeline.extract.ocr.image import binarise

ROMAN = re.compile(r"^X{0,3}(?:IX|IV|V?I{0,3})$")


def roman_numeral(line: np.ndarray) -> str | None:
    """The Roman numeral a line image of a numbering cell shows ("III"), by its strokes; None
    when a glyph is none of I, V and X, or the strokes spell no numeral."""
    ink = binarise(line) > 0
    rows = np.flatnonzero(ink.sum(axis=1) >= 2)
    if rows.size == 0:
        return None
    ink = ink[rows[0] : rows[-1] + 1]
    height = ink.shape[0]
    min_run = max(1, height // 25)
    letters = []
    for left, right in _runs(ink.any(axis=0), 1):
        glyph = ink[:, left:right]
        if glyph.sum() < height * 0.5:
            continue  # a full stop or a speck
        letter = _letter(glyph, min_run)
        if letter is None:
            return None
        letters.append(letter)
    numeral = "".join(letters)
    return numeral if numeral and ROMAN.match(numeral) else None


def _letter(glyph: np.ndarray, min_run: int) -> str | None:
    """One glyph (or serifed glyphs touching) as "I", "II", "V" or "X", by its strokes across
    a fifth of the way down, halfway and four fifths of the way down."""
    height = glyph.shape[0]
    top, middle, foot = (_strokes(glyph, share, min_run) for share in (0.2, 0.5, 0.8))
    counts = (len(top), len(middle), len(foot))
    if counts[0] == counts[1] == counts[2] > 0 and all(b - a < 0.25 * height for a, b in top + middle + foot):
        return "I" * counts[1]
    return {(2, 2, 1): "V", (2, 1, 2): "X"}.get(counts)


def _strokes(glyph: np.ndarray, share: float, min_run: int) -> list[tuple[int, int]]:
    y = round(share * (glyph.shape[0] - 1))
    return _runs(glyph[max(y - 1, 0) : y + 2].any(axis=0), min_run)


def _runs(inked: np.ndarray, min_length: int) -> list[tuple[int, int]]:
    """(start, end) of each run of True at least `min_length` long."""
    padded = np.concatenate(([False], inked, [False])).astype(np.int8)
    edges = np.flatnonzero(np.diff(padded))
    return [(int(a), int(b)) for a, b in zip(edges[::2], edges[1::2], strict=True) if b - a >= min_length]


def shortened(numeral: str, read: str) -> bool:
    """Whether Tesseract's `read` is `numeral` with some of its "I"s dropped (or is it): "VI" and
    "V" of "VII", never "IV" of "VI"."""
    read = read.strip(".")
    position = 0
    for letter in numeral:
        if position < len(read) and read[position] == letter:
            position += 1
        elif letter != "I":
            return False
    return position == len(read)
