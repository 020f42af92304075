"""Scanned pages → the same blocks a born-digital page gives, with Tesseract's Vietnamese model.

A chain of small steps per page: `render_page` (pdfium at 300 dpi) → `deskew` (the angle
of the table's ruling lines) → `find_grid` (ruling lines found with morphology; a missing
line segment marks a merged cell) → `ocr_image` for each cell, `read_code` for the
numbering column (one Tesseract engine per process, reused; whole-page OCR garbles a
narrow code column) → rows, with the text
around the table read as paragraphs. Pages run in parallel across cores.

Never a guessed figure: a word holding a digit that Tesseract read with low confidence is
replaced by "[?]", so no figure is parsed from it; the cell keeps its confidence.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from PIL import Image
from rapidfuzz import fuzz

from pipeline.errors import InputFileError
from pipeline.extract.markup import clean_text, join_wrapped_lines
from pipeline.extract.text import is_header_starter
from pipeline.models import Block, Cell, Paragraph, Table, TableRow
from pipeline.normalize.ocr_repair import repair_figures

DPI = 300
MIN_FIGURE_CONFIDENCE = 45.0  # below this a word with digits is not trusted as a figure
MIN_PARAGRAPH_CONFIDENCE = 60.0  # a region read with less is noise, not a paragraph
_INK_THRESHOLD = 0.004  # share of dark pixels below which a cell is empty


class OcrUnavailableError(InputFileError):
    """Tesseract or its Vietnamese model is missing."""


# --------------------------------------------------------------------------- engine


@lru_cache(maxsize=1)
def tessdata_dir() -> str:
    """Where the `vie` model lives: $TESSDATA_PREFIX, else what `tesseract` reports."""
    candidates = [os.environ.get("TESSDATA_PREFIX", "")]
    if shutil.which("tesseract"):
        listing = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, check=False)
        match = re.search(r'"(.+?)"', listing.stdout + listing.stderr)
        if match:
            candidates.append(match.group(1))
    candidates.append("/usr/share/tesseract-ocr/5/tessdata")
    for candidate in candidates:
        if candidate and (Path(candidate) / "vie.traineddata").exists():
            return candidate
    raise OcrUnavailableError(
        "scanned pages need Tesseract's Vietnamese model (vie.traineddata), which is not installed: "
        "run scripts/setup.sh, or apt-get install tesseract-ocr tesseract-ocr-vie"
    )


_APIS: dict[str, Any] = {}


def _api(lang: str = "vie") -> Any:
    """One Tesseract engine per language and process, reused for every cell."""
    if lang not in _APIS:
        import tesserocr

        _APIS[lang] = tesserocr.PyTessBaseAPI(path=tessdata_dir(), lang=lang, psm=tesserocr.PSM.SINGLE_BLOCK)
    return _APIS[lang]


@contextmanager
def _quiet_leptonica() -> Iterator[None]:
    """Leptonica, under Tesseract, prints "Error in pixScanForForeground: invalid box" for
    blank strips of a cell; harmless, but it would drown a user's progress bar."""
    saved = os.dup(2)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


@dataclass(frozen=True)
class OcrText:
    """Text read from one image region, its mean word confidence and the repairs made."""

    text: str
    confidence: float | None
    repairs: tuple[str, ...] = ()


CODE_CHARACTERS = "0123456789.IVX"
MIN_CODE_CONFIDENCE = 40.0


def read_code(crop: np.ndarray, characters: str = CODE_CHARACTERS) -> OcrText:
    """Read a cell of the numbering column ("1.2.1", "III"), which whole-cell Vietnamese OCR
    gets wrong: enlarged, binarised, one line of code characters, read three ways (English
    and Vietnamese models, and a median-filtered copy) and settled by vote."""
    import tesserocr

    padded = np.pad(crop, 12, constant_values=255)
    big = cv2.resize(padded, None, fx=3, fy=3, interpolation=cv2.INTER_CUBIC)
    clean = 255 - binarise(big)
    smooth = cv2.resize(cv2.medianBlur(padded, 3), None, fx=2, fy=2, interpolation=cv2.INTER_CUBIC)
    readings: list[tuple[str, float]] = []
    for lang, image in (("eng", clean), ("vie", clean), ("eng", smooth)):
        api = _api(lang)
        api.SetPageSegMode(tesserocr.PSM.SINGLE_LINE)
        api.SetVariable("tessedit_char_whitelist", characters)
        api.SetImage(Image.fromarray(image))
        with _quiet_leptonica():
            text = api.GetUTF8Text().strip().replace(",", ".").replace(" ", "")
        readings.append((text, float(api.MeanTextConf())))
        api.SetVariable("tessedit_char_whitelist", "")
    votes: dict[str, list[float]] = {}
    for text, confidence in readings:
        if text:
            votes.setdefault(text, []).append(confidence)
    if not votes:
        return OcrText("", None)
    text, confidences = max(votes.items(), key=lambda item: (len(item[1]), max(item[1])))
    confidence = round(sum(confidences) / len(confidences), 1)
    if confidence < MIN_CODE_CONFIDENCE:
        return OcrText("", confidence)  # an unreadable code stays unknown, not guessed
    return OcrText(text, confidence)


def ocr_image(image: np.ndarray, psm: int | None = None) -> OcrText:
    """Read a greyscale region; low-confidence words with digits become "[?]"."""
    import tesserocr

    api = _api()
    api.SetPageSegMode(psm if psm is not None else tesserocr.PSM.SINGLE_BLOCK)
    api.SetImage(Image.fromarray(image))
    with _quiet_leptonica():
        api.Recognize()
    level = tesserocr.RIL.WORD
    lines: list[list[str]] = []
    confidences: list[float] = []
    iterator = api.GetIterator()
    for word in tesserocr.iterate_level(iterator, level):
        try:
            text = word.GetUTF8Text(level)
        except RuntimeError:  # tesserocr's way of saying "no text here"
            continue
        if not text:
            continue
        confidence = word.Confidence(level)
        if word.IsAtBeginningOf(tesserocr.RIL.TEXTLINE) or not lines:
            lines.append([])
        if any(ch.isdigit() for ch in text) and confidence < MIN_FIGURE_CONFIDENCE:
            text = "[?]"
        lines[-1].append(text)
        confidences.append(confidence)
    raw = "\n".join(" ".join(words) for words in lines)
    repaired, repairs = repair_figures(raw)
    return OcrText(clean_text(join_wrapped_lines(repaired)), _mean(confidences), repairs)


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


# --------------------------------------------------------------------------- image steps


def render_page(data: bytes, number: int, dpi: int = DPI) -> np.ndarray:
    """Page `number` (1-based) of a PDF as a greyscale array, rendered by pdfium."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        bitmap = pdf[number - 1].render(scale=dpi / 72, grayscale=True)
        return np.asarray(bitmap.to_pil().convert("L")).copy()
    finally:
        pdf.close()


def binarise(gray: np.ndarray) -> np.ndarray:
    """Ink as 255 on 0: Otsu's threshold after a light blur against scanner noise."""
    blurred = cv2.GaussianBlur(gray, (3, 3), 0)
    _, binary = cv2.threshold(blurred, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    return binary


def horizontal_lines(binary: np.ndarray) -> np.ndarray:
    width = max(40, binary.shape[1] // 30)
    return cv2.morphologyEx(binary, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (width, 1)))


def skew_angle(binary: np.ndarray) -> float:
    """The median angle (degrees) of the long horizontal ruling lines; 0 when there are none."""
    mask = horizontal_lines(binary)
    count, _, stats, _ = cv2.connectedComponentsWithStats(mask)
    angles = []
    for label in range(1, count):
        x, y, w, h, _ = stats[label]
        if w < binary.shape[1] // 4:
            continue
        ys, xs = np.nonzero(mask[y : y + h, x : x + w])
        if len(xs) < 50:
            continue
        slope = np.polyfit(xs, ys, 1)[0]
        angles.append(np.degrees(np.arctan(slope)))
    return float(np.median(angles)) if angles else 0.0


def deskew(gray: np.ndarray) -> tuple[np.ndarray, float]:
    """The page turned level, and the angle it was turned by."""
    angle = skew_angle(binarise(gray))
    if abs(angle) < 0.05:
        return gray, 0.0
    h, w = gray.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    level = cv2.warpAffine(gray, matrix, (w, h), flags=cv2.INTER_CUBIC, borderValue=255)
    return level, angle


# --------------------------------------------------------------------------- grid


@dataclass(frozen=True)
class Grid:
    """A ruled table: its line positions and, per slot, where its cell's text comes from."""

    ys: tuple[int, ...]  # horizontal rule positions, top to bottom
    xs: tuple[int, ...]  # vertical rule positions, left to right
    covered: tuple[tuple[str | None, ...], ...]  # per slot: None (own cell), "left" or "above"


def _positions(profile: np.ndarray, threshold: float, gap: int = 6) -> list[int]:
    """Centres of the runs where `profile` reaches `threshold`."""
    return _cluster([int(i) for i in np.nonzero(profile >= threshold)[0]], gap)


def find_grid(binary: np.ndarray) -> Grid | None:
    """The ruled table on a page: rules found by morphology, merged cells by missing segments."""
    horizontal = horizontal_lines(binary)
    rows_profile = horizontal.sum(axis=1) / 255
    if rows_profile.max(initial=0) < binary.shape[1] * 0.3:
        return None
    # A rule under a merged header spans only some columns: keep rules of a fifth of the longest.
    ys = _positions(rows_profile, rows_profile.max() * 0.2)
    if len(ys) < 2:
        return None
    band = min(b - a for a, b in itertools.pairwise(ys) if b - a > 10)
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(45, int(band * 0.75))))
    vertical = cv2.morphologyEx(binary, cv2.MORPH_OPEN, kernel)
    left, right = _table_edges(horizontal, ys)
    band_columns = []
    for top, bottom in itertools.pairwise(ys):
        inner = vertical[top + 4 : bottom - 4, :]
        if inner.shape[0] < 4:
            band_columns.append([])
            continue
        profile = (inner > 0).sum(axis=0) / inner.shape[0]
        band_columns.append(_positions(profile, 0.85))
    # A rule is a rule when at least two bands have it; a tall bracket in one cell is not.
    xs = _supported(_cluster(sorted(x for cols in band_columns for x in cols), 10), band_columns)
    xs = [x for x in xs if left - 15 <= x <= right + 15]
    if len(xs) < 2:
        return None
    covered = []
    for r, (top, cols) in enumerate(zip(ys, band_columns, strict=False)):
        slots: list[str | None] = []
        for c in range(len(xs) - 1):
            if c > 0 and not any(abs(x - xs[c]) <= 10 for x in cols):
                slots.append("left")
            elif r > 0 and not _rule_under(horizontal, top, xs[c], xs[c + 1]):
                slots.append("above")
            else:
                slots.append(None)
        covered.append(tuple(slots))
    return Grid(tuple(ys), tuple(xs), tuple(covered))


def _supported(xs: list[int], band_columns: list[list[int]]) -> list[int]:
    return [x for x in xs if sum(any(abs(x - b) <= 10 for b in cols) for cols in band_columns) >= 2]


def _table_edges(horizontal: np.ndarray, ys: list[int]) -> tuple[int, int]:
    strip = horizontal[max(ys[0] - 3, 0) : ys[0] + 4, :]
    columns = np.nonzero(strip.max(axis=0))[0]
    return (int(columns[0]), int(columns[-1])) if len(columns) else (0, horizontal.shape[1])


def _cluster(values: list[int], tolerance: int) -> list[int]:
    """Sorted positions grouped while each is within `tolerance` of the last; their means."""
    groups: list[list[int]] = []
    for v in values:
        if groups and v - groups[-1][-1] <= tolerance:
            groups[-1].append(v)
        else:
            groups.append([v])
    return [int(np.mean(g)) for g in groups]


def _rule_under(horizontal: np.ndarray, y: int, x0: int, x1: int) -> bool:
    """Whether a horizontal rule runs at `y` between two vertical rules (else the cell above
    continues down: a vertical merge)."""
    strip = horizontal[max(y - 4, 0) : y + 5, x0 + 6 : x1 - 6]
    return strip.size > 0 and (strip.max(axis=0) > 0).mean() > 0.5


# --------------------------------------------------------------------------- page


def _cells(grid: Grid) -> Iterator[tuple[int, int, int, int]]:
    """Each slot's owning cell, as (row, column, last row, last column) of the merged region."""
    rows, cols = len(grid.covered), len(grid.xs) - 1
    for r in range(rows):
        for c in range(cols):
            if grid.covered[r][c] is not None:
                continue
            c_end = c
            while c_end + 1 < cols and grid.covered[r][c_end + 1] == "left":
                c_end += 1
            r_end = r
            while r_end + 1 < rows and grid.covered[r_end + 1][c] == "above":
                r_end += 1
            yield r, c, r_end, c_end


def read_table(gray: np.ndarray, binary: np.ndarray, grid: Grid, page: int) -> Table:
    """OCR each merged region once; spread its text as the other readers do."""
    rows, cols = len(grid.covered), len(grid.xs) - 1
    texts: list[list[OcrText | None]] = [[None] * cols for _ in range(rows)]
    spans = [[1] * cols for _ in range(rows)]  # rows a cell spans; 0 where the cell above covers
    code_column = _narrow_first_column(grid)
    header_count = _header_count(grid) if _starts_with_stt(gray, grid) else 0
    for r, c, r_end, c_end in _cells(grid):
        x0, x1 = grid.xs[c] + 5, grid.xs[c_end + 1] - 4
        y0, y1 = grid.ys[r] + 5, grid.ys[r_end + 1] - 4
        crop_ink = binary[y0:y1, x0:x1]
        if crop_ink.size == 0 or (crop_ink > 0).mean() < _INK_THRESHOLD:
            read = OcrText("", None)
        else:
            if c == 0 and code_column and r >= header_count:
                read = read_code(gray[y0:y1, x0:x1])
            else:
                read = ocr_image(np.pad(gray[y0:y1, x0:x1], 12, constant_values=255))
        for rr in range(r, r_end + 1):
            texts[rr][c] = read
            spans[rr][c] = r_end - r + 1 if rr == r else 0
            for cc in range(c + 1, c_end + 1):
                texts[rr][cc] = OcrText("", None)  # header rows get the text below
    table_rows = []
    for r in range(rows):
        cells = []
        for c in range(cols):
            read = texts[r][c] or OcrText("", None)
            if r < header_count and grid.covered[r][c] == "left" and cells:
                read = OcrText(cells[-1].text, cells[-1].confidence)
            cells.append(
                Cell(read.text, row_span=spans[r][c], confidence=read.confidence, repairs=read.repairs)
            )
        if any(cell.text for cell in cells):
            table_rows.append(TableRow(cells=tuple(cells), page=page, is_header=r < header_count))
    return Table(index=0, rows=tuple(table_rows))


def _narrow_first_column(grid: Grid) -> bool:
    """A first column under an eighth of the table's width holds the numbering ("1.2.1")."""
    return (grid.xs[1] - grid.xs[0]) < 0.12 * (grid.xs[-1] - grid.xs[0])


def _starts_with_stt(gray: np.ndarray, grid: Grid) -> bool:
    """Whether the table's top-left cell reads "STT": the table starts with its header."""
    top = gray[grid.ys[0] + 5 : grid.ys[1] - 4, grid.xs[0] + 5 : grid.xs[1] - 4]
    if top.size == 0:
        return False
    texts = (ocr_image(np.pad(top, 12, constant_values=255)).text, read_code(top, "STstIl").text)
    # "STT" as OCR may see it: "SITT", "STI", "ST T".
    return any(is_header_starter(t) or fuzz.ratio(t.upper().replace(" ", ""), "STT") >= 66 for t in texts)


def _header_count(grid: Grid) -> int:
    """The "STT" row and the rows its merged cells reach down into."""
    count = 1
    while count < len(grid.covered) and grid.covered[count][0] == "above":
        count += 1
    return count


def page_paragraphs(gray: np.ndarray, grid: Grid | None, page: int) -> list[tuple[int, Paragraph]]:
    """The text outside the table, as paragraphs with their top position."""
    import tesserocr

    regions = [(0, gray.shape[0])]
    if grid is not None:
        regions = [(0, grid.ys[0] - 5), (grid.ys[-1] + 5, gray.shape[0])]
    out = []
    for top, bottom in regions:
        region = gray[max(top, 0) : max(bottom, 0), :]
        if region.shape[0] < 20 or (binarise(region) > 0).mean() < 0.001:
            continue
        read = ocr_image(region, psm=tesserocr.PSM.AUTO)
        if read.confidence is None or read.confidence < MIN_PARAGRAPH_CONFIDENCE:
            continue  # specks, stamps and the edges of the scan, not text
        for offset, block in enumerate(re.split(r"\n\s*\n", read.text)):
            text = " ".join(block.split())
            if text:
                out.append((top + offset, Paragraph(0, text, page)))
    return out


def ocr_page(data: bytes, number: int) -> list[Block]:
    """One scanned page → its table and paragraphs, top to bottom."""
    gray, _angle = deskew(render_page(data, number))
    binary = binarise(gray)
    grid = find_grid(binary)
    placed: list[tuple[int, Block]] = []
    if grid is not None:
        placed.append((grid.ys[0], read_table(gray, binary, grid, number)))
    placed.extend(page_paragraphs(gray, grid, number))
    placed.sort(key=lambda item: item[0])
    return [block for _, block in placed]


def ocr_pages(path: Path, data: bytes, pages: list[int]) -> dict[int, list[Block]]:
    """OCR the given pages of a PDF, in parallel across cores when there are several."""
    tessdata_dir()  # fail early and clearly when the model is missing
    workers = min(len(pages), os.cpu_count() or 1, int(os.environ.get("DTI_OCR_WORKERS", "0")) or 64)
    if workers <= 1 or multiprocessing.current_process().daemon:  # a daemon may not start processes
        return {number: ocr_page(data, number) for number in pages}
    with ProcessPoolExecutor(max_workers=workers) as pool:
        results = pool.map(ocr_page, [data] * len(pages), pages)
        return dict(zip(pages, results, strict=True))
