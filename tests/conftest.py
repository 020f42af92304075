"""Shared fixtures: the real frameworks and the real source documents in corpora/."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.frameworks import load_frameworks
from pipeline.models import DocumentResult, Framework
from pipeline.process import extract_file

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "corpora" / "documents" / "seeds"
SEED_FILES = {
    "000": SEEDS / "000_e2403546871f551a.txt",
    "001": SEEDS / "001_6258d6d195b97c60.txt",
    "002": SEEDS / "002_25d4fdc4aca9c786.txt",
    "003": SEEDS / "003_d1992ec31cc5c668.txt",
    "004": SEEDS / "004_6f4a9049a3052fe7.txt",
}


@pytest.fixture(scope="session")
def frameworks() -> dict[str, Framework]:
    return load_frameworks()


@pytest.fixture(scope="session")
def seed_results(frameworks: dict[str, Framework]) -> dict[str, DocumentResult]:
    """Each seed extracted once per session with framework detection."""
    return {name: extract_file(path, frameworks) for name, path in SEED_FILES.items()}


def by_printed_code(result: DocumentResult, code: str):
    """The table record printed with `code` (first one)."""
    return next(r for r in result.records if r.printed_code == code and r.origin == "table")


GENERATED = REPO / "corpora" / "documents" / "generated"
# The two-level header of Sở NN&PTNT's plan, as every reader should give it (DOCX, HTML).
SONNPTNT_HEADER = [
    ("STT", "Chỉ số/Chỉ số thành phần", "Đơn vị chủ trì", "Kết quả năm 2023", "Kết quả năm 2023",
     "Thời gian hoàn thành"),
    ("STT", "Chỉ số/Chỉ số thành phần", "Đơn vị chủ trì", "Mức đạt", "Số liệu, nguyên nhân",
     "Thời gian hoàn thành"),
]  # fmt: skip


def gold(name: str) -> dict:
    """The gold file of a generated document, by its id ("agency-sonnptnt-2024")."""
    import json

    return json.loads((GENERATED / f"{name}.gold.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def generated_results(frameworks: dict[str, Framework]) -> dict[str, DocumentResult]:
    """Every generated DOCX, born-digital PDF and text file extracted once per session, by
    file name (the scanned twins have their own, slow, tests)."""
    return {
        path.name: extract_file(path, frameworks)
        for path in sorted(GENERATED.iterdir())
        if path.suffix in (".docx", ".pdf", ".txt") and not path.name.endswith(".scan.pdf")
    }


def warehouse_contents(url: str) -> dict[str, list[tuple]]:
    """What a warehouse holds about its documents, without run ids and load times: two
    warehouses loaded from the same files the same way have equal contents."""
    from pipeline.load.warehouse import Warehouse

    queries = {
        "documents": "SELECT * FROM documents ORDER BY document_sha256",
        "records": "SELECT * FROM indicator_records ORDER BY document_sha256, position",
        "figures": "SELECT * FROM figures ORDER BY document_sha256, record_position, figure_number",
        "outcomes": "SELECT source_path, document_sha256, status, reason, records FROM outcomes "
        "ORDER BY source_path",
    }
    contents = {}
    with Warehouse(url) as warehouse:
        for name, sql in queries.items():
            columns, rows = warehouse.query(sql)
            keep = [i for i, column in enumerate(columns) if column not in ("run_id", "loaded_at")]
            contents[name] = [tuple(row[i] for i in keep) for row in rows]
    return contents


REALDOCS = REPO / "corpora" / "realdocs"


@pytest.fixture(scope="session")
def realdoc(frameworks: dict[str, Framework]):
    """Read and extract a file of corpora/realdocs once per session: (document, result)."""
    from pipeline.process import extract_document, read

    cache: dict[str, tuple] = {}

    def get(name: str):
        if name not in cache:
            document = read(REALDOCS / name)
            cache[name] = (document, extract_document(document, frameworks))
        return cache[name]

    return get


def word_recall(document, transcript: str) -> float:
    """Share of a transcript's words (multiset, case-folded, NFC) found in what was read."""
    import re
    import unicodedata
    from collections import Counter

    from pipeline.models import Paragraph

    def words(text: str) -> Counter:
        return Counter(w.lower() for w in re.findall(r"[^\W\d_]+", unicodedata.normalize("NFC", text)))

    parts = [b.text if isinstance(b, Paragraph) else "\n".join(c for r in b.rows for c in r.texts)
             for b in document.blocks]  # fmt: skip
    got, want = words("\n".join(parts)), words(transcript)
    return sum(min(n, got[w]) for w, n in want.items()) / sum(want.values())
