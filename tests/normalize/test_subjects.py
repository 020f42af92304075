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
    subject = canonical_subject("UBND huyện Tân Lập Mới")
    assert (subject.canonical, subject.kind, subject.known) == ("huyện Tân Lập Mới", "district", False)


def test_words_that_name_no_unit_are_no_subject():
    assert canonical_subject("Trung bình") is None
    assert canonical_subject("Đắk Nông, ngày 15 tháng 01 năm 2024") is None


def test_a_sentence_gives_the_unit_it_names_last():
    sentence = "trên địa bàn tỉnh Đắk Nông năm 2023; Chỉ số đánh giá chuyển đổi số (DTI) của Sở Giao thông vận tải đạt"
    assert find_subject(sentence).canonical == "Sở Giao thông vận tải"


def test_former_units_map_to_their_successors_with_whether_that_was_checked():
    assert successor("tỉnh Đắk Nông") == ("tỉnh Lâm Đồng", True)
    assert successor("Sở Thông tin và Truyền thông") == ("Sở Khoa học và Công nghệ", True)
    assert successor("tỉnh Bình Phước") == ("tỉnh Đồng Nai", True)  # the package's conversion table
    assert successor("tỉnh Kiên Giang") == ("tỉnh An Giang", True)
    assert successor("Sở Giao thông vận tải") == ("Sở Xây dựng", False)
    assert successor("huyện Krông Nô") is None  # the district level was abolished


@pytest.mark.parametrize(
    ("printed", "canonical", "province"),
    [
        ("UBND TP. Long Xuyên", "thành phố Long Xuyên", "An Giang"),
        ("TX. Tân Châu", "thị xã Tân Châu", "An Giang"),
        ("UBND huyện Thoại Sơn", "huyện Thoại Sơn", "An Giang"),
        ("TP. Đà Lạt", "thành phố Đà Lạt", "Lâm Đồng"),
        ("H. Di Linh", "huyện Di Linh", "Lâm Đồng"),
        ("UBND thành phố Kon Tum", "thành phố Kon Tum", "Kon Tum"),
        ("H. Tuy Phong", "huyện Tuy Phong", "Bình Thuận"),
    ],
)
def test_districts_of_other_provinces_before_2025_resolve_with_their_province(printed, canonical, province):
    subject = canonical_subject(printed)
    assert (subject.canonical, subject.kind, subject.province, subject.known) == (
        canonical,
        "district",
        province,
        True,
    )


@pytest.mark.parametrize(
    ("printed", "canonical", "province"),
    [
        ("UBND phường Long Xuyên", "phường Long Xuyên", "An Giang"),
        ("UBND xã Tân Hội", "xã Tân Hội", "Lâm Đồng"),
        ("Phường Lâm Viên - Đà Lạt", "phường Lâm Viên - Đà Lạt", "Lâm Đồng"),
        ("UBND đặc khu Phú Quốc", "đặc khu Phú Quốc", "An Giang"),
    ],
)
def test_communes_after_2025_resolve_in_the_province_the_document_names(printed, canonical, province):
    subject = canonical_subject(printed, province)
    assert (subject.canonical, subject.kind, subject.province, subject.known) == (
        canonical,
        "commune",
        province,
        True,
    )


def test_provinces_that_ended_in_2025_and_those_after_are_both_known():
    assert canonical_subject("UBND tỉnh Kiên Giang").canonical == "tỉnh Kiên Giang"
    assert canonical_subject("Tỉnh Thừa Thiên Huế").canonical == "thành phố Huế"
    assert canonical_subject("TP. Hồ Chí Minh").canonical == "thành phố Hồ Chí Minh"


def test_a_district_name_shared_by_provinces_has_no_province_until_the_document_gives_one():
    assert canonical_subject("huyện Châu Thành").province is None
    assert canonical_subject("huyện Châu Thành", "An Giang").province == "An Giang"
    assert canonical_subject("H. Chợ Mới").province is None  # An Giang and Bắc Kạn


def test_a_commune_is_never_found_by_likeness():
    """ten thousand communes: a misspelt word must not become one of them."""
    assert canonical_subject("xã Nâm Nunggg") is not None and not canonical_subject("xã Nâm Nunggg").known
