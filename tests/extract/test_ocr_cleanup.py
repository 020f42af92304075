"""A scanned page made fit to read before its cells are: turned upright (Tesseract's OSD),
levelled past what its rules show (the rows of ink), and its lone specks painted out, each step
done only where the page needs it."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest
from matplotlib import font_manager
from PIL import Image, ImageDraw, ImageFont

from corpora.build.degrade import BY_NAME, degraded_pdf
from pipeline.extract.ocr.image import binarise, despeckle, render_page, rule_angles, skew_angle, specks
from pipeline.extract.ocr.page import upright
from tests.conftest import REPO

PLAN = REPO / "corpora" / "documents" / "generated" / "agency-soct-2024.pdf"  # the dev half's plan


def page_of(profile: str, tmp_path: Path, **changes: object) -> np.ndarray:
    made = dataclasses.replace(BY_NAME[profile], **changes) if changes else BY_NAME[profile]
    pdf = degraded_pdf(PLAN, made, 1, tmp_path / "page.pdf")
    return render_page(pdf.read_bytes(), 1)


def text_image(text: str) -> np.ndarray:
    """A line of Vietnamese at 12 pt and 300 dpi (50 px), as a scanner sees it."""
    font = ImageFont.truetype(font_manager.findfont("DejaVu Sans"), 50)
    image = Image.new("L", (1400, 300), 255)
    ImageDraw.Draw(image).text((40, 100), text, font=font, fill=0)
    return np.asarray(image).copy()


def test_a_page_fed_upside_down_is_turned_upright(tmp_path: Path) -> None:
    turned = page_of("upside-down-200", tmp_path)
    level = page_of("scan-200", tmp_path)
    fixed = upright(turned)
    assert fixed.shape == level.shape
    assert np.corrcoef(fixed.astype(float).ravel(), level.astype(float).ravel())[0, 1] > 0.9


def test_an_upright_page_is_left_as_it_is(tmp_path: Path) -> None:
    level = page_of("scan-200", tmp_path)
    assert upright(level) is level


def test_a_skew_no_rule_shows_is_found_from_the_rows_of_ink(tmp_path: Path) -> None:
    binary = binarise(page_of("skew-1.5-200", tmp_path, skew=2.5, name="dev-skew-2.5"))
    assert rule_angles(binary) == []  # at 2.5° no rule is long and level enough to be seen
    assert abs(skew_angle(binary)) == pytest.approx(2.5, abs=0.1)


def test_lone_specks_go_and_the_stop_and_the_tone_marks_stay() -> None:
    gray = text_image("1.2.1 Đạt 52/57, ỹ ộ ặ")
    clean = gray.copy()
    rng = np.random.default_rng(3)
    for _ in range(400):  # specks in the white around the line, none within 2 mm of it
        x, y = int(rng.integers(0, 1400)), int(rng.choice([rng.integers(0, 60), rng.integers(200, 300)]))
        gray[y : y + 4, x : x + 4] = 30
    mask = specks(binarise(gray))
    found = np.argwhere(mask)
    assert len(found) and ((found[:, 0] < 64) | (found[:, 0] >= 200)).all()  # only the sprinkled ones
    cleaned, count = despeckle(gray, binarise(gray))
    assert count >= 300
    assert np.array_equal(cleaned[66:198], clean[66:198])  # the line itself, stops and marks, untouched


def test_a_clean_scan_is_not_despeckled() -> None:
    scan = REPO / "corpora" / "documents" / "generated" / "agency-soct-2024.scan.pdf"
    gray = render_page(scan.read_bytes(), 1)
    cleaned, count = despeckle(gray, binarise(gray))
    assert cleaned is gray and count < 200


def test_a_page_lit_unevenly_is_evened_out_and_its_ink_kept(tmp_path: Path) -> None:
    from pipeline.extract.ocr.image import even_light, paper

    shadowed = page_of("scan-200", tmp_path, light=0.45, noise=7.0, name="dev-light-0.45")
    evened, spread = even_light(shadowed)
    assert spread > 60  # the shadowed corner's paper is that much darker than the lit one
    lit = paper(evened)
    assert np.percentile(lit, 95) - np.percentile(lit, 5) < 10
    assert np.percentile(evened, 2) < 100  # the letters are still ink


def test_an_evenly_lit_scan_is_left_as_it_is() -> None:
    from pipeline.extract.ocr.image import even_light

    scan = REPO / "corpora" / "documents" / "generated" / "agency-soct-2024.scan.pdf"
    gray = render_page(scan.read_bytes(), 1)
    evened, spread = even_light(gray)
    assert evened is gray and spread < 5
