"""`python -m corpora.build [--check] [--only ID ...]`: rebuild the generated corpus."""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from corpora.build import OUT, build, differences


def main() -> None:
    parser = argparse.ArgumentParser(
        description=sys.modules["corpora.build"].__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--out", type=Path, default=OUT, help="output folder (default: %(default)s)")
    parser.add_argument("--only", nargs="*", help="build only these spec ids")
    parser.add_argument("--check", action="store_true", help="rebuild in a temporary folder and compare")
    args = parser.parse_args()
    if args.check:
        with tempfile.TemporaryDirectory() as tmp:
            build(Path(tmp), set(args.only or ()))
            changed = list(differences(Path(tmp), args.out))
        print("identical" if not changed else f"differ: {', '.join(changed)}")
        raise SystemExit(1 if changed else 0)
    build(args.out, set(args.only or ()))


if __name__ == "__main__":
    main()
