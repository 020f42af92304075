"""The pipeline's checks as the report says them, in Vietnamese."""

from __future__ import annotations

import pytest

from pipeline.report.wording import in_vietnamese


@pytest.mark.parametrize(
    ("check", "said"),
    [
        ("stated 767,45 points, computed 757,45 (the sum of 7 pillars)",
         "văn bản ghi 767,45 điểm, tính lại được 757,45 (tổng 7 chỉ số chính)"),
        ("stated 12,5 points, computed 50 (ratio of 52/57)",
         "văn bản ghi 12,5 điểm, tính lại được 50 (cách tính ratio từ 52/57)"),
        ("agency-sotp-2024-unruled.pdf p.1 states 78,5 points", "agency-sotp-2024-unruled.pdf, trang 1 ghi 78,5 điểm"),
        ("003_d1992ec31cc5c668.txt states 655,26 points", "003_d1992ec31cc5c668.txt ghi 655,26 điểm"),
        ("ranking order contradicts totals: rank 4 has 575,92, below rank 5 with 594,79",
         "thứ hạng trái với tổng điểm: hạng 4 có 575,92 điểm, thấp hơn hạng 5 với 594,79 điểm"),
        ("percent 35% disagrees with 18/60 (= 30.00%)", "tỷ lệ 35% không khớp với 18/60 (= 30.00%)"),
        ("OCR read 'l5/2O', used '15/20'", "OCR đọc 'l5/2O', dùng '15/20'"),
        ("OCR read code '9.2', the column's order and Tesseract's alternatives give '5.2'",
         "OCR đọc mã '9.2', thứ tự của cột và các phương án của Tesseract cho '5.2'"),
    ],
)  # fmt: skip
def test_a_check_reads_in_vietnamese(check: str, said: str):
    assert in_vietnamese(check) == said


def test_a_check_of_another_wording_is_shown_as_written():
    assert in_vietnamese("bảng 2: dòng trống") == "bảng 2: dòng trống"


def test_the_report_page_says_the_typo_in_vietnamese(sample_report):
    page = sample_report.html.read_text(encoding="utf-8")
    assert "văn bản ghi 767,45 điểm, tính lại được 757,45 (tổng 7 chỉ số chính)" in page
    assert "stated 767,45" not in page
