"""Seconds to build the report (HTML + XLSX), and its file sizes, for the sample warehouse and
for a generated warehouse of about 1,000 documents.

Run: .venv/bin/python bench/report.py [DOCUMENTS] [--repeat N]

The sample is the born-digital corpus (seeds and generated DOCX, PDF, text) loaded into a
fresh DuckDB file. The large warehouse copies its documents, records and figures in SQL
until it holds DOCUMENTS documents (default 1000), each copy under units of its own
("Sở Y tế · 7") and a year earlier every third copy, so the heatmaps and the totals chart
grow as they would over years of a province's files. The scores feed is rebuilt before
timing; the time is the median of N builds (default 3).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import duckdb

from pipeline import api
from pipeline.frameworks import load_frameworks
from pipeline.load.scores import refresh_scores
from pipeline.load.warehouse import Warehouse

CORPUS = Path(__file__).resolve().parents[1] / "corpora" / "documents"


def sample(folder: Path) -> str:
    for source in CORPUS.rglob("*"):
        if source.suffix in (".txt", ".docx", ".pdf") and not source.name.endswith(".scan.pdf"):
            (folder / source.name).write_bytes(source.read_bytes())
    db = str(folder / "sample.duckdb")
    api.ingest([folder], db=db, workers=2)
    return db


def grow(db: str, documents: int) -> int:
    """Copy the warehouse's documents until it holds `documents`; return how many it holds."""
    with duckdb.connect(db) as connection:
        base = connection.execute("SELECT count(*) FROM documents").fetchone()[0]
        for copy in range(1, -(-documents // base)):
            tag, shift = f"-{copy}", copy % 3
            connection.execute(
                "INSERT INTO documents SELECT * REPLACE (document_sha256 || ? AS document_sha256, "
                "source_path || ? AS source_path, year - ? AS year) FROM documents WHERE position('-' IN "
                "document_sha256) = 0", [tag, tag, shift],
            )  # fmt: skip
            for table, period in (("indicator_records", "period"), ("figures", "period")):
                extra = ", subject || ' · ' || ? AS subject" if table == "indicator_records" else ""
                params = [tag, shift, copy] if extra else [tag, shift]
                connection.execute(
                    f"INSERT INTO {table} SELECT * REPLACE (document_sha256 || ? AS document_sha256, "
                    f"{period} - ? AS {period}{extra}) FROM {table} "
                    "WHERE position('-' IN document_sha256) = 0",
                    params,
                )
        return connection.execute("SELECT count(*) FROM documents").fetchone()[0]


def timed(db: str, out: Path, repeat: int) -> tuple[float, int, int]:
    seconds = []
    for _ in range(repeat):
        started = time.perf_counter()
        api.report(db, out)
        seconds.append(time.perf_counter() - started)
    return (
        statistics.median(seconds),
        (out / "report.html").stat().st_size,
        (out / "report.xlsx").stat().st_size,
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("documents", type=int, nargs="?", default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db = sample(folder)
        for label, size in (("sample", None), ("generated", args.documents)):
            if size is not None:
                held = grow(db, size)
                with Warehouse(db) as warehouse:
                    refresh_scores(warehouse, load_frameworks())
                label = f"{held} documents"
            seconds, html, xlsx = timed(db, folder / "report", args.repeat)
            print(f"{label:>16}: report in {seconds:.2f} s (median of {args.repeat}); "
                  f"report.html {html / 1024:.0f} KiB, report.xlsx {xlsx / 1024:.0f} KiB")  # fmt: skip


if __name__ == "__main__":
    main()
