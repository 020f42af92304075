from datetime import date

from pipeline.models import Paragraph
from pipeline.normalize.metadata import document_info


def paragraphs(*texts: str) -> tuple[Paragraph, ...]:
    return tuple(Paragraph(i, t) for i, t in enumerate(texts))


def test_the_letterhead_gives_issuer_number_date_and_kind():
    info = document_info(
        paragraphs(
            "UBND TỈNH ĐẮK NÔNG",
            "SỞ THÔNG TIN VÀ TRUYỀN THÔNG",
            "Số: 215/KH-STTTT",
            "Đắk Nông, ngày 15 tháng 01 năm 2024",
            "KẾ HOẠCH",
        )
    )
    assert (info.issuer, info.number, info.date, info.kind, info.year) == (
        "SỞ THÔNG TIN VÀ TRUYỀN THÔNG", "215/KH-STTTT", date(2024, 1, 15), "kế hoạch", 2024,
    )  # fmt: skip


def test_the_province_comes_from_the_issuing_line():
    assert document_info(paragraphs("UBND TỈNH ĐẮK NÔNG", "Số: 1/QĐ-UBND")).province == "Đắk Nông"


def test_an_impossible_date_is_left_unknown():
    assert document_info(paragraphs("Gia Nghĩa, ngày 31 tháng 02 năm 2024")).date is None


def test_nothing_found_stays_none():
    info = document_info(paragraphs("Chuyển đổi số là nhiệm vụ trọng tâm."))
    assert (info.issuer, info.number, info.date, info.kind) == (None, None, None, None)


def test_a_date_line_with_its_day_left_blank_still_gives_the_year():
    info = document_info(paragraphs("Số: /BC-UBND", "Krông Nô, ngày   tháng 9 năm 2024", "BÁO CÁO"))
    assert (info.number, info.date, info.year) == (None, None, 2024)
