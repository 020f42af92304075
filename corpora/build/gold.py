"""The gold file of a generated document: every row as written, with its canonical
indicator, printed code, figures and page."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from corpora.build.forms import text_form
from corpora.build.plan import PlannedRow, _figure
from pipeline.models import Framework

# --------------------------------------------------------------------------- gold


def prose_gold(spec: dict[str, Any], framework: Framework) -> list[dict[str, Any]]:
    """Pillar scores written in the spec's prose ("Hạ tầng số đạt 70/100 điểm")."""
    out = []
    for text in spec.get("prose", ()):
        for pillar in framework.pillars:
            for match in re.finditer(rf"{re.escape(pillar.name or '')} đạt ([\d,]+)/(\d+) điểm", text):
                value = float(match.group(1).replace(",", "."))
                points = _figure("points", "result", value, None, float(match.group(2)))
                out.append({"origin": "text", "indicator_code": pillar.code, "figures": [points]})
    return out


def gold_of(
    spec: dict[str, Any],
    framework: Framework,
    rows: list[PlannedRow],
    pages: list[int | None] | None,
    pdf_pages: int | None,
) -> dict[str, Any]:
    printed = {r.code for r in rows if r.code}
    return {
        "document": spec["id"],
        "framework": framework.id,
        "formats": spec["formats"],
        "pdf_pages": pdf_pages,
        "rows": [
            {
                "origin": "table",
                "indicator_code": r.code,
                "printed_code": r.printed_code,
                "printed_name": unicodedata.normalize("NFC", text_form(spec)(r.printed_name)),
                "page": pages[i] if pages else None,
                "figures": r.figures,
            }
            for i, r in enumerate(rows)
        ]
        + prose_gold(spec, framework),
        "omitted": [e.code for e in framework.indicators if e.code not in printed],
    }
