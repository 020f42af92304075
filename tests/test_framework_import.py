"""`dti frameworks import` and what follows from it: a province's frameworks read from the
decision that issues them (`corpora/build/framework_decisions.py`, twelve layouts; the odd ones
were held out while the importer was written), real PAR Index scoring guides, versions, and
detection choosing the province's own framework."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from corpora.build.framework_decisions import OUT
from pipeline import api
from pipeline.evaluate_frameworks import score_import, score_plan
from pipeline.frameworks import load_frameworks
from pipeline.learning import learn, place
from pipeline.normalize.detection import candidates
from pipeline.process import read

REALDOCS = Path(__file__).resolve().parents[1] / "corpora" / "realdocs"
VARIANTS = sorted(p.name.removesuffix(".gold.json") for p in OUT.glob("*.gold.json"))


def gold(name: str) -> dict:
    return json.loads((OUT / f"{name}.gold.json").read_text(encoding="utf-8"))


def dti(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pipeline.cli", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=300)  # fmt: skip


def test_the_decisions_cover_every_layout_dimension_in_both_halves():
    layouts = [gold(n) for n in VARIANTS]
    assert len(layouts) == 12 and sum(g["held_out"] for g in layouts) == 6
    for held_out in (False, True):
        half = [g["layout"] for g in layouts if g["held_out"] == held_out]
        assert {h["one_table"] for h in half} == {True, False}
        assert {h["method"] for h in half} == {True, False}
        assert len({h["header"] for h in half}) >= 3


@pytest.mark.parametrize("suffix", ["docx", "pdf"])
def test_every_entry_of_every_decision_is_read_exactly(suffix: str):
    scores = [score_import(n, suffix, gold(n), learn(read(OUT / f"{n}.{suffix}"))[0]) for n in VARIANTS]
    assert all(s.levels_right for s in scores), [s.name for s in scores if not s.levels_right]
    assert sum(s.exact for s in scores) == sum(s.gold_entries for s in scores)
    assert sum(s.extra + s.general_leaked + s.false_doubts for s in scores) == 0
    assert all(s.summary_named for s in scores)
    assert sum(s.rules_right for s in scores) == sum(s.rules_gold for s in scores) > 100


@pytest.mark.slow
def test_a_scanned_decision_names_every_row_it_could_not_read_and_is_marked_incomplete():
    # 200 dpi noisy scans: the numbering column is where OCR fails (issue 22, and the closing
    # note of issue 20 gives the figures); what is not read is a doubt, and the framework is
    # never written as complete.
    datas, _ = learn(read(OUT / "framework-decision-00.scan.pdf"))
    score = score_import("framework-decision-00", "scan.pdf", gold("framework-decision-00"), datas)
    assert 0 < score.exact < score.gold_entries
    assert all(d["complete"] is False and d["doubts"] for d in datas)
    assert any("could not be read" in doubt for d in datas for doubt in d["doubts"])


def test_general_information_is_kept_apart_never_as_indicators():
    name = next(n for n in VARIANTS if gold(n)["layout"]["general"])
    datas, _ = learn(read(OUT / f"{name}.docx"))
    names = {i["name"] for d in datas for i in d["indicators"]}
    general = {g["name"] for d in datas for g in d.get("general_information", [])}
    assert "Số máy tính được trang bị" in general and "Số máy tính được trang bị" not in names


def test_a_summary_table_that_disagrees_with_the_appendix_is_a_doubt_and_the_appendix_is_kept():
    name = next(n for n in VARIANTS if gold(n)["layout"]["summary"] == "disagrees")
    level, pillar = next((lv, p) for lv, p in gold(name)["wrong_summary"].items() if p)
    data = next(d for d in learn(read(OUT / f"{name}.docx"))[0] if d["level"] == level)
    assert data["complete"] is False
    assert any(d.startswith("summary table") and f"pillar {pillar} " in d and d.endswith("kept the appendix")
               for d in data["doubts"])  # fmt: skip
    kept = next(e for e in gold(name)["levels"][level]["entries"] if e["code"] == pillar)
    assert next(p for p in data["pillars"] if p["code"] == pillar)["max_points"] == kept["max"]


def test_every_entry_keeps_the_files_sha256_and_its_page():
    datas, _ = learn(read(OUT / "framework-decision-04.pdf"))
    sha = datas[0]["source_document"]["sha256"]
    assert all(i["source"].startswith(f"sha256:{sha[:12]} page ") for d in datas for i in d["indicators"])


def test_a_note_that_indicators_do_not_apply_becomes_data_on_them():
    name = next(n for n in VARIANTS if gold(n)["notes"])
    datas, _ = learn(read(OUT / f"{name}.docx"))
    codes = gold(name)["notes"]
    marked = {
        i["code"]: i["not_applicable_to"]
        for d in datas[:1]
        for i in d["indicators"]
        if "not_applicable_to" in i
    }
    assert marked == codes


def test_the_real_par_index_guide_for_communes_imports_as_a_framework_of_another_index(tmp_path: Path):
    imported = api.import_frameworks(
        REALDOCS / "ld_snv_2775_hd_chamdiem_cchc_xa.pdf", tmp_path, province="Lâm Đồng"
    )
    assert [(f.id, f.index, f.level, f.pillars, f.indicators, f.total) for f in imported] == [
        ("lamdong-par-commune-2025", "PAR", "commune", 7, 100, 75.0)
    ]
    data = yaml.safe_load(imported[0].path.read_text(encoding="utf-8"))
    assert data["legal_basis"] == {"number": "2775/SNV-CCHC&VTLT", "date": "2025-11-10"}
    first = next(i for i in data["indicators"] if i["code"] == "1.1.1")
    assert first["max_points"] == 2.0 and first["scoring"] == {"rule": "tiered"}
    assert first["name"].startswith("Ban hành kế hoạch CCHC hằng năm")
    assert next(i for i in data["indicators"] if i["code"] == "1.1")["scoring"] == {"rule": "sum_of_children"}


def test_the_seed_plan_that_prints_the_agency_framework_imports_its_codes_and_names_with_6_13_named_missing():
    datas, _ = learn(
        read(Path("corpora/documents/seeds/000_e2403546871f551a.txt")), structure_only=True, year=2022
    )
    bundled = load_frameworks()["daknong-agency-2022"]
    got = {i["code"]: i["name"] for i in datas[0]["indicators"]}
    same = [e.code for e in bundled.indicators if e.name and got.get(e.code) == e.name]
    assert len(same) == 48 and "6.13" not in got
    assert "code 6.13 is missing between 6.12 and 6.14" in datas[0]["doubts"]


def test_a_plan_is_not_a_framework_decision_and_nothing_is_written(tmp_path: Path):
    result = dti(
        "frameworks", "import", str(OUT / "framework-decision-00.plan.docx"), "--out", str(tmp_path / "fw")
    )
    assert result.returncode == 3
    assert "not a framework decision: 1 table(s), none with a maximum-points column" in result.stderr
    assert not (tmp_path / "fw").exists()


def test_importing_again_writes_nothing_and_a_changed_decision_becomes_a_new_version(tmp_path: Path):
    first = dti("frameworks", "import", str(OUT / "framework-decision-07.docx"), "--out", str(tmp_path))
    assert first.returncode == 0, first.stderr
    assert "khanhhoa-agency-2024 (DTI, agency) — 7 pillars" in first.stdout and "— written" in first.stdout
    original = (tmp_path / "khanhhoa-agency-2024.yaml").read_bytes()
    again = dti("frameworks", "import", str(OUT / "framework-decision-07.docx"), "--out", str(tmp_path))
    assert "— unchanged" in again.stdout
    changed = dti("frameworks", "import", str(OUT / "framework-decision-07.pdf"), "--out", str(tmp_path))
    assert (
        "khanhhoa-agency-2024-v2 (DTI, agency)" in changed.stdout
        and "new version of khanhhoa-agency-2024" in changed.stdout
    )
    assert (tmp_path / "khanhhoa-agency-2024.yaml").read_bytes() == original
    v2 = yaml.safe_load((tmp_path / "khanhhoa-agency-2024-v2.yaml").read_text(encoding="utf-8"))
    assert (v2["version"], v2["supersedes"]) == (2, "khanhhoa-agency-2024")
    forced = dti(
        "frameworks", "import", str(OUT / "framework-decision-07.docx"), "--out", str(tmp_path), "--force"
    )
    assert "khanhhoa-agency-2024-v2" in forced.stdout and "— overwritten" in forced.stdout
    listed = dti("frameworks", "--frameworks-dir", str(tmp_path), "--format", "csv")
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(listed.stdout))}
    assert (rows["khanhhoa-agency-2024-v2"]["version"], rows["khanhhoa-agency-2024-v2"]["province"]) == (
        "2",
        "Khánh Hòa",
    )
    assert rows["khanhhoa-agency-2024"]["version"] == "1"


def _import_all(names: list[str], out: Path) -> dict:
    for name in names:
        for data in learn(read(OUT / f"{name}.docx"))[0]:
            place(data, out)
    return load_frameworks([out])


def test_a_plan_is_matched_on_its_own_provinces_imported_framework(tmp_path: Path):
    _import_all(["framework-decision-02", "framework-decision-10"], tmp_path)
    for name, expected in (
        ("framework-decision-02", "kontum-agency-2025"),
        ("framework-decision-10", "kontum-agency-2022"),
    ):
        result = api.extract(OUT / f"{name}.plan.docx", frameworks_dirs=[tmp_path])
        assert result.framework == expected, result.framework_reason
        assert "frameworks of Kon Tum" in result.framework_reason
        score = score_plan(name, gold(name), OUT, tmp_path)
        assert (score.recall, score.precision, score.codes_exact) == (1.0, 1.0, 1.0)


def test_two_versions_of_one_provinces_framework_the_year_decides(tmp_path: Path):
    frameworks = _import_all(["framework-decision-02", "framework-decision-10"], tmp_path)
    words = "Kế hoạch của Sở Y tế tỉnh Kon Tum"
    assert [f.id for f in candidates(frameworks, words, "Kon Tum", 2023)[0] if f.level == "agency"] == [
        "kontum-agency-2022"
    ]
    assert [f.id for f in candidates(frameworks, words, "Kon Tum", 2026)[0] if f.level == "agency"] == [
        "kontum-agency-2025"
    ]
    other = candidates(frameworks, words, "Đắk Nông", 2023)[0]
    assert {f.id for f in other} == {"daknong-agency-2022", "daknong-district-2022", "dti-province-2022"}


def test_dti_frameworks_lists_where_each_came_from(tmp_path: Path):
    shutil.copy(OUT / "framework-decision-07.docx", tmp_path / "qd.docx")
    dti("frameworks", "import", str(tmp_path / "qd.docx"), "--out", str(tmp_path / "fw"))
    listed = dti("frameworks", "--frameworks-dir", str(tmp_path / "fw"))
    assert "daknong-agency-2022" in listed.stdout and "bundled" in listed.stdout
    assert "khanhhoa-agency-2024" in listed.stdout and str(tmp_path / "fw") in listed.stdout


def test_a_report_of_scores_is_not_a_framework_decision_and_a_scoring_guide_is():
    report = api.extract(REALDOCS / "ld_snv_bc_chiso_2025_draft.docx")  # "Nội dung | Tỷ lệ | Điểm số | Thứ hạng"
    self_assessed = api.extract(REALDOCS / "ld_ubnd_bc_tudanhgia_parindex2025.docx")  # "Điểm tự đánh giá" filled
    guide = api.extract(REALDOCS / "ld_snv_2775_hd_chamdiem_cchc_songanh.pdf")
    assert (report.defines_framework, self_assessed.defines_framework, guide.defines_framework) == (False, False, True)
    assert guide.framework_reason.startswith("a framework decision: import its frameworks with `dti frameworks import")
