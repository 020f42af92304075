"""The plan as a Word document (python-docx), laid out as its spec says, with fixed
zip timestamps so the same spec gives the same bytes."""

from __future__ import annotations

import io
import random
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from docx import Document as new_docx
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table as DocxTable

from corpora.build.forms import legacy_encoder, text_form
from corpora.build.plan import FIXED_TIME, GROUP_HEADER, HEADERS, MARGIN_CM, WIDTHS_CM, PlannedRow

# --------------------------------------------------------------------------- DOCX


def _set_repeat_header(row: Any) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    tr_pr.append(marker)


def _write_cell(cell: Any, text: str, bold: bool = False, bullets: bool = False, encode: Any = None) -> None:
    lines = text.split("\n")
    paragraph = cell.paragraphs[0]
    for i, line in enumerate(lines):
        written, font = encode(line) if encode else (line, None)
        if i and bullets:
            paragraph = cell.add_paragraph(style="List Bullet")
            run = paragraph.add_run(written)
            run.font.name = font or run.font.name
            continue
        run = paragraph.add_run(written)
        if font:
            run.font.name = font
        run.bold = bold
        if i + 1 < len(lines) and not bullets:
            run.add_break()


def write_docx(spec: dict[str, Any], rows: list[PlannedRow], path: Path) -> None:
    """The plan as a Word document, laid out as the spec says."""
    layout = spec["layout"]
    form = text_form(spec)
    document = new_docx()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(layout.get("font_size", 12))
    section = document.sections[0]
    if layout.get("orientation") == "landscape":
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(MARGIN_CM))

    encode = legacy_encoder(spec)
    _write_preamble(document, spec, form, encode)

    columns = layout["columns"]
    table = document.add_table(rows=0, cols=len(columns))
    table.style = None if layout.get("borders") == "none" else "Table Grid"
    table.autofit = False
    header_rows = _write_header(table, columns, layout)
    rng = random.Random(spec["seed"] + 1)
    body_start = len(table.rows)
    for planned in rows:
        cells = table.add_row().cells
        for i, role in enumerate(columns):
            if role == "code":
                text = planned.printed_code
            elif role == "name":
                text = planned.printed_name
            else:
                text = planned.cells.get(role, "")
            if layout.get("bullets_in_cells") and role == "result" and text and rng.random() < 0.3:
                text = f"{text}\nĐã báo cáo kết quả về Sở Thông tin và Truyền thông"
            bullets = bool(layout.get("bullets_in_cells"))
            _write_cell(cells[i], form(text), bold=planned.heading, bullets=bullets, encode=encode)
        if layout.get("spacer_rows") and planned.heading:
            table.add_row()
    _set_widths(table, columns)
    if layout.get("repeat_header"):
        for row in table.rows[:header_rows]:
            _set_repeat_header(row)
    if layout.get("merge_lead_unit") and "lead_unit" in columns:
        _merge_units(table, columns.index("lead_unit"), rows, body_start, form, encode)
    document.add_paragraph(form("Nơi nhận: Như trên; Lưu: VT."))
    _freeze_properties(document)
    buffer = io.BytesIO()
    document.save(buffer)
    path.write_bytes(_fixed_zip(buffer.getvalue()))


def _write_preamble(document: Any, spec: dict[str, Any], form: Any, encode: Any) -> None:
    """The title lines (centred; bold when in capitals) and the prose before the table."""
    for line in spec["title"]:
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        written, font = encode(form(line))
        run = paragraph.add_run(written)
        run.bold = line.isupper()
        if font:
            run.font.name = font
    for text in spec.get("prose", ()):
        written, font = encode(form(text))
        run = document.add_paragraph().add_run(written)
        if font:
            run.font.name = font


def _write_header(table: DocxTable, columns: list[str], layout: dict[str, Any]) -> int:
    if not layout.get("two_level_header"):
        cells = table.add_row().cells
        for i, role in enumerate(columns):
            _write_cell(cells[i], HEADERS[role], bold=True)
        return 1
    top, bottom = table.add_row().cells, table.add_row().cells
    for i, role in enumerate(columns):
        if role in ("result_level", "result_data"):
            _write_cell(bottom[i], HEADERS[role], bold=True)
            continue
        _write_cell(top[i], HEADERS[role], bold=True)
        top[i].merge(bottom[i])
    first = columns.index("result_level")
    merged = top[first].merge(top[first + 1])
    _write_cell(merged, GROUP_HEADER, bold=True)
    return 2


def _set_widths(table: DocxTable, columns: list[str]) -> None:
    for i, role in enumerate(columns):
        table.columns[i].width = Cm(WIDTHS_CM[role])
    for row in table.rows:
        for i, cell in enumerate(row.cells[: len(columns)]):
            cell.width = Cm(WIDTHS_CM[columns[i]])


def _merge_units(
    table: DocxTable, column: int, rows: list[PlannedRow], body_start: int, form: Any, encode: Any
) -> None:
    """Merge the lead-unit cells of each pillar's indicator rows into one vertical cell."""
    positions: dict[str, list[int]] = {}
    index = body_start
    for planned in rows:
        while not table.rows[index].cells[0].text.strip():  # skip spacer rows
            index += 1
        if not planned.heading:
            positions.setdefault(planned.pillar, []).append(index)
        index += 1
    for pillar, indices in positions.items():
        if len(indices) < 2:
            continue
        text = rows[[r.pillar for r in rows].index(pillar) + 1].cells["lead_unit"]
        for i in indices:
            table.cell(i, column).text = ""
        merged = table.cell(indices[0], column).merge(table.cell(indices[-1], column))
        written, font = encode(form(text))
        run = merged.paragraphs[0].add_run(written)
        if font:
            run.font.name = font


def _freeze_properties(document: Any) -> None:
    props = document.core_properties
    props.author = "dti-ingest corpus"
    props.last_modified_by = "dti-ingest corpus"
    props.created = props.modified = FIXED_TIME
    props.revision = 1


def _fixed_zip(data: bytes, rewrite: Callable[[str, bytes], bytes] | None = None) -> bytes:
    """The same archive with every entry dated 1980-01-01, so builds are byte-identical; `rewrite`
    may change an entry's content on the way (a workbook's creation time)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            content = source.read(info.filename)
            target.writestr(fixed, rewrite(info.filename, content) if rewrite else content)
    return out.getvalue()
