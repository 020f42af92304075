"""The `dti` command: a thin layer over `pipeline.process` and the writers.

Every known error is printed as one line naming the file and the fix; `--verbose` adds
the traceback. Exit codes are listed in `dti --help`.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

import click

from pipeline.errors import DtiError, ExitCode
from pipeline.extract import SUPPORTED
from pipeline.frameworks import default_frameworks_dir, load_frameworks, pick_framework
from pipeline.load.export import write_csv, write_jsonl, write_table
from pipeline.models import DocumentResult
from pipeline.process import extract_file

EXIT_CODES_HELP = """
\b
Exit codes:
  0  success
  2  bad usage (unknown option, missing argument)
  3  an input file cannot be read (missing, empty, unsupported format, undecodable)
  4  a framework file is malformed or a framework id is unknown
  5  a batch finished, but some documents failed (see the summary and `dti runs`)
  6  the warehouse cannot be used (PostgreSQL unreachable, DuckDB file busy)
"""

frameworks_dir_option = click.option(
    "--frameworks-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Directory of framework YAML files (default: corpora/frameworks, or $DTI_FRAMEWORKS).",
)
framework_option = click.option(
    "--framework",
    "framework_id",
    metavar="ID",
    default=None,
    help="Framework to match against (see `dti frameworks`); detected from the document if omitted.",
)


def explained_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn a `DtiError` into one line on stderr and its exit code."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except DtiError as error:
            if click.get_current_context().find_root().params.get("verbose"):
                traceback.print_exc()
            click.echo(f"dti: error: {error.message}", err=True)
            sys.exit(int(error.exit_code))

    return wrapper


@click.group(epilog=EXIT_CODES_HELP, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-v", "--verbose", is_flag=True, help="Show tracebacks with errors.")
@click.version_option(package_name="dti-ingest")
def main(verbose: bool) -> None:
    """dti — turn Vietnamese DTI plans, reports and decisions into indicator records.

    Reads a document (PDF, scanned PDF, DOCX, DOC, plain text), finds every indicator row and every
    score written in prose, matches each to the canonical framework (Decision 922/QĐ-BTTTT,
    Đắk Nông 1552/QĐ-UBND, ...), parses its figures ("52/57", "90,48%", "633,56/1000
    điểm") and prints or loads them.

    \b
    Start here:
      dti frameworks                                  # what can be matched
      dti extract ke-hoach-dti-2024.txt --format table
      dti ingest corpora/documents/seeds --db dti.duckdb
    """


@main.command()
@click.argument("file", type=click.Path(path_type=Path))
@framework_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["jsonl", "csv", "table"]),
    default="jsonl",
    show_default=True,
    help="jsonl: one record per line (schemas/indicator_record.schema.json); csv; table for reading.",
)
@click.option("--matched-only", is_flag=True, help="Leave out rows that match no indicator.")
@frameworks_dir_option
@explained_errors
def extract(
    file: Path,
    framework_id: str | None,
    output_format: str,
    matched_only: bool,
    frameworks_dir: Path | None,
) -> None:
    """Print the indicator records of one document.

    Records go to standard output; a one-line summary (framework, counts, warnings) goes to
    standard error, so `> records.jsonl` captures only the records.

    \b
    Example:
      dti extract ke-hoach-cai-thien-dti-so-gtvt-2024.txt --format table
      dti extract bao-cao-cds-krong-no.txt --framework daknong-district-2022 > out.jsonl
    """
    frameworks = load_frameworks(frameworks_dir)
    if framework_id is not None:
        pick_framework(frameworks, framework_id)
    result = extract_file(file, frameworks, framework_id)
    if result.status == "failed":
        raise DtiError(result.errors[0].message)
    records = [r for r in result.records if not matched_only or r.indicator_code]
    writer = {"jsonl": write_jsonl, "csv": write_csv, "table": write_table}[output_format]
    writer(records, sys.stdout)
    _echo_summary(result)


@main.command()
@frameworks_dir_option
@explained_errors
def frameworks(frameworks_dir: Path | None) -> None:
    """List the canonical frameworks with their indicator counts.

    \b
    Example:
      dti frameworks
    """
    loaded = load_frameworks(frameworks_dir)
    click.echo(
        f"{'id':<24} {'level':<9} {'decision':<14} {'years':<10} {'pillars':>7} {'indicators':>10}  complete"
    )
    for framework in loaded.values():
        years = f"{min(framework.valid_years)}-{max(framework.valid_years)}"
        click.echo(
            f"{framework.id:<24} {framework.level:<9} {framework.legal_basis['number']:<14} "
            f"{years:<10} {len(framework.pillars):>7} {len(framework.indicators):>10}  "
            f"{'yes' if framework.complete else 'no'}"
        )
    click.echo(f"({len(loaded)} frameworks from {frameworks_dir or default_frameworks_dir()})", err=True)


db_option = click.option(
    "--db",
    "db_url",
    envvar="DTI_DB",
    default="dti.duckdb",
    show_default=True,
    metavar="URL",
    help="Warehouse: a DuckDB file path (embedded, the default) or postgresql://user@host/db (also $DTI_DB).",
)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--manifest", type=click.Path(dir_okay=False, path_type=Path),
              help="CSV with path,province,agency,year per file (paths relative to the CSV).")  # fmt: skip
@click.option("--province", help="Province of every document in PATHS, e.g. 'Đắk Nông'.")
@click.option("--year", type=int, help="Year every document in PATHS is about (else read from its date).")
@click.option("--agency", help="Agency of every document in PATHS (else the issuer in its letterhead).")
@db_option
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Extraction processes (default: one per core). Writes always go through one.")  # fmt: skip
@click.option("--wait", "wait_seconds", type=float, default=60.0, show_default=True,
              help="Seconds to wait for a DuckDB file another dti holds before giving up.")  # fmt: skip
@click.option("--prefect", "use_prefect", is_flag=True,
              help="Run as a Prefect flow (visible in the Prefect UI; slower to start).")  # fmt: skip
@framework_option
@frameworks_dir_option
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
    framework_id: str | None,
    frameworks_dir: Path | None,
) -> None:
    """Extract every document under PATHS (or in a manifest) and load it into the warehouse.

    Folders are searched recursively for .pdf, .docx, .doc, .odt, .rtf, .txt and .md files.
    Each document is loaded whole or not at all; a file already loaded unchanged is
    skipped, so re-running a batch (after a crash, or with new files added) loads exactly
    what is missing. A file that fails is recorded with its reason (see `dti runs`) and the
    batch goes on; the exit code is then 5.

    \b
    Example:
      dti ingest corpora/documents --province "Đắk Nông"
      dti ingest --manifest dak-nong-2024.csv --db postgresql://postgres@127.0.0.1/test
      dti ingest ke-hoach/ --year 2024 --workers 2 --prefect
    """
    import os

    from pipeline.batch import items_from_manifest, items_from_paths, run_batch
    from pipeline.load.warehouse import Warehouse

    if not paths and manifest is None:
        raise click.UsageError("give PATHS to load, or --manifest CSV")
    frameworks = load_frameworks(frameworks_dir)
    if framework_id is not None:
        pick_framework(frameworks, framework_id)
    items = items_from_paths(paths, province, year, agency) if paths else []
    if manifest is not None:
        items += items_from_manifest(manifest)
    if not items:
        raise DtiError(
            f"no supported documents ({SUPPORTED}) under {', '.join(map(str, paths or (manifest,)))}"
        )
    workers = workers or max(1, min(os.cpu_count() or 1, len(items)))
    inputs = [str(p) for p in paths] + ([f"manifest:{manifest}"] if manifest else [])
    if use_prefect:
        from flows import configure_prefect

        configure_prefect()
        from flows.ingest import with_processes

        summary = with_processes(workers)(
            [str(item.path) for item in items if not manifest], db_url=db_url,
            manifest=str(manifest) if manifest else None, province=province, year=year, agency=agency,
            framework_id=framework_id, workers=workers,
        )  # fmt: skip
        _echo_batch(summary, db_url)
        return
    with Warehouse(db_url, wait_seconds) as warehouse, click.progressbar(
        length=len(items), label="Loading", file=sys.stderr, show_pos=True, show_eta=True,
        item_show_func=lambda name: name or "",
    ) as bar:  # fmt: skip

        def advance(item: Any, result: DocumentResult | None) -> None:
            bar.update(1, item.path.name)

        summary = run_batch(
            items, warehouse, inputs=inputs, framework_id=framework_id, frameworks_dir=frameworks_dir,
            workers=workers, province=province, year=year, on_done=advance,
        )  # fmt: skip
    _echo_batch(summary, db_url)


def _echo_batch(summary: Any, db_url: str) -> None:
    from pipeline.load.warehouse import _redacted

    click.echo(
        f"run {summary.run_id}: {summary.ok} ok, {summary.partial} partial, {summary.failed} failed, "
        f"{summary.skipped} skipped (unchanged); {summary.records} records into {_redacted(db_url)} "
        f"in {summary.seconds:.1f} s"
    )
    for path, reason in summary.failures:
        click.echo(f"  failed  {path}: {reason}")
    if summary.failed:
        sys.exit(int(ExitCode.PARTIAL))


@main.command()
@db_option
@click.option("--run", "run_id", help="Show the failures of this run only.")
@click.option("--limit", type=int, default=20, show_default=True, help="How many recent runs to list.")
@explained_errors
def runs(db_url: str, run_id: str | None, limit: int) -> None:
    """List recent ingestion runs, then every failed document with its reason.

    \b
    Example:
      dti runs
      dti runs --db postgresql://postgres@127.0.0.1/test --run 20261123T101500-3fa2c1
    """
    from pipeline.load.warehouse import Warehouse

    with Warehouse(db_url) as warehouse:
        _require_schema(warehouse)
        if run_id is None:
            _, rows = warehouse.runs(limit)
            click.echo(
                f"{'run':<24} {'started':<19} {'status':<24} {'ok':>4} {'part':>4} {'fail':>4} "
                f"{'skip':>4} {'records':>8}"
            )
            for run, started, _finished, status, ok, partial, failed, skipped, records in rows:
                click.echo(
                    f"{run:<24} {started:%Y-%m-%d %H:%M:%S} {status:<24} {ok or 0:>4} {partial or 0:>4} "
                    f"{failed or 0:>4} {skipped or 0:>4} {records:>8}"
                )
        _, failures = warehouse.failures(run_id)
        if failures:
            click.echo("\nFailed documents:")
            for run, path, status, reason in failures:
                click.echo(f"  {run}  {status:<7} {path}: {reason}")


EXPORTS = {
    "records": "SELECT d.province, d.agency, d.year, r.* FROM indicator_records r "
    "JOIN documents d USING (document_sha256) ORDER BY r.source_path, r.position",
    "figures": "SELECT d.province, d.agency, d.year, r.source_path, r.page, r.indicator_code, "
    "r.printed_code, r.printed_name, f.kind, f.value, f.numerator, f.denominator, f.low, f.high, "
    "f.unit, f.text, f.field "
    "FROM figures f JOIN indicator_records r ON r.document_sha256 = f.document_sha256 "
    "AND r.position = f.record_position JOIN documents d ON d.document_sha256 = r.document_sha256 "
    "ORDER BY r.source_path, r.position, f.figure_number",
    "coverage": "SELECT * FROM coverage ORDER BY source_path, indicator_code",
    "latest-figures": "SELECT * FROM latest_figures ORDER BY agency, year, indicator_code",
    "documents": "SELECT * FROM documents ORDER BY source_path",
}


@main.command()
@db_option
@click.option("--what", type=click.Choice(sorted(EXPORTS)), default="figures", show_default=True,
              help="Which table or view to export.")  # fmt: skip
@click.option("--csv", "csv_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Write CSV to this file (default: standard output).")  # fmt: skip
@click.option("--province", help="Only documents of this province.")
@click.option("--year", type=int, help="Only documents about this year.")
@explained_errors
def export(db_url: str, what: str, csv_path: Path | None, province: str | None, year: int | None) -> None:
    """Export records, figures, coverage or the latest figures as CSV, without writing SQL.

    \b
    Example:
      dti export --what figures --csv figures.csv
      dti export --what coverage --province "Đắk Nông" --year 2024 --csv coverage.csv
      dti export --what latest-figures --db postgresql://postgres@127.0.0.1/test
    """
    import csv

    from pipeline.load.warehouse import Warehouse

    sql = EXPORTS[what]
    filters, params = [], []
    if province is not None:
        filters.append("province = ?")
        params.append(province)
    if year is not None:
        filters.append("year = ?")
        params.append(year)
    if filters:
        sql = f"SELECT * FROM ({sql}) e WHERE {' AND '.join(filters)}"
    with Warehouse(db_url) as warehouse:
        _require_schema(warehouse)
        columns, rows = warehouse.query(sql, params)
    handle = csv_path.open("w", newline="", encoding="utf-8") if csv_path else sys.stdout
    try:
        writer = csv.writer(handle)
        writer.writerow(columns)
        writer.writerows(rows)
    finally:
        if csv_path:
            handle.close()
    click.echo(f"{len(rows)} rows of {what}" + (f" written to {csv_path}" if csv_path else ""), err=True)


def _require_schema(warehouse: Any) -> None:
    try:
        warehouse.query("SELECT count(*) FROM runs")
    except Exception as exc:
        if isinstance(exc, DtiError):
            raise
        raise DtiError(f"{warehouse.url}: no dti warehouse there yet; run `dti ingest` first") from exc


@main.command(name="coverage")
@click.argument("file", type=click.Path(path_type=Path))
@framework_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
    help="table for reading; json or csv for a spreadsheet or a script.",
)
@click.option("--omitted-only", is_flag=True, help="List only omitted and uncertain indicators.")
@frameworks_dir_option
@explained_errors
def coverage_command(
    file: Path, framework_id: str | None, output_format: str, omitted_only: bool, frameworks_dir: Path | None
) -> None:
    """Report which indicators of the framework a document covers and which it leaves out.

    Every indicator gets a state: present (with the row that covers it, printed code
    included: a plan that prints the framework's 7.12 as 6.12 still covers 7.12),
    uncertain (only a review-level match), or omitted.

    \b
    Example:
      dti coverage ke-hoach-so-gtvt-2024.pdf
      dti coverage bao-cao.docx --framework daknong-agency-2022 --format csv > coverage.csv
    """
    import csv
    import json

    from pipeline.coverage import coverage

    frameworks = load_frameworks(frameworks_dir)
    if framework_id is not None:
        pick_framework(frameworks, framework_id)
    result = extract_file(file, frameworks, framework_id)
    if result.status == "failed":
        raise DtiError(result.errors[0].message)
    framework = frameworks[result.framework or ""]
    lines = [line for line in coverage(result, framework) if not omitted_only or line.state != "present"]
    if output_format == "json":
        click.echo(json.dumps([line.to_dict() for line in lines], ensure_ascii=False, indent=1))
    elif output_format == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=list(lines[0].to_dict()) if lines else ["code"])
        writer.writeheader()
        writer.writerows(line.to_dict() for line in lines)
    else:
        for line in lines:
            where = (
                f"row {line.printed_code or '?'} (p. {line.page})"
                if line.page
                else f"row {line.printed_code or '?'}"
            )
            shown = f"{where}: {line.printed_name[:60]}" if line.printed_name else (line.note or "")
            click.echo(
                f"{line.code:<9} {line.state:<10} {(line.name or '(wording unknown)')[:55]:<55}  {shown}"
            )
    counts = {
        state: sum(1 for line in coverage(result, framework) if line.state == state)
        for state in ("present", "uncertain", "omitted")
    }
    click.echo(
        f"{Path(file).name}: {framework.id}; {counts['present']} present, "
        f"{counts['uncertain']} uncertain, {counts['omitted']} omitted of {len(framework.indicators)}",
        err=True,
    )


@main.command(name="eval")
@click.argument("directory", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--show-errors", type=int, default=0, metavar="N", help="Print up to N mismatches per document."
)
@click.option(
    "--formats",
    default="txt,docx,pdf,scan",
    show_default=True,
    help="Which twins to measure, comma-separated (scan: the OCR path, slow).",
)
@frameworks_dir_option
@explained_errors
def eval_command(directory: Path | None, show_errors: int, formats: str, frameworks_dir: Path | None) -> None:
    """Measure extraction against the gold files under DIRECTORY (default: corpora/documents).

    For each document with a `<name>.gold.json` beside it, prints indicator precision and
    recall, printed-code accuracy, page accuracy (PDF) and figure accuracy (a figure is
    right only when its kind, value and parts are equal), then the totals.

    \b
    Example:
      dti eval
      dti eval corpora/documents/generated --show-errors 5
      dti eval --formats scan          # the scanned twins only (OCR)
    """
    from pipeline.evaluate import Score, gold_pairs, score_document
    from pipeline.frameworks import REPO_ROOT

    directory = directory or REPO_ROOT / "corpora" / "documents"
    frameworks = load_frameworks(frameworks_dir)
    pairs = list(gold_pairs(directory, set(formats.split(","))))
    if not pairs:
        raise DtiError(f"{directory}: no documents with a .gold.json beside them")
    total = Score()
    click.echo(f"{'document':<42} {'precision':>9} {'recall':>7} {'code':>6} {'page':>6} {'figures':>8}")
    for path, gold in pairs:
        result = extract_file(path, frameworks, gold.get("framework"))
        score = score_document(result.records, gold, paged=path.suffix.lower() == ".pdf")
        total.add(score)
        click.echo(
            f"{path.relative_to(directory)!s:<42} {score.precision:>9.3f} {score.recall:>7.3f} "
            f"{score.code_accuracy:>6.3f} {score.page_accuracy:>6.3f} {score.figure_accuracy:>8.3f}"
        )
        for error in score.errors[:show_errors]:
            click.echo(f"    {error}")
    click.echo(
        f"{'overall (' + str(len(pairs)) + ' documents)':<42} {total.precision:>9.3f} {total.recall:>7.3f} "
        f"{total.code_accuracy:>6.3f} {total.page_accuracy:>6.3f} {total.figure_accuracy:>8.3f}"
    )


def _echo_summary(result: DocumentResult) -> None:
    records = result.records
    matched = sum(1 for r in records if r.match_status == "matched")
    review = sum(1 for r in records if r.match_status == "review")
    checks = sum(1 for r in records if r.checks)
    click.echo(
        f"{Path(result.source_path).name}: framework {result.framework} ({result.framework_reason}); "
        f"{len(records)} records: {matched} matched, {review} review, "
        f"{len(records) - matched - review} unmatched; {checks} with checks",
        err=True,
    )
    for warning in result.warnings:
        click.echo(f"  warning: {warning}", err=True)


if __name__ == "__main__":
    main()
