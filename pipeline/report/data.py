"""What the report shows, read from the warehouse in one pass: who was loaded, who left which
indicators out, who scored what, how totals moved, and which numbers do not add up.

Plain data (`ReportData`), so the HTML page and the workbook draw the same facts, and a test
can check a fact ("Sở Giao thông vận tải 2024 omits 6.13") without parsing a chart.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import PurePath
from typing import Any

from pipeline.checks import stored_texts
from pipeline.load.queries import require_schema
from pipeline.load.warehouse import Warehouse
from pipeline.settings import DEFAULT

_STATE_ORDER = {"present": 2, "uncertain": 1, "omitted": 0}


@dataclass(frozen=True)
class Loaded:
    """The report's header: what the warehouse holds within the filters, and when it was loaded."""

    documents: int
    subjects: int
    years: tuple[int, ...]
    failed: int
    last_loaded: datetime | None


@dataclass(frozen=True)
class Heatmap:
    """One framework's coverage: a row per unit and year, a column per indicator in framework
    order, each cell "present", "uncertain", "omitted" or "" (no plan of that unit that year)."""

    framework: str
    pillars: tuple[tuple[str, str, int], ...]  # (code, name, indicators) in column order
    codes: tuple[str, ...]
    rows: tuple[tuple[str, int], ...]  # (subject, year)
    states: tuple[tuple[str, ...], ...]

    def state(self, subject: str, year: int, code: str) -> str:
        return self.states[self.rows.index((subject, year))][self.codes.index(code)]


@dataclass(frozen=True)
class ReportData:
    """Everything the report draws, filtered by province and year."""

    loaded: Loaded
    heatmaps: tuple[Heatmap, ...]
    score_year: int | None
    pillar_points: tuple[dict[str, Any], ...]  # subject, framework, code, name, points, max_points
    totals: tuple[dict[str, Any], ...]  # subject, framework, period, points
    omissions: tuple[dict[str, Any], ...]
    checks: tuple[dict[str, Any], ...]  # kind, subject, period, what, detail, source_path, page
    corrections: tuple[dict[str, Any], ...] = ()  # what reviewers corrected: as read → now, who, where
    province: str | None = None
    year: int | None = None
    generated_at: datetime = field(default_factory=datetime.now)


def report_data(warehouse: Warehouse, province: str | None = None, year: int | None = None) -> ReportData:
    """Read the report's facts from a loaded warehouse (scores feed rebuilt beforehand)."""
    require_schema(warehouse)
    where = Filter(province, year)
    scores = _dicts(warehouse, "SELECT * FROM score_items" + where.sql("province", "period"), where.params)
    score_year = year or _busiest_year(scores)
    return ReportData(
        loaded=_loaded(warehouse, where),
        heatmaps=tuple(_heatmaps(warehouse, where)),
        score_year=score_year,
        pillar_points=tuple(_pillar_points(scores, score_year)),
        totals=tuple(
            {**s, "points": _points(s)} for s in scores if s["level"] == "total" and _points(s) is not None
        ),
        omissions=tuple(_omissions(warehouse, where)),
        checks=tuple(_checks(warehouse, where, scores)),
        corrections=tuple(_corrections(warehouse, where)),
        province=province,
        year=year,
    )


@dataclass(frozen=True)
class Filter:
    """The report's province and year as SQL conditions on a given pair of columns."""

    province: str | None
    year: int | None

    def sql(self, province_column: str, year_column: str, joiner: str = "WHERE") -> str:
        """ " WHERE province = ? AND year = ?" (or " AND ..." after a condition of its own)."""
        conditions = [f"{province_column} = ?"] * (self.province is not None)
        conditions += [f"{year_column} = ?"] * (self.year is not None)
        return f" {joiner} {' AND '.join(conditions)}" if conditions else ""

    @property
    def params(self) -> list[Any]:
        return [v for v in (self.province, self.year) if v is not None]


def _dicts(warehouse: Warehouse, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
    columns, rows = warehouse.query(sql, params)
    return [dict(zip(columns, row, strict=True)) for row in rows]


def _loaded(warehouse: Warehouse, where: Filter) -> Loaded:
    documents = _dicts(
        warehouse,
        "SELECT count(*) AS n, max(loaded_at) AS last FROM documents" + where.sql("province", "year"),
        where.params,
    )[0]
    subjects = _dicts(
        warehouse,
        "SELECT DISTINCT subject, period FROM reviewed_records WHERE subject IS NOT NULL"
        + where.sql("subject_province", "period", "AND"),
        where.params,
    )
    failed = _dicts(
        warehouse,
        "SELECT count(DISTINCT source_path) AS n FROM outcomes o WHERE status = 'failed' AND NOT EXISTS "
        "(SELECT 1 FROM documents d WHERE d.source_path = o.source_path)",
    )[0]
    years = tuple(sorted({s["period"] for s in subjects if s["period"] is not None}))
    return Loaded(
        documents["n"], len({s["subject"] for s in subjects}), years, failed["n"], documents["last"]
    )


def _heatmaps(warehouse: Warehouse, where: Filter) -> list[Heatmap]:
    cells = _dicts(
        warehouse,
        "SELECT subject, year, framework, indicator_code, state FROM coverage WHERE subject IS NOT NULL"
        + where.sql("province", "year", "AND"),
        where.params,
    )
    indicators = _dicts(
        warehouse,
        "SELECT framework_id, code, name, level, parent_code, position FROM indicators "
        "ORDER BY framework_id, position",
    )
    out = []
    for framework in sorted({c["framework"] for c in cells}):
        mine = [c for c in cells if c["framework"] == framework]
        entries = [i for i in indicators if i["framework_id"] == framework]
        out.append(_heatmap(framework, entries, mine))
    return out


def _heatmap(framework: str, entries: list[dict[str, Any]], cells: list[dict[str, Any]]) -> Heatmap:
    pillar_names = {e["code"]: e["name"] for e in entries if e["level"] == "pillar"}
    parents = {e["code"]: e["parent_code"] for e in entries}

    def pillar(code: str) -> str:
        while parents.get(code) is not None:
            code = parents[code]
        return code

    codes = [e["code"] for e in entries if e["level"] == "indicator"]
    codes.sort(key=lambda c: list(pillar_names).index(pillar(c)) if pillar(c) in pillar_names else 99)
    pillars: list[tuple[str, str, int]] = []
    for code in codes:
        if pillars and pillars[-1][0] == pillar(code):
            pillars[-1] = (pillars[-1][0], pillars[-1][1], pillars[-1][2] + 1)
        else:
            pillars.append((pillar(code), pillar_names.get(pillar(code), ""), 1))
    best: dict[tuple[str, int], dict[str, str]] = {}
    for cell in cells:
        row = best.setdefault((cell["subject"], cell["year"]), {})
        known = row.get(cell["indicator_code"])
        if known is None or _STATE_ORDER[cell["state"]] > _STATE_ORDER[known]:
            row[cell["indicator_code"]] = cell["state"]
    rows = sorted(best, key=lambda r: (r[0], r[1] or 0))
    states = tuple(tuple(best[r].get(code, "") for code in codes) for r in rows)
    return Heatmap(framework, tuple(pillars), tuple(codes), tuple(rows), states)


def _points(item: Mapping[str, Any]) -> float | None:
    return item["stated_points"] if item["stated_points"] is not None else item["computed_points"]


def _pillar_points(scores: list[dict[str, Any]], year: int | None) -> list[dict[str, Any]]:
    return [
        {**s, "points": _points(s)}
        for s in scores
        if s["level"] == "pillar" and s["period"] == year and _points(s) is not None
    ]


def _corrections(warehouse: Warehouse, where: Filter) -> list[dict[str, Any]]:
    """The corrections the figures above use (`dti serve`), each with the value as read."""
    return _dicts(
        warehouse,
        "SELECT r.subject, r.period, coalesce(r.indicator_code, r.printed_code, r.printed_name) AS what, "
        "c.field, c.value_as_read, c.value, c.reviewer, c.created_at, c.note, r.source_path, r.page "
        "FROM current_corrections c JOIN reviewed_records r "
        "ON r.document_sha256 = c.document_sha256 AND r.position = c.position"
        + where.sql("r.subject_province", "r.period")
        + " ORDER BY r.subject, r.period, what, c.field",
        where.params,
    )


def _checks(warehouse: Warehouse, where: Filter, scores: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Figures that disagree and totals that do not add up (from the feed), checks on records,
    and OCR'd rows read below the confidence line, each with its file and page."""
    out = [
        {
            "kind": "điểm không khớp",
            "subject": s["subject"],
            "period": s["period"],
            "what": s["code"],
            "detail": "; ".join(stored_texts(s["check_details"], "vi", s["checks"])),
            "source_path": s["source_path"],
            "page": s["page"],
        }
        for s in scores
        if s["consistent"] is False
    ]
    records = _dicts(
        warehouse,
        "SELECT subject, period, indicator_code, printed_name, checks, check_details, ocr_confidence, "
        "source_path, page FROM reviewed_records WHERE (checks <> '[]' OR ocr_confidence < ?)"
        + where.sql("subject_province", "period", "AND")
        + " ORDER BY source_path, position",
        [DEFAULT.ocr.review_confidence, *where.params],
    )
    for r in records:
        for check in stored_texts(r["check_details"], "vi", r["checks"]):
            out.append(
                {
                    "kind": "kiểm tra",
                    "subject": r["subject"],
                    "period": r["period"],
                    "what": r["indicator_code"] or r["printed_name"][:60],
                    "detail": check,
                    "source_path": r["source_path"],
                    "page": r["page"],
                }
            )
        if r["ocr_confidence"] is not None and r["ocr_confidence"] < DEFAULT.ocr.review_confidence:
            out.append(
                {
                    "kind": "OCR độ tin cậy thấp",
                    "subject": r["subject"],
                    "period": r["period"],
                    "what": r["indicator_code"] or r["printed_name"][:60],
                    "detail": f"độ tin cậy {r['ocr_confidence']:.0f}/100",
                    "source_path": r["source_path"],
                    "page": r["page"],
                }
            )
    return out


def _busiest_year(scores: list[dict[str, Any]]) -> int | None:
    """The year with pillar points for the most units (the latest of equals): the year a
    results decision covers, not a lone self-assessment of the next."""
    units: dict[int, set[str]] = {}
    for s in scores:
        if s["level"] == "pillar" and _points(s) is not None:
            units.setdefault(s["period"], set()).add(s["subject"])
    return max(units, key=lambda y: (len(units[y]), y), default=None)


def _omissions(warehouse: Warehouse, where: Filter) -> list[dict[str, Any]]:
    """One line per unit, year and indicator left out, naming every document that leaves it
    out (a plan's DOCX, its PDF and a PDF compiling it say the same)."""
    rows = _dicts(
        warehouse,
        "SELECT subject, period, framework, indicator_code, indicator_name, source_path FROM omissions"
        + where.sql("province", "period"),
        where.params,
    )
    merged: dict[tuple[Any, ...], dict[str, Any]] = {}
    for row in rows:
        key = (row["subject"] or "", row["period"] or 0, row["framework"], row["indicator_code"])
        line = merged.setdefault(key, {**row, "documents": []})
        line["documents"].append(PurePath(row["source_path"]).name)
    lines = [{**line, "documents": ", ".join(sorted(set(line["documents"])))} for line in merged.values()]
    return sorted(lines, key=lambda line: (line["subject"] or "", line["period"] or 0, _code_key(line)))


def _code_key(line: dict[str, Any]) -> tuple[int, ...]:
    return tuple(int(part) if part.isdigit() else 0 for part in str(line["indicator_code"]).split("."))
