from pipeline.models import Cell, Paragraph, Table, TableRow
from pipeline.normalize.periods import column_periods, table_period, year_before, year_in


def test_a_header_names_its_year():
    assert year_in("Kết quả thực hiện năm 2023") == 2023
    assert year_in("Mục tiêu 2025") == 2025


def test_a_span_of_years_or_no_year_names_none():
    assert year_in("Kế hoạch giai đoạn 2021-2025") is None
    assert year_in("Đơn vị chủ trì") is None


def test_a_sentence_gives_its_figure_the_year_before_it():
    text = "So với năm 2022 thì điểm tăng. Chỉ số năm 2023 của UBND huyện Krông Nô đạt 655,26/1000 điểm"
    assert year_before(text, text.index("655,26")) == 2023


def test_an_upper_header_gives_its_year_to_the_columns_below_it():
    header = (
        TableRow(
            (
                Cell("STT"),
                Cell("Chỉ số"),
                Cell("Kết quả năm 2024"),
                Cell("Kết quả năm 2024"),
                Cell("Mục tiêu năm 2025"),
            ),
            is_header=True,
        ),
        TableRow(
            (Cell("STT"), Cell("Chỉ số"), Cell("Mức đạt"), Cell("Số liệu"), Cell("Mục tiêu năm 2025")),
            is_header=True,
        ),
    )
    assert column_periods(Table(0, header)) == (None, None, 2024, 2024, 2025)


def test_a_table_without_a_year_takes_the_year_the_paragraph_before_it_discusses():
    table = Table(
        0, (TableRow((Cell("Xếp hạng"), Cell("Tên địa phương")), is_header=True),), caption="Bảng xếp hạng"
    )
    blocks = (Paragraph(0, "Chỉ số năm 2023 của huyện đạt 655,26 điểm, năm 2022 đạt 630,32 điểm."), table)
    assert table_period(table, blocks) == (2023, "heading")
