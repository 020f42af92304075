"""Born-digital PDF → `Document`, with pdfplumber; pages without a usable text layer are
handed to OCR.

A chain of small steps per page: `judge_text_layer` (is the text real, legacy-font or
missing?) → `page_table` (ruled tables, or tables without rules found by
`unruled_table_settings`; a merged cell's text given to every row it spans, the header's to
every column it spans) → `page_paragraphs` (the lines outside the tables, grouped into
paragraphs) → blocks in reading order, each with its page number. Tables cut by page
breaks are joined later by `normalize.stitch`, as for every format.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pdfplumber
from pdfminer.pdfparser import PDFSyntaxError
from pdfplumber.page import Page
from pdfplumber.table import Table as PlumberTable
from pdfplumber.utils.exceptions import PdfminerException

from pipeline.errors import InputFileError
from pipeline.extract.blocks import number_blocks
from pipeline.extract.legacy import detect_by_content, encoding_of_font, may_be_legacy, to_unicode
from pipeline.extract.markup import BULLET, clean_text, join_wrapped_lines
from pipeline.extract.text import is_header_starter
from pipeline.models import Block, Cell, Document, Paragraph, Table, TableRow

MIN_TEXT_CHARS = 25  # fewer characters than this on a page with an image: a scan
MAX_GARBAGE_SHARE = 0.15  # more unreadable characters than this: a broken text layer
_GARBAGE = re.compile(r"[\ufffd\ue000-\uf8ff\x00-\x08\x0e-\x1f]|\(cid:\d+\)")
# What one unreadable page raises; the other pages are still read.
_PAGE_ERRORS = (PdfminerException, PDFSyntaxError, ValueError, KeyError, TypeError)


@dataclass(frozen=True)
class LayerVerdict:
    """What a page's text layer is good for: `text`, `legacy` (convert from `encoding`) or `ocr`."""

    use: str
    reason: str
    encoding: str | None = None


OcrPages = Callable[[Path, bytes, list[int]], dict[int, list[Block]]]


def read_pdf(path: Path, data: bytes, ocr_pages: OcrPages | None = None) -> Document:
    """Given a PDF and its bytes, return its paragraphs and tables with page numbers.

    Pages whose text layer is missing or garbage go to `ocr_pages` when given; without it
    they are left out and the document says which and why.
    """
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except (PDFSyntaxError, PdfminerException, ValueError, KeyError) as exc:
        raise InputFileError(
            f"{path}: not a readable PDF ({type(exc).__name__}); re-export it from the original document"
        ) from exc
    blocks: list[Block] = []
    warnings: list[str] = []
    decisions: list[str] = []
    to_ocr: list[int] = []
    with pdf:
        if pdf.metadata.get("Encrypted"):
            raise InputFileError(f"{path}: the PDF is encrypted; save an unprotected copy")
        page_count = len(pdf.pages)
        verdicts = {number: _judge(page, warnings, number) for number, page in enumerate(pdf.pages, start=1)}
        # A legacy font found on one page holds for the document: a page of short cells may
        # have too few tell-tale characters to be recognised on its own.
        encoding = next((v.encoding for v in verdicts.values() if v and v.use == "legacy"), None)
        for number, page in enumerate(pdf.pages, start=1):
            verdict = verdicts[number]
            if verdict is None:
                continue
            try:
                if verdict.use == "ocr":
                    to_ocr.append(number)
                    decisions.append(f"page {number}: OCR ({verdict.reason})")
                    continue
                if encoding:
                    decisions.append(
                        f"page {number}: text in {encoding} converted to Unicode ({verdict.reason})"
                    )
                blocks.extend(page_blocks(page, number, encoding))
            except _PAGE_ERRORS as exc:
                # One broken page does not cost the document its other pages.
                warnings.append(f"page {number} could not be read ({type(exc).__name__}: {exc}); left out")
            finally:
                page.close()
    if to_ocr:
        if ocr_pages is None:
            warnings.append(f"pages {_ranges(to_ocr)} have no usable text layer and were left out")
        else:
            try:
                by_page = ocr_pages(path, data, to_ocr)
            except InputFileError:
                raise  # OCR is not installed: the message says how to install it
            except Exception as exc:  # one unreadable scan must not cost the batch
                warnings.append(f"OCR failed on pages {_ranges(to_ocr)} ({type(exc).__name__}: {exc})")
                by_page = {}
            blocks = _merge_in_page_order(blocks, by_page)
    return Document(
        source_path=str(path),
        sha256=hashlib.sha256(data).hexdigest(),
        format="pdf",
        blocks=number_blocks(blocks),
        page_count=page_count,
        warnings=tuple(warnings),
        ocr=tuple(decisions),
    )


# --------------------------------------------------------------------------- text layer


def _judge(page: Page, warnings: list[str], number: int) -> LayerVerdict | None:
    try:
        return judge_text_layer(page)
    except _PAGE_ERRORS as exc:
        warnings.append(f"page {number} could not be read ({type(exc).__name__}: {exc}); left out")
        return None


def judge_text_layer(page: Page) -> LayerVerdict:
    """Decide how to read a page: its own text, its text converted from a legacy font, or OCR.

    A born-digital page never goes to OCR: it has enough characters and few unreadable ones.
    """
    text = "".join(char["text"] for char in page.chars)
    visible = [ch for ch in text if not ch.isspace()]
    if len(visible) < MIN_TEXT_CHARS:
        if page.images:
            return LayerVerdict("ocr", f"{len(visible)} characters of text over a full-page image")
        return LayerVerdict("text", "a page with little text")
    garbage = len(_GARBAGE.findall(text)) / len(visible)
    if garbage > MAX_GARBAGE_SHARE:
        return LayerVerdict("ocr", f"{garbage:.0%} of the text layer is unreadable glyphs")
    fonts = {char.get("fontname", "") for char in page.chars}
    for font in fonts:
        encoding = encoding_of_font(font.split("+")[-1])
        if encoding:
            return LayerVerdict("legacy", f"font {font.split('+')[-1]}", encoding)
    encoding = detect_by_content(text)
    if encoding:
        return LayerVerdict("legacy", "legacy code points in the text", encoding)
    return LayerVerdict("text", "born-digital text layer")


# --------------------------------------------------------------------------- page content


def page_blocks(page: Page, number: int, encoding: str | None = None) -> list[Block]:
    """The page's tables and paragraphs, top to bottom; a table without rules is found from
    its header's layout (`unruled_table_settings`)."""

    def decode(text: str) -> str:
        # Text with Unicode-only letters ("Chỉ số" in a header typed later) stays as it is.
        return to_unicode(text, encoding) if encoding and may_be_legacy(text) else text

    found = page.find_tables()
    if not found:
        settings = unruled_table_settings(page)
        found = page.find_tables(settings) if settings else []
    placed: list[tuple[float, Block]] = [(t.bbox[1], page_table(t, number, decode)) for t in found]
    outside = page
    for table in found:
        outside = outside.outside_bbox(table.bbox)
    placed.extend((top, Paragraph(0, decode(text), number)) for top, text in page_paragraphs(outside))
    placed.sort(key=lambda item: item[0])
    return [block for _, block in placed if not (isinstance(block, Table) and not block.rows)]


COLUMN_GAP = 12.0  # points between two header phrases that start different columns


def unruled_table_settings(page: Page) -> dict[str, Any] | None:
    """Table settings for a table printed without rules: column edges from where the
    header's phrases start ("STT", "Chỉ số/Chỉ số thành phần", "Kết quả thực hiện"), row
    edges from where each printed code starts ("1.2.1" in the first column). None when the
    page prints no "STT" header (a page continuing an unruled table without repeating its
    header is not read as a table)."""
    lines = page.extract_text_lines(layout=False, strip=True)
    header = next((line for line in lines if is_header_starter(line["text"].split(" ")[0])), None)
    if header is None:
        return None
    words = [w for w in page.extract_words() if abs(w["top"] - header["top"]) < 3]
    columns = [words[0]["x0"]]
    for previous, word in itertools.pairwise(words):
        if word["x0"] - previous["x1"] > COLUMN_GAP:
            columns.append(word["x0"])
    if len(columns) < 3:
        return None
    code_right = columns[1]
    tops = [
        line["top"]
        for line in lines
        if line["x0"] < code_right and re.fullmatch(r"[\dIVX]+(\.\d+)*\.?", line["text"].split(" ")[0])
        and line["top"] > header["top"]
    ]  # fmt: skip
    if not tops:
        return None
    # The header is the bold lines from "STT" down; text between it and the first code is a
    # row the page break cut, continued here.
    edges = [header["top"] - 2, _header_bottom(lines, header, tops[0]) + 1]
    edges += [t - 2 for t in tops if t - 2 > edges[-1] + 1] + [_table_bottom(lines, tops[-1], code_right)]
    return {
        "vertical_strategy": "explicit",
        "horizontal_strategy": "explicit",
        "explicit_vertical_lines": [x - 2 for x in columns] + [page.width - 20],
        "explicit_horizontal_lines": edges,
    }


def _header_bottom(lines: list[dict[str, Any]], header: dict[str, Any], first_code_top: float) -> float:
    bottom = header["bottom"]
    for line in lines:
        if line["top"] <= header["top"] or line["top"] >= first_code_top - 1:
            continue
        bold = sum("Bold" in char.get("fontname", "") for char in line["chars"])
        if bold < len(line["chars"]) / 2:
            break
        bottom = line["bottom"]
    return bottom


def _table_bottom(lines: list[dict[str, Any]], last_top: float, code_right: float) -> float:
    """Below the last code the table runs on while the lines keep their usual spacing and
    none starts in the code column ("Nơi nhận: ..." after the table does)."""
    bottom = last_top
    for line in lines:
        if line["top"] < last_top - 1:
            continue
        if abs(line["top"] - last_top) <= 1:  # the last code's own line
            bottom = line["bottom"]
            continue
        if line["top"] - bottom > 2.5 * (line["bottom"] - line["top"]) or line["x0"] < code_right - 2:
            break
        bottom = line["bottom"]
    return bottom + 2


def page_paragraphs(page: Page) -> list[tuple[float, str]]:
    """Lines outside tables grouped into paragraphs: a new one after a vertical gap, after a
    line that stops well short of the right edge, or at a bullet."""
    lines = page.extract_text_lines(layout=False, strip=True)
    if not lines:
        return []
    right = max(line["x1"] for line in lines)
    paragraphs: list[tuple[float, list[str]]] = []
    previous: dict[str, Any] | None = None
    for line in lines:
        height = line["bottom"] - line["top"]
        starts_new = (
            previous is None
            or line["top"] - previous["bottom"] > 0.6 * height
            or previous["x1"] < right - 40
            or bool(BULLET.match(line["text"]))
        )
        if starts_new:
            paragraphs.append((line["top"], [line["text"]]))
        else:
            paragraphs[-1][1].append(line["text"])
        previous = line
    return [(top, clean_text(" ".join(texts))) for top, texts in paragraphs if any(texts)]


def page_table(table: PlumberTable, number: int, decode: Callable[[str], str] = lambda s: s) -> Table:
    """One ruled table on one page as rows of cells: a cell pdfplumber reports as covered by a
    merge takes the text of the cell that covers it (above: every row; left: header rows)."""
    grid = [list(row.cells) for row in table.rows]
    texts = table.extract()
    width = max((len(r) for r in grid), default=0)
    header_count = _header_rows(texts, grid)
    filled: list[list[str]] = []
    below: list[list[bool]] = []  # whether each slot is covered by the cell above it
    for r, cells in enumerate(texts):
        row: list[str] = []
        covered: list[bool] = []
        for c in range(width):
            text = cells[c] if c < len(cells) else None
            source = None if text is not None else _covering(grid, r, c)
            covered.append(source == "above" and bool(filled))
            if text is not None:
                row.append(_cell_text(decode(text)))
            elif source == "left":
                row.append(row[-1] if r < header_count and row else "")
            elif source == "above" and filled:
                row.append(filled[-1][c])
            else:
                row.append("")
        filled.append(row)
        below.append(covered)
    rows: list[TableRow] = []
    for r, row in enumerate(filled):
        if not any(row):
            continue
        cells = tuple(Cell(text, row_span=_row_span(below, r, c)) for c, text in enumerate(row))
        rows.append(TableRow(cells=cells, page=number, is_header=r < header_count))
    return Table(index=0, rows=tuple(rows))


def _row_span(below: list[list[bool]], r: int, c: int) -> int:
    """0 for a slot covered by the cell above; else how many rows the cell spans."""
    if below[r][c]:
        return 0
    span = 1
    while r + span < len(below) and below[r + span][c]:
        span += 1
    return span


def _cell_text(text: str) -> str:
    return clean_text(join_wrapped_lines(text))


def _covering(grid: list[list[Any]], r: int, c: int) -> str | None:
    """Whether the empty slot (r, c) is covered by a merged cell to its left or above."""
    for left in range(c - 1, -1, -1):
        box = grid[r][left] if left < len(grid[r]) else None
        if box is not None:
            right_edge = box[2]
            column_right = _column_right(grid, c)
            if column_right is not None and right_edge >= column_right - 1:
                return "left"
            break
    return "above" if r > 0 else None


def _column_right(grid: list[list[Any]], c: int) -> float | None:
    edges = [row[c][2] for row in grid if c < len(row) and row[c] is not None]
    return min(edges) if edges else None


def _header_rows(texts: list[list[str | None]], grid: list[list[Any]]) -> int:
    """Leading rows that form the header: the row starting "STT" and the rows its merged
    cells reach down into."""
    if not texts or not is_header_starter((texts[0][0] or "").replace("\n", " ")):
        return 0
    count = 1
    while count < len(texts) and texts[count] and texts[count][0] is None:
        count += 1
    return count


# --------------------------------------------------------------------------- assembly


def _page_of(block: Block) -> int:
    if isinstance(block, Paragraph):
        return block.page or 0
    return block.pages[0] if block.pages else 0


def _merge_in_page_order(blocks: list[Block], by_page: dict[int, list[Block]]) -> list[Block]:
    merged = list(blocks)
    for extra in by_page.values():
        merged.extend(extra)
    return sorted(merged, key=_page_of)  # stable: keeps each page's own order


def _ranges(pages: list[int]) -> str:
    return ", ".join(str(p) for p in pages)
