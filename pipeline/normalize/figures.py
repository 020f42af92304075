"""Figures as written in Vietnamese documents, parsed without guessing.

"52/57 máy tính" → ratio 52/57 (0.9123, unit "máy tính"); "90,48%" → percent 90.48;
"633,56/1000 điểm" → points 633.56 of 1000; "300.000.000 đồng" → money 300000000 VND;
"đứng thứ 19/19" → rank 19 of 19. Never a figure: dates ("19/9/2022", "ngày 31/1"),
document numbers ("401/QĐ-UBND", "03/2017/TT-BTTTT"), versions ("phiên bản 2.0"), years,
levels ("mức độ 4") and list numbers ("2.1.").

The parser is a chain: `blocked_spans` (what must never be read as a figure) →
`find_figures` (each pattern in turn, longest forms first, spans never reused) →
sorted by position.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise

from pipeline.checks import Check
from pipeline.lexicon import lexicon
from pipeline.models import Figure

# A number as Vietnamese documents print it: "1.845", "90,48", "95.08", "300.000.000", "1.234,5".
NUMBER = r"\d+(?:[.,]\d+)*"
_NUM = rf"(?<![\w.,/-])({NUMBER})"
# OCR specks before a count, fraction or amount (".2/5 hệ thống", "-2/5", "·120.000.000đ"),
# tolerated when the speck itself starts the text or follows a space; a percent keeps its sign.
_NOISY_NUM = rf"(?:(?<=^[.\-–—~·•'`])|(?<=\s[.\-–—~·•'`])|(?<![\w.,/-]))({NUMBER})"
_END = r"(?![\w/])"

_DATE_PATTERNS = (
    r"\b\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}\b",  # 19/9/2022, 05/04/2024
    r"(?i:ngày|đến|trước|sau|từ)\s+\d{1,2}\s*/\s*\d{1,2}(?!\s*/?\s*\d)",  # ngày 31/1
    r"(?i:tháng)\s+\d{1,2}\s*/\s*\d{4}",  # tháng 10/2022
    r"\b(?:0?[1-9]|1[0-2])/(?:19|20)\d{2}\b",  # 10/2022
)
_DOCUMENT_NUMBER = r"\b\d+(?:\s*[/-]\s*\d+)*\s*[/-]\s*[A-ZĐ][A-ZĐa-zđ0-9&.\-/]*"  # 401/QĐ-UBND
_VERSION = r"(?i:phiên bản|version|v)\s*\d+(?:\.\d+)*"
_YEAR = r"(?<![\d.,/])(?:19|20)\d{2}(?:\s*[-–]\s*(?:19|20)\d{2})?(?![\d%])"
_LEVEL = r"(?i:mức độ|mức|cấp độ|cấp|điều|khoản|phụ lục|quý|giai đoạn|dvctt|lần thứ)\s+\d+(?:\s*,\s*\d+)*"
_LIST_NUMBER = r"(?m:^\s*\d+(?:\.\d+)*[.)](?=\s))"

_RANK = re.compile(
    rf"(?i:đứng thứ|xếp thứ|xếp hạng|thứ hạng|hạng)\s*(?:thứ\s*)?{_NUM}(?:\s*/\s*({NUMBER}))?{_END}"
)
_POINTS = re.compile(rf"{_NUM}(?:\s*/\s*({NUMBER}))?\s*(điểm){_END}", re.IGNORECASE)
_MONEY = re.compile(
    rf"{_NOISY_NUM}\s*(tỷ|tỉ|triệu|nghìn|ngàn)?\s*(đồng|VNĐ|VND|đ)(?!\w)|{_NUM}\s*(tỷ|tỉ)(?!\w)",
    re.IGNORECASE,
)
_RANGE = re.compile(rf"{_NUM}\s*[-–]\s*({NUMBER})\s*(%)?")
_PERCENT = re.compile(rf"{_NUM}\s*%")
_RATIO = re.compile(rf"{_NOISY_NUM}\s*/\s*({NUMBER}){_END}")
_BARE_NUMBER = re.compile(rf"{_NOISY_NUM}{_END}")
# A number that names or dates something, not a count: "Số 3", "Phòng 2", "tháng 11".
_NUMBERED = re.compile(r"(?i:\b(?:số|no\.?|nhóm|bước|tổ|khu|phòng|tháng|ngày|năm|quý|tuần|khóa|khoá))\s*$")

_MULTIPLIERS = {"tỷ": 1e9, "tỉ": 1e9, "triệu": 1e6, "nghìn": 1e3, "ngàn": 1e3}


def parse_number(text: str) -> float:
    """ "1.845" → 1845; "90,48" → 90.48; "95.08" → 95.08; "1.234,5" → 1234.5.

    A comma is the decimal mark; a dot is a thousands separator when every group after it
    has three digits, else a decimal point (documents also write "95.08%").
    """
    text = text.strip()
    if "," in text and "." in text:
        return float(text.replace(".", "").replace(",", "."))
    if "," in text:
        whole, _, rest = text.partition(",")
        return float(f"{whole}.{rest.replace(',', '')}")
    if "." in text:
        groups = text.split(".")
        if all(len(g) == 3 for g in groups[1:]):
            return float("".join(groups))
        return float(text)
    return float(text)


def blocked_spans(text: str) -> list[tuple[int, int]]:
    """Given text, return the spans that are dates, document numbers, versions, years,
    levels or list numbers: no figure may overlap them."""
    spans = []
    for pattern in (*_DATE_PATTERNS, _DOCUMENT_NUMBER, _VERSION, _YEAR, _LEVEL, _LIST_NUMBER):
        spans.extend(m.span() for m in re.finditer(pattern, text))
    return spans


def unit_after(text: str, end: int) -> str | None:
    """The count noun right after a number, as printed: "52/57 máy tính được cài" → "máy tính"."""
    rest = re.sub(r"\s+", " ", text[end : end + 80]).lstrip()  # "học\nviên" wrapped in a cell
    lowered = rest.lower()
    for unit in lexicon().units:
        if lowered.startswith(unit.lower()):
            after = rest[len(unit) : len(unit) + 1]
            if not after or not after.isalnum():
                return rest[: len(unit)]
    return None


def noun_after(text: str, end: int) -> str | None:
    """The noun of a count the lexicon does not list: "02 trang Fanpage của Sở" → "trang
    Fanpage" (words up to a function word or punctuation, at most three); None when the
    number is followed by no word, a function word or a time word ("năm", "tháng")."""
    words = re.match(r"\s+((?:[^\W\d_][\w&]*[ \t]*){1,3})", text[end:])
    if words is None:
        return None
    kept: list[str] = []
    for word in words.group(1).split():
        if word.lower() in lexicon().count_noun_stops:
            break
        kept.append(word)
    noun = " ".join(kept)
    if not noun or any(
        noun.lower() == w or noun.lower().startswith(f"{w} ") for w in lexicon().not_count_nouns
    ):
        return None
    return noun


def _overlaps(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in taken)


def find_figures(text: str, field: str | None = None) -> list[Figure]:
    """Given a cell or clause as printed, return its figures in reading order."""
    taken = blocked_spans(text)
    found: list[tuple[int, Figure]] = []

    def claim(match: re.Match[str], figure: Figure) -> None:
        taken.append(match.span())
        found.append((match.start(), figure))

    for match, figure in _candidates(text, field):
        if not _overlaps(match.span(), taken):
            claim(match, figure)
    return [figure for _, figure in sorted(found, key=lambda item: item[0])]


def _candidates(text: str, field: str | None) -> Iterator[tuple[re.Match[str], Figure]]:
    """Every pattern's matches, most specific pattern first (ranks before ratios, points
    before counts); `find_figures` keeps the first claim on each span."""
    for m in _RANK.finditer(text):
        denominator = parse_number(m.group(2)) if m.group(2) else None
        yield m, Figure("rank", m.group(0), parse_number(m.group(1)), None, denominator, None, field=field)
    for m in _POINTS.finditer(text):
        denominator = parse_number(m.group(2)) if m.group(2) else None
        yield (
            m,
            Figure("points", m.group(0), parse_number(m.group(1)), None, denominator, "điểm", field=field),
        )
    for m in _MONEY.finditer(text):
        number = m.group(1) or m.group(4)
        scale = (m.group(2) or m.group(5) or "").lower()
        value = parse_number(number) * _MULTIPLIERS.get(scale, 1.0)
        yield m, Figure("money", m.group(0).strip(), round(value, 2), None, None, "VND", field=field)
    for m in _RANGE.finditer(text):
        low, high = parse_number(m.group(1)), parse_number(m.group(2))
        if low < high:
            unit = "%" if m.group(3) else unit_after(text, m.end())
            if unit or m.group(3):
                yield m, Figure("range", m.group(0).strip(), None, None, None, unit, low, high, field)
    for m in _PERCENT.finditer(text):
        yield m, Figure("percent", m.group(0), parse_number(m.group(1)), None, None, "%", field=field)
    for m in _RATIO.finditer(text):
        numerator, denominator = parse_number(m.group(1)), parse_number(m.group(2))
        value = round(numerator / denominator, 4) if denominator else None
        unit = unit_after(text, m.end())
        yield m, Figure("ratio", m.group(0), value, numerator, denominator, unit, field=field)
    bare_cell = text.strip()
    for m in _BARE_NUMBER.finditer(text):
        unit = unit_after(text, m.end())
        if unit is None and m.group(1).isdigit() and not _NUMBERED.search(text[: m.start()]):
            unit = noun_after(text, m.end())  # an integer: "02 trang Fanpage", not "Số 3 đường"
        if unit:
            yield (
                m,
                Figure(
                    "count", f"{m.group(0)} {unit}", parse_number(m.group(1)), None, None, unit, field=field
                ),
            )
        elif m.group(0) == bare_cell:
            kind = "points" if field in ("max_points", "score") else "count"
            unit_name = "điểm" if kind == "points" else None
            yield m, Figure(kind, m.group(0), parse_number(m.group(1)), None, None, unit_name, field=field)


def percent_disagreements(figures: list[Figure]) -> list[Check]:
    """Checks for a fraction followed by a percent that does not equal it:
    "18/60 ... 30%" agrees; "18/60 ... 35%" is reported. Never corrected."""
    checks = []
    for first, second in pairwise(figures):
        if first.kind != "ratio" or second.kind != "percent" or first.field != second.field:
            continue
        if first.numerator is None or not first.denominator or second.value is None:
            continue
        decimals = len(second.text.rstrip("% ").replace(",", ".").partition(".")[2])
        tolerance = 0.5 * 10 ** (-decimals) + 0.05
        actual = 100 * first.numerator / first.denominator
        if abs(actual - float(second.value)) > tolerance:
            checks.append(Check.of("percent_disagrees", percent=second.text.strip(),
                                   fraction=first.text.strip(), actual=f"{actual:.2f}"))  # fmt: skip
    return checks
