"""The report's charts as inline SVG, drawn by matplotlib when the report is built.

SVG keeps text as text (`svg.fonttype: none`), so the page stays small, searchable and
Vietnamese ("Nhận thức số") without embedding fonts, and works offline. Each drawn cell or
bar carries an id naming what it shows ("cov-3-6.13-omitted"), for a browser test or a
person reading the source.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.patches import Rectangle

from pipeline.report.data import Heatmap

COLOURS = {"present": "#2e7d32", "uncertain": "#f9a825", "omitted": "#c62828", "": "#eeeeee"}
LABELS = {"present": "có", "uncertain": "chưa chắc", "omitted": "bỏ sót", "": "không có kế hoạch"}
_STYLE = {"svg.fonttype": "none", "svg.hashsalt": "dti", "font.family": "DejaVu Sans", "font.size": 8}


def _svg(figure: Any) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(figure)
    text = buffer.getvalue()
    return text[text.index("<svg") :]  # inline: no XML declaration or doctype


def heatmap_svg(heatmap: Heatmap) -> str:
    """Units × indicators, one coloured cell each, pillars marked along the top."""
    columns, rows = len(heatmap.codes), len(heatmap.rows)
    with plt.rc_context(_STYLE):
        figure, axes = plt.subplots(figsize=(max(6.0, 0.16 * columns + 3), 0.28 * rows + 1.6))
        for y, states in enumerate(heatmap.states):
            for x, state in enumerate(states):
                cell = Rectangle((x, y), 0.92, 0.86, color=COLOURS[state])
                cell.set_gid(f"cov-{y}-{heatmap.codes[x]}-{state or 'none'}")
                axes.add_artist(cell)  # not add_patch: the limits are set below, once
        start = 0
        for code, _name, count in heatmap.pillars:
            axes.axvline(start - 0.04, color="#555555", linewidth=0.6)
            axes.text(start + count / 2, -0.4, code, ha="center", va="bottom", fontsize=7)
            start += count
        axes.set_xlim(-0.2, columns + 0.1)
        axes.set_ylim(rows, -1.2)
        axes.set_yticks(
            [y + 0.43 for y in range(rows)], [f"{s} ({p or 'không rõ năm'})" for s, p in heatmap.rows]
        )
        axes.set_xticks([x + 0.46 for x in range(columns)], heatmap.codes, rotation=90, fontsize=5)
        axes.tick_params(length=0)
        for side in axes.spines.values():
            side.set_visible(False)
        handles = [Rectangle((0, 0), 1, 1, color=COLOURS[s]) for s in LABELS]
        axes.legend(handles, LABELS.values(), loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
        return _svg(figure)


def pillar_svg(points: Sequence[dict[str, Any]]) -> str:
    """One panel per pillar: each unit's points as a bar over a pale bar of the pillar's maximum."""
    pillars = list(dict.fromkeys((p["code"], p["name"]) for p in points))
    subjects = sorted({p["subject"] for p in points})
    with plt.rc_context(_STYLE):
        figure, panels = plt.subplots(
            1, len(pillars), figsize=(max(6.0, 2.0 * len(pillars)), 0.3 * len(subjects) + 1.4),
            sharey=True, squeeze=False,
        )  # fmt: skip
        for axes, (code, name) in zip(panels[0], pillars, strict=True):
            mine = {p["subject"]: p for p in points if p["code"] == code}
            top = max((p["max_points"] or p["points"] for p in mine.values()), default=1.0)
            for y, subject in enumerate(subjects):
                if subject not in mine:
                    continue
                item = mine[subject]
                axes.barh(y, item["max_points"] or top, color="#e3e8ef", height=0.7)
                bar = axes.barh(y, item["points"], color="#1565c0", height=0.7)
                bar.patches[0].set_gid(f"pillar-{code}-{y}")
                axes.text(
                    item["points"], y, f" {item['points']:.2f}".replace(".", ","), va="center", fontsize=6
                )
            axes.set_title(f"{code}. {name}", fontsize=7, wrap=True)
            axes.set_xlim(0, top * 1.25)
            axes.invert_yaxis()
        panels[0][0].set_yticks(range(len(subjects)), subjects)
        return _svg(figure)


def totals_svg(totals: Sequence[dict[str, Any]]) -> str:
    """Each unit's total across the years, for units the warehouse has more than one year of."""
    by_subject: dict[str, dict[int, float]] = {}
    for item in totals:
        by_subject.setdefault(item["subject"], {})[item["period"]] = item["points"]
    moving = {s: v for s, v in sorted(by_subject.items()) if len(v) > 1}
    with plt.rc_context(_STYLE):
        figure, axes = plt.subplots(figsize=(7.0, 3.2))
        for subject, values in moving.items():
            years = sorted(values)
            (line,) = axes.plot(years, [values[y] for y in years], marker="o", label=subject)
            line.set_gid(f"total-{len(axes.lines)}")
        axes.set_xticks(sorted({y for v in moving.values() for y in v}))
        axes.set_ylabel("Tổng điểm")
        axes.grid(axis="y", color="#dddddd")
        axes.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=6)
        return _svg(figure)
