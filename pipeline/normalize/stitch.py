"""Join a table that a page break cut into chunks back into one table.

A chain of small steps over a `Document`'s blocks:
`group_continued_chunks` (same columns, nothing but a page break between) →
`merge_chunks` (repeated header rows dropped) → `merge_continuation_rows` (a row whose
code and name cells are empty continues the row above, as in 004's
"\\t\\t\\t- Tính điểm theo phương pháp Min-Max ..." after a page break, and so does the
rest of a unit's name a break cut off: "SỞ TƯ" | … above, "PHÁP" alone below).
"""

from __future__ import annotations

import re
from dataclasses import replace

from rapidfuzz import fuzz

from pipeline.blocks import number_blocks
from pipeline.models import Block, Document, Paragraph, Table, TableRow
from pipeline.settings import DEFAULT, StitchSettings


def stitch_tables(document: Document, settings: StitchSettings = DEFAULT.stitch) -> Document:
    """Given a document as read, return it with each logical table as one `Table`."""
    blocks: list[Block] = []
    for group in group_continued_chunks(document.blocks, settings):
        if isinstance(group, Paragraph):
            blocks.append(group)
        else:
            blocks.append(merge_continuation_rows(*merge_chunks(group)))
    return replace(document, blocks=number_blocks(blocks))


def header_key(table: Table) -> tuple[str, ...]:
    """The header rows' text, case- and space-folded, to recognise a repeated header."""
    return tuple(" ".join(c.lower().split()) for row in table.header for c in row.texts)


def continues(previous: Table, chunk: Table, settings: StitchSettings = DEFAULT.stitch) -> bool:
    """True when `chunk` carries on `previous`: same width, and the same header or none.

    Headers compare as text at least `header_likeness` (90%) alike, so an OCR'd header read slightly
    differently on each page ("Thời gian hoàn thành" / "Thòi gian hoàn thành") still joins.
    """
    if chunk.width != previous.width:
        return False
    if not chunk.header:
        return True
    likeness = fuzz.ratio(" | ".join(header_key(chunk)), " | ".join(header_key(previous)))
    return likeness >= settings.header_likeness


def group_continued_chunks(
    blocks: tuple[Block, ...], settings: StitchSettings = DEFAULT.stitch
) -> list[Paragraph | list[Table]]:
    """Given blocks in order, return paragraphs as they are and runs of chunks that continue
    one another as lists."""
    out: list[Paragraph | list[Table]] = []
    for block in blocks:
        if isinstance(block, Table):
            back = len(out) - 1
            while back >= 0 and isinstance(out[back], Paragraph) and is_page_furniture(out[back], settings):
                back -= 1  # a page number or a scanner's smudge between two chunks
            last = out[back] if back >= 0 else None
            if isinstance(last, list) and continues(last[0], block, settings):
                last.append(block)
            else:
                out.append([block])
        else:
            out.append(block)
    return out


def is_page_furniture(paragraph: Paragraph, settings: StitchSettings = DEFAULT.stitch) -> bool:
    """Short text between two chunks of a table: a page number ("- 3 -", "Trang 3/8"), a
    running header, or specks OCR read as letters. Real paragraphs are longer, and a caption
    that introduces the next table ("b) Bộ chỉ số cấp xã:") is never furniture."""
    text = paragraph.text.strip()
    return len(text) <= settings.furniture_chars and not text.endswith(":")


def merge_chunks(chunks: list[Table]) -> tuple[Table, frozenset[int]]:
    """Given chunks of one table, return one table (the first chunk's header, then every
    chunk's body rows) and the positions of the rows that follow a break."""
    first = chunks[0]
    rows: list[TableRow] = list(first.rows)
    breaks: set[int] = set()
    for chunk in chunks[1:]:
        breaks.add(len(rows))
        body = list(chunk.body)
        if body and rows and not rows[-1].is_header:
            body = carry_merged_cells(rows[-1], body)
        rows.extend(body)
    return replace(first, rows=tuple(rows)), frozenset(breaks)


def carry_merged_cells(last: TableRow, body: list[TableRow]) -> list[TableRow]:
    """A merged cell cut by the page break ("Phòng Tổ chức cán bộ" spanning 2.1–2.5) prints
    its text on the first page only; give it to the rows it spans on the next page. Only
    when both sides are merged cells (row_span ≠ 1) and the continued one is empty."""
    out = list(body)
    for c, cell in enumerate(body[0].cells):
        above = last.cells[c] if c < len(last.cells) else None
        if cell.text or cell.row_span <= 1 or above is None or not above.text or above.row_span == 1:
            continue
        for i in range(min(cell.row_span, len(out))):
            cells = list(out[i].cells)
            cells[c] = replace(cells[c], text=above.text)
            out[i] = replace(out[i], cells=tuple(cells))
    return out


def merge_continuation_rows(table: Table, breaks: frozenset[int] = frozenset()) -> Table:
    """Given a table and the rows that follow a break, join into the row above every row
    that only continues it: code and name empty but other cells filled, or (right after a
    break) code empty."""
    rows: list[TableRow] = []
    for position, row in enumerate(table.rows):
        previous = rows[-1] if rows else None
        joinable = previous is not None and not previous.is_header and not row.is_header
        after_break = position in breaks
        if (
            joinable
            and not _both_complete(previous, row)
            and (_is_continuation(row, after_break) or (after_break and _is_cut_off(previous, row)))
        ):
            rows[-1] = _join_rows(previous, row)
            continue
        rows.append(row)
    return Table(index=table.index, rows=tuple(rows), caption=table.caption)


def _is_continuation(row: TableRow, after_break: bool) -> bool:
    texts = row.texts
    if not any(texts) or texts[0]:
        return False
    if row.cells[0].confidence is not None:
        return False  # OCR saw ink in the code cell but could not read it: a row of its own
    name_empty = len(texts) < 2 or not texts[1]
    return name_empty or after_break


_NUMBER = re.compile(r"^[\d.,%/]+$")


def _both_complete(upper: TableRow, lower: TableRow) -> bool:
    """Two rows of figures, each whole: a results table's "| Trung bình | 628,10 | 56,89 |"
    under the last unit's row is a row of its own, even right after a page break."""
    numbers = [i for i, text in enumerate(lower.texts) if _NUMBER.match(text.strip())]
    return len(numbers) >= 2 and all(
        _NUMBER.match(upper.texts[i].strip()) for i in numbers if i < len(upper.texts)
    )


def _is_cut_off(upper: TableRow, lower: TableRow) -> bool:
    """The rest of a row the page break cut inside its first cells: a unit's name that ran
    onto the next page ("SỞ TƯ" | figures … on one page, "PHÁP" alone on the next), with every
    other cell of the lower part empty while the upper part has them filled."""
    if any(cell.confidence is not None for cell in lower.cells):
        return False  # OCR'd: a row whose other cells went unread is still a row of its own
    filled = [i for i, text in enumerate(lower.texts) if text]
    upper_filled = sum(1 for text in upper.texts if text)
    return len(filled) == 1 and filled[0] <= 1 and bool(upper.texts[filled[0]]) and upper_filled >= 3


def _join_rows(upper: TableRow, lower: TableRow) -> TableRow:
    cells = []
    for i, cell in enumerate(upper.cells):
        extra = lower.cells[i].text if i < len(lower.cells) else ""
        if extra == cell.text:
            extra = ""  # one merged cell seen from both rows, not two texts
        text = f"{cell.text}\n{extra}" if cell.text and extra else (cell.text or extra)
        cells.append(replace(cell, text=text))
    pages = [p for p in (*upper.more_pages, *lower.page_span) if p != upper.page]
    more_pages = tuple(dict.fromkeys(pages))
    return TableRow(
        cells=tuple(cells), page=upper.page, is_header=False, more_pages=more_pages, box=upper.box
    )
