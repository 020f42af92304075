"""Scanned pages as image files (a scanner's multi-page TIFF, a phone's JPEG, a PNG) → the pages
of an image-only PDF, which the scan path reads as it reads any scan.

Pages keep their order (a TIFF's frames as stored); a JPEG's camera orientation (its EXIF tag)
is applied first. The page size comes from the image's own resolution, 200 dpi when it states
none (the size sets only the rendering scale, never a figure).
"""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

from pipeline.errors import InputFileError

IMAGE_SUFFIXES = {".tif", ".tiff", ".jpg", ".jpeg", ".png"}
ASSUMED_DPI = 200.0


def image_pages_as_pdf(path: Path, data: bytes) -> tuple[bytes, int]:
    """Given an image file's bytes, return an image-only PDF of its pages and their count;
    an `InputFileError` naming the file when it is not an image Pillow can read."""
    try:
        image = Image.open(io.BytesIO(data))
        pages = [_page(frame) for frame in ImageSequence.Iterator(image)]
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise InputFileError(
            f"{path}: named {path.suffix} but cannot be read as an image ({exc}); open it in an image "
            "viewer and save it again as TIFF, PNG or JPEG"
        ) from exc
    dpi = _dpi(image)
    out = io.BytesIO()
    pages[0].save(out, format="PDF", save_all=True, append_images=pages[1:], resolution=dpi)
    return out.getvalue(), len(pages)


def _page(frame: Image.Image) -> Image.Image:
    upright = ImageOps.exif_transpose(frame.copy()) or frame.copy()
    return upright.convert("L") if upright.mode not in ("L", "RGB") else upright


def _dpi(image: Image.Image) -> float:
    stated = image.info.get("dpi")
    if isinstance(stated, tuple) and stated and float(stated[0]) > 30:
        return float(stated[0])
    return ASSUMED_DPI
