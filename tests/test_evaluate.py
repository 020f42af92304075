"""Extraction measured against the gold corpus: the issue's targets, and the scorer itself."""

from __future__ import annotations

from dataclasses import replace

import pytest

from pipeline.evaluate import Score, gold_pairs, score_document
from pipeline.models import DocumentResult, Figure, Framework
from pipeline.process import extract_file
from tests.conftest import GENERATED, REPO, gold


def test_the_whole_gold_corpus_meets_the_targets(frameworks: dict[str, Framework]):
    total = Score()
    pairs = list(gold_pairs(REPO / "corpora" / "documents", {"txt", "docx", "pdf"}))
    assert len(pairs) >= 20
    for path, expected in pairs:
        result = extract_file(path, frameworks)
        assert result.framework == expected["framework"], path.name
        total.add(score_document(result.records, expected, paged=path.suffix == ".pdf"))
    assert total.precision >= 0.99
    assert total.recall >= 0.98
    assert total.figure_accuracy >= 0.99
    assert total.code_accuracy == 1.0
    assert total.page_accuracy == 1.0
    assert total.true_positive > 700


def test_a_wrong_indicator_counts_against_precision_and_recall(generated_results: dict[str, DocumentResult]):
    records = list(generated_results["agency-stttt-2024.docx"].records)
    index = next(i for i, r in enumerate(records) if r.printed_code == "6.4")
    records[index] = replace(records[index], indicator_code="6.5")
    score = score_document(records, gold("agency-stttt-2024"), paged=False)
    assert (score.false_positive, score.false_negative) == (1, 1)
    assert (
        "indicator: 6.4 'Tỷ lệ DVCTT phát sinh hồ sơ trực tuyến' expected 6.4, got 6.5 (matched"
        in score.errors[0]
    )


def test_a_figure_read_wrong_counts_as_one_miss_and_one_extra(generated_results: dict[str, DocumentResult]):
    records = list(generated_results["agency-stttt-2024.docx"].records)
    index = next(i for i, r in enumerate(records) if r.figures)
    wrong = Figure(kind="percent", text="90,48%", value=90.48)
    records[index] = replace(records[index], figures=(wrong,))
    before = score_document(
        generated_results["agency-stttt-2024.docx"].records, gold("agency-stttt-2024"), False
    )
    after = score_document(records, gold("agency-stttt-2024"), paged=False)
    missed = len(generated_results["agency-stttt-2024.docx"].records[index].figures)
    assert before.figure_accuracy == 1.0
    assert after.figures_right == before.figures_right - missed
    assert after.figures_total == before.figures_total + 1  # the wrong figure is one extra
    (error,) = [e for e in after.errors if e.startswith("figures:")]
    assert "extra [('percent', 90.48" in error


def test_gold_pairs_finds_every_format_a_gold_file_lists():
    found = {path.name for path, _ in gold_pairs(GENERATED)}
    assert {"agency-soyte-2025.docx", "agency-soyte-2025.pdf", "agency-soyte-2025.txt"} <= found


@pytest.mark.slow
def test_scanned_twins_meet_the_ocr_targets(frameworks: dict[str, Framework]):
    """Five scanned twins; Sở Công Thương's was made after the OCR path was built, Sở Y tế's
    after the numbering column was put in order and measured untouched: codes and figures
    at 0.95 or better on each."""
    total = Score()
    pairs = list(gold_pairs(GENERATED, {"scan"}))
    assert len(pairs) == 5
    for path, expected in pairs:
        result = extract_file(path, frameworks)
        assert result.framework == expected["framework"], path.name
        assert all(str(line).startswith(f"page {n + 1}: OCR") for n, line in enumerate(result.decisions)), (
            result.decisions
        )
        score = score_document(result.records, expected, paged=True)
        assert score.code_accuracy >= 0.95, path.name
        assert score.figure_accuracy >= 0.95, path.name
        total.add(score)
    assert total.recall >= 0.95
    assert total.precision >= 0.95
    assert total.page_accuracy == 1.0
