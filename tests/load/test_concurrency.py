"""Batches killed, re-run and run side by side, as `dti ingest` processes on the real engines."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb

from pipeline.load.warehouse import Warehouse
from tests.conftest import REPO
from tests.load.conftest import CORPUS_DOCUMENTS, CORPUS_RECORDS, counts


def start_ingest(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "pipeline.cli", "ingest", *args],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def loaded_so_far(url: str) -> int:
    try:
        with Warehouse(url, wait_seconds=0.2) as warehouse:
            _, rows = warehouse.query("SELECT count(*) FROM outcomes WHERE status = 'ok'")
        return rows[0][0]
    except Exception:  # not created yet, or the writer holds the DuckDB file this instant
        return 0


def test_a_batch_killed_halfway_then_rerun_loads_every_document_exactly_once(
    corpus: Path, warehouse_url: str
):
    process = start_ingest(str(corpus), "--db", warehouse_url, "--workers", "1")
    deadline = time.monotonic() + 120
    while loaded_so_far(warehouse_url) < 4 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    loaded_at_kill = counts(warehouse_url)["documents"]
    assert 4 <= loaded_at_kill < CORPUS_DOCUMENTS

    rerun = start_ingest(str(corpus), "--db", warehouse_url, "--workers", "1")
    out, err = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, err
    summary = re.search(r"(\d+) ok, 0 partial, 0 failed, (\d+) not a DTI document, 0 framework decision\(s\), (\d+) skipped", out)
    ok, not_dti, skipped = (int(n) for n in summary.groups())
    assert (ok + not_dti, skipped) == (CORPUS_DOCUMENTS - loaded_at_kill, loaded_at_kill)
    final = counts(warehouse_url)
    assert (final["documents"], final["records"]) == (CORPUS_DOCUMENTS, CORPUS_RECORDS)
    assert final["duplicate_records"] == final["duplicate_paths"] == 0
    with Warehouse(warehouse_url) as warehouse:
        _, runs = warehouse.query("SELECT status FROM runs ORDER BY started_at")
    assert [r[0] for r in runs] == ["running", "finished"]  # the killed run never finished


def test_two_ingests_on_overlapping_files_against_postgres_lose_and_duplicate_nothing(
    corpus: Path, postgres_url: str
):
    generated = corpus / "generated"
    first = start_ingest(str(corpus), "--db", postgres_url, "--workers", "1")
    second = start_ingest(str(generated), "--db", postgres_url, "--workers", "1")
    for process in (first, second):
        _, err = process.communicate(timeout=300)
        assert process.returncode == 0, err
    final = counts(postgres_url)
    assert (final["documents"], final["records"]) == (CORPUS_DOCUMENTS, CORPUS_RECORDS)
    assert final["duplicate_records"] == final["duplicate_paths"] == 0


def test_two_ingests_on_one_duckdb_file_take_turns(corpus: Path, tmp_path: Path):
    db = str(tmp_path / "dti.duckdb")
    first = start_ingest(str(corpus), "--db", db, "--workers", "1")
    second = start_ingest(str(corpus / "generated"), "--db", db, "--workers", "1")
    for process in (first, second):
        _, err = process.communicate(timeout=300)
        assert process.returncode == 0, err
    final = counts(db)
    assert (final["documents"], final["records"]) == (CORPUS_DOCUMENTS, CORPUS_RECORDS)
    assert final["duplicate_records"] == 0


def test_a_duckdb_file_held_by_another_process_is_reported_busy(corpus: Path, tmp_path: Path):
    db = tmp_path / "dti.duckdb"
    holder = subprocess.Popen(
        [sys.executable, "-c", f"import duckdb, time; c = duckdb.connect({str(db)!r}); print('held', flush=True); time.sleep(60)"],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        result = subprocess.run(
            [sys.executable, "-m", "pipeline.cli", "ingest", str(corpus / "seeds"), "--db", str(db), "--wait", "1"],
            cwd=REPO, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
    finally:
        holder.kill()
        holder.wait()
    assert result.returncode == 6
    assert f"dti: error: {db}: the DuckDB file is busy" in result.stderr
    assert "use PostgreSQL" in result.stderr
    duckdb.connect(str(db)).close()  # released: usable again
