"""Results decisions in twenty layouts (`corpora/build/results_layouts.py`): every value at its
unit and year, in DOCX, PDF, Excel, CSV and scans, and the scores feed over them. The odd
variants were held out while the reader was written; both halves are held to the same bar."""

from __future__ import annotations

import json

import pytest

from corpora.build.results_layouts import OUT
from pipeline import api
from pipeline.evaluate_results import gold_values, placement
from pipeline.frameworks import load_frameworks
from pipeline.scores.feed import score_items

VARIANTS = sorted(p.name.removesuffix(".values.json") for p in OUT.glob("*.values.json"))
SCANS = sorted(p.name.removesuffix(".scan.pdf") for p in OUT.glob("*.scan.pdf"))


def layout(name: str) -> dict:
    return json.loads((OUT / f"{name}.values.json").read_text(encoding="utf-8"))


def test_the_layouts_cover_every_dimension_in_both_halves():
    layouts = [layout(n) for n in VARIANTS]
    assert len(layouts) == 20 and sum(g["held_out"] for g in layouts) == 10
    for held_out in (False, True):
        half = [g["layout"] for g in layouts if g["held_out"] == held_out]
        assert {h["value_form"] for h in half} == {"points", "index", "percent"}
        assert len({h["annexes"] for h in half}) >= 4


@pytest.mark.parametrize("suffix", [".docx", ".pdf", ".xlsx", ".csv"])
def test_every_value_of_every_layout_is_at_its_unit_and_year(suffix: str):
    missing = {}
    for name in VARIANTS:
        year = layout(name)["layout"]["year"] if suffix == ".csv" else None  # a CSV names no year
        score = placement(
            api.extract(OUT / f"{name}{suffix}", year=year), gold_values(OUT / f"{name}.values.json", suffix)
        )
        if score.placed < score.total or score.misplaced:
            missing[name] = (score.placed, score.total, score.misplaced, score.missing[:3])
    assert missing == {}


@pytest.mark.slow
@pytest.mark.parametrize("name", SCANS)
def test_a_noisy_200_dpi_scan_places_95_percent_of_its_values_and_misplaces_none_unflagged(name: str):
    result = api.extract(OUT / f"{name}.scan.pdf")
    score = placement(result, gold_values(OUT / f"{name}.values.json", ".scan.pdf"))
    assert score.share >= 0.95, score.missing[:5]
    assert score.misplaced <= 2


def test_the_feed_holds_every_stated_value_and_flags_the_mistyped_total():
    name = next(n for n in VARIANTS if layout(n)["layout"]["value_form"] == "points")
    result = api.extract(OUT / f"{name}.docx")
    items = score_items(result.records, load_frameworks())
    stated = {(i.subject, i.framework, i.code): i.stated_points for i in items if i.stated_points is not None}
    values = [v for v in layout(name)["values"] if v["kind"] == "points"]
    assert {(v["subject"], v["framework"], v["code"]): v["value"] for v in values} == stated
    typo = next(v for v in values if v["typo"])
    flagged = [i for i in items if (i.subject, i.code) == (typo["subject"], "DTI")]
    assert [i.consistent for i in flagged] == [False]
    assert any("stated" in str(c) for c in flagged[0].checks)


def test_each_value_keeps_the_text_as_printed_and_the_header_it_stood_under():
    result = api.extract(OUT / "results-layout-01.docx")
    record = next(r for r in result.records if r.indicator_code == "1" and r.subject)
    figure = record.figures[0]
    assert figure.kind == "index" and figure.text == record.fields["index"]
    assert record.printed_name.startswith("Nhận thức số") and record.table_index is not None


def results_docx(path, header: list[str], rows: list[list[str]]):
    """A results decision as a Word file with a plain first row for its header (no "STT", not
    marked to repeat)."""
    from docx import Document as new_docx

    document = new_docx()
    for line in (
        "UBND TỈNH ĐẮK NÔNG",
        "QUYẾT ĐỊNH",
        "Công bố Chỉ số chuyển đổi số năm 2023 của các sở, ban, ngành",
    ):
        document.add_paragraph(line)
    table = document.add_table(rows=1 + len(rows), cols=len(header))
    for row, texts in zip(table.rows, [header, *rows], strict=True):
        for cell, text in zip(row.cells, texts, strict=True):
            cell.text = text
    document.save(path)
    return path


def test_a_header_known_by_its_unit_and_total_columns_and_points_out_of_the_maximum(tmp_path):
    path = results_docx(
        tmp_path / "ket-qua-2023.docx",
        ["Cơ quan, đơn vị được đánh giá", "Thể chế số (100)", "Tổng điểm (tối đa 1000)", "Xếp hạng"],
        [["Công an tỉnh", "80,5", "685,21/1000", "2"], ["Đài PT-TH tỉnh", "90", "701/1000", "1"]],
    )
    result = api.extract(path)
    got = {
        (r.subject.canonical, r.indicator_code, r.period): [(f.kind, f.value, f.denominator) for f in r.figures
                                                            if f.field != "max_points"]
        for r in result.records
    }  # fmt: skip
    assert got[("Công an tỉnh", "DTI", 2023)] == [("points", 685.21, 1000.0), ("rank", 2.0, 2.0)]
    assert got[("Đài Phát thanh và Truyền hình tỉnh", "2", 2023)] == [("points", 90.0, None)]


def test_the_feed_holds_an_index_as_printed_and_never_as_points():
    name = next(n for n in VARIANTS if layout(n)["layout"]["value_form"] == "index")
    items = score_items(api.extract(OUT / f"{name}.docx").records, load_frameworks())
    values = {(v["subject"], v["code"]): v["value"] for v in layout(name)["values"] if v["kind"] == "index"}
    held = {(i.subject, i.code): i.figure_text for i in items if (i.subject, i.code) in values}
    assert len(held) == len(values)
    assert all(float(text.replace(",", ".")) == values[key] for key, text in held.items())
    assert all(i.stated_points is None for i in items if (i.subject, i.code) in values)
