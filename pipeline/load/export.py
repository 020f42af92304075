"""Write records as JSON lines, CSV or an aligned text table; warehouse rows as CSV.

JSON lines follow `schemas/indicator_record.schema.json` exactly; CSV keeps `fields` and
`figures` as JSON text in their cells so nothing is lost; the table is for reading.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Sequence
from typing import Any, TextIO

from pipeline.models import Figure, IndicatorRecord

CSV_COLUMNS = (
    "document_sha256",
    "source_path",
    "framework",
    "indicator_code",
    "indicator_name",
    "printed_code",
    "printed_name",
    "printed_parent_code",
    "ocr_confidence",
    "match_score",
    "match_status",
    "page",
    "pages",
    "table_index",
    "row_index",
    "origin",
    "fields",
    "figures",
    "status",
    "checks",
    "subject",
    "period",
    "period_source",
)


def write_rows(columns: Sequence[str], rows: Iterable[Sequence[Any]], out: TextIO) -> None:
    """A warehouse query's columns and rows as CSV, header first (`dti export`)."""
    writer = csv.writer(out)
    writer.writerow(columns)
    writer.writerows(rows)


def write_jsonl(records: Iterable[IndicatorRecord], out: TextIO) -> None:
    for record in records:
        out.write(json.dumps(record.to_dict(), ensure_ascii=False) + "\n")


def write_csv(records: Iterable[IndicatorRecord], out: TextIO) -> None:
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    for record in records:
        row = record.to_dict()
        for key in ("fields", "figures", "pages", "checks", "subject"):
            row[key] = json.dumps(row[key], ensure_ascii=False)
        writer.writerow(row)


def figure_summary(figure: Figure) -> str:
    """ "52/57 máy tính" → "ratio 52/57 máy tính"; "90,48%" → "percent 90.48%"."""
    return f"{figure.kind} {' '.join(figure.text.split())}"


def write_table(records: Iterable[IndicatorRecord], out: TextIO, width: int = 48) -> None:
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
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header) - 1)]
    for row in [header, *rows]:
        cells = [str(c).ljust(w) for c, w in zip(row[:-1], widths, strict=True)]
        out.write("  ".join([*cells, row[-1]]).rstrip() + "\n")
