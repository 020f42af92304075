"""dti as a Python library: what each `dti` command does, as one call.

    from pipeline import api
    result = api.extract("ke-hoach-cds-2024.pdf")           # records, framework, status
    report = api.coverage("ke-hoach-cds-2024.pdf")          # present / uncertain / omitted
    summary = api.ingest(["ke-hoach/"], province="Đắk Nông", db="dti.duckdb")
    columns, rows = api.export("dti.duckdb", "figures", year=2024)
    columns, rows = api.scores("dti.duckdb", subject="Krông Nô")   # stated and computed points

Errors are the typed `pipeline.errors.DtiError`s, each naming the file and the fix; the
CLI only prints them. Settings (`pipeline.settings.Settings`) are resolved here, once.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.batch import SILENT, BatchRequest, BatchSummary, Progress
from pipeline.batch import ingest as run_ingest
from pipeline.coverage import CoverageLine
from pipeline.coverage import coverage as coverage_lines
from pipeline.errors import NotDtiDocumentError
from pipeline.frameworks import load_frameworks, pick_framework
from pipeline.learning import ImportedFramework, import_file
from pipeline.load import corrections, queries, review
from pipeline.load.scores import refresh_scores, scores_are_stale
from pipeline.load.warehouse import DEFAULT_WAIT_SECONDS, Warehouse
from pipeline.models import BatchContext, Correction, Document, DocumentResult, Framework, ReviewItem
from pipeline.process import extract_document
from pipeline.process import read as read_file
from pipeline.settings import DEFAULT, Settings


def frameworks(frameworks_dirs: Sequence[Path] = ()) -> dict[str, Framework]:
    """The canonical frameworks, validated (`corpora/frameworks`, or `$DTI_FRAMEWORKS`)."""
    return load_frameworks(frameworks_dirs)


def import_frameworks(
    path: str | Path,
    out_dir: str | Path = "frameworks",
    *,
    force: bool = False,
    province: str | None = None,
    year: int | None = None,
    structure_only: bool = False,
    settings: Settings = DEFAULT,
) -> list[ImportedFramework]:
    """Import a framework decision: one framework file per level it defines, written into
    `out_dir` (a new version beside a changed one; over it only with `force`). Raises
    `NotAFrameworkDecisionError` naming what the file holds when it defines none."""
    return import_file(path, Path(out_dir), force=force, province=province, year=year,
                       structure_only=structure_only, settings=settings)  # fmt: skip


def read(path: str | Path, settings: Settings = DEFAULT) -> Document:
    """The document as the readers saw it: paragraphs and tables in reading order, pages,
    per-page decisions (text layer, legacy font, OCR)."""
    return read_file(path, settings)


def extract(
    path: str | Path,
    framework: str | None = None,
    frameworks_dirs: Sequence[Path] = (),
    settings: Settings = DEFAULT,
    *,
    province: str | None = None,
    agency: str | None = None,
    year: int | None = None,
) -> DocumentResult:
    """One document's indicator records under `framework` (detected when None); `province`,
    `agency` and `year` say what `dti ingest` would be told of it, with the same effect."""
    loaded = load_frameworks(frameworks_dirs)
    if framework is not None:
        pick_framework(loaded, framework)
    context = BatchContext(province=province, agency=agency, year=year)
    return extract_document(read_file(path, settings), loaded, framework, settings.match, context)


@dataclass(frozen=True)
class CoverageReport:
    """Which indicators of its framework a document covers: one line per indicator."""

    result: DocumentResult
    framework: Framework
    lines: tuple[CoverageLine, ...]

    def count(self, state: str) -> int:
        return sum(1 for line in self.lines if line.state == state)


def coverage(
    path: str | Path,
    framework: str | None = None,
    frameworks_dirs: Sequence[Path] = (),
    settings: Settings = DEFAULT,
) -> CoverageReport:
    """The omission report of one document: present, uncertain or omitted, per indicator."""
    result = extract(path, framework, frameworks_dirs, settings)
    if result.framework is None:
        raise NotDtiDocumentError(
            f"{path}: {result.framework_reason}; it omits nothing. To check it against a framework "
            "anyway, give --framework (see `dti frameworks`)"
        )
    chosen = load_frameworks(frameworks_dirs)[result.framework]
    return CoverageReport(result, chosen, tuple(coverage_lines(result, chosen)))


def ingest(
    paths: Sequence[str | Path] = (),
    *,
    manifest: str | Path | None = None,
    province: str | None = None,
    year: int | None = None,
    agency: str | None = None,
    db: str = "dti.duckdb",
    workers: int | None = None,
    wait_seconds: float = DEFAULT_WAIT_SECONDS,
    framework: str | None = None,
    frameworks_dirs: Sequence[Path] = (),
    learn_frameworks: bool = False,
    force: bool = False,
    settings: Settings = DEFAULT,
    prefect: bool = False,
    dask: str | None = None,
    progress: Progress = SILENT,
) -> BatchSummary:
    """Load every document under `paths` (and in `manifest`) into the warehouse at `db`;
    with `prefect=True` as the `ingest-batch` flow, with the very same options, and with
    `dask="tcp://HOST:PORT"` as that flow on an existing Dask cluster. `learn_frameworks`
    imports the batch's framework decisions first (into the first of `frameworks_dirs`, else
    `frameworks/` beside the DuckDB file) and matches the other documents against them too;
    `force` extracts files already loaded unchanged again (after an upgrade of dti), each
    correction placed again on its record."""
    if framework is not None:
        pick_framework(load_frameworks(frameworks_dirs), framework)
    request = BatchRequest.of(
        paths, manifest, province=province, year=year, agency=agency, db_url=db, wait_seconds=wait_seconds,
        workers=workers, framework_id=framework, frameworks_dirs=frameworks_dirs, settings=settings,
        learn_frameworks=learn_frameworks, force=force,
    )  # fmt: skip
    if prefect or dask:
        from flows.ingest import run_request

        return run_request(request, dask)
    return run_ingest(request, progress=progress)


def runs(db: str, limit: int = 20) -> queries.Rows:
    """Recent ingestion runs with their counts (`pipeline.load.queries.runs`)."""
    with Warehouse(db) as warehouse:
        return queries.runs(warehouse, limit)


def failures(db: str, run_id: str | None = None) -> queries.Rows:
    """Documents that failed or were read in part, with the reason."""
    with Warehouse(db) as warehouse:
        return queries.failures(warehouse, run_id)


def export(db: str, what: str, province: str | None = None, year: int | None = None) -> queries.Rows:
    """A table or view of the warehouse (`queries.EXPORTS`), filtered by province and year."""
    with Warehouse(db) as warehouse:
        return queries.export(warehouse, what, province, year)


def subjects(db: str) -> queries.Rows:
    """The units the warehouse holds figures about, with their counts."""
    with Warehouse(db) as warehouse:
        return queries.subjects(warehouse)


def series(db: str, subject: str) -> queries.Rows:
    """One unit's pillar points and total across the years: series(db, "Krông Nô")."""
    with Warehouse(db) as warehouse:
        return queries.subject_series(warehouse, subject)


def scores(
    db: str,
    province: str | None = None,
    year: int | None = None,
    subject: str | None = None,
    frameworks_dirs: Sequence[Path] = (),
) -> queries.Rows:
    """The scores feed: stated and computed points per unit, year and item, with whether they
    agree; rebuilt first when documents were loaded since the last run finished."""
    with Warehouse(db) as warehouse:
        _scores_up_to_date(warehouse, frameworks_dirs)
        return queries.scores(warehouse, province, year, subject)


def _scores_up_to_date(warehouse: Warehouse, frameworks_dirs: Sequence[Path]) -> None:
    """The scores feed rebuilt when documents were loaded after it (a run that was killed)."""
    queries.require_schema(warehouse)
    if scores_are_stale(warehouse):
        refresh_scores(warehouse, load_frameworks(frameworks_dirs))


def documents(db: str, province: str | None = None, year: int | None = None) -> queries.Rows:
    """The documents loaded, with their letterhead, framework and status."""
    with Warehouse(db) as warehouse:
        return queries.documents(warehouse, province, year)


def records(
    db: str,
    document_sha256: str | None = None,
    subject: str | None = None,
    period: int | None = None,
    framework: str | None = None,
    limit: int = 1000,
    offset: int = 0,
    position: int | None = None,
) -> list[dict[str, Any]]:
    """Records as reviewed: corrections applied and listed, the value as read beside each."""
    with Warehouse(db) as warehouse:
        return queries.reviewed_records(
            warehouse, document_sha256, subject, period, framework, limit, offset, position
        )


def review_queue(
    db: str, filters: review.Filters = review.EVERYTHING, frameworks_dirs: Sequence[Path] = ()
) -> list[ReviewItem]:
    """What needs a person, most consequential first (`pipeline.load.review`); the scores feed
    is brought up to date first, since its totals that disagree lead the queue."""
    with Warehouse(db) as warehouse:
        _scores_up_to_date(warehouse, frameworks_dirs)
        return review.queue(warehouse, filters)


def correct(
    db: str,
    document_sha256: str,
    position: int,
    field: str,
    value: Any,
    reviewer: str,
    note: str | None = None,
    based_on: Any = corrections.NOT_GIVEN,
) -> Correction:
    """Store a correction of one field of one record (`pipeline.load.corrections`); every view,
    export, the scores feed and the report use it from then on, the value as read kept."""
    with Warehouse(db) as warehouse:
        queries.require_schema(warehouse)
        return corrections.correct(
            warehouse, document_sha256, position, field, value, reviewer, note, based_on
        )


def list_corrections(
    db: str, document_sha256: str | None = None, state: str | None = None
) -> list[Correction]:
    """The corrections stored (of one document, or orphaned ones: `state="orphaned"`)."""
    with Warehouse(db) as warehouse:
        queries.require_schema(warehouse)
        return corrections.corrections(warehouse, document_sha256=document_sha256, state=state)


@dataclass(frozen=True)
class ReportFiles:
    """What `report` wrote, and how long it took."""

    html: Path
    xlsx: Path
    seconds: float


def report(
    db: str,
    out_dir: str | Path,
    province: str | None = None,
    year: int | None = None,
    frameworks_dirs: Sequence[Path] = (),
) -> ReportFiles:
    """Write `report.html` and `report.xlsx` into `out_dir` from the warehouse at `db`."""
    from pipeline.report.data import report_data
    from pipeline.report.html import render_html
    from pipeline.report.workbook import write_workbook

    started = time.perf_counter()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    with Warehouse(db) as warehouse:
        _scores_up_to_date(warehouse, frameworks_dirs)
        data = report_data(warehouse, province, year)
        (out / "report.html").write_text(render_html(data, warehouse.display_url), encoding="utf-8")
        write_workbook(warehouse, out / "report.xlsx", province, year)
    return ReportFiles(out / "report.html", out / "report.xlsx", time.perf_counter() - started)
