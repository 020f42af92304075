"""The warehouse when things go wrong: a connection cut under a load, three batches ending at
once, a failure's traceback kept, a password never shown, coverage counted once."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from pipeline import api
from pipeline.batch import BatchItem, run_batch
from pipeline.coverage import coverage
from pipeline.errors import WarehouseError
from pipeline.frameworks import load_frameworks
from pipeline.load.warehouse import Warehouse, redacted
from pipeline.models import DocumentResult, ErrorItem
from pipeline.process import extract_file
from tests.conftest import REPO, SEED_FILES
from tests.load.conftest import CORPUS_DOCUMENTS, counts


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgresql://dti:bi-mat@db.tinh.vn:5432/dti", "postgresql://dti@db.tinh.vn:5432/dti"),
        ("postgresql://db.tinh.vn/dti?user=dti&password=bi-mat", "postgresql://dti@db.tinh.vn/dti"),
        ("postgres://dti:p%40ss%3Aw@db.tinh.vn/dti?sslmode=require",
         "postgresql://dti@db.tinh.vn/dti?sslmode=require"),
        ("postgresql://dti@db.tinh.vn/dti?sslpassword=bi-mat&application_name=dti",
         "postgresql://dti@db.tinh.vn/dti?application_name=dti"),
        ("kho/dti.duckdb", "kho/dti.duckdb"),
    ],
)  # fmt: skip
def test_a_warehouse_url_is_shown_without_any_secret(url: str, shown: str):
    assert redacted(url) == shown
    assert "bi-mat" not in redacted(url) and "p%40ss" not in redacted(url)


def test_a_url_psycopg_cannot_read_is_shown_as_nothing_that_might_be_a_secret():
    assert redacted("postgresql://dti:bi-mat@[db/dti") == "postgresql://(an unreadable URL, not shown)"


def test_a_connection_cut_under_a_load_is_a_warehouse_error_and_loads_nothing(postgres_url: str):
    result = api.extract(SEED_FILES["004"])
    with Warehouse(postgres_url) as warehouse:
        warehouse.ensure_schema(load_frameworks())
        run = warehouse.begin_run(["x"], None, None, 1)
        pid = warehouse.query("SELECT pg_backend_pid()")[1][0][0]
        with psycopg.connect(postgres_url.split("?")[0], autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", [pid])  # the server drops the session
        with pytest.raises(
            WarehouseError, match=r"the PostgreSQL connection failed .*; check the server, then re-run"
        ):
            warehouse.load(result, run, 0.1)
    assert counts(postgres_url)["documents"] == 0


def test_three_batches_ending_together_on_postgresql_each_rebuild_the_feed_whole(
    tmp_path: Path, postgres_url: str
):
    # Three small batches over overlapping files: they end within moments of each other, and
    # each rebuilds the scores feed at its end.
    names = ["000_e2403546871f551a.txt", "003_d1992ec31cc5c668.txt", "004_6f4a9049a3052fe7.txt"]
    folders = []
    for n in range(3):
        folder = tmp_path / f"lo-{n}"
        folder.mkdir()
        for name in (names[n], names[(n + 1) % 3]):
            (folder / name).write_bytes(SEED_FILES[name[:3]].read_bytes())
        folders.append(folder)
    batches = [
        subprocess.Popen([sys.executable, "-m", "pipeline.cli", "ingest", str(folder), "--db", postgres_url,
                          "--workers", "1"], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for folder in folders
    ]  # fmt: skip
    for batch in batches:
        _, err = batch.communicate(timeout=600)
        assert batch.returncode == 0, err
        assert "UniqueViolation" not in err
    with Warehouse(postgres_url) as warehouse:
        _, documents = warehouse.query("SELECT count(*), count(DISTINCT document_sha256) FROM documents")
        _, runs = warehouse.query("SELECT status FROM runs")
        _, feed = warehouse.query(
            "SELECT count(*), count(DISTINCT (subject, period, framework, code)) FROM score_items"
        )
    assert documents == [(3, 3)]
    assert sorted(r[0] for r in runs) == ["finished"] * 3
    assert feed[0][0] == feed[0][1] > 20


def test_an_unexpected_failure_keeps_its_traceback_for_dti_runs_verbose(tmp_path: Path, warehouse_url: str):
    traceback = 'Traceback (most recent call last):\n  File "rankings.py", line 117\nValueError: tuple.index(x): x not in tuple'
    failed = DocumentResult("bao-cao.docx", "failed", errors=(ErrorItem(
        "extract", "bao-cao.docx: extraction failed unexpectedly (ValueError: tuple.index(x): x not in tuple)",
        "Bug", traceback),))  # fmt: skip
    with Warehouse(warehouse_url) as warehouse:
        run_batch([BatchItem(Path("bao-cao.docx"))], warehouse, inputs=["x"],
                  submit=lambda items, job: [(items[0], failed, 0.1)])  # fmt: skip
    plain = subprocess.run([sys.executable, "-m", "pipeline.cli", "runs", "--db", warehouse_url], cwd=REPO,
                           capture_output=True, text=True, timeout=60)  # fmt: skip
    verbose = subprocess.run([sys.executable, "-m", "pipeline.cli", "-v", "runs", "--db", warehouse_url],
                             cwd=REPO, capture_output=True, text=True, timeout=60)  # fmt: skip
    assert "failed  bao-cao.docx: bao-cao.docx: extraction failed unexpectedly" in plain.stdout
    assert "Traceback" not in plain.stdout
    assert "    ValueError: tuple.index(x): x not in tuple" in verbose.stdout
    assert re.search(r"^    Traceback \(most recent call last\):$", verbose.stdout, re.MULTILINE)


def test_coverage_in_python_and_in_the_warehouse_view_agree_on_the_whole_corpus(corpus: Path, tmp_path: Path):
    frameworks = load_frameworks()
    results = [extract_file(path, frameworks) for path in sorted(p for p in corpus.rglob("*") if p.is_file())]
    with Warehouse(str(tmp_path / "dti.duckdb")) as warehouse:
        warehouse.ensure_schema(frameworks)
        run = warehouse.begin_run(["corpus"], None, None, 1)
        for result in results:
            warehouse.load(result, run, 0.0)
        _, rows = warehouse.query("SELECT source_path, subject, indicator_code, state FROM coverage")
    in_sql: dict[str, set[tuple]] = {}
    for path, subject, code, state in rows:
        in_sql.setdefault(path, set()).add((subject, code, state))
    compared = [result for result in results if result.framework is not None]
    for result in compared:
        lines = coverage(result, frameworks[result.framework])
        assert {(line.subject, line.code, line.state) for line in lines} == in_sql.get(
            result.source_path, set()
        )
    assert len(compared) == CORPUS_DOCUMENTS - 1
    assert sum(len(lines) for lines in in_sql.values()) > 1000
