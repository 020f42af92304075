"""Which framework a document follows, from its own words and from how well its rows match.

First the frameworks in play (`candidates`), in this order of weight: those whose decision
number the document cites ("Căn cứ Quyết định số 1552/QĐ-UBND"); those of the document's
province (with the national ones); one version per index, province and level, the one the
year the document is about falls in. Among them, evidence added up per framework: each
indicator row matched well (up to one point a row), a cited decision number, and its level
words ("Sở", "huyện", "cấp tỉnh") by how often they occur. `--framework` overrides all of it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from pipeline.models import Document, Framework, IndicatorRow
from pipeline.normalize.matching import match_rows
from pipeline.settings import DEFAULT, MatchSettings

REFERENCE_WEIGHT = 3.0
LEVEL_WORD_WEIGHT = 1.5


@dataclass(frozen=True)
class Detection:
    """The chosen framework and a one-line reason a person can check."""

    framework: Framework
    reason: str


def document_words(document: Document) -> str:
    """All text of a document, paragraphs and cells, for counting cue words."""
    cells = (cell for table in document.tables for row in table.rows for cell in row.texts)
    return "\n".join((document.text, *cells))


def _cue_score(words: str, framework: Framework) -> tuple[float, list[str]]:
    score, cues = 0.0, []
    for reference in framework.detection.get("references", []):
        if reference in words:
            score += REFERENCE_WEIGHT
            cues.append(f"cites {reference}")
    for word in framework.detection.get("level_words", []):
        count = len(re.findall(rf"(?<!\w){re.escape(word)}(?!\w)", words))
        if count:
            score += LEVEL_WORD_WEIGHT * math.log1p(count)
            cues.append(f"'{word}' ×{count}")
    return score, cues


def _cites(words: str, framework: Framework) -> bool:
    return any(reference in words for reference in framework.detection.get("references", []))


def latest_version(versions: Sequence[Framework], year: int | None) -> Framework:
    """Of several versions of one province's framework for one level, the one for `year`: the
    latest that has started by then (by first year, then version); the earliest when none has."""

    def order(f: Framework) -> tuple[int, int]:
        return (min(f.valid_years), f.version)

    started = [f for f in versions if year is None or min(f.valid_years) <= year]
    return max(started, key=order) if started else min(versions, key=order)


def candidates(
    frameworks: Mapping[str, Framework], words: str, province: str | None, year: int | None
) -> tuple[list[Framework], list[str]]:
    """The frameworks in play for a document, and why the others are not."""
    pool = list(frameworks.values())
    why: list[str] = []
    cited = [f for f in pool if _cites(words, f)]
    if cited:
        pool = cited
    if province:
        own = [f for f in pool if f.province == province]
        if own:
            pool = [f for f in pool if f.province in (province, None)]
            why.append(f"frameworks of {province}")
        elif any(f.province for f in pool):
            why.append(f"no framework of {province} known (import its decision: dti frameworks import)")
    groups: dict[tuple[str, str | None, str], list[Framework]] = {}
    for framework in pool:
        groups.setdefault((framework.index, framework.province, framework.level), []).append(framework)
    chosen = [latest_version(versions, year) for versions in groups.values()]
    if any(len(v) > 1 for v in groups.values()):
        why.append(f"the version for {year}" if year else "the latest version")
    return chosen, why


def detect_framework(
    document: Document,
    rows: Sequence[IndicatorRow],
    frameworks: Mapping[str, Framework],
    settings: MatchSettings = DEFAULT.match,
    province: str | None = None,
    year: int | None = None,
) -> Detection:
    """Given a document and its indicator rows (and the province and year it is about, when
    known), return the framework with the most evidence."""
    words = document_words(document)
    pool, why = candidates(frameworks, words, province, year)
    best: tuple[float, Framework, str] | None = None
    for framework in pool:
        matches = match_rows(rows, framework, settings)
        row_score = sum(max(0.0, m.score - 60.0) / 40.0 for m in matches if m.indicator_code)
        cue_score, cues = _cue_score(words, framework)
        total = row_score + cue_score
        matched = sum(1 for m in matches if m.status == "matched")
        reason = f"{matched}/{len(rows)} rows matched" + (f"; {', '.join(cues)}" if cues else "")
        if best is None or total > best[0]:
            best = (total, framework, reason)
    assert best is not None, "detect_framework needs at least one framework"
    among = f"; among {', '.join(why)}" if why else ""
    return Detection(best[1], f"detected: {best[2]}{among}")
