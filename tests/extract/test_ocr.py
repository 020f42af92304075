"""The OCR path on scanned twins: the real Tesseract, the real scanned PDFs of the corpus."""

from __future__ import annotations

import pytest

from pipeline.extract import read_document
from pipeline.extract.ocr.image import binarise, deskew, render_page, skew_angle
from pipeline.extract.ocr.rules import find_grid
from pipeline.normalize.stitch import stitch_tables
from tests.conftest import GENERATED, gold

pytestmark = pytest.mark.slow
SCAN = GENERATED / "agency-sonnptnt-2024.scan.pdf"


@pytest.fixture(scope="module")
def scanned():
    return stitch_tables(read_document(SCAN))


def test_every_page_without_a_text_layer_goes_to_ocr_and_says_why(scanned):
    assert tuple(map(str, scanned.decisions)) == tuple(
        f"page {n}: OCR (0 characters of text over a page image)" for n in range(1, 5)
    )


def test_a_scanned_table_over_four_pages_comes_out_as_one_table(scanned):
    assert len(scanned.tables) == 1
    table = scanned.tables[0]
    assert table.pages == (1, 2, 3, 4)
    assert table.header[-1].texts[3:5] == ("Mức đạt", "Số liệu, nguyên nhân")
    assert len(table.body) == len(gold("agency-sonnptnt-2024")["rows"])


def test_ocr_cells_carry_their_confidence(scanned):
    row = next(r for r in scanned.tables[0].body if r.texts[0] == "6.11")
    assert row.texts[1].startswith("Tỷ lệ người dân, doanh nghiệp thanh toán trực tuyến")
    assert all(cell.confidence is not None and cell.confidence > 80 for cell in row.cells[:2])


def test_the_merged_unit_cell_reaches_every_row_on_its_page(scanned):
    rows = [r for r in scanned.tables[0].body if r.texts[0] in ("1.1", "1.2", "1.3", "1.4")]
    assert {r.texts[2] for r in rows} == {"Trung tâm CNTT và Truyền thông"}


def test_the_letterhead_is_read_as_paragraphs(scanned):
    assert any("Số: 88/KH-SNN" in p.text for p in scanned.paragraphs)


def test_deskew_levels_a_page_turned_by_the_scanner():
    gray = render_page(SCAN.read_bytes(), 1)
    level, angle = deskew(gray)
    assert 0.3 <= abs(angle) <= 0.8  # corpora/scan.py turns pages by 0.3–0.8°
    grid = find_grid(binarise(level))
    assert grid is not None and len(grid.xs) == 7
    assert level.shape == gray.shape
    assert abs(skew_angle(binarise(level))) < 0.1  # level after turning back


def _cell_image(lines: list[str]):
    """A table cell of several lines as a scanner would give it (greyscale, 28 px text)."""
    import numpy as np
    from matplotlib import font_manager
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(font_manager.findfont("DejaVu Sans"), 28)
    image = Image.new("L", (700, 20 + 58 * len(lines)), 255)
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        draw.text((10, 10 + i * 58), line, font=font, fill=0)
    return np.asarray(image)


def test_ink_below_the_last_line_read_is_found_so_that_line_is_read_again():
    from pipeline.extract.ocr.engine import ocr_lines, unread_tail

    cell = _cell_image(["Số lượng hệ thống thông tin", "đã được phê duyệt hồ sơ", "đề xuất cấp độ"])
    lines = ocr_lines(cell)
    assert unread_tail(cell, lines) is None  # every line was read
    assert unread_tail(cell, lines[:2]) == lines[1].box[3] + 2  # had the last been dropped


def test_a_tall_cell_is_read_whole():
    from pipeline.extract.ocr.engine import ocr_image

    cell = _cell_image(["Số lượng hệ thống thông tin", "đã được phê duyệt hồ sơ", "đề xuất cấp độ"])
    assert ocr_image(cell).text == "Số lượng hệ thống thông tin đã được phê duyệt hồ sơ đề xuất cấp độ"


def test_a_scanned_page_that_cannot_be_read_costs_only_its_own_page():
    from pipeline.extract.ocr import ocr_pages
    from pipeline.settings import DEFAULT

    read = ocr_pages(SCAN, SCAN.read_bytes(), [1, 99], DEFAULT.ocr)  # the scan has four pages, not 99
    assert isinstance(read[1], list) and read[1]  # page 1's table and letterhead
    assert isinstance(read[99], str) and read[99].split(":")[0] in ("IndexError", "PdfiumError", "ValueError")


def _code_cell(code: str, size: int):
    """A numbering cell of a table, its code in a Times-like face at `size` pixels, with the
    white space below it that a tall row gives."""
    import numpy as np
    from matplotlib import font_manager
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(font_manager.findfont("Liberation Serif"), size)
    image = Image.new("L", (size * 4, size * 5), 255)
    ImageDraw.Draw(image).text((size // 2, size // 3), code, font=font, fill=0)
    return np.asarray(image)


@pytest.mark.parametrize("size", [28, 40, 64, 80])
@pytest.mark.parametrize("code", ["5.5", "5.7.1"])
def test_a_numbering_cell_reads_the_same_at_every_print_size(code: str, size: int):
    from pipeline.extract.ocr.engine import read_code

    assert read_code(_code_cell(code, size)).text == code  # read at 3× its size, "5.5" came out "9.9"


def test_the_line_of_a_numbering_cell_is_its_inked_band_not_a_speck():
    from pipeline.extract.ocr.engine import ink_line

    cell = _code_cell("5.5", 64).copy()
    cell[280:283, 100:103] = 0  # a speck well below the code
    line, height = ink_line(cell)
    assert 40 <= height <= 50  # the digits' height at 64 px type, not the speck's 3 px
    assert line.shape[0] < 70 and line.min() == 0
