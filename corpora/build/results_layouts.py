"""Results decisions in many layouts, as provinces print them: a test bed for the results reader.

Each variant draws one choice per dimension from a seeded generator: the unit column's header
("Tên cơ quan, đơn vị", "Đơn vị", "Địa phương"), the row number's ("STT", "TT"), how a pillar
header carries its maximum ("Thể chế số (100)", "Nhận thức số\\n(100 điểm)", "(tối đa 100)", a
two-level header "Điểm các chỉ số chính" over the pillars), the total's header ("Tổng điểm
(tối đa 1000)", "Điểm DTI", "Chỉ số DTI"), the rank's ("Xếp hạng", "Thứ hạng", "Thứ tự", none),
the rating's ("Xếp loại", "Mức độ", none), values as points, an index from 0 to 1 or a percent
of the maximum, unit names in full, abbreviated ("TX. Tân Châu"), with "UBND" or in capitals,
a row of averages, one annex or two, and the province (Đắk Nông, An Giang, Lâm Đồng, Kon Tum,
Bình Thuận; a national ranking of the 63 provinces). Each variant is written as DOCX, PDF
(LibreOffice), XLSX and CSV; a few also as a 200 dpi noisy scan of the PDF.

Variants with an even number are the development half; odd ones are held out: measured, never
looked at while the reader is changed. `<id>.values.json` holds every value at its canonical
unit, framework, code and year, and which annex it is in (a CSV holds the first annex only).

    python -m corpora.build.results_layouts          # write corpora/layouts/ (outside the sample corpus)
"""

from __future__ import annotations

import csv
import io
import json
import random
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from docx import Document as new_docx
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment

from corpora.build.pdf_pages import to_pdf
from corpora.build.plan import HERE
from corpora.build.word import _fixed_zip, _freeze_properties, _set_repeat_header
from corpora.scan import scan_document
from pipeline.frameworks import load_frameworks
from pipeline.models import Framework
from pipeline.normalize.subjects import gazetteer

OUT = HERE / "layouts"  # not under documents/: the sample corpus and its tests stay as they are
VARIANTS = 20
SCANNED = (0, 2, 1, 3)  # the variants also written as scans: two of each half
SEED = 2026
MARGIN_CM = 1.5
LANDSCAPE_TEXT_CM = 29.7 - 2 * MARGIN_CM  # A4 landscape

UNIT_HEADERS = (
    "Tên cơ quan, đơn vị",
    "Đơn vị",
    "Địa phương",
    "Tên đơn vị",
    "Cơ quan, đơn vị",
    "Tên địa phương",
)
NUMBER_HEADERS = ("STT", "TT", "Số TT", None)
PILLAR_FORMS = ("plain", "paren", "paren_points", "newline", "max_word", "dash", "numbered")
TOTAL_HEADERS = ("Tổng điểm", "Tổng điểm (tối đa {max})", "Điểm DTI", "Chỉ số DTI", "Tổng điểm ({max} điểm)",
                 "Tổng điểm DTI")  # fmt: skip
RANK_HEADERS = ("Xếp hạng", "Thứ hạng", "Thứ tự", None)
RATING_HEADERS = (None, "Xếp loại", "Mức độ", "Mức xếp hạng")
UPPER_HEADERS = (None, "Điểm các chỉ số chính", "Điểm thành phần", "Chỉ số thành phần")
VALUE_FORMS = ("points", "points", "index", "percent")
NAME_FORMS = ("full", "short", "ubnd", "capitals")
ANNEXES = ("agency+district", "district", "agency", "province", "mixed")
PROVINCES = ("Đắk Nông", "An Giang", "Lâm Đồng", "Kon Tum", "Bình Thuận")
FOOTERS = (None, "Trung bình", "Điểm trung bình")
AGENCY_SHORT = {
    "Sở Thông tin và Truyền thông": "Sở TT&TT", "Sở Nông nghiệp và Phát triển nông thôn": "Sở NN&PTNT",
    "Sở Giao thông vận tải": "Sở GTVT", "Sở Kế hoạch và Đầu tư": "Sở KH&ĐT",
    "Sở Tài nguyên và Môi trường": "Sở TN&MT", "Sở Giáo dục và Đào tạo": "Sở GD&ĐT",
    "Sở Lao động - Thương binh và Xã hội": "Sở LĐ-TB&XH",
    "Văn phòng Ủy ban nhân dân tỉnh": "Văn phòng UBND tỉnh",
}  # fmt: skip
# The agencies a variant draws from, fixed here so the variants stay the same when the gazetteer
# learns more units.
AGENCIES = (
    "Sở Thông tin và Truyền thông", "Sở Khoa học và Công nghệ", "Sở Giao thông vận tải", "Sở Xây dựng",
    "Sở Nông nghiệp và Phát triển nông thôn", "Sở Tài nguyên và Môi trường", "Sở Nông nghiệp và Môi trường",
    "Sở Kế hoạch và Đầu tư", "Sở Tài chính", "Sở Lao động - Thương binh và Xã hội", "Sở Nội vụ", "Sở Y tế",
    "Sở Công Thương", "Sở Tư pháp", "Sở Giáo dục và Đào tạo", "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Ngoại vụ", "Thanh tra tỉnh", "Văn phòng Ủy ban nhân dân tỉnh", "Ban Dân tộc",
    "Ban Quản lý các khu công nghiệp",
)  # fmt: skip
_SHORT_LEVEL = {"huyện": "H.", "thị xã": "TX.", "thành phố": "TP.", "tỉnh": "Tỉnh"}


@dataclass(frozen=True)
class Layout:
    """One choice per dimension: everything that makes one results decision look unlike another."""

    unit_header: str
    number_header: str | None
    pillar_form: str
    upper_header: str | None
    total_header: str
    total_first: bool
    rank_header: str | None
    rating_header: str | None
    value_form: str
    name_form: str
    annexes: str
    province: str
    footer: str | None
    year: int
    repeat_header: bool
    caption_year: bool
    pillar_ranks: bool  # "Nhận thức số" over "Điểm | Xếp hạng" for every pillar
    maxima_row: bool  # a first body row "Điểm tối đa | 100 | 100 | ..." instead of maxima in headers


def draw_layout(rng: random.Random) -> Layout:
    annexes = rng.choice(ANNEXES)
    return Layout(
        unit_header=rng.choice(UNIT_HEADERS), number_header=rng.choice(NUMBER_HEADERS),
        pillar_form=rng.choice(PILLAR_FORMS), upper_header=rng.choice(UPPER_HEADERS),
        total_header=rng.choice(TOTAL_HEADERS), total_first=rng.random() < 0.3,
        rank_header=rng.choice(RANK_HEADERS), rating_header=rng.choice(RATING_HEADERS),
        value_form=rng.choice(VALUE_FORMS), name_form=rng.choice(NAME_FORMS), annexes=annexes,
        province=rng.choice(PROVINCES), footer=rng.choice(FOOTERS), year=rng.choice((2022, 2023, 2024)),
        repeat_header=rng.random() < 0.7, caption_year=rng.random() < 0.7,
        pillar_ranks=rng.random() < 0.25, maxima_row=rng.random() < 0.2,
    )  # fmt: skip


def variants() -> list[tuple[str, Layout, int, bool]]:
    """(id, layout, seed, held out) for every variant: even numbers develop, odd ones are held out."""
    rng = random.Random(SEED)
    out = []
    for number in range(VARIANTS):
        seed = rng.randrange(10**6)
        out.append((f"results-layout-{number:02d}", draw_layout(random.Random(seed)), seed, number % 2 == 1))
    return out


# --------------------------------------------------------------------------- units and values


def _units_of(kind: str, province: str, rng: random.Random, count: int) -> list[str]:
    """Canonical names of `count` units of a kind: agencies, a province's districts, provinces."""
    if kind == "agency":
        names = list(AGENCIES)
    elif kind == "district":
        names = [u.canonical for u in gazetteer() if u.kind == "district" and u.province == province]
    else:
        names = [u.canonical for u in gazetteer() if u.kind == "province" and u.valid_to is None]
    names = list(dict.fromkeys(names))
    return rng.sample(names, min(count, len(names)))


def printed_name(canonical: str, kind: str, form: str) -> str:
    """A unit's name as a table prints it: "huyện Chợ Mới" → "H. Chợ Mới", "UBND huyện Chợ
    Mới", "UBND HUYỆN CHỢ MỚI"."""
    if kind == "agency":
        short = AGENCY_SHORT.get(canonical, canonical)
        return {"full": canonical, "short": short, "ubnd": canonical, "capitals": canonical.upper()}[form]
    levels = ("thành phố", "thị xã", "huyện", "quận", "tỉnh")
    level, _, name = next((lw, " ", canonical[len(lw) + 1 :]) for lw in levels
                          if canonical.startswith(lw + " "))  # fmt: skip
    if kind == "province":
        return {"full": canonical[0].upper() + canonical[1:], "short": name, "ubnd": f"UBND {canonical}",
                "capitals": name.upper()}[form]  # fmt: skip
    return {"full": canonical, "short": f"{_SHORT_LEVEL[level]} {name}", "ubnd": f"UBND {canonical}",
            "capitals": f"UBND {canonical}".upper()}[form]  # fmt: skip


def _fmt(value: float, decimals: int) -> str:
    return f"{value:.{decimals}f}".replace(".", ",")


def _rating(share: float) -> str:
    return "Tốt" if share >= 0.8 else "Khá" if share >= 0.65 else "Trung bình" if share >= 0.5 else "Yếu"


def annex_rows(kind: str, framework: Framework, layout: Layout, rng: random.Random) -> list[dict[str, Any]]:
    """Each unit's points per pillar (two decimals), its total, rank and rating."""
    count = {"agency": rng.randint(6, 10), "district": rng.randint(5, 9), "province": rng.randint(12, 20)}[
        kind
    ]
    units = []
    for canonical in _units_of(kind, layout.province, rng, count):
        pillars = {
            p.code: round(rng.uniform(0.35, 1.0) * p.max_points, 2) for p in framework.pillars if p.max_points
        }
        total = round(sum(pillars.values()), 2)
        units.append({"subject": canonical, "printed": printed_name(canonical, kind, layout.name_form),
                      "pillars": pillars, "total": total})  # fmt: skip
    for rank, unit in enumerate(sorted(units, key=lambda u: -u["total"]), start=1):
        unit["rank"] = rank
        unit["rating"] = _rating(unit["total"] / 1000)
    for code in units[0]["pillars"] if units else ():
        for rank, unit in enumerate(sorted(units, key=lambda u: -u["pillars"][code]), start=1):
            unit.setdefault("pillar_ranks", {})[code] = rank
    return units


def shown(value: float, maximum: float, form: str) -> tuple[str, float]:
    """A value as the layout prints it and as the gold holds it."""
    if form == "index":
        return _fmt(value / maximum, 4), round(value / maximum, 4)
    if form == "percent":
        return _fmt(100 * value / maximum, 2) + "%", round(100 * value / maximum, 2)
    return _fmt(value, 2), value


# --------------------------------------------------------------------------- the table


def pillar_header(name: str, maximum: float, form: str, number: int) -> str:
    points = f"{maximum:g}"
    return {
        "plain": name, "paren": f"{name} ({points})", "paren_points": f"{name} ({points} điểm)",
        "newline": f"{name}\n({points} điểm)", "max_word": f"{name} (tối đa {points})",
        "dash": f"{name} - {points} điểm", "numbered": f"{number}. {name} ({points})",
    }[form]  # fmt: skip


def table_cells(
    framework: Framework, layout: Layout, blocks: list[tuple[str | None, list[dict], Framework]]
) -> tuple[list[list[str]], int]:
    """The table as rows of texts (header rows first) and how many header rows it has. `blocks`
    are (section title, units, their framework): one untitled block, or a titled block per kind
    of unit, whose values stand under the pillar of the same name (empty where it has none)."""
    pillars = [p for p in framework.pillars if p.max_points]
    total_max = next(e.max_points for e in framework.entries if e.level == "total")
    form = layout.value_form
    mixed = len(blocks) > 1
    plain = form == "index" or layout.maxima_row or mixed  # one maximum per column: not for two frameworks
    pillar_headers = [
        pillar_header(p.name, p.max_points, "plain" if plain else layout.pillar_form, i)
        for i, p in enumerate(pillars, start=1)
    ]
    total_header = layout.total_header.format(max=f"{total_max:g}")
    if layout.maxima_row:
        total_header = total_header.split(" (")[0]
    lead = [h for h in (layout.number_header, layout.unit_header) if h]
    tail = [h for h in (layout.rank_header, layout.rating_header) if h]
    if layout.pillar_ranks:
        upper_values = [h for h in pillar_headers for _ in (0, 1)]
        bottom_values = ["Điểm", "Xếp hạng"] * len(pillars)
        values_upper = [total_header, *upper_values] if layout.total_first else [*upper_values, total_header]
        values_bottom = (
            [total_header, *bottom_values] if layout.total_first else [*bottom_values, total_header]
        )
        header = [[*lead, *values_upper, *tail], [*lead, *values_bottom, *tail]]
    else:
        values = [total_header, *pillar_headers] if layout.total_first else [*pillar_headers, total_header]
        header = [[*lead, *values, *tail]]
        if layout.upper_header:
            upper = [*lead, *(layout.upper_header if h in pillar_headers else h for h in values), *tail]
            header = [upper, header[0]]
    width = len(header[0])
    rows: list[list[str]] = []
    if layout.maxima_row and not mixed:
        maxima = [f"{p.max_points:g}" for p in pillars]
        if layout.pillar_ranks:
            maxima = [m for m in maxima for m in (m, "")]
        texts = [f"{total_max:g}", *maxima] if layout.total_first else [*maxima, f"{total_max:g}"]
        rows.append([*([""] if layout.number_header else []), "Điểm tối đa", *texts, *([""] * len(tail))])
    every = [u for _, units, _ in blocks for u in units]
    for section, (title, units, own) in enumerate(blocks):
        if title:
            roman = "I" * (section + 1)
            first = [roman, title] if layout.number_header else [title]
            rows.append([*first, *([""] * (width - len(first)))])
        by_name = {p.name: p for p in own.pillars}
        for number, unit in enumerate(units, start=1):
            pillar_texts = []
            for column in pillars:
                mine = by_name.get(column.name)
                text = shown(unit["pillars"][mine.code], mine.max_points, form)[0] if mine else ""
                pillar_texts.append(text)
                if layout.pillar_ranks:
                    pillar_texts.append(str(unit["pillar_ranks"][mine.code]) if mine else "")
            total_text = shown(unit["total"] + unit.get("typo", 0), total_max, form)[0]
            texts = [total_text, *pillar_texts] if layout.total_first else [*pillar_texts, total_text]
            lead_cells = [str(number)] if layout.number_header else []
            tail_cells = [str(unit["rank"])] if layout.rank_header else []
            tail_cells += [unit["rating"]] if layout.rating_header else []
            rows.append([*lead_cells, unit["printed"], *texts, *tail_cells])
    if layout.footer and not mixed:
        averages = [sum(u["pillars"][p.code] for u in every) / len(every) for p in pillars]
        mean_total = sum(u["total"] for u in every) / len(every)
        texts = []
        for a, p in zip(averages, pillars, strict=True):
            texts += [shown(round(a, 2), p.max_points, form)[0]] + ([""] if layout.pillar_ranks else [])
        total_text = shown(round(mean_total, 2), total_max, form)[0]
        texts = [total_text, *texts] if layout.total_first else [*texts, total_text]
        lead_cells = [""] if layout.number_header else []
        rows.append([*lead_cells, layout.footer, *texts, *([""] * len(tail))])
    return header + rows, len(header)


# --------------------------------------------------------------------------- the decision


def decision(layout: Layout, seed: int) -> tuple[dict, list[tuple[str, str, list[list[str]], int]]]:
    """The gold and the annexes (kind, caption, cells, header rows) of one variant. A "mixed"
    decision lists agencies and districts in one table, a titled block each."""
    rng = random.Random(seed)
    frameworks = load_frameworks(HERE / "frameworks")
    kinds = {"agency+district": ["agency", "district"], "district": ["district"], "agency": ["agency"],
             "province": ["province"], "mixed": ["agency"]}[layout.annexes]  # fmt: skip
    on = {
        "agency": "daknong-agency-2022",
        "district": "daknong-district-2022",
        "province": "dti-province-2022",
    }
    words = {"agency": "CÁC SỞ, BAN, NGÀNH", "district": "UBND CÁC HUYỆN, THỊ XÃ, THÀNH PHỐ",
             "province": "CÁC TỈNH, THÀNH PHỐ"}  # fmt: skip
    annexes, values = [], []
    for number, kind in enumerate(kinds):
        block_kinds = ["agency", "district"] if layout.annexes == "mixed" else [kind]
        blocks = []
        for block_kind in block_kinds:
            units = annex_rows(block_kind, frameworks[on[block_kind]], layout, rng)
            if layout.value_form == "points" and len(units) > 3:
                units[2]["typo"] = 10.0  # a total retyped wrong: the feed must flag it
            title = {"agency": "KHỐI SỞ, BAN, NGÀNH", "district": "KHỐI UBND CÁC HUYỆN, THÀNH PHỐ"}.get(
                block_kind
            )
            blocks.append((title if layout.annexes == "mixed" else None, units, frameworks[on[block_kind]]))
        widest = max((b[2] for b in blocks), key=lambda f: len(f.pillars))
        cells, header_rows = table_cells(widest, layout, blocks)
        year = f" NĂM {layout.year}" if layout.caption_year else ""
        what = "CÁC CƠ QUAN, ĐỊA PHƯƠNG" if layout.annexes == "mixed" else words[kind]
        caption = f"Phụ lục {'I' * (number + 1)}. KẾT QUẢ ĐÁNH GIÁ CHỈ SỐ CHUYỂN ĐỔI SỐ {what}{year}"
        annexes.append((kind, caption, cells, header_rows))
        for _, units, block_framework in blocks:
            total_max = next(e.max_points for e in block_framework.entries if e.level == "total")
            for unit in units:
                for pillar in block_framework.pillars:
                    if pillar.max_points:
                        value = shown(unit["pillars"][pillar.code], pillar.max_points, layout.value_form)[1]
                        values.append(_value(unit, block_framework, pillar.code, value, layout, number))
                        if layout.pillar_ranks:
                            rank = float(unit["pillar_ranks"][pillar.code])
                            values.append({**_value(unit, block_framework, pillar.code, rank, layout, number),
                                           "kind": "rank"})  # fmt: skip
                total = shown(unit["total"] + unit.get("typo", 0), total_max, layout.value_form)[1]
                values.append(_value(unit, block_framework, "DTI", total, layout, number))
                if layout.rank_header:
                    rank = float(unit["rank"])
                    values.append(
                        {**_value(unit, block_framework, "DTI", rank, layout, number), "kind": "rank"}
                    )
    gold = {"layout": asdict(layout), "seed": seed, "values": values}
    return gold, annexes


def _value(unit: dict, framework: Framework, code: str, value: float, layout: Layout, annex: int) -> dict:
    kind = {"points": "points", "index": "index", "percent": "percent"}[layout.value_form]
    return {"subject": unit["subject"], "framework": framework.id, "code": code, "year": layout.year,
            "kind": kind, "value": value, "annex": annex,
            "typo": code == "DTI" and bool(unit.get("typo"))}  # fmt: skip


def _letterhead(layout: Layout) -> list[str]:
    issuer = (
        "UBND TỈNH " + layout.province.upper() if layout.annexes != "province" else "BỘ KHOA HỌC VÀ CÔNG NGHỆ"
    )
    place = layout.province if layout.annexes != "province" else "Hà Nội"
    return [issuer, f"Số: {100 + layout.year % 100}/QĐ-UBND",
            f"{place}, ngày 15 tháng 4 năm {layout.year + 1}",
            "QUYẾT ĐỊNH", f"Công bố kết quả đánh giá Chỉ số chuyển đổi số năm {layout.year}"]  # fmt: skip


def _set_widths(table: Any, layout: Layout, columns: int) -> None:
    """Widths as a typist sets them on a landscape page: a narrow number column, a wide unit
    column, the values sharing the rest (LibreOffice would otherwise give all the same width
    and break "74,63" inside a number)."""
    lead = [1.0] if layout.number_header else []
    unit = 3.8
    rest = (LANDSCAPE_TEXT_CM - sum(lead) - unit) / (columns - len(lead) - 1)
    widths = [*lead, unit, *([rest] * (columns - len(lead) - 1))]
    table.autofit = False
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Cm(width)


def write_docx(layout: Layout, annexes: list, path: Path) -> None:
    document = new_docx()
    document.styles["Normal"].font.name = "Times New Roman"
    widest = max(len(cells[0]) for _, _, cells, _ in annexes)
    document.styles["Normal"].font.size = Pt(8 if widest > 14 else 9)
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = Cm(MARGIN_CM)
    for line in _letterhead(layout):
        document.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.CENTER
    for number, (_, caption, cells, header_rows) in enumerate(annexes):
        if number:
            document.add_page_break()
        document.add_paragraph(caption)
        table = document.add_table(rows=len(cells), cols=len(cells[0]))
        table.style = "Table Grid"
        _set_widths(table, layout, len(cells[0]))
        for row, texts in zip(table.rows, cells, strict=True):
            for cell, text in zip(row.cells, texts, strict=True):
                cell.text = text
        if header_rows == 2:  # merge the upper header over its pillars, and the others down
            top, bottom = table.rows[0].cells, table.rows[1].cells
            for column in range(len(cells[0])):
                if cells[0][column] == cells[1][column]:
                    top[column].merge(bottom[column]).text = cells[0][column]
            for first, last in _upper_runs(cells):
                top[first].merge(top[last]).text = cells[0][first]
        if layout.repeat_header:
            for row in table.rows[:header_rows]:
                _set_repeat_header(row)
    _freeze_properties(document)
    buffer = io.BytesIO()
    document.save(buffer)
    path.write_bytes(_fixed_zip(buffer.getvalue()))


def _upper_runs(cells: list[list[str]]) -> list[tuple[int, int]]:
    """The runs of columns an upper header cell spans: equal upper texts over different lower ones."""
    runs: list[tuple[int, int]] = []
    for column in range(len(cells[0])):
        if cells[0][column] == cells[1][column]:
            continue
        if runs and runs[-1][1] == column - 1 and cells[0][runs[-1][0]] == cells[0][column]:
            runs[-1] = (runs[-1][0], column)
        else:
            runs.append((column, column))
    return runs


def write_xlsx(layout: Layout, annexes: list, path: Path) -> None:
    """One sheet per annex, the letterhead above the table, merged header cells, numbers as numbers."""
    book = Workbook()
    book.remove(book.active)
    for number, (_, caption, cells, header_rows) in enumerate(annexes):
        sheet = book.create_sheet(f"Phụ lục {'I' * (number + 1)}")
        for line in [*(_letterhead(layout) if number == 0 else []), caption]:
            sheet.append([line])
        first = sheet.max_row + 1
        for texts in cells:
            sheet.append([_cell_value(t) for t in texts])
        for row in sheet.iter_rows(min_row=first, max_row=first + header_rows - 1):
            for cell in row:
                cell.alignment = Alignment(wrap_text=True)
        if header_rows == 2:
            for column in range(len(cells[0])):
                if cells[0][column] == cells[1][column]:
                    sheet.merge_cells(
                        start_row=first, end_row=first + 1, start_column=column + 1, end_column=column + 1
                    )
            for start, last in _upper_runs(cells):
                sheet.merge_cells(start_row=first, end_row=first, start_column=start + 1, end_column=last + 1)
        for row in sheet.iter_rows(min_row=first + header_rows):
            for cell in row:
                if isinstance(cell.value, float):
                    cell.number_format = "0.00%" if layout.value_form == "percent" else (
                        "0.0000" if layout.value_form == "index" else "0.00")  # fmt: skip
    buffer = io.BytesIO()
    book.save(buffer)
    path.write_bytes(_fixed_xlsx(buffer.getvalue()))


def _cell_value(text: str) -> Any:
    """A body cell as Excel holds it: "685,21" → 685.21, "82,41%" → 0.8241 (shown as a percent)."""
    if text.isdigit():
        return int(text)
    plain = text.replace(",", ".")
    try:
        return round(float(plain.rstrip("%")) / 100, 6) if plain.endswith("%") else float(plain)
    except ValueError:
        return int(text) if text.isdigit() else text


def _fixed_xlsx(data: bytes) -> bytes:
    """The workbook with fixed entry dates and creation time, so rebuilds give the same bytes."""
    return _fixed_zip(
        data, lambda name, content: _fixed_core(content) if name == "docProps/core.xml" else content
    )


def _fixed_core(xml: bytes) -> bytes:
    return re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>2024-01-01T00:00:00Z", xml)


def write_csv(annexes: list, path: Path) -> None:
    """The first annex's table as Excel exports it to CSV: every header row, a merged cell's
    text in its first cell only, then the body."""
    _, _, cells, header_rows = annexes[0]
    header = [[" ".join(t.split()) for t in row] for row in cells[:header_rows]]
    if header_rows == 2:
        upper, lower = header
        runs = {c for first, last in _upper_runs(cells) for c in range(first + 1, last + 1)}
        header = [
            ["" if c in runs else t for c, t in enumerate(upper)],
            ["" if t == upper[c] else t for c, t in enumerate(lower)],
        ]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerows(header)
        writer.writerows(cells[header_rows:])


def build(out: Path = OUT) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for number, (name, layout, seed, held_out) in enumerate(variants()):
        gold, annexes = decision(layout, seed)
        gold["held_out"] = held_out
        docx = out / f"{name}.docx"
        write_docx(layout, annexes, docx)
        write_xlsx(layout, annexes, out / f"{name}.xlsx")
        write_csv(annexes, out / f"{name}.csv")
        pdf = to_pdf(docx, out)
        written += [docx, pdf, out / f"{name}.xlsx", out / f"{name}.csv"]
        if number in SCANNED:
            written.append(scan_document(name, seed, out))
        (out / f"{name}.values.json").write_text(
            json.dumps(gold, ensure_ascii=False, indent=1) + "\n", "utf-8"
        )
        print(f"built {name} ({'held out' if held_out else 'development'}): {len(gold['values'])} values")
    return written


if __name__ == "__main__":
    build()
