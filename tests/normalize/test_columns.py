from pipeline.normalize.columns import column_role, column_roles


def test_a_result_header_with_its_year_is_the_result_column():
    assert column_role("Kết quả đạt được năm 2023, nguyên nhân") == "result"


def test_the_partner_unit_is_told_from_the_lead_unit():
    assert column_role("Đơn vị phối hợp") == "partner_unit"
    assert column_role("Đơn vị chủ trì") == "lead_unit"


def test_maximum_points_come_before_any_other_points_column():
    assert column_role("Điểm tối đa") == "max_points"
    assert column_role("Điểm đạt được") == "score"


def test_a_total_column_is_a_total_in_a_results_table_and_the_stated_points_in_a_plan():
    assert [column_role(h) for h in ("Tổng điểm", "Điểm DTI", "Chỉ số DTI", "Tổng điểm năm 2024")] == [
        "total"
    ] * 4
    assert column_roles(("STT", "Chỉ số", "Tổng điểm")) == ("code", "name", "score")


def test_rank_and_rating_columns_by_every_header_officials_print():
    assert [column_role(h) for h in ("Xếp hạng", "Thứ hạng", "Thứ tự")] == ["rank"] * 3
    assert [column_role(h) for h in ("Xếp loại", "Mức độ", "Mức xếp hạng")] == ["rating"] * 3


def test_a_unit_column_by_every_header_officials_print():
    headers = ("Tên cơ quan, đơn vị", "Đơn vị", "Địa phương", "Tên địa phương", "Cơ quan, đơn vị")
    assert [column_role(h) for h in headers] == ["subject"] * 5


def test_a_role_used_twice_gets_a_suffix_and_an_unknown_header_a_column_name():
    roles = column_roles(("STT", "Chỉ số", "Kết quả năm 2023", "Kết quả năm 2024", "Ý kiến khác"))
    assert roles == ("code", "name", "result", "result_2", "col5")


def test_without_titled_code_and_name_columns_the_first_two_are_code_and_name():
    assert column_roles(("", "", "Mục tiêu năm 2025")) == ("code", "name", "target")
