"""OCR damage repaired inside figures only, and said so."""

from __future__ import annotations

from pipeline.extract.ocr.repair import repair_figures


def test_letter_o_and_l_inside_a_fraction_become_digits():
    text, repairs = repair_figures("Đạt l5/2O hồ sơ")
    assert (text, tuple(map(str, repairs))) == ("Đạt 15/20 hồ sơ", ("OCR read 'l5/2O', used '15/20'",))


def test_a_thousands_dot_read_as_a_comma_in_a_fraction_is_restored():
    text, repairs = repair_figures("1,845/2,010 hồ sơ")
    assert text == "1.845/2.010 hồ sơ"
    assert tuple(map(str, repairs)) == ("OCR read '1,845/2,010', used '1.845/2.010'",)


def test_words_and_roman_numerals_are_left_alone():
    assert repair_figures("Loại I theo Quyết định, mục IV") == ("Loại I theo Quyết định, mục IV", ())


def test_a_decimal_comma_stays_a_decimal_comma():
    assert repair_figures("Tỷ lệ đạt 90,48%") == ("Tỷ lệ đạt 90,48%", ())


def test_a_number_with_two_confusable_letters_is_not_guessed():
    assert repair_figures("Đạt 1lO/25 hồ sơ") == ("Đạt 1lO/25 hồ sơ", ())
