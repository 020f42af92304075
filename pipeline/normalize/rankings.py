"""Ranking tables: one row per unit, one column per indicator.

"Xếp hạng | Tên địa phương | Tổng điểm | Nhận thức số | ... | Mức xếp loại" gives, for each
unit and each indicator column, a record whose `fields.subject` names the unit
("UBND huyện Đắk Song") and whose figures hold its points and rank. A ranking whose order
contradicts its totals (seed 003 ranks 575,92 above 594,79) is reported on the rows
involved, never re-ordered.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from pipeline.checks import Check
from pipeline.models import Block, Framework, FrameworkEntry, IndicatorRow, Match, Table
from pipeline.normalize.figures import parse_number
from pipeline.normalize.matching import name_similarity
from pipeline.normalize.periods import column_periods, table_period
from pipeline.normalize.rows import roles_of
from pipeline.normalize.subjects import canonical_subject

COLUMN_MATCH_AT = 85.0
_CONTEXT_ROLES = ("rank", "subject", "rating")


def is_ranking_table(table: Table) -> bool:
    """A table with a unit column ("Tên địa phương") and a rank column ("Xếp hạng")."""
    roles = roles_of(table)
    return bool(table.header) and "subject" in roles and "rank" in roles


def _column_entry(header: str, caption: str | None, framework: Framework) -> FrameworkEntry | None:
    """The framework entry a value column reports: by its header, or, when the header is only
    "Tổng điểm" under a caption naming a pillar ("Bảng xếp hạng trụ cột Xã hội số"), by the caption."""
    candidates = [e for e in framework.entries if e.level in ("total", "group", "pillar") and e.name]

    def best(text: str) -> tuple[float, FrameworkEntry | None]:
        scored = [(max(name_similarity(text, n) for n in e.names), e) for e in candidates]
        return max(scored, key=lambda s: s[0], default=(0.0, None))

    if caption:
        caption_score, caption_entry = _caption_entry(caption, candidates)
        if caption_entry is not None and caption_entry.level == "group" and caption_score >= COLUMN_MATCH_AT:
            return caption_entry
    score, entry = best(header)
    return entry if score >= COLUMN_MATCH_AT else None


def _caption_entry(caption: str, candidates: list[FrameworkEntry]) -> tuple[float, FrameworkEntry | None]:
    lowered = caption.lower()
    for entry in candidates:
        for name in entry.names:
            if name.lower() in lowered:
                return 100.0, entry
    return 0.0, None


def _number_or_none(text: str) -> float | None:
    try:
        return parse_number(text)
    except ValueError:
        return None


def ranking_rows(
    table: Table, framework: Framework, blocks: Sequence[Block] = ()
) -> list[tuple[IndicatorRow, Match, list[Check]]]:
    """Given a ranking table, return (row, match, checks) for every unit × indicator column,
    each at the unit its row names and the year the table reports."""
    roles = roles_of(table)
    years = column_periods(table)
    period, period_source = table_period(table, blocks) if blocks else (None, None)
    headers = table.header[-1].texts
    body = table.body
    out: list[tuple[IndicatorRow, Match, list[Check]]] = []
    order_checks = _order_checks(table, roles, framework)
    for row_index, row in enumerate(body):
        texts = row.texts
        # The unit column is kept even when empty: a row of averages ("Trung bình") is nobody's.
        context = {
            role: texts[roles.index(role)]
            for role in _CONTEXT_ROLES
            if role in roles and (texts[roles.index(role)] or role == "subject")
        }
        subject = canonical_subject(context["subject"]) if context["subject"] else None
        for column, (role, header) in enumerate(zip(roles, headers, strict=False)):
            if role in _CONTEXT_ROLES or not texts[column]:
                continue
            entry = _column_entry(header, table.caption, framework)
            indicator_row = IndicatorRow(
                printed_code=None,
                printed_name=header,
                fields={**context, "score": texts[column]},
                origin="table",
                table_index=table.index,
                row_index=row_index,
                pages=(row.page,) if row.page is not None else (),
                period=years[column] or period,
                period_source="column" if years[column] else period_source,
                subject=subject,
            )
            match = (
                Match(entry.code, entry.name, 100.0, "matched")
                if entry
                else Match(None, None, 0.0, "unmatched")
            )
            checks = order_checks.get(row_index, []) if entry and entry.level in ("total", "group") else []
            out.append((indicator_row, match, checks))
    return out


def _order_checks(table: Table, roles: tuple[str, ...], framework: Framework) -> dict[int, list[Check]]:
    """Rows whose rank says "above" while their total says "below" the next rank, by row."""
    headers = table.header[-1].texts
    total_column = None
    for column, (role, header) in enumerate(zip(roles, headers, strict=False)):
        entry = _column_entry(header, table.caption, framework)
        if role not in _CONTEXT_ROLES and entry is not None and entry.level in ("total", "group"):
            total_column = column
            break
    if total_column is None:
        return {}
    rank_at = roles.index("rank")
    ranked = []
    for row_index, row in enumerate(table.body):
        rank, total = _number_or_none(row.texts[rank_at]), _number_or_none(row.texts[total_column])
        if rank is not None and total is not None:
            ranked.append((rank, total, row_index, row.texts[total_column], row.texts[rank_at]))
    ranked.sort()
    checks: dict[int, list[Check]] = {}
    for upper, lower in pairwise(ranked):
        if upper[1] < lower[1]:
            message = Check.of("ranking_contradicts_totals", upper_rank=upper[4], upper_total=upper[3],
                               lower_rank=lower[4], lower_total=lower[3])  # fmt: skip
            checks.setdefault(upper[2], []).append(message)
            checks.setdefault(lower[2], []).append(message)
    return checks
