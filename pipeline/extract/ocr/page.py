"""One scanned page → its table and paragraphs, the same blocks a born-digital page gives.

A chain of small steps: `render_page` → `deskew` → `find_grid` → each merged region read
once (`read_code` for the numbering column, `ocr_image` for the rest) → `fill_merged`,
as every reader does; the text above and below the table becomes paragraphs.
"""

from __future__ import annotations

import re
from dataclasses import replace
from statistics import mean

import numpy as np
from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from pipeline.extract.grid import Slot, fill_merged
from pipeline.extract.markup import BULLET, clean_text
from pipeline.extract.ocr.engine import (
    OcrLine,
    OcrText,
    ocr_image,
    ocr_lines,
    orientation,
    read_code,
    read_figure,
)
from pipeline.extract.ocr.image import binarise, deskew, despeckle, even_light, render_page
from pipeline.extract.ocr.repair import repair_figures
from pipeline.extract.ocr.rules import Grid, find_grid, merged_regions
from pipeline.extract.text import (
    is_header_starter,
    is_rank_header,
    starts_results_header,
    starts_ruled_header,
)
from pipeline.models import Block, Cell, Paragraph, Table
from pipeline.settings import DEFAULT, OcrSettings


def read_table(
    gray: np.ndarray, binary: np.ndarray, grid: Grid, page: int, settings: OcrSettings = DEFAULT.ocr
) -> Table:
    """OCR each merged region once; `fill_merged` spreads its text as the other readers do."""
    top_left = _top_left(gray, grid, settings)
    code_column = _narrow_first_column(grid, settings) and not starts_results_header(top_left)
    header_count = _header_count(grid) if _starts_header(gray, grid, top_left, settings) else 0
    own: dict[tuple[int, int], Cell] = {}
    rank_columns: set[int] = set()
    for r, c, r_end, c_end in merged_regions(grid):
        inset = settings.cell_inset
        x0, x1 = grid.xs[c] + inset, grid.xs[c_end + 1] - inset + 1
        y0, y1 = grid.ys[r] + inset, grid.ys[r_end + 1] - inset + 1
        crop_ink = binary[y0:y1, x0:x1]
        if crop_ink.size == 0 or (crop_ink > 0).mean() < settings.ink_share:
            read = OcrText("", None)
        elif c == 0 and code_column and r >= header_count:
            read = read_code(gray[y0:y1, x0:x1], settings=settings)
        elif r >= header_count and c in rank_columns:
            read = read_code(gray[y0:y1, x0:x1], "0123456789", settings)
        else:
            padded = _padded(gray[y0:y1, x0:x1], settings)
            read = ocr_image(padded, settings=settings)
            if r >= header_count and read.unsure:
                read = reread_unsure(padded, read, settings)
            if r >= header_count and _unclear_figure(read.text):
                figure = read_figure(gray[y0:y1, x0:x1], settings)
                read = figure if figure is not None and _same_shape(read.text, figure.text) else read
        own[(r, c)] = Cell(read.text, confidence=read.confidence, repairs=read.repairs, choices=read.choices)
        if r < header_count <= r_end + 1 and is_rank_header(read.text):
            rank_columns.add(c)  # the header is read before the body: its rank column holds whole numbers
    slots = [
        [
            Slot(own.get((r, c), Cell(""))) if kind is None else Slot(covered=kind)
            for c, kind in enumerate(row)
        ]
        for r, row in enumerate(grid.covered)
    ]
    height, width = gray.shape[:2]
    boxes = [(round(grid.xs[0] / width, 4), round(grid.ys[r] / height, 4), round(grid.xs[-1] / width, 4),
              round(grid.ys[r + 1] / height, 4)) for r in range(len(grid.ys) - 1)]  # fmt: skip
    rows = fill_merged(slots, header_count, page=page, boxes=boxes)
    return Table(index=0, rows=tuple(row for row in rows if any(row.texts)))


def reread_unsure(image: np.ndarray, read: OcrText, settings: OcrSettings = DEFAULT.ocr) -> OcrText:
    """A cell's words with digits that Tesseract read unsure ("Đạt [?]") read again one by one,
    digits only, by the vote `read_figure` holds. The number the vote settles on takes the
    word's place only where it is the unsure reading but for one character at most ("1O0%" →
    "100%"): two readings that agree. A number out of a smudge that read "Ì3l" stays "[?]"."""
    if read.text.count("[?]") != len(read.unsure):
        return read  # the words and their boxes no longer pair up
    parts = read.text.split("[?]")
    text, still = parts[0], []
    for (box, first), after in zip(read.unsure, parts[1:], strict=True):
        left, top, right, bottom = box
        margin = max(2, (bottom - top) // 4)
        word = image[max(top - margin, 0) : bottom + margin, max(left - margin, 0) : right + margin]
        figure = read_figure(word, settings) if word.size else None
        if figure is not None and not _agree(first, figure.text):
            figure = None
        if figure is None:
            still.append((box, first))
        text += (figure.text if figure is not None else "[?]") + after
    return replace(read, text=text, unsure=tuple(still))


def _agree(first: str, figure: str) -> bool:
    """Whether an unsure reading and a digits-only one say the same number: at most one
    character apart, the unsure one holding two digits at least, with the same separator and
    percent sign ("1O0%" and "100%"; not "3i" and "31", a smudge read twice; not "45,53" and
    "4553")."""
    first = first.strip(".,;:")
    digits = sum(ch.isdigit() for ch in first)
    return digits >= 2 and Levenshtein.distance(first, figure) <= 1 and _same_shape(first, figure)


_FIGURE_LIKE = re.compile(r"^[\d\[\]?.,% OoSlI|]+$")


def _unclear_figure(text: str) -> bool:
    """A cell read as a number with an unsure digit or a letter in it ("0,[?]475", "S120",
    "370g"): worth a second, digits-only reading."""
    compact = text.replace(" ", "")
    if not compact or len(compact) > 12 or "/" in compact:  # "52/[?]7" is a ratio: not one number
        return False
    if not (any(ch.isdigit() for ch in compact) or "[?]" in compact):
        return False
    clean = re.fullmatch(r"\d{1,4}(?:[.,]\d{1,4})?%?", compact)
    return clean is None and (bool(_FIGURE_LIKE.match(compact)) or sum(ch.isdigit() for ch in compact) >= 2)


def _same_shape(first: str, second: str) -> bool:
    """A digits-only reading fits the first one: a decimal separator where the first had one
    (so "45,53" never becomes "4553"), and a percent sign as well; anything fits a first
    reading of nothing but "[?]"."""

    def has_separator(text: str) -> bool:
        return bool(re.search(r"\d[.,]|[.,]\d|\[\?\][.,]|[.,]\[\?\]", text))

    if not any(ch.isdigit() for ch in first):
        return True  # "[?]": the first reading saw nothing it could tell
    return has_separator(first) == has_separator(second) and ("%" in first) == ("%" in second)


def _padded(crop: np.ndarray, settings: OcrSettings) -> np.ndarray:
    return np.pad(crop, settings.padding, constant_values=255)


def _narrow_first_column(grid: Grid, settings: OcrSettings) -> bool:
    """A first column under an eighth of the table's width holds the numbering ("1.2.1")."""
    return (grid.xs[1] - grid.xs[0]) < settings.code_column_share * (grid.xs[-1] - grid.xs[0])


def _top_left_crop(gray: np.ndarray, grid: Grid, settings: OcrSettings) -> np.ndarray:
    inset = settings.cell_inset
    return gray[grid.ys[0] + inset : grid.ys[1] - inset + 1, grid.xs[0] + inset : grid.xs[1] - inset + 1]


def _top_left(gray: np.ndarray, grid: Grid, settings: OcrSettings) -> str:
    """The table's top-left cell as read: "STT", or a results table's "Tên đơn vị"."""
    top = _top_left_crop(gray, grid, settings)
    return ocr_image(_padded(top, settings), settings=settings).text if top.size else ""


def _starts_header(gray: np.ndarray, grid: Grid, top_left: str, settings: OcrSettings) -> bool:
    """Whether the table starts with its header: its top-left cell reads "STT" (as OCR may see
    it: "SITT", "STI", "ST T"), or a results table's first header ("Tên đơn vị", "Xếp hạng")."""
    top = _top_left_crop(gray, grid, settings)
    if top.size == 0:
        return False
    if starts_ruled_header(top_left):
        return True
    texts = (top_left, read_code(top, "STstIl", settings).text)
    return any(is_header_starter(t) or fuzz.ratio(t.upper().replace(" ", ""), "STT") >= 66 for t in texts)


def _header_count(grid: Grid) -> int:
    """The "STT" row and the rows its merged cells reach down into."""
    count = 1
    while count < len(grid.covered) and grid.covered[count][0] == "above":
        count += 1
    return count


def page_paragraphs(
    gray: np.ndarray, grid: Grid | None, page: int, settings: OcrSettings = DEFAULT.ocr
) -> list[tuple[int, Paragraph]]:
    """The text outside the table, as paragraphs with their top position: lines grouped as
    the born-digital reader groups them (a new paragraph where Tesseract starts one, after a
    line that stops well short of the right edge, or at a bullet), so the letterhead's short
    lines ("SỞ TƯ PHÁP", "Số: 1906/SGDĐT-CTrTT") stay lines of their own."""
    import tesserocr

    regions = [(0, gray.shape[0])]
    if grid is not None:
        regions = [(0, grid.ys[0] - settings.cell_inset), (grid.ys[-1] + settings.cell_inset, gray.shape[0])]
    out = []
    for top, bottom in regions:
        region = gray[max(top, 0) : max(bottom, 0), :]
        if region.shape[0] < 20 or (binarise(region) > 0).mean() < 0.001:
            continue
        lines = [
            line
            for line in ocr_lines(region, psm=tesserocr.PSM.AUTO, settings=settings)
            if line.confidences and mean(line.confidences) >= settings.min_paragraph_confidence
        ]  # specks, stamps and the edges of the scan are not text
        for line_top, text in _grouped(lines, settings):
            out.append((top + line_top, Paragraph(0, text, page)))
    return out


def _grouped(lines: list[OcrLine], settings: OcrSettings) -> list[tuple[int, str]]:
    right = max((line.box[2] for line in lines), default=0)
    paragraphs: list[tuple[int, list[str]]] = []
    previous: OcrLine | None = None
    for line in lines:
        starts_new = (
            previous is None
            or line.starts_paragraph
            or previous.box[2] < right - settings.short_line_px
            or bool(BULLET.match(line.text))
        )
        if starts_new:
            paragraphs.append((line.box[1], [line.text]))
        else:
            paragraphs[-1][1].append(line.text)
        previous = line
    texts = [(top, clean_text(repair_figures(" ".join(parts))[0])) for top, parts in paragraphs]
    return [(top, text) for top, text in texts if text]


def ocr_page(data: bytes, number: int, settings: OcrSettings = DEFAULT.ocr) -> list[Block]:
    """One scanned page → its table and paragraphs, top to bottom. A page that reads badly is
    asked how it lies (Tesseract's OSD) and, if it was fed upside down or sideways, read again
    turned upright: the check costs only the pages that need it."""
    page = render_page(data, number, settings.dpi)
    blocks = read_page(page, number, settings)
    if settings.upright and reads_badly(blocks):
        turned = upright(page, settings)
        if turned is not page:
            blocks = read_page(turned, number, settings)
    return blocks


def read_page(gray: np.ndarray, number: int, settings: OcrSettings = DEFAULT.ocr) -> list[Block]:
    """A page image → its blocks: lit evenly, levelled and cleared of specks where it needs it,
    its grid found, its cells and the text around them read."""
    gray, _spread = even_light(gray)
    gray, _angle = deskew(gray)
    binary = binarise(gray)
    cleaned, _specks = despeckle(gray, binary, settings.dpi, settings.speckles_per_cm2)
    if cleaned is not gray:
        gray, binary = cleaned, binarise(cleaned)
    grid = find_grid(binary, settings)
    placed: list[tuple[int, Block]] = []
    if grid is not None:
        placed.append((grid.ys[0], read_table(gray, binary, grid, number, settings)))
    placed.extend(page_paragraphs(gray, grid, number, settings))
    placed.sort(key=lambda item: item[0])
    return [block for _, block in placed]


def reads_badly(blocks: list[Block], confidence: float = 55.0) -> bool:
    """Whether a page's reading looks like text read the wrong way up: no table and no line of
    text, or a table whose cells Tesseract read with a mean confidence under `confidence`
    (upright scans: 80–95)."""
    tables = [block for block in blocks if isinstance(block, Table)]
    if not tables:
        return not blocks
    cells = [cell for table in tables for row in table.rows for cell in row.cells]
    read = [cell.confidence for cell in cells if cell.text and cell.confidence is not None]
    return not read or sum(read) / len(read) < confidence


def upright(gray: np.ndarray, settings: OcrSettings = DEFAULT.ocr) -> np.ndarray:
    """The page turned so its text reads left to right, top to bottom: a page fed upside down
    or sideways, by Tesseract's orientation detection, when it is sure enough."""
    if not settings.upright:
        return gray
    degrees, confidence = orientation(gray)
    if degrees == 0 or confidence < settings.orientation_confidence:
        return gray
    return np.ascontiguousarray(np.rot90(gray, k=degrees // 90))
