"""A scanned numbering column put in order, only where Tesseract's alternatives allow."""

from __future__ import annotations

from pipeline.models import Cell, Document, Table, TableRow
from pipeline.normalize.code_sequence import expected, in_order, repair_code_sequences, supported


def table(*codes: tuple[str, tuple[str, ...]]) -> Table:
    header = TableRow((Cell("STT"), Cell("Chỉ số/Chỉ số thành phần")), page=1, is_header=True)
    body = tuple(
        TableRow((Cell(code, choices=choices), Cell("Số lượng hệ thống thông tin đã được phê duyệt")), page=1)
        for code, choices in codes
    )
    return Table(index=0, rows=(header, *body))


def codes_after_repair(t: Table) -> list[str]:
    document = Document("ke-hoach.scan.pdf", "0" * 64, "pdf", (t,))
    repaired = repair_code_sequences(document).tables[0]
    return [row.cells[0].text for row in repaired.body]


def test_a_five_read_as_nine_between_its_siblings_is_put_back_when_tesseract_listed_five():
    t = table(("5.1", ("5|.|1",)), ("9.2", ("9532|.|2",)), ("5.3", ("5|.|3",)))
    assert codes_after_repair(t) == ["5.1", "5.2", "5.3"]


def test_the_repair_says_what_was_read_and_why():
    t = table(("5.1", ("5|.|1",)), ("9.2", ("9532|.|2",)), ("5.3", ("5|.|3",)))
    document = Document("ke-hoach.scan.pdf", "0" * 64, "pdf", (t,))
    cell = repair_code_sequences(document).tables[0].body[1].cells[0]
    assert tuple(map(str, cell.repairs)) == (
        "OCR read code '9.2', the column's order and Tesseract's alternatives give '5.2'",
    )


def test_a_code_no_reading_supports_is_never_invented():
    t = table(("5.1", ("5|.|1",)), ("9.2", ("93|.|2",)), ("5.3", ("5|.|3",)))
    assert codes_after_repair(t) == ["5.1", "9.2", "5.3"]


def test_a_code_that_leaps_over_four_siblings_is_put_back():
    t = table(("2.4", ("2|.|4",)), ("2.9", ("2|.|95",)), ("3", ("3",)))
    assert codes_after_repair(t) == ["2.4", "2.5", "3"]


def test_a_plan_that_leaves_one_indicator_out_keeps_its_gap():
    t = table(("4.6", ("4|.|6",)), ("4.8", ("4|.|87",)), ("5", ("5",)))
    assert codes_after_repair(t) == ["4.6", "4.8", "5"]


def test_a_heading_read_as_another_digit_is_the_next_pillar():
    t = table(("4.7", ("4|.|7",)), ("2", ("2953",)), ("5.1", ("5|.|1",)), ("5.2", ("5|.|2",)))
    assert codes_after_repair(t) == ["4.7", "5", "5.1", "5.2"]


def test_born_digital_tables_are_left_as_they_are():
    t = table(("5.1", ()), ("9.2", ()), ("5.3", ()))
    document = Document("ke-hoach.pdf", "0" * 64, "pdf", (t,))
    assert repair_code_sequences(document) is document


def test_the_longest_increasing_run_is_trusted():
    assert in_order(["4.7", "2", "5.1", "9.2", "5.3", "6"]) == {0, 2, 4, 5}


def test_between_two_codes_only_codes_in_order_are_expected():
    assert expected("5.1", "5.3") == ["5.2", "5.1.1"]
    assert expected("5.7.2", "7") == ["5.7.3", "5.7.2.1", "5.8", "6", "5.8.1", "6.1"]


def test_a_lattice_supports_a_code_of_its_length_only():
    assert supported("5.2", ["9532|.|2"]) and not supported("5.2", ["9532|2"])


def test_a_roman_heading_read_as_nothing_is_the_next_roman_when_a_reading_supports_it():
    t = table(("II", ("I|I",)), ("2.1", ("2|.|1",)), ("", ("I|I|I",)), ("3.1", ("3|.|1",)), ("", ("I|I|I",)),
              ("7.1", ("7|.|1",)))  # fmt: skip
    assert codes_after_repair(t) == ["II", "2.1", "III", "3.1", "", "7.1"]  # VII is not supported


def test_a_misread_heading_and_its_first_child_both_follow_the_last_pillar():
    t = table(("4.7", ("4|.|7",)), ("2", ("2",)), ("93.1", ("9|3|.|1", "95|.|1")), ("5.2", ("5|.|2",)))
    assert codes_after_repair(t) == ["4.7", "2", "5.1", "5.2"]
