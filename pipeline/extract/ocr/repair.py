"""Repairs of typical OCR damage inside figures, made only where they are safe.

Inside a token that is clearly a number (digits with at most one stray letter among
them), "O"/"o" is a zero and "l"/"I"/"|" a one: "l5/2O" → "15/20". A ratio whose both sides
read "1,845"-like (three digits after the comma) is a thousands separator read as a comma
by a font that prints it as a dot: "1,845/2,010" → "1.845/2.010". Words and everything
else are left alone; each repair is reported so the record can say what was changed.
"""

from __future__ import annotations

import re

from pipeline.checks import Check

_CONFUSABLE = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1", "|": "1"})
# A token of digits, separators and confusable letters, with at least two real digits.
_NUMBERISH = re.compile(r"(?<![\wÀ-ỹ])(?=(?:[^\s]*\d){2})[\dOolI|.,/%]+(?![\wÀ-ỹ])")
_THOUSANDS_RATIO = re.compile(r"(?<![\d,.])(\d{1,3}),(\d{3})\s*/\s*(\d{1,3}),(\d{3})(?![\d,])")


def repair_figures(text: str) -> tuple[str, tuple[Check, ...]]:
    """Given OCR text, return it with figure damage repaired and a note per repair."""
    repairs: list[Check] = []

    def part_to_digits(part: str) -> str:
        # One confusable letter beside a digit, per number: "2O" → "20", never "lO".
        letters = sum(1 for ch in part if ch in "OolI|")
        if letters != 1 or not re.search(r"\d[OolI|]|[OolI|]\d", part):
            return part
        return part.translate(_CONFUSABLE)

    def letters_to_digits(match: re.Match[str]) -> str:
        token = match.group(0)
        fixed = "".join(part_to_digits(p) for p in re.split(r"([/%])", token))
        if fixed != token:
            repairs.append(Check.of("ocr_repaired", read=token, used=fixed))
        return fixed

    def thousands(match: re.Match[str]) -> str:
        a, b, c, d = match.groups()
        fixed = f"{a}.{b}/{c}.{d}"
        repairs.append(Check.of("ocr_repaired", read=match.group(0), used=fixed))
        return fixed

    text = _NUMBERISH.sub(letters_to_digits, text)
    text = _THOUSANDS_RATIO.sub(thousands, text)
    return text, tuple(repairs)
