"""Seed 000 end to end: the Đắk Nông transport department's 2024 improvement plan."""

import pytest

from tests.conftest import by_printed_code


def test_detected_as_the_daknong_agency_framework(seed_results):
    assert seed_results["000"].framework == "daknong-agency-2022"


def test_every_indicator_row_of_the_appendix_is_matched_under_its_own_code(seed_results):
    table = [r for r in seed_results["000"].records if r.origin == "table"]
    assert len(table) == 55
    assert all(r.match_status == "matched" and r.indicator_code == r.printed_code for r in table)
    assert "6.14" in [r.printed_code for r in table]


@pytest.mark.parametrize(
    ("code", "figures"),
    [
        ("5.4", [("ratio", 52, 57), ("percent", 91.2, None)]),
        ("6.5", [("ratio", 2424, 2679), ("percent", 90.48, None)]),
        ("6.12", [("percent", 95.08, None)]),
        ("7.2", [("ratio", 18, 60), ("percent", 30, None)]),
        ("4.4", [("ratio", 2, 68), ("percent", 2.94, None)]),
    ],
)
def test_result_figures_are_parsed(seed_results, code, figures):
    record = by_printed_code(seed_results["000"], code)
    got = [
        (f.kind, f.numerator if f.kind == "ratio" else f.value, f.denominator if f.kind == "ratio" else None)
        for f in record.figures
        if f.field == "result"
    ]
    assert got == figures


def test_status_comes_from_the_result_wording(seed_results):
    assert by_printed_code(seed_results["000"], "5.4").status == "near_max_score"
    assert by_printed_code(seed_results["000"], "6.14").status == "not_achieved"


def test_html_in_a_name_cell_is_not_in_the_printed_name(seed_results):
    assert (
        by_printed_code(seed_results["000"], "1.2.1").printed_name
        == "Tham gia đầy đủ các cuộc họp về CDS của tỉnh tổ chức"
    )
