#!/usr/bin/env bash
# Set up, lint, then run the whole test suite. Arguments go to pytest
# (e.g. `-m "not slow"` for the quick subset). "No tests ran" (exit 5) is a failure.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/ruff check pipeline flows tests bench corpora
set +e
.venv/bin/python -m pytest "$@"
status=$?
set -e
if [ "$status" -eq 5 ]; then
  echo "run-tests: pytest collected no tests; treating that as a failure" >&2
  exit 1
fi
exit "$status"
