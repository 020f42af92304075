"""Corrections as data (`pipeline/load/corrections.py`): stored beside the record, applied by the
views, the exports and the scores feed, placed again after a re-extraction, never lost.

The warehouse holds the born-digital results decision `corpora/layouts/results-layout-00.pdf`,
whose Sở Xây dựng total is printed "786,64" while its seven pillars add up to 776,64."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest

from pipeline import api
from pipeline.checks import stored
from pipeline.errors import CorrectionConflictError, InvalidCorrectionError, UnknownRecordError
from pipeline.load import corrections, queries
from pipeline.load.review import Filters, queue
from pipeline.load.scores import refresh_scores
from pipeline.load.warehouse import Warehouse
from pipeline.models import Correction
from tests.conftest import REPO
from tests.load.conftest import _postgres_schema_url, load_result

RESULTS = REPO / "corpora" / "layouts" / "results-layout-00.pdf"


@pytest.fixture(scope="module")
def results_document():
    return api.extract(RESULTS)


@pytest.fixture
def loaded(warehouse_url: str, results_document, frameworks) -> Warehouse:
    with Warehouse(warehouse_url) as warehouse:
        load_result(warehouse, results_document, frameworks)
        yield warehouse


def total_of(warehouse: Warehouse, subject: str) -> dict:
    """The record stating a unit's DTI total, and the number of its stated-points figure."""
    row = warehouse.query_dicts(
        "SELECT r.document_sha256, r.position, f.figure_number, f.text FROM indicator_records r "
        "JOIN figures f ON f.document_sha256 = r.document_sha256 AND f.record_position = r.position "
        "WHERE r.subject = ? AND r.indicator_code = 'DTI' AND f.kind = 'points' AND f.field = 'score'",
        [subject],
    )
    assert len(row) == 1, row
    return row[0]


def stated_total(warehouse: Warehouse, subject: str, frameworks) -> tuple[float, float, bool, list[str]]:
    refresh_scores(warehouse, frameworks)
    row = warehouse.query_dicts(
        "SELECT stated_points, computed_points, consistent, check_details FROM score_items "
        "WHERE subject = ? AND code = 'DTI'",
        [subject],
    )[0]
    codes = [c.code for c in stored(row["check_details"])]
    return row["stated_points"], row["computed_points"], row["consistent"], codes


def test_a_corrected_total_feeds_the_scores_and_the_value_as_read_stays(loaded: Warehouse, frameworks) -> None:
    total = total_of(loaded, "Sở Xây dựng")
    assert total["text"] == "786,64"
    assert stated_total(loaded, "Sở Xây dựng", frameworks)[:3] == (786.64, 776.64, False)
    corrections.correct(loaded, total["document_sha256"], total["position"], f"figures.{total['figure_number']}.value",
                        "776,64", "lan", note="số in nhầm")
    stated, computed, consistent, codes = stated_total(loaded, "Sở Xây dựng", frameworks)
    assert (stated, computed, consistent) == (776.64, 776.64, True)
    assert "corrected" in codes
    raw = loaded.query_dicts(
        "SELECT value, text FROM figures WHERE document_sha256 = ? AND record_position = ? AND figure_number = ?",
        [total["document_sha256"], total["position"], total["figure_number"]],
    )
    assert raw == [{"value": 786.64, "text": "786,64"}]


def test_the_figures_export_gives_the_corrected_value_beside_the_one_read(loaded: Warehouse) -> None:
    total = total_of(loaded, "Sở Xây dựng")
    corrections.correct(loaded, total["document_sha256"], total["position"],
                        f"figures.{total['figure_number']}.value", 776.64, "lan")  # fmt: skip
    columns, rows = queries.export(loaded, "figures")
    figures = [dict(zip(columns, row, strict=True)) for row in rows]
    mine = [f for f in figures if f["subject"] == "Sở Xây dựng" and f["indicator_code"] == "DTI" and f["kind"] == "points"
            and f["field"] == "score"]  # fmt: skip
    assert [(f["value"], f["value_as_read"], f["text"], f["corrected"]) for f in mine] == [
        (776.64, 786.64, "786,64", True)
    ]


def test_an_item_corrected_or_accepted_leaves_the_queue(loaded: Warehouse) -> None:
    refresh_scores(loaded, api.frameworks())
    before = queue(loaded, Filters(kind="total_disagrees"))
    assert {i.subject for i in before} == {"Sở Xây dựng", "thành phố Phan Thiết"}
    phan_thiet = next(i for i in before if i.subject == "thành phố Phan Thiết")
    assert (phan_thiet.value_as_read, phan_thiet.suggestion) == ("665,59", "655,59")
    corrections.correct(loaded, phan_thiet.document_sha256, phan_thiet.position, phan_thiet.field,
                        phan_thiet.value_as_read, "lan", note="chấp nhận như đã đọc")  # fmt: skip
    after = queue(loaded, Filters(kind="total_disagrees"))
    assert [i.subject for i in after] == ["Sở Xây dựng"]


def test_the_queue_narrows_to_a_unit(loaded: Warehouse) -> None:
    refresh_scores(loaded, api.frameworks())
    items = queue(loaded, Filters(subject="thành phố Phan Thiết"))
    assert items and {i.subject for i in items} == {"thành phố Phan Thiết"}
    assert items[0].kind == "total_disagrees"


def test_a_correction_of_an_unknown_record_is_refused(loaded: Warehouse) -> None:
    sha = total_of(loaded, "Sở Xây dựng")["document_sha256"]
    with pytest.raises(UnknownRecordError, match="no record at position 9999"):
        corrections.correct(loaded, sha, 9999, "period", 2022, "lan")


def test_an_unknown_field_is_refused_with_what_is_accepted(loaded: Warehouse) -> None:
    total = total_of(loaded, "Sở Xây dựng")
    with pytest.raises(InvalidCorrectionError, match=r"unknown field 'diem'; accepted: printed_code .*figures\.N\.value"):
        corrections.correct(loaded, total["document_sha256"], total["position"], "diem", "1", "lan")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("period", "năm ngoái", "takes a year from 1990 to 2100"),
        ("period", 1890, "takes a year from 1990 to 2100"),
        ("figures.1.value", "bảy trăm", "takes a number"),
        ("figures.7.value", 1, "the record has 3 figure"),
        ("indicator_code", "9.9", "'9.9' is not a code of framework"),
        ("subject", "Sở Không Có", "not a unit the gazetteer knows"),
    ],
)
def test_a_value_of_the_wrong_type_is_refused(loaded: Warehouse, field: str, value: object, message: str) -> None:
    total = total_of(loaded, "Sở Xây dựng")
    with pytest.raises(InvalidCorrectionError, match=message):
        corrections.correct(loaded, total["document_sha256"], total["position"], field, value, "lan")


def test_a_correction_made_since_the_reviewer_looked_is_a_conflict(loaded: Warehouse) -> None:
    total = total_of(loaded, "Sở Xây dựng")
    field = f"figures.{total['figure_number']}.value"
    first = corrections.correct(loaded, total["document_sha256"], total["position"], field, "776,64", "lan",
                                based_on=None)  # fmt: skip
    with pytest.raises(CorrectionConflictError, match="corrected by another reviewer"):
        corrections.correct(loaded, total["document_sha256"], total["position"], field, "786,64", "minh",
                            based_on=None)  # fmt: skip
    second = corrections.correct(loaded, total["document_sha256"], total["position"], field, "786,64", "minh",
                                 based_on=first.correction_id)  # fmt: skip
    assert [c.value for c in corrections.corrections(loaded, total["document_sha256"])] == ["776.64", "786.64"]
    assert second.based_on == first.correction_id


def test_a_subject_is_stored_in_its_canonical_form(loaded: Warehouse) -> None:
    total = total_of(loaded, "Sở Xây dựng")
    stored = corrections.correct(loaded, total["document_sha256"], total["position"], "subject", "Sở Y tế", "lan")
    assert stored.value == "Sở Y tế"
    [record] = queries.reviewed_records(loaded, total["document_sha256"], position=total["position"])
    assert (record["subject"], record["subject_name"], record["corrected"]) == ("Sở Y tế", "Sở Xây dựng", ["subject"])


def test_a_corrected_cell_is_read_again_by_the_pipelines_parser(loaded: Warehouse) -> None:
    total = total_of(loaded, "Sở Xây dựng")
    corrections.correct(loaded, total["document_sha256"], total["position"], "fields.score", "776,64", "lan")
    [record] = queries.reviewed_records(loaded, total["document_sha256"], position=total["position"])
    assert record["fields"]["score"] == "776,64" and record["fields_as_read"]["score"] == "786,64"
    points = [(f["value"], f["text"], f["text_as_read"]) for f in record["figures"] if f["field"] == "score"]
    assert points == [(776.64, "776,64", "786,64")]


@pytest.fixture
def postgres_loaded(results_document, frameworks) -> Warehouse:
    """PostgreSQL only: one DuckDB file takes one writing process, concurrency is PostgreSQL's."""
    for url in _postgres_schema_url():
        with Warehouse(url) as warehouse:
            load_result(warehouse, results_document, frameworks)
            yield warehouse


def test_concurrent_reviewers_lose_no_correction(postgres_loaded: Warehouse) -> None:
    loaded = postgres_loaded
    records = loaded.query_dicts("SELECT document_sha256, position FROM indicator_records ORDER BY position LIMIT 40")
    errors: list[BaseException] = []

    def review(reviewer: str, rows: list[dict]) -> None:
        try:
            with Warehouse(loaded.url) as own:
                for row in rows:
                    corrections.correct(own, row["document_sha256"], row["position"], "status", f"xem bởi {reviewer}",
                                        reviewer)  # fmt: skip
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=review, args=(f"r{n}", records)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(corrections.corrections(loaded)) == 4 * len(records)
    assert loaded.query("SELECT count(*) FROM current_corrections")[1][0][0] == len(records)


def ingested_and_corrected(tmp_path: Path) -> tuple[Path, str, Correction]:
    """The results decision ingested from a folder of its own, its Sở Xây dựng total corrected."""
    document = tmp_path / "results.pdf"
    shutil.copy(RESULTS, document)
    db = str(tmp_path / "dti.duckdb")
    api.ingest([document], db=db)
    with Warehouse(db) as warehouse:
        total = total_of(warehouse, "Sở Xây dựng")
        made = corrections.correct(warehouse, total["document_sha256"], total["position"],
                                   f"figures.{total['figure_number']}.value", "776,64", "lan")  # fmt: skip
    return document, db, made


def test_a_correction_follows_its_record_through_a_forced_reextraction(tmp_path: Path) -> None:
    document, db, made = ingested_and_corrected(tmp_path)
    summary = api.ingest([document], db=db, force=True)
    assert summary.ok == 1 and summary.skipped == 0
    with Warehouse(db) as warehouse:
        [again] = corrections.corrections(warehouse)
        assert (again.correction_id, again.state, again.position) == (made.correction_id, "placed", made.position)
        assert api.scores(db, subject="Sở Xây dựng")[1]
        stated = warehouse.query("SELECT stated_points FROM score_items WHERE subject = 'Sở Xây dựng' AND code = 'DTI'")
        assert stated[1] == [(776.64,)]


def test_a_correction_no_record_takes_is_kept_as_orphaned(tmp_path: Path) -> None:
    document, db, _ = ingested_and_corrected(tmp_path)
    shutil.copy(REPO / "corpora" / "layouts" / "results-layout-01.pdf", document)  # another file at that path
    api.ingest([document], db=db)
    orphans = api.list_corrections(db, state="orphaned")
    assert [(c.value_as_read, c.value, c.position, c.anchor["subject_name"]) for c in orphans] == [
        ("786.64", "776.64", None, "Sở Xây dựng")
    ]


def test_a_corrected_code_rematches_the_record_to_the_frameworks_indicator(loaded: Warehouse) -> None:
    [row] = loaded.query_dicts(
        "SELECT document_sha256, position, framework FROM indicator_records "
        "WHERE subject = ? AND indicator_code = '1'",
        ["Sở Xây dựng"],
    )
    corrections.correct(loaded, row["document_sha256"], row["position"], "printed_code", "2", "lan")
    corrections.correct(loaded, row["document_sha256"], row["position"], "indicator_code", "2", "lan")
    [record] = queries.reviewed_records(loaded, row["document_sha256"], position=row["position"])
    name = loaded.query("SELECT name FROM indicators WHERE framework_id = ? AND code = '2'", [row["framework"]])[1][0][0]
    assert (record["printed_code"], record["indicator_code"], record["indicator_name"], record["match_status"]) == (
        "2", "2", name, "matched"
    )
    assert record["corrected"] == ["indicator_code", "printed_code"]
    as_read = loaded.query_dicts("SELECT printed_code, indicator_code FROM indicator_records WHERE document_sha256 = ? "
                                 "AND position = ?", [row["document_sha256"], row["position"]])  # fmt: skip
    assert as_read == [{"printed_code": None, "indicator_code": "1"}]
