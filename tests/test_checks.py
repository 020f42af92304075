"""Checks as data: one code and its parameters, read in English or in Vietnamese from one table."""

from __future__ import annotations

import pytest

from pipeline.checks import TEMPLATES, Check, stored_texts

CASES = [
    (Check.of("sum_disagrees", stated="767,45", computed="757,45", count=7, parts="pillars"),
     "stated 767,45 points, computed 757,45 (the sum of 7 pillars)",
     "văn bản ghi 767,45 điểm, tính lại được 757,45 (tổng 7 chỉ số chính)"),
    (Check.of("rule_disagrees", stated="12,5", computed="50", rule="ratio", figure="52/57"),
     "stated 12,5 points, computed 50 (ratio of 52/57)",
     "văn bản ghi 12,5 điểm, tính lại được 50 (cách tính tỷ lệ từ 52/57)"),
    (Check.of("other_document_states", document="agency-sotp-2024-unruled.pdf", page_number=1, points="78,5"),
     "agency-sotp-2024-unruled.pdf p.1 states 78,5 points", "agency-sotp-2024-unruled.pdf, trang 1 ghi 78,5 điểm"),
    (Check.of("other_document_states", document="003_d1992ec31cc5c668.txt", page_number=None, points="655,26"),
     "003_d1992ec31cc5c668.txt states 655,26 points", "003_d1992ec31cc5c668.txt ghi 655,26 điểm"),
    (Check.of("ranking_contradicts_totals", upper_rank="4", upper_total="575,92", lower_rank="5",
              lower_total="594,79"),
     "ranking order contradicts totals: rank 4 has 575,92, below rank 5 with 594,79",
     "thứ hạng trái với tổng điểm: hạng 4 có 575,92 điểm, thấp hơn hạng 5 với 594,79 điểm"),
    (Check.of("percent_disagrees", percent="35%", fraction="18/60", actual="30.00"),
     "percent 35% disagrees with 18/60 (= 30.00%)", "tỷ lệ 35% không khớp với 18/60 (= 30.00%)"),
    (Check.of("ocr_repaired", read="l5/2O", used="15/20"), "OCR read 'l5/2O', used '15/20'",
     "OCR đọc 'l5/2O', dùng '15/20'"),
    (Check.of("ocr_code_replaced", read="9.2", used="5.2"),
     "OCR read code '9.2', the column's order and Tesseract's alternatives give '5.2'",
     "OCR đọc mã '9.2', thứ tự của cột và các phương án của Tesseract cho '5.2'"),
]  # fmt: skip


@pytest.mark.parametrize(("check", "english", "vietnamese"), CASES)
def test_a_check_reads_in_english_and_in_vietnamese(check: Check, english: str, vietnamese: str):
    assert check.text("en") == english
    assert str(check) == english
    assert check.text("vi") == vietnamese


@pytest.mark.parametrize(("check", "english", "vietnamese"), CASES)
def test_a_check_survives_the_warehouse_as_data(check: Check, english: str, vietnamese: str):
    import json

    stored = json.dumps([check.to_dict()], ensure_ascii=False)
    assert Check.from_dict(json.loads(stored)[0]) == check
    assert stored_texts(stored, "vi") == [vietnamese]


def test_every_template_reads_with_the_same_parameters_in_both_languages():
    import string

    for code, template in TEMPLATES.items():
        english = {name for _, name, _, _ in string.Formatter().parse(template.en) if name}
        vietnamese = {name for _, name, _, _ in string.Formatter().parse(template.vi) if name}
        assert english - {"at_page"} == vietnamese - {"at_page_vi"}, code


def test_an_unknown_check_is_refused_with_the_known_codes():
    with pytest.raises(ValueError, match=r"unknown check .typo.; known: .*percent_disagrees"):
        Check.of("typo", text="x")


def test_a_check_missing_a_parameter_is_refused_naming_it():
    with pytest.raises(ValueError, match="needs fraction"):
        Check.of("percent_disagrees", percent="35%", actual="30.00")


def test_the_same_check_twice_is_one_in_a_set():
    a = Check.of("points_above_maximum", points="112/100 điểm")
    b = Check.of("points_above_maximum", points="112/100 điểm")
    assert len({a, b}) == 1
    assert a.severity == "warning"


def test_a_check_stored_before_checks_were_data_is_kept_as_written():
    from pipeline.checks import stored

    sentences = '["stated 767,45 points, computed 757,45 (the sum of 7 pillars)"]'
    assert stored_texts(None, "vi", sentences) == [
        "stated 767,45 points, computed 757,45 (the sum of 7 pillars)"
    ]
    assert [c.code for c in stored(None, sentences)] == ["as_written"]
    assert stored(None, None) == []
