import pytest

from pipeline.normalize.status import status_of


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Đạt điểm tối đa: Sở Giao thông vận tải thành lập Ban Chỉ đạo", "max_score"),
        ("Đạt điểm gần tối đa: 52/57 máy tính", "near_max_score"),
        ("Không đạt: Không cung cấp được tài liệu kiểm chứng", "not_achieved"),
        ("Chưa đạt", "not_achieved"),
        ("Đã đạt 75,5%", "achieved"),
        ("Đạt (Thực hiện qua Cổng DVCQG)", "achieved"),
        ("Chưa có", "none"),
        ("Đã ban hành phiên bản 2.0", "issued"),
        ("Chưa triển khai", "not_deployed"),
    ],
)
def test_status_from_the_first_words_of_a_result(text: str, status: str):
    assert status_of(text) == status


def test_a_result_without_status_wording_has_no_status():
    assert status_of("Cảnh báo từ NCSC của Bộ TTTT") is None


def test_a_word_that_only_begins_like_a_status_is_not_one():
    assert status_of("Đạtx") is None
