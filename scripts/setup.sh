#!/usr/bin/env bash
# Set up dti-ingest on a fresh machine: system packages (when missing), a virtual
# environment in .venv, and the package with its development tools. Safe to re-run.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3}"
# System packages, installed only when missing: Tesseract with its Vietnamese model (scans),
# LibreOffice Writer headless (.doc -> .docx, the corpus's DOCX -> PDF) and poppler's
# pdftoppm/pdftotext (rasterising scans, the corpus build's page oracle).
missing=()
"$PYTHON" -m venv --help >/dev/null 2>&1 || missing+=(python3-venv)
command -v tesseract >/dev/null 2>&1 || missing+=(tesseract-ocr)
tesseract --list-langs 2>/dev/null | grep -qx vie || missing+=(tesseract-ocr-vie)
# Orientation and script detection: a page fed upside down or sideways is turned upright.
tesseract --list-langs 2>/dev/null | grep -qx osd || missing+=(tesseract-ocr-osd)
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-writer-nogui)
# LibreOffice Calc converts Excel 97-2003 workbooks (.xls) to .xlsx.
if command -v dpkg >/dev/null 2>&1; then
  dpkg -s libreoffice-calc-nogui >/dev/null 2>&1 || dpkg -s libreoffice-calc >/dev/null 2>&1 \
    || missing+=(libreoffice-calc-nogui)
fi
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
fc-list 2>/dev/null | grep -qi "DejaVuSans" || missing+=(fonts-dejavu-core)
fc-list 2>/dev/null | grep -qi "LiberationSerif" || missing+=(fonts-liberation2)
# Headless Chromium opens the report in the browser test (network off, console checked).
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
if ((${#missing[@]})); then
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  echo "setup: installing system packages: ${missing[*]}"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv"
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e ".[dev]"
echo "setup: ready ($(.venv/bin/dti --version))"
