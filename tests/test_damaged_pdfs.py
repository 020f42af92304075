"""The damaged-file fuzz over the corpus's PDFs (flipped bytes, cut tails; fixed seed): each
read in a child process with a memory limit and a 60 s alarm, as tests/test_damaged_files.py
reads the Word and text files."""

from __future__ import annotations

import pytest

from tests.test_damaged_files import MUTANTS_PER_SOURCE, PDF_SOURCES, SECONDS_PER_FILE, read_mutants


@pytest.fixture(scope="module")
def pdf_outcomes(tmp_path_factory: pytest.TempPathFactory) -> list[dict]:
    return read_mutants(PDF_SOURCES, tmp_path_factory.mktemp("damaged-pdfs"))


@pytest.mark.slow
def test_no_damaged_pdf_raises_a_traceback(pdf_outcomes: list[dict]):
    tracebacks = [o for o in pdf_outcomes if o["outcome"] == "traceback"]
    assert tracebacks == [], tracebacks[0]["message"] if tracebacks else ""
    assert len(pdf_outcomes) == len(PDF_SOURCES) * MUTANTS_PER_SOURCE


@pytest.mark.slow
def test_every_refused_damaged_pdf_is_named_in_one_sentence(pdf_outcomes: list[dict]):
    errors = [o for o in pdf_outcomes if o["outcome"] == "error"]
    assert errors, "the mutations should break some files outright"
    for outcome in errors:
        assert outcome["message"].startswith(outcome["path"] + ":")
        assert "\n" not in outcome["message"]


@pytest.mark.slow
def test_no_damaged_pdf_takes_a_minute(pdf_outcomes: list[dict]):
    assert max(o["seconds"] for o in pdf_outcomes) < SECONDS_PER_FILE
