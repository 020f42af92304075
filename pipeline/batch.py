"""A batch of documents into the warehouse: plan → extract (in parallel) → store (one writer).

There is one batch loop, `run_batch`; what varies is how extractions are submitted (`Submit`:
in this process, a local process pool, or Prefect tasks on processes or a Dask cluster), so
`dti ingest`, `pipeline.api.ingest` and the Prefect flows in `flows/` are thin over it.
`BatchRequest` says what to load; `plan` skips files already loaded by this pipeline
version; `ExtractJob` runs in workers and never raises for a bad file; `store` writes one
document and its outcome atomically. A file that fails is recorded with its reason and the
batch goes on; re-running the batch loads exactly what is missing.
"""

from __future__ import annotations

import csv
import hashlib
import os
import stat
import time
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures import as_completed
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol

from tenacity import Retrying, retry_if_exception, stop_after_attempt, wait_exponential

from pipeline.errors import DocumentLoadError, DtiError, InputFileError, display_path, error_detail
from pipeline.extract import SUPPORTED, SUPPORTED_SUFFIXES
from pipeline.frameworks import load_frameworks
from pipeline.learning import learn, place
from pipeline.load.scores import refresh_scores
from pipeline.load.warehouse import DEFAULT_WAIT_SECONDS, Warehouse
from pipeline.models import BatchContext, DocumentResult, ErrorItem, Framework, Outcome
from pipeline.normalize.framework_tables import defines_framework
from pipeline.process import extract_file, read
from pipeline.settings import DEFAULT, Settings
from pipeline.workers import WorkerDied, worker_pool

TRANSIENT_ATTEMPTS = 3
POOL_RESTARTS = 3  # new pools tried after one breaks, before the documents left are failed
DOCUMENT_TIME_LIMIT = 1800.0  # seconds one document may take in a worker before it is stopped


def _retrying() -> Retrying:
    """Retries of a transient error (`DtiError.retryable`: a share that dropped, a PostgreSQL
    server restarting), three attempts with a growing pause; any other error is raised at once."""
    return Retrying(
        retry=retry_if_exception(lambda exc: isinstance(exc, DtiError) and exc.retryable),
        stop=stop_after_attempt(TRANSIENT_ATTEMPTS),
        wait=wait_exponential(multiplier=0.5, max=4),
        reraise=True,
    )


@dataclass(frozen=True)
class BatchItem:
    """One file to load, with what the batch knows about it."""

    path: Path
    context: BatchContext = field(default_factory=BatchContext)

    @property
    def name(self) -> str:
        """The path as text, whatever bytes the file's name holds."""
        return display_path(self.path)


@dataclass
class BatchSummary:
    """What a batch did: counts, seconds, and each failure with its reason."""

    run_id: str
    ok: int = 0
    partial: int = 0
    not_dti: int = 0  # read, but not about DTI: no framework, kept out of coverage
    framework_decisions: int = 0  # decisions that issue frameworks (imported with --learn-frameworks)
    learned: list[str] = field(default_factory=list)  # the framework files --learn-frameworks wrote
    failed: int = 0
    skipped: int = 0
    records: int = 0
    seconds: float = 0.0
    failures: list[tuple[str, str]] = field(default_factory=list)


# ---------------------------------------------------------------------- what to load


def documents_under(paths: Iterable[Path]) -> Iterator[Path]:
    """Files under the given paths (folders searched recursively) in a supported format. An
    entry that is not a regular file (a named pipe, a device, a link to nothing) is yielded too,
    so extraction names it and the run records it, never reading from it."""
    for path in paths:
        if path.is_dir():
            yield from sorted(
                p for p in path.rglob("*") if p.suffix.lower() in SUPPORTED_SUFFIXES and not p.is_dir()
            )
        else:
            yield path


def is_regular_file(path: Path) -> bool:
    """Whether the path is a regular file (links followed), found without opening it: opening a
    named pipe would wait for a writer for ever."""
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return False


def items_from_paths(
    paths: Iterable[Path], province: str | None = None, year: int | None = None, agency: str | None = None
) -> list[BatchItem]:
    context = BatchContext(province=province, agency=agency, year=year)
    return [BatchItem(path, context) for path in documents_under(paths)]


def items_from_manifest(manifest: Path) -> list[BatchItem]:
    """Rows of a manifest CSV: `path,province,agency,year` (paths relative to the CSV).

    "ke-hoach-stttt-2024.pdf,Đắk Nông,Sở Thông tin và Truyền thông,2024"
    """
    try:
        text = manifest.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InputFileError(f"{manifest}: cannot read the manifest ({exc.strerror})") from exc
    reader = csv.DictReader(text.splitlines())
    if reader.fieldnames is None or "path" not in reader.fieldnames:
        raise InputFileError(
            f"{manifest}: a manifest needs a header row with a 'path' column (and province, agency, year)"
        )
    items = []
    for line, row in enumerate(reader, start=2):
        year_text = (row.get("year") or "").strip()
        if year_text and not year_text.isdigit():
            raise InputFileError(f"{manifest}, line {line}: year {year_text!r} is not a number")
        path = manifest.parent / row["path"].strip()
        context = BatchContext(
            province=(row.get("province") or "").strip() or None,
            agency=(row.get("agency") or "").strip() or None,
            year=int(year_text) if year_text else None,
        )
        items.extend(BatchItem(p, context) for p in documents_under([path]))
    return items


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def plan(
    items: Sequence[BatchItem], warehouse: Warehouse, run_id: str, summary: BatchSummary, force: bool = False
) -> list[BatchItem]:
    """The items still to load; files already loaded unchanged are recorded as skipped, unless
    `force` asks for every file to be extracted again (its corrections follow its records)."""
    if force:
        return list(items)
    todo = []
    for item in items:
        if not is_regular_file(item.path):
            todo.append(item)  # extraction names what it is, without opening it
            continue
        try:
            sha = file_sha256(item.path)
        except OSError:
            todo.append(item)  # extraction will report the reason
            continue
        if warehouse.is_loaded(sha):
            warehouse.record_outcome(
                run_id, item.name, sha, Outcome.SKIPPED, "unchanged since the last load", 0.0
            )
            summary.skipped += 1
        else:
            todo.append(item)
    return todo


# ---------------------------------------------------------------------- extract and store

_FRAMEWORKS: dict[tuple[Path, ...], dict[str, Framework]] = {}


def _frameworks(frameworks_dirs: Sequence[Path]) -> dict[str, Framework]:
    """The frameworks, loaded once per process and set of folders (`--learn-frameworks`
    forgets them when it writes new ones)."""
    key = tuple(frameworks_dirs)
    if key not in _FRAMEWORKS:
        _FRAMEWORKS[key] = load_frameworks(key)
    return _FRAMEWORKS[key]


@dataclass(frozen=True)
class ExtractJob:
    """What every worker needs to extract a file the same way: the framework (chosen, or
    detected when None), where the frameworks live, and the settings. Picklable, so it
    travels to worker processes, Prefect tasks and Dask workers alike."""

    framework_id: str | None = None
    frameworks_dirs: tuple[Path, ...] = ()
    settings: Settings = DEFAULT
    time_limit: float | None = DOCUMENT_TIME_LIMIT  # seconds a document may take in a worker

    def __call__(self, item: BatchItem) -> tuple[DocumentResult, float]:
        return extract_item(item, self)


def extract_item(item: BatchItem, job: ExtractJob = ExtractJob()) -> tuple[DocumentResult, float]:
    """Extract one file (in whatever process runs it), the batch's context applied; a transient
    read error is tried again, an unexpected one becomes the document's failure with its
    traceback kept."""
    started = time.perf_counter()
    try:
        frameworks = _frameworks(job.frameworks_dirs)
        for attempt in _retrying():
            with attempt:
                result = extract_file(item.path, frameworks, job.framework_id, job.settings, item.context)
    except DtiError as error:  # still failing after its retries
        message = f"{error.message} (after {TRANSIENT_ATTEMPTS} attempts)"
        result = failed_result(item, "extract", message, type(error).__name__, error_detail(error))
    except Exception as exc:  # a bug on one document must not end the batch
        message = f"{item.name}: extraction failed unexpectedly ({type(exc).__name__}: {exc})"
        result = failed_result(item, "extract", message, "Bug", error_detail(exc))
    return result, time.perf_counter() - started


def failed_result(
    item: BatchItem, stage: str, message: str, category: str, detail: str | None = None
) -> DocumentResult:
    """The result of a document that could not be extracted or loaded, with why."""
    return DocumentResult(item.name, "failed", errors=(ErrorItem(stage, message, category, detail),))


Extracted = tuple[BatchItem, DocumentResult, float]
Submit = Callable[[Sequence[BatchItem], ExtractJob], Iterable[Extracted]]
"""How a batch's extractions run: given the items and the job, yield each item with its
result and seconds as they finish. `in_process`, `process_pool(n)` here; Prefect tasks (on
processes or a Dask cluster) in `flows.ingest.prefect_tasks`."""


def in_process(items: Sequence[BatchItem], job: ExtractJob) -> Iterator[Extracted]:
    """Extract the items one after another in this process."""
    for item in items:
        yield item, *job(item)


def process_pool(workers: int) -> Submit:
    """Extract the items in `workers` local processes, yielding each as it finishes. A worker
    that dies fails only the document it held (named, with the signal), and the pool starts a
    new one; a document past `job.time_limit` is stopped the same way. Workers end with this
    process, even when it is killed."""

    def submit(items: Sequence[BatchItem], job: ExtractJob) -> Iterator[Extracted]:
        if workers <= 1 or len(items) <= 1:
            yield from in_process(items, job)
            return
        pending = list(items)
        for _ in range(POOL_RESTARTS):
            # A worker killed while it held no document can break pebble's whole pool ("All
            # workers expired"): the documents that got no result then go to a new pool.
            pending = yield from _in_pool(pending, job, workers)
            if not pending:
                return
        for item in pending:
            message = f"{item.name}: the worker pool broke {POOL_RESTARTS} times before reading it; re-run"
            yield item, failed_result(item, "extract", message, "WorkerDied"), 0.0

    return submit


def _in_pool(
    items: Sequence[BatchItem], job: ExtractJob, workers: int
) -> Generator[Extracted, None, list[BatchItem]]:
    """Extract the items in one pool, yielding each as it finishes; return those that got no
    result because the pool itself broke."""
    unread: list[BatchItem] = []
    with worker_pool(workers) as pool:
        started = time.perf_counter()
        futures = {pool.schedule(job, args=(item,), timeout=job.time_limit): item for item in items}
        for future in as_completed(futures):
            item = futures[future]
            try:
                yield item, *future.result()
            except WorkerDied as died:
                message = (
                    f"{item.name}: the worker process reading it died ({died.cause}); re-run to retry it"
                )
                yield (
                    item,
                    failed_result(item, "extract", message, "WorkerDied"),
                    time.perf_counter() - started,
                )
            except FutureTimeout:
                message = (f"{item.name}: reading it took longer than {job.time_limit:.0f} s and was "
                           "stopped; check the file, or split it")  # fmt: skip
                yield (
                    item,
                    failed_result(item, "extract", message, "TimeLimit"),
                    time.perf_counter() - started,
                )
            except BrokenProcessPool:
                unread.append(item)
    return unread


def store(
    warehouse: Warehouse,
    run_id: str,
    item: BatchItem,
    result: DocumentResult,
    seconds: float,
    summary: BatchSummary,
) -> None:
    """Write one result (or its failure) and count it; a transient warehouse error is tried
    again, and one that stays ends the run (nothing of the document is half-written)."""
    if result.status == "failed" or result.document_sha256 is None:
        error = result.errors[0] if result.errors else ErrorItem("extract", f"{item.name}: failed")
        warehouse.record_outcome(run_id, item.name, result.document_sha256, Outcome.FAILED, error.message,
                                 seconds, error.detail)  # fmt: skip
        summary.failed += 1
        summary.failures.append((item.name, error.message))
        return
    try:
        for attempt in _retrying():
            with attempt:
                summary.records += warehouse.load(result, run_id, seconds)
    except DocumentLoadError as error:  # this document only: record it, go on
        store(warehouse, run_id, item, failed_result(item, "load", error.message, "DocumentLoadError"),
              seconds, summary)  # fmt: skip
        return
    if result.defines_framework:
        summary.framework_decisions += 1
    elif result.framework is None:
        summary.not_dti += 1
    elif result.status == "partial":
        summary.partial += 1
    else:
        summary.ok += 1


class Progress(Protocol):
    """Told how many files a batch has, then each file as it is done (None: skipped)."""

    def start(self, total: int) -> None: ...

    def done(self, item: BatchItem, result: DocumentResult | None) -> None: ...


class Silent:
    """A `Progress` that shows nothing."""

    def start(self, total: int) -> None:
        pass

    def done(self, item: BatchItem, result: DocumentResult | None) -> None:
        pass


SILENT = Silent()


def run_batch(
    items: Sequence[BatchItem],
    warehouse: Warehouse,
    *,
    inputs: Sequence[str],
    job: ExtractJob = ExtractJob(),
    workers: int = 1,
    submit: Submit | None = None,
    province: str | None = None,
    year: int | None = None,
    progress: Progress = SILENT,
    learned: Mapping[str, list[str]] | None = None,
    force: bool = False,
) -> BatchSummary:
    """The one batch loop: plan (`force`: extract files already loaded again), extract through
    `submit` (default: `workers` local processes), store every result from this process, the
    one writer (`learned`: the framework ids each framework decision of the batch gave, said
    in its outcome)."""
    submit = submit or process_pool(workers)
    with batch_run(warehouse, inputs, province, year, workers, job.frameworks_dirs) as summary:
        progress.start(len(items))
        todo = plan(items, warehouse, summary.run_id, summary, force)
        pending = set(todo)
        for item in items:
            if item not in pending:
                progress.done(item, None)
        for item, result, seconds in submit(todo, job):
            if result.defines_framework and learned and item.name in learned:
                result = replace(
                    result,
                    framework_reason=f"a framework decision: imported as {', '.join(learned[item.name])}",
                )
            store(warehouse, summary.run_id, item, result, seconds, summary)
            progress.done(item, result)
    return summary


@dataclass(frozen=True)
class BatchRequest:
    """Everything `dti ingest` is asked, as data: what to load, where, and how. The CLI, the
    Python API and the Prefect flow all build one and call `ingest`."""

    paths: tuple[Path, ...] = ()
    manifest: Path | None = None
    province: str | None = None
    year: int | None = None
    agency: str | None = None
    db_url: str = "dti.duckdb"
    wait_seconds: float = DEFAULT_WAIT_SECONDS
    workers: int | None = None  # None: one per core, at most one per file
    job: ExtractJob = ExtractJob()
    learn_frameworks: bool = False  # import the batch's framework decisions before matching the rest
    force: bool = False  # extract files already loaded unchanged again

    @classmethod
    def of(
        cls,
        paths: Iterable[str | Path] = (),
        manifest: str | Path | None = None,
        *,
        framework_id: str | None = None,
        frameworks_dirs: Iterable[str | Path] = (),
        settings: Settings = DEFAULT,
        learn_frameworks: bool = False,
        **options: Any,
    ) -> BatchRequest:
        """A request from plain values (strings from a flow's parameters or the CLI):
        `province`, `year`, `agency`, `db_url`, `wait_seconds` and `workers` as options."""
        job = ExtractJob(framework_id, tuple(Path(p) for p in frameworks_dirs), settings)
        return cls(paths=tuple(Path(p) for p in paths), manifest=Path(manifest) if manifest else None,
                   job=job, learn_frameworks=learn_frameworks, **options)  # fmt: skip

    def items(self) -> list[BatchItem]:
        """The files to load: PATHS with the request's province, year and agency, then the
        manifest's rows; a `DtiError` when there is nothing to load."""
        items = items_from_paths(self.paths, self.province, self.year, self.agency)
        if self.manifest is not None:
            items += items_from_manifest(self.manifest)
        if not items:
            where = ", ".join(map(str, (*self.paths, *([self.manifest] if self.manifest else []))))
            raise InputFileError(f"no supported documents ({SUPPORTED}) under {where or 'nothing given'}")
        return items

    @property
    def inputs(self) -> list[str]:
        return [str(p) for p in self.paths] + ([f"manifest:{self.manifest}"] if self.manifest else [])

    def worker_count(self, items: int) -> int:
        return self.workers or max(1, min(os.cpu_count() or 1, items))


def learn_dir(request: BatchRequest) -> Path:
    """Where `--learn-frameworks` writes: the first `--frameworks-dir`, else `frameworks/` beside
    the DuckDB file (or in the current folder for PostgreSQL)."""
    if request.job.frameworks_dirs:
        return request.job.frameworks_dirs[0]
    if request.db_url.startswith(("postgresql://", "postgres://")):
        return Path("frameworks")
    return Path(request.db_url).resolve().parent / "frameworks"


def learn_batch_frameworks(
    items: Sequence[BatchItem], out_dir: Path, settings: Settings
) -> dict[str, list[str]]:
    """Import every framework decision among `items` into `out_dir` (a file that cannot be read
    is left to the batch, which reports it): file name → the framework ids it gave."""
    learned: dict[str, list[str]] = {}
    for item in items:
        try:
            document = read(item.path, settings)
        except DtiError:
            continue
        if not defines_framework(document.blocks):
            continue
        datas, _ = learn(document, province=item.context.province)
        learned[item.name] = [place(data, out_dir).id for data in datas]
    _FRAMEWORKS.clear()  # new files: every process loads the frameworks again
    return learned


def ingest(request: BatchRequest, submit: Submit | None = None, progress: Progress = SILENT) -> BatchSummary:
    """Load what the request names into its warehouse: `run_batch` over `request.items()`, after
    importing the batch's framework decisions when asked (`--learn-frameworks`)."""
    items = request.items()
    workers = request.worker_count(len(items))
    job, learned = request.job, {}
    if request.learn_frameworks:
        out_dir = learn_dir(request)
        learned = learn_batch_frameworks(items, out_dir, job.settings)
        if out_dir not in job.frameworks_dirs and out_dir.is_dir() and any(out_dir.glob("*.yaml")):
            job = replace(job, frameworks_dirs=(*job.frameworks_dirs, out_dir))
    with Warehouse(request.db_url, request.wait_seconds) as warehouse:
        summary = run_batch(
            items, warehouse, inputs=request.inputs, job=job, workers=workers, submit=submit,
            province=request.province, year=request.year, progress=progress, learned=learned,
            force=request.force,
        )  # fmt: skip
    summary.learned = [f for ids in learned.values() for f in ids]
    return summary


@contextmanager
def batch_run(
    warehouse: Warehouse,
    inputs: Sequence[str],
    province: str | None,
    year: int | None,
    workers: int,
    frameworks_dirs: Sequence[Path] = (),
) -> Iterator[BatchSummary]:
    """One ingestion run: schema and frameworks in place, the run recorded, its summary to
    fill, the scores feed rebuilt, and the run closed as finished, finished with failures,
    or interrupted."""
    started = time.perf_counter()
    frameworks = _frameworks(frameworks_dirs)
    warehouse.ensure_schema(frameworks)
    summary = BatchSummary(run_id=warehouse.begin_run(inputs, province, year, workers))
    status = "interrupted"
    try:
        yield summary
        refresh_scores(warehouse, frameworks)
        status = "finished" if not summary.failed else "finished with failures"
    finally:
        summary.seconds = time.perf_counter() - started
        warehouse.finish_run(summary.run_id, status)
