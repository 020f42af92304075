"""Hostile shapes cost a bounded time and memory: spans clamped as browsers and Word clamp them,
grids past any real table refused in one line, a very wide row read in linear time. Each file
is read in a child process with a 1.5 GB memory limit and a 60 s alarm (the fuzz's runner)."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import GENERATED, REPO
from tests.test_damaged_files import RUNNER

MEMORY_BYTES = 1536 * 1024**2
SOURCE = GENERATED / "agency-stttt-2024.docx"


def _read_in_child(paths: list[Path]) -> list[dict]:
    code = RUNNER % {"memory": MEMORY_BYTES, "seconds": 60}
    run = subprocess.run([sys.executable, "-c", code, *map(str, paths)], cwd=REPO, capture_output=True,
                         text=True, timeout=600)  # fmt: skip
    outcomes = [json.loads(line) for line in run.stdout.splitlines() if line.startswith("{")]
    assert len(outcomes) == len(paths), run.stderr[-2000:]
    return outcomes


def _docx_with(target: Path, change) -> Path:  # type: ignore[no-untyped-def]
    source = zipfile.ZipFile(SOURCE)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for member in source.infolist():
            data = source.read(member)
            if member.filename == "word/document.xml":
                data = change(data)
            out.writestr(member, data)
    target.write_bytes(buffer.getvalue())
    return target


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    folder = tmp_path_factory.mktemp("hostile")
    files = {
        # Every cell claims to span two billion grid columns (a 40 KB file that took minutes and GBs).
        "grid_span": _docx_with(folder / "grid-span.docx", lambda xml: re.sub(
            rb"<w:tcPr>", b'<w:tcPr><w:gridSpan w:val="2000000000"/>', xml)),
        # A DTD declared deep in the part, past where a check of the first 64 KiB would look.
        "late_dtd": _docx_with(folder / "late-dtd.docx", lambda xml: xml.replace(
            b"</w:body>", b"<!-- " + b"x" * 70000 + b' --><!DOCTYPE w [<!ENTITY x "y">]></w:body>')),
    }  # fmt: skip
    spans = "".join(
        "<tr>" + '<td colspan="1000000" rowspan="65534">Chỉ số</td>' * 5 + "</tr>" for _ in range(200)
    )
    files["colspan"] = folder / "colspan.html"
    files["colspan"].write_text(f"<html><body><table>{spans}</table></body></html>", encoding="utf-8")
    wide = "".join(f"<td>{n}</td>" for n in range(100_000))
    files["wide_row"] = folder / "wide-row.html"
    files["wide_row"].write_text(
        f"<html><body><table><tr><th>STT</th><th>Chỉ số</th></tr><tr>{wide}</tr></table></body></html>",
        encoding="utf-8",
    )
    outcomes = _read_in_child(list(files.values()))
    return {name: outcome for name, outcome in zip(files, outcomes, strict=True)}


def test_a_word_cell_spanning_two_billion_columns_is_read_as_word_clamps_it(hostile: dict[str, dict]):
    outcome = hostile["grid_span"]
    assert outcome["outcome"] in ("ok", "error"), outcome["message"]
    if outcome["outcome"] == "error":
        assert "more than 500,000 cells" in outcome["message"]


def test_a_dtd_anywhere_in_a_part_is_refused(hostile: dict[str, dict]):
    assert hostile["late_dtd"]["outcome"] == "error"
    assert "part word/document.xml declares an XML DTD" in hostile["late_dtd"]["message"]


def test_html_cells_spanning_a_million_columns_are_refused_in_one_line(hostile: dict[str, dict]):
    outcome = hostile["colspan"]
    assert outcome["outcome"] == "error", outcome["message"]
    assert re.fullmatch(r".*colspan\.html: a table would hold more than 500,000 cells, more than any real "
                        r"table; refused \(the file is damaged or hostile\)", outcome["message"])  # fmt: skip


def test_an_html_row_of_a_hundred_thousand_cells_is_read(hostile: dict[str, dict]):
    outcome = hostile["wide_row"]
    assert outcome["outcome"] == "ok", outcome["message"]
    assert outcome["seconds"] < 60
