"""Portal pages (.html, .htm) → `Document`, with lxml's HTML parser.

The legal-document portals publish plans as HTML pages: a menu, a metadata block ("Số hiệu |
419/KH-UBND", "Ngày ban hành | 01/02/2024", "Loại văn bản", "Cơ quan ban hành"), the text,
and tables with `rowspan`/`colspan`, `thead`/`tbody`, headers in `<th>` or `<td>`. As a chain:
`decode_html` (the `<meta>` charset, else the bytes: UTF-8, else Windows-1258) → `parse` →
`portal_block` (the metadata, moved first as "Số hiệu: 419/KH-UBND" lines, where the
letterhead reader looks) → `body_blocks` (paragraphs and tables in reading order; scripts,
styles, menus, headers and footers of the page left out) → `read_table` (slots filled by
`grid.fill_merged`, like every other reader).
"""

from __future__ import annotations

import codecs
import hashlib
from collections.abc import Iterator
from pathlib import Path

import lxml.html
from lxml.etree import ParserError, _Element

from pipeline.blocks import number_blocks
from pipeline.errors import InputFileError
from pipeline.extract.grid import ABOVE, LEFT, MAX_COL_SPAN, MAX_ROW_SPAN, GridBudget, Slot, fill_merged
from pipeline.extract.legacy import detect_by_content, to_unicode
from pipeline.extract.markup import clean_text
from pipeline.extract.text import reads_as_ruled_header
from pipeline.lexicon import lexicon
from pipeline.models import Block, Cell, Document, Paragraph, Table

SKIPPED = {"script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "template",
           "select", "button", "head", "svg", "object", "embed", "map"}  # fmt: skip
BLOCK_TAGS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "section", "article", "main",
              "blockquote", "pre", "dl", "dt", "dd", "center", "br", "hr", "address", "figure",
              "figcaption", "caption", "tr", "body"}  # fmt: skip


def read_html(path: Path, data: bytes) -> Document:
    """Given a portal page and its bytes, return its paragraphs and tables in reading order,
    the portal's metadata first; raise `InputFileError` naming the file when unreadable."""
    text, warnings = decode_html(data, path)
    root = parse(text, path)
    fields = portal_block(root)
    blocks: list[Block] = [Paragraph(index=0, text=f"{label}: {value}") for label, value in fields]
    blocks += body_blocks(root)
    return Document(
        source_path=str(path),
        sha256=hashlib.sha256(data).hexdigest(),
        format="html",
        blocks=number_blocks(blocks),
        warnings=warnings,
    )


# --------------------------------------------------------------------------- bytes → tree


def decode_html(data: bytes, path: Path) -> tuple[str, tuple[str, ...]]:
    """The page as text: the charset its `<meta>` declares, else UTF-8, else Windows-1258;
    text typed in a legacy Vietnamese font (TCVN3, VNI) converted to Unicode."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):  # fmt: skip
        if data.startswith(bom):
            return data.decode(encoding), ()
    declared = declared_charset(data)
    warnings: tuple[str, ...] = ()
    try:
        text = data.decode(declared, errors="replace") if declared else data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("cp1258", errors="replace")
        warnings = (f"{path.name}: no charset declared and not UTF-8; read as Windows-1258",)
    legacy = detect_by_content(text)
    if legacy:
        text = to_unicode(text, legacy)
        warnings += (f"{path.name}: text typed in a {legacy.upper()} font; converted to Unicode",)
    return text, warnings


def declared_charset(data: bytes) -> str | None:
    """The charset of `<meta charset>` or `<meta http-equiv="Content-Type" content="...;
    charset=...">` in the page's head, when Python knows it."""
    try:
        head = lxml.html.document_fromstring(data[:16384], parser=_ASCII_PARSER)
    except (ParserError, ValueError):
        return None
    for meta in head.iter("meta"):
        charset = meta.get("charset")
        content = meta.get("content", "")
        if charset is None and "charset=" in content.lower():
            charset = content.lower().split("charset=", 1)[1].split(";")[0]
        if charset:
            try:
                return codecs.lookup(charset.strip().strip("\"'")).name
            except LookupError:
                return None
    return None


_ASCII_PARSER = lxml.html.HTMLParser(encoding="iso-8859-1")  # tags and attributes are ASCII


def parse(text: str, path: Path) -> _Element:
    try:
        return lxml.html.document_fromstring(text.replace("\r\n", "\n"))
    except (ParserError, ValueError) as exc:
        raise InputFileError(
            f"{path}: not a readable HTML page ({exc}); save the page again from the portal"
        ) from exc


# --------------------------------------------------------------------------- the portal's block


def portal_block(root: _Element) -> list[tuple[str, str]]:
    """The metadata the portal prints beside the text: each label's value is the next cell
    (or `<dd>`, or element) after the one that says only the label."""
    fields: dict[str, str] = {}
    for element in root.iter("td", "th", "dt", "span", "div", "strong", "b", "label"):
        label = _label(_flat(element))
        if label is None or label in fields or len(element) > 1:
            continue
        value = element.getnext()
        if value is not None and (text := _flat(value)) and _label(text) is None:
            fields[label] = text
    return [(label, fields[label]) for label in lexicon().portal_labels if label in fields]


def _label(text: str) -> str | None:
    stripped = text.rstrip(": ").lower()
    return next((label for label in lexicon().portal_labels if label.lower() == stripped), None)


def _flat(element: _Element) -> str:
    return " ".join(element.text_content().split())


# --------------------------------------------------------------------------- body


def body_blocks(root: _Element) -> list[Block]:
    """Paragraphs and tables in reading order, what a reader of the page sees of its text."""
    walker = _Walker()
    body = root.find("body")
    walker.walk(body if body is not None else root)
    walker.flush()
    return walker.blocks


class _Walker:
    """Collects running text into paragraphs, broken at block elements; tables become `Table`s,
    or, inside a cell (`in_cell`), more lines of text, broken at their rows and cells."""

    def __init__(self, in_cell: bool = False) -> None:
        self.blocks: list[Block] = []
        self.pieces: list[str] = []
        self.in_cell = in_cell
        self.budget = GridBudget()

    def flush(self) -> None:
        text = clean_text(" ".join("".join(self.pieces).split()))
        if text:
            self.blocks.append(Paragraph(index=len(self.blocks), text=text))
        self.pieces.clear()

    def walk(self, element: _Element) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in SKIPPED or element.get("role") in ("navigation", "banner", "contentinfo"):
            return
        if tag == "table" and not self.in_cell:
            self.flush()
            table = None if _is_portal_table(element) else read_table(element, self.budget)
            if table is not None:
                self.blocks.append(table)
            return
        block = tag in BLOCK_TAGS or (self.in_cell and tag in ("td", "th"))
        if block:
            self.flush()
        self.pieces.append(element.text or "")
        for child in element:
            self.walk(child)
            self.pieces.append(child.tail or "")
        if block and not self.in_cell:  # in a cell, text after a block continues its last line
            self.flush()


def _is_portal_table(table: _Element) -> bool:
    """The metadata table (read by `portal_block`, not a table of the document)."""
    labels = sum(1 for cell in table.iter("td", "th") if _label(_flat(cell)) is not None)
    return labels >= 2


# --------------------------------------------------------------------------- tables


def read_table(table: _Element, budget: GridBudget | None = None) -> Table | None:
    """A `<table>` as rows: spans filled like every reader's, header rows those in `<thead>`,
    or made of `<th>`, or a first row starting "STT", plus the rows a header cell spans.
    Spans are clamped as browsers clamp them (colspan 1000, rowspan 65534), each cell finds
    its column in constant time (a row of 100,000 cells reads in linear time), and the grid
    is counted against `budget`."""
    rows = list(_rows(table))
    if not rows:
        return None
    budget = budget or GridBudget()
    budget.new_table()
    grid: list[list[Slot]] = [[] for _ in rows]
    cursor = [0] * len(rows)  # per row, no free slot before this column
    header_count, extended = _header_rows(rows), 0
    for r, row in enumerate(rows):
        for cell in row.iterchildren("td", "th"):
            c = cursor[r]
            while c < len(grid[r]) and grid[r][c] is not _FREE:
                c += 1
            row_span = min(_span(cell, "rowspan", MAX_ROW_SPAN), len(rows) - r)
            col_span = _span(cell, "colspan", MAX_COL_SPAN)
            budget.take(row_span * col_span, "a table")
            _place(grid, r, c, Slot(Cell(cell_text(cell))), row_span, col_span)
            cursor[r] = c + col_span
            if r < header_count:
                extended = max(extended, r + row_span)
    width = max(len(row) for row in grid)
    budget.take(width * len(rows) - budget.table, "a table")  # the slots its short rows are padded with
    grid = [[slot if slot is not _FREE else Slot(Cell("")) for slot in row] for row in grid]
    grid = [row + [Slot(Cell(""))] * (width - len(row)) for row in grid]
    filled = fill_merged(grid, max(header_count, extended))
    kept = tuple(row for row in filled if any(text.strip() for text in row.texts))
    return Table(index=0, rows=kept) if kept else None


_FREE = Slot()


def _place(grid: list[list[Slot]], r: int, c: int, slot: Slot, row_span: int, col_span: int) -> None:
    for dr in range(row_span):
        row = grid[r + dr]
        for dc in range(col_span):
            while len(row) <= c + dc:
                row.append(_FREE)
            row[c + dc] = slot if (dr, dc) == (0, 0) else (LEFT if dr == 0 else ABOVE)


def _rows(table: _Element) -> Iterator[_Element]:
    """The table's own rows in order (`thead`, `tbody`, `tfoot` or bare), not a nested table's."""
    for child in table:
        if child.tag == "tr":
            yield child
        elif child.tag in ("thead", "tbody", "tfoot"):
            yield from child.iterchildren("tr")


def _header_rows(rows: list[_Element]) -> int:
    in_head = sum(1 for row in rows if row.getparent().tag == "thead")
    if in_head:
        return in_head
    count = 0
    for row in rows:
        cells = list(row.iterchildren("td", "th"))
        if not cells or any(cell.tag != "th" for cell in cells):
            break
        count += 1
    if count:
        return count
    first = [cell_text(cell) for cell in rows[0].iterchildren("td", "th")]
    return 1 if first and reads_as_ruled_header(first) else 0


def _span(cell: _Element, name: str, most: int) -> int:
    try:
        return max(1, min(int(cell.get(name, "1")), most))
    except ValueError:
        return 1


def cell_text(cell: _Element) -> str:
    """A cell's text as lines: paragraphs, line breaks and list items inside it each start
    one ("<p>Đạt 52/57</p><p>Sở TT&TT</p>" → two lines); a nested table's rows too."""
    walker = _Walker(in_cell=True)
    walker.walk(cell)
    walker.flush()
    return "\n".join(block.text for block in walker.blocks if isinstance(block, Paragraph))
