"""Corrections as data: a person's decision about a field of a record, kept beside the record.

A correction names its record (the document's sha256 and the record's position), a field of
the record contract, the value as read, the new value, who and when. The record is never
written over: the warehouse's views `reviewed_records` and `reviewed_figures` apply the newest
correction of each field, and every export, the scores feed, the report and the review API
read those views. Fields a correction may name:

- `printed_code`, `printed_name`, `status`: text ("5.1", "Đạt");
- `indicator_code`: a code of the record's framework, or null for "no indicator";
- `period`: a year; `subject`: a unit the gazetteer knows ("huyện Krông Nô");
- `ocr_confidence`: 100 once a person read the row on the page ("accept as read" of an OCR'd row);
- `figures.N.value`, `figures.N.numerator`, `figures.N.denominator`: a number of figure N;
- `fields.X`: the text of cell X as the page shows it ("633,56" where OCR read "6[?]3,56"): its
  figures are read again from that text by the pipeline's own parser.

A re-extraction of the same file places each correction again (`place`) on the record at the
same page, table and row; one that no record takes is kept as orphaned, never dropped.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from pipeline.errors import CorrectionConflictError, InvalidCorrectionError, UnknownRecordError
from pipeline.models import Correction, Figure
from pipeline.normalize.figures import find_figures
from pipeline.normalize.records import FIGURE_FIELDS
from pipeline.normalize.subjects import canonical_subject

if TYPE_CHECKING:
    from pipeline.load.warehouse import Warehouse

# The record fields a correction may name, with what each takes.
RECORD_FIELDS: Mapping[str, str] = {
    "printed_code": "text or null: the code as printed, '5.1'",
    "printed_name": "text: the indicator's name as printed",
    "indicator_code": "a code of the record's framework ('5.1'), or null for no indicator",
    "period": "a year from 1990 to 2100, or null",
    "status": "text or null: 'Đạt', 'Chưa đạt'",
    "subject": "a unit the gazetteer knows ('huyện Krông Nô', 'Sở Y tế'), or null",
    "ocr_confidence": "a number from 0 to 100: 100 once a person read the row on the page",
}
FIGURE_PARTS = ("value", "numerator", "denominator")
_FIGURE_FIELD = re.compile(r"^figures\.(\d+)\.(value|numerator|denominator)$")
_CELL_FIELD = re.compile(r"^fields\.([a-z_0-9]+)$")
# A corrected cell's figures, read again: a column of indices or ranks reads as such.
_CELL_KINDS = {"index": "index", "rank": "rank"}
NOT_GIVEN: Any = object()  # `based_on` left out: no check of what the reviewer saw


@dataclass(frozen=True)
class Target:
    """What a correction's field names: a record field, a figure's number, or a cell's text."""

    field: str
    figure_number: int | None = None
    figure_part: str | None = None
    cell: str | None = None


def accepted_fields() -> str:
    """The fields a correction may name, for an error message."""
    named = "; ".join(f"{name} ({what})" for name, what in RECORD_FIELDS.items())
    return (f"{named}; figures.N.value, figures.N.numerator, figures.N.denominator (a number, or null, "
            "of figure N of the record); fields.NAME (the text of one of the record's cells)")  # fmt: skip


def target_of(field: str, record: Mapping[str, Any], figure_count: int) -> Target:
    """The field named, checked against the record: "figures.3.value" of a record with two
    figures, or "foo", is refused with the list of what is accepted."""
    if field in RECORD_FIELDS:
        return Target(field)
    if (match := _FIGURE_FIELD.match(field)) is not None:
        number = int(match[1])
        if number >= figure_count:
            raise InvalidCorrectionError(
                f"field {field!r}: the record has {figure_count} figure(s) (figures.0 to "
                f"figures.{max(figure_count - 1, 0)}); to give a figure it lacks, correct its cell's "
                "text as fields.NAME"
            )
        return Target(field, figure_number=number, figure_part=match[2])
    if (match := _CELL_FIELD.match(field)) is not None:
        cells = json.loads(record["fields"] or "{}")
        if match[1] not in cells:
            raise InvalidCorrectionError(
                f"field {field!r}: the record has no cell {match[1]!r}; its cells: {', '.join(sorted(cells))}"
            )
        return Target(field, cell=match[1])
    raise InvalidCorrectionError(f"unknown field {field!r}; accepted: {accepted_fields()}")


def value_as_read(
    target: Target, record: Mapping[str, Any], figures: Sequence[Mapping[str, Any]]
) -> str | None:
    """The value the record holds as read, as text: what the correction is beside."""
    if target.figure_number is not None:
        return _text(figures[target.figure_number][target.figure_part or "value"])
    if target.cell is not None:
        return json.loads(record["fields"] or "{}").get(target.cell)
    return _text(record[target.field])


def checked_value(target: Target, value: Any, record: Mapping[str, Any], codes: set[str]) -> str | None:
    """The new value as the warehouse keeps it (text), after checking its type: a year for
    `period`, a number for a figure, a framework code for `indicator_code`."""
    field = target.field
    if value is None:
        if field in ("printed_name", "ocr_confidence") or target.cell is not None:
            raise InvalidCorrectionError(f"field {field!r} cannot be null; it takes {_takes(target)}")
        return None
    if target.figure_number is not None or field == "ocr_confidence":
        number = _number(value, field, target)
        if field == "ocr_confidence" and not 0 <= number <= 100:
            raise InvalidCorrectionError(f"field {field!r} takes {RECORD_FIELDS[field]}; got {value!r}")
        return f"{number:g}" if number.is_integer() else repr(number)
    if field == "period":
        if isinstance(value, bool) or not isinstance(value, int | str) or not str(value).strip().isdigit():
            raise InvalidCorrectionError(f"field 'period' takes {RECORD_FIELDS['period']}; got {value!r}")
        year = int(str(value).strip())
        if not 1990 <= year <= 2100:
            raise InvalidCorrectionError(f"field 'period' takes {RECORD_FIELDS['period']}; got {value!r}")
        return str(year)
    if not isinstance(value, str) or not value.strip():
        raise InvalidCorrectionError(f"field {field!r} takes {_takes(target)}; got {value!r}")
    text = value.strip()
    if field == "indicator_code" and text not in codes:
        shown = ", ".join(sorted(codes)[:12]) + (", …" if len(codes) > 12 else "")
        raise InvalidCorrectionError(
            f"field 'indicator_code': {text!r} is not a code of framework {record['framework']!r} ({shown})"
        )
    if field == "subject":
        unit = canonical_subject(text)
        if unit is None or not unit.known or unit.canonical is None:
            raise InvalidCorrectionError(
                f"field 'subject': {text!r} is not a unit the gazetteer knows; give its full name, "
                "as 'huyện Krông Nô' or 'Sở Thông tin và Truyền thông'"
            )
        return unit.canonical
    return text


def cell_figures(cell: str, text: str, period: int | None) -> list[Figure]:
    """The figures the pipeline reads from a corrected cell: "633,56" in the score cell → 633.56
    points. A cell whose role holds no figures (a deadline, a unit) and a text still holding
    "[?]" give none."""
    role = re.sub(r"_\d+$", "", cell)
    if (role not in FIGURE_FIELDS and role not in _CELL_KINDS) or "[?]" in text:
        return []
    kind = _CELL_KINDS.get(role)
    figures = []
    for figure in find_figures(text, cell):
        if kind is not None and figure.kind == "count":
            figure = replace(figure, kind=kind)  # type: ignore[arg-type]
        figures.append(replace(figure, period=figure.period or period))
    return figures


def anchor_of(record: Mapping[str, Any]) -> dict[str, Any]:
    """Where a record stands in its document as read: what a re-extraction is matched on."""
    return {key: record[key] for key in ("page", "table_index", "row_index", "origin", "printed_name",
                                         "subject_name", "printed_code")}  # fmt: skip


def correct(
    warehouse: Warehouse,
    document_sha256: str,
    position: int,
    field: str,
    value: Any,
    reviewer: str,
    note: str | None = None,
    based_on: Any = NOT_GIVEN,
) -> Correction:
    """Store one correction of one field of one record and return it.

    Refused, with what is accepted: an unknown record (`UnknownRecordError`), an unknown field
    or a value of the wrong type (`InvalidCorrectionError`), and, when `based_on` is given (the
    correction the reviewer saw as current, None for none), a field another reviewer corrected
    since (`CorrectionConflictError`), so no reviewer overwrites another unseen."""
    with warehouse.transaction() as cur:
        if warehouse.engine == "postgresql":  # the document's own lock: never beside a re-load of it
            cur.execute("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))", [document_sha256])
        record = _one(cur, "SELECT * FROM indicator_records WHERE document_sha256 = ? AND position = ?",
                      [document_sha256, position])  # fmt: skip
        if record is None:
            raise UnknownRecordError(
                f"no record at position {position} of document {document_sha256[:12]}…; "
                "GET /api/records?document_sha256=… lists its records"
            )
        figures = _all(cur, "SELECT * FROM figures WHERE document_sha256 = ? AND record_position = ? "
                       "ORDER BY figure_number", [document_sha256, position])  # fmt: skip
        target = target_of(field, record, len(figures))
        known = cur.execute("SELECT code FROM indicators WHERE framework_id = ?", [record["framework"]])
        codes = {row[0] for row in known.fetchall()}
        new_value = checked_value(target, value, record, codes)
        if based_on is not NOT_GIVEN:
            found = cur.execute(
                "SELECT correction_id FROM current_corrections WHERE document_sha256 = ? AND position = ? "
                "AND field = ?",
                [document_sha256, position, field],
            ).fetchall()
            current = found[0][0] if found else None
            if current != based_on:
                raise CorrectionConflictError(
                    f"{field} of record {position} was corrected by another reviewer since you looked "
                    f"(correction {current}); reload the item and decide again"
                )
        correction = Correction(
            correction_id=uuid.uuid4().hex, document_sha256=document_sha256, position=position, field=field,
            value_as_read=value_as_read(target, record, figures), value=new_value, reviewer=reviewer,
            created_at=_now(), note=note, based_on=None if based_on is NOT_GIVEN else based_on,
            anchor=anchor_of(record),
        )  # fmt: skip
        warehouse.insert_many(cur, "corrections", [_row(correction, target)])
        if target.cell is not None and new_value is not None:
            read = cell_figures(target.cell, new_value, record["period"])
            warehouse.insert_many(cur, "correction_figures", [
                {"correction_id": correction.correction_id, "figure_number": n, "kind": f.kind,
                 "value": f.value if isinstance(f.value, int | float) else None, "numerator": f.numerator,
                 "denominator": f.denominator, "low": f.low, "high": f.high, "unit": f.unit, "text": f.text,
                 "field": f.field, "period": f.period}
                for n, f in enumerate(read)
            ])  # fmt: skip
    return correction


def corrections(
    warehouse: Warehouse,
    document_sha256: str | None = None,
    position: int | None = None,
    state: str | None = None,
) -> list[Correction]:
    """The corrections stored, oldest first, of one document (and record) or all; `state`
    "orphaned" lists those a re-extraction could not place again."""
    filters, params = [], []
    for column, value in (("document_sha256", document_sha256), ("position", position), ("state", state)):
        if value is not None:
            filters.append(f"{column} = ?")
            params.append(value)
    where = f"WHERE {' AND '.join(filters)}" if filters else ""
    sql = f"SELECT * FROM corrections {where} ORDER BY created_at, correction_id"
    rows = warehouse.query_dicts(sql, params)
    return [from_row(row) for row in rows]


def from_row(row: Mapping[str, Any]) -> Correction:
    return Correction(
        correction_id=row["correction_id"], document_sha256=row["document_sha256"], position=row["position"],
        field=row["field"], value_as_read=row["value_as_read"], value=row["value"], reviewer=row["reviewer"],
        created_at=row["created_at"], note=row["note"], state=row["state"], based_on=row["based_on"],
        anchor=json.loads(row["anchor"] or "{}"),
    )  # fmt: skip


def typed(field: str, text: str | None) -> Any:
    """A stored value in its field's type, for JSON: "2024" of `period` → 2024."""
    if text is None:
        return None
    if field == "period":
        return int(text)
    if field == "ocr_confidence" or _FIGURE_FIELD.match(field):
        return float(text)
    return text


def to_dict(correction: Correction) -> dict[str, Any]:
    """A correction as the API gives it: values in their field's type."""
    return {
        "correction_id": correction.correction_id, "document_sha256": correction.document_sha256,
        "position": correction.position, "field": correction.field,
        "value_as_read": correction.value_as_read, "value": typed(correction.field, correction.value),
        "reviewer": correction.reviewer, "created_at": correction.created_at.isoformat(timespec="seconds"),
        "note": correction.note, "state": correction.state, "based_on": correction.based_on,
        "anchor": dict(correction.anchor),
    }  # fmt: skip


def place(
    cur: Any, document_sha256: str, records: Sequence[Mapping[str, Any]], figure_counts: Mapping[int, int]
) -> int:
    """Place a re-extracted document's corrections again, each on the record at the same page,
    table and row as the record it was made on (by name and unit where one row gives several
    records); one no record takes becomes orphaned. Returns how many were orphaned."""
    stored = cur.execute(
        "SELECT correction_id, position, anchor, figure_number FROM corrections WHERE document_sha256 = ?",
        [document_sha256],
    ).fetchall()
    if not stored:
        return 0
    exact: dict[tuple[Any, ...], list[int]] = {}
    by_row: dict[tuple[Any, ...], list[int]] = {}
    for record in records:
        anchor = anchor_of(record)
        exact.setdefault(_exact_key(anchor), []).append(record["position"])
        by_row.setdefault(_row_key(anchor), []).append(record["position"])
    orphaned, updates = 0, []
    for correction_id, old, anchor_text, figure_number in stored:
        anchor = json.loads(anchor_text)
        candidates = exact.get(_exact_key(anchor)) or (
            found if len(found := by_row.get(_row_key(anchor), [])) == 1 else []
        )
        position = old if old in candidates else (candidates[0] if candidates else None)
        if position is not None and figure_number is not None and figure_number >= figure_counts[position]:
            position = None  # the figure it corrected is no longer read from that record
        orphaned += position is None
        updates.append([position, "placed" if position is not None else "orphaned", correction_id])
    cur.executemany("UPDATE corrections SET position = ?, state = ? WHERE correction_id = ?", updates)
    return orphaned


def orphan(cur: Any, document_sha256: str) -> None:
    """A document replaced by another version of its file: its corrections are kept, orphaned."""
    cur.execute(
        "UPDATE corrections SET position = NULL, state = 'orphaned' WHERE document_sha256 = ?",
        [document_sha256],
    )


def _exact_key(anchor: Mapping[str, Any]) -> tuple[Any, ...]:
    return (*_row_key(anchor), anchor.get("printed_name"), anchor.get("subject_name"))


def _row_key(anchor: Mapping[str, Any]) -> tuple[Any, ...]:
    return (anchor.get("page"), anchor.get("table_index"), anchor.get("row_index"), anchor.get("origin"))


def _row(correction: Correction, target: Target) -> dict[str, Any]:
    return {
        "correction_id": correction.correction_id, "document_sha256": correction.document_sha256,
        "position": correction.position, "anchor": json.dumps(dict(correction.anchor), ensure_ascii=False),
        "field": correction.field, "figure_number": target.figure_number, "figure_part": target.figure_part,
        "figure_field": target.cell, "value_as_read": correction.value_as_read, "value": correction.value,
        "reviewer": correction.reviewer, "created_at": correction.created_at, "note": correction.note,
        "state": correction.state, "based_on": correction.based_on,
    }  # fmt: skip


def _one(cur: Any, sql: str, params: Sequence[Any]) -> dict[str, Any] | None:
    rows = _all(cur, sql, params)
    return rows[0] if rows else None


def _all(cur: Any, sql: str, params: Sequence[Any]) -> list[dict[str, Any]]:
    result = cur.execute(sql, list(params))
    columns = [d[0] for d in result.description]
    return [dict(zip(columns, row, strict=True)) for row in result.fetchall()]


def _number(value: Any, field: str, target: Target) -> float:
    if isinstance(value, bool):
        raise InvalidCorrectionError(f"field {field!r} takes {_takes(target)}; got {value!r}")
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        text = value.strip().replace(" ", "")
        if re.fullmatch(r"-?\d{1,3}(\.\d{3})+(,\d+)?", text):  # "1.234,5": the Vietnamese form
            text = text.replace(".", "").replace(",", ".")
        elif re.fullmatch(r"-?\d+,\d+", text):  # "633,56"
            text = text.replace(",", ".")
        try:
            return float(text)
        except ValueError:
            pass
    raise InvalidCorrectionError(f"field {field!r} takes {_takes(target)}; got {value!r}")


def _takes(target: Target) -> str:
    if target.figure_number is not None:
        return "a number ('633,56' or 633.56) or null"
    if target.cell is not None:
        return "the cell's text as the page shows it ('633,56', '52/57')"
    return RECORD_FIELDS.get(target.field, "a value")


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float):
        return f"{value:g}" if value.is_integer() else repr(value)
    return str(value)


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)
