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
import multiprocessing
import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfplumber.page import Page
from pdfplumber.table import Table as PlumberTable
from pdfplumber.utils.exceptions import PdfminerException

from pipeline.blocks import number_blocks
from pipeline.errors import DtiError, EncryptedPdfError, InputFileError
from pipeline.extract.grid import Covered, Slot, fill_merged
from pipeline.extract.legacy import encoding_of_font, may_be_legacy, to_unicode
from pipeline.extract.markup import BULLET, clean_text, join_wrapped_lines
from pipeline.extract.pdf_layer import LayerVerdict, judge_text_layer
from pipeline.extract.pdf_letterhead import letterhead_lines
from pipeline.extract.pdf_unruled import unruled_table_settings
from pipeline.extract.text import reads_as_ruled_header
from pipeline.models import Block, Box, Cell, Document, PageDecision, Paragraph, Table
from pipeline.settings import DEFAULT, OcrSettings, PdfSettings, Settings

# OCR of a PDF's pages: each page's blocks, or the reason it could not be read.
OcrPages = Callable[[Path, bytes, list[int], OcrSettings], dict[int, list[Block] | str]]

# What one unreadable page raises; the other pages are still read.
_PAGE_ERRORS = (PdfminerException, PDFSyntaxError, ValueError, KeyError, TypeError)


@dataclass
class _Reading:
    """What reading a PDF's pages has gathered so far."""

    blocks: list[Block] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    decisions: list[PageDecision] = field(default_factory=list)
    to_ocr: list[int] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)


def read_pdf(
    path: Path, data: bytes, ocr_pages: OcrPages | None = None, settings: Settings = DEFAULT
) -> Document:
    """Given a PDF and its bytes, return its paragraphs and tables with page numbers.

    Pages whose text layer is missing or garbage go to `ocr_pages` when given; without it
    they are left out and the document says which and why.
    """
    with open_pdf(path, data) as pdf:
        page_count = len(pdf.pages)
        workers = page_workers(page_count, settings.pdf)
        if workers <= 1:
            reading = _Reading()
            read_text_pages(pdf.pages, reading, settings.pdf)
    if workers > 1:
        reading = read_in_parallel(path, data, page_count, workers, settings.pdf)
    if reading.to_ocr:
        reading.blocks = _with_ocr_pages(path, data, reading, ocr_pages, settings.ocr)
    first = next((d for d in reading.decisions if d.page == 1), None)
    letterhead = _letterhead(path, data, reading) if first is None or first.method == "text layer" else ()
    return Document(
        source_path=str(path),
        sha256=hashlib.sha256(data).hexdigest(),
        format="pdf",
        blocks=number_blocks(reading.blocks),
        page_count=page_count,
        warnings=tuple(reading.warnings),
        decisions=tuple(reading.decisions),
        lost=tuple(reading.lost),
        letterhead=letterhead,
    )


def _letterhead(path: Path, data: bytes, reading: _Reading) -> tuple[str, ...]:
    """The first page's letterhead by position (`pdf_letterhead`); a page pdfium cannot lay out
    costs only that, with a warning."""
    try:
        return letterhead_lines(data)
    except Exception as exc:  # a damaged first page: the blocks still give what they can
        reading.warnings.append(f"{path.name}: the letterhead could not be laid out ({_first_line(exc)})")
        return ()


def open_pdf(path: Path, data: bytes) -> pdfplumber.PDF:
    """The PDF opened as Acrobat and poppler would: an encrypted file with the empty user
    password (most "protected" official PDFs) opens; one that needs a real password is an
    `EncryptedPdfError` that says so."""
    try:
        return pdfplumber.open(io.BytesIO(data), password="")
    except PdfminerException as exc:
        if any(isinstance(arg, PDFPasswordIncorrect) for arg in exc.args):
            raise EncryptedPdfError(
                f"{path}: the PDF is encrypted and needs a password; open it with the password and "
                "save an unprotected copy (or: qpdf --password=... --decrypt in.pdf out.pdf)"
            ) from exc
        raise InputFileError(
            f"{path}: not a readable PDF ({_first_line(exc)}); re-export it from the original document"
        ) from exc
    except (PDFSyntaxError, ValueError, KeyError, TypeError, AssertionError, EOFError) as exc:
        raise InputFileError(
            f"{path}: not a readable PDF ({_first_line(exc)}); re-export it from the original document"
        ) from exc


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0][:120] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def read_text_pages(
    pages: list[Page], reading: _Reading, settings: PdfSettings, first: int = 1, encoding: str | None = None
) -> str | None:
    """Judge every page's text layer, read the pages that have a usable one, and list the
    others for OCR; a page that cannot be read even clipped to its box is left out, named in
    `lost`, and the document is partial. Returns the legacy encoding the pages were read in."""
    verdicts = {n: _judge(page, reading, n, settings) for n, page in enumerate(pages, start=first)}
    # A legacy font found on one page holds for the document: a page of short cells may
    # have too few tell-tale characters to be recognised on its own.
    encoding = encoding or next((v.encoding for v in verdicts.values() if v and v.use == "legacy"), None)
    for number, page in enumerate(pages, start=first):
        verdict = verdicts[number]
        if verdict is None:
            continue
        if verdict.use == "ocr":
            reading.to_ocr.append(number)
            reading.decisions.append(PageDecision(number, "OCR", verdict.reason))
            continue
        if encoding:
            reading.decisions.append(PageDecision(number, "legacy font", verdict.reason, encoding))
        else:
            reading.decisions.append(PageDecision(number, "text layer", verdict.reason))
        try:
            reading.blocks.extend(_page_blocks_clipped(page, number, encoding, settings))
        except _PAGE_ERRORS as exc:
            reading.lost.append(f"page {number} could not be read ({_first_line(exc)}); left out")
        finally:
            page.close()
    return encoding


# --------------------------------------------------------------------------- pages in parallel


def page_workers(page_count: int, settings: PdfSettings) -> int:
    """How many processes read a PDF's pages: one per core for a long document, one for a
    short one or inside a process that may not start others (a batch's daemon worker)."""
    if page_count < settings.parallel_pages or multiprocessing.current_process().daemon:
        return 1
    return max(1, min(settings.workers or os.cpu_count() or 1, page_count // (settings.parallel_pages // 2)))


def read_in_parallel(
    path: Path, data: bytes, page_count: int, workers: int, settings: PdfSettings
) -> _Reading:
    """The pages in `workers` contiguous runs, each read by a process that opens the file once;
    the runs joined in page order. A run read without the legacy encoding another run found
    is read again with it, as a single process would have read it."""
    bounds = [round(page_count * k / workers) for k in range(workers + 1)]
    runs = [(bounds[k] + 1, bounds[k + 1]) for k in range(workers)]
    context = multiprocessing.get_context(
        "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    )
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        parts = list(pool.map(_read_run, [data] * workers, runs, [settings] * workers, [None] * workers))
    found = next((encoding for _, encoding in parts if encoding), None)
    joined = _Reading()
    for run, (part, encoding) in zip(runs, parts, strict=True):
        if found and encoding != found:
            part, _ = _read_run(data, run, settings, found)
        for name in ("blocks", "warnings", "decisions", "to_ocr", "lost"):
            getattr(joined, name).extend(getattr(part, name))
    return joined


def _read_run(
    data: bytes, run: tuple[int, int], settings: PdfSettings, encoding: str | None
) -> tuple[_Reading, str | None]:
    """Pages `run[0]`..`run[1]` (1-based, inclusive) of a PDF, read in this process."""
    reading = _Reading()
    with pdfplumber.open(io.BytesIO(data), password="") as pdf:
        pages = pdf.pages[run[0] - 1 : run[1]]
        used = read_text_pages(pages, reading, settings, first=run[0], encoding=encoding)
    return reading, used


def _page_blocks_clipped(page: Page, number: int, encoding: str | None, settings: PdfSettings) -> list[Block]:
    """`page_blocks`, retried on the page clipped to its own box when an object outside it
    (a table edge past the margin) makes pdfplumber refuse the page."""
    if convert_legacy_chars(page) and encoding == "tcvn3":
        encoding = None  # converted character by character already
    try:
        return page_blocks(page, number, encoding, settings)
    except _PAGE_ERRORS:
        clipped = page.crop(page.bbox, relative=False, strict=False)
        return page_blocks(clipped, number, encoding, settings)


def convert_legacy_chars(page: Page) -> bool:
    """Convert, character by character and in place, the text of characters drawn in a
    single-byte legacy font (TCVN3 ".VnTime": "c¸c" → "các"), so a paragraph mixing them
    with Unicode quotes or "…" is converted too. VNI, whose marks are separate characters,
    is converted later, a piece of text at a time."""
    converted = False
    for char in page.chars:
        if encoding_of_font(char.get("fontname")) == "tcvn3" and char["text"]:
            char["text"] = _tcvn3(char["text"])
            converted = True
    return converted


@lru_cache(maxsize=4096)
def _tcvn3(text: str) -> str:
    return to_unicode(text, "tcvn3")


def _with_ocr_pages(
    path: Path, data: bytes, reading: _Reading, ocr_pages: OcrPages | None, settings: OcrSettings
) -> list[Block]:
    if ocr_pages is None:
        pages = (
            f"pages {_ranges(reading.to_ocr)} need"
            if len(reading.to_ocr) > 1
            else f"page {reading.to_ocr[0]} needs"
        )
        reading.lost.append(f"{pages} OCR, which was turned off; left out")
        return reading.blocks
    try:
        read = ocr_pages(path, data, reading.to_ocr, settings)
    except DtiError:
        raise  # OCR is not installed: the message says how to install it
    except Exception as exc:  # one unreadable scan must not cost the batch
        reading.lost.append(f"OCR failed on pages {_ranges(reading.to_ocr)} ({_first_line(exc)}); left out")
        read = {}
    by_page: dict[int, list[Block]] = {}
    for number, blocks in sorted(read.items()):
        if isinstance(blocks, str):
            reading.lost.append(f"page {number}: OCR could not read it ({blocks}); left out")
        else:
            by_page[number] = blocks
    return _merge_in_page_order(reading.blocks, by_page)


# --------------------------------------------------------------------------- text layer


def _judge(page: Page, reading: _Reading, number: int, settings: PdfSettings) -> LayerVerdict | None:
    try:
        return judge_text_layer(page, settings)
    except _PAGE_ERRORS as exc:
        reading.lost.append(f"page {number} could not be read ({_first_line(exc)}); left out")
        return None


def page_blocks(
    page: Page, number: int, encoding: str | None = None, settings: PdfSettings = DEFAULT.pdf
) -> list[Block]:
    """The page's tables and paragraphs, top to bottom; a table without rules is found from
    its header's layout (`unruled_table_settings`)."""

    def decode(text: str) -> str:
        # Text with Unicode-only letters ("Chỉ số" in a header typed later) stays as it is.
        return to_unicode(text, encoding) if encoding and may_be_legacy(text) else text

    found = page.find_tables(ruled_table_settings(page, settings))
    if not found:
        unruled = unruled_table_settings(page, settings)
        found = page.find_tables(unruled) if unruled else []
    placed: list[tuple[float, Block]] = [(t.bbox[1], page_table(t, number, decode)) for t in found]
    outside = page
    for table in found:
        outside = outside.outside_bbox(table.bbox)
    placed.extend(
        (top, Paragraph(0, decode(text), number)) for top, text in page_paragraphs(outside, settings)
    )
    placed.sort(key=lambda item: item[0])
    return [block for _, block in placed if not (isinstance(block, Table) and not block.rows)]


SNAP_TOLERANCE = 3.0  # pdfplumber's own: rules closer than this are always one
MIN_RULE = 3.0  # pdfplumber's edge_min_length: shorter edges are no rule


def ruled_table_settings(page: Page, settings: PdfSettings = DEFAULT.pdf) -> dict[str, Any]:
    """Ruled tables with double or near-double rules read as drawn: two parallel rules closer
    than a character's width (a double border, or each cell boxed on its own) are one rule, so
    the gap between them is no column and no row ("I | | | Nhóm chỉ số nền tảng chung | | |
    22"). Pages without such rules keep pdfplumber's own settings."""
    widths = sorted(c["width"] for c in page.chars[:2000] if c["text"].strip())
    if not widths:
        return {}
    tolerance = settings.double_rule_chars * widths[len(widths) // 2]
    vertical = _rules(page.edges, "v", tolerance)
    horizontal = _rules(page.edges, "h", tolerance)
    if vertical is None and horizontal is None:
        return {}
    return {
        "vertical_strategy": "explicit",
        "horizontal_strategy": "explicit",
        "explicit_vertical_lines": vertical if vertical is not None else _rules(page.edges, "v", 0.0) or [],
        "explicit_horizontal_lines": horizontal
        if horizontal is not None
        else _rules(page.edges, "h", 0.0) or [],
    }


def _rules(edges: list[dict[str, Any]], orientation: str, tolerance: float) -> list[dict[str, Any]] | None:
    """The page's rules of one orientation with near-double ones merged: parallel edges within
    `tolerance` of each other become one rule at their middle, their extents joined. None when no
    two rules are that close (and farther apart than pdfplumber's own snapping)."""
    across, start, end = ("x0", "top", "bottom") if orientation == "v" else ("top", "x0", "x1")
    lines = sorted(
        (e[across], e[start], e[end])
        for e in edges
        if e["orientation"] == orientation and e[end] - e[start] >= MIN_RULE
    )
    clusters: list[list[tuple[float, float, float]]] = []
    doubled = False
    for line in lines:
        if clusters and line[0] - clusters[-1][-1][0] <= max(tolerance, SNAP_TOLERANCE):
            doubled = doubled or line[0] - clusters[-1][-1][0] > SNAP_TOLERANCE
            clusters[-1].append(line)
        else:
            clusters.append([line])
    if not doubled and tolerance:
        return None
    rules: list[dict[str, Any]] = []
    reach = (
        max(tolerance, SNAP_TOLERANCE) * 1.5
    )  # an inner rule of a double border stops short of the outer one
    for cluster in clusters:
        position = sum(c[0] for c in cluster) / len(cluster)
        for low, high in _joined((c[1], c[2]) for c in cluster):
            low, high = low - reach, high + reach
            if orientation == "v":
                box = {
                    "x0": position,
                    "x1": position,
                    "top": low,
                    "bottom": high,
                    "width": 0.0,
                    "height": high - low,
                }
            else:
                box = {
                    "x0": low,
                    "x1": high,
                    "top": position,
                    "bottom": position,
                    "width": high - low,
                    "height": 0.0,
                }
            rules.append({**box, "orientation": orientation, "object_type": "line"})
    return rules


def _joined(
    spans: Iterable[tuple[float, float]], gap: float = SNAP_TOLERANCE * 3
) -> list[tuple[float, float]]:
    """Overlapping or nearly touching spans joined: a rule's pieces between the crossings."""
    out: list[tuple[float, float]] = []
    for low, high in sorted(spans):
        if out and low <= out[-1][1] + gap:
            out[-1] = (out[-1][0], max(out[-1][1], high))
        else:
            out.append((low, high))
    return out


def page_paragraphs(page: Page, settings: PdfSettings = DEFAULT.pdf) -> list[tuple[float, str]]:
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
            or line["top"] - previous["bottom"] > settings.paragraph_gap * height
            or previous["x1"] < right - settings.short_line
            or bool(BULLET.match(line["text"]))
        )
        if starts_new:
            paragraphs.append((line["top"], [line["text"]]))
        else:
            paragraphs[-1][1].append(line["text"])
        previous = line
    return [(top, clean_text(" ".join(texts))) for top, texts in paragraphs if any(texts)]


def page_table(table: PlumberTable, number: int, decode: Callable[[str], str] = lambda s: s) -> Table:
    """One ruled table on one page as rows of cells: a slot pdfplumber reports as empty is
    covered by the merged cell to its left or above (`_covering`), and `fill_merged` gives
    it that cell's text as every reader does."""
    boxes = [list(row.cells) for row in table.rows]
    texts = table.extract()
    width = max((len(r) for r in boxes), default=0)
    slots = [
        [
            Slot(Cell(_cell_text(decode(text)))) if text is not None else Slot(covered=_covering(boxes, r, c))
            for c, text in enumerate([*cells, *([None] * (width - len(cells)))])
        ]
        for r, cells in enumerate(texts)
    ]
    boxes = [_box(row.bbox, [cell for cell in row.cells if cell], table.page) for row in table.rows]
    rows = fill_merged(slots, _header_rows(texts), page=number, boxes=boxes)
    return Table(index=0, rows=tuple(row for row in rows if any(row.texts)))


def _box(bbox: tuple[float, float, float, float], cells: list[Any], page: Page) -> Box:
    """A row's place as fractions of its page, so a crop can be drawn at any resolution: down
    to its shortest cell (a cell merged over the rows below reaches past the row)."""
    x0, top, x1, bottom = bbox
    bottom = min((cell[3] for cell in cells), default=bottom)
    left, upper = page.bbox[0], page.bbox[1]
    width, height = page.width or 1, page.height or 1

    def share(value: float, origin: float, extent: float) -> float:
        return round(min(max((value - origin) / extent, 0.0), 1.0), 4)

    return (share(x0, left, width), share(top, upper, height), share(x1, left, width),
            share(bottom, upper, height))  # fmt: skip


def _cell_text(text: str) -> str:
    return clean_text(join_wrapped_lines(text))


def _covering(grid: list[list[Any]], r: int, c: int) -> Covered | None:
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


def _header_rows(texts: list[list[str | None]]) -> int:
    """Leading rows that form the header: the row starting "STT" and the rows its merged
    cells reach down into."""
    if not texts or not reads_as_ruled_header([(t or "").replace("\n", " ") for t in texts[0]]):
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
