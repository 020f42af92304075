from pathlib import Path

import pytest

from pipeline.errors import FrameworkError
from pipeline.frameworks import load_framework, load_frameworks, pick_framework

FRAMEWORKS = Path(__file__).resolve().parents[1] / "corpora" / "frameworks"


def test_provincial_framework_has_nine_pillars_98_sub_indicators_and_1000_points(frameworks):
    framework = frameworks["dti-province-2022"]
    assert len(framework.pillars) == 9
    assert sum(1 for e in framework.indicators if e.code.count(".") == 1) == 98
    assert sum(p.max_points for p in framework.pillars) == 1000
    assert framework.entry("6").scored is False


def test_daknong_agency_framework_has_the_unknown_6_13_slot(frameworks):
    framework = frameworks["daknong-agency-2022"]
    assert [p.max_points for p in framework.pillars] == [100, 100, 100, 100, 200, 300, 100]
    assert framework.entry("6.13").name is None


def test_daknong_district_framework_has_eight_pillars_of_1000_points(frameworks):
    framework = frameworks["daknong-district-2022"]
    assert [p.max_points for p in framework.pillars] == [100, 100, 100, 100, 100, 200, 150, 150]
    assert all(e.code_provisional for e in framework.indicators)


def test_scoring_rules_come_from_the_documents(frameworks):
    framework = frameworks["dti-province-2022"]
    assert framework.entry("7.12").scoring == {"rule": "threshold", "threshold_percent": 80.0}
    assert framework.entry("5.12").scoring == {"rule": "sum_of_children"}
    assert framework.entry("2.2").scoring == {"rule": "binary"}


def test_malformed_framework_error_names_the_file_and_the_field(tmp_path: Path):
    text = (FRAMEWORKS / "daknong-agency-2022.yaml").read_text(encoding="utf-8")
    broken = tmp_path / "hong.yaml"
    broken.write_text(text.replace("max_points: 300", "max_points: ba trăm"), encoding="utf-8")
    with pytest.raises(FrameworkError, match=r"hong.yaml: pillars/5/max_points: 'ba trăm' is not of type"):
        load_framework(broken)


def test_indicator_with_an_unknown_parent_is_rejected(tmp_path: Path):
    text = (FRAMEWORKS / "daknong-agency-2022.yaml").read_text(encoding="utf-8")
    broken = tmp_path / "hong.yaml"
    broken.write_text(text.replace("parent: '1.2'", "parent: '9.9'", 1), encoding="utf-8")
    with pytest.raises(FrameworkError, match=r"parent '9\.9' is not in the framework"):
        load_framework(broken)


def test_unknown_framework_id_lists_the_known_ones(frameworks):
    with pytest.raises(
        FrameworkError, match="known: daknong-agency-2022, daknong-district-2022, dti-province-2022"
    ):
        pick_framework(frameworks, "dti-2099")


def test_a_directory_without_frameworks_is_an_error(tmp_path: Path):
    with pytest.raises(FrameworkError, match="no framework files"):
        load_frameworks(tmp_path)
