import pytest

from pipeline.normalize.subjects import canonical_subject, find_subject, successor


@pytest.mark.parametrize(
    ("printed", "canonical", "kind"),
    [
        ("H. Krông Nô", "huyện Krông Nô", "district"),
        ("UBND huyện K'ông Nô", "huyện Krông Nô", "district"),  # seed 003's typo
        ("UỶ BAN NHÂN DÂN HUYỆN KRÔNG NÔ", "huyện Krông Nô", "district"),
        ("UBND huyện Đắk G'long", "huyện Đắk Glong", "district"),
        ("TP. Gia Nghĩa", "thành phố Gia Nghĩa", "district"),
        ("Sở TT&TT", "Sở Thông tin và Truyền thông", "agency"),
        ("SỞ Y TẾ", "Sở Y tế", "agency"),
        ("Sở Y tế tỉnh Đắk Nông", "Sở Y tế", "agency"),
        ("ỦY BAN NHÂN DÂN TỈNH BÌNH PHƯỚC", "tỉnh Bình Phước", "province"),
    ],
)
def test_printed_unit_names_become_their_full_official_names(printed: str, canonical: str, kind: str):
    subject = canonical_subject(printed)
    assert (subject.name, subject.canonical, subject.kind, subject.known) == (printed, canonical, kind, True)


def test_a_district_knows_its_province():
    assert canonical_subject("H. Krông Nô").province == "Đắk Nông"


def test_a_unit_the_gazetteer_lacks_keeps_a_cleaned_name_and_its_kind():
    subject = canonical_subject("UBND huyện Tuy Phong")
    assert (subject.canonical, subject.kind, subject.known) == ("huyện Tuy Phong", "district", False)


def test_words_that_name_no_unit_are_no_subject():
    assert canonical_subject("Trung bình") is None
    assert canonical_subject("Đắk Nông, ngày 15 tháng 01 năm 2024") is None


def test_a_sentence_gives_the_unit_it_names_last():
    sentence = "trên địa bàn tỉnh Đắk Nông năm 2023; Chỉ số đánh giá chuyển đổi số (DTI) của Sở Giao thông vận tải đạt"
    assert find_subject(sentence).canonical == "Sở Giao thông vận tải"


def test_former_units_map_to_their_successors_with_whether_that_was_checked():
    assert successor("tỉnh Đắk Nông") == ("tỉnh Lâm Đồng", True)
    assert successor("Sở Thông tin và Truyền thông") == ("Sở Khoa học và Công nghệ", True)
    assert successor("tỉnh Bình Phước") == ("tỉnh Đồng Nai", False)
    assert successor("huyện Krông Nô") is None  # the district level was abolished
