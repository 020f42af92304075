"""Scans made the ways the world makes them: a generator of degraded pages, used as a test bed.

A born-digital page is rendered at a profile's resolution and put through what happens to
paper and pixels, in the order it happens: the other side showing through (bleed-through), a
stamp or a signature over a cell, light falling unevenly, blur, a phone's perspective, a skew
up to 2°, sensor noise, speckle, salt and pepper, a fax's one bit per pixel, a page fed upside
down or sideways, JPEG. Each `Profile` names one such mix; the profiles come in pairs, one of
each family to develop on (`dev`) and one held out (`held-out`) that a fix is only ever
measured on, never tuned on (`bench/degradations.py` reports them per profile).

    python -m corpora.build.degrade corpora/documents/generated/agency-soct-2024.pdf \
        --profile fax-200 --seed 3
"""

from __future__ import annotations

import argparse
import io
import math
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import cv2
import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageDraw, ImageFilter

from corpora.scan import FIXED_DATE

Half = Literal["dev", "held-out"]


@dataclass(frozen=True)
class Profile:
    """One way a page is scanned or photographed: every step with its strength (0: not done)."""

    name: str
    family: str
    half: Half
    dpi: int = 200
    noise: float = 5.0  # sensor noise: standard deviation, grey levels
    jpeg: int | None = 75  # JPEG quality; None: stored losslessly
    speckle: float = 0.0  # dark specks per square centimetre
    salt_pepper: float = 0.0  # share of pixels flipped to black or white
    blur: float = 0.0  # Gaussian radius, pixels at the profile's dpi
    bleed: float = 0.0  # opacity of the other side's text showing through
    light: float = 0.0  # how much darker the far corner is than the near one (0–1)
    stamp: Literal["", "stamp", "signature"] = ""
    skew: float = 0.0  # degrees; the sign is drawn from the seed
    rotate: Literal[0, 90, 180, 270] = 0  # the page fed upside down (180) or sideways
    bitonal: Literal["", "threshold", "dither"] = ""
    perspective: float = 0.0  # a phone photo: how far the corners move, share of the page

    @property
    def scale(self) -> float:
        return self.dpi / 72


PROFILES: tuple[Profile, ...] = (
    # Resolution: 300 dpi and 200 dpi with a scanner's light noise; 150 dpi.
    Profile("scan-300", "resolution", "dev", dpi=300),
    Profile("scan-200-jpeg40", "resolution", "held-out", dpi=200, jpeg=40),
    Profile("scan-200", "resolution", "dev", dpi=200),
    Profile("scan-300-jpeg30", "resolution", "held-out", dpi=300, jpeg=30),
    Profile("scan-150", "low-resolution", "dev", dpi=150),
    Profile("scan-150-jpeg50", "low-resolution", "held-out", dpi=150, jpeg=50),
    # Noise.
    Profile("speckle-200", "noise", "dev", speckle=4.0, noise=8.0),
    Profile("salt-pepper-200", "noise", "held-out", salt_pepper=0.004, noise=6.0),
    Profile("blur-200", "blur", "dev", blur=1.2),
    Profile("blur-300", "blur", "held-out", dpi=300, blur=1.8, jpeg=50),
    Profile("blur-300-jpeg45", "blur", "dev", dpi=300, blur=2.1, jpeg=45),
    # Paper and light.
    Profile("bleed-through-200", "paper", "dev", bleed=0.18),
    Profile("uneven-light-200", "paper", "held-out", light=0.45, noise=7.0),
    # Something over a cell.
    Profile("stamp-200", "overlay", "dev", stamp="stamp"),
    Profile("signature-200", "overlay", "held-out", stamp="signature"),
    # Geometry.
    Profile("skew-1.5-200", "skew", "dev", skew=1.5),
    Profile("skew-2-200", "skew", "held-out", skew=2.0, jpeg=50),
    Profile("upside-down-200", "orientation", "dev", rotate=180),
    Profile("sideways-200", "orientation", "held-out", rotate=90),
    # Fax and phone.
    Profile("fax-200", "bitonal", "dev", bitonal="threshold", jpeg=None, noise=4.0),
    Profile("fax-200-dither", "bitonal", "held-out", bitonal="dither", jpeg=None, noise=3.0),
    Profile("phone-200", "photo", "dev", perspective=0.03, light=0.25, noise=6.0, jpeg=60),
    Profile("phone-300", "photo", "held-out", dpi=300, perspective=0.045, light=0.35, noise=7.0, jpeg=55),
)
BY_NAME = {profile.name: profile for profile in PROFILES}


def render(page: pdfium.PdfPage, profile: Profile) -> np.ndarray:
    """The page as paper under the scanner: greyscale at the profile's resolution."""
    image = page.render(scale=profile.scale, grayscale=True).to_pil().convert("L")
    return np.asarray(image, dtype=np.float32)


def degrade(pixels: np.ndarray, profile: Profile, rng: random.Random) -> Image.Image:
    """One page put through the profile's steps, in the order paper meets them."""
    noise = np.random.default_rng(rng.randrange(2**32))
    height, width = pixels.shape
    if profile.bleed:  # the other side, mirrored and soft, shows through the paper
        back = cv2.GaussianBlur(pixels[:, ::-1], (0, 0), 1.5)
        pixels = pixels - profile.bleed * (255.0 - back)
    if profile.stamp:
        pixels = _overlay(pixels, profile, rng)
    if profile.light:  # one corner lit, the opposite one in shadow
        ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
        angle = rng.uniform(0, 2 * math.pi)
        ramp = (xs / width) * math.cos(angle) + (ys / height) * math.sin(angle)
        ramp = (ramp - ramp.min()) / max(float(np.ptp(ramp)), 1e-6)
        pixels = pixels * (1.0 - profile.light * ramp)
    if profile.blur:
        pixels = cv2.GaussianBlur(pixels, (0, 0), profile.blur)
    if profile.perspective:
        pixels = _perspective(pixels, profile.perspective, rng)
    if profile.skew:
        angle = rng.choice((-1, 1)) * profile.skew
        matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
        pixels = cv2.warpAffine(pixels, matrix, (width, height), flags=cv2.INTER_CUBIC, borderValue=255.0)
    pixels = pixels + noise.normal(0.0, profile.noise, pixels.shape)
    if profile.speckle:
        area = (width / profile.dpi * 2.54) * (height / profile.dpi * 2.54)
        for _ in range(int(profile.speckle * area)):
            x, y, r = rng.randrange(width), rng.randrange(height), rng.uniform(0.6, 2.2) * profile.dpi / 200
            cv2.circle(pixels, (x, y), max(1, round(r)), rng.uniform(0, 90), -1)
    if profile.salt_pepper:
        flips = noise.random(pixels.shape)
        pixels[flips < profile.salt_pepper / 2] = 0.0
        pixels[flips > 1 - profile.salt_pepper / 2] = 255.0
    image = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
    if profile.bitonal == "threshold":
        image = image.point(lambda v: 255 if v > 150 else 0).convert("1", dither=Image.Dither.NONE)
    elif profile.bitonal == "dither":
        image = image.convert("1", dither=Image.Dither.FLOYDSTEINBERG)
    if profile.rotate:
        image = image.rotate(profile.rotate, expand=True)
    if profile.jpeg is not None and image.mode != "1":
        buffer = io.BytesIO()
        image.save(buffer, format="JPEG", quality=profile.jpeg)
        image = Image.open(io.BytesIO(buffer.getvalue()))
    return image


def degraded_pdf(source: Path, profile: Profile, seed: int, target: Path) -> Path:
    """Every page of `source` degraded by `profile` (seeded), bound as an image-only PDF."""
    rng = random.Random(f"{profile.name}/{seed}")
    pdf = pdfium.PdfDocument(source)
    pages = [degrade(render(pdf[i], profile), profile, rng) for i in range(len(pdf))]
    target.parent.mkdir(parents=True, exist_ok=True)
    pages[0].save(target, format="PDF", save_all=True, append_images=pages[1:], resolution=profile.dpi,
                  creationDate=FIXED_DATE, modDate=FIXED_DATE, producer="dti-ingest corpus")  # fmt: skip
    return target


def _overlay(pixels: np.ndarray, profile: Profile, rng: random.Random) -> np.ndarray:
    """A round office stamp or a pen signature over part of the table's right half."""
    height, width = pixels.shape
    layer = Image.new("L", (width, height), 0)
    draw = ImageDraw.Draw(layer)
    cx, cy = rng.uniform(0.55, 0.8) * width, rng.uniform(0.35, 0.7) * height
    if profile.stamp == "stamp":
        radius = 0.6 * profile.dpi  # a 3 cm stamp
        for ring in (radius, radius * 0.82):
            box = (cx - ring, cy - ring, cx + ring, cy + ring)
            draw.ellipse(box, outline=150, width=max(2, profile.dpi // 60))
        draw.ellipse((cx - radius * 0.2, cy - radius * 0.2, cx + radius * 0.2, cy + radius * 0.2), fill=120)
    else:
        points, x, y = [], cx - 0.8 * profile.dpi, cy
        for _ in range(40):
            x += rng.uniform(0.02, 0.06) * profile.dpi
            y += rng.uniform(-0.08, 0.08) * profile.dpi
            points.append((x, y))
        draw.line(points, fill=200, width=max(2, profile.dpi // 70), joint="curve")
    ink = np.asarray(layer.filter(ImageFilter.GaussianBlur(0.8)), dtype=np.float32) / 255.0
    return pixels * (1.0 - 0.7 * ink)


def _perspective(pixels: np.ndarray, strength: float, rng: random.Random) -> np.ndarray:
    """A page photographed from a little off its axis: each corner pulled inwards a bit."""
    height, width = pixels.shape
    corners = np.float32([[0, 0], [width, 0], [width, height], [0, height]])
    inwards = ((1, 1), (-1, 1), (-1, -1), (1, -1))
    pull = [(rng.uniform(0.3, 1.0) * strength, rng.uniform(0.3, 1.0) * strength) for _ in inwards]
    moved = np.float32([
        [x + sx * px * width, y + sy * py * height]
        for (x, y), (sx, sy), (px, py) in zip(corners, inwards, pull, strict=True)
    ])  # fmt: skip
    matrix = cv2.getPerspectiveTransform(corners, moved)
    return cv2.warpPerspective(pixels, matrix, (width, height), flags=cv2.INTER_CUBIC, borderValue=235.0)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("source", type=Path, help="a born-digital PDF")
    parser.add_argument("--profile", choices=sorted(BY_NAME), required=True)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, help="the PDF to write (default: beside the source)")
    args = parser.parse_args()
    target = args.out or args.source.with_name(f"{args.source.stem}.{args.profile}.scan.pdf")
    degraded_pdf(args.source, BY_NAME[args.profile], args.seed, target)
    print(f"{target}: {target.stat().st_size // 1024} KiB")


if __name__ == "__main__":
    main()
