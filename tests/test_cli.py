"""The `dti` command run as a user runs it, in a subprocess, on the real files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from tests.conftest import GENERATED, REPO, SEED_FILES

SCHEMA = json.loads((REPO / "schemas" / "indicator_record.schema.json").read_text(encoding="utf-8"))


def dti(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pipeline.cli", *args], capture_output=True, text=True, cwd=REPO, timeout=120
    )


@pytest.mark.parametrize("seed", sorted(SEED_FILES))
def test_every_printed_record_validates_against_the_schema(seed: str):
    result = dti("extract", str(SEED_FILES[seed]), "--format", "jsonl")
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    for record in records:
        jsonschema.validate(record, SCHEMA)
    assert len(records) == {"000": 63, "001": 0, "002": 120, "003": 117, "004": 16}[seed]


def test_summary_goes_to_stderr_and_records_to_stdout():
    result = dti("extract", str(SEED_FILES["004"]), "--matched-only")
    assert "framework dti-province-2022" in result.stderr
    assert len(result.stdout.splitlines()) == 13


def test_csv_output_has_one_row_per_record_plus_a_header():
    result = dti("extract", str(SEED_FILES["004"]), "--format", "csv")
    assert result.stdout.splitlines()[0].startswith("document_sha256,source_path,framework")
    assert len(result.stdout.splitlines()) == 17


def test_missing_file_exits_3_with_one_line_naming_it():
    result = dti("extract", "khong-co.txt")
    assert result.returncode == 3
    assert result.stderr.strip() == "dti: error: khong-co.txt: no such file"


def test_unknown_framework_exits_4():
    result = dti("extract", str(SEED_FILES["000"]), "--framework", "dti-2099")
    assert result.returncode == 4
    assert "unknown framework 'dti-2099'" in result.stderr


def test_frameworks_lists_each_with_its_indicator_count():
    lines = dti("frameworks").stdout.splitlines()
    assert any(line.startswith("dti-province-2022") and " 121 " in line for line in lines)


def _commands() -> list[str]:
    from pipeline.cli import main

    return sorted(main.commands)


def test_the_command_group_has_every_command_the_readme_teaches():
    assert {"extract", "read", "frameworks", "ingest", "coverage", "eval", "runs", "export", "subjects",
            "series", "scores", "report"} <= set(_commands())  # fmt: skip


@pytest.mark.parametrize("command", _commands())
def test_every_command_has_help_with_an_example(command: str):
    result = dti(command, "--help")
    assert result.returncode == 0
    assert "Example:" in result.stdout
    assert result.stdout.startswith(f"Usage: dti {command} ")


def test_top_level_help_documents_the_exit_codes():
    assert "Exit codes:" in dti("--help").stdout


def test_a_broken_file_does_not_stop_the_batch(tmp_path: Path):
    batch = tmp_path / "batch"
    batch.mkdir()
    (batch / "ke-hoach.txt").write_bytes(SEED_FILES["004"].read_bytes())
    (batch / "hong.txt").write_bytes(b"")
    db = tmp_path / "dti.duckdb"
    result = dti("ingest", str(batch), "--db", str(db), "--workers", "1")
    assert result.returncode == 5
    assert "1 ok, 0 partial, 1 failed, 0 not a DTI document, 0 framework decision(s), 0 skipped" in result.stdout
    assert "hong.txt: the file is empty" in result.stdout
    runs = dti("runs", "--db", str(db))
    assert runs.returncode == 0, runs.stderr
    assert f"failed  {batch / 'hong.txt'}: {batch / 'hong.txt'}: the file is empty" in runs.stdout


def test_coverage_lists_the_omitted_slot_of_seed_000_as_json():
    result = dti("coverage", str(SEED_FILES["000"]), "--format", "json", "--omitted-only")
    assert result.returncode == 0, result.stderr
    lines = json.loads(result.stdout)
    assert [(line["code"], line["state"]) for line in lines] == [("6.13", "omitted")]
    assert "48 present, 0 uncertain, 1 omitted of 49" in result.stderr


def test_coverage_table_shows_the_printed_code_of_a_renumbered_row():
    path = REPO / "corpora" / "documents" / "generated" / "agency-sonnptnt-2024.pdf"
    result = dti("coverage", str(path))
    row = next(line for line in result.stdout.splitlines() if line.startswith("6.10 "))
    assert "present" in row and "row 6.9 (p. 3)" in row


def test_eval_prints_every_gold_document_and_the_overall_line():
    result = dti("eval", "corpora/documents/generated", "--formats", "txt,docx,pdf")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["document", "precision", "recall", "code", "page", "figures"]
    assert any(line.startswith("agency-soyte-2025.txt ") for line in lines)
    documents = [line for line in lines[1:-1] if not line.startswith(" ")]
    assert len(documents) >= 20
    assert lines[-1].startswith(f"overall ({len(documents)} documents)")
    precision, recall, code, page, figures = (float(v) for v in lines[-1].split()[-5:])
    assert precision >= 0.99 and recall >= 0.98 and figures >= 0.99
    assert code == page == 1.0


def test_eval_on_a_folder_without_gold_says_so(tmp_path: Path):
    result = dti("eval", str(tmp_path))
    assert result.returncode == 3
    assert f"{tmp_path}: no documents with a .gold.json beside them" in result.stderr


def test_dti_subjects_marks_a_2025_successor_that_was_not_checked(tmp_path):
    db = str(tmp_path / "dti.duckdb")
    dti("ingest", str(GENERATED / "results-daknong-2023.docx"), "--db", db)
    out = dti("subjects", "--db", db).stdout
    assert "Sở Giao thông vận tải" in out and "Sở Xây dựng (unchecked)" in out
    assert "Sở Khoa học và Công nghệ" in out and "Sở Khoa học và Công nghệ (unchecked)" not in out


def test_dti_series_prints_a_units_points_by_pillar_and_year(tmp_path):
    db = str(tmp_path / "dti.duckdb")
    dti("ingest", str(SEED_FILES["003"]), "--db", db)
    out = dti("series", "K'ông Nô", "--db", db).stdout
    assert out.splitlines()[0] == "huyện Krông Nô"
    total = next(line for line in out.splitlines() if line.startswith("DTI "))
    assert total.split() == ["DTI", "Chỉ", "số", "chuyển", "đổi", "số", "của", "huyện", "655.26"]


def test_a_doc_without_libreoffice_names_the_missing_program_and_how_to_install_it(tmp_path: Path):
    import os

    env = {**os.environ, "PATH": str(Path(sys.executable).parent)}  # LibreOffice not on the path
    doc = REPO / "corpora" / "realdocs" / "VNI_BinhPhuoc_QD-991-2008-UBND_ke-hoach.doc"
    result = subprocess.run([sys.executable, "-m", "pipeline.cli", "extract", str(doc)], cwd=REPO, env=env,
                            capture_output=True, text=True, timeout=120)  # fmt: skip
    assert result.returncode == 7
    assert "needs LibreOffice to convert it, and it is not installed" in result.stderr
    assert "install it with: sudo apt-get install libreoffice-writer-nogui" in result.stderr


def test_dti_extract_and_dti_ingest_give_a_file_the_same_units_and_years(tmp_path: Path):
    from pipeline.load.warehouse import Warehouse

    plan = SEED_FILES["000"]  # Sở Giao thông vận tải's plan, told to be Sở Y tế's
    told = ("--province", "Đắk Nông", "--agency", "Sở Y tế", "--year", "2021")
    printed = [json.loads(line) for line in dti("extract", str(plan), *told).stdout.splitlines()]
    db = str(tmp_path / "dti.duckdb")
    assert dti("ingest", str(plan), "--db", db, *told).returncode == 0
    with Warehouse(db) as warehouse:
        _, stored = warehouse.query(
            "SELECT subject, subject_province, period, period_source FROM indicator_records ORDER BY position"
        )
    from_jsonl = [((r["subject"] or {}).get("canonical"), (r["subject"] or {}).get("province"), r["period"],
                   r["period_source"]) for r in printed]  # fmt: skip
    assert from_jsonl == [tuple(row) for row in stored]
    assert ("Sở Y tế", "Đắk Nông", 2023, "column") in from_jsonl  # the batch's word over the letterhead's
    assert ("Sở Giao thông vận tải", "Đắk Nông", 2023, "sentence") in from_jsonl  # a sentence's own unit wins
