from pipeline.extract import read_document
from pipeline.models import Cell, Document, Paragraph, Table, TableRow
from pipeline.normalize.stitch import carry_merged_cells, stitch_tables
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


def _chunk(page: int, *rows: tuple[str, str]) -> Table:
    header = TableRow(cells=(Cell("STT"), Cell("Chỉ số")), page=page, is_header=True)
    body = tuple(TableRow(cells=(Cell(a), Cell(b)), page=page) for a, b in rows)
    return Table(index=0, rows=(header, *body))


def test_a_page_number_between_two_chunks_does_not_split_the_table():
    blocks = (
        _chunk(1, ("6.4", "Tỷ lệ DVCTT phát sinh hồ sơ trực tuyến")),
        Paragraph(0, "- 2 -", 1),
        _chunk(2, ("6.5", "Tỷ lệ hồ sơ xử lý trực tuyến")),
    )
    document = stitch_tables(Document("ke-hoach.pdf", "0" * 64, "pdf", blocks))
    (table,) = document.tables
    assert [row.texts[0] for row in table.body] == ["6.4", "6.5"]
    assert [p.text for p in document.paragraphs] == ["- 2 -"]


def test_a_real_paragraph_between_two_tables_keeps_them_apart():
    sentence = "Phụ lục II. Danh mục nhiệm vụ chuyển đổi số của các phòng, ban chuyên môn năm 2024"
    blocks = (
        _chunk(1, ("6.4", "Tỷ lệ DVCTT phát sinh hồ sơ trực tuyến")),
        Paragraph(0, sentence, 1),
        _chunk(2, ("1", "Nhận thức số")),
    )
    assert len(stitch_tables(Document("ke-hoach.pdf", "0" * 64, "pdf", blocks)).tables) == 2


def test_an_empty_cell_beside_a_normal_cell_is_not_filled_across_a_break():
    last = TableRow(cells=(Cell("2.2"), Cell("Kế hoạch"), Cell("Văn phòng Sở")), page=1)
    first = TableRow(cells=(Cell("2.3"), Cell("Triển khai"), Cell("", row_span=2)), page=2)
    second = TableRow(cells=(Cell("2.4"), Cell("Tham gia"), Cell("", row_span=0)), page=2)
    assert carry_merged_cells(last, [first, second]) == [first, second]
