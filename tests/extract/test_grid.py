from pipeline.extract.grid import ABOVE, LEFT, Slot, fill_merged
from pipeline.models import Cell


def own(text: str) -> Slot:
    return Slot(Cell(text))


def test_a_cell_merged_downwards_reaches_every_row_it_spans():
    rows = fill_merged(
        [
            [own("STT"), own("Chỉ số"), own("Đơn vị chủ trì")],
            [own("1.1"), own("Chuyên mục CĐS"), own("Văn phòng Sở")],
            [own("1.2"), own("Tuyên truyền"), ABOVE],
            [own("1.3"), own("Tập huấn"), ABOVE],
        ],
        header_count=1,
    )
    assert [row.texts[2] for row in rows[1:]] == ["Văn phòng Sở"] * 3
    assert [row.cells[2].row_span for row in rows[1:]] == [3, 0, 0]


def test_a_header_cell_merged_sideways_repeats_over_its_columns():
    rows = fill_merged(
        [
            [own("STT"), own("Kết quả năm 2023"), LEFT],
            [ABOVE, own("Mức đạt"), own("Số liệu, nguyên nhân")],
        ],
        header_count=2,
    )
    assert rows[0].texts == ("STT", "Kết quả năm 2023", "Kết quả năm 2023")
    assert rows[1].texts == ("STT", "Mức đạt", "Số liệu, nguyên nhân")
    assert rows[0].cells[1].col_span == 2


def test_a_body_cell_merged_sideways_leaves_the_other_columns_empty():
    (row,) = fill_merged([[own("II"), own("HẠ TẦNG SỐ"), LEFT]], header_count=0)
    assert row.texts == ("II", "HẠ TẦNG SỐ", "")


def test_short_rows_are_padded_and_every_row_keeps_its_page():
    rows = fill_merged([[own("1")], [own("2"), own("Máy tính")]], header_count=0, page=4)
    assert [row.texts for row in rows] == [("1", ""), ("2", "Máy tính")]
    assert {row.page for row in rows} == {4}
