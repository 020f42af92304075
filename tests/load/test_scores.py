"""The scores feed in the warehouse: the `scores` view after a run, and `dti scores`."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import jsonschema

from pipeline import api
from pipeline.load.scores import scores_are_stale
from pipeline.load.warehouse import Warehouse
from tests.conftest import GENERATED, REPO, SEED_FILES
from tests.test_cli import dti

SCHEMA = json.loads((REPO / "schemas" / "score_item.schema.json").read_text(encoding="utf-8"))
DECISION = GENERATED / "results-daknong-2023.docx"


def test_after_a_run_the_scores_view_flags_the_total_typed_wrong(warehouse_url: str):
    api.ingest([DECISION], db=warehouse_url, workers=1)
    with Warehouse(warehouse_url) as warehouse:
        _, rows = warehouse.query(
            "SELECT subject, period, stated_points, computed_points FROM scores WHERE consistent = FALSE"
        )
        _, agreeing = warehouse.query("SELECT count(*) FROM scores WHERE level = 'total' AND consistent")
    assert rows == [("Sở Tư pháp", 2023, 767.45, 757.45)]
    assert agreeing == [(11,)]  # the decision's other 11 units


def test_documents_loaded_after_the_feed_make_it_stale_until_rebuilt(tmp_path: Path):
    db = str(tmp_path / "dti.duckdb")
    api.ingest([SEED_FILES["000"]], db=db, workers=1)
    with Warehouse(db) as warehouse:
        assert not scores_are_stale(warehouse)
        warehouse.query("UPDATE documents SET loaded_at = loaded_at + INTERVAL 1 SECOND")
        assert scores_are_stale(warehouse)
    _, rows = api.scores(db, subject="Sở Giao thông vận tải", year=2023)
    with Warehouse(db) as warehouse:
        assert not scores_are_stale(warehouse)
    assert [row[6] for row in rows][:2] == ["DTI", "1"]


def test_dti_scores_prints_json_lines_that_follow_the_schema(tmp_path: Path):
    db = str(tmp_path / "dti.duckdb")
    api.ingest([SEED_FILES["003"]], db=db, workers=1)
    result = dti("scores", "--db", db, "--subject", "Krông Nô", "--format", "jsonl")
    assert result.returncode == 0, result.stderr
    items = [json.loads(line) for line in result.stdout.splitlines()]
    for item in items:
        jsonschema.validate(item, SCHEMA)
    total = next(i for i in items if i["code"] == "DTI")
    assert (total["stated_points"], total["computed_points"], total["consistent"]) == (655.26, 655.26, True)
    assert (total["rank"], total["rank_of"]) == (3, 8)


def test_dti_scores_writes_parquet_with_typed_columns(tmp_path: Path):
    db, out = str(tmp_path / "dti.duckdb"), tmp_path / "scores.parquet"
    api.ingest([DECISION], db=db, workers=1)
    result = dti("scores", "--db", db, "--format", "parquet", "--out", str(out), "--inconsistent")
    assert result.returncode == 0, result.stderr
    rows = duckdb.sql(f"SELECT subject, code, stated_points, consistent, checks FROM '{out}'").fetchall()
    assert rows == [("Sở Tư pháp", "DTI", 767.45, False,
                     ["stated 767,45 points, computed 757,45 (the sum of 7 pillars)"])]  # fmt: skip


def test_dti_scores_asks_for_a_file_before_writing_parquet(tmp_path: Path):
    result = dti("scores", "--db", str(tmp_path / "dti.duckdb"), "--format", "parquet")
    assert result.returncode == 2 and "--out FILE.parquet" in result.stderr
