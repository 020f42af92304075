"""Review server fixtures: a warehouse on each engine holding the born-digital results decision
`corpora/layouts/results-layout-00.pdf` (Sở Xây dựng's total printed "786,64", its pillars
adding up to 776,64), and the application over it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from pipeline import api
from pipeline.load.scores import refresh_scores
from pipeline.load.warehouse import Warehouse
from pipeline.web.app import ServeSettings, create_app
from tests.conftest import REPO
from tests.load.conftest import warehouse_url  # noqa: F401 - the fixture, on both engines

RESULTS = REPO / "corpora" / "layouts" / "results-layout-00.pdf"


@pytest.fixture(scope="session")
def results_document():
    return api.extract(RESULTS)


@pytest.fixture
def results_db(warehouse_url: str, results_document, frameworks) -> str:  # noqa: F811
    with Warehouse(warehouse_url) as warehouse:
        warehouse.ensure_schema(frameworks)
        run = warehouse.begin_run([str(RESULTS)], None, None, 1)
        warehouse.load(results_document, run, 0.1)
        warehouse.finish_run(run, "finished")
        refresh_scores(warehouse, frameworks)
    return warehouse_url


@pytest.fixture
def client(results_db: str) -> Iterator[TestClient]:
    with TestClient(create_app(ServeSettings(results_db))) as test_client:
        yield test_client
