from pipeline.models import Cell, Table, TableRow
from pipeline.normalize.rows import is_indicator_table, table_to_rows


def table(*rows: tuple[str, ...]) -> Table:
    header = TableRow(
        tuple(Cell(t) for t in ("STT", "Chỉ số/Chỉ số thành phần", "Kết quả năm 2023")), is_header=True
    )
    return Table(0, (header, *(TableRow(tuple(Cell(t) for t in row)) for row in rows)))


def test_a_table_with_a_header_and_an_indicator_column_is_an_indicator_table():
    assert is_indicator_table(table(("1", "Nhận thức số", "")))


def test_a_table_without_a_header_row_is_not_an_indicator_table():
    assert not is_indicator_table(Table(0, (TableRow((Cell("Nơi nhận:"), Cell("- Như trên; - Lưu: VT."))),)))


def test_rows_under_a_roman_heading_carry_that_heading_row():
    rows = table_to_rows(
        table(
            ("I", "NHẬN THỨC SỐ", ""),
            ("1", "Chuyên mục CĐS", "Đạt"),
            ("II", "HẠ TẦNG SỐ", ""),
            ("1", "Máy tính", "52/57"),
        )
    )
    assert [(r.printed_code, r.parent_code, r.parent_row) for r in rows] == [
        ("I", None, None),
        ("1", "I", 0),
        ("II", None, None),
        ("1", "II", 2),
    ]


def test_the_cells_go_to_fields_by_column_role():
    (row,) = table_to_rows(
        table(("5.2", "Tỷ lệ máy tính được cài phần mềm phòng chống mã độc", "52/57 máy tính"))
    )
    assert row.fields == {"result": "52/57 máy tính"}


def test_spaces_a_pdf_put_inside_a_code_are_removed():
    (row,) = table_to_rows(table(("6.1 0", "Tỷ lệ hồ sơ xử lý trực tuyến", "")))
    assert row.printed_code == "6.10"


def test_an_empty_row_is_not_an_indicator():
    assert table_to_rows(table(("", "", "ghi chú lạc"))) == []
