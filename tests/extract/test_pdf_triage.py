"""A PDF is what its bytes say, opened as Acrobat and poppler open it; no page goes missing
without the document saying so."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfWriter
from pypdf.generic import NameObject, NumberObject, StreamObject

from pipeline import api
from pipeline.errors import EncryptedPdfError
from pipeline.models import PageDecision
from tests.conftest import GENERATED

PLAN = GENERATED / "agency-stttt-2024.pdf"


def test_bytes_before_the_pdf_header_are_skipped_and_said(tmp_path: Path):
    path = tmp_path / "ke-hoach-tu-email.pdf"
    path.write_bytes(b"X-Gateway: scanned by mail filter\r\n\r\n" + PLAN.read_bytes())
    result = api.extract(path)
    assert len(result.records) == len(api.extract(PLAN).records)
    assert result.warnings[0] == "ke-hoach-tu-email.pdf: 37 bytes before the %PDF- header were skipped"


def test_a_word_file_named_pdf_is_read_as_word_with_a_warning(tmp_path: Path):
    path = tmp_path / "ke-hoach-2024.pdf"
    path.write_bytes((GENERATED / "agency-stttt-2024.docx").read_bytes())
    result = api.extract(path)
    assert result.format == "docx"
    assert result.warnings[0] == "ke-hoach-2024.pdf: named .pdf but is a Word document; read as DOCX"


def test_a_pdf_encrypted_with_an_empty_password_opens(tmp_path: Path):
    writer = PdfWriter(clone_from=PLAN)
    writer.encrypt(user_password="", owner_password="chu-so-huu")
    writer.write(tmp_path / "bao-ve.pdf")
    assert len(api.extract(tmp_path / "bao-ve.pdf").records) == len(api.extract(PLAN).records)


def test_a_pdf_that_needs_a_password_says_so(tmp_path: Path):
    writer = PdfWriter(clone_from=PLAN)
    writer.encrypt(user_password="mat-khau", owner_password="chu-so-huu")
    writer.write(tmp_path / "mat.pdf")
    with pytest.raises(EncryptedPdfError, match=r"mat.pdf: the PDF is encrypted and needs a password"):
        api.extract(tmp_path / "mat.pdf")


def broken_page_three(target: Path) -> Path:
    """The plan with page 3's content in a filter no reader knows."""
    writer = PdfWriter(clone_from=PLAN)
    stream = StreamObject()
    stream._data = b"not a known encoding"
    stream[NameObject("/Filter")] = NameObject("/FooDecode")
    stream[NameObject("/Length")] = NumberObject(len(stream._data))
    writer.pages[2][NameObject("/Contents")] = writer._add_object(stream)
    writer.write(target)
    return target


def test_a_page_that_cannot_be_read_makes_the_document_partial_and_is_named(tmp_path: Path):
    result = api.extract(broken_page_three(tmp_path / "ke-hoach.pdf"))
    assert result.status == "partial"
    assert result.lost == (
        "page 3 could not be read (PdfminerException: Unsupported filter: /'FooDecode'); left out",
    )
    assert {r.page for r in result.records} == {1, 2, 4, 5}


def test_dti_runs_names_the_page_left_out(tmp_path: Path):
    import subprocess
    import sys

    from tests.conftest import REPO

    broken_page_three(tmp_path / "ke-hoach.pdf")
    db = tmp_path / "dti.duckdb"
    subprocess.run([sys.executable, "-m", "pipeline.cli", "ingest", str(tmp_path / "ke-hoach.pdf"), "--db", str(db)],
                   cwd=REPO, capture_output=True, check=True)  # fmt: skip
    runs = subprocess.run([sys.executable, "-m", "pipeline.cli", "runs", "--db", str(db)],
                          cwd=REPO, capture_output=True, text=True, check=True).stdout  # fmt: skip
    assert "partial" in runs and "ke-hoach.pdf: page 3 could not be read" in runs


def test_a_page_of_glyphs_drawn_as_outlines_goes_to_ocr(tmp_path: Path):
    from pipeline.extract import read_document
    from pipeline.settings import OcrSettings, Settings

    writer = PdfWriter()
    page = writer.add_blank_page(width=595, height=842)
    strokes = b"".join(
        b"%d %d m %d %d %d %d %d %d c f\n" % (x, y, x + 2, y + 6, x + 5, y + 6, x + 7, y)
        for y in range(700, 100, -40)
        for x in range(60, 540, 16)
    )  # rows of small filled curves, as a PDF printed with "text as outlines" draws letters
    stream = StreamObject()
    stream._data = strokes
    stream[NameObject("/Length")] = NumberObject(len(strokes))
    page[NameObject("/Contents")] = writer._add_object(stream)
    writer.write(tmp_path / "outlines.pdf")
    document = read_document(tmp_path / "outlines.pdf", Settings(ocr=OcrSettings(enabled=False)))
    assert document.decisions == (
        PageDecision(1, "OCR", "0 characters of text but 450 drawn outlines: text drawn as shapes"),
    )
    assert document.lost == ("page 1 needs OCR, which was turned off; left out",)
