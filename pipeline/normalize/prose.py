"""Scores written in sentences: "2.4. Nhân lực số 89,73/100 điểm: ..." → pillar 4, 89.73 of 100.

spaCy's blank multilingual tokenizer keeps "89,73/100" and "633,56/1000" as single tokens;
a `PhraseMatcher` finds the framework's pillar and total names (and aliases) and a rule
`Matcher` finds "<a/b> điểm". Each score is paired with the nearest name before it in the
same clause; the clause (up to ";") is the record's `result`, so "đạt 70%" and
"đứng thứ 19/19" come along as figures.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from pipeline.models import Block, Framework, FrameworkEntry, IndicatorRow, Match, Paragraph
from pipeline.normalize.periods import context_year, year_before
from pipeline.normalize.subjects import find_subject
from pipeline.normalize.text import nfc

if TYPE_CHECKING:  # spaCy is imported when a paragraph may state a score: 0.5 s a process otherwise
    import spacy
    from spacy.language import Language
    from spacy.matcher import Matcher, PhraseMatcher

MAX_GAP_TOKENS = 14
_SCORE_TOKEN = r"^\d+(?:[.,]\d+)?/\d+(?:[.,]\d+)?$"
_SECTION_NUMBER = re.compile(r"^\s*(\d+(?:\.\d+)*)\.?\s")
_CLAUSE_BREAKS = {";", "."}
# A name and its score are never separated by an opening bracket or a colon:
# "An toàn thông tin mạng (Năm 2022: 0,4/10 điểm ...)" is not the pillar's score.
_NAME_SCORE_BREAKS = _CLAUSE_BREAKS | {"(", ":"}
# Wider than the score matcher: a paragraph without it states no score, and spaCy is not needed.
_MAY_STATE_SCORE = re.compile(r"\d/\s*\d[\d.,]*\W{0,3}điểm", re.IGNORECASE)


@lru_cache(maxsize=1)
def _nlp() -> Language:
    import spacy

    return spacy.blank("xx")


_MATCHERS: dict[str, tuple[PhraseMatcher, Matcher, dict[str, FrameworkEntry]]] = {}


def _matchers(framework: Framework) -> tuple[PhraseMatcher, Matcher, dict[str, FrameworkEntry]]:
    """The name and score matchers of a framework, built once per framework id."""
    if framework.id not in _MATCHERS:
        _MATCHERS[framework.id] = _build_matchers(framework)
    return _MATCHERS[framework.id]


def _build_matchers(framework: Framework) -> tuple[PhraseMatcher, Matcher, dict[str, FrameworkEntry]]:
    from spacy.matcher import Matcher, PhraseMatcher

    nlp = _nlp()
    phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
    by_key: dict[str, FrameworkEntry] = {}
    for entry in framework.entries:
        if entry.level in ("total", "pillar", "group"):
            for name in entry.names:
                key = f"{entry.code}|{name}"
                by_key[key] = entry
                phrases.add(key, [nlp.make_doc(nfc(name).lower())])
    scores = Matcher(nlp.vocab)
    scores.add("SCORE", [[{"TEXT": {"REGEX": _SCORE_TOKEN}}, {"LOWER": "điểm"}]])
    return phrases, scores, by_key


def prose_scores(blocks: Sequence[Block], framework: Framework) -> list[tuple[IndicatorRow, Match]]:
    """Given a document's blocks, return one matched row per pillar or total score stated in
    prose (the first statement of each, so a repeated sentence adds nothing), each with the
    year its sentence (or, failing that, its section) names and the unit its sentence names."""
    paragraphs = [
        (i, block)
        for i, block in enumerate(blocks)
        if isinstance(block, Paragraph) and _MAY_STATE_SCORE.search(nfc(block.text))
    ]
    if not paragraphs:
        return []
    phrases, scores, by_key = _matchers(framework)
    nlp = _nlp()
    found: list[tuple[IndicatorRow, Match]] = []
    seen: set[tuple[str, str]] = set()
    for position, paragraph in paragraphs:
        doc = nlp(nfc(paragraph.text))
        names = _longest_spans([(start, end, doc.vocab.strings[key]) for key, start, end in phrases(doc)])
        for _, score_start, score_end in scores(doc):
            named = _nearest_name_before(doc, names, score_start)
            if named is None:
                continue
            start, end, key = named
            entry = by_key[key]
            score_text = doc[score_start:score_end].text
            if not _denominator_fits(score_text, entry):
                continue
            if (entry.code, score_text) in seen:
                continue
            seen.add((entry.code, score_text))
            clause = _clause(doc, start)
            section = _SECTION_NUMBER.match(paragraph.text)
            printed_code = section.group(1) if section and doc[start].idx <= section.end() + 1 else None
            sentence_start = max(paragraph.text.rfind(". ", 0, doc[start].idx), 0)
            before_score = paragraph.text[sentence_start : doc[score_start].idx]
            year, source = year_before(paragraph.text, doc[score_start].idx), "sentence"
            if year is None:
                year, source = context_year(blocks, position), "heading"
            row = IndicatorRow(
                printed_code=printed_code,
                printed_name=doc[start:end].text,
                fields={"result": clause},
                origin="text",
                table_index=None,
                row_index=paragraph.index,
                pages=(paragraph.page,) if paragraph.page is not None else (),
                period=year,
                period_source=source if year else None,
                subject=find_subject(before_score),
            )
            found.append((row, Match(entry.code, entry.name, 100.0, "matched")))
    return found


def _longest_spans(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Keep the longest of overlapping name matches ("An toàn thông tin mạng" over "An toàn thông tin")."""
    kept: list[tuple[int, int, str]] = []
    for span in sorted(spans, key=lambda s: (s[0], -(s[1] - s[0]))):
        if kept and span[0] < kept[-1][1]:
            continue
        kept.append(span)
    return kept


def _nearest_name_before(
    doc: spacy.tokens.Doc, names: list[tuple[int, int, str]], score_start: int
) -> tuple[int, int, str] | None:
    candidates = [n for n in names if n[1] <= score_start and score_start - n[1] <= MAX_GAP_TOKENS]
    if not candidates:
        return None
    nearest = max(candidates, key=lambda n: n[1])
    between = doc[nearest[1] : score_start]
    if any(token.text in _NAME_SCORE_BREAKS for token in between):
        return None
    return nearest


def _denominator_fits(score_text: str, entry: FrameworkEntry) -> bool:
    """ "89,73/100 điểm" can be pillar 4's score only when pillar 4 is out of 100 points."""
    if entry.max_points is None:
        return True
    denominator = score_text.split("/")[1].split()[0].replace(",", ".")
    return float(denominator) == float(entry.max_points)


def _clause(doc: spacy.tokens.Doc, start: int) -> str:
    """The text from a name to the end of its clause (";" or the sentence's end)."""
    end = start
    while end < len(doc) and doc[end].text not in _CLAUSE_BREAKS:
        end += 1
    return doc[start:end].text.strip()
