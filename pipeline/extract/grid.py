"""Merged cells → full rows: the one place every reader (PDF, scan, DOCX) fills a table's grid.

A reader describes a table as slots, one per row × grid column: a slot holds its own
`Cell`, or says it is covered by the merged cell to its left or above it. `fill_merged`
turns the slots into rows the way a person reads the table:
- a cell merged downwards gives its text to every row it spans, so a merged "Đơn vị chủ
  trì: Sở TT&TT" over ten rows reaches all ten; it keeps `row_span` = the rows it covers,
  and the copies below it `row_span` = 0, so stitching can tell a merge cut by a page break;
- a cell merged sideways repeats its text over its columns in header rows (the two-level
  header "Kết quả năm 2023" over "Mức đạt" | "Số liệu, nguyên nhân") and leaves the other
  columns empty in body rows; it keeps `col_span`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

from pipeline.models import Box, Cell, TableRow

Covered = Literal["left", "above"]


@dataclass(frozen=True)
class Slot:
    """One grid position: its own cell, or covered by the merged cell to its left or above."""

    cell: Cell | None = None
    covered: Covered | None = None


LEFT = Slot(covered="left")
ABOVE = Slot(covered="above")
EMPTY = Cell("")

# Bounds every reader keeps, as browsers and Word keep theirs: a span is clamped (HTML's
# colspan to 1000, rowspan to 65534; Word's gridSpan to 1000), and a table or a document whose
# grid would hold more slots than a real one ever does is refused in one line, never built.
MAX_COL_SPAN = 1000
MAX_ROW_SPAN = 65534
MAX_TABLE_SLOTS = 500_000  # e.g. 2,000 rows × 250 columns
MAX_DOCUMENT_SLOTS = 2_000_000


class GridTooLarge(ValueError):
    """A table (or all of a document's tables) would be larger than any real one."""


class GridBudget:
    """Counts the slots a document's tables take, table by table, and stops a reader at the
    bounds: "table 3 would hold 12,000,000 cells (more than 500,000)"."""

    def __init__(self, table_limit: int = MAX_TABLE_SLOTS, document_limit: int = MAX_DOCUMENT_SLOTS) -> None:
        self.table_limit, self.document_limit = table_limit, document_limit
        self.document = 0
        self.table = 0

    def new_table(self) -> None:
        self.table = 0

    def take(self, slots: int, where: str = "a table") -> None:
        """Count `slots` more; raise `GridTooLarge` past a bound."""
        self.table += slots
        self.document += slots
        if self.table > self.table_limit:
            raise GridTooLarge(f"{where} would hold more than {self.table_limit:,} cells")
        if self.document > self.document_limit:
            raise GridTooLarge(f"its tables would hold more than {self.document_limit:,} cells")


def fill_merged(
    grid: Sequence[Sequence[Slot]],
    header_count: int,
    page: int | None = None,
    boxes: Sequence[Box | None] = (),
) -> list[TableRow]:
    """Given slots row by row and how many leading rows are the header, return one
    `TableRow` per grid row (empty rows included: the reader decides what to drop), each
    with its place on the page where the reader gives it (`boxes`, one per grid row)."""
    width = max((len(row) for row in grid), default=0)
    if width * len(grid) > MAX_TABLE_SLOTS:
        raise GridTooLarge(f"a table of {len(grid):,} rows × {width:,} columns would hold more than "
                           f"{MAX_TABLE_SLOTS:,} cells")  # fmt: skip
    dense = [[*row, *([Slot(EMPTY)] * (width - len(row)))] for row in grid]
    rows: list[list[Cell]] = []
    for r, slots in enumerate(dense):
        cells: list[Cell] = []
        for c, slot in enumerate(slots):
            if slot.cell is not None:
                cell = replace(
                    slot.cell, row_span=_rows_below(dense, r, c), col_span=_columns_right(slots, c)
                )
            elif slot.covered == "above" and rows:
                cell = replace(rows[-1][c], row_span=0)
            elif slot.covered == "left" and cells and r < header_count:
                cell = replace(cells[-1], repairs=())
            else:
                cell = EMPTY
            cells.append(cell)
        rows.append(cells)
    return [
        TableRow(cells=tuple(cells), page=page, is_header=r < header_count,
                 box=boxes[r] if r < len(boxes) else None)
        for r, cells in enumerate(rows)
    ]  # fmt: skip


def header_extent(grid: Sequence[Sequence[Slot]]) -> int:
    """A header that starts the grid: its first row and the rows below that its merged cells
    reach down into (a two-level header's "STT" merged over both rows)."""
    count = 1
    while count < len(grid) and any(slot.covered == "above" for slot in grid[count]):
        count += 1
    return count


def _rows_below(grid: Sequence[Sequence[Slot]], r: int, c: int) -> int:
    """How many rows the cell at (r, c) spans: itself and the slots below it covered from above."""
    span = 1
    while r + span < len(grid) and grid[r + span][c].covered == "above":
        span += 1
    return span


def _columns_right(slots: Sequence[Slot], c: int) -> int:
    span = 1
    while c + span < len(slots) and slots[c + span].covered == "left":
        span += 1
    return span
