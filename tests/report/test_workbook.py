"""The workbook read back as Excel would: sheets, headers, filters, typed cells."""

from __future__ import annotations

from datetime import date, datetime

import openpyxl
import pytest

from pipeline import api
from tests.report.conftest import subjects_with_records


@pytest.fixture(scope="module")
def book(sample_report: api.ReportFiles) -> openpyxl.Workbook:
    return openpyxl.load_workbook(sample_report.xlsx)


def column(sheet, header: str) -> list:
    at = [cell.value for cell in sheet[1]].index(header)
    return [row[at] for row in sheet.iter_rows(min_row=2, values_only=True)]


def test_the_workbook_has_a_sheet_per_table_in_vietnamese(book):
    assert book.sheetnames == ["Bao phủ", "Bỏ sót", "Điểm", "Số liệu", "Văn bản"]
    assert [c.value for c in book["Điểm"][1]][:4] == ["Đơn vị", "Loại đơn vị", "Tỉnh", "Năm"]


def test_every_sheet_freezes_and_filters_its_header(book):
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref.startswith("A1:")
        assert sheet.max_row > 1


def test_points_are_numbers_and_dates_are_dates(book):
    stated = [v for v in column(book["Điểm"], "Điểm ghi trong văn bản") if v is not None]
    assert 767.45 in stated and all(isinstance(v, int | float) for v in stated)  # never text
    years = column(book["Điểm"], "Năm")
    assert all(isinstance(v, int) for v in years)
    issued = [v for v in column(book["Văn bản"], "Ngày ban hành") if v is not None]
    assert issued and all(isinstance(v, datetime | date) for v in issued)
    at = [cell.value for cell in book["Văn bản"][1]].index("Ngày ban hành")
    dated = [row[at] for row in book["Văn bản"].iter_rows(min_row=2) if row[at].value is not None]
    assert {cell.number_format for cell in dated} == {"dd/mm/yyyy"}


def test_agreement_reads_as_yes_or_no(book):
    assert set(column(book["Điểm"], "Khớp")) == {"có", "không", None}


def test_every_unit_with_records_is_in_the_workbook(book, sample_db: str):
    units = set(column(book["Số liệu"], "Đơn vị")) | set(column(book["Điểm"], "Đơn vị"))
    units |= set(column(book["Bao phủ"], "Đơn vị"))
    assert subjects_with_records(sample_db) - units == set()


def test_dti_export_writes_one_table_as_a_workbook(sample_db: str, tmp_path):
    from tests.test_cli import dti

    out = tmp_path / "bo-sot.xlsx"
    result = dti("export", "--db", sample_db, "--what", "omissions", "--xlsx", str(out))
    assert result.returncode == 0, result.stderr
    sheet = openpyxl.load_workbook(out)["omissions"]
    assert "6.13" in column(sheet, "Mã chỉ số")
