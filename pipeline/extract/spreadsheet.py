"""Excel workbooks (.xlsx, and .xls through LibreOffice) and CSV files as documents.

Each sheet is a page. Lines above a sheet's table ("UBND TỈNH AN GIANG", "Phụ lục I. KẾT QUẢ
…") are paragraphs, as a letterhead and caption are in a Word file; the table starts at the
first row that reads as a header ("STT", "Tên đơn vị", "Xếp hạng") and its merged cells go
through the grid helper every reader uses. A number is shown as Excel would print it with a
Vietnamese decimal comma (0.8241 formatted "0.00%" → "82,41%") and kept as held in
`Cell.value`. A formula gives its cached value; one without (a file written by a program
that never calculated it) is named, never computed here. Hidden sheets and rows are read and
named in the page decisions.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
import zipfile
from pathlib import Path
from typing import Any

from pipeline.blocks import number_blocks
from pipeline.errors import InputFileError
from pipeline.extract.grid import ABOVE, LEFT, GridBudget, Slot, fill_merged, header_extent
from pipeline.extract.text import clean_text, reads_as_ruled_header
from pipeline.models import Block, Cell, Document, PageDecision, Paragraph, Table

MAX_INFLATED_BYTES = 256 * 1024 * 1024  # a workbook part inflating past this is a ZIP bomb
HEADER_SEARCH_ROWS = 30  # a header further down than this is not a header


def read_xlsx(path: Path, data: bytes) -> Document:
    """Given an .xlsx file and its bytes, return each sheet's lines and table, sheet by sheet."""
    from openpyxl import load_workbook

    _check_archive(path, data)
    try:
        values = load_workbook(io.BytesIO(data), data_only=True)
        formulas = load_workbook(io.BytesIO(data), data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError) as exc:
        raise InputFileError(
            f"{path}: not a readable Excel workbook ({type(exc).__name__}: {exc}); "
            "open it in Excel or LibreOffice and save it again as .xlsx"
        ) from exc
    budget = GridBudget()
    blocks: list[Block] = []
    decisions: list[PageDecision] = []
    warnings: list[str] = []
    for page, sheet in enumerate(values.worksheets, start=1):
        budget.new_table()
        budget.take(sheet.max_row * sheet.max_column, f"sheet '{sheet.title}'")
        grid = _sheet_grid(sheet, formulas[sheet.title], page, warnings)
        blocks += _sheet_blocks(grid, page, len(blocks))
        decisions.append(PageDecision(page, "sheet", _sheet_reason(sheet)))
    return Document(
        source_path=str(path),
        sha256=hashlib.sha256(data).hexdigest(),
        format="xlsx",
        blocks=number_blocks(blocks),
        warnings=tuple(warnings),
        page_count=len(values.worksheets),
        decisions=tuple(decisions),
    )


def read_csv(path: Path, data: bytes) -> Document:
    """Given a .csv file and its bytes (UTF-8, with or without a BOM, or Windows-1258; comma,
    semicolon or tab between cells), return its rows as one table on one page."""
    text, encoding = _decode(path, data)
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = [[clean_text(c) for c in row] for row in csv.reader(io.StringIO(text), dialect)]
    budget = GridBudget()
    budget.take(sum(len(r) for r in rows), "the file")
    grid = csv_slots(rows)
    warnings = () if encoding == "utf-8" else (f"{path.name}: read as {encoding}",)
    return Document(
        source_path=str(path),
        sha256=hashlib.sha256(data).hexdigest(),
        format="csv",
        blocks=number_blocks(_sheet_blocks(grid, 1, 0)),
        warnings=warnings,
        page_count=1,
        decisions=(PageDecision(1, "sheet", f"{len(rows)} rows"),),
    )


def csv_slots(rows: list[list[str]]) -> list[list[Slot]]:
    """A CSV's rows as slots, its header's merged cells restored: Excel exports a merged cell's
    text in its first cell only, so under a header row ("STT | Tên đơn vị | Nhận thức số | |
    Tổng điểm") the sub-header rows that follow, holding no number ("| | Điểm | Xếp hạng |"),
    are header rows too; an empty cell over a filled one continues the cell to its left, and an
    empty cell under a header cell continues the one above."""
    width = max((len(r) for r in rows), default=0)
    dense = [[*r, *([""] * (width - len(r)))] for r in rows]
    count = 1 if dense and _starts_header(dense[0]) else 0
    while (
        count and count < len(dense) and any(dense[count]) and not any(_NUMBER.match(t) for t in dense[count])
    ):
        count += 1
    grid = [[Slot(Cell(t)) for t in row] for row in dense]
    for r in range(count):
        for c in range(width):
            if dense[r][c]:
                continue
            below = r + 1 < count and dense[r + 1][c]
            if below and c > 0 and (dense[r][c - 1] or grid[r][c - 1].covered == "left"):
                grid[r][c] = LEFT
            elif r > 0:
                grid[r][c] = ABOVE
    return grid


_NUMBER = re.compile(r"^[\d.,%/\s-]*\d[\d.,%/\s-]*$")


def _decode(path: Path, data: bytes) -> tuple[str, str]:
    for encoding in ("utf-8-sig", "cp1258"):
        try:
            return data.decode(encoding), "utf-8" if encoding == "utf-8-sig" else encoding
        except UnicodeDecodeError:
            continue
    raise InputFileError(f"{path}: the CSV is neither UTF-8 nor Windows-1258; save it again as UTF-8 CSV")


def _check_archive(path: Path, data: bytes) -> None:
    """Refuse, in one line, a workbook that is no ZIP archive (a password-protected one is an
    encrypted OLE2 file) or that inflates past any real workbook."""
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise InputFileError(
            f"{path}: the workbook is password-protected (encrypted), or an Excel 97-2003 file named "
            ".xlsx; open it with its password and save an unprotected .xlsx copy"
        )
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputFileError(
            f"{path}: not a readable Excel workbook (the ZIP container is damaged: {exc}); "
            "open it in Excel or LibreOffice and save it again as .xlsx"
        ) from exc
    inflated = sum(m.file_size for m in members)
    if inflated > MAX_INFLATED_BYTES:
        raise InputFileError(
            f"{path}: the workbook inflates to {inflated:,} bytes, more than any real one "
            f"({MAX_INFLATED_BYTES:,}); refused (split it, or it is damaged or hostile)"
        )


def _sheet_reason(sheet: Any) -> str:
    hidden_rows = [str(r) for r, d in sheet.row_dimensions.items() if d.hidden and r <= sheet.max_row]
    parts = [f"'{sheet.title}'" + (", hidden" if sheet.sheet_state != "visible" else "")]
    if hidden_rows:
        parts.append(f"hidden rows {', '.join(hidden_rows[:10])}{' …' if len(hidden_rows) > 10 else ''} read")
    return "; ".join(parts)


def _sheet_grid(sheet: Any, formulas: Any, page: int, warnings: list[str]) -> list[list[Slot]]:
    """The sheet as rows of slots, merged ranges covered from the left or above."""
    covered: dict[tuple[int, int], Slot] = {}
    for merged in sheet.merged_cells.ranges:
        for row in range(merged.min_row, merged.max_row + 1):
            for column in range(merged.min_col, merged.max_col + 1):
                if (row, column) != (merged.min_row, merged.min_col):
                    covered[(row, column)] = LEFT if row == merged.min_row else ABOVE
    uncached = []
    grid = []
    for cells in sheet.iter_rows(min_row=1, max_row=sheet.max_row, max_col=sheet.max_column):
        slots = []
        for cell in cells:
            at = (cell.row, cell.column)
            if at in covered:
                slots.append(covered[at])
                continue
            value = cell.value
            formula = formulas.cell(cell.row, cell.column).value
            if value is None and isinstance(formula, str) and formula.startswith("="):
                uncached.append(cell.coordinate)
            number = float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None
            slots.append(Slot(Cell(shown(value, cell.number_format), value=number)))
        grid.append(slots)
    if uncached:
        warnings.append(
            f"sheet '{sheet.title}' (page {page}): formulas without a saved value in "
            f"{', '.join(uncached[:8])}{' …' if len(uncached) > 8 else ''}; open the file in Excel or "
            "LibreOffice, let it calculate, and save it again"
        )
    return grid


def shown(value: Any, number_format: str = "General") -> str:
    """A cell's value as Excel prints it, with a Vietnamese decimal comma: 685.21 → "685,21";
    0.8241 formatted "0.00%" → "82,41%"; 1000 formatted "#,##0" → "1.000"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d/%m/%Y")
    if not isinstance(value, int | float):
        return clean_text(str(value))
    fmt = number_format or "General"
    percent = "%" in fmt
    number = value * 100 if percent else value
    decimals = _decimals(fmt)
    if decimals is None:  # "General": as few digits as the number needs
        text = f"{number:.10g}" if isinstance(number, float) else str(number)
        if "e" in text:
            text = f"{number:f}".rstrip("0").rstrip(".")
    else:
        text = f"{number:.{decimals}f}"
    whole, _, fraction = text.partition(".")
    if "," in fmt.split(".")[0] and not percent:  # "#,##0": thousands grouped with dots
        sign, digits = ("-", whole[1:]) if whole.startswith("-") else ("", whole)
        whole = sign + f"{int(digits):,}".replace(",", ".")
    return whole + ("," + fraction if fraction else "") + ("%" if percent else "")


def _decimals(number_format: str) -> int | None:
    if number_format in ("General", "@", ""):
        return None
    found = re.search(r"0\.(0+)", number_format)
    return len(found.group(1)) if found else 0


def _sheet_blocks(grid: list[list[Slot]], page: int, start: int) -> list[Block]:
    """A sheet's rows → the lines above its table as paragraphs, then the table: from the
    first row that reads as a header (or the first row with two cells filled) to the end."""
    texts = [[s.cell.text if s.cell else "" for s in slots] for slots in grid]
    first = next((r for r, row in enumerate(texts[:HEADER_SEARCH_ROWS]) if _starts_header(row)), None)
    if first is None:
        first = next((r for r, row in enumerate(texts) if sum(1 for t in row if t) >= 2), len(texts))
    blocks: list[Block] = [
        Paragraph(index=start + i, text=" ".join(t for t in row if t), page=page)
        for i, row in enumerate(texts[:first])
        if any(row)
    ]
    body = grid[first:]
    while body and not any(s.cell and s.cell.text for s in body[-1]):
        body.pop()
    if body:
        rows = fill_merged(body, _header_count(body, texts[first]), page)
        kept = tuple(row for row in rows if any(row.texts))
        blocks.append(Table(index=start + len(blocks), rows=kept))
    return blocks


def _starts_header(row: list[str]) -> bool:
    return reads_as_ruled_header(row) and sum(1 for t in row if t) >= 2


def _header_count(body: list[list[Slot]], first_texts: list[str]) -> int:
    """The header rows: the first row when it reads as one, and the rows its merged cells
    reach down over."""
    return header_extent(body) if _starts_header(first_texts) else 0
