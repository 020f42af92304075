"""Commands over the warehouse: ingest, runs, export, subjects, series, scores."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import click

from pipeline import api
from pipeline.batch import BatchItem, BatchSummary
from pipeline.cli.options import (
    db_option,
    explained_errors,
    framework_option,
    frameworks_dir_option,
    no_ocr_option,
    settings_for,
)
from pipeline.cli.output import as_mappings, format_option, write_output
from pipeline.errors import DtiError, ExitCode
from pipeline.load.export import write_rows, write_score_jsonl, write_score_parquet
from pipeline.load.queries import EXPORTS
from pipeline.load.warehouse import redacted
from pipeline.models import DocumentResult


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--manifest", type=click.Path(dir_okay=False, path_type=Path),
              help="CSV with path,province,agency,year per file (paths relative to the CSV).")  # fmt: skip
@click.option("--province", help="Province of every document in PATHS, e.g. 'Đắk Nông'.")
@click.option("--year", type=int,
              help="Year every document in PATHS is about, where a row says none (a column's year wins; "
              "the document's date comes after).")  # fmt: skip
@click.option("--agency",
              help="Whose documents PATHS are, where a row names no unit (a unit column or heading wins; "
              "the letterhead's issuer comes after).")  # fmt: skip
@db_option
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Extraction processes (default: one per core). Writes always go through one.")  # fmt: skip
@click.option("--wait", "wait_seconds", type=float, default=60.0, show_default=True,
              help="Seconds to wait for a DuckDB file another dti holds before giving up.")  # fmt: skip
@click.option("--prefect", "use_prefect", is_flag=True,
              help="Run as a Prefect flow (visible in the Prefect UI; slower to start).")  # fmt: skip
@click.option("--dask", "dask_address", metavar="tcp://HOST:PORT",
              help="Run as a Prefect flow on an existing Dask cluster (its scheduler).")  # fmt: skip
@no_ocr_option
@framework_option
@frameworks_dir_option
@click.option("--learn-frameworks", is_flag=True,
              help="Import the batch's framework decisions first (into the first --frameworks-dir, else "
              "frameworks/ beside the DuckDB file) and match the other documents against them.")  # fmt: skip
@click.option("--force", is_flag=True,
              help="Extract files already loaded unchanged again (after upgrading dti); corrections made "
              "in `dti serve` follow their records.")  # fmt: skip
@explained_errors
def ingest(
    paths: tuple[Path, ...],
    manifest: Path | None,
    province: str | None,
    year: int | None,
    agency: str | None,
    db_url: str,
    workers: int | None,
    wait_seconds: float,
    use_prefect: bool,
    dask_address: str | None,
    no_ocr: bool,
    framework_id: str | None,
    frameworks_dirs: Sequence[Path],
    learn_frameworks: bool,
    force: bool,
) -> None:
    """Extract every document under PATHS (or in a manifest) and load it into the warehouse.

    Folders are searched recursively for .pdf, .docx, .doc, .odt, .rtf, .html, .htm, .txt,
    .md, .xlsx, .xls, .ods and .csv files (a results table in Excel reads like one in Word),
    and scanned pages as .tif/.tiff (several pages), .jpg, .jpeg and .png.
    Each document is loaded whole or not at all; a file already loaded unchanged is skipped,
    so re-running a batch (after a crash, or with new files added) loads exactly what is
    missing. A file that fails is recorded with its reason (see `dti runs`) and the
    batch goes on; the exit code is then 5.

    \b
    Example:
      dti ingest corpora/documents --province "Đắk Nông"
      dti ingest --manifest dak-nong-2024.csv --db postgresql://postgres@127.0.0.1/test
      dti ingest ke-hoach/ --year 2024 --workers 2 --prefect
      dti ingest lam-dong-2025/ --province "Lâm Đồng" --learn-frameworks
    """
    if not paths and manifest is None:
        raise click.UsageError("give PATHS to load, or --manifest CSV")
    options = dict(
        manifest=manifest, province=province, year=year, agency=agency, db=db_url, workers=workers,
        wait_seconds=wait_seconds, framework=framework_id, frameworks_dirs=frameworks_dirs,
        learn_frameworks=learn_frameworks, force=force, settings=settings_for(no_ocr),
    )  # fmt: skip
    if use_prefect or dask_address:
        summary = api.ingest(paths, prefect=True, dask=dask_address, **options)  # type: ignore[arg-type]
    else:
        with ProgressBar() as progress:
            summary = api.ingest(paths, progress=progress, **options)  # type: ignore[arg-type]
    _echo_batch(summary, db_url)


class ProgressBar:
    """A batch's progress on standard error: files done of all, the file, time left."""

    def __init__(self) -> None:
        self._stack = ExitStack()
        self._bar: Any = None

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(self, *exc: object) -> None:
        self._stack.close()

    def start(self, total: int) -> None:
        bar = click.progressbar(
            length=total, label="Loading", file=sys.stderr, show_pos=True, show_eta=True,
            item_show_func=lambda name: name or "",
        )  # fmt: skip
        self._bar = self._stack.enter_context(bar)

    def done(self, item: BatchItem, result: DocumentResult | None) -> None:
        self._bar.update(1, item.path.name)


def _echo_batch(summary: BatchSummary, db_url: str) -> None:
    click.echo(
        f"run {summary.run_id}: {summary.ok} ok, {summary.partial} partial, {summary.failed} failed, "
        f"{summary.not_dti} not a DTI document, {summary.framework_decisions} framework decision(s), "
        f"{summary.skipped} skipped (unchanged); "
        f"{summary.records} records into {redacted(db_url)} "
        f"in {summary.seconds:.1f} s"
    )
    for framework_id in summary.learned:
        click.echo(f"  learnt  framework {framework_id}")
    for path, reason in summary.failures:
        click.echo(f"  failed  {path}: {reason}")
    if summary.failed:
        sys.exit(int(ExitCode.PARTIAL))


@click.command()
@db_option
@click.option("--run", "run_id", help="Show the failures of this run only.")
@click.option("--limit", type=int, default=20, show_default=True, help="How many recent runs to list.")
@format_option("table", "csv", "jsonl")
@explained_errors
def runs(db_url: str, run_id: str | None, limit: int, output_format: str) -> None:
    """List recent ingestion runs, then every failed or partly read document with why
    (a partial one names the pages or parts left out). A run whose process is gone (killed,
    the machine restarted) shows as interrupted; `dti -v runs` adds each unexpected
    failure's traceback.

    \b
    Example:
      dti runs
      dti -v runs --run 20261123T101500-3fa2c1
      dti runs --db postgresql://postgres@127.0.0.1/test --format csv > runs.csv
    """
    if run_id is None:
        columns, rows = api.runs(db_url, limit)
        shown = [row[:2] + row[3:] for row in rows]  # the finish time is in the status
        write_output([columns[0], columns[1], *columns[3:]], shown, output_format, sys.stdout)
        if output_format == "table":
            click.echo(
                "(not_dti: read, but not a DTI document; kept out of coverage. framework: a decision "
                "issuing frameworks: `dti frameworks import` it, or ingest with --learn-frameworks)"
            )
    failure_columns, failures = api.failures(db_url, run_id)
    if failures and output_format == "table":
        click.echo("\nFailed or partly read documents:")
        verbose = bool(click.get_current_context().find_root().params.get("verbose"))
        for row in as_mappings(failure_columns, failures):
            click.echo(f"  {row['run_id']}  {row['status']:<7} {row['source_path']}: {row['reason']}")
            if verbose and row["detail"]:
                click.echo("    " + row["detail"].replace("\n", "\n    "))


@click.command()
@db_option
@click.option("--what", type=click.Choice(sorted(EXPORTS)), default="figures", show_default=True,
              help="Which table or view to export.")  # fmt: skip
@click.option("--csv", "csv_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Write CSV to this file (default: standard output).")  # fmt: skip
@click.option("--xlsx", "xlsx_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Write an Excel workbook instead: Vietnamese headers, filters, typed cells.")  # fmt: skip
@click.option("--province", help="Only documents of this province.")
@click.option("--year", type=int, help="Only documents about this year.")
@explained_errors
def export(
    db_url: str,
    what: str,
    csv_path: Path | None,
    xlsx_path: Path | None,
    province: str | None,
    year: int | None,
) -> None:
    """Export records, figures, coverage, scores or the latest figures as CSV or Excel,
    without writing SQL.

    \b
    Example:
      dti export --what figures --csv figures.csv
      dti export --what coverage --province "Đắk Nông" --year 2024 --xlsx coverage.xlsx
      dti export --what latest-figures --db postgresql://postgres@127.0.0.1/test
    """
    columns, rows = api.export(db_url, what, province, year)
    if xlsx_path is not None:
        from pipeline.report.workbook import write_table_xlsx

        write_table_xlsx(columns, rows, xlsx_path, what)
        click.echo(f"{len(rows)} rows of {what} written to {xlsx_path}", err=True)
        return
    if csv_path is None:
        write_rows(columns, rows, sys.stdout)
    else:
        with csv_path.open("w", newline="", encoding="utf-8") as handle:
            write_rows(columns, rows, handle)
    click.echo(f"{len(rows)} rows of {what}" + (f" written to {csv_path}" if csv_path else ""), err=True)


@click.command()
@db_option
@format_option("table", "csv", "jsonl")
@explained_errors
def subjects(db_url: str, output_format: str) -> None:
    """List the units (agencies, districts, provinces) the warehouse holds figures about,
    with their records, documents and years, and the unit that took each over in 2025.

    \b
    Example:
      dti subjects
      dti subjects --db postgresql://postgres@127.0.0.1/test
    """
    shown = []
    for row in as_mappings(*api.subjects(db_url)):
        first, last, successor = row["first_period"], row["last_period"], row["successor"]
        years = f"{first}-{last}" if first and last and first != last else str(first or last or "")
        mark = "" if row["in_gazetteer"] else " (not in the gazetteer)"
        after = f"{successor}{'' if row['successor_checked'] else ' (unchecked)'}" if successor else ""
        shown.append([row["subject"] + mark, row["subject_kind"], row["province"], row["records"],
                      row["documents"], years, after])  # fmt: skip
    columns = ["subject", "kind", "province", "records", "docs", "years", "successor"]
    write_output(columns, shown, output_format, sys.stdout)


@click.command()
@click.argument("subject")
@db_option
@explained_errors
def series(subject: str, db_url: str) -> None:
    """Print one unit's points per pillar and total, one column per year.

    SUBJECT is the unit as printed or in full: "Krông Nô", "H. Krông Nô", "Sở TT&TT".

    \b
    Example:
      dti series "Krông Nô"
      dti series "Sở Thông tin và Truyền thông" --db postgresql://postgres@127.0.0.1/test
    """
    rows = as_mappings(*api.series(db_url, subject))
    if not rows:
        raise DtiError(f"no pillar or total points for {subject!r}; see `dti subjects` for the units loaded")
    by_subject: dict[str, dict[tuple[str, str], dict[int, float]]] = {}
    for row in rows:
        line = by_subject.setdefault(row["subject"], {}).setdefault((row["code"], row["name"] or ""), {})
        line[row["period"]] = row["points"]
    for unit, lines in by_subject.items():
        periods = sorted({p for values in lines.values() for p in values if p is not None})
        click.echo(unit)
        table = [
            [code, name[:40], *(values.get(p) for p in periods)] for (code, name), values in lines.items()
        ]
        write_output(["code", "pillar", *map(str, periods)], table, "table", sys.stdout)


@click.command()
@db_option
@click.option("--province", help="Only units of this province, e.g. 'Đắk Nông'.")
@click.option("--year", type=int, help="Only this year (the year the points describe).")
@click.option("--subject", help='Only this unit, as printed or in full: "Krông Nô", "Sở TT&TT".')
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "jsonl", "parquet"]), default="table",
              show_default=True, help="table to read; csv, jsonl, parquet for an engine.")  # fmt: skip
@click.option("--out", "out_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file (needed for parquet; default: standard output).")  # fmt: skip
@click.option("--inconsistent", is_flag=True, help="Only items whose stated and computed points disagree.")
@frameworks_dir_option
@explained_errors
def scores(
    db_url: str, province: str | None, year: int | None, subject: str | None, fmt: str,
    out_path: Path | None, inconsistent: bool, frameworks_dirs: Sequence[Path],
) -> None:  # fmt: skip
    """The scores feed: per unit, year and framework, every indicator, pillar and total with
    the points the documents state, the points computed from their figures by the
    framework's rule, and whether the two agree (within 0,01).

    An indicator is computed where its rule allows ("52/57" under a ratio rule with 10
    points → 9,12); a pillar as the sum of its indicators when all are known; the total as
    the sum of the pillars. `consistent` is empty where there is nothing to compare. Fields:
    schemas/score_item.schema.json.

    \b
    Example:
      dti scores --year 2023
      dti scores --subject "Krông Nô" --format jsonl
      dti scores --province "Đắk Nông" --format parquet --out scores.parquet
      dti scores --inconsistent
    """
    if fmt == "parquet" and out_path is None:
        raise click.UsageError("--format parquet writes a file: give --out FILE.parquet")
    columns, rows = api.scores(db_url, province, year, subject, frameworks_dirs)
    if inconsistent:
        rows = [row for row in rows if row[columns.index("consistent")] is False]
    if fmt == "parquet":
        assert out_path is not None
        write_score_parquet(columns, rows, out_path)
    else:
        with ExitStack() as stack:
            out = (
                stack.enter_context(out_path.open("w", newline="", encoding="utf-8"))
                if out_path
                else sys.stdout
            )
            {"csv": write_rows, "jsonl": write_score_jsonl, "table": _score_table}[fmt](columns, rows, out)
    click.echo(f"{len(rows)} score items" + (f" written to {out_path}" if out_path else ""), err=True)


def _score_table(columns: list[str], rows: list[tuple[Any, ...]], out: Any) -> None:
    """One line per item: who, when, what, stated against computed, and the first check."""
    at = {name: i for i, name in enumerate(columns)}
    shown = []
    for row in rows:
        agree = {True: "yes", False: "NO", None: ""}[row[at["consistent"]]]
        rank = f"{row[at['rank']]}/{row[at['rank_of']] or '?'}" if row[at["rank"]] else ""
        checks = json.loads(row[at["checks"]] or "[]")
        corrected = any(c["code"] == "corrected" for c in json.loads(row[at["check_details"]] or "[]"))
        stated = row[at["stated_points"]]
        if corrected:  # a reviewer's correction (dti serve): the value as read is in the checks
            stated = f"{stated:g} (corrected)" if isinstance(stated, float) else "(corrected)"
        shown.append([row[at["subject"]][:30], row[at["period"]], row[at["level"]], row[at["code"]],
                      stated, row[at["computed_points"]], row[at["max_points"]], rank,
                      agree, checks[0] if checks else ""])  # fmt: skip
    headers = ["subject", "year", "level", "code", "stated", "computed", "max", "rank", "agree", "checks"]
    write_output(headers, shown, "table", out)


@click.command()
@db_option
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("report"),
              show_default=True, help="Folder for report.html and report.xlsx.")  # fmt: skip
@click.option("--province", help="Only this province, e.g. 'Đắk Nông'.")
@click.option("--year", type=int, help="Only this year (coverage of its plans, points it describes).")
@frameworks_dir_option
@explained_errors
def report(
    db_url: str, out_dir: Path, province: str | None, year: int | None, frameworks_dirs: Sequence[Path]
) -> None:
    """Write a report officials open: DIR/report.html (one self-contained page with charts:
    coverage per unit and indicator, pillar points against their maxima, totals across the
    years, omitted indicators, numbers to check) and DIR/report.xlsx (coverage, omissions,
    scores, figures, documents), in Vietnamese.

    The page needs no network: open it from a USB stick, mail it, print it.

    \b
    Example:
      dti report --out bao-cao
      dti report --province "Đắk Nông" --year 2024 --out bao-cao-2024
    """
    files = api.report(db_url, out_dir, province, year, frameworks_dirs)
    for path in (files.html, files.xlsx):
        click.echo(f"{path}  ({path.stat().st_size / 1024:.0f} KiB)")
    click.echo(f"report built in {files.seconds:.1f} s", err=True)
