"""The numbering column of a scanned table, read in order: a code OCR got wrong is replaced by
the one the column's sequence expects, but only when Tesseract's own alternatives support it.

Codes run in order within a table: "4.7, 5, 5.1, 5.2, 5.3". A noisy "5" is often read "9" or
"3", and "9.2" between "5.1" and "5.3" breaks that order. As a chain of small steps:
`in_order` (the codes of the longest increasing run are trusted, unless one `leaps` four
or more siblings ahead, as "2.4" then "2.9" does) → `expected` (what may stand between the
trusted codes around a row: the next sibling, the first child, the next pillar) →
`supported` (the expected code Tesseract listed for every position of one of its readings,
`Cell.choices`) → the cell's text replaced, with a repair note saying both. A code no
reading supports, or a choice the order leaves open, stays as read.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from pipeline.checks import Check
from pipeline.models import Cell, Document, Table, TableRow
from pipeline.numbering import roman, roman_value

_ARABIC = re.compile(r"^\d+(?:\.\d+)*$")
_ROMAN = re.compile(r"^[IVX]+$")


def repair_code_sequences(document: Document) -> Document:
    """Every OCR'd table whose numbering cells carry choices, its codes put in order."""
    if not any(isinstance(b, Table) and _has_choices(b) for b in document.blocks):
        return document
    blocks = tuple(
        repair_table(b) if isinstance(b, Table) and _has_choices(b) else b for b in document.blocks
    )
    return replace(document, blocks=blocks)


def _has_choices(table: Table) -> bool:
    return any(row.cells and row.cells[0].choices for row in table.body)


def repair_table(table: Table) -> Table:
    """The table with each out-of-order code replaced by the supported one the order expects."""
    body = [i for i, row in enumerate(table.rows) if not row.is_header and row.cells]
    codes = [table.rows[i].cells[0].text for i in body]
    trusted = in_order(codes)
    rows = list(table.rows)
    romans: list[str] = []  # the roman headings so far ("I", "II"), in order
    for position, index in enumerate(body):
        if _ROMAN.match(codes[position]) and codes[position] == next_roman(romans[-1] if romans else None):
            romans.append(codes[position])
            continue
        before, after = trusted_around(codes, trusted, position)
        if position in trusted and not leaps(before, codes[position]):
            continue
        cell = rows[index].cells[0]
        options = _options(cell.text, before, after)
        fitting = [c for c in options if supported(c, cell.choices)]
        # The next sibling is what a column in order expects most; anything else must be alone.
        if fitting and fitting[0] == next_sibling(before):
            fitting = fitting[:1]
        if len(fitting) != 1 or fitting[0] == cell.text:
            continue
        code = fitting[0]
        note = Check.of("ocr_code_replaced", read=cell.text, used=code)
        rows[index] = _with_code(rows[index], replace(cell, text=code, repairs=(*cell.repairs, note)))
        codes[position] = code
        if _ROMAN.match(code):
            romans.append(code)
        else:
            trusted.add(position)
    return replace(table, rows=tuple(rows))


def trusted_around(codes: Sequence[str], trusted: set[int], position: int) -> tuple[str | None, str | None]:
    """The nearest trusted codes before and after a row of the column (`in_order`'s run)."""
    before = next((codes[p] for p in range(position - 1, -1, -1) if p in trusted), None)
    after = next((codes[p] for p in range(position + 1, len(codes)) if p in trusted), None)
    return before, after


def _options(text: str, before: str | None, after: str | None) -> list[str]:
    """What a suspect cell may be: an arabic code the order expects, or, for a cell read as
    nothing arabic just above a first child ("7.1"), its roman heading ("VII")."""
    options = expected(before, after) if key(text) is not None or not text else []
    k = key(after or "")
    if not _ROMAN.match(text) and key(text) is None and k and k[1:] == (1,) and 1 <= k[0] <= 39:
        options.append(roman(k[0]))
    return options


def _with_code(row: TableRow, cell: Cell) -> TableRow:
    return replace(row, cells=(cell, *row.cells[1:]))


def next_sibling(code: str | None) -> str | None:
    """ "5.1" → "5.2"; None for what is not an arabic code."""
    k = key(code) if code else None
    return ".".join(map(str, (*k[:-1], k[-1] + 1))) if k else None


def next_roman(previous: str | None) -> str:
    """The roman heading after `previous` ("II" → "III"; None → "I")."""
    if previous is None:
        return "I"
    value = roman_value(previous)
    return roman(value + 1) if value is not None and value < 39 else ""


def leaps(before: str | None, code: str) -> bool:
    """Whether a code in order still leaps four or more siblings ahead ("2.4" then "2.9"): what
    a "5" read as "9" does; a plan that leaves one or two indicators out leaps less."""
    previous, current = key(before) if before else None, key(code)
    if previous is None or current is None or len(previous) != len(current) or previous[:-1] != current[:-1]:
        return False
    return current[-1] - previous[-1] > 3


def key(code: str) -> tuple[int, ...] | None:
    """ "5.12.1" → (5, 12, 1); None for what is not an arabic code ("III", "", "a")."""
    return tuple(int(part) for part in code.split(".")) if _ARABIC.match(code) else None


def in_order(codes: Sequence[str]) -> set[int]:
    """Positions of the longest strictly increasing run of arabic codes (the codes the column
    agrees on); of runs as long, the one with the smallest steps ("5.1, 5.3" over "5.1, 9.2").
    The others are suspects."""
    keyed = [(p, k) for p, code in enumerate(codes) if (k := key(code)) is not None]
    best: list[tuple[int, int, list[int]]] = []  # (length, -steps, chain) ending at each code
    for i, (_, k) in enumerate(keyed):
        before = [(best[j][0], best[j][1] - _step(keyed[j][1], k), best[j][2]) for j in range(i)
                  if keyed[j][1] < k]  # fmt: skip
        length, steps, chain = max(before, key=lambda b: (b[0], b[1]), default=(0, 0, []))
        best.append((length + 1, steps, [*chain, i]))
    longest = max(best, key=lambda b: (b[0], b[1]), default=(0, 0, []))
    return {keyed[i][0] for i in longest[2]}


def _step(lower: tuple[int, ...], upper: tuple[int, ...]) -> int:
    """How far apart two codes in order are at the first place they differ: 5.1 → 5.3 is 2,
    5.1 → 9.2 is 4, 5.8 → 5.8.1 is 1."""
    for a, b in zip(lower, upper, strict=False):
        if a != b:
            return b - a
    return 1


def expected(before: str | None, after: str | None) -> list[str]:
    """The codes that may stand strictly between two trusted codes: after "5.1", "5.2" or
    "5.1.1" or "6" (or "6.1" under a misread "6"); before "5.3", "5.2"; before a first child
    "6.1", its heading "6"."""
    candidates: list[str] = []
    if before is not None and (k := key(before)) is not None:
        candidates.append(".".join(map(str, (*k[:-1], k[-1] + 1))))  # next sibling
        candidates.append(f"{before}.1")  # first child
        nexts = [
            ".".join(map(str, (*k[: depth - 1], k[depth - 1] + 1))) for depth in range(len(k) - 1, 0, -1)
        ]
        candidates += nexts + [f"{c}.1" for c in nexts]  # 5.7.2 → 5.8, 6, and their first children
    if after is not None and (k := key(after)) is not None:
        if k[-1] > 1:
            candidates.append(".".join(map(str, (*k[:-1], k[-1] - 1))))  # previous sibling
        if len(k) > 1 and k[-1] == 1:
            candidates.append(".".join(map(str, k[:-1])))  # the heading of a first child
    lower = key(before) if before is not None else None
    upper = key(after) if after is not None else None
    return [
        c for c in dict.fromkeys(candidates)
        if (lower is None or lower < (key(c) or ())) and (upper is None or (key(c) or ()) < upper)
    ]  # fmt: skip


def supported(code: str, choices: Sequence[str]) -> bool:
    """Whether one of the readings lists, at every position, the character `code` has there:
    "5.2" is supported by "9352|.|2" (Tesseract read "9.2" with "5" among its alternatives)."""
    for lattice in choices:
        positions = lattice.split("|")
        if len(positions) == len(code) and all(
            ch in options for ch, options in zip(code, positions, strict=True)
        ):
            return True
    return False
