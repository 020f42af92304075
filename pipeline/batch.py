"""A batch of documents into the warehouse: plan → extract (in parallel) → store (one writer).

The steps are small functions so that `dti ingest` and the Prefect flows in `flows/`
compose the same ones: `items_from_paths` / `items_from_manifest` say what to load,
`plan` skips files already loaded by this pipeline version, `extract_item` is pure and
runs in worker processes, and `store` writes one document and its outcome atomically.
A file that fails is recorded with its reason and the batch goes on; re-running the batch
loads exactly what is missing.
"""

from __future__ import annotations

import csv
import hashlib
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import DtiError, InputFileError
from pipeline.extract import SUPPORTED_SUFFIXES
from pipeline.frameworks import load_frameworks
from pipeline.load.warehouse import LoadContext, Warehouse
from pipeline.models import DocumentResult, ErrorItem, Framework
from pipeline.process import extract_file

TRANSIENT_ATTEMPTS = 3


@dataclass(frozen=True)
class BatchItem:
    """One file to load, with what the batch knows about it."""

    path: Path
    context: LoadContext = field(default_factory=LoadContext)


@dataclass
class BatchSummary:
    """What a batch did: counts, seconds, and each failure with its reason."""

    run_id: str
    ok: int = 0
    partial: int = 0
    failed: int = 0
    skipped: int = 0
    records: int = 0
    seconds: float = 0.0
    failures: list[tuple[str, str]] = field(default_factory=list)


# ---------------------------------------------------------------------- what to load


def documents_under(paths: Iterable[Path]) -> Iterator[Path]:
    """Files under the given paths (folders searched recursively) in a supported format."""
    for path in paths:
        if path.is_dir():
            yield from sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
            )
        else:
            yield path


def items_from_paths(
    paths: Iterable[Path], province: str | None = None, year: int | None = None, agency: str | None = None
) -> list[BatchItem]:
    context = LoadContext(province=province, agency=agency, year=year)
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
        context = LoadContext(
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
    items: Sequence[BatchItem], warehouse: Warehouse, run_id: str, summary: BatchSummary
) -> list[BatchItem]:
    """The items still to load; files already loaded unchanged are recorded as skipped."""
    todo = []
    for item in items:
        try:
            sha = file_sha256(item.path)
        except OSError:
            todo.append(item)  # extraction will report the reason
            continue
        if warehouse.is_loaded(sha):
            warehouse.record_outcome(
                run_id, str(item.path), sha, "skipped", "unchanged since the last load", 0.0
            )
            summary.skipped += 1
        else:
            todo.append(item)
    return todo


# ---------------------------------------------------------------------- extract and store

_FRAMEWORKS: dict[str, Framework] | None = None


def _frameworks(frameworks_dir: Path | None) -> dict[str, Framework]:
    global _FRAMEWORKS
    if _FRAMEWORKS is None:
        _FRAMEWORKS = load_frameworks(frameworks_dir)
    return _FRAMEWORKS


def extract_item(
    path: Path, framework_id: str | None = None, frameworks_dir: Path | None = None
) -> tuple[DocumentResult, float]:
    """Extract one file (in whatever process runs it); retries a transient read error."""
    started = time.perf_counter()
    for attempt in range(1, TRANSIENT_ATTEMPTS + 1):
        try:
            result = extract_file(path, _frameworks(frameworks_dir), framework_id)
            break
        except OSError as exc:  # a network share hiccup, not a bad document
            if attempt == TRANSIENT_ATTEMPTS:
                message = f"{path}: could not be read after {attempt} attempts ({exc})"
                result = DocumentResult(str(path), "failed", errors=(ErrorItem("extract", message),))
                break
            time.sleep(0.5 * attempt)
        except Exception as exc:  # a bug on one document must not end the batch
            message = f"{path}: extraction failed unexpectedly ({type(exc).__name__}: {exc})"
            result = DocumentResult(str(path), "failed", errors=(ErrorItem("extract", message),))
            break
    return result, time.perf_counter() - started


def store(
    warehouse: Warehouse,
    run_id: str,
    item: BatchItem,
    result: DocumentResult,
    seconds: float,
    summary: BatchSummary,
) -> None:
    """Write one result (or its failure) and count it."""
    if result.status == "failed" or result.document_sha256 is None:
        reason = result.errors[0].message if result.errors else "failed"
        warehouse.record_outcome(run_id, str(item.path), result.document_sha256, "failed", reason, seconds)
        summary.failed += 1
        summary.failures.append((str(item.path), reason))
        return
    for attempt in range(1, TRANSIENT_ATTEMPTS + 1):
        try:
            summary.records += warehouse.load(result, item.context, run_id, seconds)
            break
        except DtiError as error:
            if not error.retryable or attempt == TRANSIENT_ATTEMPTS:
                raise
            time.sleep(0.5 * attempt)
    if result.status == "partial":
        summary.partial += 1
    else:
        summary.ok += 1


def run_batch(
    items: Sequence[BatchItem],
    warehouse: Warehouse,
    *,
    inputs: Sequence[str],
    framework_id: str | None = None,
    frameworks_dir: Path | None = None,
    workers: int = 1,
    province: str | None = None,
    year: int | None = None,
    on_done: Callable[[BatchItem, DocumentResult | None], None] = lambda item, result: None,
) -> BatchSummary:
    """Load the items: extraction in `workers` processes, every write from this one."""
    with batch_run(warehouse, inputs, province, year, workers, frameworks_dir) as summary:
        run_id = summary.run_id
        todo = plan(items, warehouse, run_id, summary)
        pending = set(todo)
        for item in items:
            if item not in pending:
                on_done(item, None)
        if workers <= 1:
            for item in todo:
                result, seconds = extract_item(item.path, framework_id, frameworks_dir)
                store(warehouse, run_id, item, result, seconds, summary)
                on_done(item, result)
        else:
            with ProcessPoolExecutor(max_workers=workers) as pool:
                futures = {
                    pool.submit(extract_item, item.path, framework_id, frameworks_dir): item for item in todo
                }
                for future in as_completed(futures):
                    item = futures[future]
                    result, seconds = future.result()
                    store(warehouse, run_id, item, result, seconds, summary)
                    on_done(item, result)
    return summary


@contextmanager
def batch_run(
    warehouse: Warehouse,
    inputs: Sequence[str],
    province: str | None,
    year: int | None,
    workers: int,
    frameworks_dir: Path | None = None,
) -> Iterator[BatchSummary]:
    """One ingestion run: schema and frameworks in place, the run recorded, its summary to
    fill, and the run closed as finished, finished with failures, or interrupted."""
    started = time.perf_counter()
    warehouse.ensure_schema(_frameworks(frameworks_dir))
    summary = BatchSummary(run_id=warehouse.begin_run(inputs, province, year, workers))
    status = "interrupted"
    try:
        yield summary
        status = "finished" if not summary.failed else "finished with failures"
    finally:
        summary.seconds = time.perf_counter() - started
        warehouse.finish_run(summary.run_id, status)
