"""An indicator's points from its figure, by the rule in its framework file."""

from __future__ import annotations

import pytest

from pipeline.models import FrameworkEntry
from pipeline.normalize.figures import find_figures
from pipeline.normalize.status import status_of
from pipeline.scores.rules import indicator_points


def entry(rule: str, **parameters: object) -> FrameworkEntry:
    return FrameworkEntry("7.9", "Tỷ lệ DVCTT được điền sẵn thông tin", "indicator", "7",
                          scoring={"rule": rule, **parameters})  # fmt: skip


def points(rule_entry: FrameworkEntry, result: str, max_points: float | None = 10.0) -> float | None:
    return indicator_points(rule_entry, find_figures(result, "result"), None, max_points).value


def test_a_ratio_gives_its_share_of_the_maximum():
    assert points(entry("ratio"), "52/57 máy tính") == 9.12  # 52/57 × 10 = 9,1228


def test_a_ratio_reads_a_percentage_as_its_share():
    assert points(entry("ratio"), "Đạt 86,82%", 20.0) == 17.36


def test_a_threshold_reached_gives_the_maximum():
    assert points(entry("threshold", threshold_percent=10.0), "45/71 doanh nghiệp") == 10.0


def test_below_a_proportional_threshold_the_share_counts_against_the_threshold():
    # 59,04% of an 80% threshold, 5 points: 59,04 / 80 × 5 = 3,69
    assert points(entry("threshold", threshold_percent=80.0), "59,04%", 5.0) == 3.69


def test_below_a_zero_threshold_nothing_is_earned():
    assert points(entry("threshold", threshold_percent=100.0, below="zero"), "1.910/6.234 dịch vụ") == 0.0


@pytest.mark.parametrize(("status", "expected"), [("Đạt", 10.0), ("Chưa đạt", 0.0)])
def test_binary_gives_the_maximum_or_nothing_from_a_status(status: str, expected: float):
    result = indicator_points(entry("binary"), (), status_of(status), 10.0)
    assert result.value == expected


def test_binary_without_a_status_computes_nothing():
    result = indicator_points(entry("binary"), find_figures("Đạt 11/37 máy tính", "result"), None, 10.0)
    assert (result.value, result.why_not) == (None, "no achieved/not achieved status")


@pytest.mark.parametrize("rule", ["minmax", "tiered", "unknown"])
def test_rules_that_need_more_than_one_figure_compute_nothing(rule: str):
    result = indicator_points(entry(rule), find_figures("52/57", "result"), None, 10.0)
    assert result.value is None and result.why_not


def test_no_maximum_computes_nothing():
    assert points(entry("ratio"), "52/57", max_points=None) is None


def test_a_share_above_one_hundred_percent_is_not_scored():
    result = indicator_points(entry("ratio"), find_figures("60/57 máy tính", "result"), None, 10.0)
    assert (result.value, result.why_not) == (None, "60/57 is above 100%")


def test_a_target_is_never_read_as_the_result():
    figures = find_figures("Tối thiểu 80% trước ngày 30/11/2024", "target")
    assert indicator_points(entry("ratio"), figures, None, 10.0).value is None
