"""The pipeline's checks in Vietnamese, for the report officials read.

Records and the scores feed keep their checks in one fixed English wording (the contract
other programs read); the report says the same in Vietnamese: "stated 767,45 points,
computed 757,45 (the sum of 7 pillars)" → "văn bản ghi 767,45 điểm, tính lại được 757,45
(tổng 7 chỉ số chính)". A check of another wording is shown as it is.
"""

from __future__ import annotations

import re

_PARTS = {"pillars": "chỉ số chính", "indicators": "chỉ số thành phần", "sub-indicators": "chỉ số con"}
_WORDINGS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"^stated (\S+) points, computed (\S+) \(the sum of (\d+) ([\w-]+)\)$",
         "văn bản ghi {0} điểm, tính lại được {1} (tổng {2} {3})"),
        (r"^stated (\S+) points, computed (\S+) \((\w+) of (.+)\)$",
         "văn bản ghi {0} điểm, tính lại được {1} (cách tính {2} từ {3})"),
        (r"^(.+?)( p\.(\d+))? states (\S+) points$", "{0}{1} ghi {3} điểm"),
        (r"^ranking order contradicts totals: rank (\S+) has (\S+), below rank (\S+) with (\S+)$",
         "thứ hạng trái với tổng điểm: hạng {0} có {1} điểm, thấp hơn hạng {2} với {3} điểm"),
        (r"^pillar scores add up to (\S+), the document states a total of (\S+)$",
         "điểm các chỉ số chính cộng lại được {0}, văn bản ghi tổng {1}"),
        (r"^points (.+) are above their maximum$", "điểm {0} vượt điểm tối đa"),
        (r"^document gives (\S+) maximum points, (\S+) gives (\S+)$",
         "văn bản ghi điểm tối đa {0}, bộ chỉ số {1} ghi {2}"),
        (r"^percent (.+) disagrees with (.+) \(= (.+)\)$", "tỷ lệ {0} không khớp với {1} (= {2})"),
        (r"^printed under (.+), but (\S+) belongs to pillar (\S+) \((.+)\)$",
         "in dưới {0}, nhưng {1} thuộc chỉ số chính {2} ({3})"),
        (r"^OCR read code (.+), the column's order and Tesseract's alternatives give (.+)$",
         "OCR đọc mã {0}, thứ tự của cột và các phương án của Tesseract cho {1}"),
        (r"^OCR read (.+), used (.+)$", "OCR đọc {0}, dùng {1}"),
    )
)  # fmt: skip


def in_vietnamese(check: str) -> str:
    """A check as the report shows it; one this module does not know stays as written."""
    for pattern, replacement in _WORDINGS:
        match = pattern.match(check)
        if match:
            groups = [group or "" for group in match.groups()]
            groups = [_PARTS.get(group, group) for group in groups]
            if replacement.startswith("{0}{1} ghi"):
                groups[1] = f", trang {groups[2]}" if groups[2] else ""
            return replacement.format(*groups)
    return check
