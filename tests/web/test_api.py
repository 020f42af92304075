"""The review API (`pipeline/web/app.py`) over a real warehouse, on DuckDB and PostgreSQL: what
the scoring engine reads, and `POST /api/corrections` with the answers it gives."""

from __future__ import annotations

from fastapi.testclient import TestClient

from pipeline.web.app import ServeSettings, create_app


def xay_dung_total(client: TestClient) -> tuple[dict, int]:
    """Sở Xây dựng's DTI total record, and the number of its stated-points figure."""
    records = client.get("/api/records", params={"subject": "Sở Xây dựng"}).json()
    [total] = [r for r in records if r["indicator_code"] == "DTI"]
    [number] = [n for n, f in enumerate(total["figures"]) if f["kind"] == "points" and f["field"] == "score"]
    return total, number


def test_records_come_with_their_figures_and_provenance(client: TestClient) -> None:
    total, number = xay_dung_total(client)
    assert total["figures"][number]["text"] == "786,64"
    assert (total["page"], total["subject_name"], total["corrected"], total["corrections"]) == (
        1, "Sở Xây dựng", [], []
    )
    assert len(total["box"]) == 4 and 0 <= total["box"][1] < total["box"][3] <= 1


def test_a_posted_correction_is_201_and_the_records_give_it_beside_the_value_read(client: TestClient) -> None:
    total, number = xay_dung_total(client)
    answer = client.post("/api/corrections", json={
        "document_sha256": total["document_sha256"], "position": total["position"],
        "field": f"figures.{number}.value", "value": "776,64", "note": "tổng in nhầm", "reviewer": "lan",
    })  # fmt: skip
    assert answer.status_code == 201, answer.text
    stored = answer.json()
    assert (stored["value_as_read"], stored["value"], stored["reviewer"], stored["state"]) == (
        "786.64", 776.64, "lan", "placed"
    )
    again, _ = xay_dung_total(client)
    figure = again["figures"][number]
    assert (figure["value"], figure["value_as_read"], figure["text"], figure["corrected"]) == (
        776.64, 786.64, "786,64", True
    )
    assert again["corrected"] == [f"figures.{number}.value"]
    assert [c["correction_id"] for c in again["corrections"]] == [stored["correction_id"]]


def test_the_scores_feed_uses_the_correction_and_says_so(client: TestClient) -> None:
    total, number = xay_dung_total(client)
    before = client.get("/api/scores", params={"subject": "Sở Xây dựng"}).json()
    [dti] = [s for s in before if s["code"] == "DTI"]
    assert (dti["stated_points"], dti["consistent"], dti["corrected"]) == (786.64, False, False)
    client.post("/api/corrections", json={"document_sha256": total["document_sha256"], "position": total["position"],
                                          "field": f"figures.{number}.value", "value": 776.64})  # fmt: skip
    after = client.get("/api/scores", params={"subject": "Sở Xây dựng"}).json()
    [dti] = [s for s in after if s["code"] == "DTI"]
    assert (dti["stated_points"], dti["consistent"], dti["corrected"]) == (776.64, True, True)
    [note] = [c for c in dti["check_details"] if c["code"] == "corrected"]
    assert note["params"] == {"reviewer": "api", "field": f"figures.{number}.value", "read": "786.64", "value": "776.64"}


def test_a_correction_of_an_unknown_record_is_404(client: TestClient) -> None:
    total, _ = xay_dung_total(client)
    answer = client.post("/api/corrections", json={"document_sha256": total["document_sha256"], "position": 9999,
                                                   "field": "period", "value": 2022})  # fmt: skip
    assert answer.status_code == 404
    assert "no record at position 9999" in answer.json()["detail"]


def test_an_unknown_field_is_422_with_what_is_accepted(client: TestClient) -> None:
    total, _ = xay_dung_total(client)
    answer = client.post("/api/corrections", json={"document_sha256": total["document_sha256"],
                                                   "position": total["position"], "field": "tong_diem", "value": 1})  # fmt: skip
    assert answer.status_code == 422
    assert "unknown field 'tong_diem'; accepted: printed_code" in answer.json()["detail"]


def test_a_value_of_the_wrong_type_is_422(client: TestClient) -> None:
    total, _ = xay_dung_total(client)
    answer = client.post("/api/corrections", json={"document_sha256": total["document_sha256"],
                                                   "position": total["position"], "field": "period", "value": "hai"})  # fmt: skip
    assert answer.status_code == 422
    assert answer.json()["detail"] == "field 'period' takes a year from 1990 to 2100, or null; got 'hai'"


def test_a_correction_without_its_record_is_422(client: TestClient) -> None:
    answer = client.post("/api/corrections", json={"field": "period", "value": 2022})
    assert answer.status_code == 422
    assert {e["loc"][-1] for e in answer.json()["detail"]} == {"document_sha256", "position"}


def test_the_queue_lists_the_total_that_disagrees_first(client: TestClient) -> None:
    items = client.get("/api/review").json()
    assert items[0]["kind"] == "total_disagrees"
    assert {(i["subject"], i["value_as_read"], i["suggestion"]) for i in items if i["kind"] == "total_disagrees"} == {
        ("Sở Xây dựng", "786,64", "776,64"), ("thành phố Phan Thiết", "665,59", "655,59")
    }


def test_coverage_omissions_and_documents_are_json(client: TestClient) -> None:
    [document] = client.get("/api/documents").json()
    assert document["source_path"].endswith("results-layout-00.pdf") and document["status"] == "ok"
    assert client.get("/api/coverage").status_code == 200
    assert client.get("/api/omissions").json() == []


def test_every_answer_carries_a_policy_that_forbids_other_origins(client: TestClient) -> None:
    for path in ("/review", "/api/review", "/docs"):
        policy = client.get(path).headers["content-security-policy"]
        assert "default-src 'none'" in policy and "script-src 'self'" in policy, path


def test_the_openapi_page_loads_nothing_from_outside(client: TestClient) -> None:
    page = client.get("/docs").text
    assert "http://" not in page and "https://" not in page
    assert client.get("/swagger/swagger-ui-bundle.js").status_code == 200
    spec = client.get("/openapi.json").json()
    assert {"/api/records", "/api/corrections", "/api/scores", "/api/coverage", "/api/omissions"} <= set(spec["paths"])


def test_a_write_without_the_token_is_refused_where_one_is_set(results_db: str) -> None:
    with TestClient(create_app(ServeSettings(results_db, token="so-bi-mat-42"))) as client:
        total, number = xay_dung_total(client)
        body = {"document_sha256": total["document_sha256"], "position": total["position"],
                "field": f"figures.{number}.value", "value": 776.64}  # fmt: skip
        refused = client.post("/api/corrections", json=body)
        assert refused.status_code == 401 and "/login" in refused.json()["detail"]
        wrong = client.post("/api/corrections", json=body, headers={"Authorization": "Bearer sai"})
        assert wrong.status_code == 401
        assert client.get("/api/corrections").json() == []
        taken = client.post("/api/corrections", json=body, headers={"Authorization": "Bearer so-bi-mat-42"})
        assert taken.status_code == 201
        assert len(client.get("/api/corrections").json()) == 1


def test_a_value_from_a_document_is_escaped_on_the_page(client: TestClient) -> None:
    total, _ = xay_dung_total(client)
    client.post("/api/corrections", json={"document_sha256": total["document_sha256"], "position": total["position"],
                                          "field": "status", "value": "<script>alert(1)</script>",
                                          "note": "<img src=x onerror=alert(2)>"})  # fmt: skip
    [item] = [i for i in client.get("/api/review").json() if i["subject"] == "Sở Xây dựng"
              and i["kind"] == "total_disagrees"]  # fmt: skip
    page = client.get("/review/item", params={"key": item["key"]}).text
    assert "&lt;img src=x onerror=alert(2)&gt;" in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page
