"""Letterheads of the real files as printed (corpora/letterheads.tsv, written by hand from the
pages): every typed or stamped number and date read exactly, a handwritten one read right or
left unknown, a blank one unknown; never a wrong value."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from pipeline import api
from tests.conftest import REALDOCS, REPO

ROWS = list(
    csv.DictReader(
        (
            line
            for line in (REPO / "corpora" / "letterheads.tsv").open(encoding="utf-8")
            if not line.startswith("#")
        ),
        delimiter="\t",
    )
)
SLOW = {"TCVN3-VNI_LamDong_KH-tong-the-CNTT-1998-2000.doc"}  # 156 pages through LibreOffice
SCANS = {row["file"] for row in ROWS if "scan" in row["file"]}


def first_page(path: Path, tmp_path: Path) -> Path:
    """A PDF's first page on its own: the letterhead is there, and OCR need not read the rest."""
    writer = PdfWriter()
    writer.add_page(PdfReader(path).pages[0])
    target = tmp_path / path.name
    with target.open("wb") as handle:
        writer.write(handle)
    return target


def read_letterhead(name: str, tmp_path: Path) -> tuple[str | None, date | None]:
    path = REALDOCS / name
    if path.suffix == ".pdf":
        path = first_page(path, tmp_path)
    info = api.extract(path).info
    return info.number, info.date


def params() -> list:
    return [
        pytest.param(row, marks=pytest.mark.slow, id=row["file"]) if row["file"] in SLOW | SCANS
        else pytest.param(row, id=row["file"])
        for row in ROWS
    ]  # fmt: skip


def test_the_table_lists_every_real_document():
    documents = {p.name for p in REALDOCS.iterdir() if p.suffix != ".tsv" and not p.name.endswith(".txt")}
    assert {row["file"] for row in ROWS} == documents


@pytest.mark.parametrize("row", params())
def test_a_letterhead_number_and_date_are_read_as_printed_or_left_unknown(row: dict, tmp_path: Path):
    number, issued = read_letterhead(row["file"], tmp_path)
    printed_date = date.fromisoformat(row["date"]) if row["date"] else None
    for how, got, printed in (
        (row["number_how"], number, row["number"] or None),
        (row["date_how"], issued, printed_date),
    ):
        if how in ("typed", "stamped"):
            assert got == printed, f"{row['file']}: printed {printed}, read {got}"
        elif how == "handwritten":
            assert got in (None, printed), f"{row['file']}: handwritten {printed}, read {got}"
        else:
            assert got is None, f"{row['file']}: nothing printed, read {got}"
