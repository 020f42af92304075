from pipeline.extract import read_document
from pipeline.normalize.stitch import stitch_tables
from tests.conftest import SEED_FILES


def test_seed_000_appendix_split_over_pages_is_one_table_with_one_header():
    document = stitch_tables(read_document(SEED_FILES["000"]))
    (appendix,) = document.tables
    assert len(appendix.header) == 1
    codes = [row.texts[0] for row in appendix.body]
    assert len(codes) == len(set(codes)) == 55
    assert codes[:3] == ["1", "1.1", "1.2"]
    assert "6.13" not in codes and codes[-1] == "7.5"


def test_seed_004_row_continued_after_a_page_break_is_joined_to_the_row_above():
    document = stitch_tables(read_document(SEED_FILES["004"]))
    (appendix,) = document.tables
    row = next(
        r
        for r in appendix.body
        if r.texts[1].startswith("Tỷ lệ công chức, viên chức chuyên trách, kiêm nhiệm về chuyển đổi số")
    )
    assert row.texts[3].endswith(
        "- Tính điểm theo phương pháp Min-Max dựa vào tỷ lệ cao nhất thì điểm tối đa và giảm dần"
    )
    assert all(r.texts[0] or r.texts[1] for r in appendix.body)
