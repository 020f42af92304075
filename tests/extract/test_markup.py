from pipeline.extract.markup import clean_text


def test_html_italics_are_dropped_keeping_the_words():
    assert clean_text("<i>Đạt điểm tối đa:</i> 52/57 máy tính") == "Đạt điểm tối đa: 52/57 máy tính"


def test_html_list_items_become_lines():
    text = '<ul style="list-style-type: none"> <li>- Tạo lập chuyên mục</li><li>- Duy trì banner</li></ul>'
    assert clean_text(text) == "- Tạo lập chuyên mục\n- Duy trì banner"


def test_latex_formula_becomes_plain_text():
    assert clean_text("- Tỷ lệ $= (b+d)/(a+c)$") == "- Tỷ lệ = (b+d)/(a+c)"


def test_latex_text_command_keeps_its_words():
    assert clean_text(r"$1/2 * \text{Điểm tối đa}$") == "1/2 * Điểm tối đa"


def test_multiplication_star_is_not_markdown_emphasis():
    assert (
        clean_text("- Trưởng ban là Phó Chủ tịch: 1/2*Điểm tối đa")
        == "- Trưởng ban là Phó Chủ tịch: 1/2*Điểm tối đa"
    )


def test_markdown_emphasis_is_removed():
    assert (
        clean_text("- *Nhiệm vụ:* Ban hành các văn bản **quyết tâm**")
        == "- Nhiệm vụ: Ban hành các văn bản quyết tâm"
    )


def test_decomposed_text_comes_out_composed():
    decomposed = "Nha\u0302n lu\u031b\u0323c so\u0302\u0301"
    assert clean_text(decomposed) == "Nhân lực số"
