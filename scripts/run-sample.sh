#!/usr/bin/env bash
# Set up, then run the main job on the bundled sample corpus into the embedded DuckDB
# file (dti.duckdb, or $DTI_DB) and print a summary.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/dti frameworks
.venv/bin/dti ingest corpora/documents/seeds --db "${DTI_DB:-dti.duckdb}"
