"""A printed code of a scanned table that breaks its column's order, and that no reading
settles, is flagged on its record and kept as read (`pipeline/normalize/code_doubts.py`)."""

from __future__ import annotations

from pipeline.checks import Check
from pipeline.models import IndicatorRecord
from pipeline.normalize.code_doubts import mark_doubtful_codes


def row(code: str, at: int, ocr: float | None = 80.0, checks: tuple[Check, ...] = ()) -> IndicatorRecord:
    return IndicatorRecord(
        document_sha256="0" * 64, source_path="ke-hoach-scan.pdf", framework="daknong-agency-2022",
        indicator_code=None, indicator_name=None, printed_code=code, printed_name="Số lượng hệ thống thông tin",
        match_score=0.0, match_status="unmatched", page=2, pages=(2,), table_index=0, row_index=at,
        origin="table", fields={}, figures=(), status=None, checks=checks, ocr_confidence=ocr,
    )  # fmt: skip


def doubted(records: list[IndicatorRecord]) -> list[str]:
    return [r.printed_code or "" for r in records if any(c.code == "ocr_code_doubtful" for c in r.checks)]


def test_a_code_out_of_order_is_flagged_with_the_codes_around_it() -> None:
    codes = ["4.2", "4.3", "2", "5.1", "5.2", "9.9", "5.4"]
    marked = mark_doubtful_codes([row(c, i) for i, c in enumerate(codes)])
    assert doubted(marked) == ["2", "9.9"]
    [check] = [c for c in marked[5].checks if c.code == "ocr_code_doubtful"]
    assert check.parameters == {"read": "9.9", "before": "5.2", "after": "5.4"}
    assert "check it on the page" in check.text() and "cần xem lại trên trang" in check.text("vi")
    assert marked[5].printed_code == "9.9"  # kept as read


def test_a_code_that_leaps_four_siblings_ahead_is_flagged() -> None:
    marked = mark_doubtful_codes([row(c, i) for i, c in enumerate(["7.3", "7.4", "7.9", "8"])])
    assert doubted(marked) == ["7.9"]


def test_a_pillar_that_jumps_past_the_next_one_is_flagged() -> None:
    marked = mark_doubtful_codes([row(c, i) for i, c in enumerate(["7.3", "7.4", "9"])])
    assert doubted(marked) == ["9"]
    marked = mark_doubtful_codes([row(c, i) for i, c in enumerate(["7", "7.1", "72", "7.3", "8"])])
    assert doubted(marked) == ["72"]


def test_digits_and_stops_that_are_no_code_are_flagged() -> None:
    marked = mark_doubtful_codes([row(c, i) for i, c in enumerate(["6.11", "6.12.", "6.13", "III"])])
    assert doubted(marked) == ["6.12."]


def test_a_born_digital_table_and_a_code_already_replaced_are_left_alone() -> None:
    replaced = (Check.of("ocr_code_replaced", read="9.9", used="5.3"),)
    scanned = [row("5.1", 0), row("5.2", 1), row("9.9", 2, checks=replaced), row("5.4", 3)]
    typed = [row(c, i, ocr=None) for i, c in enumerate(["5.1", "5.2", "9.9", "5.4"])]
    assert doubted(mark_doubtful_codes(scanned)) == []
    assert doubted(mark_doubtful_codes(typed)) == []
