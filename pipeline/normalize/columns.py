"""Column roles from header text: "Kết quả đạt được năm 2023, nguyên nhân" → `result`.

Roles are the stable keys of a record's `fields`. The patterns are data
(`column_roles` in `corpora/lexicon.yaml`); the first that matches a header wins, so
specific wordings ("Đơn vị phối hợp") come before general ones ("Đơn vị").
"""

from __future__ import annotations

import re
from collections import Counter

from pipeline.lexicon import lexicon
from pipeline.normalize.text import nfc


def column_role(header: str) -> str | None:
    """Given one column's header text, return its role, or None when no pattern knows it."""
    text = " ".join(nfc(header).lower().split())
    for role, pattern in lexicon().column_roles:
        if re.search(pattern, text):
            return role
    return None


def column_roles(headers: tuple[str, ...]) -> tuple[str, ...]:
    """Given a table's header texts, return a role for every column.

    A column no pattern knows is named `col<N>`; a role used twice gets a suffix
    (`result_2`) so no cell is lost. Without a `code` column the first column is the code,
    and without a `name` column the second is the name.
    """
    roles: list[str] = []
    seen: Counter[str] = Counter()  # how often each role was given so far (linear in the width)
    for index, header in enumerate(headers):
        role = column_role(header) or f"col{index + 1}"
        role = "score" if role == "total" else role  # a plan's "Tổng điểm" is the points it states
        seen[role] += 1
        roles.append(role if seen[role] == 1 else f"{role}_{seen[role]}")
    if "code" not in roles and roles and roles[0].startswith("col"):
        roles[0] = "code"
    if "name" not in roles and len(roles) > 1 and roles[1].startswith("col"):
        roles[1] = "name"
    return tuple(roles)
