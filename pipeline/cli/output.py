"""How every `dti` command prints rows: one writer, one `--format` option.

A command hands over its columns and rows; `table` aligns them for reading (tabulate, as
sqlite-utils aligns its own), `csv` is for a spreadsheet (cells that start like a formula
made harmless), `jsonl` one object a line for a script. "dti runs --format csv > runs.csv".
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any, TextIO

import click
from tabulate import tabulate

from pipeline.load.export import safe_cell

FORMAT_HELP = {
    "table": "table to read",
    "csv": "csv for a spreadsheet",
    "jsonl": "jsonl (one object a line) for a script",
    "parquet": "parquet for an engine (needs --out)",
}


def format_option(*choices: str, default: str = "table") -> Callable[[Any], Any]:
    """`--format` with the given choices, each explained in the help."""
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(list(choices)),
        default=default,
        show_default=True,
        help="; ".join(FORMAT_HELP.get(choice, choice) for choice in choices) + ".",
    )


def as_mappings(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[dict[str, Any]]:
    """A query's rows as mappings of column name to value, so no command unpacks a tuple."""
    return [dict(zip(columns, row, strict=True)) for row in rows]


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    return value


def write_output(
    columns: Sequence[str], rows: Sequence[Sequence[Any]], output_format: str, out: TextIO
) -> None:
    """Rows in the chosen format: an aligned table, CSV or JSON lines."""
    if output_format == "csv":
        writer = csv.writer(out)
        writer.writerow(columns)
        writer.writerows([safe_cell(_plain(v)) for v in row] for row in rows)
    elif output_format == "jsonl":
        for row in rows:
            item = {c: _plain(v) for c, v in zip(columns, row, strict=True)}
            out.write(json.dumps(item, ensure_ascii=False, default=str) + "\n")
    else:
        shown = [[_shown(v) for v in row] for row in rows]
        out.write(tabulate(shown, headers=list(columns), tablefmt="simple", disable_numparse=True) + "\n")


def _shown(value: Any) -> Any:
    """A value as a table cell: nothing for None, points with at most two decimals."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".")
    return _plain(value)
