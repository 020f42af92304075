"""The warehouse on the real engines: idempotent, atomic per document, safe to re-run."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from pipeline.batch import items_from_manifest, items_from_paths, run_batch
from pipeline.errors import DocumentLoadError
from pipeline.frameworks import load_frameworks
from pipeline.load import queries
from pipeline.load.warehouse import Warehouse
from pipeline.models import DocumentResult, Framework
from tests.conftest import GENERATED, SEED_FILES
from tests.load.conftest import CORPUS_DOCUMENTS, CORPUS_RECORDS, counts


def test_the_corpus_loaded_twice_gives_the_same_rows_and_no_duplicates(corpus: Path, warehouse_url: str):
    items = items_from_paths([corpus], province="Đắk Nông")
    with Warehouse(warehouse_url) as warehouse:
        first = run_batch(items, warehouse, inputs=[str(corpus)], workers=2)
    after_first = counts(warehouse_url)
    with Warehouse(warehouse_url) as warehouse:
        second = run_batch(items, warehouse, inputs=[str(corpus)], workers=2)
    assert (first.ok, first.not_dti, first.failed, first.records) == (
        CORPUS_DOCUMENTS - 1,
        1,
        0,
        CORPUS_RECORDS,
    )
    assert (second.ok, second.skipped, second.records) == (0, CORPUS_DOCUMENTS, 0)
    assert counts(warehouse_url) == after_first
    assert after_first["documents"] == CORPUS_DOCUMENTS
    assert after_first["records"] == CORPUS_RECORDS
    assert after_first["duplicate_records"] == after_first["duplicate_paths"] == 0


def test_loading_a_newer_extraction_of_the_same_file_replaces_the_older(
    warehouse_url: str, seed_results: dict[str, DocumentResult]
):
    result = seed_results["004"]
    with Warehouse(warehouse_url) as warehouse:
        warehouse.ensure_schema({})
        run = warehouse.begin_run(["004"], None, None, 1)
        warehouse.load(replace(result, records=result.records[:3]), run, 0.1)
        warehouse.load(result, run, 0.1)
        _, rows = warehouse.query("SELECT count(*) FROM indicator_records")
    assert rows[0][0] == 16


def test_a_document_that_fails_to_load_leaves_the_previous_version_whole(
    warehouse_url: str, seed_results: dict[str, DocumentResult]
):
    result = seed_results["004"]
    broken_record = replace(result.records[-1], printed_name=None)  # NOT NULL in the schema
    with Warehouse(warehouse_url) as warehouse:
        warehouse.ensure_schema({})
        run = warehouse.begin_run(["004"], None, None, 1)
        warehouse.load(result, run, 0.1)
        with pytest.raises(
            DocumentLoadError, match=r"004_6f4a9049a3052fe7.txt: the warehouse refused .*printed_name"
        ):
            warehouse.load(replace(result, records=(*result.records[:-1], broken_record)), run, 0.1)
    assert counts(warehouse_url)["records"] == 16


def test_the_coverage_view_reports_seed_000s_missing_slot(
    warehouse_url: str, frameworks: dict[str, Framework]
):
    with Warehouse(warehouse_url) as warehouse:
        run_batch(items_from_paths([SEED_FILES["000"]]), warehouse, inputs=["000"])
        _, rows = warehouse.query("SELECT indicator_code, state FROM coverage WHERE state <> 'present'")
    assert rows == [("6.13", "omitted")]


def test_latest_figures_keep_the_newest_document_per_agency_indicator_and_year(
    tmp_path: Path, warehouse_url: str
):
    manifest = tmp_path / "so-tttt.csv"
    manifest.write_text(
        "path,province,agency,year\n"
        f"{GENERATED / 'agency-stttt-2024.docx'},Đắk Nông,Sở TT&TT,2024\n"  # issued 15/01/2024
        f"{GENERATED / 'agency-soct-2024.docx'},Đắk Nông,Sở TT&TT,2024\n",  # issued 28/02/2024
        encoding="utf-8",
    )
    with Warehouse(warehouse_url) as warehouse:
        run_batch(items_from_manifest(manifest), warehouse, inputs=[str(manifest)])
        _, rows = warehouse.query(
            "SELECT agency, year, source_path, issued_on FROM latest_figures WHERE indicator_code = '6.2'"
        )
    assert [(agency, year, Path(path).name, str(issued)) for agency, year, path, issued in rows] == [
        ("Sở TT&TT", 2024, "agency-soct-2024.docx", "2024-02-28")
    ]


def test_a_manifest_gives_each_file_its_province_agency_and_year(tmp_path: Path, warehouse_url: str):
    manifest = tmp_path / "dak-nong.csv"
    manifest.write_text(
        "path,province,agency,year\n"
        f"{GENERATED / 'agency-soyte-2025.docx'},Đắk Nông,Sở Y tế,2024\n"
        f"{GENERATED / 'district-krongno-2024.pdf'},Đắk Nông,UBND huyện Krông Nô,2024\n",
        encoding="utf-8",
    )
    with Warehouse(warehouse_url) as warehouse:
        run_batch(items_from_manifest(manifest), warehouse, inputs=[str(manifest)])
        _, rows = warehouse.query("SELECT province, agency, year, issuer FROM documents ORDER BY agency")
    assert rows == [
        ("Đắk Nông", "Sở Y tế", 2024, "Sở Y tế tỉnh Đắk Nông"),  # the issuer in full, from both lines
        ("Đắk Nông", "UBND huyện Krông Nô", 2024, "Ủy ban nhân dân huyện Krông Nô"),
    ]


def test_a_broken_file_is_recorded_with_its_reason_and_the_batch_goes_on(tmp_path: Path, warehouse_url: str):
    broken = tmp_path / "bao-cao-hong.pdf"
    broken.write_bytes(b"%PDF-1.7 truncated")
    items = items_from_paths([broken, SEED_FILES["004"]])
    with Warehouse(warehouse_url) as warehouse:
        summary = run_batch(items, warehouse, inputs=["x"])
        _, failures = queries.failures(warehouse, summary.run_id)
    assert (summary.ok, summary.failed) == (1, 1)
    assert failures[0][1:3] == (str(broken), "failed")
    assert f"{broken}: not a readable PDF" in failures[0][3]


def test_a_batch_keeps_ok_partial_failed_and_not_dti_apart(tmp_path: Path, warehouse_url: str):
    import zipfile

    from tests.conftest import REALDOCS

    partial = tmp_path / "ke-hoach-hong-styles.docx"
    data = bytearray((GENERATED / "agency-soct-2024.docx").read_bytes())
    member = zipfile.ZipFile(GENERATED / "agency-soct-2024.docx").getinfo("word/styles.xml")
    start = member.header_offset + 30 + len(member.filename.encode()) + len(member.extra)
    data[start + 10 : start + 40] = bytes(b ^ 0x5A for b in data[start + 10 : start + 40])
    partial.write_bytes(bytes(data))
    broken = tmp_path / "bao-cao-hong.pdf"
    broken.write_bytes(b"%PDF-1.7 truncated")
    not_dti = REALDOCS / "ND-356-2025-CP_bao-ve-du-lieu-ca-nhan.docx"
    items = items_from_paths([SEED_FILES["004"], partial, broken, not_dti])
    with Warehouse(warehouse_url) as warehouse:
        summary = run_batch(items, warehouse, inputs=["x"])
        _, runs = queries.runs(warehouse)
        _, failures = queries.failures(warehouse, summary.run_id)
        _, covered = warehouse.query(
            "SELECT count(*) FROM coverage c JOIN documents d USING (document_sha256) WHERE d.source_path = ?",
            [str(not_dti)],
        )
    assert (summary.ok, summary.partial, summary.failed, summary.not_dti) == (1, 1, 1, 1)
    assert runs[0][4:9] == (1, 1, 1, 1, 0)  # ok, partial, failed, not_dti, skipped
    assert {(Path(path).name, status) for _, path, status, _, _ in failures} == {
        ("ke-hoach-hong-styles.docx", "partial"),
        ("bao-cao-hong.pdf", "failed"),
    }
    assert covered == [(0,)]


def test_the_series_and_omissions_views_answer_by_unit_and_year(warehouse_url: str):
    from pipeline.load.queries import subject_series

    items = items_from_paths(
        [GENERATED / "results-daknong-2023.docx", GENERATED / "compiled-plans-daknong-2024.pdf"]
    )
    with Warehouse(warehouse_url) as warehouse:
        run_batch(items, warehouse, inputs=["x"])
        _, series = subject_series(warehouse, "H. Krông Nô")
        _, omitting = warehouse.query(
            "SELECT DISTINCT subject FROM omissions WHERE indicator_code = '6.13' ORDER BY subject"
        )
        _, units = queries.subjects(warehouse)
    assert {(unit, period, code) for unit, period, code, *_ in series} >= {
        ("huyện Krông Nô", 2023, "DTI"), ("huyện Krông Nô", 2023, "1"), ("huyện Krông Nô", 2023, "8"),
    }  # fmt: skip
    assert len(series) == 9  # eight pillars and the total
    assert [row[0] for row in omitting] == ["Sở Công Thương", "Sở Thông tin và Truyền thông", "Sở Y tế"]
    kinds = {(row[0], row[1]) for row in units}
    assert ("huyện Krông Nô", "district") in kinds and ("Sở Y tế", "agency") in kinds


def test_a_series_asked_by_the_2025_successor_brings_the_former_units(
    warehouse_url: str, seed_results: dict[str, DocumentResult]
):
    from pipeline.load.queries import subject_series
    from pipeline.models import Subject

    kon_tum = Subject("UBND tỉnh Kon Tum", "tỉnh Kon Tum", "province", "Kon Tum", known=True)
    total = next(r for r in seed_results["003"].records if r.origin == "text" and r.indicator_code == "DTI")
    result = replace(seed_results["003"], records=(replace(total, subject=kon_tum),))
    with Warehouse(warehouse_url) as warehouse:
        warehouse.ensure_schema({"daknong-district-2022": load_frameworks()["daknong-district-2022"]})
        warehouse.load(result, warehouse.begin_run(["x"], None, None, 1), 0.1)
        _, by_former = subject_series(warehouse, "Kon Tum")
        _, by_successor = subject_series(warehouse, "Quảng Ngãi")  # Kon Tum joined Quảng Ngãi in 2025
    assert [(row[0], row[1], row[2], row[5]) for row in by_former] == [("tỉnh Kon Tum", 2023, "DTI", 655.26)]
    assert by_successor == by_former
