"""Results tables: one row per unit, a column per pillar, group or total, the rank, the rating.

"STT | Tên cơ quan, đơn vị | Thể chế số (100) | Nhận thức số\\n(100 điểm) | ... | Tổng điểm
(tối đa 1000) | Xếp hạng | Xếp loại" gives, for each unit and each value column, a record whose
`fields.subject` names the unit ("UBND huyện Đắk Song") and whose figures hold its value. The
table is read by the role of each column, whatever the layout, in small steps:
1. `split_maximum`: a header's name and the maximum it prints ("Thể chế số (100)" →
   "Thể chế số", 100);
2. `result_columns`: each column's role (`number`, `unit`, `rank`, `rating`, `value`) and,
   for a value, the framework entry it reports and the form of its values (points, an index
   from 0 to 1, a percent of the maximum: never converted into one another);
3. `ranking_rows`: the rows, each value at its unit; the rank as a figure of the total's
   record, out of the ranked rows; the rating as the record's status. A row of averages,
   sums or with no unit belongs to nobody.
A ranking whose order contradicts its totals (seed 003 ranks 575,92 above 594,79) is reported
on the rows involved, never re-ordered; a maximum the header prints that differs from the
framework's is a check.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Literal

from pipeline.checks import Check
from pipeline.lexicon import role_by_likeness
from pipeline.models import Block, Figure, Framework, FrameworkEntry, IndicatorRow, Match, Table
from pipeline.normalize.columns import column_role
from pipeline.normalize.figures import parse_number
from pipeline.normalize.matching import name_similarity
from pipeline.normalize.periods import column_periods, table_period
from pipeline.normalize.subjects import canonical_subject

COLUMN_MATCH_AT = 85.0
Role = Literal["number", "unit", "rank", "rating", "value", "other"]
Form = Literal["points", "index", "percent"]
_ROLE_OF = {"code": "number", "subject": "unit", "rank": "rank", "rating": "rating"}
# "(100)", "(100 điểm)", "(tối đa 1000)", "(Tối đa: 100 điểm)", "- 100 điểm", "tối đa 100", "/100"
_MAXIMUM = re.compile(
    r"[\s\-–:]*(?:\(\s*(?:(?:điểm\s+)?tối\s+đa\s*:?\s*)?(\d+(?:[.,]\d+)?)\s*(?:điểm|đ)?\s*\)"
    r"|(?:(?:điểm\s+)?tối\s+đa\s*:?\s*|[-–/]\s*)(\d+(?:[.,]\d+)?)\s*(?:điểm|đ)?)\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ResultColumn:
    """One column of a results table: its role, header as printed, name without the maximum,
    the maximum it prints, the framework entry it reports and the form of its values."""

    index: int
    role: Role
    header: str
    name: str
    maximum: float | None = None
    entry: FrameworkEntry | None = None
    form: Form = "points"


def split_maximum(header: str) -> tuple[str, float | None]:
    """A header's name and the maximum it prints: "Nhận thức số\\n(100 điểm)" → ("Nhận thức
    số", 100.0); "Tổng điểm" → ("Tổng điểm", None)."""
    text = " ".join(header.split())
    found = _MAXIMUM.search(text)
    if found is None or found.start() == 0:
        return text, None
    number = found.group(1) or found.group(2)
    return text[: found.start()].strip(" -–:,"), parse_number(number)


def is_ranking_table(table: Table) -> bool:
    """A results table: a unit column ("Tên cơ quan, đơn vị", "Địa phương") beside a rank or
    total column ("Xếp hạng", "Tổng điểm (tối đa 1000)", "Chỉ số DTI")."""
    if not table.header:
        return False
    roles = _header_roles(table)
    return "subject" in roles and ("rank" in roles or "total" in roles)


def _header_roles(table: Table) -> list[str | None]:
    """Each column's role by its header; a column whose header names no role (a scan's "Tên
    đơn Mi") but whose cells are mostly units the gazetteer knows is the unit column."""
    roles = [
        column_role(name) or role_by_likeness(name)
        for name in (split_maximum(h)[0] for h in table.header[-1].texts)
    ]
    if "subject" not in roles:
        for column, role in enumerate(roles):
            if role in (None, "name") and _mostly_units(table, column):
                roles[column] = "subject"
                break
    return roles


def unit_column(table: Table) -> int:
    """The index of a results table's unit column ("Tên cơ quan, đơn vị", or a scan's misread
    header over a column of units)."""
    return _header_roles(table).index("subject")


def _mostly_units(table: Table, column: int) -> bool:
    texts = [row.texts[column] for row in table.body if column < len(row.texts) and row.texts[column].strip()]
    known = sum(1 for text in texts if (s := canonical_subject(text)) is not None and s.known)
    return len(texts) >= 2 and known * 2 > len(texts)


def result_columns(table: Table, framework: Framework) -> tuple[ResultColumn, ...]:
    """Every column of a results table with its role, entry, maximum and form. A column whose
    own header is only "Điểm" or "Xếp hạng" under an upper header naming a pillar ("Nhận thức
    số" over "Điểm | Xếp hạng") reports that pillar; a body row of maxima ("Điểm tối đa | 100 |
    100 | 200") gives the columns their maxima."""
    header_rows = [row.texts for row in table.header]
    roles = _header_roles(table)
    maxima, skip = _maxima_row(table)
    columns = []
    for index, header in enumerate(header_rows[-1]):
        upper = " ".join(
            dict.fromkeys(r[index] for r in header_rows[:-1] if index < len(r) and r[index] != header)
        )
        name, maximum = split_maximum(header)
        upper_name, upper_maximum = split_maximum(upper)
        lexical = roles[index]
        role: Role = _ROLE_OF.get(lexical or "", "value")  # type: ignore[assignment]
        entry = None
        if role == "value":
            entry = _column_entry(name, lexical == "total", upper, table.caption, framework)
            if entry is None and upper_name and lexical in (None, "score", "total"):
                entry = _column_entry(upper_name, column_role(upper_name) == "total", "", None, framework)
                maximum = maximum or upper_maximum
            if entry is None and lexical not in (None, "total", "score", "name"):
                role = "other"  # a notes or evidence column
        elif role == "rank" and upper_name:
            entry = _column_entry(upper_name, column_role(upper_name) == "total", "", None, framework)
        if maximum is None and maxima:
            maximum = maxima.get(index)
        printed = f"{upper} / {header}" if upper else header  # "Nhận thức số (100) / Điểm"
        columns.append(ResultColumn(index, role, printed, name, maximum, entry, _form(table, index, skip)))
    return tuple(columns)


def maxima_rows(table: Table) -> frozenset[int]:
    """The body rows that state the columns' maxima ("Điểm tối đa | 100 | 100 | 200"): no unit's."""
    return frozenset(
        i
        for i, row in enumerate(table.body[:2])
        if any(column_role(t) == "max_points" for t in row.texts[:3])
    )


def _maxima_row(table: Table) -> tuple[dict[int, float], frozenset[int]]:
    """The maxima the first such row states, by column, and which rows state maxima."""
    rows = maxima_rows(table)
    texts = table.body[min(rows)].texts if rows else ()
    return {c: n for c, text in enumerate(texts) if (n := _number_or_none(text)) is not None}, rows


def _form(table: Table, column: int, skip: frozenset[int] = frozenset()) -> Form:
    """How a column states its values: percents ("82,41%"), an index from 0 to 1 ("0,8241"),
    else points (a row of maxima left out)."""
    texts = [
        row.texts[column].strip()
        for i, row in enumerate(table.body)
        if i not in skip and column < len(row.texts) and row.texts[column].strip()
    ]
    numbers = [n for t in texts if (n := _number_or_none(t.rstrip("% "))) is not None]
    if texts and sum(t.endswith("%") for t in texts) * 2 >= len(texts):
        return "percent"
    if numbers and all(0 <= n <= 1 for n in numbers) and any("," in t or "." in t for t in texts):
        return "index"
    return "points"


def _column_entry(
    name: str, is_total: bool, upper: str, caption: str | None, framework: Framework
) -> FrameworkEntry | None:
    """The framework entry a value column reports: by its name ("Thể chế số"), or for a
    total column ("Tổng điểm", "Điểm DTI") the total, or the group or pillar its caption or
    upper header names ("Bảng xếp hạng trụ cột Xã hội số" over "Tổng điểm")."""
    candidates = [e for e in framework.entries if e.level in ("total", "group", "pillar") and e.name]
    if caption or upper:
        for context in (caption, upper):
            named = _named_in(context or "", candidates)
            if named is not None and named.level == "group" and is_total:
                return named
    if is_total:
        return next((e for e in framework.entries if e.level == "total"), None)
    scored = [(max(name_similarity(name, n) for n in e.names), e) for e in candidates]
    score, entry = max(scored, key=lambda s: s[0], default=(0.0, None))
    return entry if score >= COLUMN_MATCH_AT else None


def _named_in(text: str, candidates: list[FrameworkEntry]) -> FrameworkEntry | None:
    lowered = text.lower()
    return next((e for e in candidates for n in e.names if n.lower() in lowered), None)


def _number_or_none(text: str) -> float | None:
    try:
        return parse_number(text)
    except ValueError:
        return None


def _rank_of(text: str) -> float | None:
    """The rank a cell states: "3", "03", "Hạng 3", "3/18" → 3."""
    found = re.search(r"\d+", text)
    return float(found.group(0)) if found and not re.search(r"\d[.,]\d", text) else None


RankedRow = tuple[IndicatorRow, Match, list[Check], Framework]


def ranking_rows(
    table: Table,
    framework: Framework,
    blocks: Sequence[Block] = (),
    province: str | None = None,
    by_kind: Mapping[str, Framework] | None = None,
) -> list[RankedRow]:
    """Given a results table, return (row, match, checks, framework) for every unit × value
    column, each at the unit its row names (in `province` where a name is shared) and the year
    the table reports. A row's unit of another level than `framework`'s ("Khối huyện" rows in
    one table with the agencies) is read on the framework `by_kind` gives for that level."""
    layouts = {framework.id: _Layout.of(table, framework)}
    years = column_periods(table)
    period, period_source = table_period(table, blocks) if blocks else (None, None)
    base = layouts[framework.id]
    out: list[RankedRow] = []
    for row_index, row in enumerate(table.body):
        texts = row.texts
        if row_index in base.maxima_rows:
            continue
        unit_text = texts[base.unit.index].strip() if base.unit else ""
        context = {"subject": unit_text}
        for column, key in ((base.number, "number"), (base.rank, "rank"), (base.rating, "rating")):
            if column is not None and texts[column.index].strip():
                context[key] = texts[column.index].strip()
        subject = canonical_subject(unit_text, province) if unit_text else None
        scored_on = framework
        if subject is not None and by_kind and subject.kind != framework.level and subject.kind in by_kind:
            scored_on = by_kind[subject.kind]
        layout = layouts.setdefault(scored_on.id, _Layout.of(table, scored_on))
        confidences = [c.confidence for c in row.cells if c.text and c.confidence is not None]
        for column in layout.values:
            text = texts[column.index].strip() if column.index < len(texts) else ""
            if not text:
                continue
            fields = {**context, ("index" if column.form == "index" else "score"): text}
            if column.maximum is not None:
                fields["max_points"] = f"{column.maximum:g}".replace(".", ",")
            rank_column = layout.rank_of(column)
            rank_text = texts[rank_column.index].strip() if rank_column is not None else ""
            if rank_column is not None and rank_column is not base.rank and rank_text:
                fields["rank"] = rank_text
            entry = column.entry
            indicator_row = IndicatorRow(
                printed_code=None,
                printed_name=column.header,
                fields=fields,
                origin="table",
                table_index=table.index,
                row_index=row_index,
                pages=(row.page,) if row.page is not None else (),
                box=row.box,
                period=years[column.index] or period,
                period_source="column" if years[column.index] else period_source,
                subject=subject,
                ocr_confidence=min(confidences) if confidences else None,
                read_figures=_read_figures(
                    column, text, rank_text or None, layout.ranked.get(rank_column, 0)
                ),
            )
            match = (
                Match(entry.code, entry.name, 100.0, "matched")
                if entry
                else Match(None, None, 0.0, "unmatched")
            )
            checks = list(layout.order_checks.get(row_index, [])) if column is layout.total else []
            maximum = column.maximum or (entry.max_points if entry else None)
            value = _number_or_none(text)
            if column.form == "points" and maximum and value is not None and value > maximum:
                checks.append(Check.of("points_above_maximum", points=f"{text}/{maximum:g}"))
            out.append((indicator_row, match, checks, scored_on))
    return out


@dataclass(frozen=True)
class _Layout:
    """A results table's columns read on one framework: the unit, number, rating and rank
    columns, the value columns, the total, and which rank belongs to which value."""

    columns: tuple[ResultColumn, ...]
    unit: ResultColumn | None
    number: ResultColumn | None
    rank: ResultColumn | None  # the unit's overall rank
    rating: ResultColumn | None
    values: tuple[ResultColumn, ...]
    total: ResultColumn | None
    ranked: dict[ResultColumn | None, int]
    order_checks: dict[int, list[Check]]
    maxima_rows: frozenset[int]

    @classmethod
    def of(cls, table: Table, framework: Framework) -> _Layout:
        columns = result_columns(table, framework)
        first = {c.role: c for c in reversed(columns)}
        ranks = [c for c in columns if c.role == "rank"]
        overall = next((c for c in ranks if c.entry is None or c.entry.level == "total"), None)
        values = tuple(c for c in columns if c.role == "value")
        total = next((c for c in values if c.entry is not None and c.entry.level in ("total", "group")), None)
        maxima = maxima_rows(table)
        ranked = {c: _ranked_rows(table, c) for c in ranks}
        unit, number, rating = first.get("unit"), first.get("number"), first.get("rating")
        checks = _order_checks(table, overall, total)
        return cls(columns, unit, number, overall, rating, values, total, ranked, checks, maxima)

    def rank_of(self, column: ResultColumn) -> ResultColumn | None:
        """The rank column of a value: the one under the same pillar, or for the total the overall rank."""
        if column.entry is not None:
            own = next((c for c in self.columns if c.role == "rank" and c.entry is column.entry
                        and c is not self.rank), None)  # fmt: skip
            if own is not None:
                return own
        return self.rank if column is self.total else None


def _read_figures(column: ResultColumn, text: str, rank: str | None, ranked: int) -> tuple[Figure, ...]:
    """The figures a results cell gives that its text alone does not say: an index value
    ("0,8241" in a column of indices, never points), points out of a maximum ("685,21/1000",
    never a ratio) and, on the total, the unit's rank out of the ranked rows ("3" of 18)."""
    figures: list[Figure] = []
    if column.form == "index" and (value := _number_or_none(text)) is not None:
        figures.append(Figure("index", text, value, None, 1.0, None, field="index"))
    stated = _OUT_OF.match(text)
    maximum = column.maximum or (column.entry.max_points if column.entry else None)
    if column.form == "points" and stated and maximum is not None:
        value, out_of = _number_or_none(stated.group(1)), _number_or_none(stated.group(2))
        if value is not None and out_of == maximum:  # "685,21/1000" under a total: points, not a ratio
            figures.append(Figure("points", text, value, None, out_of, "điểm", field="score"))
    if rank is not None and (position := _rank_of(rank)) is not None:
        figures.append(
            Figure("rank", rank, position, None, float(ranked) if ranked else None, None, field="rank")
        )
    return tuple(figures)


_OUT_OF = re.compile(r"^\s*(\d[\d.,]*)\s*/\s*(\d[\d.,]*)\s*$")


def _ranked_rows(table: Table, rank: ResultColumn | None) -> int:
    """How many rows state a rank: the "of" of every rank in the table."""
    if rank is None:
        return 0
    return sum(1 for row in table.body if _rank_of(row.texts[rank.index]) is not None)


def _order_checks(
    table: Table, rank_column: ResultColumn | None, total_column: ResultColumn | None
) -> dict[int, list[Check]]:
    """Rows whose rank says "above" while their total says "below" the next rank, by row."""
    if rank_column is None or total_column is None:
        return {}
    ranked = []
    for row_index, row in enumerate(table.body):
        rank_text, total_text = row.texts[rank_column.index], row.texts[total_column.index]
        rank, total = _rank_of(rank_text), _number_or_none(total_text.rstrip("% "))
        if rank is not None and total is not None:
            ranked.append((rank, total, row_index, total_text, rank_text))
    ranked.sort()
    checks: dict[int, list[Check]] = {}
    for upper, lower in pairwise(ranked):
        if upper[1] < lower[1]:
            message = Check.of("ranking_contradicts_totals", upper_rank=upper[4], upper_total=upper[3],
                               lower_rank=lower[4], lower_total=lower[3])  # fmt: skip
            checks.setdefault(upper[2], []).append(message)
            checks.setdefault(lower[2], []).append(message)
    return checks
