"""Ingestion flows: a file, a batch (folder or manifest), a province by year, a backfill.

Each flow is the same three steps as `dti ingest` — `plan` (skip files already loaded),
`extract_item` as Prefect tasks running concurrently on the flow's task runner (processes
by default, or a Dask cluster), and `store` from the flow itself, the one writer.

    from flows.ingest import ingest_batch
    ingest_batch(["corpora/documents"], db_url="dti.duckdb", province="Đắk Nông")
"""

from __future__ import annotations

from flows import configure_prefect

configure_prefect()

from pathlib import Path  # noqa: E402

from prefect import flow, task  # noqa: E402
from prefect.cache_policies import NO_CACHE  # noqa: E402
from prefect.task_runners import ProcessPoolTaskRunner  # noqa: E402

from pipeline.batch import (  # noqa: E402
    BatchItem,
    BatchSummary,
    batch_run,
    extract_item,
    items_from_manifest,
    items_from_paths,
    plan,
    store,
)
from pipeline.load.warehouse import Warehouse  # noqa: E402
from pipeline.models import DocumentResult  # noqa: E402


@task(name="extract-document", retries=1, retry_delay_seconds=2, cache_policy=NO_CACHE)
def extract_document(path: str, framework_id: str | None = None) -> tuple[DocumentResult, float]:
    """Read, match and parse one file; a bad file comes back `failed`, it does not raise."""
    return extract_item(Path(path), framework_id)


@flow(name="ingest-batch")
def ingest_batch(
    paths: list[str] | None = None,
    db_url: str = "dti.duckdb",
    manifest: str | None = None,
    province: str | None = None,
    year: int | None = None,
    agency: str | None = None,
    framework_id: str | None = None,
    workers: int = 2,
) -> BatchSummary:
    """Load every document under `paths` (and in `manifest`) into the warehouse."""
    items: list[BatchItem] = items_from_paths([Path(p) for p in paths or []], province, year, agency)
    if manifest:
        items += items_from_manifest(Path(manifest))
    inputs = [*(paths or []), *([f"manifest:{manifest}"] if manifest else [])]
    with Warehouse(db_url) as warehouse, batch_run(warehouse, inputs, province, year, workers) as summary:
        todo = plan(items, warehouse, summary.run_id, summary)
        futures = [extract_document.submit(str(item.path), framework_id) for item in todo]
        for item, future in zip(todo, futures, strict=True):
            result, seconds = future.result()
            store(warehouse, summary.run_id, item, result, seconds, summary)
    return summary


@flow(name="ingest-file")
def ingest_file(
    path: str, db_url: str = "dti.duckdb", province: str | None = None, year: int | None = None
) -> BatchSummary:
    """Load one document."""
    return ingest_batch([path], db_url=db_url, province=province, year=year, workers=1)


@flow(name="ingest-province")
def ingest_province(
    folder: str, province: str, db_url: str = "dti.duckdb", workers: int = 2
) -> list[BatchSummary]:
    """Load a province's folder: each subfolder named for a year ("2023/", "2024/") is a batch
    with that year; files directly in the folder take the year of their own date."""
    root = Path(folder)
    summaries = []
    loose = [str(p) for p in root.iterdir() if p.is_file()]
    if loose:
        summaries.append(ingest_batch(loose, db_url=db_url, province=province, workers=workers))
    for sub in sorted(p for p in root.iterdir() if p.is_dir()):
        year = int(sub.name) if sub.name.isdigit() else None
        summaries.append(
            ingest_batch([str(sub)], db_url=db_url, province=province, year=year, workers=workers)
        )
    return summaries


@flow(name="backfill")
def backfill(
    root: str, provinces: dict[str, str], db_url: str = "dti.duckdb", workers: int = 2
) -> list[BatchSummary]:
    """Years × provinces: `provinces` maps a folder under `root` to the province's name,
    e.g. {"dak-nong": "Đắk Nông", "kon-tum": "Kon Tum"}."""
    summaries: list[BatchSummary] = []
    for folder, province in provinces.items():
        summaries.extend(ingest_province(str(Path(root) / folder), province, db_url=db_url, workers=workers))
    return summaries


def with_processes(workers: int):  # type: ignore[no-untyped-def]
    """`ingest_batch` with its extraction tasks in `workers` local processes."""
    return ingest_batch.with_options(task_runner=ProcessPoolTaskRunner(max_workers=workers))


def with_dask(address: str | None = None, workers: int = 2):  # type: ignore[no-untyped-def]
    """`ingest_batch` on a Dask cluster: an existing one at `address`, else a local one."""
    from prefect_dask import DaskTaskRunner

    if address:
        runner = DaskTaskRunner(address=address)
    else:
        runner = DaskTaskRunner(
            cluster_kwargs={"n_workers": workers, "threads_per_worker": 1, "processes": True}
        )
    return ingest_batch.with_options(task_runner=runner)
