"""Planning a generated plan's rows: which indicators, how they are printed, and the
figures each cell holds, drawn from a seeded generator so every build is the same."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from pipeline.models import Framework, FrameworkEntry

HERE = Path(__file__).resolve().parents[1]  # corpora/

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
