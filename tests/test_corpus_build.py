"""The generated corpus is reproducible: rebuilding it gives byte-identical DOCX and gold."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import REPO


@pytest.mark.slow
def test_rebuilding_the_corpus_changes_nothing():
    result = subprocess.run(
        [sys.executable, "-m", "corpora.build", "--check"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().endswith("identical")
