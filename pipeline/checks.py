"""Checks as data: a problem found and reported, never fixed, with its code and parameters.

Readers, rules and the scores feed say what they doubt as a `Check` ("total_disagrees",
stated 767,45, computed 757,45, 7 pillars); its English and Vietnamese sentences come from
one table of templates (`TEMPLATES`), so a program reads the code and its parameters, and a
person reads "stated 767,45 points, computed 757,45 (the sum of 7 pillars)" or "văn bản ghi
767,45 điểm, tính lại được 757,45 (tổng 7 chỉ số chính)". Adding a check is adding a row here.
"""

from __future__ import annotations

import json
import string
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

Severity = Literal["info", "warning", "error"]
Language = Literal["en", "vi"]


@dataclass(frozen=True)
class Template:
    """How a kind of check reads: its severity and its sentence in each language. A
    parameter named in `words` is itself translated (the parts of a sum: "pillars")."""

    severity: Severity
    en: str
    vi: str
    words: tuple[str, ...] = ()


# The words a parameter may hold that read differently in Vietnamese.
VOCABULARY: Mapping[str, str] = {
    "pillars": "chỉ số chính",
    "indicators": "chỉ số thành phần",
    "sub-indicators": "chỉ số con",
    "ratio": "tỷ lệ",
    "threshold": "ngưỡng",
    "binary": "đạt/không đạt",
}

TEMPLATES: Mapping[str, Template] = {
    # A record's figures against themselves and the framework (normalize/records.py, figures.py).
    "percent_disagrees": Template(
        "warning",
        "percent {percent} disagrees with {fraction} (= {actual}%)",
        "tỷ lệ {percent} không khớp với {fraction} (= {actual}%)",
    ),
    "points_above_maximum": Template(
        "warning", "points {points} are above their maximum", "điểm {points} vượt điểm tối đa"
    ),
    "maximum_differs": Template(
        "warning",
        "document gives {stated} maximum points, {framework} gives {canonical}",
        "văn bản ghi điểm tối đa {stated}, bộ chỉ số {framework} ghi {canonical}",
    ),
    "printed_under_other_pillar": Template(
        "info",
        "printed under {heading}, but {code} belongs to pillar {pillar} ({pillar_name})",
        "in dưới {heading}, nhưng {code} thuộc chỉ số chính {pillar} ({pillar_name})",
    ),
    "pillars_do_not_add_up": Template(
        "warning",
        "pillar scores add up to {added}, the document states a total of {stated}",
        "điểm các chỉ số chính cộng lại được {added}, văn bản ghi tổng {stated}",
    ),
    "ranking_contradicts_totals": Template(
        "warning",
        "ranking order contradicts totals: rank {upper_rank} has {upper_total}, "
        "below rank {lower_rank} with {lower_total}",
        "thứ hạng trái với tổng điểm: hạng {upper_rank} có {upper_total} điểm, "
        "thấp hơn hạng {lower_rank} với {lower_total} điểm",
    ),
    # OCR (extract/ocr, normalize/code_sequence.py).
    "ocr_repaired": Template("info", "OCR read {read!r}, used {used!r}", "OCR đọc {read!r}, dùng {used!r}"),
    "ocr_code_replaced": Template(
        "warning",
        "OCR read code {read!r}, the column's order and Tesseract's alternatives give {used!r}",
        "OCR đọc mã {read!r}, thứ tự của cột và các phương án của Tesseract cho {used!r}",
    ),
    "ocr_code_doubtful": Template(
        "warning",
        "OCR read code {read!r} out of the column's order ({before} … {after}), and no reading gives "
        "the code the order expects: check it on the page",
        "OCR đọc mã {read!r} không theo thứ tự của cột ({before} … {after}) và không cách đọc nào cho "
        "mã đúng thứ tự: cần xem lại trên trang",
    ),
    # The scores feed (scores/feed.py).
    "sum_disagrees": Template(
        "warning",
        "stated {stated} points, computed {computed} (the sum of {count} {parts})",
        "văn bản ghi {stated} điểm, tính lại được {computed} (tổng {count} {parts})",
        words=("parts",),
    ),
    "rule_disagrees": Template(
        "warning",
        "stated {stated} points, computed {computed} ({rule} of {figure})",
        "văn bản ghi {stated} điểm, tính lại được {computed} (cách tính {rule} từ {figure})",
        words=("rule",),
    ),
    "other_document_states": Template(
        "info", "{document}{at_page} states {points} points", "{document}{at_page_vi} ghi {points} điểm"
    ),
    # A person's correction (load/corrections.py): the value is theirs, the value as read stays.
    "corrected": Template(
        "info",
        "corrected by {reviewer}: {field} read {read!r}, now {value!r}",
        "đã sửa bởi {reviewer}: {field} đọc được {read!r}, sửa thành {value!r}",
    ),
    # A check stored by a warehouse written before checks were data: only its sentence is known.
    "as_written": Template("warning", "{text}", "{text}"),
}


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@dataclass(frozen=True)
class Check:
    """One reported problem: `code` names its template, `params` fill it, `page` says where.

    Check.of("percent_disagrees", percent="95%", fraction="52/57", actual="91.23").text()
    → "percent 95% disagrees with 52/57 (= 91.23%)". Frozen and hashable, so a list of
    checks can be kept free of repeats.
    """

    code: str
    params: tuple[tuple[str, Any], ...] = ()
    page: int | None = None

    def __post_init__(self) -> None:
        template = TEMPLATES.get(self.code)
        if template is None:
            raise ValueError(f"unknown check {self.code!r}; known: {', '.join(sorted(TEMPLATES))}")
        missing = (_fields(template.en) | _fields(template.vi)) - set(self.parameters)
        if missing:
            raise ValueError(f"check {self.code!r} needs {', '.join(sorted(missing))}")

    @classmethod
    def of(cls, code: str, /, page: int | None = None, **params: Any) -> Check:
        if code == "other_document_states":  # the page reads in each language's own way
            at = params.pop("page_number", None)
            params.setdefault("at_page", f" p.{at}" if at is not None else "")
            params.setdefault("at_page_vi", f", trang {at}" if at is not None else "")
        return cls(code, tuple(params.items()), page)

    @property
    def parameters(self) -> dict[str, Any]:
        return dict(self.params)

    @property
    def severity(self) -> Severity:
        return TEMPLATES[self.code].severity

    def text(self, language: Language = "en") -> str:
        """The check as a sentence in `language`."""
        template = TEMPLATES[self.code]
        values = self.parameters
        if language == "vi":
            values.update(
                {k: VOCABULARY.get(str(values[k]), values[k]) for k in template.words if k in values}
            )
        return getattr(template, language).format(**values)

    def __str__(self) -> str:
        return self.text("en")

    def to_dict(self) -> dict[str, Any]:
        """The structured form the record contract carries beside the sentence."""
        return {"code": self.code, "params": self.parameters, "page": self.page,
                "severity": self.severity, "text": self.text("en")}  # fmt: skip

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Check:
        return cls(str(data["code"]), tuple(dict(data.get("params") or {}).items()), data.get("page"))


def texts(checks: tuple[Check, ...] | list[Check], language: Language = "en") -> list[str]:
    """The sentences of several checks, in order."""
    return [check.text(language) for check in checks]


def stored(details: str | None, sentences: str | None = None) -> list[Check]:
    """The checks the warehouse keeps as data (`check_details`, JSON); for a row written before
    they were (schema 5), its sentences (`checks`) as checks read as written."""
    if details is None and sentences:
        return [Check.of("as_written", text=text) for text in json.loads(sentences)]
    return [Check.from_dict(item) for item in json.loads(details or "[]")]


def stored_texts(details: str | None, language: Language = "en", sentences: str | None = None) -> list[str]:
    """The sentences, in `language`, of checks the warehouse keeps (see `stored`)."""
    return [check.text(language) for check in stored(details, sentences)]
