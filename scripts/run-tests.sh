#!/usr/bin/env bash
# Set up, lint, then run the whole test suite. Arguments go to pytest
# (e.g. `-m "not slow"` for the quick subset). "No tests ran" (exit 5) is a failure.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/ruff check pipeline flows tests bench corpora
# The layer order of DESIGN.md (contracts in pyproject.toml): a lower layer importing a higher one fails.
imports_log=$(mktemp)
.venv/bin/lint-imports --no-cache > "$imports_log" 2>&1 || { cat "$imports_log"; exit 1; }
grep -E "^Contracts:" "$imports_log"
rm -f "$imports_log"
set +e
# Both cores: two workers, each test file kept on one (its module fixtures built once).
.venv/bin/python -m pytest -n 2 --dist loadfile "$@"
status=$?
set -e
if [ "$status" -eq 5 ]; then
  echo "run-tests: pytest collected no tests; treating that as a failure" >&2
  exit 1
fi
exit "$status"
