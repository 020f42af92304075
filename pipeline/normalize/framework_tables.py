"""Frameworks learnt from the decision that issues them: the detailed tables, read as entries.

A framework decision ("Quyết định ban hành Bộ chỉ số đánh giá chuyển đổi số …") prints, per
level, a table "STT | Chỉ số | Điểm tối đa | Phương pháp tính điểm", often after a summary
table in its articles ("STT | Chỉ số chính | Số chỉ số thành phần | Điểm"). The reading is a
chain of small steps:
1. `framework_columns`: which column holds the code, the name, each maximum (one per level
   when the header names levels: "Điểm tối đa cấp sở | cấp huyện") and the method;
2. `table_levels`: the level each table (or each part of one table) scores, from the heading
   above it ("Phụ lục I: Bảng chi tiết … cấp Sở, ban, ngành") or its own section rows;
3. `_raw_rows`: each row's printed code, name, maximum and method, with "Thông tin chung"
   (reported, never scored) set apart and a row a page break cut joined back;
4. `_entries`: codes made canonical ("II" above "1" is a group; "a)" under 3 is 3.1), parents
   found, and every doubt named: sums that do not add up, a gap in a code sequence, a name or
   maximum that could not be read, a summary table that disagrees with the appendix.
Nothing is fixed silently: the appendix is what units are scored on, and a doubt says so.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise

from pipeline.lexicon import lexicon
from pipeline.models import Block, LearnedEntry, LearnedFramework, Paragraph, Table
from pipeline.normalize.columns import column_role
from pipeline.normalize.figures import parse_number
from pipeline.normalize.rankings import split_maximum
from pipeline.normalize.text import fold_diacritics, nfc
from pipeline.numbering import PrintedCode, parent_of, parse_code, roman_value

SUM_TOLERANCE = 0.011  # points: maxima printed with two decimals add up to this much off
HEADING_LOOKBACK = 6  # paragraphs above a table searched for the level it scores

_MAX_HEADER = re.compile(
    r"điểm tối đa|điểm chuẩn|thang điểm|tối đa|^(số )?điểm$|^điểm (đánh giá|quy định)$"
)
_NOT_MAX = re.compile(r"tự (đánh giá|chấm)|thẩm định|đạt được|kết quả|đề xuất|tỷ lệ|thứ hạng|xếp (hạng|loại)")
_CODE_HEADER = re.compile(r"^(stt|tt|số tt|số thứ tự|mã( số)?( chỉ số)?|ký hiệu)$")
_NAME_HEADER = re.compile(r"chỉ số|tiêu chí|nội dung|tên")
_METHOD_HEADER = re.compile(r"phương pháp|cách (tính|chấm|đánh giá|xác định)|hướng dẫn|công thức|thang đo")
_EVIDENCE_HEADER = re.compile(r"kiểm chứng|minh chứng")
_COUNT_HEADER = re.compile(r"^số (lượng )?(chỉ số|tiêu chí)|số chỉ số thành phần|số tiêu chí thành phần")
_TOTAL_NAME = re.compile(r"^(tổng( cộng| điểm| số điểm| số)?|cộng)\b", re.IGNORECASE)
_GROUP_NAME = re.compile(r"^(nhóm|trụ cột)\b", re.IGNORECASE)
_GENERAL_WORDS = re.compile(r"^(phan [a-z0-9ivx]+[.:]?\s*)?thong tin chung\b")


def _is_general(name: str) -> bool:
    """A "Thông tin chung" heading, its marks folded away: a scan reads it "THỒNG TIN CHUNG"."""
    return bool(_GENERAL_WORDS.match(fold_diacritics(name).lower()))


_SCORED_NAME = re.compile(
    r"(chỉ số|tiêu chí)( chính)? (đánh giá|chấm điểm)|nội dung (đánh giá|chấm điểm)|^phần chấm điểm",
    re.IGNORECASE,
)
_LEADING_CODE = re.compile(r"^((?:\d{1,2}\.){1,4}\d{0,2}|\d{1,2}\.?|[IVX]{1,5}\.|[a-zđ]\))\s+(?=\S)")
_METHOD_START = re.compile(r"\s*(?:\n|\s)(?=(?:Yêu cầu|Nếu|Cách tính|Phương pháp|Tỷ lệ\s*=|Điểm\s*=)\b)")
_NOT_APPLICABLE = re.compile(
    r"(?:chỉ số|tiêu chí)(?: thành phần)?(?: số)?\s+((?:\d+(?:\.\d+)+)(?:\s*(?:,|và|;)\s*\d+(?:\.\d+)+)*)"
    r"[^.;]*?\bkhông (?:áp dụng|đánh giá|chấm điểm)\s+(?:đối với|cho)\s+([^.;\n]+)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class FrameworkColumns:
    """Where a framework table keeps each part: the code, the name, each maximum (with the
    level its header names, if any), the method and, in a summary table, the count."""

    code: int | None
    name: int
    maxima: tuple[tuple[int, str | None], ...]
    method: int | None = None
    count: int | None = None

    @property
    def is_summary(self) -> bool:
        return self.count is not None


@dataclass(frozen=True)
class _RawRow:
    printed_code: str
    code: PrintedCode | None
    name: str
    max_text: str
    maximum: float | None
    method: str
    page: int | None
    count: int | None = None


def header_texts(table: Table) -> tuple[str, ...]:
    """Each column's header, its header rows' distinct texts joined ("Điểm tối đa Cấp sở")."""
    out = []
    for column in range(table.width):
        parts: list[str] = []
        for row in table.header:
            text = " ".join(row.texts[column].split()) if column < len(row.cells) else ""
            if text and text not in parts:
                parts.append(text)
        out.append(" ".join(parts))
    return tuple(out)


def level_named(text: str) -> str | None:
    """The level a heading names ("Phụ lục II: Bảng chi tiết … cấp huyện" → district), by the
    lexicon's `framework_levels`, the most specific first; None when it names none."""
    folded = " ".join(nfc(text).lower().split())
    for level, words in lexicon().framework_levels.items():
        if any(word in folded for word in words):
            return level
    return None


def index_named(text: str) -> str | None:
    """The index a title names ("Chỉ số cải cách hành chính" → PAR), by `framework_indexes`."""
    folded = " ".join(nfc(text).lower().split())
    for index, words in lexicon().framework_indexes.items():
        if any(word in folded for word in words):
            return index
    return None


def framework_columns(table: Table, *, structure_only: bool = False) -> FrameworkColumns | None:
    """The columns of a framework table, or None for another table (a plan's, a results
    table with "Điểm tự đánh giá" only). `structure_only` also takes a table with codes and
    names but no maximum (a plan that prints the framework's list)."""
    if not table.header or table.width < 2:
        return None
    headers = [h.lower() for h in header_texts(table)]
    code = next((i for i, h in enumerate(headers) if _CODE_HEADER.match(h)), None)
    name = next((i for i, h in enumerate(headers) if i != code and _NAME_HEADER.search(h)), None)
    if name is None:
        return None
    taken = {code, name}
    count = next((i for i, h in enumerate(headers) if i not in taken and _COUNT_HEADER.search(h)), None)
    taken.add(count)
    maxima = tuple(
        (i, level_named(h)) for i, h in enumerate(headers)
        if i not in taken and _MAX_HEADER.search(split_maximum(h)[0] or h) and not _NOT_MAX.search(h)
    )  # fmt: skip
    method = next((i for i, h in enumerate(headers) if i not in taken and _METHOD_HEADER.search(h)), None)
    if method is None:
        method = next(
            (i for i, h in enumerate(headers) if i not in taken and _EVIDENCE_HEADER.search(h)), None
        )
    if not maxima and not structure_only:
        return None
    if maxima and not structure_only and _plan_columns_filled(table, headers, taken | {m for m, _ in maxima}):
        return None  # a plan that prints the maxima beside its results and targets
    if not maxima and not any(parse_code(row.texts[code if code is not None else 0]) for row in table.body):
        return None
    return FrameworkColumns(code, name, maxima, method, count)


PLAN_ROLES = frozenset(
    {"result", "target", "task", "deadline", "lead_unit", "partner_unit", "status", "subject", "rank",
     "rating"}
)  # fmt: skip
FILLED_SHARE = 0.2


def _plan_columns_filled(table: Table, headers: Sequence[str], taken: set[int | None]) -> bool:
    """True when a column of a plan or report (results, self-assessed points, targets, tasks,
    units in charge) holds text in a fifth of the rows: a framework's blank "Điểm tự đánh giá"
    column does not count."""
    for column, header in enumerate(headers):
        if column in taken or (column_role(header) not in PLAN_ROLES and not _NOT_MAX.search(header)):
            continue  # a results column ("Điểm tự đánh giá", "Kết quả") filled in is a report's
        filled = sum(1 for row in table.body if column < len(row.cells) and row.texts[column].strip())
        if table.body and filled / len(table.body) >= FILLED_SHARE:
            return True
    return False


MIN_FRAMEWORK_INDICATORS = 3


def defines_framework(blocks: Sequence[Block]) -> bool:
    """True when a document defines a framework: a table of at least three sub-indicators with
    their maxima and nothing of a plan's (no results, targets or tasks filled in)."""
    detailed, _ = learn_frameworks(blocks, "")
    return any(sum(e.level == "indicator" for e in f.entries) >= MIN_FRAMEWORK_INDICATORS for f in detailed)


def heading_above(blocks: Sequence[Block], table: Table) -> str:
    """The paragraphs just above a table, nearest last, back to the previous table: its title
    and the appendix heading ("PHỤ LỤC II", "Bảng chi tiết … cấp huyện")."""
    at = next(i for i, b in enumerate(blocks) if b is table)
    texts: list[str] = []
    for block in reversed(blocks[:at]):
        if isinstance(block, Table) or len(texts) >= HEADING_LOOKBACK:
            break
        texts.append(block.text)
    return "\n".join(reversed(texts))


def _nearest_level(caption: str | None, above: str) -> str | None:
    """The level named nearest above a table: its caption, then each line above, nearest first
    (the appendix's "BẢNG CHI TIẾT … CẤP SỞ, BAN, NGÀNH" before an article that names every
    level, "Chủ tịch UBND các huyện chịu trách nhiệm thi hành")."""
    for text in (caption or "", *reversed(above.splitlines())):
        if (level := level_named(text)) is not None:
            return level
    return None


def _split_name(text: str) -> tuple[str, str]:
    """A name cell that also holds the method ("Thực hiện chế độ báo cáo. Yêu cầu: … Nếu: - …
    thì điểm đánh giá là 2") as name and method."""
    found = _METHOD_START.search(text)
    if found is None or found.start() < 8:
        return text.strip(), ""
    return text[: found.start()].strip(), text[found.end() :].strip()


def _raw_rows(table: Table, columns: FrameworkColumns, max_column: int | None) -> list[_RawRow]:
    rows: list[_RawRow] = []
    for row in table.body:
        texts = row.texts

        def cell(i: int | None, texts: tuple[str, ...] = texts) -> str:
            return texts[i].strip() if i is not None and i < len(texts) else ""

        printed, name = cell(columns.code), cell(columns.name)
        if (columns.code is None or not printed) and (m := _LEADING_CODE.match(name)):
            printed, name = m.group(1).strip(), name[m.end() :]  # "1.1. Kiện toàn …" in one cell
        name, method_in_name = _split_name(name)
        name_only, printed_max = split_maximum(name)
        max_text = cell(max_column)
        maximum = _number(max_text)
        if maximum is None and printed_max is not None:  # "Nhận thức số (100 điểm)"
            name, maximum, max_text = name_only, printed_max, str(printed_max)
        method = "\n".join(t for t in (method_in_name, cell(columns.method)) if t)
        count = _number(cell(columns.count)) if columns.count is not None else None
        if not (printed or name or max_text):
            continue
        rows.append(_RawRow(printed, parse_code(printed), " ".join(name.split()), max_text, maximum, method,
                            row.page, int(count) if count is not None else None))  # fmt: skip
    return _join_cut_rows(rows)


def _join_cut_rows(rows: list[_RawRow]) -> list[_RawRow]:
    """A row a page break cut: the same code printed again with the same maximum (a reader
    that repeats a merged cell) or a row with neither code nor maximum right under one; its
    name and method are the first part's continuation."""
    out: list[_RawRow] = []
    for row in rows:
        last = out[-1] if out else None
        same = last is not None and row.printed_code and row.printed_code == last.printed_code and (
            row.max_text == last.max_text)  # fmt: skip
        orphan = last is not None and not row.printed_code and not row.max_text and last.printed_code
        if last is not None and (same or (orphan and not _is_section(row.name))):
            joined_name = last.name if row.name in last.name else f"{last.name} {row.name}".strip()
            if last.method or row.method:
                joined_name = last.name  # the rest is the method, not the name
                method = "\n".join(t for t in (last.method, row.name, row.method) if t)
            else:
                method = ""
            out[-1] = replace(last, name=joined_name, method=method)
            continue
        out.append(row)
    return out


def _is_section(name: str) -> bool:
    return bool(_is_general(name) or _SCORED_NAME.search(name) or (level_named(name) and len(name) < 80))


def _number(text: str) -> float | None:
    text = text.strip().removesuffix("điểm").strip()
    if not re.fullmatch(r"\d{1,4}(?:[.,]\d{1,3})?", text):
        return None
    return parse_number(text)


@dataclass
class _Build:
    """The entries of one framework being read, in order, and what it doubts."""

    level: str
    title: str
    entries: list[LearnedEntry]
    general: list[LearnedEntry]
    doubts: list[str]
    pages: set[int]


def learn_frameworks(
    blocks: Sequence[Block], title: str, *, structure_only: bool = False
) -> tuple[list[LearnedFramework], list[LearnedFramework]]:
    """Given a decision's blocks and its title, return the frameworks its detailed tables
    define (one per level) and the ones its summary tables state."""
    tables = [b for b in blocks if isinstance(b, Table)]
    default_level = level_named(title)
    builds: dict[str, _Build] = {}
    summaries: dict[str, _Build] = {}
    last_level: str | None = None
    for table in tables:
        columns = framework_columns(table, structure_only=structure_only)
        if columns is None:
            continue
        above = heading_above(blocks, table)
        level = _nearest_level(table.caption, above) or last_level or default_level or "agency"
        targets = summaries if columns.is_summary else builds
        for max_column, column_level in columns.maxima or ((None, None),):
            rows = _raw_rows(table, columns, max_column)
            for part_level, part in _parts(rows, column_level or level):
                heading = _heading_title(above) or title
                build = targets.setdefault(part_level, _Build(part_level, heading, [], [], [], set()))
                _read_rows(part, build, max_column is not None)
                last_level = part_level if column_level is None else last_level
    return ([_finish(b, structure_only) for b in builds.values() if b.entries],
            [_finish(b, True) for b in summaries.values() if b.entries])  # fmt: skip


def found_instead(blocks: Sequence[Block], structure_only: bool = False) -> str:
    """What a file that defines no framework holds: "3 table(s), none with a maximum-points
    column (2 with indicator codes: a plan or a report?)"."""
    tables = [b for b in blocks if isinstance(b, Table)]
    with_codes = sum(1 for t in tables if framework_columns(t, structure_only=True) is not None)
    what = "a maximum-points column" if not structure_only else "indicator codes and names"
    extra = (
        f" ({with_codes} with indicator codes: a plan or a report?)"
        if with_codes and not structure_only
        else ""
    )
    return f"{len(tables)} table(s), none with {what}{extra}"


def _heading_title(above: str) -> str | None:
    """The title line of an appendix heading ("BẢNG CHI TIẾT BỘ CHỈ SỐ … CẤP HUYỆN")."""
    lines = [" ".join(line.split()) for line in above.splitlines() if line.strip()]
    named = [line for line in lines if re.search(r"chỉ số|tiêu chí", line, re.IGNORECASE)]
    return named[-1] if named else None


def _parts(rows: list[_RawRow], level: str) -> Iterable[tuple[str, list[_RawRow]]]:
    """One table that holds every level ("A | CẤP SỞ, BAN, NGÀNH" … "B | CẤP HUYỆN") cut at
    its level rows; a table of one level is one part."""
    part: list[_RawRow] = []
    for row in rows:
        named = level_named(row.name) if row.maximum is None and len(row.name) < 90 else None
        if (
            named is not None
            and (row.code is None or row.code.kind in ("upper", "roman"))
            and not _GROUP_NAME.match(row.name)
        ):
            if part:
                yield level, part
            level, part = named, []
            continue
        part.append(row)
    if part:
        yield level, part


def _scored_rows(rows: list[_RawRow]) -> list[_RawRow]:
    """The rows outside a "Thông tin chung" part, for telling groups from pillars."""
    out, general = [], False
    for row in rows:
        if _is_general(row.name) and row.maximum is None:
            general = True
        elif general and (_SCORED_NAME.search(row.name) or (row.code and row.code.kind == "upper")):
            general = False
        elif not general:
            out.append(row)
    return out


def _is_entry_row(row: _RawRow) -> bool:
    """A row that holds a pillar or sub-indicator (not a section, total or group row)."""
    if row.code is not None and row.code.kind == "upper":
        return False
    return not (_TOTAL_NAME.match(row.name) or _is_general(row.name) or _GROUP_NAME.match(row.name)
                or (_SCORED_NAME.search(row.name) and row.maximum is None))  # fmt: skip


def infer_codes(rows: list[_RawRow], doubts: list[str]) -> list[_RawRow]:
    """A scan's unreadable code ("lo", "Kkài", "41" after 4) taken from its place in the
    sequence, only where the next code read agrees ("1.1" … ? … ? … "1.4": 1.2 and 1.3) or a
    pillar row ends the run; each taken code is a doubt naming what was printed. A table
    numbered with Roman numerals or letters is left as read."""
    scored = [r for r in _scored_rows(rows) if _is_entry_row(r)]
    if any(r.code is not None and r.code.kind in ("roman", "lower") for r in scored):
        return rows
    taken: dict[int, str] = {}
    run: list[tuple[int, str]] = []
    pillar = child = 0

    def settle(agrees: bool) -> None:
        if agrees:
            taken.update(run)
        run.clear()

    for row in scored:
        code, at = row.code, id(row)
        arabic = code is not None and code.kind == "arabic"
        misread_pillar = arabic and code.depth == 1 and pillar and code.parts[0] != pillar + 1 and not (
            row.name.isupper())  # fmt: skip
        if arabic and code.depth == 1 and not misread_pillar:
            settle(code.parts[0] == pillar + 1 or not run)
            pillar, child = code.parts[0], 0
        elif arabic and code.depth == 2:
            settle(code.parts == (pillar, child + 1))  # a gap (6.12, 6.14) or a misread leaves the run unread
            pillar, child = code.parts
        elif arabic and code.depth > 2:
            continue  # a deeper level: its own sequence, read as printed
        elif row.name.isupper() and row.maximum is not None:
            settle(True)
            pillar, child = pillar + 1, 0
            run.append((at, str(pillar)))
        elif pillar:
            child += 1
            run.append((at, f"{pillar}.{child}"))
    settle(True)
    out = []
    for row in rows:
        if id(row) in taken:
            printed = row.printed_code or "nothing"
            doubts.append(
                f"page {row.page}: code {taken[id(row)]} taken from its place (printed: {printed!r})"
            )
            row = replace(row, code=parse_code(taken[id(row)]), printed_code=taken[id(row)])
        out.append(row)
    return out


def _read_rows(rows: list[_RawRow], build: _Build, has_maxima: bool) -> None:
    """Turn a part's rows into entries of `build`: general information apart, codes made
    canonical, parents found, unreadable rows named."""
    rows = infer_codes(rows, build.doubts)
    scored = _scored_rows(rows)
    arabic_top = {r.code.parts[0] for r in scored if r.code and r.code.kind == "arabic" and r.code.depth == 1}
    dotted_tops = {r.code.parts[0] for r in scored if r.code and r.code.kind == "arabic" and r.code.depth > 1}
    roman_is_group = bool(arabic_top & dotted_tops)  # "II" above "5" above "5.1": a group
    general = False
    pillar: str | None = None
    roman_pillar = False  # the current pillar is "III": its indicators may be numbered 1, 2, 3
    anchor: str | None = None  # the entry small letters number under
    letters = 0
    seen = {e.code for e in build.entries}
    for row in rows:
        name, code = row.name, row.code
        if _is_general(name) and row.maximum is None:
            general = True
            continue
        if general and (_SCORED_NAME.search(name) or (code and code.kind == "upper")):
            general = False
            if _SCORED_NAME.search(name) and row.maximum is None:
                continue
        if general:
            build.general.append(LearnedEntry(row.printed_code or "", name, "indicator", None, None,
                                              row.printed_code, "", "", row.page))  # fmt: skip
            continue
        if code is None and _TOTAL_NAME.match(name):
            build.entries.append(_entry(row, "total", "total", None))
            continue
        if code is None or code.kind == "upper":
            if _GROUP_NAME.match(name) and row.maximum is not None:
                group_code = (
                    code.canonical if code else f"G{sum(e.level == 'group' for e in build.entries) + 1}"
                )
                build.entries.append(_entry(row, group_code, "group", None))
            elif code is None and name and build.entries and not has_maxima:
                continue  # a plan's note row
            elif code is None and name and row.maximum is not None:
                build.doubts.append(f"page {row.page}: a row with a maximum but no code: {name[:60]!r}")
            continue
        level, canonical, parent = "indicator", code.canonical, None
        if code.kind == "roman":
            value = roman_value(code.text)
            if roman_is_group or _GROUP_NAME.match(name):
                level, canonical = "group", code.canonical
            else:
                level, canonical = "pillar", str(value)
                pillar, anchor, letters, roman_pillar = canonical, canonical, 0, True
        elif code.kind == "arabic" and code.depth == 1:
            if pillar is not None and roman_pillar:
                canonical, parent = f"{pillar}.{code.parts[0]}", pillar
                anchor, letters = canonical, 0
            else:
                level, pillar, anchor, letters, roman_pillar = "pillar", canonical, canonical, 0, False
        elif code.kind == "arabic":
            parent = parent_of(canonical)
            anchor, letters = canonical, 0
        else:  # "a)", "b)" under the row above
            if anchor is None:
                build.doubts.append(f"page {row.page}: item {code.text!r} has no indicator above it")
                continue
            letters += 1
            canonical, parent = f"{anchor}.{letters}", anchor
        if canonical in seen:
            build.doubts.append(
                f"page {row.page}: code {canonical} printed twice; the second row is left out"
            )
            continue
        seen.add(canonical)
        if not name:
            build.doubts.append(f"page {row.page}: the name of {row.printed_code} could not be read")
        if has_maxima and row.maximum is None:
            shown = f" ({row.max_text!r})" if row.max_text else ""
            build.doubts.append(
                f"page {row.page}: the maximum of {row.printed_code} could not be read{shown}"
            )
        build.entries.append(_entry(row, canonical, level, parent))
        if row.page is not None:
            build.pages.add(row.page)


def _entry(row: _RawRow, code: str, level: str, parent: str | None) -> LearnedEntry:
    return LearnedEntry(
        code, row.name or None, level, parent, row.maximum,  # type: ignore[arg-type]
        row.printed_code or None, row.max_text, row.method, row.page, count=row.count,
    )  # fmt: skip


def _finish(build: _Build, structure_only: bool) -> LearnedFramework:
    """The framework of a build, with parents checked, sums and code sequences verified."""
    entries = build.entries
    codes = {e.code for e in entries}
    fixed: list[LearnedEntry] = []
    for entry in entries:
        if entry.level == "indicator" and entry.parent not in codes:
            top = entry.code.split(".")[0]
            if top in codes:
                build.doubts.append(
                    f"{entry.code}: its parent {entry.parent} is not printed; put under {top}"
                )
                entry = replace(entry, parent=top)
            else:
                build.doubts.append(f"{entry.code}: no pillar {top} is printed above it")
                entry = replace(entry, parent=None)
        fixed.append(entry)
    fixed = [e for e in fixed if e.level != "indicator" or e.parent is not None]
    if not structure_only:
        build.doubts.extend(sum_doubts(fixed))
    build.doubts.extend(gap_doubts(fixed))
    return LearnedFramework(build.level, build.title, tuple(fixed), tuple(build.general), tuple(build.doubts),
                            tuple(sorted(build.pages)))  # fmt: skip


def sum_doubts(entries: Sequence[LearnedEntry]) -> list[str]:
    """Each parent whose children's maxima do not add up to its own, and pillars that do not
    add up to the total: "pillar 2 (Thể chế số): its sub-indicators add up to 95, it prints 100"."""
    doubts = []
    for parent in entries:
        children = [e for e in entries if e.parent == parent.code and e.level == "indicator"]
        if parent.level == "total":
            children = [e for e in entries if e.level == "pillar"]
        if parent.maximum is None or not children or any(c.maximum is None for c in children):
            continue
        added = sum(c.maximum for c in children if c.maximum is not None)
        if abs(added - parent.maximum) > SUM_TOLERANCE:
            what = "the pillars add up to" if parent.level == "total" else "its sub-indicators add up to"
            label = (
                "the total" if parent.level == "total" else f"{parent.level} {parent.code} ({parent.name})"
            )
            doubts.append(f"{label}: {what} {_fmt(added)}, it prints {_fmt(parent.maximum)}")
    return doubts


def gap_doubts(entries: Sequence[LearnedEntry]) -> list[str]:
    """A gap in a sequence of sibling codes: "code 6.13 is missing between 6.12 and 6.14"."""
    doubts = []
    by_parent: dict[str | None, list[int]] = {}
    for e in entries:
        if e.level in ("pillar", "indicator") and re.fullmatch(r"\d+(\.\d+)*", e.code):
            by_parent.setdefault(e.parent if e.level == "indicator" else None, []).append(
                int(e.code.split(".")[-1])
            )
    for parent, numbers in by_parent.items():
        for a, b in pairwise(numbers):
            for missing in range(a + 1, b):
                code = f"{parent}.{missing}" if parent else str(missing)
                prefix = f"{parent}." if parent else ""
                doubts.append(f"code {code} is missing between {prefix}{a} and {prefix}{b}")
    return doubts


def summary_doubts(detailed: LearnedFramework, summary: LearnedFramework | None) -> list[str]:
    """Where the summary table of the articles disagrees with the detailed appendix, pillar by
    pillar (points and number of sub-indicators); the appendix is kept, and the doubt says so."""
    if summary is None:
        return []
    doubts = []
    pillars = {e.code: e for e in detailed.entries if e.level == "pillar"}
    for stated in (e for e in summary.entries if e.level == "pillar"):
        entry = pillars.get(stated.code)
        if entry is None:
            doubts.append(f"summary table: pillar {stated.code} ({stated.name}) is not in the appendix")
            continue
        children = sum(1 for e in detailed.entries if e.parent == entry.code)
        said = []
        if (
            stated.maximum is not None
            and entry.maximum is not None
            and abs(stated.maximum - entry.maximum) > SUM_TOLERANCE
        ):
            said.append(f"{_fmt(stated.maximum)} points (appendix: {_fmt(entry.maximum)})")
        if stated.count is not None and stated.count != children:
            said.append(f"{stated.count} sub-indicators (appendix: {children})")
        if said:
            where = f" (page {stated.page})" if stated.page is not None else ""
            doubts.append(f"summary table{where} gives pillar {stated.code} ({entry.name}) "
                          f"{' and '.join(said)}; kept the appendix")  # fmt: skip
    return doubts


def not_applicable_notes(blocks: Iterable[Block]) -> dict[str, tuple[str, ...]]:
    """Notes that some indicators do not apply to some units ("Chỉ số thành phần 6.6, 6.7 không
    áp dụng đối với các đơn vị không có thủ tục hành chính") as code → units."""
    out: dict[str, list[str]] = {}
    texts = [b.text for b in blocks if isinstance(b, Paragraph)]
    texts += [c for b in blocks if isinstance(b, Table) for row in b.rows for c in row.texts]
    for text in texts:
        for found in _NOT_APPLICABLE.finditer(" ".join(text.split())):
            whom = found.group(2).strip(" ,")
            for code in re.findall(r"\d+(?:\.\d+)+", found.group(1)):
                if whom not in out.setdefault(code, []):
                    out[code].append(whom)
    return {code: tuple(units) for code, units in out.items()}


def _fmt(value: float) -> str:
    return f"{value:g}".replace(".", ",")
