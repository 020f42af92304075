"""Throughput of `extract_file` on the sample corpus: seconds per document and records/s.

Run: .venv/bin/python bench/extract_seeds.py [REPEATS]
Prints one line per document (median of REPEATS runs after one warm-up) and a total.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from pipeline.frameworks import load_frameworks
from pipeline.process import extract_file

SEEDS = Path(__file__).resolve().parents[1] / "corpora" / "documents" / "seeds"


def main(repeats: int = 5) -> None:
    frameworks = load_frameworks()
    total_seconds = total_records = 0.0
    for path in sorted(SEEDS.glob("*.txt")):
        extract_file(path, frameworks)  # warm-up: caches, spaCy, underthesea
        timings = []
        for _ in range(repeats):
            started = time.perf_counter()
            result = extract_file(path, frameworks)
            timings.append(time.perf_counter() - started)
        median = statistics.median(timings)
        total_seconds += median
        total_records += len(result.records)
        print(f"{path.name:32} {median * 1000:8.1f} ms  {len(result.records):4d} records  {result.framework}")
    print(
        f"{'total':32} {total_seconds * 1000:8.1f} ms  {int(total_records):4d} records  "
        f"{total_records / total_seconds:.0f} records/s"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
