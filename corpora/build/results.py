"""Results decisions (DOCX → PDF) and compiled PDFs, from `corpora/results.yaml`.

A results decision announces every agency's and district's points for a year in two
annexes: "STT | Tên đơn vị | Điểm các chỉ số chính (one column per pillar) | Tổng điểm |
Xếp hạng", the middle header merged over the pillar columns, unit names abbreviated as
officials print them ("H. Krông Nô", "Sở TT&TT"). Points are drawn from a seeded generator;
the gold (`<id>.subjects.json`) holds every value at its canonical subject and year.
"""

from __future__ import annotations

import io
import json
import random
import shutil
import subprocess
from pathlib import Path
from typing import Any

import yaml
from docx import Document as new_docx
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from corpora.build.pdf_pages import to_pdf
from corpora.build.plan import HERE
from corpora.build.word import _fixed_zip, _freeze_properties, _set_repeat_header
from pipeline.models import Framework


def annex_values(annex: dict[str, Any], framework: Framework, rng: random.Random) -> list[dict[str, Any]]:
    """Each unit's pillar points (two decimals, between 40% and 100% of the maximum), its
    total, its rank by total, and the points its printed total is typed wrong by (`typos`)."""
    units = []
    for canonical, printed in annex["units"]:
        pillars = {p.code: round(rng.uniform(0.4, 1.0) * (p.max_points or 100), 2) for p in framework.pillars}
        typo = annex.get("typos", {}).get(canonical, 0)
        units.append({"subject": canonical, "printed": printed, "pillars": pillars,
                      "total": round(sum(pillars.values()), 2), "typo": typo})  # fmt: skip
    for rank, unit in enumerate(sorted(units, key=lambda u: -u["total"]), start=1):
        unit["rank"] = rank
    return units


def _header(table: Any, pillars: list[str]) -> None:
    """Two header rows: "Điểm các chỉ số chính" merged over the pillar names; STT, unit,
    total and rank each merged down over both rows."""
    top, bottom = table.rows[0].cells, table.rows[1].cells
    labels = ["STT", "Tên đơn vị", *(["Điểm các chỉ số chính"] * len(pillars)), "Tổng điểm", "Xếp hạng"]
    for cell, label in zip(top, labels, strict=True):
        cell.text = label
    for i, name in enumerate(pillars):
        bottom[2 + i].text = name
    top[2].merge(top[1 + len(pillars)])
    for column in (0, 1, len(labels) - 2, len(labels) - 1):
        top[column].merge(bottom[column])


def write_decision(
    spec: dict[str, Any], annexes: list[tuple[dict, Framework, list[dict]]], path: Path
) -> None:
    document = new_docx()
    document.styles["Normal"].font.name = "Times New Roman"
    document.styles["Normal"].font.size = Pt(11)
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    for line in spec["title"]:
        paragraph = document.add_paragraph(line)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for number, (annex, framework, units) in enumerate(annexes):
        if number:
            document.add_page_break()  # each annex starts a page, as decisions print them
        document.add_paragraph(annex["caption"])
        pillars = [p.name or p.code for p in framework.pillars]
        table = document.add_table(rows=2, cols=4 + len(pillars))
        table.style = "Table Grid"
        _header(table, pillars)
        for row in table.rows[:2]:
            _set_repeat_header(row)
        for number, unit in enumerate(units, start=1):
            cells = table.add_row().cells
            values = [f"{v:.2f}".replace(".", ",") for v in unit["pillars"].values()]
            total = unit["total"] + unit.get("typo", 0)
            texts = [
                str(number),
                unit["printed"],
                *values,
                f"{total:.2f}".replace(".", ","),
                str(unit["rank"]),
            ]
            for cell, text in zip(cells, texts, strict=True):
                cell.text = text
    _freeze_properties(document)
    buffer = io.BytesIO()
    document.save(buffer)
    path.write_bytes(_fixed_zip(buffer.getvalue()))


def build_results(out: Path, frameworks: dict[str, Framework], only: set[str] | None = None) -> list[Path]:
    """Every results decision (DOCX, PDF, gold) and compiled PDF of `corpora/results.yaml`
    (only those named, when `only` names some)."""
    specs = yaml.safe_load((HERE / "results.yaml").read_text(encoding="utf-8"))
    written: list[Path] = []
    for spec in specs["decisions"]:
        if only and spec["id"] not in only:
            continue
        rng = random.Random(spec["seed"])
        annexes = []
        for annex in spec["annexes"]:
            framework = frameworks[annex["framework"]]
            annexes.append((annex, framework, annex_values(annex, framework, rng)))
        docx = out / f"{spec['id']}.docx"
        write_decision(spec, annexes, docx)
        gold = {
            "document": spec["id"], "year": spec["year"],
            "units": [{**unit, "framework": fw.id} for _, fw, units in annexes for unit in units],
        }  # fmt: skip
        (out / f"{spec['id']}.subjects.json").write_text(
            json.dumps(gold, ensure_ascii=False, indent=1) + "\n"
        )
        written += [docx, to_pdf(docx, out), out / f"{spec['id']}.subjects.json"]
        print(f"built {spec['id']}: {sum(len(u) for _, _, u in annexes)} units")
    for spec in specs.get("compiled", ()):
        if only and spec["id"] not in only:
            continue
        target = out / f"{spec['id']}.pdf"
        parts = [str(out / f"{part}.pdf") for part in spec["parts"]]
        subprocess.run([shutil.which("pdfunite") or "pdfunite", *parts, str(target)], check=True)
        written.append(target)
        print(f"built {spec['id']}: {len(spec['parts'])} plans in one PDF")
    return written
