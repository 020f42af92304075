def ranking_records(result, table_index: int):
    return [r for r in result.records if r.table_index == table_index and "subject" in r.fields]


def test_each_unit_and_pillar_of_the_ranking_table_is_a_record(seed_results):
    records = ranking_records(seed_results["003"], 0)
    song = {
        r.indicator_code: r.figures[0].value for r in records if r.fields["subject"] == "UBND huyện Đắk Song"
    }
    assert song == {
        "DTI": 685.21,
        "1": 100,
        "2": 90,
        "3": 90.75,
        "4": 88.25,
        "5": 36.3,
        "6": 66.34,
        "7": 103.7,
        "8": 109.87,
    }


def test_ranking_whose_order_contradicts_its_totals_is_reported(seed_results):
    records = ranking_records(seed_results["003"], 0)
    flagged = sorted({r.fields["rank"] for r in records if r.checks})
    assert flagged == ["4", "5", "7", "8"]


def test_total_column_under_a_pillar_caption_is_that_pillar(seed_results):
    records = ranking_records(seed_results["003"], 3)
    assert {r.indicator_code for r in records} == {"XHS"}
    assert any("rank 4 has 429,9, below rank 5 with 467,61" in c for r in records for c in map(str, r.checks))
