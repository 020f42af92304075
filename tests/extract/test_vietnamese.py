from pipeline.extract.vietnamese import known_syllables, text_quality


def test_vietnamese_with_its_marks_reads_as_vietnamese():
    quality = text_quality("Ủy ban nhân dân tỉnh Ninh Thuận ban hành Kế hoạch chuyển đổi số năm 2024")
    assert quality.words == 15
    assert (quality.syllable_share, quality.known_share) == (1.0, 1.0)
    assert quality.marked_share == 12 / 15  # all but "ban", "ban", "Ninh"


def test_a_scanners_layer_without_marks_does_not():
    quality = text_quality("UY NUAN DAN CQNG HOA XA HQI CHU NGHIA VIPT NAM THANH Ho Ho cui tvtrNu DQc l$p")
    assert quality.marked_share == 0.0  # no tone or vowel mark at all
    assert quality.syllable_share < 0.75  # "CQNG", "HQI", "tvtrNu" are no Vietnamese syllables


def test_the_dictionary_knows_syllables_in_both_tone_placements():
    assert {"chiếc", "thủy", "thuỷ"} <= known_syllables()
    assert "chieỏc" not in known_syllables()
