"""The framework importer's small steps, on the Vietnamese strings decisions print."""

from __future__ import annotations

from pipeline.models import LearnedEntry, Paragraph
from pipeline.normalize.framework_tables import (
    _RawRow,
    gap_doubts,
    infer_codes,
    level_named,
    not_applicable_notes,
    sum_doubts,
)
from pipeline.normalize.methods import scoring_rule
from pipeline.numbering import parse_code


def entry(code: str, level: str, parent: str | None, maximum: float | None, name: str = "") -> LearnedEntry:
    return LearnedEntry(code, name or code, level, parent, maximum, code, "", "", 3)  # type: ignore[arg-type]


def row(code: str, name: str, maximum: float | None = 10) -> _RawRow:
    return _RawRow(code, parse_code(code), name, "" if maximum is None else str(maximum), maximum, "", 4)


def test_an_appendix_heading_names_its_level_the_most_specific_first():
    assert level_named("BẢNG CHI TIẾT BỘ CHỈ SỐ ĐÁNH GIÁ CHUYỂN ĐỔI SỐ CẤP SỞ, BAN, NGÀNH") == "agency"
    assert level_named("Phụ lục II: Bộ chỉ số đánh giá cấp huyện") == "district"
    assert level_named("ĐỐI VỚI ỦY BAN NHÂN DÂN CÁC XÃ, PHƯỜNG, ĐẶC KHU") == "commune"
    assert level_named("các cơ quan nhà nước cấp tỉnh") == "agency"
    assert level_named("Điều 1. Ban hành kèm theo Quyết định này") is None


def test_printed_methods_become_the_projects_scoring_rules():
    assert scoring_rule("- Đã ban hành: Điểm tối đa;\n- Chưa ban hành: 0 điểm.") == {"rule": "binary"}
    assert scoring_rule("Tỷ lệ = a/b; Điểm = Tỷ lệ x Điểm tối đa.") == {"rule": "ratio"}
    assert scoring_rule("- Tỷ lệ từ 80% trở lên: Điểm tối đa;\n- Dưới 80%: Tỷ lệ/80% x Điểm tối đa.") == {
        "rule": "threshold", "threshold_percent": 80.0, "below": "proportional"}  # fmt: skip
    assert scoring_rule("- Từ 20 tin, bài trở lên: điểm tối đa;\n- Từ 10 đến 19: 1/2 Điểm tối đa;\n- Dưới 10: 0 điểm.") == {
        "rule": "tiered"}  # fmt: skip
    assert scoring_rule("Đơn vị có tỷ lệ cao nhất đạt điểm tối đa, các đơn vị khác tính theo tỷ lệ.") == {"rule": "minmax"}
    assert scoring_rule("Theo đánh giá của Hội đồng")["rule"] == "unknown"


def test_sub_indicators_that_do_not_add_up_to_their_pillar_are_a_doubt():
    entries = [entry("2", "pillar", None, 100, "Thể chế số"), entry("2.1", "indicator", "2", 60),
               entry("2.2", "indicator", "2", 35)]  # fmt: skip
    assert sum_doubts(entries) == ["pillar 2 (Thể chế số): its sub-indicators add up to 95, it prints 100"]


def test_a_gap_in_the_codes_is_named():
    entries = [entry("6", "pillar", None, 300), entry("6.12", "indicator", "6", 10), entry("6.14", "indicator", "6", 10)]
    assert gap_doubts(entries) == ["code 6.13 is missing between 6.12 and 6.14"]


def test_a_note_that_sub_indicators_do_not_apply_becomes_data():
    note = Paragraph(0, "Ghi chú: Chỉ số thành phần 6.6, 6.7 không áp dụng đối với Sở Ngoại vụ.")
    assert not_applicable_notes([note]) == {"6.6": ("Sở Ngoại vụ",), "6.7": ("Sở Ngoại vụ",)}


def test_a_scans_unreadable_codes_are_taken_from_their_place_only_where_the_next_code_agrees():
    doubts: list[str] = []
    rows = [row("1", "NHẬN THỨC SỐ", 100), row("1.1", "Kiện toàn Ban chỉ đạo"), row("lo", "Chỉ đạo thực hiện chuyên đề"),
            row("Kkài", "Có sơ đồ mạng LAN"), row("1.4", "Tuyên truyền trên Trang mạng xã hội")]  # fmt: skip
    assert [r.printed_code for r in infer_codes(rows, doubts)] == ["1", "1.1", "1.2", "1.3", "1.4"]
    assert doubts == ["page 4: code 1.2 taken from its place (printed: 'lo')",
                      "page 4: code 1.3 taken from its place (printed: 'Kkài')"]  # fmt: skip


def test_a_run_the_next_code_contradicts_is_left_unread():
    doubts: list[str] = []
    rows = [row("2", "THỂ CHẾ SỐ", 100), row("2.1", "Ban hành kế hoạch"), row("2:2", "Triển khai kiến trúc"),
            row("2.5", "Kiểm tra, đôn đốc")]  # fmt: skip
    assert [r.printed_code for r in infer_codes(rows, doubts)] == ["2", "2.1", "2:2", "2.5"] and doubts == []


def test_a_table_that_starts_at_a_later_pillar_keeps_its_codes():
    doubts: list[str] = []
    rows = [row("7", "XÂY DỰNG VÀ PHÁT TRIỂN CHÍNH QUYỀN SỐ", 18.5), row("7.1", "Cung cấp dịch vụ công trực tuyến")]
    assert [r.printed_code for r in infer_codes(rows, doubts)] == ["7", "7.1"] and doubts == []
