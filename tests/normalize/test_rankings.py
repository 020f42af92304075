import pytest

from pipeline.models import Cell, Framework, Table, TableRow
from pipeline.normalize.rankings import is_ranking_table, ranking_rows, result_columns, split_maximum
from pipeline.normalize.records import build_record, figures_for


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


@pytest.mark.parametrize(
    ("header", "name", "maximum"),
    [
        ("Thể chế số (100)", "Thể chế số", 100.0),
        ("Nhận thức số\n(100 điểm)", "Nhận thức số", 100.0),
        ("Tổng điểm (tối đa 1000)", "Tổng điểm", 1000.0),
        ("Tổng điểm (400 điểm)", "Tổng điểm", 400.0),
        ("An toàn thông tin mạng - 200 điểm", "An toàn thông tin mạng", 200.0),
        ("Hạ tầng số (Tối đa: 100 điểm)", "Hạ tầng số", 100.0),
        ("Nhân lực số tối đa 100", "Nhân lực số", 100.0),
        ("Tổng điểm", "Tổng điểm", None),
        ("Chỉ số DTI", "Chỉ số DTI", None),
    ],
)
def test_a_header_gives_its_name_and_the_maximum_it_prints(header: str, name: str, maximum: float | None):
    assert split_maximum(header) == (name, maximum)


def results_table(header: list[list[str]], body: list[list[str]], caption: str | None = None) -> Table:
    rows = [TableRow(tuple(Cell(t) for t in r), is_header=True) for r in header]
    rows += [TableRow(tuple(Cell(t) for t in r)) for r in body]
    return Table(0, tuple(rows), caption)


def read(table: Table, framework: Framework, province: str | None = None) -> dict:
    return {
        (row.subject.canonical if row.subject else None, match.indicator_code): [
            (f.kind, f.value) for f in figures_for(row) if f.field != "max_points"
        ]
        for row, match, _, _ in ranking_rows(table, framework, province=province)
    }


def test_the_row_number_is_never_an_indicator_and_the_rank_is_a_figure_of_the_total(frameworks):
    table = results_table(
        [["STT", "Tên cơ quan, đơn vị", "Thể chế số (100)", "Tổng điểm (tối đa 1000)", "Thứ hạng"]],
        [["1", "Sở TT&TT", "90,5", "700,25", "2"], ["2", "Sở Y tế", "80", "720", "1"]],
    )
    got = read(table, frameworks["daknong-agency-2022"])
    assert got == {
        ("Sở Thông tin và Truyền thông", "2"): [("points", 90.5)],
        ("Sở Thông tin và Truyền thông", "DTI"): [("points", 700.25), ("rank", 2.0)],
        ("Sở Y tế", "2"): [("points", 80.0)],
        ("Sở Y tế", "DTI"): [("points", 720.0), ("rank", 1.0)],
    }


def test_an_index_from_0_to_1_stays_an_index_never_points(frameworks):
    table = results_table(
        [["TT", "Địa phương", "Nhận thức số", "Chỉ số DTI", "Xếp hạng"]],
        [["1", "An Giang", "0,8241", "0,6112", "1"], ["2", "Tỉnh Kiên Giang", "0,7010", "0,5567", "2"]],
    )
    got = read(table, frameworks["dti-province-2022"])
    assert got[("tỉnh An Giang", "1")] == [("index", 0.8241)]
    assert got[("tỉnh Kiên Giang", "DTI")] == [("index", 0.5567), ("rank", 2.0)]


def test_a_percent_of_the_maximum_stays_a_percent(frameworks):
    table = results_table(
        [["STT", "Đơn vị", "Hạ tầng số", "Tổng điểm DTI", "Xếp hạng"]],
        [["1", "UBND TP. Long Xuyên", "82,41%", "70,5%", "1"]],
    )
    got = read(table, frameworks["daknong-district-2022"])
    assert got[("thành phố Long Xuyên", "3")] == [("percent", 82.41)]


def test_the_rating_is_the_records_status(frameworks):
    table = results_table(
        [["STT", "Tên đơn vị", "Tổng điểm", "Xếp hạng", "Xếp loại"]],
        [["1", "Sở Y tế", "820,5", "1", "Tốt"], ["2", "Sở Nội vụ", "610", "2", "Trung bình"]],
    )
    framework = frameworks["daknong-agency-2022"]
    rows = ranking_rows(table, framework)
    from pipeline.models import Document

    document = Document("ket-qua.docx", "0" * 64, "docx", (table,))
    statuses = [build_record(document, framework, row, match).status for row, match, _, _ in rows]
    assert statuses == ["good", "average"]


def test_a_pillar_over_points_and_rank_columns_gets_both(frameworks):
    table = results_table(
        [["STT", "Tên đơn vị", "Nhận thức số", "Nhận thức số", "Tổng điểm", "Xếp hạng"],
         ["STT", "Tên đơn vị", "Điểm", "Xếp hạng", "Tổng điểm", "Xếp hạng"]],
        [["1", "Sở Y tế", "95,5", "1", "800", "2"], ["2", "Sở Nội vụ", "60", "2", "810", "1"]],
    )  # fmt: skip
    got = read(table, frameworks["daknong-agency-2022"])
    assert got[("Sở Y tế", "1")] == [("points", 95.5), ("rank", 1.0)]
    assert got[("Sở Y tế", "DTI")] == [("points", 800.0), ("rank", 2.0)]


def test_a_row_of_maxima_gives_the_columns_their_maxima_and_is_nobodys(frameworks):
    table = results_table(
        [["STT", "Tên đơn vị", "Thể chế số", "Tổng điểm", "Xếp hạng"]],
        [["", "Điểm tối đa", "100", "1000", ""], ["1", "Sở Y tế", "95,5", "800", "1"]],
    )
    columns = {c.name: c.maximum for c in result_columns(table, frameworks["daknong-agency-2022"])}
    assert columns["Thể chế số"] == 100.0 and columns["Tổng điểm"] == 1000.0
    assert set(read(table, frameworks["daknong-agency-2022"])) == {("Sở Y tế", "2"), ("Sở Y tế", "DTI")}


def test_rows_of_averages_and_sums_belong_to_nobody(frameworks):
    table = results_table(
        [["STT", "Tên đơn vị", "Tổng điểm", "Xếp hạng"]],
        [["1", "Sở Y tế", "800", "1"], ["", "Trung bình", "700", ""], ["", "Tổng cộng", "1400", ""]],
    )
    got = read(table, frameworks["daknong-agency-2022"])
    assert got[(None, "DTI")] == [("points", 1400.0)] and got[("Sở Y tế", "DTI")] == [
        ("points", 800.0),
        ("rank", 1.0),
    ]


def test_a_table_of_agencies_and_districts_reads_each_row_on_its_own_framework(frameworks):
    table = results_table(
        [["STT", "Tên đơn vị", "Hoạt động xã hội số", "Tổng điểm", "Xếp hạng"]],
        [["I", "KHỐI SỞ, BAN, NGÀNH", "", "", ""], ["1", "Sở Y tế", "80", "800", "1"],
         ["II", "KHỐI UBND CÁC HUYỆN", "", "", ""], ["1", "H. Krông Nô", "120", "650", "1"]],
    )  # fmt: skip
    by_kind = {"agency": frameworks["daknong-agency-2022"], "district": frameworks["daknong-district-2022"]}
    rows = ranking_rows(table, by_kind["agency"], by_kind=by_kind)
    got = {(row.subject.canonical, fw.id, match.indicator_code) for row, match, _, fw in rows}
    assert got == {("Sở Y tế", "daknong-agency-2022", "7"), ("Sở Y tế", "daknong-agency-2022", "DTI"),
                   ("huyện Krông Nô", "daknong-district-2022", "8"),
                   ("huyện Krông Nô", "daknong-district-2022", "DTI")}  # fmt: skip


def test_points_above_the_printed_maximum_are_a_check(frameworks):
    table = results_table(
        [["STT", "Tên đơn vị", "Hạ tầng số (100)", "Tổng điểm"]], [["1", "Sở Y tế", "933,38", "800"]]
    )
    checks = [
        str(c)
        for _, m, cs, _ in ranking_rows(table, frameworks["daknong-agency-2022"])
        for c in cs
        if m.indicator_code == "3"
    ]
    assert checks == ["points 933,38/100 are above their maximum"]


def test_a_scans_misread_unit_header_is_found_by_the_units_in_its_column(frameworks):
    table = results_table(
        [["TT", "Tên đơn Mi", "Tổng điểm", "Xếp hang"]],
        [["1", "UBND huyện Bắc Bình", "518,23", "2"], ["2", "UBND huyện Tánh Linh", "548,63", "1"]],
    )
    assert is_ranking_table(table)
    assert read(table, frameworks["daknong-district-2022"])[("huyện Bắc Bình", "DTI")] == [
        ("points", 518.23),
        ("rank", 2.0),
    ]


def test_a_table_of_two_years_gives_each_total_its_year(frameworks):
    table = results_table(
        [["STT", "Tên đơn vị", "Tổng điểm 2022", "Tổng điểm năm 2023", "Xếp hạng 2023"]],
        [["1", "Sở Y tế", "700,5", "752,25", "1"]],
    )
    rows = ranking_rows(table, frameworks["daknong-agency-2022"])
    got = sorted(
        (row.period, [f.value for f in figures_for(row) if f.kind == "points"]) for row, _, _, _ in rows
    )
    assert got == [(2022, [700.5]), (2023, [752.25])]
