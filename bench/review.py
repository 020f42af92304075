"""What a reviewer waits for in `dti serve`: the queue, an item, its crop, a correction, the feed.

Run: .venv/bin/python bench/review.py [REPEATS]

A DuckDB warehouse holding the stamped results scan (corpora/review) and the born-digital plans
and results decisions of corpora/layouts and corpora/documents/generated (their PDFs), served
in-process by the real application; each figure is the median of REPEATS requests, in ms.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline import api
from pipeline.web.app import ServeSettings, create_app

REPO = Path(__file__).resolve().parents[1]


def median_ms(call, repeats: int) -> float:  # type: ignore[no-untyped-def]
    runs = []
    for _ in range(repeats):
        started = time.perf_counter()
        call()
        runs.append((time.perf_counter() - started) * 1000)
    return statistics.median(runs)


def main() -> None:
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "dti.duckdb")
        files = [REPO / "corpora" / "review" / "results-stamped.scan.pdf",
                 *sorted((REPO / "corpora" / "layouts").glob("results-layout-0?.pdf")),
                 *sorted((REPO / "corpora" / "documents" / "generated").glob("agency-*.pdf"))]  # fmt: skip
        files = [f for f in files if not f.name.endswith(".scan.pdf") or f.parent.name == "review"]
        summary = api.ingest(files, db=db)
        with TestClient(create_app(ServeSettings(db))) as client:
            items = client.get("/api/review").json()
            print(f"{summary.ok} documents, {summary.records} records, {len(items)} items in the queue; "
                  f"median of {repeats}, ms")  # fmt: skip
            scan_item = next(i for i in items if i["source_path"].endswith("results-stamped.scan.pdf"))
            where = {"document": scan_item["document_sha256"], "position": scan_item["position"]}
            figures = {
                "queue page (/review)": lambda: client.get("/review"),
                "queue as JSON (/api/review)": lambda: client.get("/api/review"),
                "item page": lambda: client.get("/review/item", params={"key": scan_item["key"]}),
                "crop of a scanned page (PNG)": lambda: client.get("/crop", params=where),
                "records of a document (JSON)": lambda: client.get(
                    "/api/records", params={"document_sha256": scan_item["document_sha256"]}
                ),
            }
            for label, call in figures.items():
                print(f"  {label:<34} {median_ms(call, repeats):8.1f}")
            total = next(i for i in items if i["kind"] == "total_disagrees")
            body = {"document_sha256": total["document_sha256"], "position": total["position"],
                    "field": total["field"], "value": total["suggestion"]}  # fmt: skip
            posted = median_ms(lambda: client.post("/api/corrections", json=body), repeats)
            print(f"  {'POST /api/corrections':<34} {posted:8.1f}")
            rebuilt = median_ms(lambda: (client.post("/api/corrections", json=body),
                                         client.get("/api/scores")), repeats)  # fmt: skip
            print(f"  {'a correction, then /api/scores':<34} {rebuilt:8.1f}  (the feed rebuilt)")


if __name__ == "__main__":
    main()
