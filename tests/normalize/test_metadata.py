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


def test_the_issuers_full_name_comes_from_both_lines_of_its_block():
    info = document_info(paragraphs("UBND TỈNH LÂM ĐỒNG", "SỞ NỘI VỤ", "Số: 184 /BC-SNV", "BÁO CÁO"))
    assert (info.issuer, info.issuer_name, info.province) == (
        "SỞ NỘI VỤ",
        "Sở Nội vụ tỉnh Lâm Đồng",
        "Lâm Đồng",
    )


def test_a_peoples_committee_keeps_its_full_title():
    info = document_info(paragraphs("ỦY BAN NHÂN DÂN", "HUYỆN CHỢ MỚI", "Số: 07/KH-UBND"))
    assert info.issuer_name == "Ủy ban nhân dân huyện Chợ Mới"


def test_a_party_committees_number_is_read_with_its_dash():
    assert document_info(paragraphs("TỈNH ỦY AN GIANG", "Số 01-NQ/TU")).number == "01-NQ/TU"


def test_a_letter_is_known_by_its_subject_line():
    info = document_info(
        paragraphs("SỞ Y TẾ", "Số: 644 /SYT-KHTC", "V/v báo cáo tình hình cải thiện chỉ số PCI")
    )
    assert (info.number, info.kind) == ("644/SYT-KHTC", "công văn")


def test_lines_laid_out_from_the_page_come_before_the_blocks():
    """A signing tool stamps the number into the blank: the blocks say "Số: /BC-SNV", the page
    as laid out says "Số: 184 /BC-SNV"."""
    info = document_info(
        paragraphs("SỞ NỘI VỤ", "Số: /BC-SNV Lâm Đồng, ngày tháng 11 năm 2025"),
        ["SỞ NỘI VỤ", "Số: 184 /BC-SNV", "Lâm Đồng, ngày 06 tháng 11 năm 2025"],
    )
    assert (info.number, info.date) == ("184/BC-SNV", date(2025, 11, 6))


def test_a_date_line_wrapped_by_a_narrow_column_is_read_whole():
    info = document_info(
        paragraphs("UBND HUYỆN CHỢ MỚI", "Số: 07/KH-UBND", "Chợ Mới, ngày 04", "tháng 01 năm 2023")
    )
    assert info.date == date(2023, 1, 4)


def test_a_number_line_in_capitals_is_read():
    assert document_info(paragraphs("SỞ Y TẾ", "SỐ: 41/BC-SYT")).number == "41/BC-SYT"
