"""Word documents (.docx) → `Document`, with python-docx.

The body is read in order, paragraphs and tables alike. Tables become a dense grid:
a cell spanning columns (gridSpan) or rows (vMerge) gives its text to every slot it
covers, so a merged "Đơn vị chủ trì" cell spanning ten rows reaches all ten. Header rows
are those marked to repeat (tblHeader), or the first row when it reads as a header, plus
the rows a header cell spans downwards (a two-level header: "Kết quả năm 2024" over
"Mức đạt" | "Số liệu, nguyên nhân"). Empty spacer rows are dropped; line breaks and
bullet items inside a cell are kept as lines; a nested table's rows become lines of its cell.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from docx import Document as open_docx
from docx.oxml.ns import qn
from lxml import etree
from lxml.etree import _Element

from pipeline.blocks import number_blocks
from pipeline.errors import InputFileError
from pipeline.extract.docx_fonts import Fonts, document_fonts, theme_fonts
from pipeline.extract.docx_package import open_package
from pipeline.extract.grid import ABOVE, LEFT, MAX_COL_SPAN, GridBudget, Slot, fill_merged, header_extent
from pipeline.extract.legacy import (
    best_encoding,
    detect_by_content,
    encoding_of_font,
    may_be_legacy,
    to_unicode,
)
from pipeline.extract.markup import clean_text
from pipeline.extract.text import reads_as_ruled_header
from pipeline.models import Block, Cell, Document, Paragraph, Table, TableRow


def read_docx(path: Path, data: bytes) -> Document:
    """Given a .docx file and its bytes, return its paragraphs and tables in body order.

    Damaged or malformed parts are left out or recovered (`docx_package`) and the document
    says which in `lost`; a part with a DTD is refused."""
    package = open_package(path, data)
    try:
        word = open_docx(io.BytesIO(package.data))
    except (zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as exc:
        raise InputFileError(
            f"{path}: not a readable Word document ({exc}); "
            "open it in Word or LibreOffice and save it again as .docx"
        ) from exc
    fonts = document_fonts(_styles_root(word), theme_fonts(_theme_xml(word)))
    budget = GridBudget()
    blocks: list[Block] = []
    for element in word.element.body.iterchildren():
        if element.tag == qn("w:p"):
            text = clean_text(_paragraph_text(element, fonts))
            if text:
                blocks.append(Paragraph(index=len(blocks), text=text))
        elif element.tag == qn("w:tbl"):
            budget.new_table()
            table = _read_table(element, len(blocks), fonts, budget)
            if table.rows:
                blocks.append(table)
    return Document(
        source_path=str(path),
        sha256=hashlib.sha256(data).hexdigest(),
        format="docx",
        blocks=number_blocks(blocks),
        lost=package.left_out + package.recovered,
    )


def _styles_root(word: Any) -> _Element | None:
    try:
        return word.styles.element
    except (KeyError, ValueError, etree.XMLSyntaxError):
        return None


def _theme_xml(word: Any) -> bytes | None:
    for rel in word.part.rels.values():
        if rel.reltype.endswith("/theme") and not rel.is_external:
            return rel.target_part.blob
    return None


# --------------------------------------------------------------------------- text


def _paragraph_text(p: _Element, fonts: Fonts) -> str:
    """A paragraph's text with its line breaks and tabs; a list item starts with "- ".

    Each run is converted from the legacy encoding its font implies (`Fonts.of_run`); runs
    whose font says nothing are converted only when their text together reads as legacy
    ("Chæ soá chuyeån ñoåi soá" in a font named "Times New Roman" is VNI)."""
    style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    style_id = style.get(qn("w:val")) if style is not None else None
    pieces: list[tuple[str, str | None]] = []
    for run in p.iter(qn("w:r")):
        encoding = encoding_of_font(fonts.of_run(run, style_id))
        pieces.append((_run_text(run, legacy=encoding is not None), encoding))
    undecided = "".join(text for text, encoding in pieces if encoding is None)
    guessed = detect_by_content(undecided) if undecided.strip() else None
    text = "".join(_decoded(chunk, encoding, guessed) for chunk, encoding in pieces)
    is_list_item = p.find(f"{qn('w:pPr')}/{qn('w:numPr')}") is not None or (
        style_id is not None and style_id.startswith("List")
    )
    return f"- {text}" if is_list_item and text.strip() else text


def _decoded(chunk: str, font_encoding: str | None, guessed: str | None) -> str:
    """A run's text in Unicode. The font decides, unless the text plainly reads as another
    legacy encoding: real files label VNI text "VNSTCVN3" ("CAÙC HEÄ THOÂNG" is VNI)."""
    if not chunk or not may_be_legacy(chunk):
        return chunk
    preferred = font_encoding or guessed or detect_by_content(chunk)
    encoding = best_encoding(chunk, preferred) if preferred else None
    return to_unicode(chunk, encoding) if encoding else chunk


def _run_text(run: _Element, legacy: bool = False) -> str:
    """A run's text; a soft hyphen is kept in a legacy run, where its byte is TCVN3's "ư"
    ("®<softHyphen/>êng" is "đường"), and dropped elsewhere."""
    chunk = []
    for child in run.iterchildren():
        if child.tag == qn("w:t"):
            chunk.append(child.text or "")
        elif child.tag == qn("w:softHyphen") and legacy:
            chunk.append("\u00ad")
        elif child.tag in (qn("w:br"), qn("w:cr")):
            chunk.append("\n")
        elif child.tag == qn("w:tab"):
            chunk.append(" ")
    return "".join(chunk)


def _cell_text(tc: _Element, fonts: Fonts) -> str:
    lines: list[str] = []
    for child in tc.iterchildren():
        if child.tag == qn("w:p"):
            lines.append(_paragraph_text(child, fonts))
        elif child.tag == qn("w:tbl"):  # a nested table: one line per row
            for tr in child.iterchildren(qn("w:tr")):
                cells = [" ".join(_cell_text(tc2, fonts).split()) for tc2 in tr.iterchildren(qn("w:tc"))]
                lines.append(" | ".join(c for c in cells if c))
    return clean_text("\n".join(line for line in lines if line.strip()))


# --------------------------------------------------------------------------- tables


def _grid_rows(
    tbl: _Element, fonts: Fonts, budget: GridBudget, where: str
) -> Iterator[tuple[_Element, list[Slot]]]:
    """Each row as one slot per grid column: a gridSpan cell's own slot, then slots covered
    from the left; a vMerge "continue" cell's slots are covered from above. Spans are
    clamped as Word clamps them, and the grid's size is counted against `budget`."""
    for tr in tbl.iterchildren(qn("w:tr")):
        slots: list[Slot] = []
        before = tr.find(f"{qn('w:trPr')}/{qn('w:gridBefore')}")
        if before is not None:
            skipped = _count(before.get(qn("w:val"), "0"), 0)
            budget.take(skipped, where)
            slots.extend(Slot(Cell("")) for _ in range(skipped))
        for tc in tr.iterchildren(qn("w:tc")):
            props = tc.find(qn("w:tcPr"))
            span, vmerge = 1, None
            if props is not None:
                grid_span = props.find(qn("w:gridSpan"))
                if grid_span is not None:
                    span = _count(grid_span.get(qn("w:val"), "1"), 1)
                merge = props.find(qn("w:vMerge"))
                if merge is not None:
                    vmerge = merge.get(qn("w:val")) or "continue"
            budget.take(span, where)
            if vmerge == "continue":
                slots.extend(ABOVE for _ in range(span))
            else:
                slots.extend([Slot(Cell(_cell_text(tc, fonts))), *(LEFT for _ in range(span - 1))])
        yield tr, slots


def _count(value: str, least: int) -> int:
    """A span or count attribute as Word reads it: a number from `least` to MAX_COL_SPAN."""
    try:
        return max(least, min(int(value), MAX_COL_SPAN))
    except ValueError:
        return least


def _read_table(tbl: _Element, index: int, fonts: Fonts, budget: GridBudget) -> Table:
    grid: list[list[Slot]] = []
    repeated: list[bool] = []
    for tr, slots in _grid_rows(tbl, fonts, budget, f"table {index + 1}"):
        header_flag = tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}")
        repeated.append(
            header_flag is not None and header_flag.get(qn("w:val"), "true") not in ("0", "false")
        )
        grid.append(slots)
    rows = fill_merged(grid, _header_row_count(grid, repeated))
    header_texts = next((_as_body(row) for row in reversed(rows) if row.is_header), None)
    kept = [
        row
        for row in rows
        if any(row.texts)
        and (row.is_header or _as_body(row) != header_texts)  # no spacer, no header typed again
    ]
    return Table(index=index, rows=tuple(kept))


def _as_body(row: TableRow) -> tuple[str, ...]:
    """A row's texts as a body row shows them: a merged cell's text in its first column only."""
    return tuple("" if c and cell == row.cells[c - 1] and cell.col_span > 1 else cell.text
                 for c, cell in enumerate(row.cells))  # fmt: skip


def _header_row_count(grid: list[list[Slot]], repeated: list[bool]) -> int:
    """Rows marked to repeat; else the first row if it reads as a header, extended over the
    rows its cells span downwards."""
    count = 0
    while count < len(grid) and repeated[count]:
        count += 1
    if count == 0 and grid and _reads_as_header([s.cell.text for s in grid[0] if s.cell is not None]):
        count = header_extent(grid)
    return count


def _reads_as_header(texts: list[str]) -> bool:
    return reads_as_ruled_header(texts)
