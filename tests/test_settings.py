import pytest

from pipeline.settings import MatchSettings, OcrSettings, PdfSettings, Settings, StitchSettings


def test_the_defaults_are_valid_and_shared_by_every_stage():
    settings = Settings()
    assert (settings.match.matched_at, settings.pdf.min_text_chars, settings.ocr.dpi) == (80.0, 25, 300)


def test_a_review_threshold_above_the_match_threshold_is_refused_by_name():
    with pytest.raises(ValueError, match=r"MatchSettings: need 0 <= review_at \(90\) <= matched_at \(80"):
        MatchSettings(review_at=90)


def test_a_share_outside_zero_and_one_is_refused_by_name():
    with pytest.raises(ValueError, match="OcrSettings: ink_share is a share between 0 and 1"):
        OcrSettings(ink_share=4)


def test_a_negative_geometry_setting_is_refused_by_name():
    with pytest.raises(ValueError, match="PdfSettings: column_gap must be positive, got -12"):
        PdfSettings(column_gap=-12)
    with pytest.raises(ValueError, match="StitchSettings: header_likeness is 0–100"):
        StitchSettings(header_likeness=190)


def test_a_stricter_match_threshold_turns_a_match_into_a_review(frameworks):
    from pipeline.models import IndicatorRow
    from pipeline.normalize.matching import match_rows

    row = IndicatorRow("1.1", "Tỉ lệ hồ sơ TTHC được xử lý trực tuyến", {}, "table", 0, 0)
    framework = frameworks["dti-province-2022"]
    default = match_rows([row], framework)[0]
    strict = match_rows([row], framework, MatchSettings(matched_at=99.5, review_at=60))[0]
    assert default.status == "matched" and default.score < 99.5
    assert (strict.indicator_code, strict.status) == (default.indicator_code, "review")


def test_settings_travel_as_plain_data_and_come_back_equal():
    settings = Settings(match=MatchSettings(matched_at=85.0), ocr=OcrSettings(enabled=False, dpi=200))
    assert Settings.from_dict(settings.to_dict()) == settings
    assert Settings.from_dict({"ocr": {"dpi": 150}}) == Settings(ocr=OcrSettings(dpi=150))


def test_an_unknown_setting_in_plain_data_is_refused_by_name():
    with pytest.raises(ValueError, match=r"OcrSettings: unknown setting.s. dpl"):
        Settings.from_dict({"ocr": {"dpl": 150}})
    with pytest.raises(ValueError, match=r"unknown stage.s. ocrr"):
        Settings.from_dict({"ocrr": {}})
