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

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
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
    ("bộ", "agency"), ("trung tâm", "agency"), ("cục", "agency"), ("công an", "agency"),
    ("đài", "agency"), ("kho bạc", "agency"), ("bảo hiểm", "agency"), ("trường", "agency"),
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
    valid_from: date | None = None


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


REORGANISED = date(2025, 6, 30)  # the last day of 63 provinces and of the district level


def _commune(level: str, name: str, province: str, **validity: date) -> Unit:
    """A commune, known only by its name with its level word ("xã Nâm Nung")."""
    return Unit(f"{level} {name}", "commune", province, (fold(f"{level} {name}"),), **validity)


@cache
def gazetteer() -> tuple[Unit, ...]:
    """Every unit the project knows: provinces, districts and communes before and after the
    2025 reorganisation (`admin_units.json`, from the `vietnamadminunits` package) with the
    abbreviations of `gazetteer.yaml`, and the provincial agencies of that file."""
    hand = yaml.safe_load(data_path("gazetteer.yaml").read_text(encoding="utf-8"))
    admin = json.loads(data_path("admin_units.json").read_text(encoding="utf-8"))
    new_provinces = {p["name"] for p in admin["from_2025"]}
    spelled = _hand_spellings(hand)
    units: list[Unit] = []
    for item in admin["before_2025"]:
        province, level = item["name"], item["level_word"]
        successor = item.get("successor") if item.get("successor") != province else None
        _, names = spelled.get(("province", None, fold(province)), (province, [province]))
        keys = [fold(f"{lw} {n}") for n in names for lw in (level, "tỉnh")] + [fold(n) for n in names]
        units.append(Unit(f"{level} {province}", "province", province, tuple(dict.fromkeys(keys)),
                          None if province in new_provinces else REORGANISED,
                          f"{level} {successor}" if successor else None, successor is not None))  # fmt: skip
        for district in item["districts"]:
            d_level, d_name = district["level_word"], district["name"]
            canonical_name, names = spelled.get(("district", province, fold(d_name)), (d_name, [d_name]))
            keys = [fold(f"{d_level} {n}") for n in names]
            if len(names) > 1 or canonical_name != d_name:  # hand-listed: known by the bare name too
                keys += [fold(n) for n in names]
            units.append(Unit(f"{d_level} {canonical_name}", "district", province, tuple(dict.fromkeys(keys)),
                              REORGANISED))  # fmt: skip
            units += [
                _commune(c_level, c_name, province, valid_to=REORGANISED)
                for c_level, c_name in district["communes"]
            ]
    for item in admin["from_2025"]:
        province, level = item["name"], item["level_word"]
        if province not in {u.province for u in units if u.kind == "province"}:
            _, names = spelled.get(("province", None, fold(province)), (province, [province]))
            keys = [fold(f"{level} {n}") for n in names] + [fold(n) for n in names]
            units.append(Unit(f"{level} {province}", "province", province, tuple(dict.fromkeys(keys))))
        units += [_commune(c_level, c_name, province, valid_from=REORGANISED + timedelta(days=1))
                  for c_level, c_name in item["communes"]]  # fmt: skip
    for item in hand["agencies"]:
        keys = [fold(n) for n in (item["name"], *item.get("aliases", ()))]
        units.append(Unit(item["name"], "agency", None, tuple(dict.fromkeys(keys)), item.get("valid_to"),
                          item.get("successor"), bool(item.get("successor_checked"))))  # fmt: skip
    return tuple(units)


def _hand_spellings(hand: dict) -> dict[tuple[str, str | None, str], tuple[str, list[str]]]:
    """`gazetteer.yaml`'s places, by every folded spelling: (kind, province, key) → (the
    canonical name, all names). "Đăk Glong" (the package's) → ("Đắk Glong", [...])."""
    out: dict[tuple[str, str | None, str], tuple[str, list[str]]] = {}
    for kind, items in (("province", hand["provinces"]), ("district", hand["districts"])):
        for item in items:
            names = [item["name"], *item.get("aliases", ())]
            for name in names:
                out[(kind, item.get("province"), fold(name))] = (item["name"], names)
    return out


@cache
def gazetteer_source() -> str:
    """Where the administrative units come from: "vietnamadminunits 1.0.4"."""
    return str(json.loads(data_path("admin_units.json").read_text(encoding="utf-8"))["source"])


@cache
def _keys() -> dict[str, tuple[Unit, ...]]:
    by_key: dict[str, list[Unit]] = {}
    for unit in gazetteer():
        for key in unit.keys:
            by_key.setdefault(key, []).append(unit)
    return {key: tuple(units) for key, units in by_key.items()}


@cache
def _broad_keys() -> tuple[str, ...]:
    """The keys likeness and prose search may use: provinces, districts and agencies. A commune
    is found only by its exact name ("xã Nâm Nung"): ten thousand of them would make every
    misspelt word some commune."""
    return tuple(k for k, units in _keys().items() if any(u.kind != "commune" for u in units))


@cache
def _broad_key_set() -> frozenset[str]:
    return frozenset(_broad_keys())


_LONGEST_KEY_WORDS = 8


def _prefer(units: tuple[Unit, ...], province: str | None) -> tuple[Unit, str | None]:
    """Of units sharing a name ("huyện Châu Thành" is in ten provinces), the one in `province`,
    and the province to record: the unit's own, or none when the name is ambiguous and nothing
    says which (never a guess)."""
    mine = next((u for u in units if province and u.province == province), None)
    if mine is not None:
        return mine, mine.province
    places = {u.province for u in units}
    unit = units[0]
    return unit, (unit.province or province) if len(places) == 1 else province


_UNIT_START = re.compile(r"(?i)(sở|ban|văn phòng|ubnd|ủy ban|uỷ ban|huyện|thành phố|thị xã)\b")
_QUALIFIER = re.compile(r"^(tỉnh|huyện|thành phố|thị xã|quận|xã|phường)\b")


def _starting(key: str) -> tuple[Unit, ...] | None:
    """The units of the longest gazetteer key the text starts with, followed by nothing or a
    place ("sở y tế tỉnh đắk nông"); "đắk nông , ngày 15 tháng 01" names a date, not a unit."""
    words = key.split(" ")
    for length in range(min(len(words), _LONGEST_KEY_WORDS), 0, -1):
        prefix, rest = " ".join(words[:length]), " ".join(words[length:])
        if len(prefix) > 3 and prefix in _keys() and (not rest or _QUALIFIER.match(rest)):
            return _keys()[prefix]
    return None


def _contained(key: str, shortest: int = 4, last: bool = False) -> tuple[Unit, ...] | None:
    """The units of a gazetteer key (not a commune's) standing in the text as whole words, keys
    of at least `shortest` characters: the first one, longest first ("sở y tế tỉnh đắk nông"
    holds "sở y tế"), or with `last` the one nearest the end."""
    broad = _broad_key_set()
    words = re.findall(r"[\w&'.-]+", key)
    found = []
    for start in range(len(words)):
        for length in range(min(_LONGEST_KEY_WORDS, len(words) - start), 0, -1):
            candidate = " ".join(words[start : start + length])
            if len(candidate) >= shortest and candidate in broad:
                found.append((start, len(candidate), candidate))
                break
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
        best = process.extractOne(key, _broad_keys(), scorer=fuzz.ratio, score_cutoff=LIKENESS)
        units = _keys()[best[0]] if best else None
    if units is not None:
        unit, place = _prefer(units, province)
        return Subject(name, unit.canonical, unit.kind, place, known=True)
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
    unit, place = _prefer(units, province)
    return Subject(None, unit.canonical, unit.kind, place, known=True)


def successor(canonical: str) -> tuple[str, bool] | None:
    """The unit that took over a former one, and whether that mapping was checked:
    "tỉnh Đắk Nông" → ("tỉnh Lâm Đồng", True)."""
    return _successors().get(canonical)


@cache
def _successors() -> dict[str, tuple[str, bool]]:
    by_key = {key: unit for unit in gazetteer() if unit.kind != "commune" for key in unit.keys}
    out: dict[str, tuple[str, bool]] = {}
    for unit in gazetteer():
        if unit.successor is not None:
            target = by_key.get(fold(unit.successor))
            out[unit.canonical] = (target.canonical if target else unit.successor, unit.successor_checked)
    return out


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
