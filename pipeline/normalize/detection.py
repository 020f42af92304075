"""Which framework a document follows, from its own words and from how well its rows match.

Evidence, added up per framework: each indicator row matched well (up to one point a row),
the framework's decision number cited in the text ("1552/QĐ-UBND"), and its level words
("Sở", "huyện", "cấp tỉnh") by how often they occur. `--framework` overrides all of it.
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


def detect_framework(
    document: Document,
    rows: Sequence[IndicatorRow],
    frameworks: Mapping[str, Framework],
    settings: MatchSettings = DEFAULT.match,
) -> Detection:
    """Given a document and its indicator rows, return the framework with the most evidence."""
    words = document_words(document)
    best: tuple[float, Framework, str] | None = None
    for framework in frameworks.values():
        matches = match_rows(rows, framework, settings)
        row_score = sum(max(0.0, m.score - 60.0) / 40.0 for m in matches if m.indicator_code)
        cue_score, cues = _cue_score(words, framework)
        total = row_score + cue_score
        matched = sum(1 for m in matches if m.status == "matched")
        reason = f"{matched}/{len(rows)} rows matched" + (f"; {', '.join(cues)}" if cues else "")
        if best is None or total > best[0]:
            best = (total, framework, reason)
    assert best is not None, "detect_framework needs at least one framework"
    return Detection(best[1], f"detected: {best[2]}")
