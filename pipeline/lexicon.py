"""The Vietnamese wording we rely on, loaded once from `corpora/lexicon.yaml`."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import cache

import yaml
from rapidfuzz import fuzz

from pipeline.resources import data_path

LEXICON_PATH = data_path("lexicon.yaml")


@dataclass(frozen=True)
class Lexicon:
    """Abbreviations, spelling variants, count nouns, status phrases, negations, header
    starters and column-role patterns (all NFC)."""

    abbreviations: dict[str, str]
    variants: dict[str, str]
    units: tuple[str, ...]
    statuses: dict[str, str]
    negations: tuple[str, ...]
    header_starters: frozenset[str]
    column_roles: tuple[tuple[str, str], ...]
    legacy_fonts: tuple[tuple[str, str], ...]  # (encoding, font-name pattern)
    count_noun_stops: frozenset[str] = frozenset()  # words that end a count's unlisted noun
    not_count_nouns: tuple[str, ...] = ()  # words after a number that make it no count
    portal_labels: dict[str, str] = field(default_factory=dict)  # "Số hiệu" → number, in order
    results_header_starters: frozenset[str] = frozenset()  # "Tên đơn vị": a ruled table's header
    ratings: dict[str, str] = field(default_factory=dict)  # a results table's "Xếp loại": "Khá" → fair
    results_headers: dict[str, tuple[str, ...]] = field(default_factory=dict)  # role → headers, for likeness
    framework_levels: dict[str, tuple[str, ...]] = field(default_factory=dict)  # "cấp huyện" → district
    framework_indexes: dict[str, tuple[str, ...]] = field(default_factory=dict)  # "cải cách hành chính" → PAR


LIKE_AT = 85.0  # a misread header this alike to a known one takes its role


def role_by_likeness(header: str, roles: tuple[str, ...] | None = None) -> str | None:
    """The results-table role whose known header a scan's misread one is most like ("Xếp hang"
    → rank), among `roles` when given; None below `LIKE_AT` or for a header under 4 letters."""
    folded = " ".join(header.lower().split())
    if len(folded) < 4:
        return None
    known = lexicon().results_headers
    scored = [
        (fuzz.ratio(folded, h), role)
        for role, hs in known.items()
        if roles is None or role in roles
        for h in hs
    ]
    best = max(scored, default=(0.0, None))
    return best[1] if best[0] >= LIKE_AT else None


@cache
def lexicon() -> Lexicon:
    data = yaml.safe_load(LEXICON_PATH.read_text(encoding="utf-8"))

    def nfc(text: str) -> str:
        return unicodedata.normalize("NFC", text)

    return Lexicon(
        abbreviations={nfc(k): nfc(v) for k, v in data["abbreviations"].items()},
        variants={nfc(k): nfc(v) for k, v in data["variants"].items()},
        units=tuple(sorted((nfc(u) for u in data["units"]), key=len, reverse=True)),
        statuses={nfc(k): v for k, v in data["statuses"].items()},
        negations=tuple(nfc(w) for w in data["negations"]),
        header_starters=frozenset(nfc(w).lower() for w in data["header_starters"]),
        column_roles=tuple((role, nfc(pattern)) for role, pattern in data["column_roles"]),
        legacy_fonts=tuple(
            (enc, pattern) for enc, patterns in data["legacy_fonts"].items() for pattern in patterns
        ),
        count_noun_stops=frozenset(nfc(w).lower() for w in data.get("count_noun_stops", ())),
        not_count_nouns=tuple(nfc(w).lower() for w in data.get("not_count_nouns", ())),
        portal_labels={nfc(k): v for k, v in data.get("portal_labels", {}).items()},
        results_header_starters=frozenset(nfc(w).lower() for w in data.get("results_header_starters", ())),
        results_headers={
            role: tuple(nfc(h) for h in hs) for role, hs in data.get("results_headers", {}).items()
        },
        ratings={nfc(k).lower(): v for k, v in data.get("ratings", {}).items()},
        framework_levels={
            level: tuple(nfc(w).lower() for w in words)
            for level, words in data.get("framework_levels", {}).items()
        },
        framework_indexes={
            index: tuple(nfc(w).lower() for w in words)
            for index, words in data.get("framework_indexes", {}).items()
        },
    )
