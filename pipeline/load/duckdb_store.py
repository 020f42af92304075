"""The embedded warehouse: one DuckDB file, loaded one document at a time, idempotently.

A document is replaced whole inside one transaction (delete by sha256, insert), so loading
the same file twice changes nothing and a failed load leaves the previous state. Figures
are rows of their own, queryable without parsing JSON.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from pipeline.models import PIPELINE_VERSION, DocumentResult

DDL_PATH = Path(__file__).resolve().parents[2] / "schemas" / "warehouse.duckdb.sql"


def connect(path: str | Path) -> duckdb.DuckDBPyConnection:
    """Open (or create) the warehouse file and make sure its tables exist."""
    connection = duckdb.connect(str(path))
    connection.execute(DDL_PATH.read_text(encoding="utf-8"))
    return connection


def load_result(connection: duckdb.DuckDBPyConnection, result: DocumentResult) -> int:
    """Replace one document's rows with this result's; return the number of records written."""
    if result.document_sha256 is None:
        return 0
    sha = result.document_sha256
    connection.execute("BEGIN TRANSACTION")
    try:
        for table in ("figures", "indicator_records", "documents"):
            connection.execute(f"DELETE FROM {table} WHERE document_sha256 = ?", [sha])
        connection.execute(
            "INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                sha,
                result.source_path,
                result.framework,
                result.framework_reason,
                result.status,
                json.dumps(list(result.warnings), ensure_ascii=False),
                PIPELINE_VERSION,
                datetime.now(UTC).replace(tzinfo=None),
            ],
        )
        for position, record in enumerate(result.records):
            connection.execute(
                "INSERT INTO indicator_records VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    sha,
                    position,
                    record.framework,
                    record.indicator_code,
                    record.indicator_name,
                    record.printed_code,
                    record.printed_name,
                    record.match_score,
                    record.match_status,
                    record.page,
                    record.table_index,
                    record.row_index,
                    record.origin,
                    json.dumps(dict(record.fields), ensure_ascii=False),
                    record.status,
                    json.dumps(list(record.checks), ensure_ascii=False),
                    record.source_path,
                ],
            )
            for number, figure in enumerate(record.figures):
                connection.execute(
                    "INSERT INTO figures VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        sha,
                        position,
                        number,
                        figure.kind,
                        figure.value if isinstance(figure.value, float) else None,
                        figure.numerator,
                        figure.denominator,
                        figure.unit,
                        figure.text,
                        figure.field,
                    ],
                )
        connection.execute("COMMIT")
    except Exception:
        connection.execute("ROLLBACK")
        raise
    return len(result.records)
