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
import os
import socket
import time
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pipeline.errors import DocumentLoadError, WarehouseBusyError, WarehouseError
from pipeline.load import corrections
from pipeline.models import PIPELINE_VERSION, DocumentResult, Figure, Framework, IndicatorRecord, Outcome
from pipeline.normalize.subjects import gazetteer, successor
from pipeline.resources import data_path

DDL_PATH = data_path("schemas", "warehouse.sql")
SCHEMA_VERSION = "8"
UPGRADES_FROM = ("5", "6", "7")  # versions the DDL's ALTER statements bring up to this one
DEFAULT_WAIT_SECONDS = 60.0
_SCHEMA_LOCK = 7_302_024  # PostgreSQL advisory lock id guarding DDL and framework sync
SCORES_LOCK = 7_302_025  # PostgreSQL advisory lock id: one rebuild of the scores feed at a time


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
        self._own_runs: set[str] = set()  # runs this connection began (and, on PostgreSQL, holds)
        if self.engine == "postgresql":
            self._pg = _connect_postgres(url)
        else:
            self.path = Path(url.removeprefix("duckdb:///").removeprefix("duckdb://"))

    # ------------------------------------------------------------------ connections

    @contextmanager
    def transaction(self) -> Iterator[Any]:
        """A cursor inside one transaction: committed on success, rolled back on error."""
        if self._pg is not None:
            try:
                with self._pg.transaction(), self._pg.cursor() as cursor:
                    yield _PgCursor(cursor)
            except _connection_errors() as exc:  # the server went away, or the network did
                raise WarehouseError(
                    f"{self.display_url}: the PostgreSQL connection failed ({_first_line(exc)}); nothing "
                    "of the statement in flight was written; check the server, then re-run"
                ) from exc
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
            if version is not None and version[0] not in (SCHEMA_VERSION, *UPGRADES_FROM):
                raise WarehouseError(
                    f"{self.url}: warehouse schema {version[0]} was written by another dti version "
                    f"(this one writes {SCHEMA_VERSION}); load into a new warehouse"
                )
            cur.execute("DELETE FROM schema_info WHERE name = 'schema_version'")
            cur.execute("INSERT INTO schema_info VALUES ('schema_version', ?)", [SCHEMA_VERSION])
            # Frameworks loaded now replace their own rows; those of earlier runs stay (records
            # loaded under an imported framework keep their indicators when its folder is not given).
            for framework_id in frameworks:
                cur.execute("DELETE FROM indicators WHERE framework_id = ?", [framework_id])
                cur.execute("DELETE FROM frameworks WHERE framework_id = ?", [framework_id])
            cur.execute("DELETE FROM subjects WHERE in_gazetteer")
            named = {tuple(row) for row in cur.execute("SELECT subject, kind FROM subjects").fetchall()}
            units = []
            for unit in gazetteer():  # the first of two units of one name and kind; no communes
                if unit.kind != "commune" and (unit.canonical, unit.kind) not in named:
                    named.add((unit.canonical, unit.kind))
                    units.append(unit)
            rows = []
            for unit in units:  # one statement below: DuckDB's executemany goes row by row (2 s)
                after, checked = successor(unit.canonical) or (None, None)
                rows.append({"subject": unit.canonical, "kind": unit.kind, "province": unit.province,
                             "valid_to": unit.valid_to, "successor": after, "successor_checked": checked,
                             "in_gazetteer": True})  # fmt: skip
            self.insert_many(cur, "subjects", rows)
            for framework in frameworks.values():
                cur.execute(
                    "INSERT INTO frameworks (framework_id, title, level, decision, first_year, last_year, "
                    "complete, "
                    "framework_index, province, version, origin) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [framework.id, framework.title, framework.level, framework.legal_basis.get("number"),
                     min(framework.valid_years), max(framework.valid_years), framework.complete,
                     framework.index, framework.province, framework.version, framework.origin],
                )  # fmt: skip
                cur.executemany(
                    "INSERT INTO indicators VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [[framework.id, e.code, e.name, e.level, e.parent, e.max_points, position]
                     for position, e in enumerate(framework.entries)],
                )  # fmt: skip

    # ------------------------------------------------------------------ runs

    def begin_run(self, inputs: Sequence[str], province: str | None, year: int | None, workers: int) -> str:
        """Record a run as running, with the host and process that run it: a run whose process
        is gone (killed, the machine restarted) is then shown as interrupted."""
        run_id = f"{now():%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:6]}"
        row = {"run_id": run_id, "started_at": now(), "finished_at": None, "status": "running",
               "inputs": json.dumps(list(inputs), ensure_ascii=False), "province": province, "year": year,
               "workers": workers, "pipeline_version": PIPELINE_VERSION, "host": socket.gethostname(),
               "pid": os.getpid()}  # fmt: skip
        with self.transaction() as cur:
            self.insert_many(cur, "runs", [row])
        if self._pg is not None:  # held by this session until the run ends or its process dies
            self._pg.execute("SELECT pg_advisory_lock(hashtextextended(%s, 1))", [run_id])
        self._own_runs.add(run_id)
        return run_id

    def run_is_alive(self, run_id: str, host: str | None, pid: int | None) -> bool:
        """Whether a run recorded as running still has its process: on PostgreSQL, whether
        the run's session still holds its advisory lock (from any machine); on DuckDB, whether
        its process still exists on this machine (another machine's run is taken as alive)."""
        if run_id in self._own_runs:
            return True
        if self.engine == "postgresql":
            with self.transaction() as cur:
                free = cur.execute(
                    "SELECT pg_try_advisory_lock(hashtextextended(?, 1))", [run_id]
                ).fetchone()[0]
                if free:
                    cur.execute("SELECT pg_advisory_unlock(hashtextextended(?, 1))", [run_id])
            return not free
        if host != socket.gethostname() or pid is None:
            return True
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:  # another user's process: it exists
            return True
        return True

    def finish_run(self, run_id: str, status: str) -> None:
        with self.transaction() as cur:
            cur.execute(
                "UPDATE runs SET finished_at = ?, status = ? WHERE run_id = ?", [now(), status, run_id]
            )
        if self._pg is not None:
            self._pg.execute("SELECT pg_advisory_unlock(hashtextextended(%s, 1))", [run_id])

    def is_loaded(self, sha256: str) -> bool:
        """True when this exact file is loaded by this pipeline version: nothing to redo."""
        with self.transaction() as cur:
            row = cur.execute(
                "SELECT 1 FROM documents WHERE document_sha256 = ? AND pipeline_version = ? AND status <> ?",
                [sha256, PIPELINE_VERSION, Outcome.FAILED],
            ).fetchone()
        return row is not None

    def record_outcome(
        self,
        run_id: str,
        source_path: str,
        sha256: str | None,
        status: Outcome,
        reason: str | None,
        seconds: float,
        detail: str | None = None,
    ) -> None:
        """An outcome with no document rows: a failed or a skipped file."""
        with self.transaction() as cur:
            self._write_outcome(cur, run_id, source_path, sha256, status, reason, 0, seconds, detail)

    # ------------------------------------------------------------------ documents

    def load(self, result: DocumentResult, run_id: str, seconds: float) -> int:
        """Replace the document's rows with this result's and record its outcome, atomically.

        Returns the number of records written. A file at the same path with other content
        (an edited plan) replaces the earlier version.
        """
        sha = result.document_sha256
        if sha is None:
            raise ValueError("load() needs a result with a document_sha256; use record_outcome for failures")
        try:
            with self.transaction() as cur:
                return self._replace_document(cur, result, run_id, seconds)
        except _engine_errors() as exc:
            raise DocumentLoadError(
                f"{result.source_path}: the warehouse refused its rows ({_first_line(exc)}); none was loaded"
            ) from exc

    def _replace_document(self, cur: Any, result: DocumentResult, run_id: str, seconds: float) -> int:
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
        for old in stale:  # another version of the file: its corrections are kept, orphaned
            corrections.orphan(cur, old[0])
        self.insert_many(cur, "documents", [_document_row(result, run_id)])
        records, figures, subjects = _record_rows(result)
        self.insert_many(cur, "indicator_records", records)
        self.insert_many(cur, "figures", figures)
        counts = {position: len(record.figures) for position, record in enumerate(result.records)}
        corrections.place(cur, sha, records, counts)  # a re-extraction: each on its record again
        for subject, kind, province, known in sorted(subjects, key=str):
            if not known:  # a unit the gazetteer lacks: listed, marked as such
                cur.execute(
                    "INSERT INTO subjects VALUES (?, ?, ?, NULL, NULL, NULL, FALSE) ON CONFLICT DO NOTHING",
                    [subject, kind, province],
                )
        outcome, reason = Outcome(result.status), "; ".join(result.lost) or None
        if result.defines_framework:
            outcome, reason = Outcome.FRAMEWORK, "; ".join(filter(None, (result.framework_reason, reason)))
        elif result.framework is None:
            outcome, reason = Outcome.NOT_DTI, "; ".join(filter(None, (result.framework_reason, reason)))
        self._write_outcome(cur, run_id, result.source_path, sha, outcome, reason, len(records), seconds)
        return len(records)

    def _write_outcome(
        self,
        cur: Any,
        run_id: str,
        path: str,
        sha: str | None,
        status: Outcome,
        reason: str | None,
        records: int,
        seconds: float,
        detail: str | None = None,
    ) -> None:
        cur.execute("DELETE FROM outcomes WHERE run_id = ? AND source_path = ?", [run_id, path])
        row = {"run_id": run_id, "source_path": path, "document_sha256": sha, "status": str(status),
               "reason": reason, "records": records, "seconds": round(seconds, 3), "finished_at": now(),
               "detail": detail}  # fmt: skip
        self.insert_many(cur, "outcomes", [row])

    def insert_many(self, cur: Any, table: str, rows: Sequence[Mapping[str, Any]]) -> None:
        """Insert rows, each a mapping of column to value, in one statement: PostgreSQL pipelines
        `executemany`; DuckDB, whose `executemany` runs row by row, reads them as one relation
        instead (~10× faster)."""
        if not rows:
            return
        columns = list(rows[0])
        names = ", ".join(columns)
        if self.engine == "postgresql":
            cur.executemany(f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(columns))})",
                            [[row[c] for c in columns] for row in rows])  # fmt: skip
            return
        import pandas as pd

        frame = pd.DataFrame([[row[c] for c in columns] for row in rows], columns=columns)
        cur.register("incoming_rows", frame)
        cur.execute(
            f"INSERT INTO {table} ({names}) SELECT {names} FROM incoming_rows"
        )  # on error: rolled back
        cur.unregister("incoming_rows")

    # ------------------------------------------------------------------ reading

    @property
    def display_url(self) -> str:
        """The URL to show a person: a PostgreSQL password left out."""
        return redacted(self.url)

    def query_dicts(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        """A read query's rows as mappings of column name to value."""
        columns, rows = self.query(sql, params)
        return [dict(zip(columns, row, strict=True)) for row in rows]

    def query(self, sql: str, params: Sequence[Any] = ()) -> tuple[list[str], list[tuple[Any, ...]]]:
        """Run a read query; return column names and rows. The questions the CLI asks are
        functions of `pipeline.load.queries`, one per question."""
        with self.transaction() as cur:
            result = cur.execute(sql, list(params))
            columns = [d[0] for d in result.description]
            return columns, [tuple(row) for row in result.fetchall()]


# ---------------------------------------------------------------------- rows


def _document_row(result: DocumentResult, run_id: str) -> dict[str, Any]:
    """The `documents` row: what the letterhead says, with the batch's context already applied
    (`normalize.context`): `agency` is whose document it is, `year` the year it is about."""
    info = result.info
    return {
        "document_sha256": result.document_sha256, "source_path": result.source_path, "format": result.format,
        "province": info.province, "agency": info.agency or info.issuer,
        "issuer": info.issuer_name or info.issuer,  # "Sở Nội vụ tỉnh Lâm Đồng", not only "SỞ NỘI VỤ"
        "number": info.number, "issued_on": info.date, "kind": info.kind, "year": info.year,
        "framework": result.framework, "framework_reason": result.framework_reason, "status": result.status,
        "page_count": result.page_count, "decisions": "\n".join(map(str, result.decisions)) or None,
        "lost": "\n".join(result.lost) or None,
        "warnings": json.dumps(list(result.warnings), ensure_ascii=False),
        "pipeline_version": PIPELINE_VERSION, "run_id": run_id, "loaded_at": now(),
    }  # fmt: skip


def record_row(sha: str | None, position: int, record: IndicatorRecord) -> dict[str, Any]:
    """The `indicator_records` row of one record, as `dti extract` gives it."""
    subject = record.subject
    return {
        "document_sha256": sha, "position": position, "framework": record.framework,
        "indicator_code": record.indicator_code, "indicator_name": record.indicator_name,
        "printed_code": record.printed_code, "printed_name": record.printed_name,
        "printed_parent_code": record.printed_parent_code, "match_score": record.match_score,
        "match_status": record.match_status, "page": record.page, "pages": json.dumps(list(record.pages)),
        "table_index": record.table_index, "row_index": record.row_index, "origin": record.origin,
        "fields": json.dumps(dict(record.fields), ensure_ascii=False), "status": record.status,
        "checks": json.dumps([str(c) for c in record.checks], ensure_ascii=False),
        "check_details": json.dumps([c.to_dict() for c in record.checks], ensure_ascii=False),
        "ocr_confidence": record.ocr_confidence, "source_path": record.source_path,
        "subject_name": subject.name if subject else None, "subject": subject.canonical if subject else None,
        "subject_kind": subject.kind if subject else None,
        "subject_province": subject.province if subject else None,
        "period": record.period, "period_source": record.period_source,
        "box": json.dumps(list(record.box)) if record.box else None,
    }  # fmt: skip


def figure_row(
    sha: str | None, position: int, number: int, figure: Figure, period: int | None
) -> dict[str, Any]:
    """The `figures` row of one figure of a record."""
    value = figure.value if isinstance(figure.value, int | float) else None
    return {
        "document_sha256": sha, "record_position": position, "figure_number": number, "kind": figure.kind,
        "value": value, "numerator": figure.numerator, "denominator": figure.denominator, "low": figure.low,
        "high": figure.high, "unit": figure.unit, "text": figure.text, "field": figure.field,
        "period": figure.period or period,
    }  # fmt: skip


def _record_rows(
    result: DocumentResult,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], set[tuple[Any, ...]]]:
    """Rows for indicator_records and figures, and the subjects they name."""
    records: list[dict[str, Any]] = []
    figures: list[dict[str, Any]] = []
    subjects: set[tuple[Any, ...]] = set()
    sha = result.document_sha256
    for position, record in enumerate(result.records):
        records.append(record_row(sha, position, record))
        subject = record.subject
        if subject is not None and subject.canonical and subject.kind:
            subjects.add((subject.canonical, subject.kind, subject.province, subject.known))
        figures += [figure_row(sha, position, n, f, record.period) for n, f in enumerate(record.figures)]
    return records, figures, subjects


# ---------------------------------------------------------------------- engines


def _engine_errors() -> tuple[type[Exception], ...]:
    """The database errors a document's rows can raise: constraint violations, bad values."""
    import duckdb
    import psycopg

    return (duckdb.ConstraintException, duckdb.ConversionException, psycopg.errors.IntegrityError,
            psycopg.errors.DataError)  # fmt: skip


def _connection_errors() -> tuple[type[Exception], ...]:
    """The errors of a connection that broke under a statement (not of the statement itself)."""
    import psycopg

    return (psycopg.OperationalError, psycopg.InterfaceError)


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


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
        raise WarehouseError(
            f"{redacted(url)}: cannot connect to PostgreSQL ({_first_line(exc)}); check the server is "
            "running and the URL in --db / $DTI_DB"
        ) from exc


_SECRETS = ("password", "sslpassword", "sslkey")


def redacted(url: str) -> str:
    """The warehouse URL to show a person, every secret left out, in whatever form it was
    given: "postgresql://u:pw@h/db", "postgresql://h/db?user=u&password=pw" and a password
    percent-encoded all read "postgresql://u@h/db". psycopg's own conninfo parser reads it, as
    the connection will; a DuckDB path is shown as it is."""
    if not is_postgres_url(url):
        return url
    from psycopg.conninfo import conninfo_to_dict

    try:
        params = conninfo_to_dict(url)
    except Exception:  # psycopg cannot read it either: show nothing that might be a secret
        return "postgresql://(an unreadable URL, not shown)"
    for secret in _SECRETS:
        params.pop(secret, None)
    user, host, port, dbname = (params.pop(k, None) for k in ("user", "host", "port", "dbname"))
    where = f"{user}@" if user else ""
    where += f"{host or ''}" + (f":{port}" if port else "")
    options = "&".join(f"{k}={v}" for k, v in sorted(params.items()))
    return f"postgresql://{where}/{dbname or ''}" + (f"?{options}" if options else "")


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
