"""Match keys: how two wordings of one name are made comparable, never how they are stored."""

from __future__ import annotations

import unicodedata

from pipeline.normalize.matching import name_similarity
from pipeline.normalize.text import expand_abbreviations, fold_diacritics, match_key


def test_decomposed_text_from_old_word_files_gets_the_same_key_as_composed():
    composed = "Tỷ lệ hồ sơ xử lý trực tuyến"
    assert match_key(unicodedata.normalize("NFD", composed)) == match_key(composed)


def test_old_style_tone_placement_gets_the_same_key_as_new_style():
    assert match_key("Số hoá, thuỷ lợi, sức khoẻ") == match_key("Số hóa, thủy lợi, sức khỏe")


def test_stray_glyph_of_a_broken_font_is_repaired():
    assert match_key("đội ngǜ chuyên trách") == match_key("đội ngũ chuyên trách")


def test_abbreviations_expand_to_their_words():
    assert (
        expand_abbreviations("Tỷ lệ CBCCVC có chữ ký số") == "Tỷ lệ cán bộ công chức viên chức có chữ ký số"
    )
    assert match_key("Tỷ lệ DVCTT phát sinh hồ sơ") == match_key(
        "Tỷ lệ dịch vụ công trực tuyến phát sinh hồ sơ"
    )


def test_a_name_followed_by_its_abbreviation_in_brackets_keeps_the_name_once():
    assert match_key("Kế hoạch chuyển đổi số (CĐS) năm 2024") == match_key("Kế hoạch chuyển đổi số năm 2024")


def test_spelling_variants_meet():
    assert match_key("Tỉ lệ cán bộ") == match_key("Tỷ lệ cán bộ")


def test_folding_drops_every_mark_and_d_stroke():
    assert fold_diacritics("Đắk Nông chuyển đổi số") == "Dak Nong chuyen doi so"


def test_a_name_holding_the_other_with_an_abbreviation_expanded_still_scores_high():
    assert name_similarity("Tỉ lệ hồ sơ TTHC được xử lý trực tuyến", "Tỷ lệ hồ sơ xử lý trực tuyến") >= 80


def test_a_negated_name_scores_below_the_match_line():
    assert name_similarity("Chưa có Kế hoạch chuyển đổi số", "Có Kế hoạch chuyển đổi số") < 90
