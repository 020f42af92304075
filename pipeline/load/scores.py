"""The scores feed in the warehouse: records read back, the feed computed, `score_items` rewritten.

The feed spans documents (a decision states the totals, a report the pillars), so it is
rebuilt whole after each ingestion run, newest document first (`series` prefers the same),
and again by `dti scores` when documents were loaded since (a run that was killed).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import fields
from typing import Any

from pipeline.checks import Check, stored
from pipeline.load.warehouse import SCORES_LOCK, Warehouse
from pipeline.models import Figure, Framework, IndicatorRecord, ScoreItem, Subject
from pipeline.scores.feed import score_items

_RECORDS = """
SELECT r.document_sha256, r.position, r.source_path, r.framework, r.indicator_code, r.indicator_name,
       r.printed_code, r.printed_name, r.match_score, r.page, r.table_index, r.row_index, r.origin,
       r.fields, r.status, r.checks, r.check_details, r.ocr_confidence, r.subject_name, r.subject,
       r.subject_kind, r.subject_province, r.period, r.period_source
FROM reviewed_records r JOIN documents d ON d.document_sha256 = r.document_sha256
WHERE r.match_status = 'matched' AND r.subject IS NOT NULL AND r.period IS NOT NULL
ORDER BY d.issued_on DESC NULLS LAST, d.year DESC NULLS LAST, d.source_path, r.document_sha256, r.position
"""
# Newest document first, by what the documents say (their date, then their year), then by path:
# the same warehouse whatever order the workers finished in.
_FIGURES = """
SELECT f.document_sha256, f.record_position, f.kind, f.text, f.value, f.numerator, f.denominator,
       f.unit, f.low, f.high, f.field, f.period
FROM reviewed_figures f JOIN reviewed_records r
  ON r.document_sha256 = f.document_sha256 AND r.position = f.record_position
WHERE r.match_status = 'matched' AND r.subject IS NOT NULL AND r.period IS NOT NULL
ORDER BY f.document_sha256, f.record_position, f.figure_number
"""
_CORRECTIONS = """
SELECT document_sha256, position, field, value_as_read, value, reviewer FROM current_corrections
ORDER BY document_sha256, position, field
"""
_STATE = (
    "SELECT (SELECT count(*) FROM documents), (SELECT max(loaded_at) FROM documents), "
    "(SELECT count(*) FROM corrections), (SELECT max(created_at) FROM corrections)"
)


def stored_records(warehouse: Warehouse) -> list[IndicatorRecord]:
    """The matched records that know their unit and year, newest document first, as reviewed:
    each correction applied and said ("corrected by lan: figures.0.value read '633.56', now '643.56'")."""
    corrected: dict[tuple[str, int], list[Check]] = {}
    for row in warehouse.query_dicts(_CORRECTIONS):
        corrected.setdefault((row["document_sha256"], row["position"]), []).append(
            Check.of("corrected", reviewer=row["reviewer"], field=row["field"], read=row["value_as_read"],
                     value=row["value"])
        )  # fmt: skip
    figures: dict[tuple[str, int], list[Figure]] = {}
    for row in warehouse.query_dicts(_FIGURES):
        figures.setdefault((row["document_sha256"], row["record_position"]), []).append(
            Figure(row["kind"], row["text"], row["value"], row["numerator"], row["denominator"], row["unit"],
                   row["low"], row["high"], row["field"], row["period"])
        )  # fmt: skip
    records = []
    for row in warehouse.query_dicts(_RECORDS):
        key = (row["document_sha256"], row["position"])
        records.append(_record(row, figures.get(key, []), corrected.get(key, [])))
    return records


def _record(row: Mapping[str, Any], figures: list[Figure], corrected: list[Check]) -> IndicatorRecord:
    return IndicatorRecord(
        document_sha256=row["document_sha256"], source_path=row["source_path"], framework=row["framework"],
        indicator_code=row["indicator_code"], indicator_name=row["indicator_name"],
        printed_code=row["printed_code"], printed_name=row["printed_name"], match_score=row["match_score"],
        match_status="matched", page=row["page"], pages=(), table_index=row["table_index"],
        row_index=row["row_index"], origin=row["origin"], fields=json.loads(row["fields"] or "{}"),
        figures=tuple(figures), status=row["status"],
        checks=(*stored(row["check_details"], row["checks"]), *corrected),
        ocr_confidence=row["ocr_confidence"],
        subject=Subject(row["subject_name"], row["subject"], row["subject_kind"], row["subject_province"]),
        period=row["period"], period_source=row["period_source"],
    )  # fmt: skip


def refresh_scores(warehouse: Warehouse, frameworks: Mapping[str, Framework]) -> int:
    """Rebuild `score_items` from the records now in the warehouse; return the rows written.

    On PostgreSQL several runs may end at once: each rebuild takes an advisory lock for its
    whole transaction and reads the records inside it, so rebuilds follow one another and each
    replaces the feed whole (no run sees another's half-written feed or collides with it)."""
    with warehouse.transaction() as cur:
        if warehouse.engine == "postgresql":
            cur.execute(f"SELECT pg_advisory_xact_lock({SCORES_LOCK})")
        state = _state(warehouse)  # read inside the lock: on PostgreSQL, this same transaction
        items = score_items(stored_records(warehouse), frameworks)
        cur.execute("DELETE FROM score_items")
        warehouse.insert_many(cur, "score_items", [_row(item, n) for n, item in enumerate(items)])
        cur.execute("DELETE FROM schema_info WHERE name = 'scores_state'")
        cur.execute("INSERT INTO schema_info VALUES ('scores_state', ?)", [state])
    return len(items)


def scores_are_stale(warehouse: Warehouse) -> bool:
    """Whether documents were loaded or replaced, or corrections made, since the feed was last rebuilt."""
    _, rows = warehouse.query("SELECT value FROM schema_info WHERE name = 'scores_state'")
    return not rows or rows[0][0] != _state(warehouse)


def _state(warehouse: Warehouse) -> str:
    _, rows = warehouse.query(_STATE)
    documents, loaded, corrections, corrected = rows[0]
    return f"{documents} documents, last loaded {loaded}; {corrections} corrections, last {corrected}"


def _row(item: ScoreItem, position: int) -> dict[str, Any]:
    """The `score_items` row of an item: its fields by name, the checks as sentences and as data."""
    row = {f.name: getattr(item, f.name) for f in fields(ScoreItem)}
    row.update(checks=json.dumps([str(c) for c in item.checks], ensure_ascii=False),
               check_details=json.dumps([c.to_dict() for c in item.checks], ensure_ascii=False),
               position=position)  # fmt: skip
    return row
