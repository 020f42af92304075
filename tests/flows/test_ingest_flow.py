"""The Prefect flows, run by the real Prefect engine against a temporary local API."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.load.warehouse import Warehouse
from tests.conftest import GENERATED, SEEDS

_HOME = tempfile.mkdtemp(prefix="dti-prefect-")
os.environ["PREFECT_HOME"] = _HOME  # never a user's own Prefect database

from flows import configure_prefect  # noqa: E402

configure_prefect()


@pytest.fixture(scope="module", autouse=True)
def prefect_api() -> Iterator[None]:
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=90):
        yield


def test_ingest_batch_on_a_local_dask_cluster_of_two_workers_loads_every_document(tmp_path: Path):
    from flows.ingest import with_dask

    batch = tmp_path / "batch"
    batch.mkdir()
    copied = 0
    for path in GENERATED.glob("*.docx"):
        (batch / path.name).write_bytes(path.read_bytes())
        copied += 1
    db = str(tmp_path / "dti.duckdb")
    summary = with_dask(workers=2)([str(batch)], db_url=db, province="Đắk Nông")
    assert (summary.ok, summary.failed, summary.skipped) == (copied, 0, 0)
    with Warehouse(db) as warehouse:
        _, rows = warehouse.query("SELECT count(*), count(DISTINCT province) FROM documents")
        _, runs = warehouse.query("SELECT status, workers FROM runs")
    assert rows == [(copied, 1)]
    assert runs == [("finished", 2)]


def test_ingest_batch_rerun_skips_what_is_loaded_and_records_the_broken_file(tmp_path: Path):
    from flows.ingest import ingest_batch

    batch = tmp_path / "batch"
    batch.mkdir()
    (batch / "ke-hoach.txt").write_bytes((SEEDS / "004_6f4a9049a3052fe7.txt").read_bytes())
    (batch / "hong.pdf").write_bytes(b"%PDF-1.4 cut")
    db = str(tmp_path / "dti.duckdb")
    first = ingest_batch([str(batch)], db_url=db, workers=1)
    second = ingest_batch([str(batch)], db_url=db, workers=1)
    assert (first.ok, first.failed) == (1, 1)
    assert (second.ok, second.skipped, second.failed) == (0, 1, 1)
    assert "hong.pdf: not a readable PDF" in second.failures[0][1]


def test_ingest_province_gives_each_year_folder_its_year(tmp_path: Path):
    from flows.ingest import ingest_province

    for year, name in (("2023", "agency-stttt-2024.docx"), ("2024", "agency-soyte-2025.docx")):
        (tmp_path / "dak-nong" / year).mkdir(parents=True)
        (tmp_path / "dak-nong" / year / name).write_bytes((GENERATED / name).read_bytes())
    db = str(tmp_path / "dti.duckdb")
    summaries = ingest_province(str(tmp_path / "dak-nong"), "Đắk Nông", db_url=db, workers=1)
    assert [s.ok for s in summaries] == [1, 1]
    with Warehouse(db) as warehouse:
        _, rows = warehouse.query("SELECT province, year, issuer FROM documents ORDER BY year")
    assert rows == [
        ("Đắk Nông", 2023, "Sở Thông tin và Truyền thông tỉnh Đắk Nông"),
        ("Đắk Nông", 2024, "Sở Y tế tỉnh Đắk Nông"),
    ]


def test_dti_ingest_with_and_without_prefect_fills_the_warehouse_the_same_way(tmp_path: Path):
    from pipeline import api
    from tests.conftest import REPO, warehouse_contents

    batch = tmp_path / "ke-hoach"
    batch.mkdir()
    for name in ("agency-stttt-2024.docx", "agency-soct-2024.pdf"):
        (batch / name).write_bytes((GENERATED / name).read_bytes())
    (batch / "hong.pdf").write_bytes(b"%PDF-1.4 cut")
    extra = tmp_path / "so-yte.docx"
    extra.write_bytes((GENERATED / "agency-soyte-2025.docx").read_bytes())
    manifest = tmp_path / "them.csv"
    manifest.write_text(f"path,province,agency,year\n{extra.name},Đắk Nông,Sở Y tế,2025\n", encoding="utf-8")
    frameworks_dir = tmp_path / "frameworks"
    frameworks_dir.mkdir()
    (frameworks_dir / "daknong-agency-2022.yaml").write_bytes(
        (REPO / "corpora" / "frameworks" / "daknong-agency-2022.yaml").read_bytes()
    )
    options = dict(manifest=manifest, province="Đắk Nông", year=2024, workers=2, wait_seconds=5,
                   frameworks_dirs=[frameworks_dir])  # fmt: skip
    plain = api.ingest([batch], db=str(tmp_path / "plain.duckdb"), **options)
    flow = api.ingest([batch], db=str(tmp_path / "flow.duckdb"), prefect=True, **options)
    assert (
        (plain.ok, plain.failed, plain.records)
        == (flow.ok, flow.failed, flow.records)
        == (3, 1, plain.records)
    )
    contents = warehouse_contents(str(tmp_path / "flow.duckdb"))
    assert contents == warehouse_contents(str(tmp_path / "plain.duckdb"))
    assert {row[10] for row in contents["documents"]} == {
        "daknong-agency-2022"
    }  # only the given folder's framework


def test_the_flow_takes_every_setting_and_fills_the_warehouse_as_the_plain_path_does(tmp_path: Path):
    from pipeline import api
    from pipeline.settings import MatchSettings, OcrSettings, Settings
    from tests.conftest import warehouse_contents

    batch = tmp_path / "ke-hoach"
    batch.mkdir()
    for name in ("agency-stttt-2024.docx", "district-krongno-2024.docx", "agency-soyte-2025.scan.pdf"):
        (batch / name).write_bytes((GENERATED / name).read_bytes())
    no_ocr = OcrSettings(enabled=False)
    # Plans need 10,000 matched rows to count as DTI documents: only a setting that reached the
    # workers can make these two plans "not a DTI document".
    strict = Settings(match=MatchSettings(min_dti_rows=10_000), ocr=no_ocr)
    plain = api.ingest([batch], db=str(tmp_path / "plain.duckdb"), workers=2, settings=strict)
    flow = api.ingest([batch], db=str(tmp_path / "flow.duckdb"), workers=2, settings=strict, prefect=True)
    default = api.ingest(
        [batch], db=str(tmp_path / "default.duckdb"), workers=2, settings=Settings(ocr=no_ocr)
    )
    contents = {
        name: warehouse_contents(str(tmp_path / f"{name}.duckdb")) for name in ("plain", "flow", "default")
    }
    assert contents["flow"] == contents["plain"]
    assert (flow.ok, flow.not_dti) == (plain.ok, plain.not_dti) == (0, 3)
    assert (default.ok, default.not_dti) == (2, 1)  # the scan's pages left out, as --no-ocr says


def test_dti_ingest_dask_runs_the_batch_on_an_existing_cluster_over_tcp(tmp_path: Path):
    import socket
    import subprocess
    import sys
    import time

    from tests.conftest import REPO

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    address = f"tcp://127.0.0.1:{port}"
    cluster = [subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1",
                                 "--port", str(port), "--no-dashboard"], cwd=tmp_path, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)]  # fmt: skip
    try:
        time.sleep(3)
        cluster += [subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_worker", address, "--nthreads", "1",
                                      "--no-dashboard"], cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                    for _ in range(2)]  # fmt: skip
        batch = tmp_path / "ke-hoach"
        batch.mkdir()
        for name in ("agency-stttt-2024.docx", "district-krongno-2024.docx", "agency-soyte-2025.txt"):
            (batch / name).write_bytes((GENERATED / name).read_bytes())
        db = str(tmp_path / "dti.duckdb")
        from prefect.settings import PREFECT_API_URL

        env = {**os.environ, "PREFECT_API_URL": PREFECT_API_URL.value()}  # the harness's API, already up
        result = subprocess.run([sys.executable, "-m", "pipeline.cli", "ingest", str(batch), "--db", db, "--dask",
                                 address], cwd=REPO, env=env, capture_output=True, text=True, timeout=300)  # fmt: skip
    finally:
        for process in cluster:
            process.terminate()
            process.wait(timeout=30)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "3 ok, 0 partial, 0 failed" in result.stdout
    with Warehouse(db) as warehouse:
        _, runs = warehouse.query("SELECT status FROM runs")
    assert runs == [("finished",)]
