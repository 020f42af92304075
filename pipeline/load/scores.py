"""The scores feed in the warehouse: records read back, the feed computed, `score_items` rewritten.

The feed spans documents (a decision states the totals, a report the pillars), so it is
rebuilt whole after each ingestion run, newest document first (`series` prefers the same),
and again by `dti scores` when documents were loaded since (a run that was killed).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from pipeline.load.warehouse import Warehouse
from pipeline.models import Figure, Framework, IndicatorRecord, ScoreItem, Subject
from pipeline.scores.feed import score_items

_RECORDS = """
SELECT r.document_sha256, r.position, r.source_path, r.framework, r.indicator_code, r.indicator_name,
       r.printed_code, r.printed_name, r.match_score, r.page, r.table_index, r.row_index, r.origin,
       r.fields, r.status, r.checks, r.ocr_confidence, r.subject_name, r.subject, r.subject_kind,
       r.subject_province, r.period, r.period_source
FROM indicator_records r JOIN documents d ON d.document_sha256 = r.document_sha256
WHERE r.match_status = 'matched' AND r.subject IS NOT NULL AND r.period IS NOT NULL
ORDER BY d.issued_on DESC NULLS LAST, d.loaded_at DESC, r.document_sha256, r.position
"""
_FIGURES = """
SELECT f.document_sha256, f.record_position, f.kind, f.text, f.value, f.numerator, f.denominator,
       f.unit, f.low, f.high, f.field, f.period
FROM figures f JOIN indicator_records r
  ON r.document_sha256 = f.document_sha256 AND r.position = f.record_position
WHERE r.match_status = 'matched' AND r.subject IS NOT NULL AND r.period IS NOT NULL
ORDER BY f.document_sha256, f.record_position, f.figure_number
"""
_STATE = "SELECT count(*), max(loaded_at) FROM documents"


def stored_records(warehouse: Warehouse) -> list[IndicatorRecord]:
    """The matched records that know their unit and year, newest document first."""
    _, figure_rows = warehouse.query(_FIGURES)
    figures: dict[tuple[str, int], list[Figure]] = {}
    for (
        sha,
        position,
        kind,
        text,
        value,
        numerator,
        denominator,
        unit,
        low,
        high,
        field,
        period,
    ) in figure_rows:
        figures.setdefault((sha, position), []).append(
            Figure(kind, text, value, numerator, denominator, unit, low, high, field, period)
        )
    _, rows = warehouse.query(_RECORDS)
    return [_record(row, figures.get((row[0], row[1]), [])) for row in rows]


def _record(row: tuple[Any, ...], figures: list[Figure]) -> IndicatorRecord:
    (sha, _, path, framework, code, name, printed_code, printed_name, score, page, table, row_index,
     origin, fields, status, checks, confidence, subject_name, subject, kind, province, period,
     period_source) = row  # fmt: skip
    return IndicatorRecord(
        document_sha256=sha, source_path=path, framework=framework, indicator_code=code,
        indicator_name=name, printed_code=printed_code, printed_name=printed_name, match_score=score,
        match_status="matched", page=page, pages=(), table_index=table, row_index=row_index,
        origin=origin, fields=json.loads(fields or "{}"), figures=tuple(figures), status=status,
        checks=tuple(json.loads(checks or "[]")), ocr_confidence=confidence,
        subject=Subject(subject_name, subject, kind, province), period=period, period_source=period_source,
    )  # fmt: skip


def refresh_scores(warehouse: Warehouse, frameworks: Mapping[str, Framework]) -> int:
    """Rebuild `score_items` from the records now in the warehouse; return the rows written."""
    state = _state(warehouse)
    items = score_items(stored_records(warehouse), frameworks)
    with warehouse.transaction() as cur:
        cur.execute("DELETE FROM score_items")
        warehouse.insert_many(cur, "score_items", [_row(item, n) for n, item in enumerate(items)])
        cur.execute("DELETE FROM schema_info WHERE name = 'scores_state'")
        cur.execute("INSERT INTO schema_info VALUES ('scores_state', ?)", [state])
    return len(items)


def scores_are_stale(warehouse: Warehouse) -> bool:
    """Whether documents were loaded or replaced since the feed was last rebuilt."""
    _, rows = warehouse.query("SELECT value FROM schema_info WHERE name = 'scores_state'")
    return not rows or rows[0][0] != _state(warehouse)


def _state(warehouse: Warehouse) -> str:
    _, rows = warehouse.query(_STATE)
    return f"{rows[0][0]} documents, last loaded {rows[0][1]}"


def _row(item: ScoreItem, position: int) -> list[Any]:
    return [
        item.subject, item.subject_kind, item.province, item.period, item.framework, item.level,
        item.code, item.name, item.stated_points, item.computed_points, item.max_points, item.rank,
        item.rank_of, item.consistent, item.source_path, item.page, item.ocr_confidence,
        json.dumps(list(item.checks), ensure_ascii=False), item.figure_text, item.rule, position,
    ]  # fmt: skip
