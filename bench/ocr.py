"""Seconds per scanned page: our whole OCR path against bare `tesseract`, one core and all cores.

Run: .venv/bin/python bench/ocr.py [REPEATS]

The pages are those of the scanned twins in corpora/documents/generated (*.scan.pdf).
"Our path" is render (pdfium, 300 dpi) + deskew + grid + cell-by-cell Tesseract + text
around the table, as `dti` runs it. "Bare tesseract" is the command-line tool on the same
300 dpi page images (`tesseract page.png - -l vie --psm 6`), one process per page, with
OpenMP held to one thread. All cores = a pool of os.cpu_count() processes. CPU/wall is the
CPU time of the bench and every process it ran over the wall time: 2.0 is both cores busy.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from PIL import Image

from pipeline.extract.ocr import ocr_page
from pipeline.extract.ocr.image import render_page

CORPUS = Path(__file__).resolve().parents[1] / "corpora" / "documents" / "generated"


def pages() -> list[tuple[bytes, int]]:
    import pypdfium2 as pdfium

    out = []
    for path in sorted(CORPUS.glob("*.scan.pdf")):
        data = path.read_bytes()
        out.extend((data, n) for n in range(1, len(pdfium.PdfDocument(data)) + 1))
    return out


def ours(job: tuple[bytes, int]) -> int:
    return len(ocr_page(*job))


def bare(png: str) -> int:
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    result = subprocess.run(
        ["tesseract", png, "-", "-l", "vie", "--psm", "6"], capture_output=True, env=env, check=True
    )
    return len(result.stdout)


def timed(fn, jobs, workers: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Wall seconds, and CPU seconds of this process and the processes it ran (a pool's workers,
    each `tesseract`), for `fn` over `jobs` on `workers` processes."""
    cpu_before = _cpu()
    started = time.perf_counter()
    if workers == 1:
        for job in jobs:
            fn(job)
    else:
        with ProcessPoolExecutor(workers) as pool:
            list(pool.map(fn, jobs))
    return time.perf_counter() - started, _cpu() - cpu_before


def _cpu() -> float:
    import resource

    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    os.environ["OMP_THREAD_LIMIT"] = "1"
    jobs = pages()
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as tmp:
        pngs = []
        for i, (data, number) in enumerate(jobs):
            png = Path(tmp) / f"page-{i}.png"
            Image.fromarray(render_page(data, number)).save(png)
            pngs.append(str(png))
        print(f"{len(jobs)} scanned pages; {cores} cores; median of {repeats} runs")
        results = {}
        for label, fn, work in (("our path", ours, jobs), ("bare tesseract", bare, pngs)):
            for workers in (1, cores):
                runs = [timed(fn, work, workers) for _ in range(repeats)]
                wall = statistics.median(w for w, _ in runs)
                cpu = statistics.median(c for _, c in runs)
                per_page = wall / len(jobs)
                results[(label, workers)] = per_page
                print(f"  {label:<15} {workers} process(es): {per_page:6.2f} s/page, "
                      f"CPU/wall {cpu / wall:4.2f}")  # fmt: skip
        ratio = results[("our path", 1)] / results[("bare tesseract", 1)]
        print(f"  our path / bare tesseract, one core: {ratio:.2f}×")
        both = results[("our path", cores)] / results[("bare tesseract", 1)]
        print(f"  our path on {cores} cores / bare tesseract page by page on one: {both:.2f}×")


if __name__ == "__main__":
    main()
