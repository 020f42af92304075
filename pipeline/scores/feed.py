"""The scores feed: for each unit, year and framework, every indicator, pillar and total with
the points the documents state, the points the figures allow, and whether they agree.

A chain of small steps over matched records that know their unit and year:
1. `choose_records`: one record per unit × year × framework × code, the first given (the
   warehouse passes the newest document first); the others only add their checks, and a
   note where they state other points.
2. `unit_items`: bottom-up over the framework, an indicator's points by its rule
   (`rules.indicator_points`), a heading's, a pillar's and the total's as the sum of their
   parts when every part is known (stated, else computed).
3. Stated and computed points that differ by more than 0,01 make the item inconsistent, with
   both values in its checks; nothing stated is ever replaced.
Seed 003: huyện Krông Nô 2023 states 655,26/1000 and eight pillars that add up to 655,26.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.checks import Check
from pipeline.models import Framework, FrameworkEntry, IndicatorRecord, ScoreItem
from pipeline.normalize.status import status_of
from pipeline.scores.rules import indicator_points, rule_of
from pipeline.settings import DEFAULT

TOLERANCE = DEFAULT.score.points_tolerance
_STATED_FIELDS = ("result", "result_2", "score")
_RANKED_LEVELS = ("total", "group")
_SUMS = {"pillar": "sum_of_children", "total": "sum_of_children"}
_PARTS = {"total": "pillars", "pillar": "indicators", "indicator": "sub-indicators"}

Key = tuple[str, int, str]  # subject, period, framework
How = tuple[str, dict[str, object]]  # the code and parameters of the check a disagreement makes
_NO_HOW: How = ("sum_disagrees", {})


@dataclass
class _Unit:
    """The chosen record of each code for one unit × year × framework, and what the other
    records of the same code add."""

    records: dict[str, IndicatorRecord] = field(default_factory=dict)
    extra_checks: dict[str, list[Check]] = field(default_factory=dict)


def score_items(records: Iterable[IndicatorRecord], frameworks: Mapping[str, Framework]) -> list[ScoreItem]:
    """Given matched records at their unit and year (the preferred source first), return the
    feed: one item per unit × year × framework × indicator, pillar, group or total."""
    records = list(records)
    rank_counts = _rank_counts(records)
    layouts: dict[str, _Layout] = {}
    items: list[ScoreItem] = []
    for (subject, period, framework_id), unit in sorted(choose_records(records).items()):
        if framework_id not in frameworks:  # loaded with other framework files: not scored here
            continue
        layout = layouts.setdefault(framework_id, _Layout.of(frameworks[framework_id]))
        items += unit_items(layout, subject, period, unit, rank_counts)
    return items


@dataclass(frozen=True)
class _Layout:
    """What the feed needs of a framework, worked out once: its entries deepest first (so
    9.8.1.1 is known before 9.8.1), each entry's parts, and each code's place in the file."""

    framework: Framework
    bottom_up: tuple[FrameworkEntry, ...]
    parts: Mapping[str, list[FrameworkEntry]]
    order: Mapping[str, int]

    @classmethod
    def of(cls, framework: Framework) -> _Layout:
        parents = {e.code: e.parent for e in framework.entries}

        def depth(entry: FrameworkEntry) -> int:
            if entry.level in ("total", "group"):
                return -1 if entry.level == "total" else -2
            code, steps = entry.code, 0
            while parents[code] is not None:
                code, steps = parents[code], steps + 1  # type: ignore[assignment]
            return steps

        return cls(
            framework,
            tuple(sorted(framework.entries, key=lambda e: -depth(e))),
            _children(framework),
            {e.code: i for i, e in enumerate(framework.entries)},
        )


def choose_records(records: Sequence[IndicatorRecord]) -> dict[Key, _Unit]:
    """Group scorable records by unit, year and framework, the first record of each code chosen."""
    units: dict[Key, _Unit] = {}
    for record in records:
        if not _scorable(record):
            continue
        assert record.subject and record.subject.canonical and record.period and record.framework
        unit = units.setdefault((record.subject.canonical, record.period, record.framework), _Unit())
        code = str(record.indicator_code)
        chosen = unit.records.setdefault(code, record)
        checks = unit.extra_checks.setdefault(code, [])
        checks += [c for c in record.checks if c not in checks and c not in chosen.checks]
        if chosen is not record:
            checks += [c for c in _disagreement(chosen, record) if c not in checks]
    return units


def _scorable(record: IndicatorRecord) -> bool:
    return (
        record.match_status == "matched"
        and record.indicator_code is not None
        and record.framework is not None
        and record.subject is not None
        and record.subject.canonical is not None
        and record.period is not None
    )


def _disagreement(chosen: IndicatorRecord, other: IndicatorRecord) -> list[str]:
    mine, theirs = stated_points(chosen), stated_points(other)
    if mine is None or theirs is None or abs(mine - theirs) <= TOLERANCE:
        return []
    return [Check.of("other_document_states", document=Path(other.source_path).name, page_number=other.page,
                     points=vn(theirs))]  # fmt: skip


def unit_items(
    layout: _Layout, subject: str, period: int, unit: _Unit, rank_counts: Mapping[tuple, int]
) -> list[ScoreItem]:
    """Every item of one unit and year, computed bottom-up (9.8.1.1 before 9.8.1 before 9.8)."""
    known: dict[str, float] = {}
    items: dict[str, ScoreItem] = {}
    for entry in layout.bottom_up:
        record = unit.records.get(entry.code)
        computed = _computed(entry, record, layout.parts.get(entry.code, []), known)
        stated = stated_points(record)
        points = stated if stated is not None else computed[0]
        if points is not None:
            known[entry.code] = points
        if record is None and computed[0] is None:
            continue
        items[entry.code] = _item(
            layout.framework, (subject, period), entry, record, unit, stated, computed, rank_counts
        )
    return sorted(items.values(), key=lambda item: layout.order[item.code])


def _computed(
    entry: FrameworkEntry,
    record: IndicatorRecord | None,
    parts: list[FrameworkEntry],
    known: dict[str, float],
) -> tuple[float | None, str | None, How]:
    """The entry's computed points, the figure they came from, and how (the check's code and
    parameters, should the stated points disagree)."""
    sums = entry.level in ("pillar", "total") or rule_of(entry) == "sum_of_children"
    if sums:
        scored = [p for p in parts if p.scored]
        if scored and all(p.code in known for p in scored):
            total = round(sum(known[p.code] for p in scored), 2)
            return total, None, ("sum_disagrees", {"count": len(scored), "parts": _PARTS[entry.level]})
        return None, None, _NO_HOW
    if entry.level != "indicator" or record is None:
        return None, None, _NO_HOW
    # Only a status column says achieved or not: "Đạt 11/37 máy tính" in a result is a count.
    status = status_of(record.fields.get("status"))
    points = indicator_points(entry, record.figures, status, max_points_of(entry, record))
    return (
        points.value,
        points.figure_text,
        ("rule_disagrees", {"rule": points.rule, "figure": points.figure_text}),
    )


def _item(
    framework: Framework,
    at: tuple[str, int],
    entry: FrameworkEntry,
    record: IndicatorRecord | None,
    unit: _Unit,
    stated: float | None,
    computed_how: tuple[float | None, str | None, How],
    rank_counts: Mapping[tuple, int],
) -> ScoreItem:
    """One feed row: stated against computed, with the record's provenance and checks."""
    (subject, period), (computed, figure_text, how) = at, computed_how
    consistent = None if stated is None or computed is None else abs(stated - computed) <= TOLERANCE + 1e-9
    checks = [*(record.checks if record else ()), *unit.extra_checks.get(entry.code, [])]
    if consistent is False:
        code, params = how
        checks.append(Check.of(code, stated=vn(stated), computed=vn(computed), **params))
    some = record or next(iter(unit.records.values()))
    rank, rank_of = _rank(record, rank_counts) if entry.level in _RANKED_LEVELS else (None, None)
    return ScoreItem(
        subject=subject,
        subject_kind=some.subject.kind if some.subject else None,
        province=some.subject.province if some.subject else None,
        period=period,
        framework=framework.id,
        level=entry.level,
        code=entry.code,
        name=entry.name,
        stated_points=stated,
        computed_points=computed,
        max_points=max_points_of(entry, record),
        consistent=consistent,
        figure_text=figure_text or _raw_result(record),
        rule=rule_of(entry) if entry.level == "indicator" else _SUMS.get(entry.level),
        rank=rank,
        rank_of=rank_of,
        source_path=record.source_path if record else _common_source(unit),
        page=record.page if record else None,
        ocr_confidence=record.ocr_confidence if record else None,
        checks=tuple(dict.fromkeys(checks)),
    )


def stated_points(record: IndicatorRecord | None) -> float | None:
    """The points a record states for its result: "89,73/100 điểm" → 89.73."""
    for figure in record.figures if record else ():
        if figure.kind == "points" and figure.field in _STATED_FIELDS and isinstance(figure.value, float):
            return figure.value
    return None


def max_points_of(entry: FrameworkEntry, record: IndicatorRecord | None) -> float | None:
    """The framework's maximum, else the document's: its "Điểm tối đa" cell, or the "/100" of
    the points it states."""
    if entry.max_points is not None:
        return float(entry.max_points)
    figures = record.figures if record else ()
    for figure in figures:
        if figure.kind == "points" and figure.field == "max_points" and isinstance(figure.value, float):
            return figure.value
    for figure in figures:
        if figure.kind == "points" and figure.field in _STATED_FIELDS and figure.denominator:
            return figure.denominator
    return None


def _raw_result(record: IndicatorRecord | None) -> str | None:
    """The first figure of a record's result as printed, for an engine that scores it itself:
    also a results table's index or percent of the maximum ("0,8241", "82,41%"), which the feed
    never turns into points."""
    for figure in record.figures if record else ():
        if figure.field in ("result", "result_2") and figure.kind != "points":
            return figure.text
        if figure.field in ("index", "score") and figure.kind in ("index", "percent"):
            return figure.text
    return None


def _rank(record: IndicatorRecord | None, rank_counts: Mapping[tuple, int]) -> tuple[int | None, int | None]:
    """A rank stated as "xếp hạng 3/8", or a ranking table's rank out of its ranked rows."""
    if record is None:
        return None, None
    for figure in record.figures:
        if figure.kind == "rank" and isinstance(figure.value, float):
            return int(figure.value), int(figure.denominator) if figure.denominator else None
    text = record.fields.get("rank", "").strip()
    if text.isdigit():
        return int(text), rank_counts.get(_table_key(record))
    return None, None


def _rank_counts(records: Sequence[IndicatorRecord]) -> dict[tuple, int]:
    """How many ranked rows each ranking table column has: the "of" of a table's ranks."""
    counts: dict[tuple, int] = {}
    for record in records:
        if record.fields.get("rank", "").strip().isdigit():
            counts[_table_key(record)] = counts.get(_table_key(record), 0) + 1
    return counts


def _table_key(record: IndicatorRecord) -> tuple:
    return record.document_sha256, record.table_index, record.indicator_code


def _children(framework: Framework) -> dict[str, list[FrameworkEntry]]:
    """Each entry's parts: an indicator's sub-indicators, a pillar's indicators, the total's pillars."""
    out: dict[str, list[FrameworkEntry]] = {}
    total = next((e for e in framework.entries if e.level == "total"), None)
    for entry in framework.entries:
        if entry.parent is not None:
            out.setdefault(entry.parent, []).append(entry)
        elif entry.level == "pillar" and total is not None:
            out.setdefault(total.code, []).append(entry)
    return out


def _common_source(unit: _Unit) -> str | None:
    sources = {r.source_path for r in unit.records.values()}
    return sources.pop() if len(sources) == 1 else None


def vn(value: float | None) -> str:
    """A number as Vietnamese documents print it: 655.26 → "655,26", 10.0 → "10"."""
    if value is None:
        return ""
    return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",")
