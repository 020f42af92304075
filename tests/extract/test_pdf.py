"""The PDF reader on the generated corpus: tables stitched across pages, page numbers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.errors import InputFileError
from pipeline.extract import read_document
from pipeline.normalize.stitch import stitch_tables
from pipeline.process import read
from tests.conftest import GENERATED, gold


def test_a_table_over_sixteen_pages_comes_out_as_one_table_with_every_row_once():
    document = stitch_tables(read_document(GENERATED / "province-plan-2024.pdf"))
    assert document.page_count == 16
    assert len(document.tables) == 1
    table = document.tables[0]
    assert table.pages == tuple(range(1, 17))
    assert len(table.header) == 1
    codes = [row.texts[0] for row in table.body]
    assert codes == [row["printed_code"] for row in gold("province-plan-2024")["rows"]]


def test_every_row_knows_the_page_it_starts_on():
    document = stitch_tables(read_document(GENERATED / "province-plan-2024.pdf"))
    pages = [row.page for row in document.tables[0].body]
    assert pages == [row["page"] for row in gold("province-plan-2024")["rows"]]


def test_a_row_cut_by_a_page_break_is_joined_and_keeps_both_pages():
    table = stitch_tables(read_document(GENERATED / "agency-stttt-2024.pdf")).tables[0]
    row = next(r for r in table.body if r.texts[0] == "2.2")
    assert row.texts[1].endswith("năm kế hoạch và do người đứng đầu ký)")
    assert (row.page, row.more_pages) == (1, (2,))


def test_wrapped_code_in_a_narrow_column_is_read_whole():
    table = stitch_tables(read_document(GENERATED / "province-plan-2024.pdf")).tables[0]
    assert "9.8.1.1" in [row.texts[0] for row in table.body]


def test_merged_header_cell_is_repeated_over_the_columns_it_spans():
    table = stitch_tables(read_document(GENERATED / "agency-sonnptnt-2024.pdf")).tables[0]
    assert table.header[0].texts[3:5] == ("Kết quả năm 2023", "Kết quả năm 2023")
    assert table.header[1].texts[3:5] == ("Mức đạt", "Số liệu, nguyên nhân")


def test_text_around_the_table_becomes_paragraphs_with_pages():
    document = read_document(GENERATED / "agency-stttt-2024.pdf")
    texts = [(p.text, p.page) for p in document.paragraphs]
    assert ("Số: 215/KH-STTTT", 1) in texts
    assert ("Năm 2023, Sở đạt 812,5/1000 điểm, xếp hạng 2/19 sở, ngành.", 1) in texts


def test_born_digital_pages_are_never_sent_to_ocr():
    document = read_document(GENERATED / "province-plan-2024.pdf")
    assert len(document.decisions) == 16
    assert not any(d.method == "OCR" for d in document.decisions)
    assert not any("OCR" in w for w in document.warnings)


def test_a_truncated_pdf_names_the_file(tmp_path: Path):
    path = tmp_path / "bao-cao.pdf"
    path.write_bytes((GENERATED / "agency-stttt-2024.pdf").read_bytes()[:400])
    with pytest.raises(InputFileError, match=r"bao-cao.pdf: not a readable PDF"):
        read_document(path)


def test_a_table_printed_without_rules_is_read_from_its_header_layout():
    document = stitch_tables(read_document(GENERATED / "agency-sotp-2024-unruled.pdf"))
    (table,) = document.tables
    assert table.header[0].texts == (
        "STT",
        "Chỉ số/Chỉ số thành phần",
        "Kết quả thực hiện năm 2023",
        "Mục tiêu năm 2024",
    )
    assert [row.texts[0] for row in table.body] == [
        row["printed_code"] for row in gold("agency-sotp-2024-unruled")["rows"] if row["origin"] == "table"
    ]
    assert [row.page for row in table.body] == [
        row["page"] for row in gold("agency-sotp-2024-unruled")["rows"] if row["origin"] == "table"
    ]


def test_a_merged_unit_cell_cut_by_a_page_break_reaches_its_rows_on_the_next_page():
    table = stitch_tables(read_document(GENERATED / "agency-stttt-2024.pdf")).tables[0]
    units = {row.texts[0]: (row.page, row.texts[4]) for row in table.body}
    assert units["2.2"] == (1, "Phòng Tổ chức cán bộ")
    assert units["2.3"] == units["2.5"] == (2, "Phòng Tổ chức cán bộ")
    assert units["3.1"] == (2, "Thanh tra Sở")


@pytest.mark.parametrize("plan", ["province-plan-2024", "agency-sotc-2023-tcvn3", "district-cujut-2023-vni"])
def test_pages_read_in_two_processes_give_the_document_one_process_gives(plan: str):
    """The 16-page province plan, and plans in TCVN3 and VNI fonts (the encoding one run finds
    holds for the others), read in two runs of pages and in one."""
    from dataclasses import replace

    from pipeline.settings import DEFAULT

    def read(workers: int):
        pdf = replace(DEFAULT.pdf, workers=workers, parallel_pages=2)
        return read_document(GENERATED / f"{plan}.pdf", replace(DEFAULT, pdf=pdf))

    together, apart = read(1), read(2)
    assert apart.blocks == together.blocks
    assert (apart.decisions, apart.lost) == (together.decisions, together.lost)
    assert len(together.blocks) >= 5


def test_a_continued_tables_first_row_on_a_page_with_no_rule_above_it_keeps_its_text():
    # A framework decision whose PDF prints no line above the first row of each continued page
    # (as Word does): the rows read from the PDF are the rows of its DOCX, none lost or emptied.
    from corpora.build.framework_decisions import OUT

    name = next(
        p.name.removesuffix(".gold.json")
        for p in sorted(OUT.glob("*.gold.json"))
        if json.loads(p.read_text(encoding="utf-8"))["pages_without_top_rule"]
    )

    def rows(suffix: str) -> list[tuple[str, str]]:
        document = read(OUT / f"{name}.{suffix}")
        return [(r.texts[0], " ".join(r.texts[1].split())) for t in document.tables for r in t.body]

    assert rows("pdf") == rows("docx")
