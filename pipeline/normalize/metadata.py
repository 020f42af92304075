"""What a document says about itself in its letterhead: issuer, number, date, kind.

"SỞ THÔNG TIN VÀ TRUYỀN THÔNG / Số: 215/KH-STTTT / Đắk Nông, ngày 15 tháng 01 năm 2024 /
KẾ HOẠCH" → issuer "SỞ THÔNG TIN VÀ TRUYỀN THÔNG", number "215/KH-STTTT", date 2024-01-15,
kind "kế hoạch". Only the first paragraphs are read; anything not found stays None.
"""

from __future__ import annotations

import re
from datetime import date

from pipeline.models import DocumentInfo, Paragraph

LETTERHEAD_PARAGRAPHS = 15
KINDS = ("KẾ HOẠCH", "BÁO CÁO", "QUYẾT ĐỊNH", "CÔNG VĂN", "THÔNG BÁO", "TỜ TRÌNH", "CHƯƠNG TRÌNH")
_NUMBER = re.compile(r"^Số\s*:?\s*(\d+[^\s,;]*)", re.IGNORECASE)
_DATE = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.IGNORECASE)
_ISSUER = re.compile(r"^(SỞ|UBND|ỦY BAN|UỶ BAN|BAN|BỘ|VĂN PHÒNG|TRUNG TÂM|HỘI ĐỒNG)\b")
_PROVINCE = re.compile(r"\b(?:TỈNH|THÀNH PHỐ)\s+([A-ZÀ-ỸĐ][A-ZÀ-ỸĐ ]+)$")


def document_info(paragraphs: tuple[Paragraph, ...]) -> DocumentInfo:
    """Given a document's paragraphs, return what its letterhead states."""
    head = [p.text.strip() for p in paragraphs[:LETTERHEAD_PARAGRAPHS]]
    number = issued = kind = issuer = province = None
    for text in head:
        if number is None and (m := _NUMBER.match(text)):
            number = m.group(1)
        if issued is None and (m := _DATE.search(text)):
            day, month, year = (int(g) for g in m.groups())
            try:
                issued = date(year, month, day)
            except ValueError:
                issued = None
        if kind is None and text.upper() == text and text in KINDS:
            kind = text.lower()
        if number is None and text.isupper() and _ISSUER.match(text):
            issuer = text  # the last letterhead line before the number is the issuing body
            if province is None and (m := _PROVINCE.search(text)):
                province = m.group(1).title()
    return DocumentInfo(issuer=issuer, number=number, date=issued, kind=kind, province=province)
