from pipeline.numbering import is_child, looks_like_code, parent_of, parse_code


def test_a_dotted_code_parses_to_its_parts_and_depth():
    code = parse_code("5.12.1")
    assert (code.kind, code.parts, code.depth, code.canonical) == ("arabic", (5, 12, 1), 3, "5.12.1")


def test_a_trailing_dot_is_not_part_of_the_canonical_code():
    assert parse_code("1.1.").canonical == "1.1"


def test_roman_numerals_are_group_headings():
    assert parse_code("III").kind == "roman"


def test_a_lettered_item_keeps_its_case():
    assert (parse_code("b)").kind, parse_code("b)").canonical) == ("lower", "b")
    assert parse_code("A").kind == "upper"


def test_a_name_or_a_figure_is_not_a_code():
    assert not looks_like_code("Tỷ lệ hồ sơ")
    assert not looks_like_code("52/57")
    assert parse_code("") is None


def test_children_and_parents_follow_the_dots():
    assert is_child("5.12.1", "5.12") and not is_child("5.121", "5.12")
    assert (parent_of("1.2.1"), parent_of("1")) == ("1.2", None)
