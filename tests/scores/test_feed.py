"""The scores feed: stated against computed points per unit, year and item."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from pipeline.models import DocumentResult, Framework, IndicatorRecord, ScoreItem, Subject
from pipeline.normalize.figures import find_figures
from pipeline.scores.feed import score_items
from tests.conftest import REPO


def feed(result: DocumentResult, frameworks: dict[str, Framework]) -> dict[tuple[str, int, str], ScoreItem]:
    return {(i.subject, i.period, i.code): i for i in score_items(result.records, frameworks)}


def test_seed_000_pillars_stated_in_prose_add_up_to_the_stated_total(seed_results, frameworks):
    total = feed(seed_results["000"], frameworks)[("Sở Giao thông vận tải", 2023, "DTI")]
    assert (total.stated_points, total.computed_points, total.consistent) == (633.56, 633.56, True)
    assert (total.rank, total.rank_of) == (19, 19)  # "xếp hạng 19/19"


def test_seed_003_krong_no_total_agrees_with_its_pillars(seed_results, frameworks):
    total = feed(seed_results["003"], frameworks)[("huyện Krông Nô", 2023, "DTI")]
    assert (total.stated_points, total.computed_points, total.consistent) == (655.26, 655.26, True)
    assert (total.rank, total.rank_of) == (3, 8)


def test_seed_003_tuy_duc_total_does_not_add_up_and_both_values_are_kept(seed_results, frameworks):
    """The real ranking prints 387,96 for Tuy Đức; its eight pillars add up to 387,87."""
    total = feed(seed_results["003"], frameworks)[("huyện Tuy Đức", 2023, "DTI")]
    assert (total.stated_points, total.computed_points, total.consistent) == (387.96, 387.87, False)
    assert "stated 387,96 points, computed 387,87 (the sum of 8 pillars)" in map(str, total.checks)


def test_seed_003_rank_that_contradicts_the_totals_is_a_check_on_both_rows(seed_results, frameworks):
    items = feed(seed_results["003"], frameworks)
    message = "ranking order contradicts totals: rank 4 has 575,92, below rank 5 with 594,79"
    assert message in map(str, items[("huyện Đắk Glong", 2023, "DTI")].checks)
    assert message in map(str, items[("huyện Đắk R'lấp", 2023, "DTI")].checks)
    assert items[("huyện Đắk Glong", 2023, "DTI")].consistent is True  # its own arithmetic is right


def test_a_total_typed_ten_points_high_is_the_only_inconsistent_item(generated_results, frameworks):
    items = feed(generated_results["results-daknong-2023.docx"], frameworks)
    typo = items[("Sở Tư pháp", 2023, "DTI")]
    assert (typo.stated_points, typo.computed_points, typo.consistent) == (767.45, 757.45, False)
    others = [item for key, item in items.items() if key != ("Sở Tư pháp", 2023, "DTI")]
    assert [i for i in others if i.consistent is False] == []
    assert sum(1 for i in others if i.level == "total" and i.consistent) == 11


def test_last_years_pillar_points_in_a_plans_preamble_belong_to_last_year(generated_results, frameworks):
    """The 2024 plan of Sở Tư pháp opens with "Năm 2023, Sở Tư pháp được đánh giá: Nhận thức số
    đạt 78,5/100 điểm; ..."."""
    items = feed(generated_results["agency-sotp-2024-unruled.docx"], frameworks)
    stated = {key: i.stated_points for key, i in items.items() if i.level == "pillar" and i.stated_points}
    assert stated == {("Sở Tư pháp", 2023, "1"): 78.5, ("Sở Tư pháp", 2023, "2"): 64.0,
                      ("Sở Tư pháp", 2023, "3"): 81.25}  # fmt: skip
    assert not any(period == 2024 for _, period, _ in items)


@pytest.mark.parametrize(
    ("code", "figure", "expected"),
    [
        ("5.3", "39/88", 6.65),  # ratio, 15 points in the plan's "Điểm tối đa": 39/88 × 15 = 6,648
        ("4.8", "86,82%", 17.36),  # ratio, 20 points: 0,8682 × 20
        ("4.12", "59,04%", 3.69),  # threshold 80%, 5 points, proportional below: 59,04/80 × 5
        ("7.8", "1.910/6.234", 0.0),  # threshold 100%, nothing below
        ("8.4", "45/71", 10.0),  # threshold 10%: 63% reaches it
    ],
)
def test_province_plan_indicator_points_by_rule(generated_results, frameworks, code, figure, expected):
    item = feed(generated_results["province-plan-2024.docx"], frameworks)[("tỉnh Đắk Nông", 2023, code)]
    assert (item.figure_text, item.computed_points) == (figure, expected)


def test_an_indicator_whose_rule_is_unknown_keeps_its_raw_figure_and_computes_nothing(
    generated_results, frameworks
):
    item = feed(generated_results["province-plan-2024.docx"], frameworks)[("tỉnh Đắk Nông", 2023, "4.5")]
    assert (item.rule, item.computed_points, item.consistent) == ("minmax", None, None)


def test_a_pillar_is_the_sum_of_its_indicators_when_every_one_is_known(frameworks):
    """Pillar 1 of the agency framework has five indicators (1.1-1.5): 5 × 8 = 40 points."""
    framework = frameworks["daknong-agency-2022"]
    indicators = [e for e in framework.indicators if e.parent == "1"]
    records = [_record(e.code, "Đạt 8/10 điểm") for e in indicators]
    records.append(_record("1", "Nhận thức số đạt 40/100 điểm"))
    pillar = {i.code: i for i in score_items(records, frameworks)}["1"]
    assert (pillar.stated_points, pillar.computed_points, pillar.consistent) == (40.0, 40.0, True)


def test_a_pillar_with_one_indicator_unknown_is_not_computed(frameworks):
    framework = frameworks["daknong-agency-2022"]
    indicators = [e for e in framework.indicators if e.parent == "1"][1:]
    records = [_record(e.code, "Đạt 8/10 điểm") for e in indicators]
    assert "1" not in {i.code for i in score_items(records, frameworks)}


def test_feed_items_follow_the_published_schema(seed_results, frameworks):
    schema = json.loads((REPO / "schemas" / "score_item.schema.json").read_text(encoding="utf-8"))
    items = score_items(seed_results["003"].records, frameworks)
    for item in items:
        jsonschema.validate(item.to_dict(), schema)
    assert len(items) > 80


def _record(code: str, result: str) -> IndicatorRecord:
    return IndicatorRecord(
        document_sha256="0" * 64, source_path=str(Path("ke-hoach-so-y-te.docx")), framework="daknong-agency-2022",
        indicator_code=code, indicator_name=None, printed_code=code, printed_name=result, match_score=100.0,
        match_status="matched", page=1, pages=(1,), table_index=0, row_index=0, origin="table",
        fields={"result": result}, figures=tuple(find_figures(result, "result")), status=None,
        subject=Subject("Sở Y tế", "Sở Y tế", "agency", "Đắk Nông", True), period=2023,
    )  # fmt: skip
