"""The bounds a scanner's text layer is judged by, set from the real files: every Unicode text
layer among the real documents reads far above them, and a commercial OCR layer that dropped
the marks of most words falls below them."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pdfplumber

from pipeline.extract.pdf_layer import reads_as_vietnamese
from pipeline.extract.vietnamese import text_quality
from pipeline.settings import DEFAULT

REALDOCS = Path(__file__).resolve().parents[2] / "corpora" / "realdocs"
UNICODE_LAYERS = ("BTP_CV-1043-2021_danh-muc-VBQPPL_table.pdf", "BYT_QD-2093-2025_TTHC_tables.pdf",
                  "ag_chomoi_kh07_2023_nentangso.pdf", "ag_ct05_2023_de_an06.pdf", "ag_qd1648_2023_cds_gdnn.pdf",
                  "bnv_qd1187_2025_de_an_parindex.pdf", "ld_snv_184_bc_chiso_2025.pdf",
                  "ld_snv_2775_hd_chamdiem_cchc_songanh.pdf", "ld_snv_2775_hd_chamdiem_cchc_xa.pdf",
                  "ld_ttxt_644_pci_ddci_2025.pdf", "ld_ubnd_329_bc_cchc_2025.pdf")  # fmt: skip
PAGES = 6


def page_texts(name: str) -> list[str]:
    with pdfplumber.open(REALDOCS / name) as pdf:
        return ["".join(c["text"] for c in page.chars) for page in pdf.pages[:PAGES]]


def test_every_real_unicode_text_layer_reads_far_above_the_bounds():
    lowest = min(
        (q.marked_share, q.syllable_share)
        for name in UNICODE_LAYERS for text in page_texts(name)
        if (q := text_quality(text)).words >= DEFAULT.pdf.min_judged_words
    )  # fmt: skip
    assert lowest[0] >= DEFAULT.pdf.min_marked_share + 0.25
    assert min(
        text_quality(t).syllable_share for n in UNICODE_LAYERS for t in page_texts(n)
        if text_quality(t).words >= DEFAULT.pdf.min_judged_words
    ) >= DEFAULT.pdf.min_syllable_share + 0.15  # fmt: skip


def _marks_dropped(text: str, keep_every: int) -> str:
    """The text as a commercial OCR without Vietnamese gives it: most words without their marks."""
    words = text.split()
    bare = ["".join(c for c in unicodedata.normalize("NFD", w) if not unicodedata.combining(c)).replace("đ", "d")
            for w in words]  # fmt: skip
    return " ".join(w if i % keep_every == 0 else b for i, (w, b) in enumerate(zip(words, bare, strict=True)))


def test_a_layer_with_a_third_of_its_words_marked_does_not_read_as_vietnamese():
    real = page_texts("ld_snv_2775_hd_chamdiem_cchc_xa.pdf")[1]  # "Ban hành kế hoạch CCHC hằng năm ..."
    assert reads_as_vietnamese(text_quality(real), DEFAULT.pdf)
    degraded = text_quality(_marks_dropped(real, keep_every=3))
    assert 0.2 < degraded.marked_share < 0.4
    assert not reads_as_vietnamese(degraded, DEFAULT.pdf)
