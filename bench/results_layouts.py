"""Share of a results decision's values placed at their unit and year, per layout variant and format.

Reads the variants `python -m corpora.build.results_layouts` writes and prints, for the half asked
(`dev`, the development half, or `held-out`, never looked at while the reader changed), one line
per variant and format and the totals per format, with seconds per document.

    python bench/results_layouts.py --half held-out
    python bench/results_layouts.py --half dev --formats .docx .xlsx --show-missing
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from corpora.build.results_layouts import OUT
from pipeline import api
from pipeline.evaluate_results import Placement, gold_values, placement

FORMATS = (".docx", ".pdf", ".xlsx", ".csv", ".scan.pdf")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--half", choices=("dev", "held-out", "all"), default="dev")
    parser.add_argument("--formats", nargs="*", default=list(FORMATS))
    parser.add_argument("--only", nargs="*", help="variant ids")
    parser.add_argument("--show-missing", action="store_true")
    args = parser.parse_args()
    totals = {suffix: Placement() for suffix in args.formats}
    seconds = {suffix: 0.0 for suffix in args.formats}
    counts = {suffix: 0 for suffix in args.formats}
    for gold_path in sorted(OUT.glob("*.values.json")):
        name = gold_path.name.removesuffix(".values.json")
        held_out = json.loads(gold_path.read_text(encoding="utf-8"))["held_out"]
        if (args.half == "dev" and held_out) or (args.half == "held-out" and not held_out):
            continue
        if args.only and name not in args.only:
            continue
        for suffix in args.formats:
            path = OUT / f"{name}{suffix}"
            if not path.exists():
                continue
            start = time.perf_counter()
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
            year = gold["layout"]["year"] if suffix == ".csv" else None  # a CSV export names no year: told
            try:
                result = api.extract(path, year=year)
            except Exception as error:  # a bench reports every failure and goes on
                print(f"{name}{suffix}: {type(error).__name__}: {error}")
                continue
            seconds[suffix] += time.perf_counter() - start
            counts[suffix] += 1
            score = placement(result, gold_values(gold_path, suffix))
            totals[suffix].add(score)
            print(f"{name}{suffix:10} {score.placed:4}/{score.total:<4} {score.share:7.2%}"
                  f"  misplaced {score.misplaced}"
                  f"  [{result.status}, {result.framework}]")  # fmt: skip
            if args.show_missing:
                for line in score.missing[:8]:
                    print("    missing", line)
    print(f"\n{args.half} half")
    for suffix, score in totals.items():
        if counts[suffix]:
            print(f"{suffix:10} {score.placed:5}/{score.total:<5} {score.share:7.2%}"
                  f"  misplaced {score.misplaced:3}"
                  f"  {seconds[suffix] / counts[suffix]:6.2f} s/document")  # fmt: skip


if __name__ == "__main__":
    main()
