"""Framework decisions in many layouts, as provinces issue them: a test bed for the importer.

Each variant draws one choice per dimension from a seeded generator: the province and year;
the levels it defines (agency and district before 2025, agency and commune after); a
structure article with a summary table or none (and, in some, a summary that disagrees with
the appendix, as real decisions do); one appendix per level or one table for all levels cut
by "A. CẤP SỞ, BAN, NGÀNH" rows; the header wording ("STT | Tên chỉ số | Điểm tối đa |
Phương pháp tính điểm", "TT | Chỉ số/Chỉ số thành phần | Điểm | Cách tính điểm", "Mã | Nội
dung đánh giá | Thang điểm | Tài liệu kiểm chứng"); a method column or none; sub-indicators
coded "1.1" or "a)"; pillars "1" or "I"; a "Thông tin chung" part first or none; a header
repeated on each page or not (without one, the PDF's continued pages start with no ruling line
above their first row, as Word prints them); a note that some sub-indicators do not apply.
The frameworks themselves are drawn from the bundled ones' pillars and sub-indicator names,
each province with its own subset, order and maxima. Each variant is written as DOCX and as
PDF (LibreOffice); four also as a 200 dpi noisy scan of the PDF. Each also has a plan of one
of its agencies (DOCX) listing most of its agency sub-indicators, to measure matching on the
imported framework.

Variants with an even number are the development half; odd ones are held out: measured, never
looked at while the importer is changed. `<id>.gold.json` holds every entry (code, name,
maximum, parent) per level, the general information rows, the doubts it must raise, and the
plan's printed codes.

    python -m corpora.build.framework_decisions     # write corpora/framework_decisions/
"""

from __future__ import annotations

import io
import json
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx import Document as new_docx
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from corpora.build.pdf_pages import to_pdf, without_top_rules
from corpora.build.plan import HERE
from corpora.build.word import _fixed_zip, _freeze_properties, _set_repeat_header
from corpora.scan import scan_document
from pipeline.frameworks import load_frameworks
from pipeline.numbering import roman

OUT = HERE / "framework_decisions"
VARIANTS = 12
SCANNED = (0, 2, 1, 3)
SEED = 2027
TOP_MARGIN_CM = 1.8
PROVINCES = ("Lâm Đồng", "An Giang", "Kon Tum", "Đắk Lắk", "Gia Lai", "Bình Thuận", "Quảng Ngãi", "Khánh Hòa")
HEADERS = (
    ("STT", "Tên chỉ số", "Điểm tối đa", "Phương pháp tính điểm"),
    ("TT", "Chỉ số/Chỉ số thành phần", "Điểm", "Cách tính điểm"),
    ("Mã", "Nội dung đánh giá", "Thang điểm", "Tài liệu kiểm chứng"),
    ("STT", "Chỉ số chính/Chỉ số thành phần", "Điểm tối đa", "Hướng dẫn chấm điểm"),
)
LEVEL_TITLES = {
    "agency": ("cấp sở, ban, ngành", "CẤP SỞ, BAN, NGÀNH"),
    "district": ("cấp huyện", "CẤP HUYỆN"),
    "commune": ("cấp xã", "CẤP XÃ"),
}
METHODS = (
    "- Đã ban hành: Điểm tối đa;\n- Chưa ban hành: 0 điểm.",
    "Tỷ lệ = a/b; Điểm = Tỷ lệ x Điểm tối đa.",
    "- Tỷ lệ từ 80% trở lên: Điểm tối đa;\n- Dưới 80%: Tỷ lệ/80% x Điểm tối đa.",
    "- Từ 20 tin, bài trở lên: điểm tối đa;\n- Từ 10 đến 19: 1/2 Điểm tối đa;\n- Dưới 10: 0 điểm.",
    "Đơn vị có tỷ lệ cao nhất đạt điểm tối đa, các đơn vị khác tính theo tỷ lệ tương ứng.",
)
METHOD_RULES = ("binary", "ratio", "threshold", "tiered", "minmax")
GENERAL = ("Tên cơ quan, đơn vị", "Địa chỉ trụ sở", "Tổng số cán bộ, công chức, viên chức",
           "Số máy tính được trang bị", "Kinh phí chi cho chuyển đổi số trong năm")  # fmt: skip


@dataclass(frozen=True)
class Layout:
    province: str
    year: int
    levels: tuple[str, ...]
    summary: str  # "none", "agrees", "disagrees"
    one_table: bool
    header: int
    method: bool
    letters: bool
    roman: bool
    general: bool
    repeat_header: bool
    note: bool


def draw_layout(rng: random.Random, number: int) -> Layout:
    year = rng.choice((2022, 2023, 2024, 2025))
    lower = "commune" if year >= 2025 else "district"
    return Layout(
        province=PROVINCES[number % len(PROVINCES)], year=year,
        levels=rng.choice((("agency", lower), ("agency",), (lower,), ("agency", lower))),
        summary=rng.choice(("none", "agrees", "disagrees")), one_table=rng.random() < 0.3,
        header=rng.randrange(len(HEADERS)), method=rng.random() < 0.7, letters=rng.random() < 0.3,
        roman=rng.random() < 0.3, general=rng.random() < 0.5, repeat_header=rng.random() < 0.5,
        note=rng.random() < 0.5,
    )  # fmt: skip


def variants() -> list[tuple[str, Layout, int, bool]]:
    rng = random.Random(SEED)
    out = []
    for number in range(VARIANTS):
        seed = rng.randrange(2**31)
        out.append(
            (
                f"framework-decision-{number:02d}",
                draw_layout(random.Random(seed), number),
                seed,
                number % 2 == 1,
            )
        )
    return out


def _pool(level: str) -> list[tuple[str, list[str]]]:
    """Pillar names with the sub-indicator names the bundled frameworks give them."""
    source = {"agency": "daknong-agency-2022", "district": "daknong-district-2022",
              "commune": "daknong-district-2022"}[level]  # fmt: skip
    framework = load_frameworks()[source]
    return [
        (p.name or p.code, [e.name for e in framework.indicators if e.parent == p.code and e.name])
        for p in framework.pillars
    ]


def _split(total: int, parts: int, rng: random.Random) -> list[float]:
    """`parts` maxima, each at least 2, that add up to `total` exactly."""
    cuts = sorted(rng.sample(range(1, total // 2), parts - 1))
    sizes = [b - a for a, b in zip([0, *cuts], [*cuts, total // 2], strict=True)]
    return [float(2 * s) for s in sizes]


def framework_for(level: str, rng: random.Random) -> dict[str, Any]:
    """One level's framework: pillars with 3–8 sub-indicators each, maxima that add up."""
    pillars = []
    for number, (name, names) in enumerate(((n, ns) for n, ns in _pool(level) if len(ns) >= 2), start=1):
        chosen = rng.sample(names, min(len(names), rng.randint(3, 8)))
        maximum = rng.choice((100, 100, 150, 200))
        maxima = _split(maximum, len(chosen), rng)
        indicators = [
            {"code": f"{number}.{i}", "name": n, "max": m, "method": rng.randrange(len(METHODS))}
            for i, (n, m) in enumerate(zip(chosen, maxima, strict=True), start=1)
        ]
        pillars.append({"code": str(number), "name": name, "max": float(maximum), "indicators": indicators})
    return {"level": level, "pillars": pillars, "total": sum(p["max"] for p in pillars)}


def _printed(pillar: dict, indicator: dict | None, layout: Layout, index: int) -> str:
    if indicator is None:
        return roman(int(pillar["code"])) if layout.roman else pillar["code"]
    if layout.letters:
        return f"{'abcdefghiklmn'[index]})"
    return indicator["code"]


def appendix_rows(framework: dict, layout: Layout) -> list[list[str]]:
    """The rows of one level's detailed table, as printed."""
    header = HEADERS[layout.header]
    rows: list[list[str]] = []
    if layout.general:
        rows.append(["A", "THÔNG TIN CHUNG", "", ""])
        rows += [[str(i), g, "", ""] for i, g in enumerate(GENERAL, start=1)]
        rows.append(["B", "CHỈ SỐ ĐÁNH GIÁ", "", ""])
    for pillar in framework["pillars"]:
        rows.append([_printed(pillar, None, layout, 0), pillar["name"].upper(), _num(pillar["max"]), ""])
        for i, indicator in enumerate(pillar["indicators"]):
            method = METHODS[indicator["method"]] if layout.method else ""
            rows.append(
                [_printed(pillar, indicator, layout, i), indicator["name"], _num(indicator["max"]), method]
            )
    rows.append(["", "Tổng cộng", _num(framework["total"]), ""])
    if not layout.method:
        rows = [r[:3] for r in rows]
    return [list(header[: 4 if layout.method else 3]), *rows]


def _num(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def summary_rows(framework: dict, disagree: bool, rng: random.Random) -> tuple[list[list[str]], str | None]:
    """The structure article's table; a disagreeing one misstates one pillar's points."""
    rows = [["STT", "Chỉ số chính", "Số chỉ số thành phần", "Điểm tối đa"]]
    wrong = rng.randrange(len(framework["pillars"])) if disagree else None
    for at, pillar in enumerate(framework["pillars"]):
        points = pillar["max"] + (50 if at == wrong else 0)
        rows.append([pillar["code"], pillar["name"], str(len(pillar["indicators"])), _num(points)])
    rows.append(
        [
            "",
            "Tổng cộng",
            str(sum(len(p["indicators"]) for p in framework["pillars"])),
            _num(framework["total"]),
        ]
    )
    return rows, (framework["pillars"][wrong]["code"] if wrong is not None else None)


def gold_of(framework: dict, layout: Layout) -> dict[str, Any]:
    entries = []
    for pillar in framework["pillars"]:
        entries.append(
            {"code": pillar["code"], "name": pillar["name"].upper(), "max": pillar["max"], "parent": None}
        )
        for i, indicator in enumerate(pillar["indicators"]):
            entries.append({"code": indicator["code"], "name": indicator["name"], "max": indicator["max"],
                            "parent": pillar["code"], "printed": _printed(pillar, indicator, layout, i),
                            "rule": METHOD_RULES[indicator["method"]] if layout.method else None,
                            })  # fmt: skip
    return {
        "entries": entries,
        "total": framework["total"],
        "general": list(GENERAL) if layout.general else [],
    }


def write_decision(layout: Layout, frameworks: list[dict], rng: random.Random, path: Path) -> dict[str, Any]:
    document = new_docx()
    document.styles["Normal"].font.name = "Times New Roman"
    document.styles["Normal"].font.size = Pt(11)
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(TOP_MARGIN_CM))
    number = f"{1000 + rng.randrange(2000)}/QĐ-UBND"
    levels = ", ".join(LEVEL_TITLES[f["level"]][0] for f in frameworks)
    for line in (f"ỦY BAN NHÂN DÂN TỈNH {layout.province.upper()}", f"Số: {number}",
                 f"{layout.province}, ngày 12 tháng 9 năm {layout.year}", "QUYẾT ĐỊNH",
                 f"Ban hành Bộ chỉ số đánh giá chuyển đổi số của các cơ quan nhà nước trên địa bàn tỉnh "
                 f"{layout.province} ({levels})"):  # fmt: skip
        document.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph(
        "Căn cứ Quyết định số 922/QĐ-BTTTT ngày 20/5/2022 của Bộ Thông tin và Truyền thông;"
    )
    document.add_paragraph(f"Điều 1. Ban hành kèm theo Quyết định này Bộ chỉ số đánh giá chuyển đổi số tỉnh "
                           f"{layout.province}.")  # fmt: skip
    wrong: dict[str, str | None] = {}
    if layout.summary != "none":
        document.add_paragraph("Điều 5. Cấu trúc Bộ chỉ số")
        for framework in frameworks:
            document.add_paragraph(f"a) Bộ chỉ số {LEVEL_TITLES[framework['level']][0]}:")
            cells, wrong[framework["level"]] = summary_rows(framework, layout.summary == "disagrees", rng)
            _table(document, cells, False)
    document.add_paragraph("Điều 6. Chánh Văn phòng UBND tỉnh, Giám đốc các sở, Chủ tịch UBND các huyện "
                           "chịu trách "
                           "nhiệm thi hành Quyết định này.")  # fmt: skip
    notes: dict[str, list[str]] = {}
    if layout.one_table:
        document.add_page_break()
        document.add_paragraph("PHỤ LỤC")
        document.add_paragraph("BẢNG CHI TIẾT BỘ CHỈ SỐ ĐÁNH GIÁ CHUYỂN ĐỔI SỐ")
        cells = []
        for letter, framework in zip("ABC", frameworks, strict=False):
            rows = appendix_rows(framework, layout)
            width = len(rows[0])
            cells += [
                [f"PHẦN {letter}", f"{LEVEL_TITLES[framework['level']][1]}", *[""] * (width - 2)],
                *rows[1:],
            ]
        _table(document, [appendix_rows(frameworks[0], layout)[0], *cells], layout.repeat_header)
    else:
        for at, framework in enumerate(frameworks):
            document.add_page_break()
            document.add_paragraph(f"PHỤ LỤC {roman(at + 1)}")
            document.add_paragraph(
                f"BẢNG CHI TIẾT BỘ CHỈ SỐ ĐÁNH GIÁ CHUYỂN ĐỔI SỐ {LEVEL_TITLES[framework['level']][1]}"
            )
            document.add_paragraph(f"(Kèm theo Quyết định số {number} của UBND tỉnh {layout.province})")
            _table(document, appendix_rows(framework, layout), layout.repeat_header)
    if layout.note and not layout.letters:
        first = frameworks[0]["pillars"][-1]["indicators"][:2]
        codes = ", ".join(i["code"] for i in first)
        document.add_paragraph(f"Ghi chú: Chỉ số thành phần {codes} không áp dụng đối với các đơn vị "
                               "không có "
                               "thủ tục hành chính.")  # fmt: skip
        notes = {i["code"]: ["các đơn vị không có thủ tục hành chính"] for i in first}
    _freeze_properties(document)
    buffer = io.BytesIO()
    document.save(buffer)
    path.write_bytes(_fixed_zip(buffer.getvalue()))
    return {"number": number, "wrong_summary": wrong, "notes": notes}


def _table(document: Any, cells: list[list[str]], repeat: bool) -> None:
    table = document.add_table(rows=len(cells), cols=len(cells[0]))
    table.style = "Table Grid"
    widths = {3: (2.0, 18.0, 4.0), 4: (1.6, 11.0, 2.4, 11.0)}[len(cells[0])]
    table.autofit = False
    for row, texts in zip(table.rows, cells, strict=True):
        for cell, text, width in zip(row.cells, texts, widths, strict=True):
            cell.width = Cm(width)
            cell.text = text
    if repeat:
        _set_repeat_header(table.rows[0])


def write_plan(layout: Layout, framework: dict, rng: random.Random, path: Path) -> list[str]:
    """A plan of one of the province's agencies listing most of its sub-indicators; returns the
    canonical codes it lists."""
    document = new_docx()
    document.styles["Normal"].font.name = "Times New Roman"
    for line in (f"UBND TỈNH {layout.province.upper()}", "SỞ Y TẾ", f"Số: {rng.randrange(10, 300)}/KH-SYT",
                 f"{layout.province}, ngày 20 tháng 3 năm {layout.year + 1}", "KẾ HOẠCH",
                 f"Cải thiện Chỉ số chuyển đổi số năm {layout.year + 1} của Sở Y tế"):  # fmt: skip
        document.add_paragraph(line)
    cells = [
        [
            "STT",
            "Chỉ số/Chỉ số thành phần",
            f"Kết quả năm {layout.year}",
            "Nhiệm vụ, giải pháp",
            "Đơn vị chủ trì",
        ]
    ]
    listed = []
    for pillar in framework["pillars"]:
        cells.append([pillar["code"], pillar["name"], "", "", ""])
        listed.append(pillar["code"])
        for indicator in pillar["indicators"]:
            if rng.random() < 0.15:
                continue  # the plan leaves it out
            cells.append([indicator["code"], indicator["name"], f"{rng.randint(1, 9)}/10",
                          "Duy trì, nâng cao",
                          "Văn phòng Sở"])  # fmt: skip
            listed.append(indicator["code"])
    table = document.add_table(rows=len(cells), cols=len(cells[0]))
    table.style = "Table Grid"
    for row, texts in zip(table.rows, cells, strict=True):
        for cell, text in zip(row.cells, texts, strict=True):
            cell.text = text
    _freeze_properties(document)
    buffer = io.BytesIO()
    document.save(buffer)
    path.write_bytes(_fixed_zip(buffer.getvalue()))
    return listed


def build(out: Path = OUT) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for number, (name, layout, seed, held_out) in enumerate(variants()):
        rng = random.Random(seed)
        frameworks = [framework_for(level, rng) for level in layout.levels]
        docx = out / f"{name}.docx"
        facts = write_decision(layout, frameworks, rng, docx)
        pdf = to_pdf(docx, out)
        # Without a repeated header, a continued table starts its page with no rule above it.
        bare = [] if layout.repeat_header else without_top_rules(pdf, TOP_MARGIN_CM / 2.54 * 72)
        written += [docx, pdf]
        if number in SCANNED:
            written.append(scan_document(name, seed, out))
        gold: dict[str, Any] = {"held_out": held_out, "layout": layout.__dict__, "number": facts["number"],
                                "pages_without_top_rule": bare,
                                "levels": {f["level"]: gold_of(f, layout) for f in frameworks},
                                "wrong_summary": facts["wrong_summary"], "notes": facts["notes"]}  # fmt: skip
        agency = next((f for f in frameworks if f["level"] == "agency"), None)
        if agency is not None:
            plan = out / f"{name}.plan.docx"
            gold["plan"] = {"file": plan.name, "codes": write_plan(layout, agency, rng, plan)}
            written.append(plan)
        (out / f"{name}.gold.json").write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n", "utf-8")
        print(f"built {name} ({'held out' if held_out else 'development'}): {layout}")
    return written


if __name__ == "__main__":
    build()
