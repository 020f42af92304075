"""Tables printed without rules, found from their header's layout.

Column edges are where the "STT" line's phrases start ("STT", "Chỉ số/Chỉ số thành phần",
"Kết quả thực hiện"); row edges are where each printed code starts ("1.2.1" in the first
column); the result is pdfplumber table settings with explicit lines.
"""

from __future__ import annotations

import itertools
import re
from typing import Any

from pdfplumber.page import Page

from pipeline.extract.text import is_header_starter
from pipeline.settings import DEFAULT, PdfSettings


def unruled_table_settings(page: Page, settings: PdfSettings = DEFAULT.pdf) -> dict[str, Any] | None:
    """Table settings for a table printed without rules: column edges from where the
    header's phrases start ("STT", "Chỉ số/Chỉ số thành phần", "Kết quả thực hiện"), row
    edges from where each printed code starts ("1.2.1" in the first column). None when the
    page prints no "STT" header (a page continuing an unruled table without repeating its
    header is not read as a table)."""
    lines = page.extract_text_lines(layout=False, strip=True)
    header = next((line for line in lines if is_header_starter(line["text"].split(" ")[0])), None)
    if header is None:
        return None
    words = [w for w in page.extract_words() if abs(w["top"] - header["top"]) < settings.line_tolerance]
    columns = [words[0]["x0"]]
    for previous, word in itertools.pairwise(words):
        if word["x0"] - previous["x1"] > settings.column_gap:
            columns.append(word["x0"])
    if len(columns) < 3:
        return None
    code_right = columns[1]
    tops = [
        line["top"]
        for line in lines
        if line["x0"] < code_right and re.fullmatch(r"[\dIVX]+(\.\d+)*\.?", line["text"].split(" ")[0])
        and line["top"] > header["top"]
    ]  # fmt: skip
    if not tops:
        return None
    # The header is the bold lines from "STT" down; text between it and the first code is a
    # row the page break cut, continued here.
    margin = settings.edge_margin
    edges = [header["top"] - margin, _header_bottom(lines, header, tops[0]) + 1]
    edges += [t - margin for t in tops if t - margin > edges[-1] + 1]
    edges.append(_table_bottom(lines, tops[-1], code_right, settings))
    return {
        "vertical_strategy": "explicit",
        "horizontal_strategy": "explicit",
        "explicit_vertical_lines": [x - margin for x in columns] + [page.width - settings.right_margin],
        "explicit_horizontal_lines": edges,
    }


def _header_bottom(lines: list[dict[str, Any]], header: dict[str, Any], first_code_top: float) -> float:
    bottom = header["bottom"]
    for line in lines:
        if line["top"] <= header["top"] or line["top"] >= first_code_top - 1:
            continue
        bold = sum("Bold" in char.get("fontname", "") for char in line["chars"])
        if bold < len(line["chars"]) / 2:
            break
        bottom = line["bottom"]
    return bottom


def _table_bottom(
    lines: list[dict[str, Any]], last_top: float, code_right: float, settings: PdfSettings
) -> float:
    """Below the last code the table runs on while the lines keep their usual spacing and
    none starts in the code column ("Nơi nhận: ..." after the table does)."""
    bottom = last_top
    for line in lines:
        if line["top"] < last_top - 1:
            continue
        if abs(line["top"] - last_top) <= 1:  # the last code's own line
            bottom = line["bottom"]
            continue
        gap = line["top"] - bottom > settings.row_gap_lines * (line["bottom"] - line["top"])
        if gap or line["x0"] < code_right - settings.edge_margin:
            break
        bottom = line["bottom"]
    return bottom + settings.edge_margin
