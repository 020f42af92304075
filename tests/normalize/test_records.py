from pipeline.models import Document, IndicatorRecord, IndicatorRow, Match
from pipeline.normalize.records import build_record, figures_for, grouping_check, total_checks


def row(**fields: str) -> IndicatorRow:
    return IndicatorRow(
        "5.2", "Tỷ lệ máy tính được cài phần mềm phòng chống mã độc", fields, "table", 0, 3, (2,)
    )


def test_result_figures_come_before_target_figures_and_keep_their_column():
    figures = figures_for(row(target="100%", result="52/57 máy tính"))
    assert [(f.field, f.kind, f.text) for f in figures] == [
        ("result", "ratio", "52/57"),
        ("target", "percent", "100%"),
    ]


def test_a_second_result_column_counts_as_a_result():
    assert [f.field for f in figures_for(row(result_2="90,48%"))] == ["result_2"]


def test_a_percent_that_disagrees_with_its_fraction_is_a_check_not_a_fix(frameworks):
    framework = frameworks["daknong-agency-2022"]
    document = Document("ke-hoach-stttt-2024.docx", "0" * 64, "docx", ())
    record = build_record(
        document, framework, row(result="52/57 máy tính (95%)"), Match("5.2", "x", 100.0, "matched")
    )
    assert [(f.kind, f.value) for f in record.figures] == [("ratio", 0.9123), ("percent", 95.0)]
    assert tuple(map(str, record.checks)) == ("percent 95% disagrees with 52/57 (= 91.23%)",)


def test_a_row_under_another_pillars_heading_is_reported(frameworks):
    framework = frameworks["dti-province-2022"]
    checks = grouping_check(
        framework,
        Match("4.5", "x", 95.0, "matched"),
        Match("3", "Hạ tầng số", 100.0, "matched"),
        "II HẠ TẦNG SỐ",
    )
    assert list(map(str, checks)) == [
        "printed under II HẠ TẦNG SỐ, but 4.5 belongs to pillar 4 (Nhân lực số)"
    ]


def test_pillar_scores_that_do_not_add_up_are_reported_on_the_total(seed_results, frameworks):
    framework = frameworks["daknong-agency-2022"]
    records = list(seed_results["000"].records)
    total = next(r for r in records if r.origin == "text" and r.indicator_code == "DTI")
    pillar = next(r for r in records if r.origin == "text" and r.indicator_code == "1")
    raised = pillar.figures[0].__class__(
        **{**pillar.figures[0].__dict__, "value": pillar.figures[0].value + 10}
    )
    changed = [
        r if r is not pillar else IndicatorRecord(**{**r.__dict__, "figures": (raised,)}) for r in records
    ]
    checked = next(
        r for r in total_checks(changed, framework) if r.indicator_code == "DTI" and r.origin == "text"
    )
    assert tuple(map(str, total.checks)) == ()
    assert tuple(map(str, checked.checks)) == (
        "pillar scores add up to 643.56, the document states a total of 633.56",
    )
