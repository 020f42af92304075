"""Scanned pages → the same blocks a born-digital page gives, with Tesseract's Vietnamese model.

A package of small modules, one job each: `image` (render, binarise, deskew), `rules`
(ruling lines and merged cells, pure numpy), `engine` (Tesseract, one engine per process,
confidences and "[?]" for unsure digits), `page` (one page's table and paragraphs) and
here, `ocr_pages`, which runs a document's pages in parallel across cores.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from pipeline.extract.ocr.engine import OcrUnavailableError, tessdata_dir
from pipeline.extract.ocr.page import ocr_page
from pipeline.models import Block
from pipeline.settings import DEFAULT, OcrSettings

__all__ = ["OcrUnavailableError", "ocr_page", "ocr_pages"]


def ocr_pages(
    path: Path, data: bytes, pages: list[int], settings: OcrSettings = DEFAULT.ocr
) -> dict[int, list[Block] | str]:
    """OCR the given pages of a PDF, in parallel across cores (`settings.workers`, 0 for one
    per core) when there are several. Each page is read on its own: a page that cannot be
    read gives the reason in place of its blocks, and the others are still read."""
    tessdata_dir()  # fail early and clearly when the model is missing
    workers = min(len(pages), settings.workers or os.cpu_count() or 1)
    if workers <= 1 or multiprocessing.current_process().daemon:  # a daemon may not start processes
        return {number: page_or_reason(data, number, settings) for number in pages}
    with ProcessPoolExecutor(max_workers=workers) as pool:
        results = pool.map(page_or_reason, [data] * len(pages), pages, [settings] * len(pages))
        return dict(zip(pages, results, strict=True))


def page_or_reason(data: bytes, number: int, settings: OcrSettings) -> list[Block] | str:
    """One page's blocks, or why it could not be read ("ValueError: ..."): one damaged scan
    costs its own page, never the document's other pages."""
    try:
        return ocr_page(data, number, settings)
    except OcrUnavailableError:
        raise  # no Tesseract at all: every page would fail the same way
    except Exception as exc:
        text = str(exc).strip().splitlines()[0][:160] if str(exc).strip() else ""
        return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
