"""The `dti` command: a thin layer over `pipeline.process` and the writers.

Every known error is printed as one line naming the file and the fix; `--verbose` adds
the traceback. Exit codes are listed in `dti --help`.
"""

from __future__ import annotations

import sys
import time
import traceback
from collections.abc import Callable, Iterator
from functools import wraps
from pathlib import Path
from typing import Any

import click

from pipeline.errors import DtiError, ExitCode
from pipeline.extract import SUPPORTED, SUPPORTED_SUFFIXES
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
  5  a batch finished, but some documents failed (see the summary)
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


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--db",
    "db_path",
    envvar="DTI_DB",
    default="dti.duckdb",
    show_default=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="DuckDB warehouse file (also $DTI_DB); created if missing.",
)
@framework_option
@frameworks_dir_option
@explained_errors
def ingest(
    paths: tuple[Path, ...], db_path: Path, framework_id: str | None, frameworks_dir: Path | None
) -> None:
    """Extract every document under PATHS and load the records into the warehouse.

    Directories are searched recursively for supported files. Each document is loaded
    whole or not at all; loading the same file again replaces its rows, so re-running a
    batch is safe. A file that fails is reported and the batch goes on.

    \b
    Example:
      dti ingest corpora/documents/seeds --db dti.duckdb
    """
    from pipeline.load.duckdb_store import connect, load_result

    frameworks = load_frameworks(frameworks_dir)
    if framework_id is not None:
        pick_framework(frameworks, framework_id)
    files = sorted(_documents_under(paths))
    if not files:
        raise DtiError(f"no supported documents ({SUPPORTED}) under {', '.join(map(str, paths))}")
    started = time.monotonic()
    connection = connect(db_path)
    outcomes: list[DocumentResult] = []
    written = 0
    with click.progressbar(
        files,
        label="Extracting",
        file=sys.stderr,
        show_pos=True,
        item_show_func=lambda p: p.name if p else "",
    ) as bar:
        for path in bar:
            result = extract_file(path, frameworks, framework_id)
            outcomes.append(result)
            written += load_result(connection, result)
    connection.close()
    failed = [o for o in outcomes if o.status == "failed"]
    click.echo(
        f"{len(outcomes)} documents: {len(outcomes) - len(failed)} ok, {len(failed)} failed; "
        f"{written} records into {db_path} in {time.monotonic() - started:.1f} s"
    )
    for outcome in outcomes:
        if outcome.status != "failed":
            matched = sum(1 for r in outcome.records if r.match_status == "matched")
            click.echo(
                f"  ok      {Path(outcome.source_path).name}: {outcome.framework}, "
                f"{len(outcome.records)} records ({matched} matched)"
            )
    for outcome in failed:
        click.echo(f"  failed  {outcome.source_path}: {outcome.errors[0].message}")
    if failed:
        sys.exit(int(ExitCode.PARTIAL))


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
@frameworks_dir_option
@explained_errors
def eval_command(directory: Path | None, show_errors: int, frameworks_dir: Path | None) -> None:
    """Measure extraction against the gold files under DIRECTORY (default: corpora/documents).

    For each document with a `<name>.gold.json` beside it, prints indicator precision and
    recall, printed-code accuracy, page accuracy (PDF) and figure accuracy (a figure is
    right only when its kind, value and parts are equal), then the totals.

    \b
    Example:
      dti eval
      dti eval corpora/documents/generated --show-errors 5
    """
    from pipeline.evaluate import Score, gold_pairs, score_document
    from pipeline.frameworks import REPO_ROOT

    directory = directory or REPO_ROOT / "corpora" / "documents"
    frameworks = load_frameworks(frameworks_dir)
    pairs = list(gold_pairs(directory))
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


def _documents_under(paths: tuple[Path, ...]) -> Iterator[Path]:
    for path in paths:
        if path.is_dir():
            yield from (p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES)
        else:
            yield path


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
