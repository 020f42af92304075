"""Documents per minute for a batch of at least 100 documents, with 1 and 2 worker processes.

Run: .venv/bin/python bench/batch_throughput.py [COPIES] [--db URL]
     .venv/bin/python bench/batch_throughput.py --province-year [DOCUMENTS]

--province-year: a generated province-year of DOCUMENTS files (default 300): a third scans
(the scanned twins, in turn), a third DOCX and a third born-digital PDF (the generated plans
and decisions, in turn), under distinct names, loaded by `dti ingest --workers 2` into a
fresh DuckDB file. It prints the wall time and where it went: the extraction seconds per
format (from the run's outcomes), summed over both workers.

The batch is the born-digital corpus (PDF, DOCX and text; 27 files; scans are timed by
bench/ocr.py) copied COPIES times (default 4: 108 documents) under distinct names into a
temporary folder, loaded into a fresh DuckDB file (or a fresh schema of the PostgreSQL
server given by --db) once per worker count.
Wall-clock seconds include extraction, warehouse writes and process start-up.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
import uuid
from pathlib import Path

from pipeline.batch import items_from_paths, run_batch
from pipeline.load.warehouse import Warehouse

CORPUS = Path(__file__).resolve().parents[1] / "corpora" / "documents"
SUFFIXES = (".pdf", ".docx", ".txt")


def make_batch(folder: Path, copies: int) -> int:
    files = [p for p in CORPUS.rglob("*") if p.suffix in SUFFIXES and not p.name.endswith(".scan.pdf")]
    for copy in range(copies):
        for path in files:
            shutil.copy(path, folder / f"{copy:02d}-{path.name}")
    return len(files) * copies


def warehouse_url(base: str | None, folder: Path, workers: int) -> str:
    if base is None:
        return str(folder / f"bench-{workers}.duckdb")
    import psycopg

    schema = f"dti_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(base, autocommit=True) as connection:
        connection.execute(f"CREATE SCHEMA {schema}")
    return f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{schema}"


def province_year(documents: int) -> None:
    import subprocess

    import duckdb

    generated = CORPUS / "generated"
    scans = sorted(generated.glob("*.scan.pdf"))
    docx = sorted(generated.glob("*.docx"))
    pdf = sorted(p for p in generated.glob("*.pdf") if not p.name.endswith(".scan.pdf"))
    with tempfile.TemporaryDirectory() as tmp:
        batch = Path(tmp) / "batch"
        batch.mkdir()
        for n in range(documents):
            kind = (scans, docx, pdf)[n % 3]
            source = kind[(n // 3) % len(kind)]
            shutil.copy(source, batch / f"{n:03d}-{source.name}")
        db = Path(tmp) / "province-year.duckdb"
        dti = Path(sys.executable).with_name("dti")
        print(
            f"province-year: {documents} documents "
            f"({len(scans)} scans, {len(docx)} DOCX, {len(pdf)} PDF in turn)"
        )
        started = time.perf_counter()
        done = subprocess.run([str(dti), "ingest", str(batch), "--db", str(db), "--workers", "2"],
                              capture_output=True, text=True)  # fmt: skip
        seconds = time.perf_counter() - started
        print(
            f"  dti ingest --workers 2: {seconds / 60:.1f} min (exit {done.returncode}); "
            f"{done.stdout.strip()}"
        )
        with duckdb.connect(str(db), read_only=True) as connection:
            rows = connection.execute(
                "SELECT CASE WHEN source_path LIKE '%.scan.pdf' THEN 'scan' WHEN source_path LIKE '%.docx' "
                "THEN 'docx' ELSE 'pdf' END AS kind, count(*), sum(seconds), median(seconds) "
                "FROM outcomes GROUP BY kind ORDER BY kind"
            ).fetchall()
        for kind, count, total, median in rows:
            print(f"  {kind:<5} {count:4d} documents: {total / 60:6.1f} min of extraction "
                  f"(median {median:.1f} s a document)")  # fmt: skip


def main() -> None:
    args = sys.argv[1:]
    if args and args[0] == "--province-year":
        province_year(int(args[1]) if len(args) > 1 else 300)
        return
    base = None
    if "--db" in args:
        base = args[args.index("--db") + 1]
        del args[args.index("--db") : args.index("--db") + 2]
    copies = int(args[0]) if args else 4  # 108 documents
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        batch = folder / "batch"
        batch.mkdir()
        count = make_batch(batch, copies)
        print(f"batch: {count} documents ({copies} copies of the corpus), warehouse: {base or 'DuckDB file'}")
        for workers in (1, 2):
            items = items_from_paths([batch])
            with Warehouse(warehouse_url(base, folder, workers)) as warehouse:
                started = time.perf_counter()
                summary = run_batch(items, warehouse, inputs=[str(batch)], workers=workers)
                seconds = time.perf_counter() - started
            print(
                f"  {workers} worker(s): {seconds:6.1f} s, {60 * count / seconds:6.1f} documents/min "
                f"({summary.ok} ok, {summary.failed} failed, {summary.records} records)"
            )


if __name__ == "__main__":
    main()
