"""`dti frameworks`: list what can be matched, and import a province's frameworks from the
decision that issues them."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import click

from pipeline import api
from pipeline.cli.options import explained_errors, frameworks_dir_option, no_ocr_option, settings_for
from pipeline.cli.output import format_option, write_output
from pipeline.errors import ExitCode, NotAFrameworkDecisionError
from pipeline.frameworks import BUNDLED, framework_dirs


@click.group(invoke_without_command=True)
@format_option("table", "csv", "jsonl")
@frameworks_dir_option
@click.pass_context
@explained_errors
def frameworks(ctx: click.Context, output_format: str, frameworks_dirs: Sequence[Path]) -> None:
    """List the frameworks documents are matched against, with where each came from.

    The bundled frameworks come first, then the folders of $DTI_FRAMEWORKS (separated as
    PATH is) and each --frameworks-dir; a framework a later folder defines again is that
    folder's. Add a province's own with `dti frameworks import`.

    \b
    Example:
      dti frameworks
      dti frameworks --frameworks-dir frameworks/ --format csv > frameworks.csv
      dti frameworks import qd-1552-bo-chi-so-dti.pdf --out frameworks/
    """
    if ctx.invoked_subcommand is not None:
        return
    loaded = api.frameworks(frameworks_dirs)
    columns = ["id", "index", "level", "province", "decision", "years", "version", "pillars", "indicators",
               "complete", "from"]  # fmt: skip
    rows = [
        [f.id, f.index, f.level, f.province or "", f.legal_basis.get("number") or "",
         f"{min(f.valid_years)}-{max(f.valid_years)}", f.version, len(f.pillars), len(f.indicators),
         "yes" if f.complete else "no", f.origin]
        for f in loaded.values()
    ]  # fmt: skip
    write_output(columns, rows, output_format, sys.stdout)
    folders = ", ".join(BUNDLED if i == 0 else str(d) for i, d in enumerate(framework_dirs(frameworks_dirs)))
    click.echo(f"({len(loaded)} frameworks from {folders})", err=True)


@frameworks.command(name="import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("frameworks"),
    show_default=True,
    help="Folder to write the framework files into (use it as --frameworks-dir).",
)
@click.option(
    "--force", is_flag=True, help="Overwrite the latest version of a framework instead of adding one."
)
@click.option("--province", default=None, help="Whose frameworks they are, when the letterhead does not say.")
@click.option("--year", type=int, default=None, help="The decision's year, when its date cannot be read.")
@click.option(
    "--structure-only",
    is_flag=True,
    help="Also take a table of codes and names that prints no maxima (a plan that lists the "
    "framework): the maxima are left empty and the framework is incomplete.",
)
@no_ocr_option
@explained_errors
def import_command(
    files: tuple[Path, ...], out_dir: Path, force: bool, province: str | None, year: int | None,
    structure_only: bool, no_ocr: bool,
) -> None:  # fmt: skip
    """Read framework decisions and write one framework file per level each defines.

    A decision ("Quyết định ban hành Bộ chỉ số đánh giá chuyển đổi số …", or a PAR Index
    scoring guide) in PDF, scanned PDF, DOCX, HTML or text: its detailed tables give the
    pillars, sub-indicators with code, name and maximum, and the scoring method; its letterhead
    the number, date and issuer. Every doubt (sums that do not add up, a gap in the codes, a
    summary table that disagrees with the appendix) is printed and kept in the file, which is
    then marked incomplete. Importing a changed decision again adds a version; an unchanged
    one writes nothing. A file with no framework table exits with 3 and writes nothing.

    \b
    Example:
      dti frameworks import qd-2534-bo-chi-so-dti.pdf --out frameworks/
      dti frameworks --frameworks-dir frameworks/
      dti ingest ke-hoach/ --frameworks-dir frameworks/
    """
    refused = 0
    for file in files:
        try:
            imported = api.import_frameworks(
                file, out_dir, force=force, province=province, year=year, structure_only=structure_only,
                settings=settings_for(no_ocr),
            )  # fmt: skip
        except NotAFrameworkDecisionError as error:
            click.echo(f"dti: {error.message}", err=True)
            refused += 1
            continue
        for item in imported:
            total = f"{item.total:g}" if item.total is not None else "?"
            click.echo(f"{item.path}: {item.id} ({item.index}, {item.level}) — {item.pillars} pillars, "
                       f"{item.indicators} sub-indicators, {total} points — {item.status}")  # fmt: skip
            for doubt in item.doubts:
                click.echo(f"  doubt: {doubt}")
    if refused:
        sys.exit(int(ExitCode.INPUT_FILE))
