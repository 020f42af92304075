"""The wheel is the product: built, installed into a fresh virtual environment, and run from
a folder with no checkout, it finds its frameworks, lexicon and schemas as package data."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline import api
from tests.conftest import GENERATED, REPO


@pytest.mark.slow
def test_the_wheel_installed_elsewhere_extracts_a_corpus_file(tmp_path: Path):
    env = {
        k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")
    }  # no checkout leaks in
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(REPO), "--no-deps", "-q", "-w", str(wheels)],
                   check=True, cwd=tmp_path, timeout=600, env=env)  # fmt: skip
    (wheel,) = wheels.glob("dti_ingest-*.whl")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300, env=env)
    # --no-compile: the test is about the package's data and entry point, not its bytecode.
    pip = [
        str(venv / "bin" / "python"),
        "-m",
        "pip",
        "install",
        "-q",
        "--disable-pip-version-check",
        "--no-compile",
    ]
    subprocess.run([*pip, str(wheel)], check=True, timeout=1800, env=env)
    elsewhere = tmp_path / "somewhere-else"
    elsewhere.mkdir()
    document = elsewhere / "ke-hoach.docx"
    shutil.copy(GENERATED / "agency-stttt-2024.docx", document)
    run = subprocess.run([str(venv / "bin" / "dti"), "extract", document.name, "--matched-only"],
                         cwd=elsewhere, capture_output=True, text=True, timeout=300, env=env)  # fmt: skip
    assert run.returncode == 0, run.stderr
    records = [json.loads(line) for line in run.stdout.splitlines()]
    in_checkout = api.extract(GENERATED / "agency-stttt-2024.docx").records
    assert [r["indicator_code"] for r in records] == [
        r.indicator_code for r in in_checkout if r.indicator_code
    ]
    assert {r["framework"] for r in records} == {"daknong-agency-2022"}
    installed = subprocess.run([str(venv / "bin" / "python"), "-c", "import pipeline; print(pipeline.__file__)"],
                               cwd=elsewhere, capture_output=True, text=True, check=True, env=env)  # fmt: skip
    assert str(REPO) not in installed.stdout
