"""Warehouse fixtures: a fresh DuckDB file, and a fresh schema on the real PostgreSQL server.

PostgreSQL's URL comes from $DTI_TEST_POSTGRES_URL (default: the local server every
development and CI machine runs). Where it cannot be reached the PostgreSQL cases are
skipped, except under CI=true, where that is a failure: a skipped warehouse test proves
nothing.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.load.warehouse import Warehouse

POSTGRES_URL = os.environ.get("DTI_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
# The born-digital corpus (`corpus` below): 30 documents, one of them (seed 001, a meeting
# notice) not a DTI document, and the records all of them give.
CORPUS_DOCUMENTS = 30
CORPUS_RECORDS = 2021  # 2045 until the results decision's STT column stopped being 12 "indicators"


def _postgres_schema_url() -> Iterator[str]:
    import psycopg

    try:
        admin = psycopg.connect(POSTGRES_URL, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL at {POSTGRES_URL} is unreachable under CI: {exc}")
        pytest.skip(f"PostgreSQL at {POSTGRES_URL} is unreachable: {exc}")
    schema = f"dti_test_{uuid.uuid4().hex[:10]}"
    admin.execute(f"CREATE SCHEMA {schema}")
    separator = "&" if "?" in POSTGRES_URL else "?"
    try:
        yield f"{POSTGRES_URL}{separator}options=-csearch_path%3D{schema}"
    finally:
        admin.execute(f"DROP SCHEMA {schema} CASCADE")
        admin.close()


def load_result(warehouse: Warehouse, result, frameworks) -> None:
    """One extracted document loaded as a run loads it, and the scores feed built."""
    from pipeline.load.scores import refresh_scores

    warehouse.ensure_schema(frameworks)
    run = warehouse.begin_run([result.source_path], None, None, 1)
    warehouse.load(result, run, 0.1)
    warehouse.finish_run(run, "finished")
    refresh_scores(warehouse, frameworks)


@pytest.fixture(params=["duckdb", "postgresql"])
def warehouse_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL for an empty warehouse on each engine."""
    if request.param == "duckdb":
        yield str(tmp_path / "dti.duckdb")
    else:
        yield from _postgres_schema_url()


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The born-digital corpus (seeds and generated DOCX, PDF and text; 27 files) in a folder
    of its own, so warehouse tests do not wait on OCR of the scanned twins."""
    from tests.conftest import REPO

    root = tmp_path_factory.mktemp("corpus")
    for source in (REPO / "corpora" / "documents").rglob("*"):
        if source.suffix in (".txt", ".docx", ".pdf") and not source.name.endswith(".scan.pdf"):
            target = root / source.parent.name / source.name
            target.parent.mkdir(exist_ok=True)
            target.write_bytes(source.read_bytes())
    return root


@pytest.fixture
def postgres_url() -> Iterator[str]:
    yield from _postgres_schema_url()


def counts(url: str) -> dict[str, int]:
    with Warehouse(url) as warehouse:
        _, rows = warehouse.query(
            "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM indicator_records), "
            "(SELECT count(*) FROM figures), "
            "(SELECT count(*) FROM (SELECT DISTINCT document_sha256, position FROM indicator_records) d), "
            "(SELECT count(*) FROM (SELECT DISTINCT source_path FROM documents) p)"
        )
    documents, records, figures, distinct_records, distinct_paths = rows[0]
    return {
        "documents": documents, "records": records, "figures": figures,
        "duplicate_records": records - distinct_records, "duplicate_paths": documents - distinct_paths,
    }  # fmt: skip
