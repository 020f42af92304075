"""Printed indicator codes: what they look like and how they nest.

Plans number indicators as "1", "1.1", "1.2.1", "8.8.3.4", with Roman numerals for
groups ("I", "II", "III"), capital letters for parts ("A", "B") and small letters for
items ("a", "b)"). "5.12.1" is a child of "5.12"; "II" is a heading above "1".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

_ARABIC = re.compile(r"^\d{1,2}(?:\.\d{1,2}){0,4}\.?$")
# Roman numerals up to XXXIX; "C", "D", "L", "M" alone are part letters, not numbers.
_ROMAN = re.compile(r"^(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3})\.?$")
_LETTER = re.compile(r"^[a-zA-ZđĐ][.)]?$")

CodeKind = Literal["arabic", "roman", "upper", "lower"]


@dataclass(frozen=True)
class PrintedCode:
    """A parsed printed code: "5.12.1" → arabic, parts (5, 12, 1), depth 3."""

    text: str
    kind: CodeKind
    parts: tuple[int, ...] = ()

    @property
    def depth(self) -> int:
        return len(self.parts) if self.kind == "arabic" else 1

    @property
    def canonical(self) -> str:
        """The code without trailing punctuation: "1.1." → "1.1", "b)" → "b"."""
        if self.kind == "arabic":
            return ".".join(str(p) for p in self.parts)
        return self.text.rstrip(".)")


def parse_code(text: str) -> PrintedCode | None:
    """Given a cell's text, return the code it holds, or None when it is not a code."""
    text = text.strip()
    if not text:
        return None
    if _ARABIC.match(text):
        return PrintedCode(text, "arabic", tuple(int(p) for p in text.rstrip(".").split(".")))
    if _ROMAN.match(text) and text.rstrip(".") != "":
        return PrintedCode(text, "roman")
    if _LETTER.match(text):
        return PrintedCode(text, "upper" if text[0].isupper() else "lower")
    return None


_ROMAN_DIGITS = (("XL", 40), ("X", 10), ("IX", 9), ("V", 5), ("IV", 4), ("I", 1))


def roman(number: int) -> str:
    """The roman numeral of 1–39, as group headings print it: 7 → "VII", 14 → "XIV"."""
    if not 1 <= number <= 39:
        raise ValueError(f"roman numerals of headings run from 1 to 39, got {number}")
    out = ""
    for letters, value in _ROMAN_DIGITS:
        while number >= value:
            out, number = out + letters, number - value
    return out


def roman_value(text: str) -> int | None:
    """The number a roman heading stands for ("VII" → 7, "XII." → 12); None for anything else."""
    text = text.strip().rstrip(".")
    if not text or not _ROMAN.match(text):
        return None
    for number in range(1, 40):
        if roman(number) == text:
            return number
    return None


def looks_like_code(text: str) -> bool:
    """True when a cell holds only an indicator code ("6.14", "II", "a")."""
    return parse_code(text) is not None


def is_child(code: str, parent: str) -> bool:
    """True when dotted `code` sits under `parent`: is_child("5.12.1", "5.12")."""
    return code.startswith(parent + ".")


def parent_of(code: str) -> str | None:
    """The dotted parent of a canonical code: "1.2.1" → "1.2", "1" → None."""
    return code.rsplit(".", 1)[0] if "." in code else None
