"""The damaged-file fuzz over the corpus's PDFs (flipped bytes, cut tails; fixed seed): each
read in a child process with a memory limit and a 60 s alarm, as tests/test_damaged_files.py
reads the Word and text files."""

from __future__ import annotations

import pytest

from tests.test_damaged_files import (
    PDF_SOURCES,
    assert_each_within_a_minute,
    assert_no_traceback,
    assert_refusals_in_one_sentence,
    read_mutants,
)


@pytest.fixture(scope="module")
def pdf_outcomes(tmp_path_factory: pytest.TempPathFactory) -> list[dict]:
    return read_mutants(PDF_SOURCES, tmp_path_factory.mktemp("damaged-pdfs"))


@pytest.mark.slow
def test_no_damaged_pdf_raises_a_traceback(pdf_outcomes: list[dict]):
    assert_no_traceback(pdf_outcomes, PDF_SOURCES)


@pytest.mark.slow
def test_every_refused_damaged_pdf_is_named_in_one_sentence(pdf_outcomes: list[dict]):
    assert_refusals_in_one_sentence(pdf_outcomes)


@pytest.mark.slow
def test_no_damaged_pdf_takes_a_minute(pdf_outcomes: list[dict]):
    assert_each_within_a_minute(pdf_outcomes)
