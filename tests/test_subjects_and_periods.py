"""Every figure at its subject and period: seeds, a generated results decision (two annexes,
abbreviated names, two-level header) and a PDF compiling several agencies' plans."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from pipeline import api
from tests.conftest import GENERATED, SEED_FILES

DECISION = json.loads((GENERATED / "results-daknong-2023.subjects.json").read_text(encoding="utf-8"))


def test_seed_003_ranking_gives_every_district_its_points_for_2023(seed_results):
    ranked = [r for r in seed_results["003"].records if "subject" in r.fields and r.indicator_code == "DTI"]
    by_subject = {
        r.subject.canonical: (r.figures[0].value, r.period)
        for r in ranked
        if r.table_index == 0 and r.subject
    }
    assert by_subject == {
        "huyện Đắk Song": (685.21, 2023), "huyện Đắk Mil": (664.87, 2023), "huyện Krông Nô": (655.26, 2023),
        "huyện Đắk Glong": (575.92, 2023), "huyện Đắk R'lấp": (594.79, 2023), "thành phố Gia Nghĩa": (533.13, 2023),
        "huyện Tuy Đức": (387.96, 2023), "huyện Cư Jút": (390.76, 2023),
    }  # fmt: skip


def test_seed_003_row_of_averages_is_nobodys(seed_results):
    """ "Trung bình | | 560,99 | ..." averages the districts: it is not the issuer's (Krông Nô) result."""
    averages = [r for r in seed_results["003"].records if r.fields.get("rank") == "Trung bình"]
    assert {r.figures[0].text for r in averages if r.indicator_code == "DTI"} == {"560,99"}
    assert all(r.subject is None for r in averages)


def test_seed_000_prose_total_is_the_agencys_2023_result(seed_results):
    total = next(r for r in seed_results["000"].records if r.origin == "text" and r.indicator_code == "DTI")
    assert (total.subject.canonical, total.period, total.period_source) == (
        "Sở Giao thông vận tải",
        2023,
        "sentence",
    )


@pytest.mark.parametrize("suffix", [".docx", ".pdf"])
def test_a_results_decision_gives_every_value_at_its_subject_and_year(suffix: str):
    result = api.extract(GENERATED / f"results-daknong-2023{suffix}")
    got = {
        (r.subject.canonical, r.framework, r.indicator_code): (r.figures[0].value, r.period)
        for r in result.records
        if r.subject and r.figures
    }
    expected = {
        (unit["subject"], unit["framework"], code): (value, 2023)
        for unit in DECISION["units"]
        for code, value in [*unit["pillars"].items(), ("DTI", round(unit["total"] + unit["typo"], 2))]
    }
    assert {key: got.get(key) for key in expected} == expected
    assert len(expected) == 102


def test_each_annex_is_scored_on_the_framework_of_its_units():
    result = api.extract(GENERATED / "results-daknong-2023.docx")
    frameworks = {r.subject.kind: r.framework for r in result.records if r.subject}
    assert frameworks == {"agency": "daknong-agency-2022", "district": "daknong-district-2022"}


def test_a_pdf_compiling_three_plans_keeps_each_agencys_rows_under_it():
    compiled = api.extract(GENERATED / "compiled-plans-daknong-2024.pdf")
    by_subject = Counter(r.subject.canonical for r in compiled.records)
    for part in ("agency-stttt-2024", "agency-soyte-2025", "agency-soct-2024"):
        single = api.extract(GENERATED / f"{part}.pdf")
        subject = single.records[0].subject.canonical
        mine = [
            (r.indicator_code, [f.text for f in r.figures])
            for r in compiled.records
            if r.subject.canonical == subject
        ]
        assert mine == [(r.indicator_code, [f.text for f in r.figures]) for r in single.records]
    assert by_subject == {"Sở Thông tin và Truyền thông": 55, "Sở Y tế": 52, "Sở Công Thương": 51}


def test_a_plan_without_a_letterhead_takes_its_subject_from_its_title():
    result = api.extract(SEED_FILES["000"])
    assert {r.subject.canonical for r in result.records} == {"Sở Giao thông vận tải"}
