"""What a document says about itself in its letterhead: issuer, number, date, kind.

"SỞ THÔNG TIN VÀ TRUYỀN THÔNG / Số: 215/KH-STTTT / Đắk Nông, ngày 15 tháng 01 năm 2024 /
KẾ HOẠCH" → issuer "SỞ THÔNG TIN VÀ TRUYỀN THÔNG", number "215/KH-STTTT", date 2024-01-15,
kind "kế hoạch". Read from the first blocks as a chain of small steps:
`letterhead_lines` (paragraphs and the cells of letterhead tables, split into lines, a
two-column line split at the national motto so the issuer is never merged with it) →
`portal_fields` (the portal block: "Số hiệu | 419/KH-UBND", "Ngày ban hành | 01/02/2024")
→ the number ("Số: 215 . /KH-STTTT" → "215/KH-STTTT"), the date of the place-and-date line
("Gia Nghĩa, ngày 05 tháng 3 năm 2024", never a date cited in the body), the issuer (the last
agency line above the number) and the kind. Anything not found stays None.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator, Sequence
from datetime import date

from pipeline.lexicon import lexicon
from pipeline.models import Block, DocumentInfo, Paragraph
from pipeline.normalize.subjects import canonical_subject

LETTERHEAD_BLOCKS = 15
MOTTO_SEARCH_BLOCKS = 80  # how far down a portal page's menus may push the letterhead
KINDS = {
    "KẾ HOẠCH": "kế hoạch", "BÁO CÁO": "báo cáo", "QUYẾT ĐỊNH": "quyết định", "CÔNG VĂN": "công văn",
    "THÔNG BÁO": "thông báo", "TỜ TRÌNH": "tờ trình", "CHƯƠNG TRÌNH": "chương trình",
    "NGHỊ ĐỊNH": "nghị định", "THÔNG TƯ": "thông tư", "NGHỊ QUYẾT": "nghị quyết", "CHỈ THỊ": "chỉ thị",
}  # fmt: skip
# The kind a number's code implies when no title says it: "401/QĐ-UBND" is a decision.
KIND_CODES = {"QĐ": "quyết định", "KH": "kế hoạch", "BC": "báo cáo", "TB": "thông báo", "TTr": "tờ trình",
              "NĐ": "nghị định", "TT": "thông tư", "NQ": "nghị quyết", "CT": "chỉ thị"}  # fmt: skip
_MOTTO = re.compile(
    r"(CỘNG\s+H(?:OÀ|ÒA|OA)\s+XÃ\s+HỘI\s+CHỦ\s+NGHĨA\s+VIỆT\s+NAM|Độc\s+lập\s*-\s*Tự\s+do\s*-\s*Hạnh\s+phúc)",
    re.IGNORECASE,
)
_NUMBER = re.compile(
    r"^S[ốôỐÔ]\s*(?:hiệu)?\s*[:.]?\s*"
    r"([0-9][0-9 .]*(?:-[A-ZĐ][A-Za-zĐ]*)?(?:/\s*[0-9]{4})?\s*/\s*[A-ZĐa-z0-9][^\s,;]*)"  # "01-NQ/TU" too
)
_NUMBER_LINE = re.compile(r"^S[ốôỐÔ]\s*[:.]")
_ISSUER_PLACE = re.compile(r"^(TỈNH|HUYỆN|THÀNH PHỐ|QUẬN|THỊ XÃ|XÃ)\b")
_PLACE_DATE = re.compile(
    r"^[^\W\d_][\w .'-]{1,40},\s*ngày\s+(\d{1,2})\s*tháng\s*(\d{1,2})\s+năm\s+(\d{4})", re.IGNORECASE
)
_PLACE_YEAR = re.compile(r"^[^\W\d_][\w .'-]{1,40},\s*ngày\b.{0,20}?\bnăm\s+(\d{4})", re.IGNORECASE)
_PORTAL_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
# A digital signature's stamp at the top of the page: "Số: 2775/SNV-CCHC&VTLT; 10/11/2025; 11:00:27;"
_STAMP_DATE = re.compile(r"^S[ốôỐÔ]\s*:\s*\S+;\s*(\d{1,2})/(\d{1,2})/(\d{4});")
_UBND = re.compile(r"^(UBND|ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN)\b", re.IGNORECASE)
_ISSUER = re.compile(r"^(SỞ|UBND|ỦY BAN|UỶ BAN|BAN|BỘ|VĂN PHÒNG|TRUNG TÂM|HỘI ĐỒNG|CHÍNH PHỦ|THỦ TƯỚNG)\b")
_PROVINCE = re.compile(r"\b(?:TỈNH|THÀNH PHỐ)\s+([A-ZÀ-ỸĐ][A-ZÀ-ỸĐ ]+)$")


def letterhead_lines(blocks: Iterable[Block]) -> Iterator[str]:
    """The letterhead blocks' text as lines: paragraphs, then each cell of a table, each split at
    line breaks and at the national motto ("ỦY BAN NHÂN DÂN  CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT
    NAM" is two columns of a letterhead, not one title). The letterhead is the first blocks,
    or, on a portal page whose menus come first ("Nội dung", "Thuộc tính", "Tải về" …), the
    blocks from just above the motto."""
    for block in _letterhead_blocks(list(blocks)):
        texts = [block.text] if isinstance(block, Paragraph) else [c for r in block.rows for c in r.texts]
        yield from _split_lines(texts)


def _split_lines(texts: Iterable[str]) -> Iterator[str]:
    for text in texts:
        for line in text.splitlines():
            for part in _MOTTO.split(line):
                part = " ".join(part.split()).strip(" |_")
                if part:
                    yield part


def _letterhead_blocks(blocks: list[Block]) -> list[Block]:
    def has_motto(block: Block) -> bool:
        texts = [block.text] if isinstance(block, Paragraph) else [c for r in block.rows[:3] for c in r.texts]
        return any(_MOTTO.search(text) for text in texts)

    motto = next((i for i, block in enumerate(blocks[:MOTTO_SEARCH_BLOCKS]) if has_motto(block)), None)
    start = max(0, motto - 2) if motto is not None and motto >= LETTERHEAD_BLOCKS - 2 else 0
    return blocks[start : start + LETTERHEAD_BLOCKS]


def portal_fields(lines: list[str]) -> dict[str, str]:
    """The legal-document portal's block: a label line followed by its value line, or both
    on one line ("Số hiệu | 419/KH-UBND", "Ngày ban hành: 01/02/2024")."""
    fields: dict[str, str] = {}
    for i, line in enumerate(lines):
        parts = re.split(r"\s*[|:]\s*", line, maxsplit=1)
        labels = _portal_labels()
        key = labels.get(parts[0].strip().lower())
        value = parts[1].strip() if len(parts) > 1 else ""
        if key is None or key in fields:
            continue
        value = value or (lines[i + 1] if i + 1 < len(lines) else "")
        if value and value.lower() not in labels:
            fields[key] = value
    return fields


def _portal_labels() -> dict[str, str]:
    """The portal's labels, lower-cased, to the field each gives (`portal_labels` in the lexicon)."""
    return {label.lower(): name for label, name in lexicon().portal_labels.items()}


def clean_number(text: str) -> str | None:
    """A document number without the spaces and stray dots of a hand-filled form:
    "215 . /KH-STTTT" → "215/KH-STTTT"; an unfilled "/BC-UBND" → None."""
    number = re.sub(r"\s+", "", html.unescape(text))  # a stamp that printed "&amp;" means "&"
    number = re.sub(r"\.+/", "/", number).strip(".")
    return number if re.match(r"^\d", number) else None


def _valid_date(day: str, month: str, year: str) -> date | None:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def document_info(blocks: Iterable[Block], laid_out: Sequence[str] = ()) -> DocumentInfo:
    """Given a document's blocks, return what its letterhead (or portal block) states; `laid_out`
    are the first page's lines read by position (a PDF's, with stamped number and day), read
    first."""
    lines = [*_split_lines(html.unescape(line) for line in laid_out), *letterhead_lines(blocks)]
    portal = portal_fields(lines)
    number = clean_number(portal["number"]) if "number" in portal else None
    issued = None
    if "date" in portal and (m := _PORTAL_DATE.match(portal["date"])):
        issued = _valid_date(*m.groups())
    kind = portal.get("kind", "").lower() or None
    issuer = province = printed_year = None
    above_number = True  # the issuer is printed above "Số: ...", the title below it
    for at, line in enumerate(lines):
        if above_number and line.isupper() and _ISSUER.match(line):
            issuer = line.rstrip(" —–-=_.")  # the last agency line above the number; no rule under it
            if province is None and (m := _PROVINCE.search(line)):
                province = m.group(1).title()  # "UBND TỈNH ĐẮK NÔNG" above "SỞ Y TẾ"
        elif above_number and issuer and line.isupper() and _ISSUER_PLACE.match(line):
            issuer = f"{issuer} {line}"  # "ỦY BAN NHÂN DÂN" / "TỈNH BÌNH PHƯỚC"
        if _NUMBER_LINE.match(line) or line in KINDS:
            above_number = False
        if number is None and (m := _NUMBER.match(line)):
            number = clean_number(m.group(1))
        if issued is None and (m := _PLACE_DATE.search(_after_number(_with_rest_of_date(line, lines, at)))):
            issued = _valid_date(*m.groups())
        if issued is None and (m := _STAMP_DATE.match(line)):
            issued = _valid_date(*m.groups())
        if printed_year is None and (m := _PLACE_YEAR.search(_after_number(line))):
            printed_year = int(m.group(1))  # "Krông Nô, ngày   tháng 9 năm 2024": the year is printed
        if kind is None and line in KINDS:
            kind = KINDS[line]
    if province is None and issuer and (m := _PROVINCE.search(issuer)):
        province = m.group(1).title()
    if kind is None and number and (code := re.search(r"/([A-ZĐ][A-Za-zĐ]*)", number)):
        kind = KIND_CODES.get(code.group(1))
    if kind is None and number and any(line.startswith("V/v") for line in lines):
        kind = "công văn"  # "V/v báo cáo tình hình …" under the number: an official letter
    issuer = portal.get("issuer") or issuer
    return DocumentInfo(issuer=issuer, number=number, date=issued, kind=kind, province=province,
                        printed_year=printed_year, issuer_name=full_issuer(issuer, province))  # fmt: skip


def full_issuer(issuer: str | None, province: str | None) -> str | None:
    """The issuer's full name from both lines of its block: "SỞ NỘI VỤ" under "UBND TỈNH LÂM
    ĐỒNG" is Sở Nội vụ tỉnh Lâm Đồng; "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG" is Ủy ban nhân dân tỉnh
    Lâm Đồng. A unit the gazetteer does not know keeps its printed name."""
    if issuer is None:
        return None
    unit = canonical_subject(issuer, province)
    if unit is None or not unit.known:
        return issuer
    if unit.kind == "agency":
        where = f" tỉnh {province}" if province and province.lower() not in unit.canonical.lower() else ""
        return f"{unit.canonical}{where}"
    if _UBND.match(issuer):
        return f"Ủy ban nhân dân {unit.canonical}"
    return unit.canonical


_NUMBER_PREFIX = re.compile(r"^S[ốôỐÔ]\s*[:.]\s*[^/\s]*\s*/\s*\S+\s+")


def _with_rest_of_date(line: str, lines: list[str], at: int) -> str:
    """A place-and-date line that a narrow column wrapped ("Chợ Mới, ngày 04" / "tháng 01 năm
    2023") joined with its rest."""
    if "ngày" in line and not re.search(r"năm\s+\d{4}", line) and at + 1 < len(lines):
        following = lines[at + 1]
        if re.match(r"^(?:\d{1,2}\s+)?tháng\b", following):
            return f"{line} {following}"
    return line


def _after_number(line: str) -> str:
    """A line that holds the number and then the place and date (two columns read as one:
    "Số: 991/QĐ-UBND Đồng Xoài, ngày 14 tháng5 năm 2008", or an unsure "Số: [?] /SGDĐT-CTrTT
    Đà Nẵng, ngày 26 tháng 7 năm 2020") gives its date part."""
    m = _NUMBER_PREFIX.match(line)
    return line[m.end() :].strip() if m else line
