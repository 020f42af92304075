"""The small frozen dataclasses that cross stage boundaries.

extract → `Document` (paragraphs and tables, each with provenance);
normalize → `IndicatorRow` → `IndicatorRecord` (canonical indicator, figures, status);
frameworks → `Framework` / `FrameworkEntry` (loaded from `corpora/frameworks/*.yaml`).
Stages exchange only these; none of them knows about Prefect, the CLI or the warehouse.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from enum import StrEnum
from functools import cached_property
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as _package_version
from typing import Any, Literal

from pipeline.checks import Check


def _pipeline_version() -> str:
    """The installed package's version (pyproject.toml is its one home)."""
    try:
        return _package_version("dti-ingest")
    except PackageNotFoundError:  # a checkout on sys.path without an install
        return "0.0.0+checkout"


PIPELINE_VERSION = _pipeline_version()

Origin = Literal["table", "text"]
SubjectKind = Literal["province", "agency", "district", "commune"]
MatchStatus = Literal["matched", "review", "unmatched"]
DocumentStatus = Literal["ok", "partial", "failed"]
# A region of a page as fractions of its width and height: (left, top, right, bottom).
Box = tuple[float, float, float, float]


class Outcome(StrEnum):
    """How one file of a run ended, as `dti runs` and the `outcomes` table say it."""

    OK = "ok"  # read whole, records loaded
    PARTIAL = "partial"  # read in part (a page or a part left out, named), records loaded
    FAILED = "failed"  # not loaded; the reason says why and how to fix it
    NOT_DTI = "not_dti"  # read, but not a DTI document: no framework, kept out of coverage
    FRAMEWORK = "framework"  # a framework decision: its frameworks imported, or the command to import them
    SKIPPED = "skipped"  # loaded before, unchanged, by this pipeline version


# --------------------------------------------------------------------------- document


@dataclass(frozen=True)
class Cell:
    """One table cell as a reader sees it, e.g. `Cell("52/57 máy tính")`.

    `col_span`/`row_span` keep merged cells (DOCX gridSpan/vMerge). In the dense row grid
    a cell spanning rows gives its text to every row; a cell spanning columns repeats its
    text in header rows (for two-level headers) and leaves the other slots empty in body rows.
    """

    text: str
    col_span: int = 1
    row_span: int = 1
    confidence: float | None = None  # Tesseract's mean word confidence, 0–100, for OCR'd cells
    repairs: tuple[Check, ...] = ()  # OCR damage repaired in this cell ("OCR read 'l5/2O', used '15/20'")
    choices: tuple[str, ...] = ()  # an OCR'd numbering cell's readings as lattices: "9352|.|2"
    value: float | None = None  # a spreadsheet cell's number as the file holds it (its text as shown)


@dataclass(frozen=True)
class TableRow:
    """One row of a table, with the page it starts on (None for formats without pages) and
    the pages a page break carried it onto."""

    cells: tuple[Cell, ...]
    page: int | None = None
    is_header: bool = False
    more_pages: tuple[int, ...] = ()
    box: Box | None = None  # where the row lies on its page, for a reviewer's crop

    @property
    def page_span(self) -> tuple[int, ...]:
        return ((self.page,) if self.page is not None else ()) + self.more_pages

    @cached_property
    def texts(self) -> tuple[str, ...]:
        """The cells' texts, worked out once per row (a row can be 100,000 cells wide)."""
        return tuple(cell.text for cell in self.cells)


@dataclass(frozen=True)
class Table:
    """A table in reading order; after stitching, one logical table across page breaks."""

    index: int
    rows: tuple[TableRow, ...]
    caption: str | None = None

    @cached_property
    def header(self) -> tuple[TableRow, ...]:
        return tuple(row for row in self.rows if row.is_header)

    @cached_property
    def body(self) -> tuple[TableRow, ...]:
        return tuple(row for row in self.rows if not row.is_header)

    @cached_property
    def width(self) -> int:
        return max((len(row.cells) for row in self.rows), default=0)

    @property
    def pages(self) -> tuple[int, ...]:
        return tuple(sorted({row.page for row in self.rows if row.page is not None}))


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of running text, e.g. "2.4. Nhân lực số 89,73/100 điểm: ..."."""

    index: int
    text: str
    page: int | None = None


Block = Paragraph | Table

ReadMethod = Literal["text layer", "legacy font", "OCR", "sheet"]


@dataclass(frozen=True)
class PageDecision:
    """How one page was read and why: `PageDecision(3, "OCR", "no text layer")` reads
    "page 3: OCR (no text layer)"; a legacy font names its `encoding` ("tcvn3")."""

    page: int
    method: ReadMethod
    reason: str
    encoding: str | None = None

    @property
    def how(self) -> str:
        """The decision without its page: "OCR (no text layer)"."""
        if self.method == "legacy font":
            return f"text in {self.encoding} converted to Unicode ({self.reason})"
        return f"{self.method} ({self.reason})"

    def __str__(self) -> str:
        return f"page {self.page}: {self.how}"


@dataclass(frozen=True)
class Document:
    """Everything a reader got out of one file, in reading order, with its origin."""

    source_path: str
    sha256: str
    format: str
    blocks: tuple[Block, ...]
    page_count: int | None = None
    warnings: tuple[str, ...] = ()
    decisions: tuple[PageDecision, ...] = ()  # how each page was read: "page 3: OCR (no text layer)"
    lost: tuple[str, ...] = ()  # what could not be read and was left out: the document is partial
    letterhead: tuple[
        str, ...
    ] = ()  # the first page's top read by position (a PDF's), stamped fields included

    @property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        return tuple(b for b in self.blocks if isinstance(b, Paragraph))

    @property
    def tables(self) -> tuple[Table, ...]:
        return tuple(b for b in self.blocks if isinstance(b, Table))

    @property
    def text(self) -> str:
        """All paragraph text, for framework detection and prose scores."""
        return "\n".join(p.text for p in self.paragraphs)


# --------------------------------------------------------------------------- frameworks


@dataclass(frozen=True)
class FrameworkEntry:
    """One canonical element of a framework: the total, a pillar (main indicator) or an indicator.

    `name` is None for a slot whose existence is known but whose wording is not in hand
    (Đắk Nông's 6.13): it is never matched, and coverage reports it.
    """

    code: str
    name: str | None
    level: Literal["total", "group", "pillar", "indicator"]
    parent: str | None = None
    aliases: tuple[str, ...] = ()
    max_points: float | None = None
    scoring: Mapping[str, Any] | None = None
    code_provisional: bool = False
    scored: bool = True
    not_applicable_to: tuple[str, ...] = ()  # "không áp dụng đối với các huyện": units it does not score

    @property
    def names(self) -> tuple[str, ...]:
        return ((self.name,) if self.name else ()) + self.aliases


@dataclass(frozen=True)
class Framework:
    """A canonical framework as loaded and validated from its YAML file: bundled with the
    package or imported from the decision that issues it (`dti frameworks import`)."""

    id: str
    title: str
    level: str
    legal_basis: Mapping[str, Any]
    valid_years: tuple[int, ...]
    entries: tuple[FrameworkEntry, ...]
    detection: Mapping[str, Any] = field(default_factory=dict)
    complete: bool = True
    source_file: str = ""
    index: str = "DTI"  # the index it scores: DTI, PAR (Chỉ số cải cách hành chính), ...
    province: str | None = None  # whose units it scores; None for a national framework
    version: int = 1  # each import of a changed decision adds one
    origin: str = "bundled"  # the folder it was loaded from ("bundled" for the package's own)

    def entry(self, code: str) -> FrameworkEntry:
        for e in self.entries:
            if e.code == code:
                return e
        raise KeyError(f"{self.id} has no indicator {code!r}")

    def pillar_of(self, code: str) -> str | None:
        """The pillar an entry belongs to ("7.12" → "7"); None above the pillars."""
        entry = self.entry(code)
        while entry.parent is not None:
            entry = self.entry(entry.parent)
        return entry.code if entry.level == "pillar" else None

    @property
    def pillars(self) -> tuple[FrameworkEntry, ...]:
        return tuple(e for e in self.entries if e.level == "pillar")

    @property
    def indicators(self) -> tuple[FrameworkEntry, ...]:
        return tuple(e for e in self.entries if e.level == "indicator")


@dataclass(frozen=True)
class LearnedEntry:
    """One entry of a framework as its decision prints it: "1.1 | Kiện toàn Ban chỉ đạo … | 20 |
    Có: điểm tối đa" → code 1.1, its name, maximum 20 (and "20" as printed), the method text."""

    code: str
    name: str | None
    level: Literal["total", "group", "pillar", "indicator"]
    parent: str | None
    maximum: float | None
    printed_code: str | None
    max_text: str
    method: str
    page: int | None
    count: int | None = None  # a summary table's number of sub-indicators
    not_applicable_to: tuple[str, ...] = ()


@dataclass(frozen=True)
class LearnedFramework:
    """A framework read from a decision's table(s) for one level, with every doubt named."""

    level: str
    title: str
    entries: tuple[LearnedEntry, ...]
    general_information: tuple[LearnedEntry, ...] = ()  # "Thông tin chung": reported, never scored
    doubts: tuple[str, ...] = ()
    pages: tuple[int, ...] = ()


# --------------------------------------------------------------------------- normalize


@dataclass(frozen=True)
class IndicatorRow:
    """A candidate indicator as the document printed it, before matching.

    `fields` maps column roles to cell text ("result" → "Đạt điểm tối đa: ...").
    `parent_row` is the `row_index` of the heading row it sits under in the same table, and
    `parent_code` that heading's printed code ("I" for 004's "1 Ban hành chính sách ..."), so
    a locally numbered row keeps its context even when "1" appears under I, II and III.
    """

    printed_code: str | None
    printed_name: str
    fields: Mapping[str, str]
    origin: Origin
    table_index: int | None
    row_index: int
    pages: tuple[int, ...] = ()
    parent_code: str | None = None
    parent_row: int | None = None
    ocr_confidence: float | None = None
    ocr_repairs: tuple[Check, ...] = ()
    periods: Mapping[str, int] = field(default_factory=dict)  # year per field, from its column header
    period: int | None = None  # the year of the row as a whole (caption, heading or sentence)
    period_source: str | None = None
    subject: Subject | None = None  # from a unit column or a section heading row
    section: int = 0  # the subject section of its table: rows are matched per section
    box: Box | None = None  # where its table row lies on its first page
    read_figures: tuple[Figure, ...] = ()  # what its reader parsed itself: a results table's index, rank


@dataclass(frozen=True)
class Figure:
    """A number as written and as parsed: "90,48%" → percent 90.48.

    `value` is in the unit the text uses (money in VND); `field` says which column
    role (or "text") it came from, so a result is never confused with a target.
    """

    kind: Literal["ratio", "percent", "points", "index", "count", "money", "range", "rank", "date"]
    text: str
    value: float | str | None = None
    numerator: float | None = None
    denominator: float | None = None
    unit: str | None = None
    low: float | None = None
    high: float | None = None
    field: str | None = None
    period: int | None = None  # the year the figure describes ("Kết quả năm 2024" → 2024)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "kind": self.kind,
            "value": self.value,
            "numerator": self.numerator,
            "denominator": self.denominator,
            "unit": self.unit,
            "text": self.text,
            "field": self.field,
            "period": self.period,
        }
        if self.kind == "range":
            out["low"], out["high"] = self.low, self.high
        return out


@dataclass(frozen=True)
class Subject:
    """The unit a record describes, as printed and in full official form:
    "H. Krông Nô" → canonical "huyện Krông Nô", kind district, province Đắk Nông.

    `known` says the gazetteer (`corpora/gazetteer.yaml`) has the unit; an unknown one keeps
    a cleaned canonical ("UBND huyện Tuy Phong" → "huyện Tuy Phong") and its kind."""

    name: str | None
    canonical: str | None
    kind: SubjectKind | None
    province: str | None = None
    known: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "canonical": self.canonical, "kind": self.kind,
                "province": self.province, "known": self.known}  # fmt: skip


@dataclass(frozen=True)
class Match:
    """The canonical indicator chosen for a row, with how sure we are."""

    indicator_code: str | None
    indicator_name: str | None
    score: float
    status: MatchStatus


@dataclass(frozen=True)
class IndicatorRecord:
    """One output record: what `dti extract --format jsonl` prints, one per line."""

    document_sha256: str
    source_path: str
    framework: str | None
    indicator_code: str | None
    indicator_name: str | None
    printed_code: str | None
    printed_name: str
    match_score: float
    match_status: MatchStatus
    page: int | None
    pages: tuple[int, ...]
    table_index: int | None
    row_index: int
    origin: Origin
    fields: Mapping[str, str]
    figures: tuple[Figure, ...]
    status: str | None
    printed_parent_code: str | None = None
    checks: tuple[Check, ...] = ()
    ocr_confidence: float | None = None  # lowest cell confidence of an OCR'd row: check it by eye
    subject: Subject | None = None  # the unit the record describes
    period: int | None = None  # the year its result describes
    period_source: str | None = None  # column, caption, sentence, or document (a fallback)
    box: Box | None = None  # the row's place on its page, as fractions: (left, top, right, bottom)

    def to_dict(self) -> dict[str, Any]:
        out = {f.name: getattr(self, f.name) for f in fields(self)}
        out.update(pages=list(self.pages), fields=dict(self.fields), checks=[str(c) for c in self.checks],
                   check_details=[c.to_dict() for c in self.checks],
                   figures=[f.to_dict() for f in self.figures],
                   subject=self.subject.to_dict() if self.subject else None,
                   box=list(self.box) if self.box else None)  # fmt: skip
        return out


ScoreLevel = Literal["indicator", "pillar", "group", "total"]


@dataclass(frozen=True)
class ScoreItem:
    """One row of the scores feed: an indicator, pillar or total of one unit and year, with the
    points the documents state, the points its rule gives, and whether they agree
    ("huyện Krông Nô", 2023, DTI: stated 655,26, computed 655,26 from the pillars, consistent)."""

    subject: str
    subject_kind: str | None
    province: str | None
    period: int
    framework: str
    level: ScoreLevel
    code: str
    name: str | None
    stated_points: float | None
    computed_points: float | None
    max_points: float | None
    rank: int | None = None
    rank_of: int | None = None
    consistent: bool | None = None  # None when there is nothing to compare
    source_path: str | None = None
    page: int | None = None
    ocr_confidence: float | None = None
    checks: tuple[Check, ...] = ()
    figure_text: str | None = None  # the raw figure a rule read ("52/57"), as printed
    rule: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The item as `schemas/score_item.schema.json` describes it."""
        out = {f.name: getattr(self, f.name) for f in fields(self)}
        out.update(checks=[str(c) for c in self.checks], check_details=[c.to_dict() for c in self.checks])
        return out


@dataclass(frozen=True)
class ErrorItem:
    """A structured problem met while processing one document: the stage, the one-line
    message naming the file, and the error's class (`InputFileError`, ...)."""

    stage: str
    message: str
    category: str = "DtiError"
    detail: str | None = None  # the full traceback, for `dti runs --verbose`


@dataclass(frozen=True)
class BatchContext:
    """What the batch knows about a document beyond its text: `--province`, `--agency`,
    `--year` or its manifest row ("ke-hoach-2024.pdf,Đắk Nông,Sở Y tế,2024"). Applied once, in
    `normalize.context`: a row's own unit and year win, the batch's word comes next, the
    letterhead's issuer and date last."""

    province: str | None = None
    agency: str | None = None
    year: int | None = None


@dataclass(frozen=True)
class DocumentInfo:
    """What the letterhead says: "SỞ Y TẾ", "41/BC-SYT", 2025-03-20, "báo cáo"; with the
    batch's context applied, also whose document it is (`agency`) and the year it is about."""

    issuer: str | None = None
    number: str | None = None
    issuer_name: str | None = None  # in full: "UBND TỈNH LÂM ĐỒNG / SỞ NỘI VỤ" → Sở Nội vụ tỉnh Lâm Đồng
    date: date | None = None
    kind: str | None = None
    province: str | None = None
    printed_year: int | None = None  # the year of a date line whose day was left blank
    agency: str | None = None  # the unit whose document it is: --agency, else the issuer
    batch_year: int | None = None  # --year or the manifest's year

    @property
    def own_year(self) -> int | None:
        """The year of the document's own date line."""
        return self.date.year if self.date else self.printed_year

    @property
    def year(self) -> int | None:
        """The year the document is about: the batch's word, else its date's year."""
        return self.batch_year or self.own_year


@dataclass(frozen=True)
class DocumentResult:
    """The outcome for one file: its records, its framework and a status, never an exception."""

    source_path: str
    status: DocumentStatus
    records: tuple[IndicatorRecord, ...] = ()
    framework: str | None = None
    framework_reason: str | None = None
    document_sha256: str | None = None
    warnings: tuple[str, ...] = ()
    errors: tuple[ErrorItem, ...] = ()
    info: DocumentInfo = field(default_factory=DocumentInfo)
    format: str | None = None
    page_count: int | None = None
    decisions: tuple[PageDecision, ...] = ()
    lost: tuple[str, ...] = ()
    defines_framework: bool = False  # a framework decision (`dti frameworks import` reads it)


@dataclass(frozen=True)
class Correction:
    """A person's decision about one field of one record, stored beside the record, never over
    it: `printed_code` of record 12 read "9.1", corrected to "5.1" by lan@sotttt. "Accept as
    read" is one too (`value` equal to `value_as_read`), so a reviewed item leaves the queue.

    `position` is the record it applies to now (None once no record of a re-extraction takes
    it: `state` "orphaned"); `anchor` is the record as read (page, table, row, name, unit)."""

    correction_id: str
    document_sha256: str
    position: int | None
    field: str
    value_as_read: str | None
    value: str | None
    reviewer: str
    created_at: datetime
    note: str | None = None
    state: Literal["placed", "orphaned"] = "placed"
    based_on: str | None = None
    anchor: Mapping[str, Any] = field(default_factory=dict)



@dataclass(frozen=True)
class ReviewItem:
    """One thing a person should look at, with what was read and where: the total "786,64" of
    Sở Xây dựng that its pillars sum to 776,64, on page 1 of its results decision.

    `field` is what a correction of it names (`figures.1.value`, `fields.score`, `printed_code`);
    `suggestion` the value the evidence points to, when there is one (the computed total)."""

    kind: str  # total_disagrees, unread_figure, code_replaced, match_review, low_confidence
    why: str
    document_sha256: str
    position: int
    field: str
    value_as_read: str | None
    source_path: str
    page: int | None
    subject: str | None = None
    period: int | None = None
    framework: str | None = None
    indicator_code: str | None = None
    printed_code: str | None = None
    printed_name: str = ""
    suggestion: str | None = None
    box: Box | None = None
    format: str | None = None
    cells: Mapping[str, str] = field(default_factory=dict)
    row_positions: tuple[int, ...] = ()  # every record of its table row, for a row-wide decision

    @property
    def key(self) -> str:
        """The item's address in the queue: document, record and field."""
        return f"{self.document_sha256}:{self.position}:{self.field}"
