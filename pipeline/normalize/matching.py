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
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz
from rapidfuzz.process import cdist

from pipeline.lexicon import lexicon
from pipeline.models import Framework, FrameworkEntry, IndicatorRow, Match
from pipeline.normalize.text import fold_diacritics, match_key
from pipeline.numbering import parse_code
from pipeline.settings import DEFAULT, MatchSettings

DEFAULT_MATCH = DEFAULT.match


@lru_cache(maxsize=1)
def _negation_pattern() -> re.Pattern[str]:
    words = "|".join(re.escape(word) for word in lexicon().negations)
    return re.compile(rf"\b({words})\b")


def matchable_entries(framework: Framework) -> tuple[FrameworkEntry, ...]:
    """The entries a table row can be: pillars and indicators that have a name."""
    return tuple(e for e in framework.entries if e.level in ("pillar", "indicator") and e.name)


def name_scores(
    printed: Sequence[str], canonical: Sequence[str], settings: MatchSettings = DEFAULT_MATCH
) -> np.ndarray:
    """Given printed and canonical names, return their 0–100 similarity matrix.

    The score is the best of rapidfuzz's `ratio` and `token_sort_ratio` on the match keys;
    one long name holding the other's words ("hồ sơ thủ tục hành chính được xử lý" ⊃ "hồ sơ
    xử lý") scores `token_set_ratio` less a discount; the diacritic-folded key counts only as
    a fallback; a negation or "tối thiểu" on one side only costs a penalty. Computed a whole
    matrix at a time with rapidfuzz's `cdist`: this is the only name scorer.
    """
    a = [match_key(text) for text in printed]
    b = [match_key(text) for text in canonical]
    score = np.maximum(
        cdist(a, b, scorer=fuzz.ratio, dtype=np.float64),
        cdist(a, b, scorer=fuzz.token_sort_ratio, dtype=np.float64),
    )
    long_a = np.array([key.count(" ") >= settings.subset_min_words - 1 for key in a])
    long_b = np.array([key.count(" ") >= settings.subset_min_words - 1 for key in b])
    subset = cdist(a, b, scorer=fuzz.token_set_ratio, dtype=np.float64) - settings.subset_discount
    score = np.where(np.outer(long_a, long_b), np.maximum(score, subset), score)
    folded_a, folded_b = [fold_diacritics(k) for k in a], [fold_diacritics(k) for k in b]
    folded = cdist(folded_a, folded_b, scorer=fuzz.ratio, dtype=np.float64) - settings.folded_discount
    score = np.maximum(score, folded)
    negation = _negation_pattern()
    negated_a = np.array([bool(negation.search(key)) for key in a])
    negated_b = np.array([bool(negation.search(key)) for key in b])
    score = score - settings.negation_penalty * (negated_a[:, None] != negated_b[None, :])
    empty = np.array([not key for key in a])[:, None] | np.array([not key for key in b])[None, :]
    return np.where(empty, 0.0, np.maximum(score, 0.0))


def name_similarity(printed: str, canonical: str, settings: MatchSettings = DEFAULT_MATCH) -> float:
    """0–100 similarity of two names: `name_scores` as a 1×1 matrix.
    "Tỉ lệ hồ sơ TTHC được xử lý trực tuyến" vs "Tỷ lệ hồ sơ xử lý trực tuyến" → ≥ 80."""
    return float(name_scores([printed], [canonical], settings)[0, 0])


def similarity_matrix(
    rows: Sequence[IndicatorRow], entries: Sequence[FrameworkEntry], settings: MatchSettings
) -> list[list[float]]:
    """Given rows and entries, return scores[row][entry]: the best `name_scores` over the
    entry's names, plus `code_bonus` when the printed code is the entry's, less
    `item_penalty` for a lettered item ("a)")."""
    names = [(e, name) for e, entry in enumerate(entries) for name in entry.names]
    by_name = name_scores([row.printed_name for row in rows], [name for _, name in names], settings)
    scores = np.full((len(rows), len(entries)), -np.inf)
    for column, (e, _) in enumerate(names):
        scores[:, e] = np.maximum(scores[:, e], by_name[:, column])
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
    heading_pillar: dict[tuple[int | None, int], str] = {}
    for r, row in enumerate(rows):
        if not row.printed_code or not pillar_columns:
            continue
        best = max(pillar_columns, key=lambda e: scores[r][e])
        if scores[r][best] >= settings.matched_at:
            heading_pillar[(row.table_index, row.row_index)] = pillar_columns[best]
    for r, row in enumerate(rows):
        if row.parent_row is None:
            continue
        pillar = heading_pillar.get((row.table_index, row.parent_row))
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
    rows: Sequence[IndicatorRow], framework: Framework, settings: MatchSettings = DEFAULT_MATCH
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
