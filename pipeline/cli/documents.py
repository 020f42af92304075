"""Commands about one document or the corpus: extract, read, coverage, eval."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from pipeline import api
from pipeline.cli.options import (
    explained_errors,
    framework_option,
    frameworks_dir_option,
    no_ocr_option,
    settings_for,
)
from pipeline.errors import DtiError
from pipeline.load.export import write_csv, write_jsonl, write_table
from pipeline.load.reading import write_document
from pipeline.models import DocumentResult


@click.command()
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
@click.option("--province", help="Province of the document (as `dti ingest --province`).")
@click.option("--agency", help="Whose document it is, where its rows name no unit (as `dti ingest`).")
@click.option("--year", type=int, help="Year it is about, where its rows say none (as `dti ingest`).")
@no_ocr_option
@frameworks_dir_option
@explained_errors
def extract(
    file: Path,
    framework_id: str | None,
    output_format: str,
    matched_only: bool,
    province: str | None,
    agency: str | None,
    year: int | None,
    no_ocr: bool,
    frameworks_dirs: Sequence[Path],
) -> None:
    """Print the indicator records of one document.

    Records go to standard output; a one-line summary (framework, counts, warnings) goes to
    standard error, so `> records.jsonl` captures only the records.

    \b
    Example:
      dti extract ke-hoach-cai-thien-dti-so-gtvt-2024.txt --format table
      dti extract bao-cao-cds-krong-no.txt --framework daknong-district-2022 > out.jsonl
    """
    result = api.extract(file, framework_id, frameworks_dirs, settings_for(no_ocr), province=province,
                         agency=agency, year=year)  # fmt: skip
    records = [r for r in result.records if not matched_only or r.indicator_code]
    writer = {"jsonl": write_jsonl, "csv": write_csv, "table": write_table}[output_format]
    writer(records, sys.stdout)
    _echo_summary(result)


@click.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["markdown", "text", "json"]),
    default="markdown",
    show_default=True,
    help="markdown: tables as pipe tables, page markers and decisions as comments; text; json.",
)
@no_ocr_option
@explained_errors
def read(file: Path, output_format: str, no_ocr: bool) -> None:
    """Print a document as the readers saw it, in reading order.

    Paragraphs and tables (stitched across page breaks), with a marker for each page and
    how it was read: its own text layer, a legacy font converted, or OCR and why. Parts
    that could not be read are listed first. Look here when a figure seems wrong.

    \b
    Example:
      dti read ke-hoach-cds-2024.pdf | less
      dti read bao-cao-scan.pdf --format json > bao-cao.json
    """
    write_document(api.read(file, settings_for(no_ocr)), sys.stdout, output_format)


@click.command(name="coverage")
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
@no_ocr_option
@frameworks_dir_option
@explained_errors
def coverage_command(
    file: Path,
    framework_id: str | None,
    output_format: str,
    omitted_only: bool,
    no_ocr: bool,
    frameworks_dirs: Sequence[Path],
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
    report = api.coverage(file, framework_id, frameworks_dirs, settings_for(no_ocr))
    lines = [line for line in report.lines if not omitted_only or line.state != "present"]
    if output_format == "json":
        click.echo(json.dumps([line.to_dict() for line in lines], ensure_ascii=False, indent=1))
    elif output_format == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=list(lines[0].to_dict()) if lines else ["code"])
        writer.writeheader()
        writer.writerows(line.to_dict() for line in lines)
    else:
        several = len({line.subject for line in lines}) > 1
        for number, line in enumerate(lines):
            if several and (number == 0 or lines[number - 1].subject != line.subject):
                click.echo(f"== {line.subject or '(no unit named)'}")
            click.echo(_coverage_line(line))
    click.echo(
        f"{Path(file).name}: {report.framework.id}; {report.count('present')} present, "
        f"{report.count('uncertain')} uncertain, {report.count('omitted')} omitted "
        f"of {len(report.framework.indicators)}, for {len({line.subject for line in report.lines})} unit(s)",
        err=True,
    )


def _coverage_line(line: Any) -> str:
    where = f"row {line.printed_code or '?'}" + (f" (p. {line.page})" if line.page else "")
    shown = f"{where}: {line.printed_name[:60]}" if line.printed_name else (line.note or "")
    return f"{line.code:<9} {line.state:<10} {(line.name or '(wording unknown)')[:55]:<55}  {shown}"


@click.command(name="eval")
@click.argument("directory", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--show-errors", type=int, default=0, metavar="N", help="Print up to N mismatches per document."
)
@click.option(
    "--formats",
    default="txt,docx,pdf,html,scan",
    show_default=True,
    help="Which twins to measure, comma-separated (scan: the OCR path, slow).",
)
@frameworks_dir_option
@explained_errors
def eval_command(
    directory: Path | None, show_errors: int, formats: str, frameworks_dirs: Sequence[Path]
) -> None:
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
    from pipeline.evaluate import Score, evaluate
    from pipeline.resources import checkout_root

    if directory is None:
        root = checkout_root()
        if root is None:
            raise click.UsageError("give the DIRECTORY of documents with .gold.json files to measure against")
        directory = root / "corpora" / "documents"
    total, count = Score(), 0
    click.echo(f"{'document':<42} {'precision':>9} {'recall':>7} {'code':>6} {'page':>6} {'figures':>8}")
    for path, score in evaluate(directory, set(formats.split(",")), api.frameworks(frameworks_dirs)):
        total.add(score)
        count += 1
        click.echo(
            f"{path.relative_to(directory)!s:<42} {score.precision:>9.3f} {score.recall:>7.3f} "
            f"{score.code_accuracy:>6.3f} {score.page_accuracy:>6.3f} {score.figure_accuracy:>8.3f}"
        )
        for error in score.errors[:show_errors]:
            click.echo(f"    {error}")
    if not count:
        raise DtiError(f"{directory}: no documents with a .gold.json beside them")
    click.echo(
        f"{'overall (' + str(count) + ' documents)':<42} {total.precision:>9.3f} {total.recall:>7.3f} "
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
    for lost in result.lost:
        click.echo(f"  left out: {lost} (the document is partial)", err=True)
    for warning in result.warnings:
        click.echo(f"  warning: {warning}", err=True)
