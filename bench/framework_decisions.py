"""The framework importer on the generated decisions: entries read exactly, per variant and format,
and the province's agency plan matched on the imported framework.

    python bench/framework_decisions.py --half held-out     # the untouched half
    python bench/framework_decisions.py --half dev --formats docx,pdf
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from pipeline.evaluate_frameworks import FORMATS, evaluate

FOLDER = Path(__file__).resolve().parents[1] / "corpora" / "framework_decisions"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--half", choices=("dev", "held-out", "all"), default="held-out")
    parser.add_argument("--formats", default=",".join(FORMATS))
    args = parser.parse_args()
    started = time.perf_counter()
    imports, plans = evaluate(FOLDER, args.half, tuple(args.formats.split(",")))
    print(f"{'variant':24} {'format':9} {'levels':6} {'exact':>9} {'extra':>5} {'general':>7} {'rules':>7} "
          f"{'summary':>7} {'doubts':>6}")  # fmt: skip
    for s in imports:
        rules = f"{s.rules_right}/{s.rules_gold}" if s.rules_gold else "-"
        levels = "ok" if s.levels_right else "WRONG"
        print(f"{s.name:24} {s.fmt:9} {levels:6} {s.exact:>4}/{s.gold_entries:<4} "
              f"{s.extra:>5} {s.general_leaked:>7} {rules:>7} {'ok' if s.summary_named else 'MISSED':>7} "
              f"{s.false_doubts:>6}")  # fmt: skip
    for fmt in sorted({s.fmt for s in imports}):
        these = [s for s in imports if s.fmt == fmt]
        exact, total = sum(s.exact for s in these), sum(s.gold_entries for s in these)
        print(f"{fmt}: {exact}/{total} entries exact ({exact / total:.3f}); "
              f"extra {sum(s.extra for s in these)}; "
              f"general as indicators {sum(s.general_leaked for s in these)}; "
              f"false doubts {sum(s.false_doubts for s in these)}")  # fmt: skip
    print(f"\n{'plan of':24} {'framework chosen':28} {'recall':>6} {'precision':>9} {'codes':>6}")
    for p in plans:
        chosen = p.framework if p.framework == p.expected else f"{p.framework} (want {p.expected})"
        print(f"{p.name:24} {chosen:28} {p.recall:6.3f} {p.precision:9.3f} {p.codes_exact:6.3f}")
    print(f"\n{args.half}: {len(imports)} files, {len(plans)} plans in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
