"""Scanned pages handed over as image files (`corpora/build/images.py`): a scanner's multi-page
TIFF, a phone's JPEG, a fax-like bitonal PNG, read as the scan they are."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpora.build.images import NAME, OUT
from pipeline import api
from pipeline.errors import InputFileError
from pipeline.extract import read_document
from tests.conftest import GENERATED


def matched(path: Path) -> list[tuple[str | None, str | None]]:
    return [(r.printed_code, r.indicator_code) for r in api.extract(path).records if r.match_status == "matched"]


@pytest.mark.slow
def test_a_multi_page_tiff_reads_as_its_scanned_pdf_page_for_page():
    tiff = read_document(OUT / f"{NAME}.scan.tif")
    assert (tiff.format, tiff.page_count) == ("tif", 5)
    assert [d.method for d in tiff.decisions] == ["OCR"] * 5
    assert matched(OUT / f"{NAME}.scan.tif") == matched(GENERATED / f"{NAME}.scan.pdf")


@pytest.mark.slow
@pytest.mark.parametrize("suffix", ["jpg", "png"])
def test_one_page_as_a_photo_or_a_fax_gives_the_first_pages_indicators(suffix: str):
    records = api.extract(OUT / f"{NAME}.scan-p1.{suffix}").records
    assert [r.printed_code for r in records] == ["1", "1.1", "1.2", "1.2.1", "1.2.2", "1.3", "1.4", "1.5", "2", "2.1",
                                                 "2.2"]  # fmt: skip
    assert len(records) == 11 and all(r.match_status == "matched" for r in records)
    assert records[0].subject is not None and records[0].subject.canonical == "Sở Thông tin và Truyền thông"


def test_an_image_file_that_is_not_an_image_names_the_file_and_the_fix(tmp_path: Path):
    broken = tmp_path / "trang-1.png"
    broken.write_bytes(b"not an image at all")
    with pytest.raises(InputFileError, match=r"trang-1.png: named .png but cannot be read as an image .*save it again"):
        read_document(broken)
