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
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from pipeline.load import queries
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
    book = Workbook()
    book.remove(book.active)
    for title, what in SHEETS:
        columns, rows = queries.export(warehouse, what, province, year)
        add_sheet(book, title, columns, rows)
    book.save(path)


def write_table_xlsx(columns: Sequence[str], rows: Sequence[Sequence[Any]], path: Path, title: str) -> None:
    """One table (`dti export --what X --xlsx FILE`) as a workbook of one sheet."""
    book = Workbook()
    book.remove(book.active)
    add_sheet(book, title[:31], columns, rows)
    book.save(path)


def add_sheet(book: Workbook, title: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> Worksheet:
    """A sheet with a styled, frozen, filtered header row and the rows as typed cells."""
    sheet = book.create_sheet(title)
    sheet.append([HEADERS.get(c, c) for c in columns])
    listed = {i for i, c in enumerate(columns) if c in ("checks", "warnings")}
    for row in rows:
        sheet.append([_listed(v) if i in listed else _cell(v) for i, v in enumerate(row)])
    for cell in sheet[1]:
        cell.font, cell.fill = Font(bold=True), _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(max(len(columns), 1))}{len(rows) + 1}"
    for index, column in enumerate(columns, start=1):
        _format_column(sheet, index, [row[index - 1] for row in rows], HEADERS.get(column, column))
    return sheet


def _cell(value: Any) -> Any:
    """Values as Excel types: numbers and dates stay themselves; booleans read as "có"/"không"."""
    if isinstance(value, bool):
        return "có" if value else "không"
    return value


def _listed(value: Any) -> Any:
    """A JSON list kept as text in the warehouse ('["stated 767,45 ..."]') as lines to read."""
    try:
        items = json.loads(value) if isinstance(value, str) else None
    except json.JSONDecodeError:
        return value
    return "\n".join(map(str, items)) if isinstance(items, list) else value


def _format_column(sheet: Worksheet, index: int, values: list[Any], header: str) -> None:
    letter = get_column_letter(index)
    if any(isinstance(v, datetime) for v in values):
        number_format, width = "dd/mm/yyyy hh:mm", 17
    elif any(isinstance(v, date) for v in values):
        number_format, width = "dd/mm/yyyy", 12
    else:
        number_format = None
        longest = max((len(str(v)) for v in values[:2000] if v is not None), default=0)
        width = min(max(longest, len(header) * 0.8, 6) + 2, _MAX_WIDTH)
    sheet.column_dimensions[letter].width = width
    if number_format:
        for cell in sheet[letter][1:]:
            cell.number_format = number_format
