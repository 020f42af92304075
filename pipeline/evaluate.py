"""Extraction measured against gold files: indicator precision and recall, printed-code,
page and figure accuracy, per document and overall.

A gold file (`<name>.gold.json`, beside its documents) lists each row the document prints
with its canonical indicator, printed code, page and figures. Rows are paired with
records by their printed name as written ("Tỷ lệ DVCTT phát sinh hồ sơ"), the n-th
occurrence with the n-th, so a wrong printed code or page shows up as such; prose records
pair by indicator. A figure counts as right only when kind, value and parts are equal.
"""

from __future__ import annotations

import json
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from pipeline.models import Figure, Framework, IndicatorRecord
from pipeline.process import extract_file

GOLD_SUFFIX = ".gold.json"
CODE_CHECKS = {"ocr_code_replaced", "ocr_code_doubtful"}  # a check that says a code may be wrong
FUZZY_PAIRING = 80  # a record pairs with a gold row of another spelling at this likeness
FORMAT_SUFFIXES = {
    "txt": ".txt",
    "docx": ".docx",
    "pdf": ".pdf",
    "doc": ".doc",
    "html": ".html",
    "scan": ".scan.pdf",
}


@dataclass
class Score:
    """Counts for one document (or all of them, summed)."""

    true_positive: int = 0
    false_positive: int = 0
    false_negative: int = 0
    codes_right: int = 0
    codes_total: int = 0
    pages_right: int = 0
    pages_total: int = 0
    figures_right: int = 0
    figures_total: int = 0
    codes_unflagged: int = 0  # codes read wrong whose record carries no check on its code
    errors: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name in ("true_positive", "false_positive", "false_negative", "codes_right", "codes_total",
                     "pages_right", "pages_total", "figures_right", "figures_total",
                     "codes_unflagged"):  # fmt: skip
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def precision(self) -> float:
        predicted = self.true_positive + self.false_positive
        return self.true_positive / predicted if predicted else 1.0

    @property
    def recall(self) -> float:
        actual = self.true_positive + self.false_negative
        return self.true_positive / actual if actual else 1.0

    @property
    def code_accuracy(self) -> float:
        return self.codes_right / self.codes_total if self.codes_total else 1.0

    @property
    def page_accuracy(self) -> float:
        return self.pages_right / self.pages_total if self.pages_total else 1.0

    @property
    def figure_accuracy(self) -> float:
        return self.figures_right / self.figures_total if self.figures_total else 1.0


def gold_pairs(directory: Path, formats: set[str] | None = None) -> Iterator[tuple[Path, dict[str, Any]]]:
    """Each document under `directory` that has a gold file, with that gold (only the
    given formats: txt, docx, pdf, html, scan)."""
    for gold_path in sorted(directory.rglob(f"*{GOLD_SUFFIX}")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        stem = gold_path.name[: -len(GOLD_SUFFIX)]
        for fmt in gold.get("formats", ["txt"]):
            if formats is not None and fmt not in formats:
                continue
            document = gold_path.with_name(stem + FORMAT_SUFFIXES[fmt])
            if document.exists():
                yield document, gold


def evaluate(
    directory: Path, formats: set[str] | None, frameworks: Mapping[str, Framework]
) -> Iterator[tuple[Path, Score]]:
    """Each gold-annotated document under `directory`, extracted and scored against its gold."""
    for path, gold in gold_pairs(directory, formats):
        result = extract_file(path, frameworks, gold.get("framework"))
        yield path, score_document(result.records, gold, paged=path.suffix.lower() == ".pdf")


def name_key(text: str) -> str:
    """A printed name folded for pairing: NFC, case and spacing ignored."""
    return " ".join(unicodedata.normalize("NFC", text).lower().split())


def figure_key(figure: Mapping[str, Any] | Figure) -> tuple[Any, ...]:
    data = figure.to_dict() if isinstance(figure, Figure) else figure
    parts = ("value", "numerator", "denominator", "low", "high")

    def rounded(v: Any) -> Any:
        return round(float(v), 4) if isinstance(v, int | float) else v

    return (data["kind"], *(rounded(data.get(p)) for p in parts))


def score_document(records: Iterable[IndicatorRecord], gold: Mapping[str, Any], paged: bool) -> Score:
    """Compare one document's records with its gold."""
    score = Score()
    pool: dict[tuple[str, str], list[IndicatorRecord]] = {}
    for record in records:
        key = (
            ("table", name_key(record.printed_name))
            if record.origin == "table"
            else ("text", record.indicator_code or "")
        )
        pool.setdefault(key, []).append(record)
    pairs: list[tuple[Mapping[str, Any], IndicatorRecord | None]] = []
    unpaired: list[int] = []
    for row in gold["rows"]:
        key = (
            ("table", name_key(row["printed_name"]))
            if row["origin"] == "table"
            else ("text", row["indicator_code"] or "")
        )
        candidates = pool.get(key)
        if not candidates:
            unpaired.append(len(pairs))
        pairs.append((row, candidates.pop(0) if candidates else None))
    # A name OCR read slightly differently ("THẾ CHẾ SỐ" for "THỂ CHẾ SỐ") pairs by likeness.
    leftovers = [r for group in pool.values() for r in group if r.origin == "table"]
    for position in unpaired:
        row = pairs[position][0]
        if row["origin"] != "table" or not leftovers:
            continue
        wanted = name_key(row["printed_name"])
        best = max(leftovers, key=lambda r: fuzz.ratio(name_key(r.printed_name), wanted))
        if fuzz.ratio(name_key(best.printed_name), wanted) >= FUZZY_PAIRING:
            leftovers.remove(best)
            pool[("table", name_key(best.printed_name))].remove(best)
            pairs[position] = (row, best)
    for row, record in pairs:
        _score_row(score, row, record, paged)
    for leftovers in pool.values():
        for record in leftovers:
            if record.match_status == "matched":
                score.false_positive += 1
                score.errors.append(
                    f"extra: {record.printed_code} {record.printed_name[:50]!r} → {record.indicator_code}"
                )
    return score


def _score_row(score: Score, row: Mapping[str, Any], record: IndicatorRecord | None, paged: bool) -> None:
    expected = row["indicator_code"]
    label = f"{row.get('printed_code') or ''} {row.get('printed_name', expected)[:50]!r}"
    predicted = record.indicator_code if record and record.match_status == "matched" else None
    if predicted == expected:
        score.true_positive += expected is not None
    else:
        if predicted is not None:
            score.false_positive += 1
        if expected is not None:
            score.false_negative += 1
        got = (
            "no record" if record is None else f"{predicted} ({record.match_status} {record.match_score:.0f})"
        )
        score.errors.append(f"indicator: {label} expected {expected}, got {got}")
    if record is None:
        score.figures_total += len(row["figures"])
        return
    if row["origin"] == "table":
        score.codes_total += 1
        if record.printed_code == row["printed_code"]:
            score.codes_right += 1
        else:
            score.errors.append(f"printed code: {label} read as {record.printed_code!r}")
            flagged = any(check.code in CODE_CHECKS for check in record.checks)
            score.codes_unflagged += record.printed_code is not None and not flagged
        if paged and row.get("page") is not None:
            score.pages_total += 1
            if record.page == row["page"]:
                score.pages_right += 1
            else:
                score.errors.append(f"page: {label} expected {row['page']}, got {record.page}")
    want = Counter(figure_key(f) for f in row["figures"])
    got_figures = Counter(figure_key(f) for f in record.figures)
    right = sum((want & got_figures).values())
    score.figures_right += right
    score.figures_total += sum((want | got_figures).values())
    if want != got_figures:
        missing, extra = list((want - got_figures).elements()), list((got_figures - want).elements())
        score.errors.append(f"figures: {label} missing {missing}, extra {extra}")
