"""Results decisions measured against their gold: the share of values at their unit and year.

A gold file (`<name>.values.json`) lists every value the decision prints: the canonical unit
("thị xã Tân Châu"), framework, code ("3", "DTI"), year, the form it is printed in (points,
index, percent, rank) and the value. A value is placed when a record of that unit, framework,
code and year holds a figure of that form and value; anything else (a unit read as another,
a value at the wrong year, an average given to a unit) leaves it unplaced, and a figure that
a unit's record holds but the gold does not is counted as misplaced.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.models import DocumentResult

Key = tuple[str, str, str, int, str]  # subject, framework, code, year, kind
TOLERANCE = 5e-5


@dataclass
class Placement:
    """How many of a document's values are at their unit and year, and what went wrong."""

    placed: int = 0
    total: int = 0
    misplaced: int = 0
    missing: list[str] = field(default_factory=list)

    @property
    def share(self) -> float:
        return self.placed / self.total if self.total else 1.0

    def add(self, other: Placement) -> None:
        self.placed += other.placed
        self.total += other.total
        self.misplaced += other.misplaced
        self.missing += other.missing


def placed_values(result: DocumentResult) -> dict[Key, list[float]]:
    """Every figure of the result's records, keyed by unit, framework, code, year and form."""
    out: dict[Key, list[float]] = {}
    for record in result.records:
        if record.subject is None or record.subject.canonical is None or record.indicator_code is None:
            continue
        for figure in record.figures:
            if figure.kind in ("points", "index", "percent", "rank") and isinstance(figure.value, float):
                if figure.field == "max_points":
                    continue
                subject, code = record.subject.canonical, record.indicator_code
                key = (subject, record.framework or "", code, record.period or 0, figure.kind)
                out.setdefault(key, []).append(figure.value)
    return out


def placement(result: DocumentResult, values: Iterable[Mapping[str, Any]]) -> Placement:
    """Given a result and its gold values, count the values placed at their unit and year."""
    found = placed_values(result)
    score = Placement()
    expected: dict[Key, list[float]] = {}
    for value in values:
        key = (value["subject"], value["framework"], value["code"], value["year"], value["kind"])
        expected.setdefault(key, []).append(value["value"])
        score.total += 1
        if any(abs(v - value["value"]) <= TOLERANCE for v in found.get(key, ())):
            score.placed += 1
        else:
            score.missing.append(f"{key}: {value['value']} (read {found.get(key)})")
    subjects = {key[0] for key in expected}
    for key, got in found.items():
        if key[0] in subjects:
            score.misplaced += sum(
                1 for v in got if not any(abs(v - e) <= TOLERANCE for e in expected.get(key, ()))
            )
    return score


def gold_values(path: Path, suffix: str) -> list[dict[str, Any]]:
    """The gold values a file of a results variant holds: a CSV holds the first annex only."""
    gold = json.loads(path.read_text(encoding="utf-8"))
    return [v for v in gold["values"] if suffix != ".csv" or v["annex"] == 0]
