"""Damaged files get a sentence, never a traceback: a bounded fuzz over mutated corpus files
(flipped bytes, cut tails, damaged ZIP members; fixed seed), each read in a child process
with a memory limit and a 60 s alarm, OCR turned off to keep it quick."""

from __future__ import annotations

import json
import random
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import GENERATED, REPO, SEED_FILES

# The Word and text sources here; the PDFs in tests/test_damaged_pdfs.py, so the two halves of
# the fuzz run on the two cores at once.
SOURCES = [
    GENERATED / "agency-stttt-2024.docx", GENERATED / "agency-soyte-2025.docx", GENERATED / "district-cujut-2023-vni.docx",
    SEED_FILES["004"], GENERATED / "agency-soyte-2025.txt",
]  # fmt: skip
PDF_SOURCES = [
    GENERATED / "agency-stttt-2024.pdf",
    GENERATED / "agency-soct-2024.pdf",
    GENERATED / "agency-sotc-2023-tcvn3.pdf",
]
MUTANTS_PER_SOURCE = 30
SECONDS_PER_FILE = 60
MEMORY_BYTES = 3 * 1024**3

RUNNER = """
import json, resource, signal, sys, time, traceback
resource.setrlimit(resource.RLIMIT_AS, (%(memory)d, %(memory)d))
from pipeline import api
from pipeline.errors import DtiError
from pipeline.settings import OcrSettings, Settings
settings = Settings(ocr=OcrSettings(enabled=False))
def alarm(signum, frame):
    raise TimeoutError("over %(seconds)d s")
signal.signal(signal.SIGALRM, alarm)
for path in sys.argv[1:]:
    started = time.perf_counter()
    signal.alarm(%(seconds)d)
    try:
        result = api.extract(path, settings=settings)
        outcome, message = result.status, "; ".join(result.lost)
    except DtiError as error:
        outcome, message = "error", error.message
    except BaseException as error:
        outcome, message = "traceback", traceback.format_exc()
    signal.alarm(0)
    print(json.dumps({"path": path, "outcome": outcome, "message": message,
                      "seconds": time.perf_counter() - started}, ensure_ascii=False), flush=True)
"""


def mutate(data: bytes, rng: random.Random, is_zip: bool) -> bytes:
    """One damaged copy: bytes flipped, the tail cut, or (ZIP) one member's data damaged."""
    kind = rng.choice(["flip", "cut", "member"] if is_zip else ["flip", "cut"])
    buffer = bytearray(data)
    if kind == "cut":
        return bytes(buffer[: int(len(buffer) * rng.uniform(0.05, 0.97))])
    if kind == "member":
        archive = zipfile.ZipFile(__import__("io").BytesIO(data))
        member = rng.choice([m for m in archive.infolist() if m.compress_size > 8])
        start = member.header_offset + 30 + len(member.filename.encode()) + len(member.extra)
        for _ in range(rng.randint(1, 6)):
            buffer[start + rng.randrange(member.compress_size)] ^= rng.randrange(1, 256)
        return bytes(buffer)
    for _ in range(rng.randint(1, 24)):
        buffer[rng.randrange(len(buffer))] ^= rng.randrange(1, 256)
    return bytes(buffer)


def read_mutants(sources: list[Path], folder: Path) -> list[dict]:
    """Every source's mutants, written to `folder` and read in one child process."""
    rng = random.Random(20261124)
    paths = []
    for source in sources:
        data = source.read_bytes()
        for n in range(MUTANTS_PER_SOURCE):
            target = folder / f"{source.stem}-{n:02d}{source.suffix}"
            target.write_bytes(mutate(data, rng, source.suffix == ".docx"))
            paths.append(str(target))
    code = RUNNER % {"memory": MEMORY_BYTES, "seconds": SECONDS_PER_FILE}
    run = subprocess.run(
        [sys.executable, "-c", code, *paths], cwd=REPO, capture_output=True, text=True, timeout=1800
    )
    outcomes = [json.loads(line) for line in run.stdout.splitlines() if line.startswith("{")]
    assert len(outcomes) == len(paths), run.stderr[-2000:]
    return outcomes


@pytest.fixture(scope="module")
def fuzz_outcomes(tmp_path_factory: pytest.TempPathFactory) -> list[dict]:
    return read_mutants(SOURCES, tmp_path_factory.mktemp("damaged"))


def assert_no_traceback(outcomes: list[dict], sources: list[Path]) -> None:
    tracebacks = [o for o in outcomes if o["outcome"] == "traceback"]
    assert tracebacks == [], tracebacks[0]["message"] if tracebacks else ""
    assert len(outcomes) == len(sources) * MUTANTS_PER_SOURCE


def assert_refusals_in_one_sentence(outcomes: list[dict]) -> None:
    errors = [o for o in outcomes if o["outcome"] == "error"]
    assert errors, "the mutations should break some files outright"
    for outcome in errors:
        assert outcome["message"].startswith(outcome["path"] + ":")
        assert "\n" not in outcome["message"]


def assert_each_within_a_minute(outcomes: list[dict]) -> None:
    assert max(o["seconds"] for o in outcomes) < SECONDS_PER_FILE


@pytest.mark.slow
def test_no_damaged_file_raises_a_traceback(fuzz_outcomes: list[dict]):
    assert_no_traceback(fuzz_outcomes, SOURCES)


@pytest.mark.slow
def test_every_refused_damaged_file_is_named_in_one_sentence(fuzz_outcomes: list[dict]):
    assert_refusals_in_one_sentence(fuzz_outcomes)


@pytest.mark.slow
def test_no_damaged_file_takes_a_minute(fuzz_outcomes: list[dict]):
    assert_each_within_a_minute(fuzz_outcomes)


def test_a_docx_with_a_damaged_styles_part_is_read_and_partial(tmp_path: Path):
    from pipeline import api

    target = tmp_path / "ke-hoach.docx"
    data = bytearray((GENERATED / "agency-stttt-2024.docx").read_bytes())
    archive = zipfile.ZipFile(GENERATED / "agency-stttt-2024.docx")
    member = archive.getinfo("word/styles.xml")
    start = member.header_offset + 30 + len(member.filename.encode()) + len(member.extra)
    for offset in range(10, 40):
        data[start + offset] ^= 0x5A
    target.write_bytes(bytes(data))
    result = api.extract(target)
    assert result.status == "partial"
    assert result.lost[0].startswith("word/styles.xml (damaged")
    assert len(result.records) > 40


def test_xml_with_a_dtd_inside_a_docx_is_refused_not_resolved(tmp_path: Path):
    from pipeline import api
    from pipeline.errors import InputFileError

    source = zipfile.ZipFile(GENERATED / "agency-stttt-2024.docx")
    target = tmp_path / "entities.docx"
    with zipfile.ZipFile(target, "w") as out:
        for member in source.infolist():
            data = source.read(member)
            if member.filename == "word/document.xml":
                data = data.replace(b"?>", b'?><!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>', 1)
            out.writestr(member, data)
    with pytest.raises(InputFileError, match=r"entities.docx: part word/document.xml declares an XML DTD"):
        api.extract(target)


def test_a_cut_docx_exits_3_with_one_line_naming_it(tmp_path: Path):
    target = tmp_path / "bao-cao-hong.docx"
    target.write_bytes((GENERATED / "agency-soyte-2025.docx").read_bytes()[:5000])
    run = subprocess.run([sys.executable, "-m", "pipeline.cli", "extract", str(target)], cwd=REPO,
                         capture_output=True, text=True)  # fmt: skip
    assert run.returncode == 3
    assert run.stderr.count("\n") == 1 and "Traceback" not in run.stderr
    assert run.stderr.startswith(f"dti: error: {target}:")
