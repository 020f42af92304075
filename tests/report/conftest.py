"""One warehouse of the born-digital corpus and its report, built once for the report tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline import api
from pipeline.load.warehouse import Warehouse
from pipeline.report.data import ReportData, report_data
from tests.conftest import REPO


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The seeds and the generated DOCX, PDF and text documents (no scans) in DuckDB."""
    root = tmp_path_factory.mktemp("sample")
    for source in (REPO / "corpora" / "documents").rglob("*"):
        if source.suffix in (".txt", ".docx", ".pdf") and not source.name.endswith(".scan.pdf"):
            (root / source.name).write_bytes(source.read_bytes())
    db = str(root / "dti.duckdb")
    api.ingest([root], db=db, workers=2)
    return db


@pytest.fixture(scope="session")
def sample_report(sample_db: str, tmp_path_factory: pytest.TempPathFactory) -> api.ReportFiles:
    return api.report(sample_db, tmp_path_factory.mktemp("report"))


@pytest.fixture(scope="session")
def sample_data(sample_db: str, sample_report: api.ReportFiles) -> ReportData:
    with Warehouse(sample_db) as warehouse:
        return report_data(warehouse)


def subjects_with_records(db: str) -> set[str]:
    with Warehouse(db) as warehouse:
        _, rows = warehouse.query("SELECT DISTINCT subject FROM indicator_records WHERE subject IS NOT NULL")
    return {row[0] for row in rows}


def report_path(files: api.ReportFiles) -> Path:
    return files.html
