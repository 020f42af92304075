"""A scanned twin as a scanner or a phone hands it over: image files, not a PDF.

The pages of `agency-stttt-2024.scan.pdf` made again from the same seed (the very pixels of
that scan), written as one multi-page TIFF (JPEG-compressed, 200 dpi, as office scanners save
them), its first page as a JPEG, and as a bitonal PNG (a fax), into `corpora/images/`. Read against the
scan PDF they were made beside: the same rows, page for page.

    python -m corpora.build.images
"""

from __future__ import annotations

import random
from pathlib import Path

import pypdfium2 as pdfium

from corpora.scan import DPI, GENERATED, HERE, JPEG_QUALITY, scan_page

OUT = HERE / "images"
NAME, SEED = "agency-stttt-2024", 11  # its spec's seed (specs.yaml), as corpora.build scans it


def build(out: Path = OUT) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(SEED)
    pdf = pdfium.PdfDocument(GENERATED / f"{NAME}.pdf")
    pages = [scan_page(pdf[i], rng) for i in range(len(pdf))]
    tiff = out / f"{NAME}.scan.tif"
    pages[0].save(tiff, format="TIFF", save_all=True, append_images=pages[1:], compression="jpeg",
                  quality=JPEG_QUALITY, dpi=(DPI, DPI))  # fmt: skip
    png, jpeg = out / f"{NAME}.scan-p1.png", out / f"{NAME}.scan-p1.jpg"
    bitonal = pages[0].point(lambda v: 255 if v > 150 else 0).convert("1")  # a fax-like page
    bitonal.save(png, format="PNG", dpi=(DPI, DPI), optimize=True)
    pages[0].save(jpeg, format="JPEG", quality=JPEG_QUALITY, dpi=(DPI, DPI))
    for path in (tiff, png, jpeg):
        print(f"built {path.name}: {path.stat().st_size // 1024} KiB")
    return [tiff, png, jpeg]


if __name__ == "__main__":
    build()
