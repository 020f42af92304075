"""What the report shows, as data: the same facts the page and the workbook draw."""

from __future__ import annotations

from pipeline.report.data import ReportData


def test_seed_000_heatmap_marks_dak_nong_6_13_as_omitted(sample_data: ReportData):
    agency = next(h for h in sample_data.heatmaps if h.framework == "daknong-agency-2022")
    transport = next(row for row in agency.rows if row[0] == "Sở Giao thông vận tải")
    assert agency.state(*transport, "6.13") == "omitted"
    assert agency.state(*transport, "6.12") == "present"


def test_heatmap_columns_are_grouped_by_pillar_in_framework_order(sample_data: ReportData):
    agency = next(h for h in sample_data.heatmaps if h.framework == "daknong-agency-2022")
    assert [code for code, _, _ in agency.pillars] == ["1", "2", "3", "4", "5", "6", "7"]
    assert sum(count for _, _, count in agency.pillars) == len(agency.codes)


def test_pillar_points_are_shown_for_the_year_most_units_were_scored(sample_data: ReportData):
    assert sample_data.score_year == 2023  # the results decision and seed 003, not Đắk Song's 2024
    krong_no = {p["code"]: p["points"] for p in sample_data.pillar_points if p["subject"] == "huyện Krông Nô"}
    assert len(krong_no) == 8


def test_checks_list_the_total_typed_wrong_with_its_file_and_page(sample_data: ReportData):
    typo = [c for c in sample_data.checks if c["kind"] == "điểm không khớp" and c["subject"] == "Sở Tư pháp"]
    assert [c["what"] for c in typo] == ["DTI"]
    # the decision's DOCX and PDF say the same; the PDF has pages (the first annex is on page 1)
    assert typo[0]["page"] == (1 if typo[0]["source_path"].endswith(".pdf") else None)
    assert typo[0]["detail"] == "văn bản ghi 767,45 điểm, tính lại được 757,45 (tổng 7 chỉ số chính)"


def test_omissions_name_every_document_that_leaves_the_indicator_out(sample_data: ReportData):
    lines = [
        o for o in sample_data.omissions if o["subject"] == "Sở Công Thương" and o["indicator_code"] == "6.13"
    ]
    assert [o["documents"] for o in lines] == [
        "agency-soct-2024.docx, agency-soct-2024.pdf, compiled-plans-daknong-2024.pdf"
    ]
