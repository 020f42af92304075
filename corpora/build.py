"""Build the generated corpus: DOCX (python-docx) → PDF (LibreOffice headless) → gold.

Each document in `corpora/specs.yaml` becomes `corpora/documents/generated/<id>.docx`,
`<id>.pdf` (and `<id>.txt` where asked) plus `<id>.gold.json`, all from the same planned
rows, so the gold says exactly what was written: the canonical indicator of each row, its
printed code, its figures and, for the PDF, the page its row starts on (read back with
poppler's `pdftotext -bbox`, a reader independent of the one under test).

Reproducible: figures come from a seeded generator; DOCX files are written with fixed
timestamps, so the same specs give byte-identical DOCX and identical gold files.

    python corpora/build.py            # rebuild everything
    python corpora/build.py --check    # rebuild into a temporary folder and compare
"""

from __future__ import annotations

import argparse
import io
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml
from docx import Document as new_docx
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table as DocxTable

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from corpora.scan import scan_document  # noqa: E402
from pipeline.frameworks import load_frameworks  # noqa: E402
from pipeline.models import Framework, FrameworkEntry  # noqa: E402

OUT = HERE / "documents" / "generated"
FIXED_TIME = datetime(2024, 1, 1)
MARGIN_CM = 2.0

HEADERS = {
    "code": "STT",
    "name": "Chỉ số/Chỉ số thành phần",
    "result": "Kết quả thực hiện năm 2023",
    "result_level": "Mức đạt",
    "result_data": "Số liệu, nguyên nhân",
    "target": "Mục tiêu năm 2024",
    "lead_unit": "Đơn vị chủ trì",
    "partner_unit": "Đơn vị phối hợp",
    "deadline": "Thời gian hoàn thành",
    "max_points": "Điểm tối đa",
    "notes": "Ghi chú",
}
WIDTHS_CM = {
    "code": 1.3,
    "name": 6.5,
    "result": 4.5,
    "result_level": 2.5,
    "result_data": 4.5,
    "target": 3.5,
    "lead_unit": 3.0,
    "partner_unit": 3.0,
    "deadline": 2.8,
    "max_points": 1.8,
    "notes": 3.5,
}
GROUP_HEADER = "Kết quả năm 2023"  # the upper header over result_level and result_data

ABBREVIATIONS = (
    ("cán bộ, công chức, viên chức", "CBCCVC"),
    ("cán bộ công chức, viên chức", "CBCCVC"),
    ("công chức, viên chức", "CCVC"),
    ("chuyển đổi số", "CĐS"),
    ("dịch vụ công trực tuyến", "DVCTT"),
    ("an toàn thông tin", "ATTT"),
    ("hệ thống thông tin", "HTTT"),
    ("thông tin điện tử", "TTĐT"),
    ("ngân sách nhà nước", "NSNN"),
    ("thủ tục hành chính", "TTHC"),
    ("công nghệ thông tin", "CNTT"),
    ("ban chỉ đạo", "BCĐ"),
)
OLD_TONES = {
    "hóa": "hoá",
    "hòa": "hoà",
    "hỏa": "hoả",
    "họa": "hoạ",
    "xóa": "xoá",
    "khóa": "khoá",
    "thủy": "thuỷ",
    "khỏe": "khoẻ",
    "tùy": "tuỳ",
    "lũy": "luỹ",
    "thỏa": "thoả",
}
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
UNITS = ("hồ sơ", "máy tính", "cán bộ", "hệ thống", "văn bản", "tài khoản", "người")
LEAD_UNITS = (
    "Văn phòng Sở",
    "Phòng Kế hoạch - Tài chính",
    "Trung tâm CNTT và Truyền thông",
    "Phòng Tổ chức cán bộ",
    "Thanh tra Sở",
    "Phòng Văn hoá và Thông tin",
)
DEADLINES = ("Quý II/2024", "Tháng 6/2024", "31/12/2024", "Thường xuyên", "Trước ngày 30/9/2024")


# --------------------------------------------------------------------------- planning


@dataclass
class PlannedRow:
    """One table row as written, and what the gold says of it."""

    code: str | None  # canonical code; None for a row that is no indicator
    printed_code: str
    printed_name: str
    cells: dict[str, str] = field(default_factory=dict)
    figures: list[dict[str, Any]] = field(default_factory=list)
    heading: bool = False
    pillar: str = ""


def _fmt(value: float, decimals: int = 2, comma: bool = True) -> str:
    text = f"{value:.{decimals}f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") if comma else text


def _thousands(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _figure(
    kind: str,
    field_: str,
    value: float | None,
    num: float | None = None,
    den: float | None = None,
    low: float | None = None,
    high: float | None = None,
) -> dict[str, Any]:
    return {
        "kind": kind,
        "field": field_,
        "value": value,
        "numerator": num,
        "denominator": den,
        "low": low,
        "high": high,
    }


def result_text(rng: random.Random, role: str) -> tuple[str, list[dict[str, Any]]]:
    """A result cell in one of the forms plans use, with the figures it holds."""
    form = rng.randrange(11)
    unit = rng.choice(UNITS)
    if form == 0:
        b = rng.randint(10, 90)
        a = rng.randint(1, b)
        return f"Đạt {a}/{b} {unit}", [_figure("ratio", role, round(a / b, 4), a, b)]
    if form == 1:
        b = rng.randint(1200, 9000)
        a = rng.randint(1000, b)
        pct = round(100 * a / b, 2)
        text = f"{_thousands(a)}/{_thousands(b)} {unit} ({_fmt(pct)}%)"
        return text, [_figure("ratio", role, round(a / b, 4), a, b), _figure("percent", role, pct)]
    if form == 2:
        pct = round(rng.uniform(40, 100), 2)
        comma = rng.random() < 0.7
        return f"Tỷ lệ đạt {_fmt(pct, comma=comma)}%", [_figure("percent", role, pct)]
    if form == 3:
        k = rng.randint(1, 9)
        return f"Đã triển khai {k:02d} {unit}", [_figure("count", role, float(k))]
    if form == 4:
        m = rng.randint(1, 900) * 1_000_000
        return f"Kinh phí {_thousands(m)} đồng", [_figure("money", role, float(m))]
    if form == 5:
        x = round(rng.uniform(1, 9), 2)
        return f"Tổng kinh phí {_fmt(x)} tỷ đồng", [_figure("money", role, round(x * 1e9, 2))]
    if form == 6:
        n, d, m = rng.randint(10, 900), rng.randint(1, 28), rng.randint(1, 12)
        return f"Đã ban hành Kế hoạch số {n}/KH-UBND ngày {d}/{m}/2023", []
    if form == 7:
        lo = rng.randint(20, 60)
        hi = lo + rng.choice((10, 20, 30))
        return f"Tập huấn {lo}-{hi} học viên", [_figure("range", role, None, low=lo, high=hi)]
    if form == 8:
        b = rng.choice((10, 20, 50))
        a = round(rng.uniform(0, b), 1)
        return f"Đạt {_fmt(a, 1)}/{b} điểm", [_figure("points", role, a, None, b)]
    if form == 9:
        n = rng.randint(5, 60)
        text = f"100% ({n}/{n}) {unit} đáp ứng, phiên bản 2.0"
        return text, [_figure("percent", role, 100.0), _figure("ratio", role, 1.0, n, n)]
    return rng.choice(("Chưa triển khai", "Đạt điểm tối đa", "Không đạt", "Đạt")), []


def target_text(rng: random.Random) -> tuple[str, list[dict[str, Any]]]:
    form = rng.randrange(3)
    if form == 0:
        return "Đạt 100%", [_figure("percent", "target", 100.0)]
    if form == 1:
        pct = rng.choice((80, 85, 90, 95))
        return f"Tối thiểu {pct}% trước ngày 30/11/2024", [_figure("percent", "target", float(pct))]
    return "Duy trì kết quả, thực hiện theo Thông tư số 03/2017/TT-BTTTT", []


def reword(name: str, mode: str, code: str, paraphrases: dict[str, str]) -> str:
    """The name as this document prints it: exact, abbreviated or paraphrased."""
    if mode == "abbreviated":
        for phrase, short in ABBREVIATIONS:
            name = re.sub(re.escape(phrase), short, name, flags=re.IGNORECASE)
        return name
    if mode == "both_ways":  # "chuyển đổi số (CĐS)" the first time, "CĐS" afterwards
        for phrase, short in ABBREVIATIONS:
            name = re.sub(re.escape(phrase), f"{phrase} ({short})", name, count=1, flags=re.IGNORECASE)
        return name
    if mode == "paraphrased":
        if code in paraphrases:
            return paraphrases[code]
        name = re.sub(r"\s*\([^)]*\)", "", name).strip()
        return re.sub(r"^Tỷ lệ", "Tỉ lệ", name)
    return name


def _renumbered(kept: list[FrameworkEntry], renumber: bool, pillar_printed: dict[str, str]) -> dict[str, str]:
    printed: dict[str, str] = {}
    counters: dict[str, int] = {}
    for entry in kept:
        parent = entry.parent or ""
        counters[parent] = counters.get(parent, 0) + 1
        if not renumber:
            printed[entry.code] = entry.code
            continue
        prefix = printed.get(parent) or pillar_printed.get(parent) or parent
        printed[entry.code] = f"{prefix}.{counters[parent]}"
    return printed


def plan_rows(spec: dict[str, Any], framework: Framework, paraphrases: dict[str, str]) -> list[PlannedRow]:
    """The rows of the document's table, in order, from the framework and the spec."""
    rng = random.Random(spec["seed"])
    omit = set(spec.get("omit", ()))
    columns = spec["layout"]["columns"]
    roman = spec.get("pillar_codes") == "roman"
    extras: dict[str, list[dict[str, str]]] = {}
    for extra in spec.get("extra_rows", ()):
        extras.setdefault(extra["after"], []).append(extra)
    rows: list[PlannedRow] = []
    for p_index, pillar in enumerate(framework.pillars):
        children = [
            e
            for e in framework.indicators
            if framework.pillar_of(e.code) == pillar.code
            and e.name
            and e.code not in omit
            and (e.parent not in omit)
        ]
        if not children:
            continue
        pillar_printed = ROMAN[p_index] if roman else pillar.code
        pillar_name = pillar.name.upper() if roman else pillar.name
        rows.append(
            PlannedRow(pillar.code, pillar_printed, pillar_name or "", heading=True, pillar=pillar.code)
        )
        printed = _renumbered(children, spec.get("renumber", False), {pillar.code: pillar.code})
        unit = rng.choice(LEAD_UNITS)
        for entry in children:
            name = reword(entry.name or "", spec.get("names", "exact"), entry.code, paraphrases)
            row = PlannedRow(entry.code, printed[entry.code], name, pillar=pillar.code)
            _fill_cells(row, columns, rng, entry, unit)
            rows.append(row)
            for extra in extras.get(entry.code, ()):
                # A task of the agency's own, not an indicator: the gold says no indicator.
                row = PlannedRow(None, extra["printed_code"], extra["name"], pillar=pillar.code)
                _fill_cells(row, columns, rng, entry, unit)
                rows.append(row)
    return rows


def _fill_cells(
    row: PlannedRow, columns: list[str], rng: random.Random, entry: FrameworkEntry, unit: str
) -> None:
    for role in columns:
        if role in ("code", "name"):
            continue
        if role in ("result", "result_data"):
            text, figures = result_text(rng, "result")
        elif role == "result_level":
            text, figures = rng.choice(("Đạt", "Chưa đạt", "Đạt điểm tối đa", "Đạt một phần")), []
        elif role == "target":
            text, figures = target_text(rng)
        elif role == "max_points":
            points = entry.max_points if entry.max_points is not None else float(rng.choice((5, 10, 15, 20)))
            text, figures = _fmt(points), [_figure("points", "max_points", float(points))]
        elif role == "deadline":
            text, figures = rng.choice(DEADLINES), []
        elif role == "lead_unit":
            text, figures = unit, []
        elif role == "partner_unit":
            text, figures = "Các phòng, đơn vị thuộc UBND huyện", []
        else:  # notes
            text, figures = (
                rng.choice(("", "Theo Kế hoạch số 401/KH-UBND ngày 19/9/2022", "Tiếp tục duy trì")),
                [],
            )
        row.cells[role] = text
        row.figures.extend(figures)


# --------------------------------------------------------------------------- text forms


def old_tones(text: str) -> str:
    """ "Chuyển đổi số hóa" → "Chuyển đổi số hoá": tone marks placed the old way."""

    def swap(match: re.Match[str]) -> str:
        word = match.group(0)
        new = OLD_TONES.get(word.lower())
        if new is None:
            return word
        return new.capitalize() if word[0].isupper() else new

    return re.sub(r"\w+", swap, text)


def text_form(spec: dict[str, Any]) -> Any:
    form = spec.get("text_form")
    if form == "nfd_old_tones":
        return lambda s: unicodedata.normalize("NFD", old_tones(s))
    if form == "old_tones":
        return old_tones
    return lambda s: s


# --------------------------------------------------------------------------- legacy fonts

LEGACY_FONTS = {"tcvn3": ".VnTime", "vni": "VNI-Times"}


def legacy_encoder(spec: dict[str, Any]) -> Any:
    """For a spec with `legacy: tcvn3|vni`: text → (its bytes in that font's encoding, the font),
    as a document typed in .VnTime or VNI-Times holds it ("Chỉ số" → "ChØ sè" in TCVN3). A
    line the encoding cannot hold whole stays Unicode in the normal font."""
    encoding = spec.get("legacy")
    if encoding is None:
        return lambda text: (text, None)
    from viparse.normalize.encodings import get_charmap
    from viparse.normalize.tables import convert

    charmap = get_charmap(encoding)
    reverse: dict[str, str] = {}
    for legacy, uni in sorted(charmap.pairs, key=lambda pair: len(pair[0])):
        reverse.setdefault(unicodedata.normalize("NFC", uni), legacy)

    def encode(text: str) -> tuple[str, str | None]:
        nfc = unicodedata.normalize("NFC", text)
        encoded = "".join(reverse.get(ch, ch) for ch in nfc)
        if convert(encoded, charmap) != nfc:
            return text, None
        return encoded, LEGACY_FONTS[encoding]

    return encode


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


def _fixed_zip(data: bytes) -> bytes:
    """The same archive with every entry dated 1980-01-01, so builds are byte-identical."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


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


def to_pdf(docx: Path, outdir: Path) -> Path:
    """Export a DOCX to PDF with LibreOffice headless, in a private profile."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("corpora/build.py needs LibreOffice (soffice); run scripts/setup.sh")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(outdir),
                str(docx),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
    return outdir / f"{docx.stem}.pdf"


_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">([^<]*)</word>')


def code_pages(pdf: Path, rows: list[PlannedRow]) -> list[int | None]:
    """The page each row starts on: its printed code found in the code column, in order,
    by poppler's `pdftotext -bbox` (not by the reader under test)."""
    html = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    code_right = (MARGIN_CM + WIDTHS_CM["code"]) / 2.54 * 72
    words: list[tuple[int, float, str]] = []
    for number, page in enumerate(html.split("<page ")[1:], start=1):
        for x, y, text in _WORD.findall(page):
            if float(x) < code_right:
                words.append((number, float(y), text))
    words = _joined_codes(sorted(words))
    pages: list[int | None] = []
    position = 0
    for planned in rows:
        found = None
        for i in range(position, len(words)):
            if words[i][2] == planned.printed_code:
                found, position = words[i][0], i + 1
                break
        pages.append(found)
    return pages


def _joined_codes(words: list[tuple[int, float, str]]) -> list[tuple[int, float, str]]:
    """Rejoin a code the narrow column wrapped: "5.12." over "1" is "5.12.1"."""
    out: list[tuple[int, float, str]] = []
    for page, y, text in words:
        if out and out[-1][0] == page and y - out[-1][1] < 20:
            last = out[-1][2]
            if (last.endswith(".") and text[:1].isdigit()) or (last[-1:].isdigit() and text.startswith(".")):
                out[-1] = (page, out[-1][1], last + text)
                continue
        out.append((page, y, text))
    return out


def page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]


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


# --------------------------------------------------------------------------- driver


def build(out: Path, only: set[str] | None = None) -> list[Path]:
    specs = yaml.safe_load((HERE / "specs.yaml").read_text(encoding="utf-8"))
    paraphrases = yaml.safe_load((HERE / "paraphrases.yaml").read_text(encoding="utf-8"))
    frameworks = load_frameworks(HERE / "frameworks")
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for spec in specs:
        if only and spec["id"] not in only:
            continue
        framework = frameworks[spec["framework"]]
        rows = plan_rows(spec, framework, paraphrases.get(framework.id, {}))
        docx = out / f"{spec['id']}.docx"
        write_docx(spec, rows, docx)
        written.append(docx)
        pages = pdf_pages = None
        if "pdf" in spec["formats"]:
            pdf = to_pdf(docx, out)
            pages, pdf_pages = code_pages(pdf, rows), page_count(pdf)
            written.append(pdf)
        if "scan" in spec["formats"]:
            written.append(scan_document(spec["id"], spec["seed"], out))
        if "txt" in spec["formats"]:
            write_text(spec, rows, out / f"{spec['id']}.txt")
            written.append(out / f"{spec['id']}.txt")
        gold = out / f"{spec['id']}.gold.json"
        gold.write_text(
            json.dumps(gold_of(spec, framework, rows, pages, pdf_pages), ensure_ascii=False, indent=1) + "\n",
            encoding="utf-8",
        )
        written.append(gold)
        print(f"built {spec['id']}: {len(rows)} rows" + (f", {pdf_pages} PDF pages" if pdf_pages else ""))
    return written


def differences(left: Path, right: Path) -> Iterator[str]:
    """Files whose DOCX bytes or gold content differ between two builds."""
    for path in sorted(left.glob("*")):
        if (
            path.suffix in (".docx", ".json", ".txt")
            and path.read_bytes() != (right / path.name).read_bytes()
        ):
            yield path.name


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--out", type=Path, default=OUT, help="output folder (default: %(default)s)")
    parser.add_argument("--only", nargs="*", help="build only these spec ids")
    parser.add_argument("--check", action="store_true", help="rebuild in a temporary folder and compare")
    args = parser.parse_args()
    if args.check:
        with tempfile.TemporaryDirectory() as tmp:
            build(Path(tmp), set(args.only or ()))
            changed = list(differences(Path(tmp), args.out))
        print("identical" if not changed else f"differ: {', '.join(changed)}")
        raise SystemExit(1 if changed else 0)
    build(args.out, set(args.only or ()))


if __name__ == "__main__":
    main()
