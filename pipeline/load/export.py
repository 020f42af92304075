"""Write records as JSON lines, CSV or an aligned text table; warehouse rows as CSV; the
scores feed as JSON lines or Parquet.

JSON lines follow `schemas/indicator_record.schema.json` exactly; CSV keeps `fields` and
`figures` as JSON text in their cells so nothing is lost; the table is for reading.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import fields
from pathlib import Path
from typing import Any, TextIO

from tabulate import tabulate

from pipeline.models import Figure, IndicatorRecord

# The record contract's fields, in the dataclass's order, and the checks as data after them.
CSV_COLUMNS = (*(f.name for f in fields(IndicatorRecord)), "check_details")


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(text: str) -> bool:
    """Whether a spreadsheet would take the text for a formula ("=HYPERLINK(...)", "+1", "@SUM")."""
    return text.startswith(FORMULA_STARTS)


def safe_cell(value: Any) -> Any:
    """A value for a CSV cell a spreadsheet will open: text that starts like a formula gets a
    leading apostrophe (OWASP's rule against CSV injection); numbers stay numbers."""
    if isinstance(value, str) and looks_like_formula(value):
        return "'" + value
    return value


def write_rows(columns: Sequence[str], rows: Iterable[Sequence[Any]], out: TextIO) -> None:
    """A warehouse query's columns and rows as CSV, header first (`dti export`)."""
    writer = csv.writer(out)
    writer.writerow(columns)
    writer.writerows([safe_cell(v) for v in row] for row in rows)


def write_jsonl(records: Iterable[IndicatorRecord], out: TextIO) -> None:
    for record in records:
        out.write(json.dumps(record.to_dict(), ensure_ascii=False) + "\n")


def write_csv(records: Iterable[IndicatorRecord], out: TextIO) -> None:
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    for record in records:
        row = record.to_dict()
        for key in ("fields", "figures", "pages", "checks", "check_details", "subject"):
            row[key] = json.dumps(row[key], ensure_ascii=False)
        writer.writerow({key: safe_cell(value) for key, value in row.items()})


def figure_summary(figure: Figure) -> str:
    """ "52/57 máy tính" → "ratio 52/57 máy tính"; "90,48%" → "percent 90.48%"."""
    return f"{figure.kind} {' '.join(figure.text.split())}"


def write_table(records: Iterable[IndicatorRecord], out: TextIO, width: int = 48) -> None:
    """Records as an aligned table to read: code, printed code, match, status, name, figures."""
    header = ("code", "printed", "match", "status", "name", "figures")
    rows = []
    for r in records:
        name = r.printed_name.replace("\n", " ")
        name = name if len(name) <= width else name[: width - 1] + "…"
        rows.append(
            (
                r.indicator_code or "-",
                r.printed_code or "-",
                f"{r.match_status} {r.match_score:g}",
                r.status or "",
                name,
                "; ".join(figure_summary(f) for f in r.figures),
            )
        )
    out.write(tabulate(rows, headers=header, tablefmt="plain", disable_numparse=True) + "\n")


SCORE_TYPES = {
    "period": "INTEGER",
    "stated_points": "DOUBLE",
    "computed_points": "DOUBLE",
    "max_points": "DOUBLE",
    "rank": "INTEGER",
    "rank_of": "INTEGER",
    "consistent": "BOOLEAN",
    "page": "INTEGER",
    "ocr_confidence": "DOUBLE",
    "checks": "VARCHAR[]",
}  # fmt: skip  (every other column of the feed is text)


def score_dicts(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[dict[str, Any]]:
    """Feed rows as `schemas/score_item.schema.json` objects: `checks` a list, not JSON text."""
    for row in rows:
        item = dict(zip(columns, row, strict=True))
        item["checks"] = json.loads(item["checks"] or "[]")
        if "check_details" in item:
            item["check_details"] = json.loads(item["check_details"] or "[]")
        yield item


def write_score_jsonl(columns: Sequence[str], rows: Iterable[Sequence[Any]], out: TextIO) -> None:
    for item in score_dicts(columns, rows):
        out.write(json.dumps(item, ensure_ascii=False) + "\n")


def write_score_parquet(columns: Sequence[str], rows: Iterable[Sequence[Any]], path: Path) -> None:
    """The feed as a Parquet file with typed columns (`checks` a list of strings), written by
    DuckDB's own Parquet writer, so no Arrow library is needed."""
    import duckdb
    import pandas as pd

    items = [{**item, "check_details": json.dumps(item.get("check_details", []), ensure_ascii=False)}
             for item in score_dicts(columns, rows)]  # fmt: skip
    frame = pd.DataFrame(items, columns=list(columns), dtype=object)
    declared = ", ".join(f'"{c}" {SCORE_TYPES.get(c, "VARCHAR")}' for c in columns)
    with duckdb.connect() as connection:
        connection.execute(f"CREATE TABLE feed ({declared})")
        connection.register("incoming", frame)
        connection.execute("INSERT INTO feed SELECT * FROM incoming")
        connection.execute(f"COPY feed TO '{_sql_text(str(path))}' (FORMAT parquet)")


def _sql_text(text: str) -> str:
    return text.replace("'", "''")
