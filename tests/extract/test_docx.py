"""The DOCX reader on the generated corpus and on small Word files built in the test."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document as new_docx

from pipeline.errors import InputFileError
from pipeline.extract import read_document
from pipeline.normalize.stitch import stitch_tables
from tests.conftest import GENERATED, SONNPTNT_HEADER


def _table(path: Path):
    return stitch_tables(read_document(path)).tables[0]


def test_two_level_header_gives_the_lower_labels_as_the_last_header_row():
    table = _table(GENERATED / "agency-sonnptnt-2024.docx")
    assert [row.texts for row in table.header] == SONNPTNT_HEADER


def test_vertically_merged_unit_cell_reaches_every_row_it_spans():
    table = _table(GENERATED / "agency-sonnptnt-2024.docx")
    pillar_one = [row for row in table.body if row.texts[0] in ("1.1", "1.2", "1.2.1", "1.2.2", "1.3")]
    assert {row.texts[2] for row in pillar_one} == {"Trung tâm CNTT và Truyền thông"}


def test_spacer_rows_are_dropped_and_bullets_kept_as_lines():
    table = _table(GENERATED / "agency-soyte-2025.docx")
    assert all(any(row.texts) for row in table.rows)
    bulleted = [row for row in table.body if "\n- Đã báo cáo kết quả" in row.texts[2]]
    assert bulleted, "a result cell with a bullet line"


def test_nested_table_rows_become_lines_of_their_cell(tmp_path: Path):
    document = new_docx()
    table = document.add_table(rows=2, cols=3)
    for cell, text in zip(table.rows[0].cells, ("STT", "Chỉ số", "Kết quả"), strict=True):
        cell.text = text
    table.rows[1].cells[0].text = "6.4"
    table.rows[1].cells[1].text = "Tỷ lệ DVCTT phát sinh hồ sơ trực tuyến"
    inner = table.rows[1].cells[2].add_table(rows=2, cols=2)
    inner.cell(0, 0).text, inner.cell(0, 1).text = "Năm 2022", "45/120"
    inner.cell(1, 0).text, inner.cell(1, 1).text = "Năm 2023", "52/57"
    path = tmp_path / "long-table.docx"
    document.save(str(path))
    row = _table(path).body[0]
    assert row.texts[2].splitlines()[-2:] == ["Năm 2022 | 45/120", "Năm 2023 | 52/57"]


def test_a_docx_that_is_not_a_zip_names_the_file(tmp_path: Path):
    path = tmp_path / "ke-hoach-2024.docx"
    path.write_bytes(b"Ke hoach chuyen doi so")
    with pytest.raises(InputFileError, match=r"ke-hoach-2024.docx: named .docx but is not a Word document"):
        read_document(path)


def test_legacy_doc_is_converted_through_libreoffice(tmp_path: Path):
    import shutil
    import subprocess

    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice is installed by scripts/setup.sh"
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "doc",
         "--outdir", str(tmp_path), str(GENERATED / "agency-stttt-2024.docx")],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    document = stitch_tables(read_document(tmp_path / "agency-stttt-2024.doc"))
    assert document.format == "doc"
    codes = [row.texts[0] for row in document.tables[0].body]
    assert codes[:4] == ["1", "1.1", "1.2", "1.2.1"]
    assert len(codes) == 55
