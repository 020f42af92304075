"""The review queue: every value that needs a person, most consequential first.

In order: stated totals their parts do not add up to (a score the engine would use), figures
read as "[?]" (a figure the engine lacks), codes out of the column's order that no reading
settles, codes the column's order replaced, matches a
person must confirm, and rows OCR read with low confidence. An item leaves the queue once a
correction of its field exists, "accept as read" included. E.g. "Tổng điểm 786,64" of Sở Xây
dựng, whose 7 pillars add up to 776,64: field `figures.1.value`, suggestion 776.64.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from pipeline.checks import stored
from pipeline.load.warehouse import Warehouse
from pipeline.models import ReviewItem
from pipeline.settings import DEFAULT

KINDS: Mapping[str, str] = {
    "total_disagrees": "stated points that disagree with what their parts or rule give",
    "unread_figure": 'a figure OCR could not read ("[?]")',
    "code_doubtful": "a printed code out of the column's order that no reading settles",
    "code_replaced": "a printed code the column's order replaced",
    "match_review": "an indicator match a person must confirm",
    "low_confidence": "a row OCR read with low confidence",
}

_NUMERIC_CELLS = {"score", "index", "rank", "max_points"}  # cells that hold nothing but a number
_NUMBER = re.compile(r"^\s*\d[\d.,]*(\s*/\s*\d[\d.,]*)?\s*(điểm)?\s*$")  # "633,56", "52/57", "12"
_RECORD_COLUMNS = (
    "r.document_sha256, r.position, r.framework, r.indicator_code, r.printed_code, r.printed_name, "
    "r.match_status, r.match_score, r.page, r.fields, r.checks, r.check_details, r.ocr_confidence, "
    "r.source_path, r.subject, r.period, r.box, r.table_index, r.row_index, d.format"
)


@dataclass(frozen=True)
class Filters:
    """What a reviewer narrows the queue to: a unit, a year, a framework, a document, a kind."""

    subject: str | None = None
    period: int | None = None
    framework: str | None = None
    document: str | None = None  # a document's sha256 (or its first characters) or its path
    kind: str | None = None

    def sql(self) -> tuple[str, list[Any]]:
        clauses, params = [], []
        for column, value in (("r.subject", self.subject), ("r.period", self.period),
                              ("r.framework", self.framework)):  # fmt: skip
            if value is not None:
                clauses.append(f"{column} = ?")
                params.append(value)
        if self.document:
            clauses.append("(r.document_sha256 LIKE ? OR r.source_path = ?)")
            params += [f"{self.document}%", self.document]
        return "".join(f" AND {c}" for c in clauses), params


EVERYTHING = Filters()


def queue(warehouse: Warehouse, filters: Filters = EVERYTHING, limit: int | None = None) -> list[ReviewItem]:
    """The items still to review, most consequential first (the order of `KINDS`), each kind
    in document order."""
    if filters.kind is not None and filters.kind not in KINDS:
        raise ValueError(f"no review kind {filters.kind!r}; choose from {', '.join(KINDS)}")
    done = {
        (row[0], row[1], row[2])
        for row in warehouse.query("SELECT document_sha256, position, field FROM current_corrections")[1]
    }
    items: list[ReviewItem] = []
    for kind, finder in _FINDERS.items():
        if filters.kind not in (None, kind):
            continue
        for item in finder(warehouse, filters):
            if (item.document_sha256, item.position, item.field) not in done:
                items.append(item)
                if limit is not None and len(items) >= limit:
                    return items
    return items


def counts(warehouse: Warehouse, filters: Filters = EVERYTHING) -> dict[str, int]:
    """How many items of each kind are left."""
    left = dict.fromkeys(KINDS, 0)
    for item in queue(warehouse, filters):
        left[item.kind] += 1
    return left


def _records(
    warehouse: Warehouse, condition: str, params: list[Any], filters: Filters
) -> list[dict[str, Any]]:
    narrowed, more = filters.sql()
    return warehouse.query_dicts(
        f"SELECT {_RECORD_COLUMNS} FROM reviewed_records r JOIN documents d USING (document_sha256) "
        f"WHERE {condition}{narrowed} ORDER BY r.source_path, r.position",
        [*params, *more],
    )


def _item(
    row: Mapping[str, Any], kind: str, why: str, field: str, read: str | None, **extra: Any
) -> ReviewItem:
    box = json.loads(row["box"]) if row.get("box") else None
    return ReviewItem(
        kind=kind, why=why, document_sha256=row["document_sha256"], position=row["position"], field=field,
        value_as_read=read, source_path=row["source_path"], page=row["page"], subject=row["subject"],
        period=row["period"], framework=row["framework"], indicator_code=row["indicator_code"],
        printed_code=row["printed_code"], printed_name=row["printed_name"],
        box=tuple(box) if box else None, format=row["format"], cells=json.loads(row["fields"] or "{}"),
        **extra,
    )  # fmt: skip


def _totals(warehouse: Warehouse, filters: Filters) -> Iterator[ReviewItem]:
    """Score items whose stated points disagree, each placed on the record and figure stating them."""
    narrowed, params = filters.sql()
    rows = warehouse.query_dicts(
        f"SELECT {_RECORD_COLUMNS}, f.figure_number, f.text AS figure_text, f.field AS figure_field, "
        "s.stated_points, s.computed_points, s.checks AS score_checks, s.check_details AS score_details "
        "FROM score_items s "
        "JOIN reviewed_records r ON r.subject = s.subject AND r.period = s.period "
        " AND r.framework = s.framework AND r.indicator_code = s.code AND r.source_path = s.source_path "
        "JOIN reviewed_figures f ON f.document_sha256 = r.document_sha256 AND f.record_position = r.position "
        " AND f.kind = 'points' AND f.value = s.stated_points AND coalesce(f.field, '') <> 'max_points' "
        "JOIN documents d ON d.document_sha256 = r.document_sha256 "
        f"WHERE s.consistent = FALSE{narrowed} ORDER BY r.source_path, r.position, f.figure_number",
        params,
    )
    seen: set[tuple[str, int]] = set()
    for row in rows:
        if (row["document_sha256"], row["position"]) in seen:
            continue
        seen.add((row["document_sha256"], row["position"]))
        number = row["figure_number"]
        field = f"figures.{number}.value" if number < 100 else f"fields.{row['figure_field']}"
        checks = stored(row["score_details"], row["score_checks"])
        why = "; ".join(str(c) for c in checks if c.code != "corrected")
        computed = row["computed_points"]
        suggestion = f"{computed:g}".replace(".", ",") if computed is not None else None  # "776,64"
        yield _item(row, "total_disagrees", why, field, row["figure_text"], suggestion=suggestion)


def _unread(warehouse: Warehouse, filters: Filters) -> Iterator[ReviewItem]:
    """Cells read with "[?]", and numeric cells of OCR'd rows that gave no figure ("786G" in
    a score cell): each is a figure the engine does not get until a person reads it."""
    narrowed, params = filters.sql()
    parsed = {
        (row[0], row[1], row[2])
        for row in warehouse.query(
            "SELECT f.document_sha256, f.record_position, f.field FROM reviewed_figures f "
            "JOIN reviewed_records r "
            "ON r.document_sha256 = f.document_sha256 AND r.position = f.record_position "
            f"WHERE (r.fields LIKE ? OR r.ocr_confidence IS NOT NULL){narrowed}",
            ["%[?]%", *params],
        )[1]
    }
    for row in _records(warehouse, "(r.fields LIKE ? OR r.ocr_confidence IS NOT NULL)", ["%[?]%"], filters):
        for name, text in json.loads(row["fields"] or "{}").items():
            numeric = re.sub(r"_\d+$", "", name) in _NUMERIC_CELLS and row["ocr_confidence"] is not None
            unparsed = (row["document_sha256"], row["position"], name) not in parsed
            if "[?]" in text:
                why = f"OCR could not read part of {name!r}: {text!r}"
            elif numeric and unparsed and not _NUMBER.match(text):
                why = f"OCR read {text!r} in {name!r}, which is no number: read it from the page"
            else:
                continue
            yield _item(row, "unread_figure", why, f"fields.{name}", text)


def _replaced(warehouse: Warehouse, filters: Filters) -> Iterator[ReviewItem]:
    for row in _records(warehouse, "r.check_details LIKE ?", ["%ocr_code_replaced%"], filters):
        checks = [c for c in stored(row["check_details"], row["checks"]) if c.code == "ocr_code_replaced"]
        yield _item(row, "code_replaced", "; ".join(map(str, checks)), "printed_code", row["printed_code"],
                    suggestion=row["printed_code"])  # fmt: skip


def _doubtful(warehouse: Warehouse, filters: Filters) -> Iterator[ReviewItem]:
    for row in _records(warehouse, "r.check_details LIKE ?", ["%ocr_code_doubtful%"], filters):
        checks = [c for c in stored(row["check_details"], row["checks"]) if c.code == "ocr_code_doubtful"]
        yield _item(row, "code_doubtful", "; ".join(map(str, checks)), "printed_code", row["printed_code"])


def _matches(warehouse: Warehouse, filters: Filters) -> Iterator[ReviewItem]:
    for row in _records(warehouse, "r.match_status = 'review'", [], filters):
        why = f"matched to {row['indicator_code']} with {row['match_score']:.0f}/100: confirm or correct"
        yield _item(row, "match_review", why, "indicator_code", row["indicator_code"],
                    suggestion=row["indicator_code"])  # fmt: skip


def _low_confidence(warehouse: Warehouse, filters: Filters) -> Iterator[ReviewItem]:
    """One item per table row (a results row gives a record per pillar): accepting it accepts
    every record of the row (`row_positions`)."""
    limit = DEFAULT.ocr.review_confidence
    rows: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    for row in _records(warehouse, "r.ocr_confidence < ?", [limit], filters):
        key = (row["document_sha256"], row["page"], row["table_index"], row["row_index"])
        rows.setdefault(key, []).append(row)
    for group in rows.values():
        row = group[0]
        why = f"OCR read this row with confidence {row['ocr_confidence']:.0f}/100 (below {limit:g}): check it"
        read = f"{row['ocr_confidence']:g}"
        yield _item(row, "low_confidence", why, "ocr_confidence", read, suggestion="100",
                    row_positions=tuple(r["position"] for r in group))  # fmt: skip


_FINDERS = {
    "total_disagrees": _totals,
    "unread_figure": _unread,
    "code_doubtful": _doubtful,
    "code_replaced": _replaced,
    "match_review": _matches,
    "low_confidence": _low_confidence,
}
