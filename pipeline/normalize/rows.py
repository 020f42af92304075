"""Indicator tables → `IndicatorRow`s: one row per printed indicator, cells by column role.

A row with a code and a name but no other content is a heading ("II HẠ TẦNG SỐ",
"1.2 Giám đốc Sở chủ trì, chỉ đạo về chuyển đổi số"); the rows under it keep its row as
`parent_row` and its code as `parent_code`, so 004's "1" under "II" is known as II.1.
This is the one place headings are found: matching and record checks read `parent_row`.
"""

from __future__ import annotations

import re

from pipeline.models import IndicatorRow, Subject, Table
from pipeline.normalize.columns import column_roles
from pipeline.normalize.periods import column_periods
from pipeline.normalize.subjects import canonical_subject
from pipeline.numbering import PrintedCode, parse_code


def is_indicator_table(table: Table) -> bool:
    """A table whose header names an indicator column ("Chỉ số/Chỉ số thành phần")."""
    return bool(table.header) and "name" in roles_of(table)


def roles_of(table: Table) -> tuple[str, ...]:
    """Column roles from the table's last header row (the most specific one)."""
    header = table.header[-1].texts if table.header else tuple("" for _ in range(table.width))
    return column_roles(header)


def _heading_rank(code: PrintedCode | None) -> int:
    """Nesting rank of a code: parts (A, B) above groups (I, II) above 1 above 1.1 above a."""
    if code is None:
        return 99
    return {"upper": 0, "roman": 1, "lower": 20}.get(code.kind, 1 + code.depth)


def _code(text: str) -> str:
    """A printed code with the spaces a PDF text layer put inside it removed: "6.1 0" → "6.10"."""
    if re.fullmatch(r"[\dIVXivx.]+(?:\s+[\dIVXivx.]+)+", text.strip()):
        return re.sub(r"\s+", "", text)
    return text


def table_to_rows(
    table: Table, period: int | None = None, period_source: str | None = None
) -> list[IndicatorRow]:
    """Given an indicator table, return its indicator rows in order, headings included.

    Each row knows the year of each of its columns (from the header) and, as a default, the
    table's `period`. A heading row that names a unit ("3. Sở Y tế", "UBND huyện Krông Nô")
    opens a subject section: the rows under it are about that unit and are matched on their
    own, so a compiled table of several agencies' plans keeps every agency's rows."""
    roles = roles_of(table)
    # A table may have no numbering column ("Tên đơn vị | Chỉ số CCHC | Xếp loại"): no codes then.
    code_at, name_at = (roles.index("code") if "code" in roles else None), roles.index("name")
    years = {role: year for role, year in zip(roles, column_periods(table), strict=False) if year}
    subject: Subject | None = None
    section = 0
    headings: list[tuple[int, str, int]] = []  # (rank, printed code, row_index)
    rows: list[IndicatorRow] = []
    for row_index, row in enumerate(table.body):
        texts = row.texts
        code_text, name = (_code(texts[code_at]) if code_at is not None else ""), texts[name_at]
        if not code_text and not name:
            continue
        fields = {
            role: text
            for role, text in zip(roles, texts, strict=False)
            if text and role not in ("code", "name")
        }
        confidences = [c.confidence for c in row.cells if c.text and c.confidence is not None]
        code = parse_code(code_text)
        if not fields and (named := _section_subject(name)) is not None:
            subject, section = named, section + 1
        rank = _heading_rank(code)
        while headings and headings[-1][0] >= rank:
            headings.pop()
        parent = headings[-1] if headings else None
        rows.append(
            IndicatorRow(
                printed_code=code_text or None,
                printed_name=name,
                fields=fields,
                origin="table",
                table_index=table.index,
                row_index=row_index,
                pages=row.page_span,
                box=row.box,
                parent_code=parent[1] if parent else None,
                parent_row=parent[2] if parent else None,
                ocr_confidence=min(confidences) if confidences else None,
                ocr_repairs=tuple(r for cell in row.cells for r in cell.repairs),
                periods=years,
                period=period,
                period_source=period_source if period else None,
                subject=subject,
                section=section,
            )
        )
        if code is not None:
            headings.append((rank, code_text, row_index))
    return rows


def _section_subject(name: str) -> Subject | None:
    """The unit a heading row names, when the gazetteer knows it: "3. Sở Y tế" → Sở Y tế."""
    subject = canonical_subject(re.sub(r"^[\dIVX.]+\s+", "", name)) if len(name) < 80 else None
    return subject if subject is not None and subject.known else None
