"""A results decision with a stamp's ink over one score: the review queue's test bed.

`corpora/layouts/results-layout-00.pdf` (born digital) rendered at 200 dpi as a scanner would,
with dense dots of ink over the middle digits of "75,86" (Sở Nông nghiệp và Môi trường, pillar 1),
bound as an image-only PDF: `corpora/review/results-stamped.scan.pdf`. OCR reads that cell as
"[?]", so a person must read it from the page; the same decision's stated totals that its pillars
do not add up to ("786,64" of Sở Xây dựng, 776,64 by its pillars) are read as printed. Seeded, so
a rebuild gives the same pixels.

    python -m corpora.build.stamped
"""

from __future__ import annotations

import random
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
from PIL import Image, ImageDraw

from corpora.scan import DPI, FIXED_DATE, HERE

SOURCE = HERE / "layouts" / "results-layout-00.pdf"
OUT = HERE / "review"
NAME = "results-stamped.scan.pdf"
STAMPED = "75,86"  # the cell under the ink: Sở Nông nghiệp và Môi trường, pillar 1 (Nhận thức số)
DOTS, SEED = 200, 5


def stamped_page(source: Path = SOURCE) -> Image.Image:
    """The first page, 200 dpi greyscale, with the ink over the middle of `STAMPED`."""
    with pdfplumber.open(source) as pdf:
        word = next(w for w in pdf.pages[0].extract_words() if w["text"] == STAMPED)
    scale = DPI / 72
    image = pdfium.PdfDocument(source)[0].render(scale=scale, grayscale=True).to_pil().convert("L")
    draw, rng = ImageDraw.Draw(image), random.Random(SEED)
    left, right = word["x0"] * scale, word["x1"] * scale
    for _ in range(DOTS):
        x = rng.uniform(left + (right - left) * 0.3, left + (right - left) * 0.75)
        y = rng.uniform(word["top"] * scale, word["bottom"] * scale)
        radius = rng.uniform(1, 3)
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=rng.randint(40, 120))
    return image


def build(out: Path = OUT) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    target = out / NAME
    stamped_page().save(target, format="PDF", resolution=DPI, creationDate=FIXED_DATE, modDate=FIXED_DATE,
                        producer="dti-ingest corpus")  # fmt: skip
    return target


if __name__ == "__main__":
    written = build()
    print(f"{written}: {written.stat().st_size // 1024} KiB")
