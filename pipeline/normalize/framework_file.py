"""A learnt framework as the data of a framework file, ready for `schemas/framework.schema.json`.

The id is `<province>-<level>-<year>` ("lamdong-district-2025"), with the index before the level
when it is not DTI ("lamdong-par-commune-2025") and the index in place of a province for a
national framework ("dti-province-2025"). A framework is valid from its decision's year for
five years, or for the one year its title names ("… năm 2025"); detection prefers, among the
versions of one province and level, the latest that has started. Every entry keeps the file's
sha256 and the page it came from; a framework with a doubt is written `complete: false`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pipeline.lexicon import lexicon
from pipeline.models import DocumentInfo, LearnedEntry, LearnedFramework
from pipeline.normalize.methods import scoring_rule
from pipeline.normalize.text import fold_diacritics

VALID_FOR_YEARS = 5
_TITLE_YEAR = re.compile(r"\bnăm\s+(20\d\d)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Decision:
    """What the importer knows of the decision a framework comes from."""

    file: str
    sha256: str
    info: DocumentInfo
    title: str
    index: str = "DTI"
    province: str | None = None
    year: int | None = None


def slug(text: str) -> str:
    """An id part from a Vietnamese name: "Đắk Nông" → "daknong", "Lâm Đồng" → "lamdong"."""
    return re.sub(r"[^a-z0-9]", "", fold_diacritics(text).lower())


def framework_id(index: str, province: str | None, level: str, year: int) -> str:
    """`lamdong-district-2025`, `lamdong-par-commune-2025`, `dti-province-2025`."""
    if province is None:
        return f"{index.lower()}-{level}-{year}"
    middle = "" if index == "DTI" else f"{index.lower()}-"
    return f"{slug(province)}-{middle}{level}-{year}"


def valid_years(decision: Decision, heading: str = "") -> list[int]:
    """The years a framework scores: the one its title (or its appendix's) names ("Hướng dẫn …
    Chỉ số cải cách hành chính năm 2025"), else five from its decision's."""
    for title in (decision.title, heading):
        if (found := _TITLE_YEAR.search(title)) is not None:
            return [int(found.group(1))]
    assert decision.year is not None, "the decision's year is known before its framework is written"
    return list(range(decision.year, decision.year + VALID_FOR_YEARS))


def framework_data(
    learned: LearnedFramework,
    decision: Decision,
    doubts: Sequence[str] = (),
    not_applicable: Mapping[str, tuple[str, ...]] | None = None,
) -> dict[str, Any]:
    """The framework file's data for one learnt level of a decision."""
    source = f"sha256:{decision.sha256[:12]}"
    years = valid_years(decision, learned.title)
    all_doubts = [*learned.doubts, *doubts]
    entries = learned.entries
    has_children = {e.parent for e in entries if e.parent}
    printed_total = next((e for e in entries if e.level == "total"), None)
    pillars = [e for e in entries if e.level == "pillar"]
    issuer = decision.info.issuer_name or decision.info.issuer
    data: dict[str, Any] = {
        "id": framework_id(decision.index, decision.province, learned.level, years[0]),
        "title": learned.title,
        "index": decision.index,
        "province": decision.province,
        "level": learned.level,
        "legal_basis": {
            "number": decision.info.number,
            "date": decision.info.date.isoformat() if decision.info.date else None,
        },
        "valid_years": years,
        "version": 1,
        "complete": not all_doubts,
    }
    if issuer:
        data["legal_basis"]["issuer"] = issuer
    if all_doubts:
        data["completeness_note"] = f"{len(all_doubts)} doubt(s) from the import; see doubts"
        data["doubts"] = list(all_doubts)
    data["source_document"] = {"file": decision.file, "sha256": decision.sha256, "pages": list(learned.pages)}
    words = lexicon().framework_levels.get(learned.level, ())
    data["detection"] = {"references": [decision.info.number] if decision.info.number else [],
                         "level_words": list(words[:4])}  # fmt: skip
    total_max = printed_total.maximum if printed_total else _sum(pillars)
    if printed_total is None and total_max is not None:
        data["scoring_note"] = "The decision prints no total; its maximum is the sum of the pillars'."
    data["total"] = _element(
        LearnedEntry(decision.index, learned.title, "total", None, total_max, None, "", "", None), source
    )
    groups = [e for e in entries if e.level == "group"]
    if groups:
        data["groups"] = [_element(e, source) for e in groups]
    data["pillars"] = [_element(e, source) for e in pillars]
    data["indicators"] = [
        _indicator(e, source, e.code in has_children, (not_applicable or {}).get(e.code, ()))
        for e in entries if e.level == "indicator"
    ]  # fmt: skip
    if learned.general_information:
        data["general_information"] = [
            {"code": g.printed_code, "name": g.name, "source": _where(source, g)} if g.printed_code
            else {"name": g.name, "source": _where(source, g)}
            for g in learned.general_information if g.name
        ]  # fmt: skip
    return data


def _sum(entries: Sequence[LearnedEntry]) -> float | None:
    if not entries or any(e.maximum is None for e in entries):
        return None
    return round(sum(e.maximum for e in entries if e.maximum is not None), 3)


def _where(source: str, entry: LearnedEntry) -> str:
    return f"{source} page {entry.page}" if entry.page is not None else source


def _element(entry: LearnedEntry, source: str) -> dict[str, Any]:
    out: dict[str, Any] = {
        "code": entry.code,
        "name": entry.name or f"({entry.code})",
        "max_points": entry.maximum,
    }
    if entry.name and entry.name.isupper():  # "AN TOÀN THÔNG TIN MẠNG" as plans write it
        out["aliases"] = [entry.name[0] + entry.name[1:].lower()]
    if entry.printed_code and entry.printed_code != entry.code:
        out["printed_code"] = entry.printed_code
    if entry.page is not None:
        out["source"] = _where(source, entry)
    return out


def _indicator(
    entry: LearnedEntry, source: str, has_children: bool, not_for: tuple[str, ...]
) -> dict[str, Any]:
    out: dict[str, Any] = {"code": entry.code, "name": entry.name, "parent": entry.parent,
                           "max_points": entry.maximum}  # fmt: skip
    if entry.printed_code and entry.printed_code != entry.code:
        out["printed_code"] = entry.printed_code
    if entry.method:
        out["scoring"] = scoring_rule(entry.method)
        out["method_text"] = " ".join(entry.method.split())
    elif has_children:
        out["scoring"] = {"rule": "sum_of_children"}
    if not_for:
        out["not_applicable_to"] = list(not_for)
    out["source"] = _where(source, entry)
    return out
