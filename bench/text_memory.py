"""Peak memory and time of reading a large plain-text export (a benchmark, not a test).

Writes a text file of seed 004 repeated to `--megabytes` (200 by default: the largest file
`dti` reads) in a temporary folder, reads it with `read_document` in a fresh process, and
prints the child's peak resident memory and wall time.

    .venv/bin/python bench/text_memory.py --megabytes 200
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "corpora" / "documents" / "seeds" / "004_6f4a9049a3052fe7.txt"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ke-hoach-lon.txt"
        seed = SEED.read_bytes()
        target = args.megabytes * 1_000_000
        with path.open("wb") as handle:
            copy = 0
            while handle.tell() < target:
                handle.write(seed + f"\nBản sao {copy}\n".encode())
                copy += 1
        started = time.perf_counter()
        code = (
            "import sys; from pipeline.extract import read_document; "
            "print(len(read_document(sys.argv[1]).blocks))"
        )
        run = subprocess.run([sys.executable, "-c", code, str(path)], cwd=REPO, capture_output=True,
                             text=True, check=True)  # fmt: skip
        seconds = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        size = path.stat().st_size / 1e6
        print(f"{size:.0f} MB text, {run.stdout.strip()} blocks: {seconds:.1f} s, peak {peak:.0f} MiB")


if __name__ == "__main__":
    main()
