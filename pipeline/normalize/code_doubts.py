"""Printed codes of a scanned table that the column's order doubts and no reading settles.

`code_sequence` replaces a code only when the order and one of Tesseract's readings agree.
A code they do not settle stays as read, and so may be wrong: "9.9" between "5.4" and "5.5",
a pillar "5" read "2" after "4.3", "7.9" or "9" straight after "7.4". Such a record is marked
here with a check naming the codes around it, so no code OCR may have got wrong goes
unflagged. Nothing is changed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from pipeline.checks import Check
from pipeline.models import IndicatorRecord
from pipeline.normalize.code_sequence import in_order, key, leaps, trusted_around

_SETTLED = {"ocr_code_replaced"}  # the order and a reading already agreed on these
_MISSHAPEN = re.compile(r"^(?=.*\d)[\d.]+$")  # digits and stops that are no code: "6.12.", "5..1"


def mark_doubtful_codes(records: Sequence[IndicatorRecord]) -> list[IndicatorRecord]:
    """The records, each OCR'd table row whose printed code breaks its column's order, leaps
    four siblings ahead, jumps past the next pillar or is no code at all ("6.12.") carrying an
    `ocr_code_doubtful` check."""
    out = list(records)
    for positions in _tables(out).values():
        codes = [out[p].printed_code or "" for p in positions]
        trusted = in_order(codes)
        for at, position in enumerate(positions):
            record, code = out[position], codes[at]
            if any(c.code in _SETTLED for c in record.checks):
                continue
            if key(code) is None and not _MISSHAPEN.match(code):
                continue  # a roman heading, a letter: not an arabic code the order can judge
            before, after = trusted_around(codes, trusted, at)
            if at in trusted and not leaps(before, code) and not skips_pillars(before, code):
                continue  # a misshapen code is never in the trusted run
            check = Check.of("ocr_code_doubtful", read=code, before=before or "—", after=after or "—",
                             page=record.page)  # fmt: skip
            out[position] = replace(record, checks=(*record.checks, check))
    return out


def skips_pillars(before: str | None, code: str) -> bool:
    """Whether a pillar's code jumps past the next pillar: "9" (or "72", a "7.2" whose stop was
    lost) straight after the rows of pillar 7. A plan leaves indicators out, not pillars."""
    previous, current = key(before) if before else None, key(code)
    return previous is not None and current is not None and len(current) == 1 and current[0] > previous[0] + 1


def _tables(records: Sequence[IndicatorRecord]) -> dict[tuple[str, int], list[int]]:
    """The positions of each OCR'd table's rows with a printed code, in reading order."""
    tables: dict[tuple[str, int], list[int]] = {}
    for position, record in enumerate(records):
        scanned = record.ocr_confidence is not None and record.table_index is not None
        if record.origin == "table" and scanned and record.printed_code:
            tables.setdefault((record.source_path, record.table_index), []).append(position)
    return tables
