"""Which indicators of its framework a document covers: the omission report.

Every indicator of the framework gets one state: `present` (a row matched it, whatever
code the document printed: Đắk Nông's plan printing the framework's 7.12 as 6.12 still
covers 7.12), `uncertain` (only review-level rows point at it) or `omitted`. A slot whose
wording is not in hand (`name: null`, such as the agency framework's 6.13) can never be
matched, so it is always reported omitted, with a note saying why.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pipeline.models import DocumentResult, Framework, IndicatorRecord

CoverageState = Literal["present", "uncertain", "omitted"]


@dataclass(frozen=True)
class CoverageLine:
    """One indicator of the framework and how the document covers it."""

    code: str
    name: str | None
    pillar: str | None
    state: CoverageState
    printed_code: str | None = None
    printed_name: str | None = None
    page: int | None = None
    row_index: int | None = None
    score: float | None = None
    note: str | None = None
    subject: str | None = None  # the unit whose plan this is (a compiled PDF holds several)

    def to_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "name": self.name,
            "pillar": self.pillar,
            "state": self.state,
            "printed_code": self.printed_code,
            "printed_name": self.printed_name,
            "page": self.page,
            "row_index": self.row_index,
            "match_score": self.score,
            "note": self.note,
            "subject": self.subject,
        }


def plan_subjects(result: DocumentResult, framework: Framework) -> list[str | None]:
    """The units whose plan rows a document holds, in order (one for a plan, several for a
    PDF compiling agencies' plans; None for rows that name no unit): those with a table row
    matched, or kept for review, to an indicator of the framework. A results decision's rows
    of pillar points and a report in prose hold no plan, and invent no omission. The
    `coverage` view of the warehouse selects the same units (a test holds the two together)."""
    indicators = {e.code for e in framework.indicators}
    units = [
        r.subject.canonical if r.subject else None
        for r in result.records
        if r.origin == "table" and r.indicator_code in indicators
    ]
    return list(dict.fromkeys(units))


def coverage(result: DocumentResult, framework: Framework) -> list[CoverageLine]:
    """Given a document's records and its framework, return one line per indicator, in
    framework order, for each unit whose plan rows the document holds."""
    return [
        line
        for subject in plan_subjects(result, framework)
        for line in _subject_coverage(result, framework, subject)
    ]


def _subject_coverage(
    result: DocumentResult, framework: Framework, subject: str | None
) -> list[CoverageLine]:
    best: dict[str, IndicatorRecord] = {}
    for record in result.records:
        if (record.subject.canonical if record.subject else None) != subject:
            continue
        if record.origin != "table" or record.indicator_code is None:
            continue
        if record.match_status == "unmatched":
            continue
        held = best.get(record.indicator_code)
        if held is None or _rank(record) > _rank(held):
            best[record.indicator_code] = record
    lines = []
    for entry in framework.indicators:
        pillar = framework.pillar_of(entry.code)
        record = best.get(entry.code)
        if entry.name is None:
            note = "slot without known wording; never matched"
            lines.append(CoverageLine(entry.code, None, pillar, "omitted", note=note, subject=subject))
        elif record is None:
            lines.append(CoverageLine(entry.code, entry.name, pillar, "omitted", subject=subject))
        else:
            state: CoverageState = "present" if record.match_status == "matched" else "uncertain"
            lines.append(
                CoverageLine(
                    entry.code,
                    entry.name,
                    pillar,
                    state,
                    printed_code=record.printed_code,
                    printed_name=record.printed_name,
                    page=record.page,
                    row_index=record.row_index,
                    score=record.match_score,
                    subject=subject,
                )
            )
    return lines


def _rank(record: IndicatorRecord) -> tuple[int, float]:
    return (record.match_status == "matched", record.match_score)
