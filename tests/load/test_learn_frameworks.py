"""`dti ingest --learn-frameworks`: a batch that holds a province's framework decision and one
of its agencies' plans, on DuckDB and PostgreSQL. The decision is imported first, the plan
is matched on it, and the warehouse records the framework it was matched against."""

from __future__ import annotations

import shutil
from pathlib import Path

from corpora.build.framework_decisions import OUT
from pipeline import api
from pipeline.load.warehouse import Warehouse


def batch_of(tmp_path: Path) -> Path:
    batch = tmp_path / "kon-tum"
    batch.mkdir()
    shutil.copy(OUT / "framework-decision-02.docx", batch / "qd-bo-chi-so-2025.docx")
    shutil.copy(OUT / "framework-decision-02.plan.docx", batch / "ke-hoach-so-y-te.docx")
    return batch


def test_a_batch_learns_its_frameworks_before_matching_its_plans(tmp_path: Path, warehouse_url: str):
    learnt_into = tmp_path / "frameworks"
    summary = api.ingest([batch_of(tmp_path)], db=warehouse_url, workers=1, learn_frameworks=True,
                         frameworks_dirs=[learnt_into])  # fmt: skip
    assert (summary.ok, summary.framework_decisions, summary.failed) == (1, 1, 0)
    assert summary.learned == ["kontum-agency-2025", "kontum-commune-2025"]
    assert sorted(p.name for p in learnt_into.glob("*.yaml")) == [
        "kontum-agency-2025.yaml",
        "kontum-commune-2025.yaml",
    ]
    with Warehouse(warehouse_url) as warehouse:
        _, matched = warehouse.query("SELECT DISTINCT framework FROM indicator_records")
        _, known = warehouse.query(
            "SELECT framework_index, province, version FROM frameworks WHERE framework_id = 'kontum-agency-2025'"
        )
        _, outcomes = warehouse.query(
            "SELECT status, reason FROM outcomes WHERE source_path LIKE ?", ["%qd-bo-chi-so%"]
        )
    assert matched == [("kontum-agency-2025",)]
    assert known == [("DTI", "Kon Tum", 1)]
    assert outcomes == [
        ("framework", "a framework decision: imported as kontum-agency-2025, kontum-commune-2025")
    ]


def test_without_the_flag_a_decision_is_recorded_as_one_with_the_command_to_import_it(
    tmp_path: Path, warehouse_url: str
):
    summary = api.ingest([batch_of(tmp_path)], db=warehouse_url, workers=1)
    assert (summary.ok, summary.framework_decisions) == (1, 1)
    with Warehouse(warehouse_url) as warehouse:
        _, outcomes = warehouse.query(
            "SELECT status, reason FROM outcomes WHERE source_path LIKE ?", ["%qd-bo-chi-so%"]
        )
        _, matched = warehouse.query("SELECT DISTINCT framework FROM indicator_records")
    assert outcomes[0][0] == "framework" and "dti frameworks import" in outcomes[0][1]
    assert matched == [("daknong-agency-2022",)]  # Kon Tum's own framework is not known yet
