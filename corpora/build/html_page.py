"""The plan as a legal-document portal publishes it: an HTML page with a menu, a metadata
block, the text, the table and a footer, built with lxml's element factory.

As portals do: the menu and footer are `<nav>`/`<div>` chrome around the text, a script
sits in the head and at the end, the metadata block is a label | value table, the header
rows sit in `<thead>` as `<th>` (or, with `html: {header_cells: td}`, as bold `<td>` rows with
no `<thead>`), a two-level header spans with `colspan`/`rowspan`, a merged lead unit with
`rowspan`, and a cell of several lines holds one `<p>` per line. `html: {charset: none}`
leaves the `<meta charset>` out, so the reader must tell UTF-8 from the bytes.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import lxml.html
from lxml.html import builder as E

from corpora.build.forms import text_form
from corpora.build.plan import GROUP_HEADER, HEADERS, PlannedRow


def write_html(spec: dict[str, Any], rows: list[PlannedRow], path: Path) -> None:
    """The plan as a portal page, in UTF-8."""
    options = spec.get("html", {})
    form = text_form(spec)
    head = E.HEAD(
        E.TITLE(form(spec["title"][-1])), E.SCRIPT('var menu = "<table><tr><td>STT</td></tr></table>";')
    )
    if options.get("charset", "utf-8") != "none":
        head.insert(0, E.META(charset="utf-8"))
    body = E.BODY(
        E.E.nav(E.UL(*(E.LI(E.A(item, href="#")) for item in ("Trang chủ", "Văn bản pháp luật", "Liên hệ")))),
        _metadata(spec),
        E.DIV(*_text(spec, form), _table(spec, rows, form, options), E.CLASS("noi-dung")),
        E.DIV(E.P("Cổng thông tin văn bản · Bản quyền thuộc cơ quan ban hành"), E.CLASS("footer"),
              role="contentinfo"),
        E.SCRIPT("document.title = document.title;"),
    )  # fmt: skip
    page = lxml.html.tostring(E.HTML(head, body, lang="vi"), doctype="<!DOCTYPE html>", encoding="utf-8")
    path.write_bytes(page)


def _metadata(spec: dict[str, Any]) -> Any:
    """The portal's "Thuộc tính" block from the title lines: number, date, kind, issuer."""
    title = spec["title"]
    number = next((line.split(":", 1)[1].strip() for line in title if line.startswith("Số:")), "")
    dated = next((m for line in title if (m := re.search(r"ngày (\d+) tháng (\d+) năm (\d{4})", line))), None)
    date = f"{int(dated.group(1)):02d}/{int(dated.group(2)):02d}/{dated.group(3)}" if dated else ""
    kind = next((line.capitalize() for line in title if line in ("KẾ HOẠCH", "BÁO CÁO", "QUYẾT ĐỊNH")), "")
    issuer = title[1].title() if len(title) > 1 else ""
    return E.TABLE(
        E.TR(E.TD("Số hiệu:"), E.TD(number), E.TD("Loại văn bản:"), E.TD(kind)),
        E.TR(E.TD("Ngày ban hành:"), E.TD(date), E.TD("Cơ quan ban hành:"), E.TD(issuer)),
        E.CLASS("thuoc-tinh"),
    )


def _text(spec: dict[str, Any], form: Any) -> list[Any]:
    lines = [E.P(E.B(form(line)), align="center") for line in spec["title"]]
    return lines + [E.P(form(text)) for text in spec.get("prose", ())]


def _table(spec: dict[str, Any], rows: list[PlannedRow], form: Any, options: dict[str, Any]) -> Any:
    columns = spec["layout"]["columns"]
    cell = E.TH if options.get("header_cells", "th") == "th" else (lambda text, **a: E.TD(E.B(text), **a))
    if spec["layout"].get("two_level_header"):
        first = columns.index("result_level")
        top = [cell(HEADERS[c], rowspan="2") for c in columns[:first]]
        top += [cell(GROUP_HEADER, colspan="2")] + [
            cell(HEADERS[c], rowspan="2") for c in columns[first + 2 :]
        ]
        header = [E.TR(*top), E.TR(cell(HEADERS["result_level"]), cell(HEADERS["result_data"]))]
    else:
        header = [E.TR(*(cell(HEADERS[c]) for c in columns))]
    body = [E.TR(*cells) for cells in _body_cells(spec, rows, form)]
    if options.get("header_cells", "th") == "th":
        return E.TABLE(E.THEAD(*header), E.TBODY(*body), border="1")
    return E.TABLE(*header, *body, border="1")


def _body_cells(spec: dict[str, Any], rows: list[PlannedRow], form: Any) -> list[list[Any]]:
    """Each row's cells; the lead unit of a pillar's indicator rows merged down with rowspan."""
    columns = spec["layout"]["columns"]
    merge = spec["layout"].get("merge_lead_unit") and "lead_unit" in columns
    out: list[list[Any]] = []
    for i, planned in enumerate(rows):
        cells = []
        for role in columns:
            text = planned.printed_code if role == "code" else planned.printed_name if role == "name" else (
                planned.cells.get(role, ""))  # fmt: skip
            if role == "lead_unit" and merge and not planned.heading:
                run = _run_length(rows, i)
                if run == 0:
                    continue  # covered by the rowspan of the first row of its pillar
                cells.append(
                    E.TD(*_lines(form(text)), rowspan=str(run)) if run > 1 else E.TD(*_lines(form(text)))
                )
                continue
            cells.append(E.TD(*_lines(form(text))))
        out.append(cells)
    return out


def _run_length(rows: list[PlannedRow], i: int) -> int:
    """For the first indicator row of a pillar: how many of its indicator rows follow in a
    run (the merged cell's rowspan); 0 for the rows it covers."""
    if i > 0 and not rows[i - 1].heading and rows[i - 1].pillar == rows[i].pillar:
        return 0
    run = 1
    while i + run < len(rows) and not rows[i + run].heading and rows[i + run].pillar == rows[i].pillar:
        run += 1
    return run


def _lines(text: str) -> list[Any]:
    lines = text.split("\n")
    return [lines[0]] if len(lines) == 1 else [E.P(line) for line in lines]
