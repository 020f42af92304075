"""Ingestion flows: a file, a batch (folder or manifest), a province by year, a backfill.

Each flow is the one batch loop of `dti ingest` (`pipeline.batch.ingest`), with the
extractions submitted as Prefect tasks on the flow's task runner (processes by default, or
a Dask cluster) and every write from the flow itself, the one writer.

    from flows.ingest import ingest_batch
    ingest_batch(["corpora/documents"], db_url="dti.duckdb", province="Đắk Nông")
"""

from __future__ import annotations

from flows import configure_prefect

configure_prefect()

from collections.abc import Iterator, Sequence  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

from prefect import flow, task  # noqa: E402
from prefect.cache_policies import NO_CACHE  # noqa: E402
from prefect.futures import as_completed  # noqa: E402
from prefect.task_runners import ProcessPoolTaskRunner  # noqa: E402

from pipeline.batch import BatchItem, BatchRequest, BatchSummary, Extracted, ExtractJob, ingest  # noqa: E402
from pipeline.load.warehouse import DEFAULT_WAIT_SECONDS  # noqa: E402
from pipeline.models import DocumentResult  # noqa: E402
from pipeline.settings import DEFAULT, Settings  # noqa: E402


@task(name="extract-document", retries=1, retry_delay_seconds=2, cache_policy=NO_CACHE)
def extract_document(item: BatchItem, job: ExtractJob) -> tuple[DocumentResult, float]:
    """Read, match and parse one file; a bad file comes back `failed`, it does not raise."""
    return job(item)


def prefect_tasks(items: Sequence[BatchItem], job: ExtractJob) -> Iterator[Extracted]:
    """`pipeline.batch.Submit` as Prefect tasks on the running flow's task runner (processes,
    threads or a Dask cluster), each item yielded as its task finishes."""
    futures = {extract_document.submit(item, job): item for item in items}
    for future in as_completed(list(futures)):
        result, seconds = future.result()
        yield futures[future], result, seconds


@flow(name="ingest-batch")
def ingest_batch(
    paths: list[str] | None = None,
    db_url: str = "dti.duckdb",
    manifest: str | None = None,
    province: str | None = None,
    year: int | None = None,
    agency: str | None = None,
    framework_id: str | None = None,
    frameworks_dirs: list[str] | None = None,
    learn_frameworks: bool = False,
    force: bool = False,
    workers: int = 2,
    wait_seconds: float = DEFAULT_WAIT_SECONDS,
    settings: dict[str, dict[str, Any]] | None = None,
) -> BatchSummary:
    """Load every document under `paths` and in `manifest` into the warehouse: the same
    `pipeline.batch.ingest` as `dti ingest`, with extractions as Prefect tasks. `settings` is
    `Settings.to_dict()` (every stage's settings; a stage left out keeps its defaults)."""
    request = BatchRequest.of(
        paths or (), manifest, province=province, year=year, agency=agency, db_url=db_url,
        wait_seconds=wait_seconds, workers=workers, framework_id=framework_id,
        frameworks_dirs=frameworks_dirs or (),
        learn_frameworks=learn_frameworks, settings=Settings.from_dict(settings) if settings else DEFAULT,
        force=force,
    )  # fmt: skip
    return ingest(request, submit=prefect_tasks)


def run_request(request: BatchRequest, dask: str | None = None) -> BatchSummary:
    """Run a `BatchRequest` as the `ingest-batch` flow, on `request.workers` local processes
    or on the Dask cluster whose scheduler is at `dask` ("tcp://scheduler:8786")."""
    items = request.items()  # fail before Prefect starts when there is nothing to load
    workers = request.worker_count(len(items))
    flow_run = with_dask(dask) if dask else with_processes(workers)
    return flow_run(
        [str(p) for p in request.paths], db_url=request.db_url,
        manifest=str(request.manifest) if request.manifest else None, province=request.province,
        year=request.year, agency=request.agency, framework_id=request.job.framework_id,
        frameworks_dirs=[str(p) for p in request.job.frameworks_dirs],
        learn_frameworks=request.learn_frameworks, force=request.force,
        workers=workers, wait_seconds=request.wait_seconds, settings=request.job.settings.to_dict(),
    )  # fmt: skip


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
