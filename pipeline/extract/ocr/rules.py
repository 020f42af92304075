"""Find a scanned table's ruling lines and merged cells: pure numpy and OpenCV, no OCR.

`find_grid` takes a binarised page (ink 255 on 0) and returns the rule positions and,
per slot, whether its cell is its own or covered by a merged cell to its left or above
(a missing rule segment). Testable on a drawn image, without Tesseract.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass

import cv2
import numpy as np

from pipeline.extract.grid import Covered
from pipeline.extract.ocr.image import horizontal_lines
from pipeline.settings import DEFAULT, OcrSettings


@dataclass(frozen=True)
class Grid:
    """A ruled table: its line positions and, per slot, where its cell's text comes from."""

    ys: tuple[int, ...]  # horizontal rule positions, top to bottom
    xs: tuple[int, ...]  # vertical rule positions, left to right
    covered: tuple[tuple[Covered | None, ...], ...]  # per slot: None (own cell), "left" or "above"


def _positions(profile: np.ndarray, threshold: float, gap: int = 6) -> list[int]:
    """Centres of the runs where `profile` reaches `threshold`."""
    return _cluster([int(i) for i in np.nonzero(profile >= threshold)[0]], gap)


def find_grid(binary: np.ndarray, settings: OcrSettings = DEFAULT.ocr) -> Grid | None:
    """The ruled table on a page: rules found by morphology, merged cells by missing segments."""
    horizontal = horizontal_lines(binary)
    rows_profile = horizontal.sum(axis=1) / 255
    if rows_profile.max(initial=0) < binary.shape[1] * settings.rule_share:
        return None
    # A rule under a merged header spans only some columns: keep rules of a fifth of the longest.
    ys = _positions(rows_profile, rows_profile.max() * settings.short_rule_share)
    if len(ys) < 2:
        return None
    band = min((b - a for a, b in itertools.pairwise(ys) if b - a > 10), default=None)
    if band is None:  # every rule within a few pixels of the next: a double line, no table
        return None
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(45, int(band * 0.75))))
    vertical = cv2.morphologyEx(binary, cv2.MORPH_OPEN, kernel)
    left, right = _table_edges(horizontal, ys)
    band_columns = []
    for top, bottom in itertools.pairwise(ys):
        inner = vertical[top + 4 : bottom - 4, :]
        if inner.shape[0] < 4:
            band_columns.append([])
            continue
        profile = (inner > 0).sum(axis=0) / inner.shape[0]
        band_columns.append(_positions(profile, settings.vertical_rule_fill))
    # A rule is a rule when at least two bands have it; a tall bracket in one cell is not.
    tolerance = settings.rule_tolerance
    xs = _supported(
        _cluster(sorted(x for cols in band_columns for x in cols), tolerance), band_columns, tolerance
    )
    xs = [x for x in xs if left - 1.5 * tolerance <= x <= right + 1.5 * tolerance]
    if len(xs) < 2:
        return None
    covered = []
    for r, (top, cols) in enumerate(zip(ys, band_columns, strict=False)):
        slots: list[Covered | None] = []
        for c in range(len(xs) - 1):
            if c > 0 and not any(abs(x - xs[c]) <= tolerance for x in cols):
                slots.append("left")
            elif r > 0 and not _rule_under(horizontal, top, xs[c], xs[c + 1]):
                slots.append("above")
            else:
                slots.append(None)
        covered.append(tuple(slots))
    return Grid(tuple(ys), tuple(xs), tuple(covered))


def merged_regions(grid: Grid) -> Iterator[tuple[int, int, int, int]]:
    """Each slot's owning cell, as (row, column, last row, last column) of the merged region."""
    rows, cols = len(grid.covered), len(grid.xs) - 1
    for r in range(rows):
        for c in range(cols):
            if grid.covered[r][c] is not None:
                continue
            c_end = c
            while c_end + 1 < cols and grid.covered[r][c_end + 1] == "left":
                c_end += 1
            r_end = r
            while r_end + 1 < rows and grid.covered[r_end + 1][c] == "above":
                r_end += 1
            yield r, c, r_end, c_end


def _supported(xs: list[int], band_columns: list[list[int]], tolerance: int) -> list[int]:
    """The rule positions found in at least two bands: a tall bracket in one cell is no rule."""
    return [x for x in xs if sum(any(abs(x - b) <= tolerance for b in cols) for cols in band_columns) >= 2]


def _table_edges(horizontal: np.ndarray, ys: list[int]) -> tuple[int, int]:
    strip = horizontal[max(ys[0] - 3, 0) : ys[0] + 4, :]
    columns = np.nonzero(strip.max(axis=0))[0]
    return (int(columns[0]), int(columns[-1])) if len(columns) else (0, horizontal.shape[1])


def _cluster(values: list[int], tolerance: int) -> list[int]:
    """Sorted positions grouped while each is within `tolerance` of the last; their means."""
    groups: list[list[int]] = []
    for v in values:
        if groups and v - groups[-1][-1] <= tolerance:
            groups[-1].append(v)
        else:
            groups.append([v])
    return [int(np.mean(g)) for g in groups]


def _rule_under(horizontal: np.ndarray, y: int, x0: int, x1: int) -> bool:
    """Whether a horizontal rule runs at `y` between two vertical rules (else the cell above
    continues down: a vertical merge)."""
    strip = horizontal[max(y - 4, 0) : y + 5, x0 + 6 : x1 - 6]
    return strip.size > 0 and (strip.max(axis=0) > 0).mean() > 0.5
