#!/usr/bin/env bash
# Set up dti-ingest on a fresh machine: system packages (when missing), a virtual
# environment in .venv, and the package with its development tools. Safe to re-run.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3}"
# System packages, installed only when missing (OCR and conversion tools join this list
# with the issues that need them).
missing=()
"$PYTHON" -m venv --help >/dev/null 2>&1 || missing+=(python3-venv)
if ((${#missing[@]})); then
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  echo "setup: installing system packages: ${missing[*]}"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}"
fi

if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv"
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e ".[dev]"
echo "setup: ready ($(.venv/bin/dti --version))"
