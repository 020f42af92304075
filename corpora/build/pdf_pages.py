"""The plan as PDF (LibreOffice headless), and the page each row starts on, read back
with poppler's `pdftotext -bbox`: a reader independent of the one under test."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from corpora.build.plan import MARGIN_CM, WIDTHS_CM, PlannedRow


def to_pdf(docx: Path, outdir: Path) -> Path:
    """Export a DOCX to PDF with LibreOffice headless, in a private profile."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("corpora.build needs LibreOffice (soffice); run scripts/setup.sh")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(outdir),
                str(docx),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
    return outdir / f"{docx.stem}.pdf"


_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">([^<]*)</word>')


def code_pages(pdf: Path, rows: list[PlannedRow]) -> list[int | None]:
    """The page each row starts on: its printed code found in the code column, in order,
    by poppler's `pdftotext -bbox` (not by the reader under test)."""
    html = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    code_right = (MARGIN_CM + WIDTHS_CM["code"]) / 2.54 * 72
    words: list[tuple[int, float, str]] = []
    for number, page in enumerate(html.split("<page ")[1:], start=1):
        for x, y, text in _WORD.findall(page):
            if float(x) < code_right:
                words.append((number, float(y), text))
    words = _joined_codes(sorted(words))
    pages: list[int | None] = []
    position = 0
    for planned in rows:
        found = None
        for i in range(position, len(words)):
            if words[i][2] == planned.printed_code:
                found, position = words[i][0], i + 1
                break
        pages.append(found)
    return pages


def _joined_codes(words: list[tuple[int, float, str]]) -> list[tuple[int, float, str]]:
    """Rejoin a code the narrow column wrapped: "5.12." over "1" is "5.12.1"."""
    out: list[tuple[int, float, str]] = []
    for page, y, text in words:
        if out and out[-1][0] == page and y - out[-1][1] < 20:
            last = out[-1][2]
            if (last.endswith(".") and text[:1].isdigit()) or (last[-1:].isdigit() and text.startswith(".")):
                out[-1] = (page, out[-1][1], last + text)
                continue
        out.append((page, y, text))
    return out


def page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]


def without_top_rules(pdf: Path, top_margin_pt: float) -> list[int]:
    """Paint out the ruling line above a table's first row on each page the table continues
    onto, as Word's PDFs print a continued table (no line above the page's first row); returns
    the pages changed. Only a rule at the top margin is touched: a table that starts lower on
    the page keeps its own top line."""
    import pdfplumber
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject

    tops: dict[int, tuple[float, float, float, float]] = {}
    with pdfplumber.open(pdf) as document:
        for number, page in enumerate(document.pages):
            rules = [e for e in page.edges if e["orientation"] == "h"]
            if number and rules:
                top = min(e["top"] for e in rules)
                if top <= top_margin_pt + 6:
                    x0, x1 = min(e["x0"] for e in rules), max(e["x1"] for e in rules)
                    tops[number] = (top, float(page.height), x0, x1)
    writer = PdfWriter(clone_from=pdf)
    for number, (top, height, x0, x1) in tops.items():
        page = writer.pages[number]
        stream = DecodedStreamObject()
        paint = f"\nq 1 1 1 rg {x0 - 2:.2f} {height - top - 2:.2f} {x1 - x0 + 4:.2f} 4 re f Q\n"
        stream.set_data(page.get_contents().get_data() + paint.encode())
        page.replace_contents(stream)
    writer.write(pdf)
    return sorted(n + 1 for n in tops)
