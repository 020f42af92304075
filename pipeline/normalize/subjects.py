"""Who a figure is about: printed unit names → canonical subjects, with the gazetteer.

"H. Krông Nô", "UBND huyện K'ông Nô" and "UỶ BAN NHÂN DÂN HUYỆN KRÔNG NÔ" are all
huyện Krông Nô (a district of Đắk Nông); "Sở TT&TT" is the Sở Thông tin và Truyền thông.
A chain of small steps: `clean_name` (the UBND prefix dropped, "H."/"TP."/"TX." spelled
out) → `fold` (a comparison key: lower case, new-style tones, no apostrophes) → the
gazetteer's keys, exactly, then contained, then by likeness (rapidfuzz, ≥ 88) → a
`Subject`. A name the gazetteer lacks keeps a cleaned canonical and the kind its first
word says ("huyện", "sở", "xã"); a text that names no unit gives None.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache

import yaml
from rapidfuzz import fuzz, process
from underthesea import text_normalize

from pipeline.models import Block, Paragraph, Subject, SubjectKind
from pipeline.normalize.text import nfc
from pipeline.resources import data_path

LIKENESS = 88.0
_UBND = re.compile(r"^\s*(?:UBND|Ủy\s+ban\s+nhân\s+dân|Uỷ\s+ban\s+nhân\s+dân)\s+", re.IGNORECASE)
_SHORT_LEVELS = {"h.": "huyện", "tp.": "thành phố", "tx.": "thị xã", "q.": "quận", "t.": "tỉnh"}
_SHORT = re.compile(r"^(h|tp|tx|q|t)\.\s*", re.IGNORECASE)
_KIND_WORDS: tuple[tuple[str, SubjectKind], ...] = (
    ("thành phố", "district"), ("thị xã", "district"), ("huyện", "district"), ("quận", "district"),
    ("tỉnh", "province"), ("thị trấn", "commune"), ("phường", "commune"), ("xã", "commune"),
    ("sở", "agency"), ("ban", "agency"), ("văn phòng", "agency"), ("thanh tra", "agency"),
    ("bộ", "agency"), ("trung tâm", "agency"), ("cục", "agency"),
)  # fmt: skip


@dataclass(frozen=True)
class Unit:
    """One unit of the gazetteer, with the keys it is known by."""

    canonical: str
    kind: SubjectKind
    province: str | None
    keys: tuple[str, ...]
    valid_to: date | None = None
    successor: str | None = None
    successor_checked: bool = False


@cache
def fold(text: str) -> str:
    """A comparison key: "UBND huyện Đắk G'long" → "ubnd huyện đắk glong"."""
    text = nfc(text).lower().replace("’", "'").replace("ʼ", "'").replace("'", "")
    text = text_normalize(text).replace(" - ", "-").replace("–", "-").replace(" & ", "&")
    return " ".join(text.split())


def clean_name(printed: str) -> str:
    """The printed name without the UBND prefix, its level spelled out: "UBND H. Krông Nô" →
    "huyện Krông Nô"."""
    text = _UBND.sub("", " ".join(nfc(printed).split()))
    short = _SHORT.match(text)
    if short:
        text = f"{_SHORT_LEVELS[short.group(0).strip().lower()]} {text[short.end() :]}"
    return text.strip(" .,;:-")


@cache
def gazetteer() -> tuple[Unit, ...]:
    """Every unit of `corpora/gazetteer.yaml`: provinces, districts, agencies."""
    data = yaml.safe_load(data_path("gazetteer.yaml").read_text(encoding="utf-8"))
    units: list[Unit] = []
    for item in data["provinces"]:
        canonical = f"{item['level_word']} {item['name']}"
        names = [item["name"], *item.get("aliases", ())]
        keys = [fold(f"{item['level_word']} {n}") for n in names] + [fold(n) for n in names]
        units.append(_unit(item, canonical, "province", item["name"], keys))
    for item in data["districts"]:
        canonical = f"{item['level_word']} {item['name']}"
        names = [item["name"], *item.get("aliases", ())]
        keys = [fold(f"{item['level_word']} {n}") for n in names] + [fold(n) for n in names]
        units.append(_unit(item, canonical, "district", item["province"], keys))
    for item in data["agencies"]:
        keys = [fold(n) for n in (item["name"], *item.get("aliases", ()))]
        units.append(_unit(item, item["name"], "agency", None, keys))
    return tuple(units)


def _unit(item: dict, canonical: str, kind: SubjectKind, province: str | None, keys: list[str]) -> Unit:
    return Unit(canonical, kind, province, tuple(dict.fromkeys(keys)), item.get("valid_to"),
                item.get("successor"), bool(item.get("successor_checked")))  # fmt: skip


@cache
def _keys() -> dict[str, tuple[Unit, ...]]:
    by_key: dict[str, list[Unit]] = {}
    for unit in gazetteer():
        for key in unit.keys:
            by_key.setdefault(key, []).append(unit)
    return {key: tuple(units) for key, units in by_key.items()}


def _prefer(units: tuple[Unit, ...], province: str | None) -> Unit:
    """Of units sharing a name ("thành phố" in several provinces), the one in `province`."""
    return next((u for u in units if province and u.province == province), units[0])


_UNIT_START = re.compile(r"(?i)(sở|ban|văn phòng|ubnd|ủy ban|uỷ ban|huyện|thành phố|thị xã)\b")
_QUALIFIER = re.compile(r"^(tỉnh|huyện|thành phố|thị xã|quận|xã|phường)\b")


def _starting(key: str) -> tuple[Unit, ...] | None:
    """The units of the longest gazetteer key the text starts with, followed by nothing or a
    place ("sở y tế tỉnh đắk nông"); "đắk nông , ngày 15 tháng 01" names a date, not a unit."""
    starts = [
        k for k in _keys()
        if len(k) > 3 and (key == k or (key.startswith(k + " ") and _QUALIFIER.match(key[len(k) + 1 :])))
    ]  # fmt: skip
    return _keys()[max(starts, key=len)] if starts else None


def _contained(key: str, shortest: int = 4, last: bool = False) -> tuple[Unit, ...] | None:
    """The units of a gazetteer key standing in the text as whole words (keys of at least
    `shortest` characters): the first one, longest first ("sở y tế tỉnh đắk nông" holds
    "sở y tế"), or with `last` the one nearest the end."""
    found = [
        (match.start(), len(candidate), candidate)
        for candidate in _keys()
        if len(candidate) >= shortest
        for match in re.finditer(rf"(?<!\w){re.escape(candidate)}(?!\w)", key)
    ]
    if not found:
        return None
    pick = max(found) if last else min(found, key=lambda f: (f[0], -f[1]))
    return _keys()[pick[2]]


@lru_cache(maxsize=8192)
def canonical_subject(printed: str, province: str | None = None) -> Subject | None:
    """Given a printed unit name, return its `Subject`, or None when it names no unit."""
    name = " ".join(printed.split())
    cleaned = clean_name(name)
    key = fold(cleaned)
    if not key or len(key) > 160:
        return None
    units = _keys().get(key) or _starting(key)
    if units is None:
        best = process.extractOne(key, list(_keys()), scorer=fuzz.ratio, score_cutoff=LIKENESS)
        units = _keys()[best[0]] if best else None
    if units is not None:
        unit = _prefer(units, province)
        return Subject(name, unit.canonical, unit.kind, unit.province or province, known=True)
    kind = next((k for word, k in _KIND_WORDS if key.startswith(word + " ") or key == word), None)
    if kind is None:
        return None
    if cleaned.isupper():  # "BỘ Y TẾ" → "Bộ y tế": a letterhead's capitals are no spelling
        cleaned = cleaned.capitalize()
    canonical = cleaned[0].lower() + cleaned[1:] if kind != "agency" else cleaned[0].upper() + cleaned[1:]
    return Subject(name, canonical, kind, province, known=False)


def find_subject(text: str, province: str | None = None) -> Subject | None:
    """The unit the gazetteer knows that a text names last, nearest what follows it: "... trên
    địa bàn tỉnh Đắk Nông năm 2023; Chỉ số ... của Sở Giao thông vận tải đạt" → Sở Giao thông
    vận tải; None when it names none."""
    units = _contained(fold(text), shortest=7, last=True)  # whole names only, not "STC" in a word list
    if units is None:
        return None
    unit = _prefer(units, province)
    return Subject(None, unit.canonical, unit.kind, unit.province or province, known=True)


def successor(canonical: str) -> tuple[str, bool] | None:
    """The unit that took over a former one, and whether that mapping was checked:
    "tỉnh Đắk Nông" → ("tỉnh Lâm Đồng", True)."""
    unit = next((u for u in gazetteer() if u.canonical == canonical), None)
    if unit is None or unit.successor is None:
        return None
    target = next(
        (u.canonical for u in gazetteer() if u.kind == unit.kind and fold(unit.successor) in u.keys), None
    )
    return (target or unit.successor, unit.successor_checked)


def table_subjects(blocks: Sequence[Block], province: str | None = None) -> dict[int, Subject]:
    """Each table's subject from the letterhead line or heading just before it: a PDF that
    compiles several agencies' plans prints "SỞ Y TẾ" above one table and "SỞ TÀI CHÍNH"
    above the next. Tables with no such line above them are left out (the document's
    issuer stands for them)."""
    subjects: dict[int, Subject] = {}
    current: Subject | None = None
    for block in blocks:
        if isinstance(block, Paragraph):
            text = re.sub(r"^(?:[\dIVX]+[.)]|Phụ lục [\dIVX]+[.:]?)\s*", "", block.text.strip())
            starts_with_unit = re.match(
                r"(?i)(sở|ban|văn phòng|ubnd|ủy ban|uỷ ban|huyện|thành phố|thị xã)\b", text
            )
            if len(text) <= 80 and (text.isupper() or starts_with_unit):
                named = canonical_subject(text, province)
                if named is not None and named.known:
                    current = named
        elif current is not None:
            subjects[block.index] = current
    return subjects
