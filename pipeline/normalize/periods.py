"""When: the year a figure describes, which is often not the document's year.

A 2025 plan states 2024 results and 2025 targets: "Kết quả năm 2024" and "Mục tiêu năm
2025" columns, "năm 2024 đạt 712,45/1000 điểm" in a sentence. The year comes from the
figure's column header, else the table's caption or the paragraph just before it, else the
sentence, else the document's own year, and the record says which (`period_source`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.models import Block, Paragraph, Table

_YEAR_AFTER_NAM = re.compile(r"\bnăm\s+((?:19|20)\d{2})\b(?!\s*[-–]\s*(?:19|20)\d{2})", re.IGNORECASE)
_BARE_YEAR = re.compile(r"(?<![\d/.,-])((?:19|20)\d{2})(?![\d/.,-]|\s*[-–]\s*(?:19|20)\d{2})")
CONTEXT_BLOCKS = 40


def year_in(text: str) -> int | None:
    """The year a header or caption names: "Kết quả thực hiện năm 2023" → 2023, "Mục tiêu
    2025" → 2025; None for none, for a span ("2021-2025") or for two different years."""
    years = {int(y) for y in _YEAR_AFTER_NAM.findall(text)} or {int(y) for y in _BARE_YEAR.findall(text)}
    return years.pop() if len(years) == 1 else None


def year_before(text: str, position: int) -> int | None:
    """The year a sentence gives a figure at `position`: the last "năm YYYY" before it in the
    same sentence ("chỉ số năm 2023 của UBND huyện Krông Nô đạt 655,26/1000 điểm" → 2023)."""
    start = text.rfind(". ", 0, position) + 1
    years = _YEAR_AFTER_NAM.findall(text[start:position])
    return int(years[-1]) if years else None


def column_periods(table: Table) -> tuple[int | None, ...]:
    """A year per column from its header cells, upper and lower rows together: a two-level
    header "Kết quả năm 2023" over "Mức đạt" | "Số liệu" gives 2023 to both."""
    periods: list[int | None] = []
    for column in range(table.width):
        texts = [row.texts[column] for row in table.header if column < len(row.texts)]
        periods.append(year_in(" ".join(dict.fromkeys(texts))))
    return tuple(periods)


def table_period(table: Table, blocks: Sequence[Block]) -> tuple[int | None, str | None]:
    """The year a whole table reports and where it was read: its caption's, else the latest
    year the paragraph just before it discusses (seed 003's ranking follows "chỉ số ... năm
    2023 ... đạt")."""
    if table.caption and (year := year_in(table.caption)):
        return year, "caption"
    position = next(i for i, block in enumerate(blocks) if block is table)
    year = context_year(blocks, position)
    return (year, "heading") if year else (None, None)


def context_year(blocks: Sequence[Block], position: int) -> int | None:
    """The latest year the nearest paragraph before `position` discusses (up to
    `CONTEXT_BLOCKS` back): the section a table or a list of scores sits in."""
    for block in reversed(blocks[max(0, position - CONTEXT_BLOCKS) : position]):
        if isinstance(block, Paragraph):
            years = [int(y) for y in _YEAR_AFTER_NAM.findall(block.text)]
            if years:
                return max(years)
    return None
