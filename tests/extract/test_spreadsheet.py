"""Excel workbooks and CSV files read as documents: sheets as pages, merged headers, numbers as
Excel prints them, and every refusal in one line that names the file."""

from __future__ import annotations

import io
import shutil
import subprocess
import unicodedata
import zipfile
from pathlib import Path

import pytest
from msoffcrypto.format.ooxml import OOXMLFile
from openpyxl import Workbook, load_workbook

from pipeline.errors import InputFileError
from pipeline.extract import read_document
from pipeline.extract.spreadsheet import shown
from pipeline.models import Table
from tests.conftest import REPO

LAYOUTS = REPO / "corpora" / "layouts"


def tables(document) -> list[Table]:
    return [b for b in document.blocks if isinstance(b, Table)]


def workbook(path: Path, rows: list[list[object]], title: str = "Phụ lục I") -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


@pytest.mark.parametrize(
    ("value", "number_format", "text"),
    [
        (685.21, "0.00", "685,21"),
        (0.8241, "0.00%", "82,41%"),
        (0.8241, "0.0000", "0,8241"),
        (1000, "#,##0", "1.000"),
        (5, "General", "5"),
        (90.48, "General", "90,48"),
        ("Sở Y tế", "General", "Sở Y tế"),
    ],
)
def test_a_number_is_shown_as_excel_prints_it_with_a_decimal_comma(value, number_format, text):
    assert shown(value, number_format) == text


def test_a_two_level_merged_header_fills_every_pillar_column():
    document = read_document(LAYOUTS / "results-layout-00.xlsx")
    header = tables(document)[0].header
    assert len(header) == 2
    assert header[0].texts[:6] == (
        "TT",
        "Tên đơn vị",
        "Tổng điểm (1000 điểm)",
        "Nhận thức số",
        "Nhận thức số",
        "Thể chế số",
    )
    assert header[1].texts[:6] == ("TT", "Tên đơn vị", "Tổng điểm (1000 điểm)", "Điểm", "Xếp hạng", "Điểm")


def test_each_sheet_is_a_page_with_its_letterhead_and_caption_as_paragraphs():
    document = read_document(LAYOUTS / "results-layout-00.xlsx")
    assert document.page_count == 2 and [t.pages for t in tables(document)] == [(1,), (2,)]
    first_lines = [b.text for b in document.blocks if not isinstance(b, Table)][:2]
    assert first_lines == ["UBND TỈNH BÌNH THUẬN", "Số: 122/QĐ-UBND"]
    assert [str(d) for d in document.decisions] == [
        "page 1: sheet ('Phụ lục I')",
        "page 2: sheet ('Phụ lục II')",
    ]


def test_a_number_keeps_the_value_the_cell_holds_beside_its_text(tmp_path):
    path = workbook(tmp_path / "ket-qua.xlsx", [["STT", "Tên đơn vị", "Tổng điểm"], [1, "Sở Y tế", 685.2149]])
    book = load_workbook(path)
    book.active["C2"].number_format = "0.00"
    book.save(path)
    cell = tables(read_document(path))[0].body[0].cells[2]
    assert (cell.text, cell.value) == ("685,21", 685.2149)


def test_a_formula_gives_its_cached_value_and_one_without_is_named(tmp_path):
    path = workbook(
        tmp_path / "tong-hop.xlsx", [["STT", "Tên đơn vị", "Tổng điểm"], [1, "Sở Y tế", "=100+585.21"]]
    )
    document = read_document(path)
    assert tables(document)[0].body[0].texts[2] == ""  # openpyxl saves no value: nothing invented
    assert any("formulas without a saved value in C2" in w for w in document.warnings)


def test_hidden_sheets_and_rows_are_read_and_named(tmp_path):
    path = workbook(
        tmp_path / "an.xlsx", [["STT", "Tên đơn vị", "Tổng điểm"], [1, "Sở Y tế", 600], [2, "Sở Nội vụ", 500]]
    )
    book = load_workbook(path)
    book.active.row_dimensions[3].hidden = True
    extra = book.create_sheet("Tính toán")
    extra.append(["STT", "Tên đơn vị"])
    extra.sheet_state = "hidden"
    book.save(path)
    document = read_document(path)
    assert [d.reason for d in document.decisions] == [
        "'Phụ lục I'; hidden rows 3 read",
        "'Tính toán', hidden",
    ]
    assert tables(document)[0].body[1].texts[1] == "Sở Nội vụ"


def test_a_password_protected_workbook_is_refused_in_one_line(tmp_path):
    plain = workbook(tmp_path / "plain.xlsx", [["STT", "Tên đơn vị"], [1, "Sở Y tế"]])
    locked = tmp_path / "ket-qua-mat-khau.xlsx"
    with plain.open("rb") as source, locked.open("wb") as target:
        office = OOXMLFile(source)
        office.encrypt("matkhau", target)
    with pytest.raises(InputFileError, match=r"ket-qua-mat-khau.xlsx: the workbook is password-protected"):
        read_document(locked)


def test_a_workbook_that_inflates_past_any_real_one_is_refused(tmp_path):
    bomb = tmp_path / "bom.xlsx"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (257 * 1024 * 1024))
    bomb.write_bytes(buffer.getvalue())
    with pytest.raises(InputFileError, match=r"bom.xlsx: the workbook inflates to 269,484,\d+ bytes"):
        read_document(bomb)


def test_a_damaged_workbook_names_the_file_and_how_to_fix_it(tmp_path):
    broken = tmp_path / "hong.xlsx"
    broken.write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    with pytest.raises(InputFileError, match=r"hong.xlsx: not a readable Excel workbook"):
        read_document(broken)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice converts .xls")
def test_an_excel_97_workbook_is_read_through_libreoffice(tmp_path):
    source = workbook(
        tmp_path / "ket-qua.xlsx", [["STT", "Tên đơn vị", "Tổng điểm"], [1, "UBND huyện Krông Nô", 655.26]]
    )
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "xls",
         "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    document = read_document(tmp_path / "ket-qua.xls")
    assert document.format == "xls"
    assert tables(document)[0].body[0].texts == ("1", "UBND huyện Krông Nô", "655,26")


TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def windows_1258(text: str) -> bytes:
    """Text as Windows-1258 stores it: base letters precomposed where the code page has them,
    tone marks as combining characters ("ế" → "ê" + U+0301)."""
    out = b""
    for char in text:
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            decomposed = unicodedata.normalize("NFD", char)
            tone = "".join(c for c in decomposed if c in TONE_MARKS)
            base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONE_MARKS))
            out += (base + tone).encode("cp1258")
    return out


def test_a_semicolon_csv_in_windows_1258_is_one_table(tmp_path):
    path = tmp_path / "xep-hang.csv"
    path.write_bytes(windows_1258("Xếp hạng;Tên địa phương;Tổng điểm\n1;UBND huyện Đắk Song;685,21\n"))
    document = read_document(path)
    assert tables(document)[0].header[0].texts == ("Xếp hạng", "Tên địa phương", "Tổng điểm")
    assert tables(document)[0].body[0].texts == ("1", "UBND huyện Đắk Song", "685,21")
    assert document.warnings == ("xep-hang.csv: read as cp1258",)
