"""An indicator's points from its figure, by the rule its framework file gives.

"52/57" under `ratio` with 10 maximum points → 9,12. Only what the rule and the figure
allow is computed: `minmax` needs every province's figure, `tiered` rules describe facts no
figure carries ("Trưởng ban là Bí thư"), and `unknown` says the method is not in hand; they
all give None, with the reason. A share is never guessed from a figure of another kind.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.models import Figure, FrameworkEntry

RESULT_FIELDS = ("result", "result_2")
_ACHIEVED = {"achieved", "max_score"}
_NOT_ACHIEVED = {"not_achieved", "none"}


@dataclass(frozen=True)
class Points:
    """Computed points, or None with why: "minmax: needs every province's figure"."""

    value: float | None
    rule: str | None
    figure_text: str | None = None
    why_not: str | None = None


def rule_of(entry: FrameworkEntry) -> str:
    """The entry's rule name; "unknown" where its file gives none."""
    return str((entry.scoring or {}).get("rule", "unknown"))


def share_of(figures: Sequence[Figure]) -> Figure | None:
    """The result's first fraction or percentage: "52/57" (0,912) or "90,48%" (0,9048)."""
    for figure in figures:
        if (
            figure.field in RESULT_FIELDS
            and figure.kind in ("ratio", "percent")
            and _share(figure) is not None
        ):
            return figure
    return None


def _share(figure: Figure) -> float | None:
    if figure.kind == "ratio" and figure.numerator is not None and figure.denominator:
        return figure.numerator / figure.denominator
    if figure.kind == "percent" and isinstance(figure.value, float):
        return figure.value / 100
    return None


def indicator_points(
    entry: FrameworkEntry, figures: Sequence[Figure], status: str | None, max_points: float | None
) -> Points:
    """Given an indicator, its record's figures and status, and its maximum points, return the
    points its rule gives, rounded to two decimals, or None with the reason."""
    rule = rule_of(entry)
    if rule in ("minmax", "tiered", "unknown", "sum_of_children"):
        return Points(None, rule, why_not=_NOT_FROM_ONE_FIGURE[rule])
    if max_points is None:
        return Points(None, rule, why_not="no maximum points, in the framework or the document")
    if rule == "binary":
        if status in _ACHIEVED:
            return Points(float(max_points), rule, status)
        if status in _NOT_ACHIEVED:
            return Points(0.0, rule, status)
        return Points(None, rule, why_not="no achieved/not achieved status")
    figure = share_of(figures)
    if figure is None:
        return Points(None, rule, why_not="no fraction or percentage in the result")
    share = _share(figure)
    assert share is not None
    if share > 1:
        return Points(None, rule, figure.text, why_not=f"{figure.text} is above 100%")
    if rule == "ratio":
        return Points(round(share * max_points, 2), rule, figure.text)
    threshold = float((entry.scoring or {})["threshold_percent"]) / 100
    if share >= threshold:
        return Points(float(max_points), rule, figure.text)
    if (entry.scoring or {}).get("below") == "zero":
        return Points(0.0, rule, figure.text)
    return Points(round(share / threshold * max_points, 2), rule, figure.text)


_NOT_FROM_ONE_FIGURE = {
    "minmax": "minmax: needs every unit's figure",
    "tiered": "tiered: the tiers describe facts the figures do not carry",
    "unknown": "no scoring method in hand",
    "sum_of_children": "the sum of its sub-indicators",
}
