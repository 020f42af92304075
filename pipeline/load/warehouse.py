"""The warehouse: one schema (`schemas/warehouse.sql`), two engines.

An embedded DuckDB file by default (`dti.duckdb`, no server) or PostgreSQL for a shared
deployment, chosen by the URL: `postgresql://user@host/db` or a file path. Every document
is loaded whole or not at all, in one transaction that also writes its outcome for the
run, so a batch killed halfway leaves each document either loaded or not, never half.

Concurrency: PostgreSQL serialises loads of the same document with an advisory lock, so
two batches over overlapping files neither duplicate nor lose a record. DuckDB allows one
writing process per file: each load opens the file briefly, and a second process waits
for the lock (up to `wait_seconds`), then says the file is busy.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pipeline.errors import DocumentLoadError, WarehouseBusyError, WarehouseError
from pipeline.models import PIPELINE_VERSION, DocumentResult, Framework
from pipeline.normalize.subjects import canonical_subject, gazetteer, successor
from pipeline.resources import data_path

DDL_PATH = data_path("schemas", "warehouse.sql")
SCHEMA_VERSION = "5"
DEFAULT_WAIT_SECONDS = 60.0
_SCHEMA_LOCK = 7_302_024  # PostgreSQL advisory lock id guarding DDL and framework sync


@dataclass(frozen=True)
class LoadContext:
    """What the batch knows about a document beyond its text: from the CLI or a manifest."""

    province: str | None = None
    agency: str | None = None
    year: int | None = None


def now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def is_postgres_url(url: str) -> bool:
    return url.startswith(("postgresql://", "postgres://"))


class Warehouse:
    """A connection to the warehouse with the few operations the batch and the CLI need."""

    def __init__(self, url: str, wait_seconds: float = DEFAULT_WAIT_SECONDS) -> None:
        self.url = url
        self.engine = "postgresql" if is_postgres_url(url) else "duckdb"
        self.wait_seconds = wait_seconds
        self._pg: Any = None
        if self.engine == "postgresql":
            self._pg = _connect_postgres(url)
        else:
            self.path = Path(url.removeprefix("duckdb:///").removeprefix("duckdb://"))

    # ------------------------------------------------------------------ connections

    @contextmanager
    def transaction(self) -> Iterator[Any]:
        """A cursor inside one transaction: committed on success, rolled back on error."""
        if self._pg is not None:
            with self._pg.transaction(), self._pg.cursor() as cursor:
                yield _PgCursor(cursor)
            return
        connection = _connect_duckdb(self.path, self.wait_seconds)
        try:
            connection.execute("BEGIN TRANSACTION")
            try:
                yield connection
                connection.execute("COMMIT")
            except BaseException:
                connection.execute("ROLLBACK")
                raise
        finally:
            connection.close()

    def close(self) -> None:
        if self._pg is not None:
            self._pg.close()

    def __enter__(self) -> Warehouse:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ schema

    def ensure_schema(self, frameworks: Mapping[str, Framework]) -> None:
        """Create the tables and views if missing and load the frameworks' indicators."""
        ddl = DDL_PATH.read_text(encoding="utf-8")
        with self.transaction() as cur:
            if self.engine == "postgresql":
                cur.execute(f"SELECT pg_advisory_xact_lock({_SCHEMA_LOCK})")
            cur.execute(ddl)
            version = cur.execute("SELECT value FROM schema_info WHERE name = 'schema_version'").fetchone()
            if version is not None and version[0] != SCHEMA_VERSION:
                raise WarehouseError(
                    f"{self.url}: warehouse schema {version[0]} was written by another dti version "
                    f"(this one writes {SCHEMA_VERSION}); load into a new warehouse"
                )
            cur.execute("DELETE FROM schema_info WHERE name = 'schema_version'")
            cur.execute("INSERT INTO schema_info VALUES ('schema_version', ?)", [SCHEMA_VERSION])
            cur.execute("DELETE FROM indicators")
            cur.execute("DELETE FROM frameworks")
            cur.execute("DELETE FROM subjects WHERE in_gazetteer")
            cur.executemany(
                "INSERT INTO subjects VALUES (?, ?, ?, ?, ?, ?, TRUE) ON CONFLICT DO NOTHING",
                [[u.canonical, u.kind, u.province, u.valid_to, *(successor(u.canonical) or (None, None))]
                 for u in gazetteer()],
            )  # fmt: skip
            for framework in frameworks.values():
                cur.execute(
                    "INSERT INTO frameworks VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [framework.id, framework.title, framework.level, framework.legal_basis.get("number"),
                     min(framework.valid_years), max(framework.valid_years), framework.complete],
                )  # fmt: skip
                cur.executemany(
                    "INSERT INTO indicators VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [[framework.id, e.code, e.name, e.level, e.parent, e.max_points, position]
                     for position, e in enumerate(framework.entries)],
                )  # fmt: skip

    # ------------------------------------------------------------------ runs

    def begin_run(self, inputs: Sequence[str], province: str | None, year: int | None, workers: int) -> str:
        run_id = f"{now():%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:6]}"
        with self.transaction() as cur:
            cur.execute(
                "INSERT INTO runs VALUES (?, ?, NULL, 'running', ?, ?, ?, ?, ?)",
                [run_id, now(), json.dumps(list(inputs), ensure_ascii=False), province, year, workers,
                 PIPELINE_VERSION],
            )  # fmt: skip
        return run_id

    def finish_run(self, run_id: str, status: str) -> None:
        with self.transaction() as cur:
            cur.execute(
                "UPDATE runs SET finished_at = ?, status = ? WHERE run_id = ?", [now(), status, run_id]
            )

    def is_loaded(self, sha256: str) -> bool:
        """True when this exact file is loaded by this pipeline version: nothing to redo."""
        with self.transaction() as cur:
            row = cur.execute(
                "SELECT 1 FROM documents "
                "WHERE document_sha256 = ? AND pipeline_version = ? AND status <> 'failed'",
                [sha256, PIPELINE_VERSION],
            ).fetchone()
        return row is not None

    def record_outcome(
        self,
        run_id: str,
        source_path: str,
        sha256: str | None,
        status: str,
        reason: str | None,
        seconds: float,
    ) -> None:
        """An outcome with no document rows: a failed or a skipped file."""
        with self.transaction() as cur:
            _write_outcome(cur, run_id, source_path, sha256, status, reason, 0, seconds)

    # ------------------------------------------------------------------ documents

    def load(self, result: DocumentResult, context: LoadContext, run_id: str, seconds: float) -> int:
        """Replace the document's rows with this result's and record its outcome, atomically.

        Returns the number of records written. A file at the same path with other content
        (an edited plan) replaces the earlier version.
        """
        sha = result.document_sha256
        if sha is None:
            raise ValueError("load() needs a result with a document_sha256; use record_outcome for failures")
        try:
            with self.transaction() as cur:
                return self._replace_document(cur, result, context, run_id, seconds)
        except _engine_errors() as exc:
            first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise DocumentLoadError(
                f"{result.source_path}: the warehouse refused its rows ({first_line}); none was loaded"
            ) from exc

    def _replace_document(
        self, cur: Any, result: DocumentResult, context: LoadContext, run_id: str, seconds: float
    ) -> int:
        sha = result.document_sha256
        if self.engine == "postgresql":
            cur.execute("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))", [sha])
        stale = cur.execute(
            "SELECT document_sha256 FROM documents WHERE source_path = ? AND document_sha256 <> ?",
            [result.source_path, sha],
        ).fetchall()
        for old in [sha, *(row[0] for row in stale)]:
            for table in ("figures", "indicator_records", "documents"):
                cur.execute(f"DELETE FROM {table} WHERE document_sha256 = ?", [old])
        cur.execute(
            "INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            _document_row(result, context, run_id),
        )
        records, figures, subjects = _record_rows(result, context)
        self.insert_many(cur, "indicator_records", records)
        self.insert_many(cur, "figures", figures)
        for subject, kind, province, known in sorted(subjects, key=str):
            if not known:  # a unit the gazetteer lacks: listed, marked as such
                cur.execute(
                    "INSERT INTO subjects VALUES (?, ?, ?, NULL, NULL, NULL, FALSE) ON CONFLICT DO NOTHING",
                    [subject, kind, province],
                )
        outcome, reason = result.status, "; ".join(result.lost) or None
        if result.framework is None:
            outcome, reason = "not_dti", "; ".join(filter(None, (result.framework_reason, reason)))
        _write_outcome(cur, run_id, result.source_path, sha, outcome, reason, len(records), seconds)
        return len(records)

    def insert_many(self, cur: Any, table: str, rows: list[list[Any]]) -> None:
        """Insert rows in one statement: PostgreSQL pipelines `executemany`; DuckDB, whose
        `executemany` runs row by row, reads them as one relation instead (~10× faster)."""
        if not rows:
            return
        if self.engine == "postgresql":
            cur.executemany(f"INSERT INTO {table} VALUES ({', '.join('?' * len(rows[0]))})", rows)
            return
        import pandas as pd

        frame = pd.DataFrame(rows)  # columns by position, as the table declares them
        cur.register("incoming_rows", frame)
        cur.execute(f"INSERT INTO {table} SELECT * FROM incoming_rows")  # on error: rolled back, closed
        cur.unregister("incoming_rows")

    # ------------------------------------------------------------------ reading

    @property
    def display_url(self) -> str:
        """The URL to show a person: a PostgreSQL password left out."""
        return redacted(self.url)

    def query(self, sql: str, params: Sequence[Any] = ()) -> tuple[list[str], list[tuple[Any, ...]]]:
        """Run a read query; return column names and rows. The questions the CLI asks are
        functions of `pipeline.load.queries`, one per question."""
        with self.transaction() as cur:
            result = cur.execute(sql, list(params))
            columns = [d[0] for d in result.description]
            return columns, [tuple(row) for row in result.fetchall()]


# ---------------------------------------------------------------------- rows


def _document_row(result: DocumentResult, context: LoadContext, run_id: str) -> list[Any]:
    info = result.info
    return [
        result.document_sha256, result.source_path, result.format,
        context.province or info.province, context.agency or info.issuer, info.issuer, info.number,
        info.date, info.kind, context.year or info.year, result.framework, result.framework_reason,
        result.status, result.page_count, "\n".join(result.decisions) or None, "\n".join(result.lost) or None,
        json.dumps(list(result.warnings), ensure_ascii=False), PIPELINE_VERSION, run_id, now(),
    ]  # fmt: skip


def _record_rows(
    result: DocumentResult, context: LoadContext
) -> tuple[list[list[Any]], list[list[Any]], set[tuple[Any, ...]]]:
    """Rows for indicator_records and figures, and the subjects they name. What the batch
    knows (`--agency`, `--year`, the manifest) fills in a subject or a year the document left
    unsaid; a ranking row names its own unit or none."""
    records: list[list[Any]] = []
    figures: list[list[Any]] = []
    subjects: set[tuple[Any, ...]] = set()
    sha = result.document_sha256
    fallback = canonical_subject(context.agency, context.province) if context.agency else None
    for position, r in enumerate(result.records):
        subject = r.subject or (fallback if "subject" not in r.fields else None)
        province = (subject.province if subject else None) or context.province or result.info.province
        period, period_source = (r.period, r.period_source) if r.period else (context.year, "batch")
        if period is None:
            period_source = None
        records.append([
            sha, position, r.framework, r.indicator_code, r.indicator_name, r.printed_code, r.printed_name,
            r.printed_parent_code, r.match_score, r.match_status, r.page, json.dumps(list(r.pages)),
            r.table_index, r.row_index, r.origin, json.dumps(dict(r.fields), ensure_ascii=False), r.status,
            json.dumps(list(r.checks), ensure_ascii=False), r.ocr_confidence, r.source_path,
            subject.name if subject else None, subject.canonical if subject else None,
            subject.kind if subject else None, province, period, period_source,
        ])  # fmt: skip
        if subject is not None and subject.canonical and subject.kind:
            subjects.add((subject.canonical, subject.kind, province, subject.known))
        for number, f in enumerate(r.figures):
            value = f.value if isinstance(f.value, int | float) else None
            figures.append([sha, position, number, f.kind, value, f.numerator, f.denominator, f.low, f.high,
                            f.unit, f.text, f.field, f.period or period])  # fmt: skip
    return records, figures, subjects


def _write_outcome(
    cur: Any,
    run_id: str,
    path: str,
    sha: str | None,
    status: str,
    reason: str | None,
    records: int,
    seconds: float,
) -> None:
    cur.execute("DELETE FROM outcomes WHERE run_id = ? AND source_path = ?", [run_id, path])
    cur.execute(
        "INSERT INTO outcomes VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [run_id, path, sha, status, reason, records, round(seconds, 3), now()],
    )


# ---------------------------------------------------------------------- engines


def _engine_errors() -> tuple[type[Exception], ...]:
    """The database errors a document's rows can raise: constraint violations, bad values."""
    import duckdb
    import psycopg

    return (duckdb.ConstraintException, duckdb.ConversionException, psycopg.errors.IntegrityError,
            psycopg.errors.DataError)  # fmt: skip


def _connect_duckdb(path: Path, wait_seconds: float) -> Any:
    import duckdb

    deadline = time.monotonic() + wait_seconds
    delay = 0.05
    while True:
        try:
            return duckdb.connect(str(path))
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower():
                raise WarehouseError(f"{path}: cannot open the DuckDB warehouse ({exc})") from exc
            if time.monotonic() >= deadline:
                holder = str(exc).split("Conflicting lock is held in", 1)[-1].strip()
                raise WarehouseBusyError(
                    f"{path}: the DuckDB file is busy (held by {holder or 'another process'}) after waiting "
                    f"{wait_seconds:.0f} s; wait for that dti to finish, raise --wait, or use PostgreSQL "
                    "(--db postgresql://...) for concurrent loads"
                ) from exc
            time.sleep(delay)
            delay = min(delay * 2, 1.0)


def _connect_postgres(url: str) -> Any:
    import psycopg

    try:
        return psycopg.connect(url, autocommit=True, connect_timeout=10)
    except psycopg.OperationalError as exc:
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise WarehouseError(
            f"{redacted(url)}: cannot connect to PostgreSQL ({first_line}); check the server is running "
            "and the URL in --db / $DTI_DB"
        ) from exc


def redacted(url: str) -> str:
    """The URL without its password, for error messages."""
    if "@" not in url or "://" not in url:
        return url
    scheme, rest = url.split("://", 1)
    credentials, host = rest.rsplit("@", 1)
    user = credentials.split(":", 1)[0]
    return f"{scheme}://{user}@{host}"


class _PgCursor:
    """A psycopg cursor that takes the `?` placeholders DuckDB takes, so one SQL serves both."""

    def __init__(self, cursor: Any) -> None:
        self._cursor = cursor

    def execute(self, sql: str, params: Sequence[Any] | None = None) -> Any:
        if params is None:
            self._cursor.execute(sql)
        else:
            self._cursor.execute(sql.replace("?", "%s"), params)
        return self._cursor

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        self._cursor.executemany(sql.replace("?", "%s"), rows)
