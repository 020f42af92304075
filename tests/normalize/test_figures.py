import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.normalize.figures import find_figures, parse_number, percent_disagreements


def kinds(text: str) -> list[tuple]:
    return [(f.kind, f.value, f.numerator, f.denominator, f.unit) for f in find_figures(text)]


def test_fraction_with_a_count_noun_is_a_ratio_with_its_unit():
    assert kinds("52/57 máy tính được cài phần mềm") == [("ratio", 0.9123, 52, 57, "máy tính")]


def test_fraction_and_percent_in_one_sentence_both_come_out():
    assert kinds("Đơn vị có 2424/2679 hồ sơ giải quyết trực tuyến (đạt 90,48%)") == [
        ("ratio", 0.9048, 2424, 2679, "hồ sơ"),
        ("percent", 90.48, None, None, "%"),
    ]


def test_dot_thousands_separator_in_a_fraction():
    assert kinds("1.845/2.010 hồ sơ") == [("ratio", 0.9179, 1845, 2010, "hồ sơ")]


@pytest.mark.parametrize(("text", "value"), [("90,48%", 90.48), ("95.08%", 95.08), ("Đã đạt 07%", 7.0)])
def test_percent_with_comma_or_dot_decimal(text: str, value: float):
    assert kinds(text) == [("percent", value, None, None, "%")]


def test_points_out_of_a_maximum():
    assert kinds("633,56/1000 điểm") == [("points", 633.56, None, 1000, "điểm")]
    assert kinds("0,4/10 điểm đạt tỷ lệ 4,0%")[0] == ("points", 0.4, None, 10, "điểm")


def test_money_in_dong_and_in_ty_dong():
    assert kinds("300.000.000 đồng") == [("money", 300000000, None, None, "VND")]
    assert kinds("1,85 tỷ đồng") == [("money", 1850000000, None, None, "VND")]


def test_range_keeps_both_ends():
    (figure,) = find_figures("60-70 sinh viên")
    assert (figure.kind, figure.low, figure.high, figure.unit) == ("range", 60, 70, "sinh viên")


def test_rank_after_dung_thu_is_a_rank_not_a_ratio():
    assert kinds("đứng thứ 19/19 các sở, ngành") == [("rank", 19, None, 19, None)]
    assert kinds("xếp hạng 3/8 huyện") == [("rank", 3, None, 8, None)]


def test_a_cell_holding_only_a_number_is_a_count():
    assert kinds("04") == [("count", 4, None, None, None)]


def test_percent_then_fraction_in_brackets():
    assert kinds("100% (31/31)") == [("percent", 100, None, None, "%"), ("ratio", 1.0, 31, 31, None)]


@pytest.mark.parametrize(
    "text",
    [
        "Quyết định số 1552/QĐ-UBND ngày 19/9/2022",
        "được ban hành trước ngày 31/1 của năm kế hoạch",
        "Thông tư số 03/2017/TT-BTTTT ngày 24/4/2017",
        "Đã ban hành phiên bản 2.0",
        "Từ tháng 10/2022, thiết lập trang Zalo",
        "Tổng số DVCTT 3, 4 mức độ 4",
        "Năm 2024- 2025, tiếp tục rà soát",
    ],
)
def test_dates_document_numbers_versions_levels_and_years_are_never_figures(text: str):
    assert find_figures(text) == []


def test_count_keeps_the_document_number_out():
    assert kinds(
        "Sở có 02 hệ thống thông tin được phê duyệt tại Quyết định số 33/QĐ-STTTT ngày 14/3/2022"
    ) == [("count", 2, None, None, "hệ thống thông tin")]


def test_figure_keeps_the_text_as_written():
    (figure,) = find_figures("đạt 90,48%")
    assert figure.text == "90,48%"


def test_percent_that_disagrees_with_its_fraction_is_reported():
    figures = find_figures("Đơn vị có 18/60 công chức, chiếm tỉ lệ 35%")
    assert list(map(str, percent_disagreements(figures))) == ["percent 35% disagrees with 18/60 (= 30.00%)"]


def test_percent_that_agrees_with_its_fraction_passes():
    assert percent_disagreements(find_figures("cử 2/68 công chức, đạt tỉ lệ 2,94%")) == []


def vietnamese(value: int, decimals: int) -> str:
    """Format like an official document: dots between thousands, a comma before decimals."""
    whole, fraction = divmod(value, 10**decimals) if decimals else (value, 0)
    text = f"{whole:,}".replace(",", ".")
    return f"{text},{fraction:0{decimals}d}" if decimals else text


@given(st.integers(min_value=0, max_value=10**12), st.integers(min_value=0, max_value=3))
def test_numbers_written_the_vietnamese_way_parse_back(value: int, decimals: int):
    assert parse_number(vietnamese(value, decimals)) == pytest.approx(value / 10**decimals)


@given(st.integers(min_value=0, max_value=100_000), st.integers(min_value=0, max_value=2))
def test_percents_written_the_vietnamese_way_parse_back(value: int, decimals: int):
    (figure,) = find_figures(f"đạt {vietnamese(value, decimals)}%")
    assert figure.kind == "percent"
    assert figure.value == pytest.approx(value / 10**decimals)


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("02 trang Fanpage", "trang Fanpage"),
        ("Đã có 03 kênh Zalo OA của Sở", "kênh Zalo OA"),
        ("1 Fanpage", "Fanpage"),
    ],
)
def test_a_count_of_a_noun_the_lexicon_lacks_keeps_that_noun(text: str, unit: str):
    [figure] = find_figures(text, "result")
    assert (figure.kind, figure.unit, figure.text) == ("count", unit, f"{figure.text.split()[0]} {unit}")


@pytest.mark.parametrize(
    "text",
    ["Nghị định 13 của Chính phủ", "Số 3 đường Lê Duẩn", "IOC (tháng 11 dừng thử nghiệm)", "Trong 3 năm"],
)
def test_a_number_that_names_or_dates_something_is_no_count(text: str):
    assert find_figures(text, "result") == []


@pytest.mark.parametrize("text", [".2/5 hệ thống", "-2/5 hệ thống", "• 2/5 hệ thống"])
def test_an_ocr_speck_before_a_fraction_is_ignored(text: str):
    [figure] = find_figures(text, "result")
    assert (figure.kind, figure.numerator, figure.denominator, figure.unit) == ("ratio", 2.0, 5.0, "hệ thống")


def test_an_ocr_speck_before_an_amount_is_ignored():
    [figure] = find_figures("·120.000.000đ", "result")
    assert (figure.kind, figure.value, figure.text) == ("money", 120_000_000.0, "120.000.000đ")


def test_a_signed_percent_is_never_read_without_its_sign():
    assert find_figures("giảm -5% so với năm trước", "result") == []


def test_a_unit_wrapped_over_two_lines_of_a_cell_is_found():
    [figure] = find_figures("Tập huấn 60-70 học\nviên", "result")
    assert (figure.kind, figure.low, figure.high, figure.unit) == ("range", 60.0, 70.0, "học viên")
