"""Scanned twins of generated PDFs: what a plan looks like after a office scanner.

Each page is rendered at 200 dpi (pdfium), turned by a slight skew, given sensor noise
and saved as a JPEG, then the pages are bound into an image-only PDF with no text layer:
`corpora/documents/generated/<id>.scan.pdf`, read against the same gold as `<id>.pdf`
(`python -m corpora.build` scans the documents whose spec lists the format "scan").
Seeded and dated, so a rebuild gives the same bytes.

    python corpora/scan.py agency-sonnptnt-2024 --seed 23
"""

from __future__ import annotations

import argparse
import io
import random
import time
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from PIL import Image

HERE = Path(__file__).resolve().parent
GENERATED = HERE / "documents" / "generated"
DPI = 200
JPEG_QUALITY = 60
NOISE_SIGMA = 7.0
FIXED_DATE = time.gmtime(1_704_067_200)  # 2024-01-01, as PIL wants it


def scan_page(page: pdfium.PdfPage, rng: random.Random) -> Image.Image:
    """One page as a scanner gives it: 200 dpi greyscale, skewed, noisy, JPEG-compressed."""
    image = page.render(scale=DPI / 72, grayscale=True).to_pil().convert("L")
    angle = rng.choice((-1, 1)) * rng.uniform(0.3, 0.8)
    image = image.rotate(angle, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=255)
    pixels = np.asarray(image, dtype=np.float32)
    noise = np.random.default_rng(rng.randrange(2**32)).normal(0.0, NOISE_SIGMA, pixels.shape)
    noisy = Image.fromarray(np.clip(pixels + noise, 0, 255).astype(np.uint8))
    buffer = io.BytesIO()
    noisy.save(buffer, format="JPEG", quality=JPEG_QUALITY)
    return Image.open(io.BytesIO(buffer.getvalue()))


def scan_document(name: str, seed: int, folder: Path = GENERATED) -> Path:
    source = folder / f"{name}.pdf"
    rng = random.Random(seed)
    pdf = pdfium.PdfDocument(source)
    pages = [scan_page(pdf[i], rng) for i in range(len(pdf))]
    target = folder / f"{name}.scan.pdf"
    pages[0].save(
        target, format="PDF", save_all=True, append_images=pages[1:], resolution=DPI,
        creationDate=FIXED_DATE, modDate=FIXED_DATE, producer="dti-ingest corpus",
    )  # fmt: skip
    return target


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("name", help="a generated document's id, e.g. agency-sonnptnt-2024")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    target = scan_document(args.name, args.seed)
    print(f"scanned {args.name}: {target.stat().st_size // 1024} KiB")


if __name__ == "__main__":
    main()
