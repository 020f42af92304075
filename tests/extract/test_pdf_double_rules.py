"""Tables drawn with double rules read with their real columns: two rules closer than a
character's width are one, so the gap between them is no column ("I | | | Nhóm chỉ số nền tảng
chung | | | 22" was the real decision's structure table)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document as new_docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from pipeline.extract import read_document
from pipeline.models import Table

STRUCTURE = [
    ["STT", "Chỉ số chính", "Chỉ số thành phần", "Điểm", "Ghi chú"],
    ["I", "Nhóm chỉ số nền tảng chung", "22", "285", ""],
    ["1", "Nhận thức số", "5", "60", ""],
    ["2", "Thể chế số", "4", "55", ""],
]


def drawn_table(tmp_path: Path, style: str, size: int) -> Path:
    """The decision's small structure table as Word draws it with `style` borders, as PDF."""
    document = new_docx()
    document.add_paragraph("Điều 5. Cấu trúc Bộ chỉ số")
    table = document.add_table(rows=len(STRUCTURE), cols=5)
    for row, texts in zip(table.rows, STRUCTURE, strict=True):
        for cell, text in zip(row.cells, texts, strict=True):
            cell.text = text
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        rule = OxmlElement(f"w:{edge}")
        for name, value in (("val", style), ("sz", str(size)), ("space", "0"), ("color", "000000")):
            rule.set(qn(f"w:{name}"), value)
        borders.append(rule)
    table._tbl.tblPr.append(borders)
    docx = tmp_path / f"cau-truc-{style}.docx"
    document.save(docx)
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(docx)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    return docx.with_suffix(".pdf")


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice draws the PDF")
@pytest.mark.parametrize(("style", "size"), [("double", 24), ("thinThickThinLargeGap", 48)])
def test_a_double_ruled_table_reads_with_its_real_columns(tmp_path: Path, style: str, size: int):
    document = read_document(drawn_table(tmp_path, style, size))
    tables = [b for b in document.blocks if isinstance(b, Table)]
    assert len(tables) == 1
    assert [row.texts for row in tables[0].header] == [tuple(STRUCTURE[0])]
    assert [row.texts for row in tables[0].body] == [tuple(r) for r in STRUCTURE[1:]]
