"""Tesseract through tesserocr: one engine per language and process, reused for every cell.

`ocr_image` reads a region of a scanned page as Vietnamese text with its confidence;
`read_code` reads a numbering cell ("1.2.1", "III") by a vote of three readings. Never a
guessed figure: a word holding a digit that Tesseract read with low confidence becomes
"[?]", so no figure is parsed from it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from PIL import Image

from pipeline.checks import Check
from pipeline.errors import MissingDependencyError
from pipeline.extract.markup import clean_text, join_wrapped_lines
from pipeline.extract.ocr.image import binarise
from pipeline.extract.ocr.repair import repair_figures
from pipeline.extract.ocr.strokes import roman_numeral, shortened
from pipeline.settings import DEFAULT, OcrSettings


class OcrUnavailableError(MissingDependencyError):
    """Tesseract or its Vietnamese model is missing."""


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
        "scanned pages need Tesseract and its Vietnamese model (vie.traineddata), which are not installed",
        "sudo apt-get install tesseract-ocr tesseract-ocr-vie (scripts/setup.sh does)",
    )


_APIS: dict[str, Any] = {}


def _api(lang: str = "vie") -> Any:
    """One Tesseract engine per language and process, reused for every cell."""
    if lang not in _APIS:
        import tesserocr

        _APIS[lang] = tesserocr.PyTessBaseAPI(path=tessdata_dir(), lang=lang, psm=tesserocr.PSM.SINGLE_BLOCK)
    return _APIS[lang]


def orientation(gray: np.ndarray, scale: float = 0.5) -> tuple[int, float]:
    """How far a page's text is turned (0, 90, 180 or 270 degrees, counter-clockwise to set it
    upright) and Tesseract's confidence in it, from its orientation and script detection (OSD)
    on the page at `scale` (half size: 0.2 s a page, the same answer as full size on our pages)."""
    if "osd" not in _APIS:
        import tesserocr

        _APIS["osd"] = tesserocr.PyTessBaseAPI(path=tessdata_dir(), lang="osd", psm=tesserocr.PSM.OSD_ONLY)
    image = Image.fromarray(gray)
    if scale != 1.0:
        image = image.resize((max(1, round(image.width * scale)), max(1, round(image.height * scale))))
    api = _APIS["osd"]
    with _quiet_leptonica():
        api.SetImage(image)
        found = api.DetectOrientationScript()
    if not found:
        return 0, 0.0
    return int(found.get("orient_deg", 0)) % 360, float(found.get("orient_conf", 0.0))


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
    repairs: tuple[Check, ...] = ()
    choices: tuple[str, ...] = ()  # a numbering cell's readings as lattices: "9352|.|2"
    agreeing: int = 0  # how many of a digits-only read's readings gave this text
    unsure: tuple[Unsure, ...] = ()  # the words read "[?]", in order


CODE_CHARACTERS = "0123456789.IVX"


def read_code(
    crop: np.ndarray, characters: str = CODE_CHARACTERS, settings: OcrSettings = DEFAULT.ocr
) -> OcrText:
    """Read a cell of the numbering column ("1.2.1", "III"), which whole-cell Vietnamese OCR
    gets wrong: enlarged, binarised, one line of code characters, read three ways (English
    and Vietnamese models, and a median-filtered copy) and settled by vote. Each reading, and
    two more of copies with thinner strokes, also gives Tesseract's alternatives for every character (a
    "5" it read as "9" often lists "5" too): `choices`, for the column's order to decide
    between (`normalize.code_sequence`)."""
    line = ink_line(crop)
    scale = 3.0 if line is None else min(max(settings.code_height / line[1], 0.5), 4.0)
    padded = np.pad(crop if line is None else line[0], settings.padding, constant_values=255)
    big = _resized(padded, scale)
    clean = 255 - binarise(big)
    smooth = _resized(cv2.medianBlur(padded, 3), scale)
    readings: list[tuple[str, float]] = []
    choices: list[str] = []
    thin = cv2.dilate(clean, np.ones((2, 2), np.uint8))  # white grows: black strokes thinned
    for lang, image in (
        ("eng", clean),
        ("vie", clean),
        ("eng", smooth),
        ("eng", _thinned(padded, scale)),
        ("eng", thin),
    ):
        text, confidence, lattice = _read_line(image, lang, characters)
        if len(readings) < 3:
            readings.append((text, confidence))
        if lattice and lattice not in choices:
            choices.append(lattice)
    roman = line is not None and "V" in characters and _seen_roman(readings, choices)
    counted = roman_numeral(line[0]) if roman and line is not None else None
    if counted is not None and all(shortened(counted, text) for text, _ in readings if text):
        return OcrText(counted, _counted_confidence(counted, readings), choices=tuple(choices), agreeing=3)
    votes: dict[str, list[float]] = {}
    for text, confidence in readings:
        if text:
            votes.setdefault(text, []).append(confidence)
    if not votes:
        return OcrText("", None, choices=tuple(choices))
    text, confidences = max(votes.items(), key=lambda item: (len(item[1]), max(item[1])))
    confidence = round(sum(confidences) / len(confidences), 1)
    if confidence < settings.min_code_confidence:
        return OcrText("", confidence, choices=tuple(choices))  # unknown, not guessed
    return OcrText(text, confidence, choices=tuple(choices), agreeing=len(confidences))


COUNTED_CONFIDENCE = 80.0  # a Roman numeral's strokes counted, which no reading contradicts


def _seen_roman(readings: list[tuple[str, float]], choices: list[str]) -> bool:
    """Whether what Tesseract saw in a numbering cell may be a Roman numeral, so its strokes are
    worth counting: something was seen, and each place of every lattice lists a Roman letter
    among its alternatives ("I1|I"). A blurred "8", read "8" with "8I3" as its lattice, is no
    "X". The count then stands only where each reading is it short of some "I"s ("VI" for "VII")."""
    texts = [text for text, _ in readings if text]
    places = [place for lattice in choices for place in lattice.split("|") if place]
    if not texts and not places:
        return False  # nothing was seen: no count stands alone
    return all(set(place) & set("IVX") for place in places)


def _counted_confidence(counted: str, readings: list[tuple[str, float]]) -> float:
    """Tesseract's own confidence where its readings say the same as the strokes, else
    `COUNTED_CONFIDENCE`: the count stands on the pixels, the readings only fail to see an "I"."""
    same = [confidence for text, confidence in readings if text.strip(".") == counted]
    return round(sum(same) / len(same), 1) if same else COUNTED_CONFIDENCE


FIGURE_CHARACTERS = "0123456789,.%"
_FIGURE = re.compile(r"^\d{1,4}(?:[.,]\d{1,4})?%?$")


def read_figure(crop: np.ndarray, settings: OcrSettings = DEFAULT.ocr) -> OcrText | None:
    """Read a cell that holds one number ("0,8475", "82,41%", "722,08") as digits only, the
    way the numbering column is read (three readings, settled by vote). None unless at least two
    readings agree on a well-formed number: then it is a reading, not a guess."""
    read = read_code(crop, FIGURE_CHARACTERS, settings)
    return read if read.text and _FIGURE.match(read.text) and read.agreeing >= 2 else None


def _thinned(padded: np.ndarray, scale: float) -> np.ndarray:
    """A copy blurred, thresholded and with its strokes thinned: another view of a noisy digit."""
    big = _resized(padded, scale)
    _, binary = cv2.threshold(cv2.GaussianBlur(big, (3, 3), 0), 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return cv2.dilate(binary, np.ones((2, 2), np.uint8))


def _resized(image: np.ndarray, scale: float) -> np.ndarray:
    interpolation = cv2.INTER_CUBIC if scale >= 1 else cv2.INTER_AREA
    return cv2.resize(image, None, fx=scale, fy=scale, interpolation=interpolation)


def ink_line(crop: np.ndarray, gap: int = 3) -> tuple[np.ndarray, int] | None:
    """The one line of a numbering cell ("5.5") cut out of its cell, and its height in pixels:
    the band of inked rows holding the most ink (rows at most `gap` apart are one band, so a
    dot or a tone mark stays with its line), with a margin. Tesseract reads digits best at a
    height of about 26 pixels: a "5" read at 100 pixels comes out "9" (scan-300), so the line is
    scaled to that height whatever the scan's resolution. None when no band is a line's height."""
    ink = binarise(crop) > 0
    inked = np.flatnonzero(ink.sum(axis=1) >= max(2, ink.shape[1] // 100))
    if inked.size == 0:
        return None
    bands: list[list[int]] = [[int(inked[0]), int(inked[0])]]
    for row in inked[1:]:
        if row - bands[-1][1] <= gap:
            bands[-1][1] = int(row)
        else:
            bands.append([int(row), int(row)])
    top, bottom = max(bands, key=lambda band: int(ink[band[0] : band[1] + 1].sum()))
    if bottom - top + 1 < 8:
        return None  # a speck, not a line
    columns = np.flatnonzero(ink[top : bottom + 1].any(axis=0))
    margin = max(2, (bottom - top) // 8)
    line = crop[max(top - margin, 0) : bottom + margin + 1,
                max(int(columns[0]) - margin, 0) : int(columns[-1]) + margin + 1]  # fmt: skip
    return line, bottom - top + 1


def _read_line(image: np.ndarray, lang: str, characters: str) -> tuple[str, float, str]:
    """One line of `characters`: the text, its confidence and its lattice ("9352|.|2": each
    position's character and Tesseract's alternatives for it)."""
    import tesserocr

    api = _api(lang)
    api.SetPageSegMode(tesserocr.PSM.SINGLE_LINE)
    api.SetVariable("tessedit_char_whitelist", characters)
    api.SetVariable("lstm_choice_mode", "2")
    api.SetImage(Image.fromarray(image))
    with _quiet_leptonica():
        text = api.GetUTF8Text().strip().replace(" ", "")
        text = text if "%" in characters else text.replace(",", ".")  # a figure keeps its decimal comma
    confidence = float(api.MeanTextConf())
    positions: list[str] = []
    for symbol in tesserocr.iterate_level(api.GetIterator(), tesserocr.RIL.SYMBOL):
        try:
            best = symbol.GetUTF8Text(tesserocr.RIL.SYMBOL)
            iterator = symbol.GetChoiceIterator()
            alternatives = [choice.GetUTF8Text() for choice in iterator] if iterator is not None else []
        except RuntimeError:  # a symbol with no text
            continue
        chars = dict.fromkeys(c.replace(",", ".") for c in [best, *alternatives] if len(c) == 1)
        positions.append("".join(c for c in chars if c in characters))
    api.SetVariable("tessedit_char_whitelist", "")
    api.SetVariable("lstm_choice_mode", "0")
    return text, confidence, "|".join(positions)


Box = tuple[int, int, int, int]  # left, top, right, bottom in pixels
Unsure = tuple[Box, str]  # a word read "[?]": where it lies and what Tesseract read there


@dataclass(frozen=True)
class OcrLine:
    """One text line Tesseract found: its words (unsure digits as "[?]"), where it lies, and
    whether it starts one of Tesseract's paragraphs."""

    text: str
    confidences: tuple[float, ...]
    box: Box
    starts_paragraph: bool
    unsure: tuple[Unsure, ...] = ()  # its words read "[?]"


def ocr_lines(
    image: np.ndarray, psm: int | None = None, settings: OcrSettings = DEFAULT.ocr
) -> list[OcrLine]:
    """Read a greyscale region line by line; a word with digits read below
    `min_figure_confidence` becomes "[?]", so no figure is ever parsed from a guess."""
    import tesserocr

    api = _api()
    api.SetPageSegMode(psm if psm is not None else tesserocr.PSM.SINGLE_BLOCK)
    api.SetImage(Image.fromarray(image))
    with _quiet_leptonica():
        api.Recognize()
    level, line_level = tesserocr.RIL.WORD, tesserocr.RIL.TEXTLINE
    lines: list[tuple[list[str], list[float], Box, bool, list[Unsure]]] = []
    for word in tesserocr.iterate_level(api.GetIterator(), level):
        try:
            text = word.GetUTF8Text(level)
        except RuntimeError:  # tesserocr's way of saying "no text here"
            continue
        if not text:
            continue
        confidence = word.Confidence(level)
        if word.IsAtBeginningOf(line_level) or not lines:
            box = word.BoundingBox(line_level) or (0, 0, 0, 0)
            lines.append(([], [], box, word.IsAtBeginningOf(tesserocr.RIL.PARA), []))
        if any(ch.isdigit() for ch in text) and confidence < settings.min_figure_confidence:
            lines[-1][4].append((word.BoundingBox(level) or (0, 0, 0, 0), text))
            text = "[?]"
        lines[-1][0].append(text)
        lines[-1][1].append(confidence)
    return [OcrLine(" ".join(words), tuple(conf), box, starts, tuple(unsure))
            for words, conf, box, starts, unsure in lines]  # fmt: skip


def ocr_image(image: np.ndarray, psm: int | None = None, settings: OcrSettings = DEFAULT.ocr) -> OcrText:
    """Read a greyscale region (a table cell) as one text, wrapped lines joined back; ink left
    below the last line read (a tall cell's last line, which Tesseract sometimes drops) is
    read again on its own and added."""
    lines = ocr_lines(image, psm, settings)
    tail = unread_tail(image, lines)
    if tail is not None:
        below = ocr_lines(image[tail:], None, settings)
        lines += [_lowered(line, tail) for line in below if line.text.strip()]
    raw = "\n".join(line.text for line in lines)
    repaired, repairs = repair_figures(raw)
    confidences = [c for line in lines for c in line.confidences]
    unsure = tuple(word for line in lines for word in line.unsure)
    return OcrText(clean_text(join_wrapped_lines(repaired)), _mean(confidences), repairs, unsure=unsure)


def _lowered(line: OcrLine, rows: int) -> OcrLine:
    """A line read from a region `rows` pixels down, its boxes in the whole image's pixels."""

    def down(box: Box) -> Box:
        return box[0], box[1] + rows, box[2], box[3] + rows

    return replace(line, box=down(line.box), unsure=tuple((down(box), first) for box, first in line.unsure))


def unread_tail(image: np.ndarray, lines: list[OcrLine]) -> int | None:
    """The row where unread ink starts below the last line read: a band of ink at least half
    a line high, below that line's bottom; None when the lines read reach the cell's ink."""
    if not lines:
        return None
    heights = sorted(line.box[3] - line.box[1] for line in lines)
    height = max(heights[len(heights) // 2], 8)
    bottom = max(line.box[3] for line in lines)
    ink = binarise(image) > 0
    inked_rows = ink[bottom + 2 :].sum(axis=1) >= max(3, ink.shape[1] // 100)
    run = best = 0
    for inked in inked_rows:
        run = run + 1 if inked else 0
        best = max(best, run)
    return bottom + 2 if best >= height // 2 else None


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None
