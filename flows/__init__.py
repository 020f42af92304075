"""Prefect flows over `pipeline/` (per document, batch, province, year): issue 6 builds them.

Until then `dti ingest` runs the same stages in process; no extraction logic will live here.
"""
