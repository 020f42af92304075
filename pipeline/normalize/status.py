"""Achievement status from the wording a result starts with.

"Đạt điểm tối đa: Sở Giao thông vận tải thành lập ..." → `max_score`;
"Không đạt: Không cung cấp được tài liệu kiểm chứng" → `not_achieved`. The phrases live in
`corpora/lexicon.yaml`; a result that starts with none of them has no status (None).
"""

from __future__ import annotations

import re

from pipeline.lexicon import lexicon
from pipeline.normalize.text import nfc

_LEADING_NOISE = re.compile(r"^[\s\-–+*•(]+")


def status_of(text: str | None) -> str | None:
    """Given a result cell as printed, return the status its first words state, if any."""
    if not text:
        return None
    start = _LEADING_NOISE.sub("", nfc(text)).lower()
    for phrase in sorted(lexicon().statuses, key=len, reverse=True):
        if start.startswith(phrase):
            following = start[len(phrase) : len(phrase) + 1]
            if not following or not following.isalnum():
                return lexicon().statuses[phrase]
    return None


def rating_of(text: str | None) -> str | None:
    """A results table's rating as a status: "Tốt" → `good`, "Khá" → `fair`, "Trung bình" →
    `average`, "Yếu" → `weak` (the words are `ratings` in `corpora/lexicon.yaml`)."""
    if not text:
        return None
    return lexicon().ratings.get(" ".join(nfc(text).lower().split()))
