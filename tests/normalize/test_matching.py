from pipeline.models import IndicatorRow
from pipeline.normalize.matching import match_rows, name_similarity
from tests.conftest import by_printed_code


def row(code: str | None, name: str, index: int = 0) -> IndicatorRow:
    return IndicatorRow(code, name, {}, "table", 0, index)


def test_abbreviation_and_spelled_out_name_are_the_same_name():
    assert (
        name_similarity(
            "Tỷ lệ DVCTT phát sinh hồ sơ trực tuyến",
            "Tỷ lệ dịch vụ công trực tuyến phát sinh hồ sơ trực tuyến",
        )
        == 100
    )


def test_old_style_tone_marks_match_new_style():
    assert name_similarity("Tỷ lệ DVCTT được cá thể hoá", "Tỷ lệ DVCTT được cá thể hóa") == 100


def test_a_negation_on_one_side_costs_points():
    assert name_similarity("Chưa có chuyên mục", "Có chuyên mục") < 80


def test_each_canonical_indicator_is_used_once(frameworks):
    rows = [row("1", "Tỷ lệ hồ sơ xử lý trực tuyến", 0), row("2", "Tỷ lệ hồ sơ xử lý trực tuyến", 1)]
    matches = match_rows(rows, frameworks["dti-province-2022"])
    assert [m.indicator_code for m in matches].count("7.12") == 1


def test_seed_002_renumbered_row_matches_the_framework_indicator_of_that_name(seed_results):
    record = by_printed_code(seed_results["002"], "6.12")
    assert (record.indicator_code, record.match_status) == ("7.12", "matched")
    assert [(f.kind, f.value) for f in record.figures if f.field == "result"] == [("percent", 28.58)]


def test_seed_002_every_provincial_indicator_row_is_matched(seed_results):
    records = [r for r in seed_results["002"].records if r.printed_code and r.printed_code[0].isdigit()]
    assert records[0].printed_code == "1.1" and records[-1].printed_code == "8.8.3.4"
    assert all(r.match_status == "matched" for r in records)
    assert len(records) == 118


def test_seed_002_list_of_databases_is_not_read_as_indicators(seed_results):
    assert all(r.table_index == 1 for r in seed_results["002"].records)
    assert any("read as not an indicator table" in w for w in seed_results["002"].warnings)


def test_seed_004_locally_numbered_rows_match_and_carry_their_max_points(seed_results):
    records = [r for r in seed_results["004"].records if r.indicator_code and "." in r.indicator_code]
    got = [(r.printed_parent_code, r.printed_code, r.indicator_code, r.figures[0].value) for r in records]
    assert got == [
        ("I", "1", "2.10", 10),
        ("II", "1", "4.5", 10),
        ("II", "2", "4.6", 10),
        ("III", "1", "7.8", 10),
        ("III", "2", "7.9", 10),
        ("III", "3", "7.10", 10),
        ("III", "4", "7.11", 10),
        ("III", "5", "7.12", 20),
        ("III", "6", "7.14", 5),
        ("III", "7", "7.19", 10),
    ]


def test_seed_004_indicator_under_another_pillar_heading_is_reported(seed_results):
    record = next(r for r in seed_results["004"].records if r.indicator_code == "4.5")
    assert tuple(map(str, record.checks)) == (
        "printed under II HẠ TẦNG SỐ, but 4.5 belongs to pillar 4 (Nhân lực số)",
    )


def test_seed_004_general_information_row_is_not_forced_onto_an_indicator(seed_results):
    record = next(r for r in seed_results["004"].records if r.printed_name == "Số lượng thủ tục hành chính")
    assert (record.indicator_code, record.match_status) == (None, "unmatched")


def test_a_row_under_a_pillar_heading_leans_towards_that_pillars_indicators(frameworks):
    framework = frameworks["daknong-agency-2022"]
    heading = IndicatorRow("V", "AN TOÀN THÔNG TIN MẠNG", {}, "table", 0, 0)
    under = IndicatorRow("1", "Chi cho an toàn thông tin", {}, "table", 0, 1, parent_code="V", parent_row=0)
    alone = IndicatorRow("1", "Chi cho an toàn thông tin", {}, "table", 0, 0)
    with_heading = match_rows([heading, under], framework)
    without = match_rows([alone], framework)
    assert with_heading[0].indicator_code == "5"
    assert with_heading[1].indicator_code == without[0].indicator_code == "5.8.2"
    assert with_heading[1].score == without[0].score + 3.0
