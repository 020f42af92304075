"""Pages per second for PDF and DOCX on the generated corpus, per stage, with peak memory.

Run: .venv/bin/python bench/throughput.py [REPEATS]

Then the largest PDF: the province plan joined six times (pdfunite, 96 pages), read whole by
`dti extract`'s path (read with its pages across the cores, stitch, match, figures) and by
bare single-process pdfplumber `extract_tables`, alternately, each in a fresh process,
timing the work after imports; it prints both medians, their ratio and each one's peak
memory (the largest process: ours counts its page workers).

Stages, timed separately on the same documents (median of REPEATS runs after a warm-up):
read (file → Document, tables included), stitch, match (indicator rows, framework
detection and matching), figures (records with figures, status and checks). DOCX has no
pages of its own: its rate uses the page count of its PDF twin, so the two compare.
A baseline line times bare pdfplumber `extract_tables` on the same PDFs. Each format
runs in a child process so its peak resident memory is its own.
"""

from __future__ import annotations

import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pdfplumber

from pipeline.extract import read_document
from pipeline.frameworks import load_frameworks
from pipeline.normalize.detection import detect_framework
from pipeline.normalize.rows import is_indicator_table, table_to_rows
from pipeline.normalize.stitch import stitch_tables
from pipeline.process import extract_document

CORPUS = Path(__file__).resolve().parents[1] / "corpora" / "documents" / "generated"


def _median(fn, repeats: int) -> float:  # type: ignore[no-untyped-def]
    fn()
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        fn()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def measure(suffix: str, repeats: int) -> dict[str, float]:
    frameworks = load_frameworks()
    files = sorted(p for p in CORPUS.glob(f"*{suffix}") if not p.name.endswith(".scan.pdf"))  # born-digital
    pages = sum(json.loads(f.with_suffix(".gold.json").read_text())["pdf_pages"] for f in files)
    stages = {"read": 0.0, "stitch": 0.0, "match": 0.0, "figures": 0.0}
    for path in files:
        document = read_document(path)
        stitched = stitch_tables(document)
        rows = [r for t in stitched.tables if is_indicator_table(t) for r in table_to_rows(t)]
        stages["read"] += _median(lambda p=path: read_document(p), repeats)
        stages["stitch"] += _median(lambda d=document: stitch_tables(d), repeats)
        match = _median(lambda s=stitched, r=rows: detect_framework(s, r, frameworks), repeats)
        stages["match"] += match
        # extract_document = rows + detection + records: what is left after matching is
        # the figures, status and checks of every record.
        whole = _median(lambda s=stitched: extract_document(s, frameworks), repeats)
        stages["figures"] += max(whole - match, 0.0)
    if suffix == ".pdf":
        stages["pdfplumber extract_tables (baseline)"] = sum(
            _median(lambda p=path: [pg.extract_tables() for pg in pdfplumber.open(p).pages], repeats)
            for path in files
        )
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"files": len(files), "pages": pages, "peak_mib": peak_mib, **stages}


def report(suffix: str, figures: dict[str, float]) -> None:
    pages = figures["pages"]
    ours = sum(v for k, v in figures.items() if k in ("read", "stitch", "match", "figures"))
    print(
        f"{suffix[1:].upper()}: {figures['files']:.0f} files, {pages:.0f} pages, "
        f"peak RSS {figures['peak_mib']:.0f} MiB"
    )
    for stage, seconds in figures.items():
        if stage in ("files", "pages", "peak_mib"):
            continue
        print(f"  {stage:<38} {seconds:7.3f} s  {pages / seconds:8.1f} pages/s")
    print(f"  {'whole path':<38} {ours:7.3f} s  {pages / ours:8.1f} pages/s")


def largest_pdf(folder: Path) -> Path:
    """The province plan six times over, as one 96-page PDF."""
    target = folder / "plan-96-pages.pdf"
    plan = str(CORPUS / "province-plan-2024.pdf")
    subprocess.run(["pdfunite", *([plan] * 6), str(target)], check=True)
    return target


def time_once(which: str, path: Path) -> dict[str, float]:
    """One timed pass in this process: "bare" pdfplumber tables, or "ours", the whole path."""
    started = time.perf_counter()
    if which == "bare":
        with pdfplumber.open(path) as pdf:
            pages = len(pdf.pages)
            for page in pdf.pages:
                page.extract_tables()
    else:
        from pipeline.process import extract_file

        pages = extract_file(path, load_frameworks()).page_count or 0
    seconds = time.perf_counter() - started
    peak = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    return {"seconds": seconds, "pages": pages, "peak_mib": peak / 1024}


def compare_largest(repeats: int) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = largest_pdf(Path(tmp))
        runs: dict[str, list[dict[str, float]]] = {"bare": [], "ours": []}
        for _ in range(repeats):
            for which in runs:
                out = subprocess.run([sys.executable, __file__, "--once", which, str(path)],
                                     capture_output=True, text=True, check=True).stdout  # fmt: skip
                runs[which].append(json.loads(out.splitlines()[-1]))
    bare = statistics.median(r["seconds"] for r in runs["bare"])
    ours = statistics.median(r["seconds"] for r in runs["ours"])
    pages = runs["ours"][0]["pages"]
    print(f"LARGEST PDF: {pages:.0f} pages, median of {repeats}")
    for label, which, seconds in (
        ("bare pdfplumber extract_tables", "bare", bare),
        ("dti extract (whole path)", "ours", ours),
    ):
        peak = max(r["peak_mib"] for r in runs[which])
        print(f"  {label:<38} {seconds:7.3f} s  {pages / seconds:8.1f} pages/s  peak {peak:.0f} MiB")
    print(f"  ratio ours / bare: {ours / bare:.2f}")


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        print(json.dumps(measure(sys.argv[2], int(sys.argv[3]))))
        return
    if len(sys.argv) > 3 and sys.argv[1] == "--once":
        print(json.dumps(time_once(sys.argv[2], Path(sys.argv[3]))))
        return
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    for suffix in (".pdf", ".docx"):
        out = subprocess.run(
            [sys.executable, __file__, "--child", suffix, str(repeats)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        report(suffix, json.loads(out.splitlines()[-1]))
    compare_largest(repeats)


if __name__ == "__main__":
    main()
