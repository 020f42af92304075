"""The plan as a portal text export: tab-separated table rows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from corpora.build.forms import text_form
from corpora.build.plan import HEADERS, PlannedRow

# --------------------------------------------------------------------------- text and PDF


def write_text(spec: dict[str, Any], rows: list[PlannedRow], path: Path) -> None:
    """The plan as a plain-text export: title lines, then a tab-separated table."""
    form = text_form(spec)
    columns = spec["layout"]["columns"]
    lines = [form(line) for line in spec["title"]] + [form(p) for p in spec.get("prose", ())]
    lines.append("\t".join(HEADERS[c] for c in columns))
    for planned in rows:
        cells = [
            planned.printed_code
            if c == "code"
            else planned.printed_name
            if c == "name"
            else planned.cells.get(c, "")
            for c in columns
        ]
        lines.append("\t".join(form(cell) for cell in cells))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
