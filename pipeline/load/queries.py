"""The questions people ask the warehouse, one function each, so no SQL lives in the CLI.

Each returns column names and rows (`Rows`), ready for a table, a CSV or a spreadsheet:
`runs` (recent ingestion runs with their counts), `failures` (documents that failed or
were read only in part, with the reason), `export` (a named table or view, filtered by
province and year), `subjects` (the units with their counts), `subject_series` (one unit's
points by pillar and year).
"""

from __future__ import annotations

import json
from dataclasses import fields
from typing import Any

from pipeline.errors import WarehouseError
from pipeline.load.warehouse import Warehouse
from pipeline.models import ScoreItem
from pipeline.normalize.subjects import canonical_subject

Rows = tuple[list[str], list[tuple[Any, ...]]]

EXPORTS = {
    "records": "SELECT d.province, d.agency, d.year, r.* FROM reviewed_records r "
    "JOIN documents d USING (document_sha256) ORDER BY r.source_path, r.position",
    "figures": "SELECT d.province, d.agency, d.year, r.subject, r.period, r.source_path, r.page, "
    "r.indicator_code, r.printed_code, r.printed_name, f.kind, f.value, f.numerator, f.denominator, "
    "f.low, f.high, f.unit, f.text, f.field, f.corrected, f.value_as_read, f.text_as_read "
    "FROM reviewed_figures f JOIN reviewed_records r ON r.document_sha256 = f.document_sha256 "
    "AND r.position = f.record_position JOIN documents d ON d.document_sha256 = r.document_sha256 "
    "ORDER BY r.source_path, r.position, f.figure_number",
    "coverage": "SELECT * FROM coverage ORDER BY source_path, indicator_code",
    "latest-figures": "SELECT * FROM latest_figures ORDER BY agency, year, indicator_code",
    "documents": "SELECT * FROM documents ORDER BY source_path",
    "subject-figures": "SELECT * FROM subject_figures ORDER BY subject, period, indicator_code",
    "omissions": "SELECT * FROM omissions ORDER BY subject, period, indicator_code",
    "series": "SELECT * FROM series ORDER BY subject, period, code",
    "scores": "SELECT * FROM scores ORDER BY subject, period, framework, code",
}
# The views about units name their year `period` (the year the figures describe).
YEAR_COLUMNS = {"omissions": "period", "scores": "period", "subject-figures": "period", "series": "period"}
# The feed's columns: the fields of `ScoreItem`, in order, and the checks as data after them.
SCORE_COLUMNS = (*(f.name for f in fields(ScoreItem)), "check_details")


def require_schema(warehouse: Warehouse) -> None:
    """Raise a `WarehouseError` that says what to do when nothing was ever loaded there. Only a
    missing `runs` table means that; any other failure (a server gone, a file busy) is raised
    as what it is."""
    _, rows = warehouse.query(
        "SELECT count(*) FROM information_schema.tables "
        "WHERE table_name = 'runs' AND table_schema = current_schema()"
    )
    if not rows[0][0]:
        raise WarehouseError(f"{warehouse.display_url}: no dti warehouse there yet; run `dti ingest` first")


def runs(warehouse: Warehouse, limit: int = 20) -> Rows:
    """The most recent runs, newest first, with how many documents ended in each state:
    ok, partial (something left out), failed, not_dti (read, but not a DTI document),
    framework (a decision issuing frameworks), skipped."""
    require_schema(warehouse)
    columns, rows = warehouse.query(
        """
        SELECT r.run_id, r.started_at, r.finished_at, r.status, r.host, r.pid,
               sum(CASE WHEN o.status = 'ok' THEN 1 ELSE 0 END) AS ok,
               sum(CASE WHEN o.status = 'partial' THEN 1 ELSE 0 END) AS partial,
               sum(CASE WHEN o.status = 'failed' THEN 1 ELSE 0 END) AS failed,
               sum(CASE WHEN o.status = 'not_dti' THEN 1 ELSE 0 END) AS not_dti,
               sum(CASE WHEN o.status = 'framework' THEN 1 ELSE 0 END) AS framework,
               sum(CASE WHEN o.status = 'skipped' THEN 1 ELSE 0 END) AS skipped,
               coalesce(sum(o.records), 0) AS records
        FROM runs r LEFT JOIN outcomes o ON o.run_id = r.run_id
        GROUP BY r.run_id, r.started_at, r.finished_at, r.status, r.host, r.pid
        ORDER BY r.started_at DESC, r.run_id DESC
        LIMIT ?
        """,
        [limit],
    )
    shown = []
    for run_id, started, finished, status, host, pid, *counts in rows:
        if status == "running" and not warehouse.run_is_alive(run_id, host, pid):
            status = "interrupted"  # its process is gone: it will never finish
        shown.append((run_id, started, finished, status, *counts))
    return [c for c in columns if c not in ("host", "pid")], shown


def failures(warehouse: Warehouse, run_id: str | None = None) -> Rows:
    """Documents that failed or were read only in part (of one run, or of all), with why."""
    require_schema(warehouse)
    where = "WHERE o.status IN ('failed', 'partial')" + (" AND o.run_id = ?" if run_id else "")
    return warehouse.query(
        f"SELECT o.run_id, o.source_path, o.status, o.reason, o.detail FROM outcomes o {where} "
        "ORDER BY o.finished_at DESC, o.source_path",
        [run_id] if run_id else [],
    )


def export(warehouse: Warehouse, what: str, province: str | None = None, year: int | None = None) -> Rows:
    """One of `EXPORTS` ("figures", "coverage", ...), only the given province and year."""
    if what not in EXPORTS:
        raise ValueError(f"no export named {what!r}; choose from {', '.join(sorted(EXPORTS))}")
    require_schema(warehouse)
    sql = EXPORTS[what]
    filters, params = [], []
    if province is not None:
        filters.append("province = ?")
        params.append(province)
    if year is not None:
        filters.append(f"{YEAR_COLUMNS.get(what, 'year')} = ?")
        params.append(year)
    if filters:
        sql = f"SELECT * FROM ({sql}) e WHERE {' AND '.join(filters)}"
    return warehouse.query(sql, params)


def subjects(warehouse: Warehouse) -> Rows:
    """Every unit records are about, with how many records, documents and years it has."""
    require_schema(warehouse)
    return warehouse.query(
        """
        SELECT r.subject, r.subject_kind, max(r.subject_province) AS province,
               count(*) AS records, count(DISTINCT r.document_sha256) AS documents,
               min(r.period) AS first_period, max(r.period) AS last_period,
               max(s.successor) AS successor, bool_or(s.successor_checked) AS successor_checked,
               bool_or(s.in_gazetteer) AS in_gazetteer
        FROM reviewed_records r
        LEFT JOIN subjects s ON s.subject = r.subject AND s.kind = r.subject_kind
        WHERE r.subject IS NOT NULL
        GROUP BY r.subject, r.subject_kind
        ORDER BY r.subject_kind, r.subject
        """
    )


def known_subject(subject: str) -> str | None:
    """The gazetteer's canonical name of a unit asked for as printed ("H. Krông Nô" → "huyện
    Krông Nô"); None for a unit it lacks, which callers match by part of its name."""
    named = canonical_subject(subject)
    return named.canonical if named and named.known else None


def subject_series(warehouse: Warehouse, subject: str) -> Rows:
    """One unit's pillar points and total by period (the `series` view), the unit given as
    printed or canonical: "Krông Nô", "H. Krông Nô", "huyện Krông Nô". Asked for a unit that
    took others over in 2025 ("Lâm Đồng"), the former units' series come too (Đắk Nông's),
    each under its own name, so a series can be asked either way."""
    require_schema(warehouse)
    exact = known_subject(subject)
    where = (
        "(subject = ? OR subject IN (SELECT s.subject FROM subjects s WHERE s.successor = ?))"
        if exact
        else "lower(subject) LIKE ?"
    )
    return warehouse.query(
        f"SELECT subject, period, code, name, level, points, max_points, source_path FROM series "
        f"WHERE {where} ORDER BY subject, code, period",
        [exact, exact] if exact else [f"%{subject.lower()}%"],
    )


def scores(
    warehouse: Warehouse, province: str | None = None, year: int | None = None, subject: str | None = None
) -> Rows:
    """The scores feed (`schemas/score_item.schema.json`), in framework order per unit and
    year; `subject` as printed or canonical ("H. Krông Nô"), like `subject_series`."""
    require_schema(warehouse)
    filters, params = [], []
    for column, value in (("province", province), ("period", year)):
        if value is not None:
            filters.append(f"{column} = ?")
            params.append(value)
    if subject is not None:
        exact = known_subject(subject)
        filters.append("subject = ?" if exact else "lower(subject) LIKE ?")
        params.append(exact or f"%{subject.lower()}%")
    where = f"WHERE {' AND '.join(filters)}" if filters else ""
    return warehouse.query(
        f"SELECT {', '.join(SCORE_COLUMNS)} FROM score_items {where} "
        "ORDER BY subject, period, framework, position",
        params,
    )


def documents(warehouse: Warehouse, province: str | None = None, year: int | None = None) -> Rows:
    """The documents loaded, with their letterhead, framework and status."""
    return export(warehouse, "documents", province, year)


_FIGURE_COLUMNS = ("kind", "text", "value", "numerator", "denominator", "unit", "low", "high", "field",
                   "period", "value_as_read", "text_as_read", "corrected")  # fmt: skip


def reviewed_records(
    warehouse: Warehouse,
    document_sha256: str | None = None,
    subject: str | None = None,
    period: int | None = None,
    framework: str | None = None,
    limit: int = 1000,
    offset: int = 0,
    position: int | None = None,
) -> list[dict[str, Any]]:
    """Records as the record contract gives them, with every correction applied, its fields
    named in `corrected` and the corrections themselves in `corrections`; each figure with its
    `value_as_read`. The record as read stays in the warehouse."""
    from pipeline.checks import stored
    from pipeline.load.corrections import from_row, to_dict

    require_schema(warehouse)
    filters, params = [], []
    for column, value in (("document_sha256", document_sha256), ("subject", subject), ("period", period),
                          ("framework", framework), ("position", position)):  # fmt: skip
        if value is not None:
            filters.append(f"{column} = ?")
            params.append(value)
    where = f"WHERE {' AND '.join(filters)}" if filters else ""
    rows = warehouse.query_dicts(
        f"SELECT * FROM reviewed_records {where} ORDER BY source_path, document_sha256, position "
        "LIMIT ? OFFSET ?",
        [*params, limit, offset],
    )
    if not rows:
        return []
    shas = sorted({row["document_sha256"] for row in rows})
    marks = ", ".join("?" * len(shas))
    figures: dict[tuple[str, int], list[dict[str, Any]]] = {}
    for figure in warehouse.query_dicts(
        f"SELECT document_sha256, record_position, {', '.join(_FIGURE_COLUMNS)} FROM reviewed_figures "
        f"WHERE document_sha256 IN ({marks}) ORDER BY document_sha256, record_position, figure_number",
        shas,
    ):
        key = (figure.pop("document_sha256"), figure.pop("record_position"))
        figures.setdefault(key, []).append(figure)
    made: dict[tuple[str, int | None], list[dict[str, Any]]] = {}
    stored_corrections = warehouse.query_dicts(
        f"SELECT * FROM corrections WHERE document_sha256 IN ({marks}) ORDER BY created_at, correction_id",
        shas,
    )
    for stored_row in stored_corrections:
        correction = from_row(stored_row)
        made.setdefault((correction.document_sha256, correction.position), []).append(to_dict(correction))
    out = []
    for row in rows:
        key = (row["document_sha256"], row["position"])
        checks = stored(row.pop("check_details"), row.pop("checks"))
        cells = json.loads(row["fields"] or "{}")
        corrected_cells = dict(cells)
        for correction in made.get(key, []):  # oldest first: the newest of each cell wins
            if correction["field"].startswith("fields.") and correction["state"] == "placed":
                corrected_cells[correction["field"].removeprefix("fields.")] = correction["value"]
        record = {
            **row, "pages": json.loads(row["pages"] or "[]"),
            "fields": corrected_cells, "fields_as_read": cells,
            "box": json.loads(row["box"]) if row["box"] else None,
            "checks": [str(c) for c in checks], "check_details": [c.to_dict() for c in checks],
            "corrected": row["corrected"].split(",") if row["corrected"] else [],
            "figures": figures.get(key, []), "corrections": made.get(key, []),
        }  # fmt: skip
        out.append(record)
    return out
