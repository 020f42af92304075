"""The report as one self-contained HTML page: inline CSS and SVG, no script, no network.

A Content-Security-Policy meta tag forbids every fetch, so a page that would need the
network shows it as an error in the browser test rather than silently at an official's desk.
"""

from __future__ import annotations

from functools import cache
from pathlib import PurePath

import jinja2

from pipeline.report.charts import heatmap_svg, pillar_svg, totals_svg
from pipeline.report.data import ReportData
from pipeline.settings import DEFAULT


@cache
def _template() -> jinja2.Template:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("pipeline.report", "."), autoescape=True, keep_trailing_newline=True
    )
    environment.filters["basename"] = lambda path: PurePath(path).name if path else ""
    return environment.get_template("report.html.j2")


def render_html(data: ReportData, source: str) -> str:
    """The page for `data`, read from the warehouse named `source` (shown, password left out)."""
    moving = [t for t in data.totals if sum(1 for u in data.totals if u["subject"] == t["subject"]) > 1]
    years = data.loaded.years
    return _template().render(
        data=data,
        source=source,
        years=f"{years[0]}–{years[-1]}" if len(years) > 1 else (years[0] if years else "—"),
        last_loaded=data.loaded.last_loaded.strftime("%d/%m/%Y") if data.loaded.last_loaded else "—",
        heatmaps=[(h, heatmap_svg(h)) for h in data.heatmaps if h.rows],
        pillar_charts=[
            (framework, pillar_svg([p for p in data.pillar_points if p["framework"] == framework]))
            for framework in sorted({p["framework"] for p in data.pillar_points})
        ],
        totals_chart=totals_svg(moving) if moving else None,
        review_confidence=f"{DEFAULT.ocr.review_confidence:g}",
    )
