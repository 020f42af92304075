"""Roman numerals counted from their strokes, where Tesseract reads one "I" short."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib import font_manager
from PIL import Image, ImageDraw, ImageFont

from pipeline.extract.ocr.engine import ink_line, read_code
from pipeline.extract.ocr.strokes import roman_numeral, shortened


def code_cell(code: str, size: int = 40) -> np.ndarray:
    """A numbering cell with its code in a Times-like face, as a scan shows it."""
    font = ImageFont.truetype(font_manager.findfont("Liberation Serif"), size)
    image = Image.new("L", (size * 4, size * 5), 255)
    ImageDraw.Draw(image).text((size // 2, size // 3), code, font=font, fill=0)
    return np.asarray(image)


@pytest.mark.parametrize("numeral", ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"])
def test_the_strokes_of_a_roman_numeral_spell_it(numeral: str) -> None:
    line, _ = ink_line(code_cell(numeral))
    assert roman_numeral(line) == numeral


@pytest.mark.parametrize("numeral", ["III", "VII"])
def test_a_pillar_numeral_tesseract_reads_one_i_short_is_read_whole(numeral: str) -> None:
    assert read_code(code_cell(numeral)).text == numeral  # Tesseract alone: "" and "VI"


@pytest.mark.parametrize("code", ["8", "3", "6.3", "1.1"])
def test_a_digit_whose_strokes_look_roman_stays_a_digit(code: str) -> None:
    assert read_code(code_cell(code)).text == code  # "8" has the strokes of an "X"


def test_a_reading_short_of_some_is_is_the_numeral_shortened() -> None:
    assert shortened("VII", "VI") and shortened("VII", "V") and shortened("III", "II.")
    assert not shortened("VI", "IV") and not shortened("II", "III") and not shortened("V", "1")


def test_an_unsure_figure_is_replaced_only_by_a_reading_that_agrees_with_it() -> None:
    from pipeline.extract.ocr.page import _agree

    assert _agree("100%", "100%") and _agree("1O0%", "100%")  # "Đạt [?]" → "Đạt 100%"
    assert not _agree("3i", "31")  # a smudge in "TT-BTTTT" read twice is no number
    assert not _agree("45,53", "4553")
