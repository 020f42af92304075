"""The part of a page a record was read from, as a PNG with its row outlined, for a reviewer.

The stored file is rendered by pdfium (an image file through the same image-only PDF the
scan path reads), cropped to the record's row with a margin around it, and the row framed
in red, so a person compares "786,64" with the page without opening the file. A file that
is gone or has changed since it was loaded is said so, never shown in its place.
"""

from __future__ import annotations

import hashlib
import io
from functools import lru_cache
from pathlib import Path

from pipeline.errors import InputFileError
from pipeline.extract.image import IMAGE_SUFFIXES, image_pages_as_pdf
from pipeline.models import Box

CROP_DPI = 150
MARGIN = 0.1  # of the page's height, above and below the row: the rows around it give context


def page_crop(path: Path, sha256: str, page: int, box: Box | None, dpi: int = CROP_DPI) -> bytes:
    """A PNG of `page` of the file at `path` around `box` (the whole page without one), the box
    outlined. Raises `InputFileError` when the file is missing or is not the one loaded."""
    data = _stored_file(path, sha256, *_stamp(path))
    if path.suffix.lower() in IMAGE_SUFFIXES:
        data, _ = image_pages_as_pdf(path, data)
    import pypdfium2 as pdfium
    from PIL import ImageDraw

    pdf = pdfium.PdfDocument(data)
    try:
        if not 1 <= page <= len(pdf):
            raise InputFileError(f"{path}: has {len(pdf)} page(s), no page {page}")
        image = pdf[page - 1].render(scale=dpi / 72).to_pil().convert("RGB")
    finally:
        pdf.close()
    width, height = image.size
    if box is not None:
        left, top, right, bottom = (round(box[0] * width), round(box[1] * height), round(box[2] * width),
                                    round(box[3] * height))  # fmt: skip
        outline = (left - 2, top - 2, right + 2, bottom + 2)
        ImageDraw.Draw(image).rectangle(outline, outline=(220, 0, 0), width=3)
        margin = round(MARGIN * height)
        image = image.crop((0, max(top - margin, 0), width, min(bottom + margin, height)))
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _stamp(path: Path) -> tuple[float, int]:
    try:
        stat = path.stat()
    except OSError as exc:
        raise InputFileError(
            f"{path}: the file loaded from there is gone ({exc.strerror}); the page cannot be shown"
        ) from exc
    return stat.st_mtime, stat.st_size


@lru_cache(maxsize=8)
def _stored_file(path: Path, sha256: str, mtime: float, size: int) -> bytes:
    """The file's bytes, once checked to be the file loaded (cached while it is unchanged)."""
    data = path.read_bytes()
    if hashlib.sha256(data).hexdigest() != sha256:
        raise InputFileError(
            f"{path}: the file changed since it was loaded; run `dti ingest` on it again to review it"
        )
    return data
