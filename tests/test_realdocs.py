"""Real official files from the field (corpora/realdocs, provenance in its MANIFEST.tsv):
each is read whole, none is taken for a DTI plan, scanner layers and legacy fonts are read
as a person reads them, and letterheads give their number and date where printed."""

from __future__ import annotations

import csv
from datetime import date

import pytest

from tests.conftest import REALDOCS, word_recall

MANIFEST = list(csv.DictReader((REALDOCS / "MANIFEST.tsv").open(encoding="utf-8"), delimiter="\t"))
EVERY_FILE = [row["file"] for row in MANIFEST if not row["file"].endswith(".groundtruth.txt")]
# The eight files of the first rounds, none about DTI; the round-three files (An Giang's and Lâm
# Đồng's plans and reports, PAR Index guides, scans) are measured by the tests below them.
DOCUMENTS = [
    "BTP_CV-1043-2021_danh-muc-VBQPPL_table.pdf", "BYT_QD-2093-2025_TTHC_tables.pdf",
    "HCM_STP-2021_scan_bad-OCR-layer.pdf", "DaNang_scan_4_1_jpg-wrapped.pdf", "TCVN3_MPI_BC-ke-hoach-2005.pdf",
    "TCVN3-VNI_LamDong_KH-tong-the-CNTT-1998-2000.doc", "VNI_BinhPhuoc_QD-991-2008-UBND_ke-hoach.doc",
    "ND-356-2025-CP_bao-ve-du-lieu-ca-nhan.docx",
]  # fmt: skip
SLOW = {
    "BYT_QD-2093-2025_TTHC_tables.pdf",  # 170 pages
    "TCVN3_MPI_BC-ke-hoach-2005.pdf",  # 58 pages of TCVN3
    "TCVN3-VNI_LamDong_KH-tong-the-CNTT-1998-2000.doc",  # 156 pages through LibreOffice
    "HCM_STP-2021_scan_bad-OCR-layer.pdf",  # OCR
    "DaNang_scan_4_1_jpg-wrapped.pdf",  # OCR
}


def each(names: list[str]) -> list:
    return [pytest.param(name, marks=pytest.mark.slow) if name in SLOW else name for name in names]


def test_the_manifest_lists_every_real_file_and_each_is_in_the_project():
    assert len(EVERY_FILE) == 29 and set(DOCUMENTS) <= set(EVERY_FILE)
    assert all((REALDOCS / row["file"]).exists() for row in MANIFEST)


@pytest.mark.parametrize(
    "name", ["ld_parindex2025_pl2_xa.doc", "TCVN3-VNI_LamDong_KH-tong-the-CNTT-1998-2000.groundtruth.txt"]
)
def test_a_real_table_without_a_numbering_column_is_read_without_an_error(name: str):
    from pipeline import api

    result = api.extract(REALDOCS / name)  # "Tên đơn vị | Điểm | Xếp loại": no STT column
    assert result.status == "ok" and result.errors == ()


@pytest.mark.slow
def test_every_real_file_goes_through_ingest_and_none_ends_in_an_unexpected_error(tmp_path):
    from pipeline.batch import ExtractJob, items_from_paths, run_batch
    from pipeline.load.warehouse import Warehouse
    from pipeline.settings import OcrSettings, Settings

    # The scans' pages are left out (--no-ocr): the OCR path has its own slow tests, and 66
    # scanned pages would cost this test five minutes. The first rounds' eight files are read by
    # the tests above; these are the others, the transcripts included.
    job = ExtractJob(settings=Settings(ocr=OcrSettings(enabled=False)))
    files = [p for p in sorted(REALDOCS.glob("*.*")) if p.name != "MANIFEST.tsv" and p.name not in DOCUMENTS]
    with Warehouse(str(tmp_path / "dti.duckdb")) as warehouse:
        summary = run_batch(items_from_paths(files), warehouse, inputs=["realdocs"], job=job, workers=2)
        _, outcomes = warehouse.query("SELECT source_path, status, reason FROM outcomes")
    assert len(outcomes) == len(files) == 25
    unexpected = [row for row in outcomes if row[2] and "unexpectedly" in row[2]]
    assert unexpected == []
    assert summary.failed == 0, summary.failures


@pytest.mark.parametrize("name", each(DOCUMENTS))
def test_every_real_file_is_read_whole(realdoc, name: str):
    document, result = realdoc(name)
    assert result.status == "ok", result.errors or result.lost
    assert document.lost == ()
    assert document.blocks


@pytest.mark.parametrize("name", each(DOCUMENTS))
def test_no_real_file_is_taken_for_a_dti_document(realdoc, name: str):
    _, result = realdoc(name)
    assert result.framework is None
    assert result.framework_reason.startswith("not a DTI document")
    assert result.records == ()


@pytest.mark.slow
def test_a_scanners_layer_without_tone_marks_is_redone_by_ocr(realdoc):
    document, _ = realdoc("HCM_STP-2021_scan_bad-OCR-layer.pdf")
    assert [(d.page, d.method) for d in document.decisions] == [(1, "OCR"), (2, "OCR")]
    assert "does not read as Vietnamese" in document.decisions[0].reason
    text = " ".join(b.text for b in document.paragraphs)
    assert "Chương trình hỗ trợ pháp lý liên" in text
    assert "UY NUAN DAN" not in text


@pytest.mark.parametrize(
    ("name", "transcript"),
    [
        pytest.param("TCVN3-VNI_LamDong_KH-tong-the-CNTT-1998-2000.doc",
                     "TCVN3-VNI_LamDong_KH-tong-the-CNTT-1998-2000.groundtruth.txt", marks=pytest.mark.slow),
        ("VNI_BinhPhuoc_QD-991-2008-UBND_ke-hoach.doc", "VNI_BinhPhuoc_QD-991-2008-UBND_ke-hoach.groundtruth.txt"),
        pytest.param("TCVN3_MPI_BC-ke-hoach-2005.pdf", "TCVN3_MPI_BC-ke-hoach-2005.groundtruth.txt",
                     marks=pytest.mark.slow),
    ],
)  # fmt: skip
def test_legacy_font_text_reads_like_its_transcript(realdoc, name: str, transcript: str):
    document, _ = realdoc(name)
    assert word_recall(document, (REALDOCS / transcript).read_text(encoding="utf-8")) >= 0.98


@pytest.mark.slow
def test_the_photographed_letter_reads_like_its_transcript(realdoc):
    document, _ = realdoc("DaNang_scan_4_1_jpg-wrapped.pdf")
    transcript = (REALDOCS / "DaNang_scan_4_1.groundtruth.txt").read_text(encoding="utf-8")
    assert word_recall(document, transcript) >= 0.90


@pytest.mark.parametrize(
    ("name", "issuer", "number", "issued"),
    [
        ("ND-356-2025-CP_bao-ve-du-lieu-ca-nhan.docx", "CHÍNH PHỦ", "356/2025/NĐ-CP", date(2025, 12, 31)),
        ("VNI_BinhPhuoc_QD-991-2008-UBND_ke-hoach.doc", "ỦY BAN NHÂN DÂN TỈNH BÌNH PHƯỚC", "991/QĐ-UBND",
         date(2008, 5, 14)),
        pytest.param("BYT_QD-2093-2025_TTHC_tables.pdf", "BỘ Y TẾ", "2093/QĐ-BYT", date(2025, 6, 24),
                     marks=pytest.mark.slow),
        pytest.param("DaNang_scan_4_1_jpg-wrapped.pdf", "SỞ GIÁO DỤC VÀ ĐÀO TẠO", None, date(2020, 7, 26),
                     marks=pytest.mark.slow),
    ],
)  # fmt: skip
def test_the_letterhead_gives_issuer_number_and_date_where_printed(realdoc, name, issuer, number, issued):
    # BYT's number and day are stamped into the blanks by the signing tool (form widgets that
    # pdfium flattens); the photographed letter's number is written by hand and read unsure
    # ("[?]"): no guess.
    _, result = realdoc(name)
    assert (result.info.issuer, result.info.number, result.info.date) == (issuer, number, issued)
