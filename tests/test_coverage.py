"""The omission report: present, uncertain or omitted for every indicator of the framework."""

from __future__ import annotations

from pipeline.coverage import coverage
from pipeline.models import DocumentResult, Framework
from tests.conftest import GENERATED, gold


def test_seed_000_reports_the_slot_between_6_12_and_6_14_and_nothing_it_prints(
    seed_results: dict[str, DocumentResult], frameworks: dict[str, Framework]
):
    lines = coverage(seed_results["000"], frameworks["daknong-agency-2022"])
    omitted = [line for line in lines if line.state != "present"]
    assert [(line.code, line.state) for line in omitted] == [("6.13", "omitted")]
    assert omitted[0].note == "slot without known wording; never matched"


def test_a_renumbered_plan_omits_exactly_what_it_left_out(
    generated_results: dict[str, DocumentResult], frameworks: dict[str, Framework]
):
    lines = coverage(generated_results["agency-sonnptnt-2024.pdf"], frameworks["daknong-agency-2022"])
    omitted = {line.code for line in lines if line.state == "omitted"}
    assert omitted == {"1.5", "2.4", "5.8.2", "6.9", "7.4", "6.13"}


def test_an_indicator_printed_under_another_code_is_present_with_that_code(
    generated_results: dict[str, DocumentResult], frameworks: dict[str, Framework]
):
    lines = {line.code: line for line in coverage(generated_results["agency-sonnptnt-2024.pdf"],
                                                  frameworks["daknong-agency-2022"])}  # fmt: skip
    assert lines["6.10"].state == "present"
    assert lines["6.10"].printed_code == "6.9"
    assert (
        lines["6.10"].printed_name
        == "Tỷ lệ hồ sơ công việc tại cấp Sở được xử lý trên môi trường mạng (trừ hồ sơ công việc thuộc phạm vi bí mật nhà nước)"
    )
    assert lines["6.10"].page == 3


def test_omitted_matches_the_gold_for_every_generated_pdf(
    generated_results: dict[str, DocumentResult], frameworks: dict[str, Framework]
):
    checked = 0
    for name, result in generated_results.items():
        if not name.endswith(".pdf") or not (GENERATED / f"{name.removesuffix('.pdf')}.gold.json").exists():
            continue  # results decisions and compiled plans have their own gold (*.subjects.json)
        checked += 1
        expected = set(gold(name.removesuffix(".pdf"))["omitted"])
        lines = coverage(result, frameworks[result.framework or ""])
        assert {line.code for line in lines if line.state != "present"} == expected, name
    assert checked >= 9


def test_a_compiled_pdf_reports_what_each_agencys_plan_leaves_out(frameworks: dict[str, Framework]):
    from pipeline import api

    report = api.coverage(GENERATED / "compiled-plans-daknong-2024.pdf")
    by_unit: dict[str | None, set[str]] = {}
    for line in report.lines:
        if line.state != "present":
            by_unit.setdefault(line.subject, set()).add(line.code)
    for part in ("agency-stttt-2024", "agency-soyte-2025", "agency-soct-2024"):
        single = api.coverage(GENERATED / f"{part}.pdf")
        (unit,) = {line.subject for line in single.lines}
        assert by_unit[unit] == {line.code for line in single.lines if line.state != "present"}
    assert len(by_unit) == 3
