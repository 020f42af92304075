"""The report as an Excel workbook (openpyxl): coverage, omissions, scores, figures, documents.

Each sheet has Vietnamese headers, a frozen header row, filters and widths that fit; numbers
are numbers and dates are dates, so an official can sort, filter and sum without retyping.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from pipeline.checks import stored_texts
from pipeline.load import queries
from pipeline.load.export import looks_like_formula
from pipeline.load.warehouse import Warehouse

SHEETS = (
    ("Bao phủ", "coverage"),
    ("Bỏ sót", "omissions"),
    ("Điểm", "scores"),
    ("Số liệu", "figures"),
    ("Văn bản", "documents"),
)
HEADERS = {
    "subject": "Đơn vị",
    "subject_kind": "Loại đơn vị",
    "province": "Tỉnh",
    "agency": "Cơ quan",
    "year": "Năm",
    "period": "Năm",
    "framework": "Bộ chỉ số",
    "level": "Cấp",
    "code": "Mã",
    "indicator_code": "Mã chỉ số",
    "indicator_name": "Tên chỉ số",
    "name": "Tên",
    "state": "Trạng thái",
    "printed_code": "Mã in trong văn bản",
    "printed_name": "Tên in trong văn bản",
    "stated_points": "Điểm ghi trong văn bản",
    "computed_points": "Điểm tính lại",
    "max_points": "Điểm tối đa",
    "rank": "Xếp hạng",
    "rank_of": "Trên tổng số",
    "consistent": "Khớp",
    "source_path": "Văn bản",
    "page": "Trang",
    "ocr_confidence": "Độ tin cậy OCR",
    "checks": "Cần kiểm tra",
    "figure_text": "Số liệu gốc",
    "rule": "Cách tính",
    "kind": "Loại số liệu",
    "value": "Giá trị",
    "numerator": "Tử số",
    "denominator": "Mẫu số",
    "low": "Từ",
    "high": "Đến",
    "unit": "Đơn vị tính",
    "text": "Nguyên văn",
    "field": "Cột",
    "document_sha256": "Mã băm SHA-256",
    "format": "Định dạng",
    "issuer": "Cơ quan ban hành",
    "number": "Số hiệu",
    "issued_on": "Ngày ban hành",
    "status": "Tình trạng",
    "page_count": "Số trang",
    "framework_reason": "Lý do chọn bộ chỉ số",
    "decisions": "Cách đọc từng trang",
    "lost": "Phần không đọc được",
    "warnings": "Cảnh báo",
    "pipeline_version": "Phiên bản",
    "run_id": "Lần nạp",
    "loaded_at": "Thời điểm nạp",
}
_MAX_WIDTH = 60
_HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")


def write_workbook(
    warehouse: Warehouse, path: Path, province: str | None = None, year: int | None = None
) -> None:
    """The report's workbook: one sheet per table, filtered by province and year."""
    book = Workbook(write_only=True)  # streamed: a warehouse of 1,000 documents has 170,000 rows
    for title, what in SHEETS:
        columns, rows = queries.export(warehouse, what, province, year)
        add_sheet(book, title, columns, rows)
    book.save(path)


def write_table_xlsx(columns: Sequence[str], rows: Sequence[Sequence[Any]], path: Path, title: str) -> None:
    """One table (`dti export --what X --xlsx FILE`) as a workbook of one sheet."""
    book = Workbook(write_only=True)
    add_sheet(book, title[:31], columns, rows)
    book.save(path)


def add_sheet(book: Workbook, title: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """A sheet with a styled, frozen, filtered header row and the rows as typed cells; widths
    and date formats are decided from the values before the rows are streamed out."""
    sheet = book.create_sheet(title)
    columns, rows = _checks_in_vietnamese(columns, rows)
    formats = []
    for index, column in enumerate(columns, start=1):
        header = HEADERS.get(column, column)
        width, number_format = _column_format([row[index - 1] for row in rows], header)
        sheet.column_dimensions[get_column_letter(index)].width = width
        formats.append(number_format)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(max(len(columns), 1))}{len(rows) + 1}"
    sheet.append([_header_cell(sheet, HEADERS.get(c, c)) for c in columns])
    listed = {i for i, c in enumerate(columns) if c in ("checks", "warnings")}
    for row in rows:
        values = [_listed(v) if i in listed else _cell(sheet, v) for i, v in enumerate(row)]
        sheet.append([_dated(sheet, v, f) if f else v for v, f in zip(values, formats, strict=True)])


def _header_cell(sheet: Any, text: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=text)
    cell.font, cell.fill = Font(bold=True), _HEADER_FILL
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    return cell


def _dated(sheet: Any, value: Any, number_format: str) -> Any:
    if value is None:
        return None
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = number_format
    return cell


def _cell(sheet: Any, value: Any) -> Any:
    """Values as Excel types: numbers and dates stay themselves; booleans read as "có"/"không";
    text is always text, even when it starts like a formula ("=HYPERLINK(...)" from a document
    stays those characters, never a live formula: OWASP's rule for exported cells)."""
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, str) and looks_like_formula(value):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    return value


def _checks_in_vietnamese(
    columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> tuple[list[str], list[list[Any]]]:
    """Rows whose checks the warehouse keeps as data (`check_details`) with their `checks`
    said in Vietnamese, one a line, and the data column left out."""
    if "check_details" not in columns:
        return list(columns), [list(row) for row in rows]
    details = list(columns).index("check_details")
    said = list(columns).index("checks") if "checks" in columns else None
    out = []
    for row in rows:
        values = list(row)
        if said is not None:
            values[said] = "\n".join(stored_texts(values[details], "vi", values[said])) or None
        out.append(values[:details] + values[details + 1 :])
    return [c for c in columns if c != "check_details"], out


def _listed(value: Any) -> Any:
    """A JSON list kept as text in the warehouse ('["page 3 ..."]') as lines to read."""
    try:
        items = json.loads(value) if isinstance(value, str) else None
    except json.JSONDecodeError:
        return value
    return "\n".join(str(item) for item in items) if isinstance(items, list) else value


def _column_format(values: list[Any], header: str) -> tuple[float, str | None]:
    """A column's width, and its number format when it holds dates."""
    if any(isinstance(v, datetime) for v in values):
        return 17, "dd/mm/yyyy hh:mm"
    if any(isinstance(v, date) for v in values):
        return 12, "dd/mm/yyyy"
    longest = max((len(str(v)) for v in values[:2000] if v is not None), default=0)
    return min(max(longest, len(header) * 0.8, 6) + 2, _MAX_WIDTH), None
