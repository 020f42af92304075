"""Review server fixtures: a warehouse on each engine holding the born-digital results decision
`corpora/layouts/results-layout-00.pdf` (Sở Xây dựng's total printed "786,64", its pillars
adding up to 776,64), and the application over it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from pipeline import api
from pipeline.load.warehouse import Warehouse
from pipeline.web.app import ServeSettings, create_app
from tests.conftest import REPO
from tests.load.conftest import load_result, warehouse_url  # noqa: F401 - the fixture, on both engines

RESULTS = REPO / "corpora" / "layouts" / "results-layout-00.pdf"


@pytest.fixture(scope="session")
def results_document():
    return api.extract(RESULTS)


@pytest.fixture
def results_db(warehouse_url: str, results_document, frameworks) -> str:  # noqa: F811
    with Warehouse(warehouse_url) as warehouse:
        load_result(warehouse, results_document, frameworks)
    return warehouse_url


@pytest.fixture
def client(results_db: str) -> Iterator[TestClient]:
    with TestClient(create_app(ServeSettings(results_db))) as test_client:
        yield test_client
