"""Failures that stay as small as their cause: a killed worker, a file that is no file, an odd
name, an error worth retrying, the order workers finish in."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.batch import BatchItem, _retrying, items_from_paths, run_batch
from pipeline.errors import InputFileError, TransientReadError
from pipeline.load import queries
from pipeline.load.warehouse import Warehouse
from tests.conftest import GENERATED, REPO, SEEDS


def _dti(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pipeline.cli", *args], cwd=REPO, capture_output=True,
                          text=True, timeout=timeout)  # fmt: skip


def _thirty_plans(folder: Path) -> list[Path]:
    """Thirty distinct text plans: the seeds and generated text plans, each copy with a line
    of its own so every file has its own sha256."""
    sources = sorted(SEEDS.glob("*.txt")) + sorted(GENERATED.glob("*.txt"))
    folder.mkdir()
    paths = []
    for n in range(30):
        source = sources[n % len(sources)]
        path = folder / f"{n:02d}-{source.name}"
        path.write_bytes(source.read_bytes() + f"\nBản sao số {n}.\n".encode())
        paths.append(path)
    return paths


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(p) for p in text.split()]


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "gone"


def _outcomes(db: str) -> int:
    try:
        with Warehouse(db, wait_seconds=0.1) as warehouse:
            return warehouse.query("SELECT count(*) FROM outcomes")[1][0][0]
    except Exception:  # not created yet, or the writer holds the DuckDB file this instant
        return 0


def _alive(pid: int) -> bool:
    return _state(pid) not in ("gone", "Z")


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads worker processes from /proc")
def test_a_worker_killed_mid_batch_fails_only_its_document_and_a_rerun_loads_it(tmp_path: Path):
    _thirty_plans(tmp_path / "batch")
    db = str(tmp_path / "dti.duckdb")
    batch = subprocess.Popen(
        [sys.executable, "-m", "pipeline.cli", "ingest", str(tmp_path / "batch"), "--db", db, "--workers", "2"],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    deadline = time.monotonic() + 120
    while _outcomes(db) < 3 and time.monotonic() < deadline and batch.poll() is None:
        time.sleep(0.05)  # the batch is under way: workers hold documents
    killed = None
    while killed is None and time.monotonic() < deadline and batch.poll() is None:
        busy = [pid for pid in _children(batch.pid) if _state(pid) == "R"]  # a worker reading a plan
        if busy:
            os.kill(busy[0], signal.SIGKILL)
            killed = busy[0]
        time.sleep(0.005)
    out, err = batch.communicate(timeout=300)
    assert killed is not None, "no worker was seen at work"
    assert batch.returncode == 5, err
    ok, failed, not_dti = (
        int(n) for n in re.search(r"(\d+) ok, 0 partial, (\d+) failed, (\d+) not a DTI", out).groups()
    )
    assert (ok + not_dti, failed) == (29, 1)  # seed 001, a meeting notice, is read but is not about DTI
    assert "the worker process reading it died (killed by SIGKILL); re-run to retry it" in out
    with Warehouse(db) as warehouse:
        _, failed = warehouse.query("SELECT source_path, reason FROM outcomes WHERE status = 'failed'")
    assert len(failed) == 1 and failed[0][0] in failed[0][1]

    rerun = _dti("ingest", str(tmp_path / "batch"), "--db", db, "--workers", "2")
    assert rerun.returncode == 0, rerun.stderr
    assert re.search(r"[01] ok, 0 partial, 0 failed, [01] not a DTI document, 0 framework decision\(s\), 29 skipped", rerun.stdout)


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads worker processes from /proc")
def test_workers_end_when_the_batch_process_is_killed(tmp_path: Path):
    _thirty_plans(tmp_path / "batch")
    batch = subprocess.Popen(
        [sys.executable, "-m", "pipeline.cli", "ingest", str(tmp_path / "batch"), "--db",
         str(tmp_path / "dti.duckdb"), "--workers", "2"],
        cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    workers: list[int] = []
    while len(workers) < 2 and time.monotonic() < deadline:
        workers = _children(batch.pid)
        time.sleep(0.05)
    assert len(workers) == 2
    os.kill(batch.pid, signal.SIGKILL)
    batch.wait()
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in workers)


def test_a_named_pipe_and_a_broken_link_are_named_and_the_batch_goes_on(tmp_path: Path):
    batch = tmp_path / "batch"
    batch.mkdir()
    (batch / "ke-hoach.txt").write_bytes((SEEDS / "004_6f4a9049a3052fe7.txt").read_bytes())
    os.mkfifo(batch / "dang-tai.pdf")  # a download that never came: reading it would wait for ever
    (batch / "da-xoa.docx").symlink_to(tmp_path / "nowhere.docx")
    result = _dti("ingest", str(batch), "--db", str(tmp_path / "dti.duckdb"), "--workers", "1", timeout=120)
    assert result.returncode == 5
    assert "1 ok, 0 partial, 2 failed" in result.stdout
    assert "dang-tai.pdf: a named pipe, not a regular file; dti reads only files" in result.stdout
    assert "da-xoa.docx: a link to a file that does not exist" in result.stdout


def test_a_file_name_that_is_not_utf8_is_loaded_and_shown_with_its_stray_byte(tmp_path: Path):
    batch = tmp_path / "batch"
    batch.mkdir()
    name = os.fsencode(batch) + b"/k\xe9-hoach.txt"  # a Latin-1 name from an old archive
    with open(name, "wb") as handle:
        handle.write((SEEDS / "004_6f4a9049a3052fe7.txt").read_bytes())
    result = _dti("ingest", str(batch), "--db", str(tmp_path / "dti.duckdb"), "--workers", "1", timeout=120)
    assert result.returncode == 0, result.stderr
    assert "1 ok" in result.stdout
    with Warehouse(str(tmp_path / "dti.duckdb")) as warehouse:
        _, rows = warehouse.query("SELECT source_path FROM documents")
    assert rows == [(str(batch) + "/k\\xe9-hoach.txt",)]


def test_an_error_worth_retrying_is_tried_three_times_and_no_other_is_retried():
    attempts: list[int] = []

    def read(fails: int, error: type[Exception]) -> str:
        attempts.append(1)
        if len(attempts) <= fails:
            raise error("ke-hoach.pdf: cannot be read just now (Input/output error)")
        return "read"

    for attempt in _retrying():
        with attempt:
            outcome = read(2, TransientReadError)
    assert (outcome, len(attempts)) == ("read", 3)
    attempts.clear()
    with pytest.raises(InputFileError):
        for attempt in _retrying():
            with attempt:
                read(5, InputFileError)
    assert len(attempts) == 1


def test_the_same_files_in_any_order_give_the_same_scores_feed(tmp_path: Path):
    names = ["results-daknong-2023.docx", "agency-sotp-2024-unruled.docx", "agency-soyte-2025.docx"]
    seeds = sorted(SEEDS.glob("00[03]_*.txt"))
    paths = [*(GENERATED / n for n in names), *seeds]
    feeds = []
    for order, listed in (("forward", paths), ("backward", paths[::-1])):
        db = str(tmp_path / f"{order}.duckdb")
        with Warehouse(db) as warehouse:
            run_batch([BatchItem(p) for p in listed], warehouse, inputs=[order], workers=1)
        with Warehouse(db) as warehouse:
            feeds.append(queries.scores(warehouse)[1])
    assert feeds[0] == feeds[1]
    assert len(feeds[0]) > 100


def test_a_run_whose_process_was_killed_is_shown_interrupted(tmp_path: Path):
    items = items_from_paths([SEEDS / "004_6f4a9049a3052fe7.txt"])
    db = str(tmp_path / "dti.duckdb")
    killed = subprocess.Popen(
        [sys.executable, "-m", "pipeline.cli", "ingest", str(GENERATED), "--db", db, "--workers", "1"],
        cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while _outcomes(db) < 1 and time.monotonic() < deadline:
        time.sleep(0.05)
    os.kill(killed.pid, signal.SIGKILL)
    killed.wait()
    with Warehouse(db) as warehouse:
        run_batch(items, warehouse, inputs=["again"], workers=1)
    listed = _dti("runs", "--db", db)
    statuses = re.findall(r"^\S+\s+\S+ \S+\s+(\S+)", listed.stdout, re.MULTILINE)
    assert statuses[:2] == ["finished", "interrupted"], listed.stdout
