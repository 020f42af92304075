#!/usr/bin/env bash
# Set up, then run the main job on the bundled sample corpus (the five source documents,
# the generated plans in DOCX, PDF, text and legacy fonts, and their scanned twins) into
# the embedded DuckDB file (dti.duckdb, or $DTI_DB), then list the run and what the
# warehouse holds, and write the report (report/report.html, report/report.xlsx).
# Re-running skips what is already loaded.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
db="${DTI_DB:-dti.duckdb}"
.venv/bin/dti frameworks
.venv/bin/dti ingest corpora/documents --db "$db"
.venv/bin/dti runs --db "$db" --limit 3
.venv/bin/dti subjects --db "$db"
.venv/bin/dti export --db "$db" --what coverage --csv coverage.csv
.venv/bin/dti scores --db "$db" --inconsistent
.venv/bin/dti report --db "$db" --out report
