"""Build the generated corpus: DOCX (python-docx) → PDF (LibreOffice headless) → gold.

Each document in `corpora/specs.yaml` becomes `corpora/documents/generated/<id>.docx`,
`<id>.pdf` (and `<id>.txt` where asked) plus `<id>.gold.json`, all from the same planned
rows, so the gold says exactly what was written: the canonical indicator of each row, its
printed code, its figures and, for the PDF, the page its row starts on (read back with
poppler's `pdftotext -bbox`, a reader independent of the one under test).

Reproducible: figures come from a seeded generator; DOCX files are written with fixed
timestamps, so the same specs give byte-identical DOCX and identical gold files.

    python -m corpora.build            # rebuild everything
    python -m corpora.build --check    # rebuild into a temporary folder and compare
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import yaml

from corpora.build.gold import gold_of
from corpora.build.html_page import write_html
from corpora.build.pdf_pages import code_pages, page_count, to_pdf
from corpora.build.plan import HERE, plan_rows
from corpora.build.results import build_results
from corpora.build.text_file import write_text
from corpora.build.word import write_docx
from corpora.scan import scan_document
from pipeline.frameworks import load_frameworks

OUT = HERE / "documents" / "generated"


def build(out: Path, only: set[str] | None = None) -> list[Path]:
    specs = yaml.safe_load((HERE / "specs.yaml").read_text(encoding="utf-8"))
    paraphrases = yaml.safe_load((HERE / "paraphrases.yaml").read_text(encoding="utf-8"))
    frameworks = load_frameworks(HERE / "frameworks")
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for spec in specs:
        if only and spec["id"] not in only:
            continue
        framework = frameworks[spec["framework"]]
        rows = plan_rows(spec, framework, paraphrases.get(framework.id, {}))
        docx = out / f"{spec['id']}.docx"
        write_docx(spec, rows, docx)
        written.append(docx)
        pages = pdf_pages = None
        if "pdf" in spec["formats"]:
            pdf = to_pdf(docx, out)
            pages, pdf_pages = code_pages(pdf, rows), page_count(pdf)
            written.append(pdf)
        if "scan" in spec["formats"]:
            written.append(scan_document(spec["id"], spec["seed"], out))
        if "html" in spec["formats"]:
            write_html(spec, rows, out / f"{spec['id']}.html")
            written.append(out / f"{spec['id']}.html")
        if "txt" in spec["formats"]:
            write_text(spec, rows, out / f"{spec['id']}.txt")
            written.append(out / f"{spec['id']}.txt")
        gold = out / f"{spec['id']}.gold.json"
        gold.write_text(
            json.dumps(gold_of(spec, framework, rows, pages, pdf_pages), ensure_ascii=False, indent=1) + "\n",
            encoding="utf-8",
        )
        written.append(gold)
        print(f"built {spec['id']}: {len(rows)} rows" + (f", {pdf_pages} PDF pages" if pdf_pages else ""))
    written += build_results(out, frameworks, only)
    return written


def differences(left: Path, right: Path) -> Iterator[str]:
    """Files whose DOCX bytes or gold content differ between two builds."""
    for path in sorted(left.glob("*")):
        if (
            path.suffix in (".docx", ".json", ".txt", ".html")
            and path.read_bytes() != (right / path.name).read_bytes()
        ):
            yield path.name
