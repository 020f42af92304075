"""A framework's printed scoring method, read as one of the project's scoring rules.

"Tỷ lệ = a/b; Điểm = Tỷ lệ × Điểm tối đa" is `ratio`; "Tỷ lệ ≥ 80%: điểm tối đa; dưới 80%:
Tỷ lệ/80% × Điểm tối đa" is `threshold` at 80 with `below: proportional`; "Đã ban hành: Điểm
tối đa; Chưa: 0 điểm" is `binary`; several levels ("Từ 20 trở lên: điểm tối đa; từ 10 đến 19:
1/2 Điểm tối đa") are `tiered`; "đơn vị có tỷ lệ cao nhất đạt điểm tối đa" is `minmax`; "tổng
điểm các chỉ số thành phần" is `sum_of_children`. Text that says none of these is `unknown`,
with the printed method kept beside it: a rule is never guessed.
"""

from __future__ import annotations

import re
from typing import Any

_FLAGS = re.IGNORECASE
_SUM = re.compile(
    r"tổng (số )?điểm (của )?(các )?(chỉ số|tiêu chí) (thành phần|con)|bằng tổng điểm|= ?tổng", _FLAGS
)
_MINMAX = re.compile(r"cao nhất[^.;]*điểm tối đa|(min|max)[- ]?(max|min)|tỷ lệ cao nhất", _FLAGS)
_THRESHOLD = re.compile(
    r"(?:≥|>=|từ|đạt|trên)\s*(\d{1,3}(?:[.,]\d+)?)\s*%(?:\s*trở lên)?"
    r"[^.;\n]{0,40}?(?:điểm tối đa|đạt tối đa)",
    _FLAGS,
)
_PROPORTIONAL = re.compile(r"tỷ lệ\s*/\s*\d|x\s*điểm tối đa|×\s*điểm tối đa|\*\s*điểm tối đa", _FLAGS)
_RATIO = re.compile(
    r"tỷ lệ\s*=|=\s*[a-z]\s*/\s*[a-z]\b|\(?[a-z]\s*/\s*[a-z]\)?\s*(x|×|\*)\s*điểm tối đa", _FLAGS
)
_BINARY_YES = re.compile(r"(đã|có)[^:;\n]{0,60}:\s*(điểm tối đa|\d+(?:[.,]\d+)? điểm)", _FLAGS)
_BINARY_NO = re.compile(r"(chưa|không)[^:;\n]{0,60}:\s*0\s*(điểm)?", _FLAGS)
_TIER = re.compile(
    r"(\d/\d\s*\*?\s*điểm tối đa|điểm (đánh giá )?là\s*\d+(?:[.,]\d+)?"
    r"|:\s*\d+(?:[.,]\d+)?\s*điểm|\d+\s*%\s*điểm)",
    _FLAGS,
)


def scoring_rule(method: str) -> dict[str, Any]:
    """Given an indicator's printed method, return its `scoring` entry for the framework file."""
    text = " ".join(method.split())
    if not text:
        return {"rule": "unknown", "reason": "the decision prints no method for it"}
    if _SUM.search(text):
        return {"rule": "sum_of_children"}
    if _MINMAX.search(text):
        return {"rule": "minmax"}
    if (found := _THRESHOLD.search(text)) and _PROPORTIONAL.search(text[found.end() :]):
        percent = float(found.group(1).replace(",", "."))
        if 0 < percent < 100:
            return {"rule": "threshold", "threshold_percent": percent, "below": "proportional"}
    tiers = len(_TIER.findall(text))
    if _RATIO.search(text) and tiers <= 1:
        return {"rule": "ratio"}
    if _BINARY_YES.search(text) and _BINARY_NO.search(text) and tiers <= 2:
        return {"rule": "binary"}
    if tiers >= 2 or (found and tiers >= 1):
        return {"rule": "tiered"}
    if _BINARY_YES.search(text):
        return {"rule": "binary"}
    return {"rule": "unknown", "reason": "the printed method names no rule dti knows; see method_text"}
