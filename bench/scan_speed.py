"""Wall time of `dti extract` on a held-out noisy scan against bare Tesseract, whole processes.

Run: .venv/bin/python bench/scan_speed.py [RUNS]

The scan is the held-out plan degraded by the held-out `scan-200-jpeg40` profile (a 200 dpi JPEG
scan with a scanner's noise; `corpora/build/degrade.py`). Each run times, one after another,
whole processes as a user starts them: `dti extract scan.pdf`, and bare `tesseract page.png - -l
vie --psm 6` page by page on the same pages. Bare Tesseract is timed twice: as installed (OpenMP
starts several threads a process, which on two cores fight each other) and with
`OMP_THREAD_LIMIT=1` (its fastest form here). Medians of RUNS paired runs (default 3), the
ratios, and CPU/wall (2.0: both cores busy).
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from corpora.build.degrade import BY_NAME, degraded_pdf  # noqa: E402

PLAN, SEED, PROFILE = "agency-sonnptnt-2024", 101, "scan-200-jpeg40"
DTI = str(Path(sys.executable).with_name("dti"))


def timed(commands: list[list[str]], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall and CPU seconds of `commands` run one after another (each a whole process)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    for command in commands:
        subprocess.run(command, capture_output=True, check=True, env=env)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    profile = BY_NAME[PROFILE]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        pdf = degraded_pdf(ROOT / "corpora" / "documents" / "generated" / f"{PLAN}.pdf", profile, SEED,
                           folder / "scan.pdf")  # fmt: skip
        scale = profile.dpi / 72
        pages = [Image.fromarray(page.render(scale=scale, grayscale=True).to_numpy().copy())
                 for page in pdfium.PdfDocument(pdf)]  # fmt: skip
        pngs = []
        for number, page in enumerate(pages, 1):
            pngs.append(folder / f"page-{number}.png")
            page.save(pngs[-1])
        bare = [["tesseract", str(png), "-", "-l", "vie", "--psm", "6"] for png in pngs]
        one_thread = {**os.environ, "OMP_THREAD_LIMIT": "1"}
        cases = {
            "dti extract scan.pdf": ([[DTI, "extract", str(pdf)]], None),
            "bare tesseract, as installed": (bare, None),
            "bare tesseract, OMP_THREAD_LIMIT=1": (bare, one_thread),
        }
        measured: dict[str, list[tuple[float, float]]] = {name: [] for name in cases}
        for _ in range(runs):
            for name, (commands, env) in cases.items():
                measured[name].append(timed(commands, env))
        print(f"{PROFILE} of {PLAN} (seed {SEED}): {len(pages)} pages at {profile.dpi} dpi; "
              f"{os.cpu_count()} cores; median of {runs} paired runs")  # fmt: skip
        walls = {}
        for name, results in measured.items():
            wall = statistics.median(w for w, _ in results)
            cpu = statistics.median(c for _, c in results)
            walls[name] = wall
            print(f"  {name:<36} {wall:6.2f} s  ({wall / len(pages):.2f} s/page)  CPU/wall {cpu / wall:4.2f}")
        for ours in ("dti extract scan.pdf",):
            for bare_name in ("bare tesseract, as installed", "bare tesseract, OMP_THREAD_LIMIT=1"):
                print(f"  {ours} / {bare_name}: {walls[ours] / walls[bare_name]:.2f}×")


if __name__ == "__main__":
    main()
