"""Assemble `IndicatorRecord`s: a matched row, its figures, its status and its checks.

Checks are reported with the record, never silently fixed: a percent that disagrees
with its fraction, points above their maximum, a row printed under another pillar than
the framework's ("II HẠ TẦNG SỐ" holding 4.5, a Nhân lực số indicator).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from pipeline.checks import Check
from pipeline.models import Document, Figure, Framework, IndicatorRecord, IndicatorRow, Match
from pipeline.normalize.figures import find_figures, percent_disagreements
from pipeline.normalize.status import rating_of, status_of
from pipeline.settings import DEFAULT

FIGURE_FIELDS = ("result", "target", "task", "max_points", "score")


def figures_for(row: IndicatorRow) -> list[Figure]:
    """The figures of a row's result, target, task, max points and score cells, in that order,
    each with the year its column names ("Mục tiêu năm 2025" → 2025) or the row's year."""
    figures: list[Figure] = []
    read = {(f.field, f.text) for f in row.read_figures}  # what the row's reader parsed itself wins
    for role in FIGURE_FIELDS:  # result_2 (a second result column) counts as a result
        for field, text in row.fields.items():
            if text and re.sub(r"_\d+$", "", field) == role:
                period = row.periods.get(field, row.period)
                figures.extend(
                    replace(f, period=period)
                    for f in find_figures(text, field)
                    if (field, f.text) not in read
                )
    return figures + [replace(f, period=f.period or row.period) for f in row.read_figures]


def record_period(row: IndicatorRow) -> tuple[int | None, str | None]:
    """The year a record's result describes and where that year was read."""
    for field in sorted(row.periods):
        if re.sub(r"_\d+$", "", field) in ("result", "score", "status"):
            return row.periods[field], "column"
    return (row.period, row.period_source) if row.period else (None, None)


def _point_checks(figures: Sequence[Figure], framework: Framework, match: Match) -> list[Check]:
    checks = []
    for figure in figures:
        if figure.kind != "points" or not isinstance(figure.value, float):
            continue
        if figure.denominator is not None and figure.value > figure.denominator:
            checks.append(Check.of("points_above_maximum", points=figure.text))
        if figure.field == "max_points" and match.indicator_code:
            canonical = framework.entry(match.indicator_code).max_points
            if canonical is not None and canonical != figure.value:
                checks.append(Check.of("maximum_differs", stated=f"{figure.value:g}", framework=framework.id,
                                       canonical=f"{canonical:g}"))  # fmt: skip
    return checks


def grouping_check(
    framework: Framework, match: Match, parent: Match | None, parent_label: str
) -> list[Check]:
    """A row printed under a heading that matched another pillar than its own."""
    if not (match.indicator_code and parent and parent.indicator_code):
        return []
    if framework.entry(parent.indicator_code).level != "pillar":
        return []
    own = framework.pillar_of(match.indicator_code)
    if own is None or own == parent.indicator_code or own == match.indicator_code:
        return []
    return [Check.of("printed_under_other_pillar", heading=parent_label, code=match.indicator_code,
                     pillar=own, pillar_name=framework.entry(own).name)]  # fmt: skip


def build_record(
    document: Document,
    framework: Framework | None,
    row: IndicatorRow,
    match: Match,
    extra_checks: Sequence[Check] = (),
) -> IndicatorRecord:
    """Given a row and its match, return the record with figures, status and checks."""
    figures = figures_for(row)
    period, period_source = record_period(row)
    checks = list(extra_checks) + percent_disagreements(figures) + list(row.ocr_repairs)
    if framework is not None:
        checks += _point_checks(figures, framework, match)
    return IndicatorRecord(
        document_sha256=document.sha256,
        source_path=document.source_path,
        framework=framework.id if framework else None,
        indicator_code=match.indicator_code,
        indicator_name=match.indicator_name,
        printed_code=row.printed_code,
        printed_name=row.printed_name,
        printed_parent_code=row.parent_code,
        match_score=match.score,
        match_status=match.status,
        page=row.pages[0] if row.pages else None,
        pages=row.pages,
        table_index=row.table_index,
        row_index=row.row_index,
        origin=row.origin,
        fields=dict(row.fields),
        figures=tuple(figures),
        status=status_of(row.fields.get("status"))
        or status_of(row.fields.get("result"))
        or rating_of(row.fields.get("rating")),
        checks=tuple(dict.fromkeys(checks)),
        ocr_confidence=row.ocr_confidence,
        subject=row.subject,
        period=period,
        period_source=period_source,
        box=row.box,
    )


def total_checks(records: Sequence[IndicatorRecord], framework: Framework) -> list[IndicatorRecord]:
    """Say on the total's record when the pillar scores stated in the same document do not
    add up to it (seed 000: seven pillar scores beside "633,56/1000 điểm"). Only when every
    pillar has a score; nothing is corrected."""
    points = {
        r.indicator_code: f.value
        for r in records
        for f in r.figures
        if r.origin == "text" and f.kind == "points" and isinstance(f.value, float)
    }
    pillars = [p.code for p in framework.pillars]
    total = next((e.code for e in framework.entries if e.level == "total"), None)
    if total is None or total not in points or not all(p in points for p in pillars):
        return list(records)
    added = round(sum(points[p] for p in pillars), 2)
    stated = points[total]
    if abs(added - stated) <= DEFAULT.score.points_tolerance + 1e-9:
        return list(records)
    check = Check.of("pillars_do_not_add_up", added=f"{added:g}", stated=f"{stated:g}")
    return [
        replace(r, checks=(*r.checks, check)) if r.origin == "text" and r.indicator_code == total else r
        for r in records
    ]
