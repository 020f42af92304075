import csv
import io
import json

from pipeline.load.export import write_csv, write_jsonl, write_rows, write_table


def test_jsonl_gives_one_parsable_record_a_line_with_vietnamese_as_written(seed_results):
    out = io.StringIO()
    write_jsonl(seed_results["004"].records, out)
    lines = out.getvalue().splitlines()
    assert len(lines) == len(seed_results["004"].records)
    assert "HẠ TẦNG SỐ" in out.getvalue()  # not \\u escapes
    assert json.loads(lines[0])["document_sha256"] == seed_results["004"].document_sha256


def test_csv_keeps_fields_and_figures_as_json_in_their_cells(seed_results):
    out = io.StringIO()
    write_csv(seed_results["000"].records, out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    index, record = next((i, r) for i, r in enumerate(seed_results["000"].records) if r.figures)
    assert json.loads(rows[index]["figures"]) == [f.to_dict() for f in record.figures]
    assert json.loads(rows[index]["fields"]) == dict(record.fields)


def test_the_table_cuts_long_names_with_an_ellipsis(seed_results):
    out = io.StringIO()
    write_table(seed_results["000"].records, out, width=20)
    header, *body = out.getvalue().splitlines()
    assert header.split() == ["code", "printed", "match", "status", "name", "figures"]
    assert any("…" in line for line in body)


def test_warehouse_rows_are_written_header_first():
    out = io.StringIO()
    write_rows(["agency", "value"], [("Sở Y tế", 90.48)], out)
    assert out.getvalue().splitlines() == ["agency,value", "Sở Y tế,90.48"]


def test_a_csv_cell_that_starts_like_a_formula_is_written_as_text():
    out = io.StringIO()
    write_rows(["printed_name", "points"], [['=HYPERLINK("http://x.vn","Bấm")', 12.5], ["-5 điểm", -5.0],
                                           ["@SUM(A1)", None], ["Tỷ lệ hồ sơ", 1.0]], out)  # fmt: skip
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows[1] == ['\'=HYPERLINK("http://x.vn","Bấm")', "12.5"]
    assert rows[2] == ["'-5 điểm", "-5.0"]
    assert rows[3][0] == "'@SUM(A1)"
    assert rows[4][0] == "Tỷ lệ hồ sơ"


def test_an_xlsx_cell_that_starts_like_a_formula_stays_those_characters(tmp_path):
    from openpyxl import load_workbook

    from pipeline.report.workbook import write_table_xlsx

    path = tmp_path / "so-lieu.xlsx"
    write_table_xlsx(["printed_name", "points"], [['=HYPERLINK("http://x.vn","Bấm")', 12.5], ["+84 905", 3.0]],
                     path, "figures")  # fmt: skip
    sheet = load_workbook(path).active
    assert sheet["A2"].value == '=HYPERLINK("http://x.vn","Bấm")'
    assert sheet["A2"].data_type == "s"  # text, not a formula Excel would run
    assert sheet["A3"].data_type == "s"
    assert sheet["B2"].value == 12.5
