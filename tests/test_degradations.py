"""The degradation test bed (`corpora/build/degrade.py`) and what the scan path makes of it.

Every family of profiles has one profile to develop on and one held out. The generator's own
behaviour is checked on every profile (cheap); reading is checked on a profile of each family
the scan path now handles, the held-out one where there is one, against the plan's gold file."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image

from corpora.build.degrade import BY_NAME, PROFILES, degraded_pdf
from pipeline.evaluate import score_document
from pipeline.process import extract_file
from tests.conftest import REPO

GENERATED = REPO / "corpora" / "documents" / "generated"
PLAN = GENERATED / "agency-sonnptnt-2024.pdf"  # the held-out half's plan (bench/degradations.py)


def first_page(pdf: Path) -> Image.Image:
    return pdfium.PdfDocument(pdf)[0].render(scale=1).to_pil()


def test_every_family_has_a_profile_to_develop_on_and_one_held_out() -> None:
    families: dict[str, set[str]] = {}
    for profile in PROFILES:
        families.setdefault(profile.family, set()).add(profile.half)
    assert all(halves == {"dev", "held-out"} for halves in families.values()), families
    assert len(families) == 10 and len(PROFILES) == 23


@pytest.mark.parametrize("name", sorted(BY_NAME))
def test_a_profile_keeps_every_page_and_its_resolution(name: str, tmp_path: Path) -> None:
    profile = BY_NAME[name]
    made = degraded_pdf(PLAN, profile, 1, tmp_path / f"{name}.pdf")
    source, degraded = pdfium.PdfDocument(PLAN), pdfium.PdfDocument(made)
    assert len(degraded) == len(source)
    width, height = source[0].get_size()
    turned = profile.rotate in (90, 270)
    assert degraded[0].get_size() == pytest.approx((height, width) if turned else (width, height), rel=0.01)
    assert not degraded[0].get_textpage().get_text_range().strip()  # an image, no text layer


def test_the_same_seed_makes_the_same_pixels(tmp_path: Path) -> None:
    profile = BY_NAME["speckle-200"]
    one = np.asarray(first_page(degraded_pdf(PLAN, profile, 7, tmp_path / "a.pdf")))
    two = np.asarray(first_page(degraded_pdf(PLAN, profile, 7, tmp_path / "b.pdf")))
    other = np.asarray(first_page(degraded_pdf(PLAN, profile, 8, tmp_path / "c.pdf")))
    assert np.array_equal(one, two) and not np.array_equal(one, other)


def test_a_fax_page_holds_one_bit_a_pixel(tmp_path: Path) -> None:
    from pypdf import PdfReader

    made = degraded_pdf(PLAN, BY_NAME["fax-200"], 1, tmp_path / "fax.pdf")
    [image] = PdfReader(made).pages[0].images
    assert image.image.mode == "1"


def test_an_upside_down_page_is_the_page_turned_half_round(tmp_path: Path) -> None:
    clean = np.asarray(first_page(degraded_pdf(PLAN, BY_NAME["scan-200"], 1, tmp_path / "a.pdf")).convert("L"))
    turned = np.asarray(first_page(degraded_pdf(PLAN, BY_NAME["upside-down-200"], 1, tmp_path / "b.pdf")).convert("L"))
    back = np.rot90(turned, 2).astype(float)
    assert np.corrcoef(back.ravel(), clean.astype(float).ravel())[0, 1] > 0.9


def read_against_gold(pdf: Path, frameworks) -> tuple[float, float, float]:
    gold = json.loads((GENERATED / "agency-sonnptnt-2024.gold.json").read_text(encoding="utf-8"))
    score = score_document(extract_file(pdf, frameworks).records, gold, paged=True)
    recall = score.true_positive / (score.true_positive + score.false_negative)
    return score.codes_right / score.codes_total, score.figures_right / score.figures_total, recall


@pytest.mark.slow
@pytest.mark.parametrize("name", ["sideways-200", "scan-200-jpeg40", "skew-2-200"])
def test_a_held_out_profile_reads_every_row_of_the_plan(name: str, tmp_path: Path, frameworks) -> None:
    codes, figures, recall = read_against_gold(degraded_pdf(PLAN, BY_NAME[name], 101, tmp_path / "scan.pdf"),
                                               frameworks)  # fmt: skip
    assert recall == 1.0
    assert figures >= 0.98
    assert codes >= 0.95
