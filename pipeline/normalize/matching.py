"""Match printed indicator rows to a framework's canonical indicators.

A chain of small steps:
`similarity_matrix` (rapidfuzz on match keys, diacritic-folded as a fallback, printed code
agreement as a small bonus) → `align_in_order` (a monotonic alignment over the whole table,
so a plan that renumbers — Kon Tum prints the framework's 7.12 as 6.12 — still maps every
row right, and each canonical indicator is used once) → `assign_out_of_order` (strong
matches the order could not place) → `to_matches` (scores and statuses).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz
from rapidfuzz.process import cdist

from pipeline.models import Framework, FrameworkEntry, IndicatorRow, Match
from pipeline.normalize.numbering import parse_code
from pipeline.normalize.text import fold_diacritics, match_key

SUBSET_DISCOUNT = 12
_NEGATIONS = re.compile(r"\b(không|chưa|tối thiểu)\b")


@dataclass(frozen=True)
class MatchSettings:
    """Thresholds on the 0–100 match score; validated so a typo fails loudly."""

    matched_at: float = 80.0
    review_at: float = 60.0
    out_of_order_at: float = 90.0
    code_bonus: float = 6.0
    item_penalty: float = 15.0
    pillar_bonus: float = 3.0

    def __post_init__(self) -> None:
        if not 0 <= self.review_at <= self.matched_at <= 100:
            raise ValueError(
                f"MatchSettings: need 0 <= review_at ({self.review_at}) <= matched_at "
                f"({self.matched_at}) <= 100"
            )


DEFAULT_SETTINGS = MatchSettings()


def matchable_entries(framework: Framework) -> tuple[FrameworkEntry, ...]:
    """The entries a table row can be: pillars and indicators that have a name."""
    return tuple(e for e in framework.entries if e.level in ("pillar", "indicator") and e.name)


def name_similarity(printed: str, canonical: str) -> float:
    """0–100 similarity of two names on their match keys; the folded key only as a fallback,
    and a negation or "tối thiểu" on one side only costs 15 points."""
    a, b = match_key(printed), match_key(canonical)
    if not a or not b:
        return 0.0
    score = max(fuzz.ratio(a, b), fuzz.token_sort_ratio(a, b))
    if min(a.count(" "), b.count(" ")) >= 3:
        # One name holding the other's words ("hồ sơ thủ tục hành chính được xử lý" ⊃
        # "hồ sơ xử lý"): strong evidence, short of an equal name.
        score = max(score, fuzz.token_set_ratio(a, b) - SUBSET_DISCOUNT)
    folded = max(fuzz.ratio(fold_diacritics(a), fold_diacritics(b)) - 3, 0)
    score = max(score, folded)
    if bool(_NEGATIONS.search(a)) != bool(_NEGATIONS.search(b)):
        score -= 15
    return max(score, 0.0)


def entry_similarity(row: IndicatorRow, entry: FrameworkEntry, settings: MatchSettings) -> float:
    """Similarity of a row to an entry: best over the entry's names, plus code agreement."""
    score = max(name_similarity(row.printed_name, name) for name in entry.names)
    code = parse_code(row.printed_code or "")
    if code is not None:
        if code.kind == "lower":
            score -= settings.item_penalty
        elif code.kind == "arabic" and not entry.code_provisional and code.canonical == entry.code:
            score += settings.code_bonus
    return min(score, 100.0)


def similarity_matrix(
    rows: Sequence[IndicatorRow], entries: Sequence[FrameworkEntry], settings: MatchSettings
) -> list[list[float]]:
    """Given rows and entries, return scores[row][entry]: `entry_similarity` for every pair,
    computed a whole matrix at a time with rapidfuzz's `cdist` (the same scorers)."""
    names = [(e, name) for e, entry in enumerate(entries) for name in entry.names]
    name_scores = _name_matrix([row.printed_name for row in rows], [name for _, name in names])
    scores = np.full((len(rows), len(entries)), -np.inf)
    for column, (e, _) in enumerate(names):
        scores[:, e] = np.maximum(scores[:, e], name_scores[:, column])
    for r, row in enumerate(rows):
        code = parse_code(row.printed_code or "")
        if code is None:
            continue
        if code.kind == "lower":
            scores[r, :] -= settings.item_penalty
        elif code.kind == "arabic":
            for e, entry in enumerate(entries):
                if not entry.code_provisional and code.canonical == entry.code:
                    scores[r, e] += settings.code_bonus
    return np.minimum(scores, 100.0).tolist()


def _name_matrix(printed: list[str], canonical: list[str]) -> np.ndarray:
    """`name_similarity` for every printed × canonical pair, vectorised."""
    a = [match_key(text) for text in printed]
    b = [match_key(text) for text in canonical]
    score = np.maximum(
        cdist(a, b, scorer=fuzz.ratio, dtype=np.float64),
        cdist(a, b, scorer=fuzz.token_sort_ratio, dtype=np.float64),
    )
    long_a = np.array([key.count(" ") >= 3 for key in a])
    long_b = np.array([key.count(" ") >= 3 for key in b])
    subset = cdist(a, b, scorer=fuzz.token_set_ratio, dtype=np.float64) - SUBSET_DISCOUNT
    score = np.where(np.outer(long_a, long_b), np.maximum(score, subset), score)
    folded = (
        cdist(
            [fold_diacritics(k) for k in a],
            [fold_diacritics(k) for k in b],
            scorer=fuzz.ratio,
            dtype=np.float64,
        )
        - 3
    )
    score = np.maximum(score, folded)
    negated_a = np.array([bool(_NEGATIONS.search(key)) for key in a])
    negated_b = np.array([bool(_NEGATIONS.search(key)) for key in b])
    score = score - 15 * (negated_a[:, None] != negated_b[None, :])
    empty = np.outer(np.array([not key for key in a]), np.ones(len(b), bool)) | np.array(
        [not key for key in b]
    )
    return np.where(empty, 0.0, np.maximum(score, 0.0))


def add_pillar_context(
    scores: list[list[float]],
    rows: Sequence[IndicatorRow],
    entries: Sequence[FrameworkEntry],
    framework: Framework,
    settings: MatchSettings,
) -> None:
    """A row printed under a heading that reads as a pillar ("V AN TOÀN THÔNG TIN MẠNG")
    leans towards that pillar's indicators: `pillar_bonus` points, enough to settle two
    similar names in different pillars, never enough to make a match on its own."""
    pillar_columns = {e: entry.code for e, entry in enumerate(entries) if entry.level == "pillar"}
    entry_pillars = [framework.pillar_of(entry.code) for entry in entries]
    heading_pillar: dict[tuple[int | None, str], str] = {}
    for r, row in enumerate(rows):
        if not row.printed_code or not pillar_columns:
            continue
        best = max(pillar_columns, key=lambda e: scores[r][e])
        if scores[r][best] >= settings.matched_at:
            heading_pillar[(row.table_index, row.printed_code)] = pillar_columns[best]
    for r, row in enumerate(rows):
        pillar = heading_pillar.get((row.table_index, row.parent_code or ""))
        if pillar is None:
            continue
        for e, entry_pillar in enumerate(entry_pillars):
            if entry_pillar == pillar and entries[e].level != "pillar":
                scores[r][e] = min(scores[r][e] + settings.pillar_bonus, 100.0)


def align_in_order(scores: list[list[float]], floor: float) -> dict[int, int]:
    """Given the score matrix, return row → entry for the best order-preserving alignment:
    pairs at or above `floor` only, each row and each entry used once."""
    n = len(scores)
    m = len(scores[0]) if scores else 0
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        row_scores = scores[i - 1]
        above, here = best[i - 1], best[i]
        for j in range(1, m + 1):
            s = row_scores[j - 1]
            diagonal = above[j - 1] + (s - floor + 1) if s >= floor else -1.0
            here[j] = max(above[j], here[j - 1], diagonal)
    pairs: dict[int, int] = {}
    i, j = n, m
    while i > 0 and j > 0:
        s = scores[i - 1][j - 1]
        if s >= floor and best[i][j] == best[i - 1][j - 1] + (s - floor + 1):
            pairs[i - 1] = j - 1
            i, j = i - 1, j - 1
        elif best[i][j] == best[i - 1][j]:
            i -= 1
        else:
            j -= 1
    return pairs


def assign_out_of_order(scores: list[list[float]], pairs: dict[int, int], at: float) -> dict[int, int]:
    """Add strong matches (≥ `at`) for rows the alignment left out, best first, entries unused."""
    used = set(pairs.values())
    candidates = sorted(
        (
            (score, row, entry)
            for row, row_scores in enumerate(scores)
            if row not in pairs
            for entry, score in enumerate(row_scores)
            if score >= at and entry not in used
        ),
        reverse=True,
    )
    out = dict(pairs)
    for _score, row, entry in candidates:
        if row not in out and entry not in used:
            out[row] = entry
            used.add(entry)
    return out


def to_matches(
    scores: list[list[float]],
    pairs: dict[int, int],
    entries: Sequence[FrameworkEntry],
    settings: MatchSettings,
) -> list[Match]:
    """Turn the chosen pairs into `Match`es with a status from the thresholds."""
    matches = []
    for row, row_scores in enumerate(scores):
        if row not in pairs:
            best = max(row_scores, default=0.0)
            matches.append(Match(None, None, round(best, 1), "unmatched"))
            continue
        entry = entries[pairs[row]]
        score = row_scores[pairs[row]]
        status = "matched" if score >= settings.matched_at else "review"
        matches.append(Match(entry.code, entry.name, round(score, 1), status))
    return matches


def match_rows(
    rows: Sequence[IndicatorRow], framework: Framework, settings: MatchSettings = DEFAULT_SETTINGS
) -> list[Match]:
    """Given the indicator rows of one document, return one `Match` per row."""
    entries = matchable_entries(framework)
    if not rows or not entries:
        return [Match(None, None, 0.0, "unmatched") for _ in rows]
    scores = similarity_matrix(rows, entries, settings)
    add_pillar_context(scores, rows, entries, framework, settings)
    pairs = align_in_order(scores, settings.review_at)
    pairs = assign_out_of_order(scores, pairs, settings.out_of_order_at)
    return to_matches(scores, pairs, entries, settings)
