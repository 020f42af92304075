"""Every tunable threshold of the pipeline, as data: one frozen dataclass per stage.

`Settings()` holds the defaults; an entry point (the CLI, `pipeline.api`, a batch) builds
one `Settings` and hands it down, so a worker process reads exactly what its caller chose.
Each dataclass checks itself in `__post_init__` and names the bad setting when a value
cannot work, as pdfplumber's `TableSettings` does. The Vietnamese wordlists these steps
use live in `corpora/lexicon.yaml` (`pipeline.lexicon`), not here.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields


def _require(condition: bool, owner: object, message: str) -> None:
    if not condition:
        raise ValueError(f"{type(owner).__name__}: {message}")


def _require_positive(owner: object) -> None:
    """Every numeric setting of `owner` is positive (a zero or negative one is a typo)."""
    for item in fields(owner):  # type: ignore[arg-type]
        value = getattr(owner, item.name)
        if isinstance(value, int | float) and not isinstance(value, bool):
            _require(value > 0, owner, f"{item.name} must be positive, got {value}")


@dataclass(frozen=True)
class MatchSettings:
    """Scores are 0–100 (rapidfuzz); a row matches at `matched_at`, is kept for review at
    `review_at`. Penalties and bonuses are points added to or taken from a score."""

    matched_at: float = 80.0
    review_at: float = 60.0
    out_of_order_at: float = 90.0  # a match the order-preserving alignment could not place
    code_bonus: float = 6.0  # the printed code equals the canonical code
    item_penalty: float = 15.0  # a row numbered "a)", "b)": an item of a task, rarely an indicator
    pillar_bonus: float = 3.0  # a row under a heading that matched a pillar, for that pillar's indicators
    negation_penalty: float = 15.0  # "không", "chưa", "tối thiểu" on one side only
    subset_discount: float = 12.0  # one name holding all the other's words, short of equal
    subset_min_words: int = 4  # the subset score applies only to names this long
    folded_discount: float = 3.0  # names equal only once diacritics are dropped ("số"/"sổ")
    table_share: float = 0.2  # below this share of matched rows a table is not an indicator table
    min_dti_rows: int = 2  # fewer matched indicator rows (and no scores): not a DTI document

    def __post_init__(self) -> None:
        _require(
            0 <= self.review_at <= self.matched_at <= 100,
            self,
            f"need 0 <= review_at ({self.review_at}) <= matched_at ({self.matched_at}) <= 100",
        )
        _require(0 < self.table_share <= 1, self, f"table_share must be in (0, 1], got {self.table_share}")


@dataclass(frozen=True)
class StitchSettings:
    """When chunks of a table on consecutive pages are one table."""

    header_likeness: float = 90.0  # rapidfuzz ratio of two headers that are the same header
    furniture_chars: int = 30  # text this short between two chunks is a page number or a speck

    def __post_init__(self) -> None:
        _require_positive(self)
        _require(self.header_likeness <= 100, self, f"header_likeness is 0–100, got {self.header_likeness}")


@dataclass(frozen=True)
class PdfSettings:
    """Geometry of born-digital pages, in PDF points (1/72 inch)."""

    min_text_chars: int = 25  # fewer visible characters than this over an image: a scan
    max_garbage_share: float = 0.15  # more unreadable glyphs than this: a broken text layer
    min_judged_words: int = 40  # a layer is judged as Vietnamese only with this many words
    # A scanner's layer is Vietnamese as read when at least this share of its words carry tone
    # or vowel marks, and of its syllables are well formed. Every real Unicode layer in
    # corpora/realdocs reads 78% or more marked and 88% or more syllables (its first pages); a
    # commercial OCR that drops the marks of most words (30% marked) falls below.
    min_marked_share: float = 0.5
    min_syllable_share: float = 0.7
    image_share: float = 0.5  # an image covering this much of the page: a scan under its layer
    min_outline_curves: int = 100  # a textless page drawing this many curves: glyphs as outlines
    column_gap: float = 12.0  # space between two header phrases that start different columns
    line_tolerance: float = 3.0  # words this close vertically are on the header's line
    edge_margin: float = 2.0  # drawn edges sit this far before the text they bound
    right_margin: float = 20.0  # an unruled table ends this far from the page's right edge
    row_gap_lines: float = 2.5  # a gap of this many line heights ends an unruled table
    paragraph_gap: float = 0.6  # a vertical gap of this share of a line height starts a paragraph
    short_line: float = 40.0  # a line ending this far before the right edge ends its paragraph
    double_rule_chars: float = 1.5  # rules closer than this many characters' widths are one rule
    workers: int | None = None  # processes reading the pages of one PDF; None: one per core
    parallel_pages: int = 12  # a PDF with fewer pages is read in one process

    def __post_init__(self) -> None:
        _require_positive(self)
        for name in ("max_garbage_share", "min_marked_share", "min_syllable_share", "image_share"):
            _require(getattr(self, name) <= 1, self, f"{name} is a share, at most 1")


@dataclass(frozen=True)
class OcrSettings:
    """Rendering, grid finding and trust in Tesseract's readings, in pixels at `dpi`."""

    enabled: bool = True  # False: pages that need OCR are left out and named (quick triage)
    dpi: int = 300
    min_figure_confidence: float = 45.0  # a word with digits read with less becomes "[?]"
    min_code_confidence: float = 40.0  # a numbering cell read with less stays unknown
    min_paragraph_confidence: float = 60.0  # text outside the table read with less is noise
    review_confidence: float = 70.0  # a row read with less is listed in the report, to check by eye
    ink_share: float = 0.004  # a cell with less ink than this is empty
    rule_share: float = 0.3  # the longest horizontal rule covers this share of the width
    short_rule_share: float = 0.2  # rules under a merged header: this share of the longest
    vertical_rule_fill: float = 0.85  # a vertical rule fills this share of its band
    rule_tolerance: int = 10  # rule positions this close are one rule
    cell_inset: int = 5  # pixels inside a cell's rules where its text starts
    padding: int = 12  # white border added around a crop before Tesseract reads it
    code_height: int = 26  # a numbering cell's line is scaled to this height (Tesseract reads digits best)
    code_column_share: float = 0.12  # a first column narrower than this holds the numbering
    short_line_px: int = 160  # a line ending this far before the right edge ends its paragraph
    workers: int = 0  # processes for the pages of one document; 0: one per core
    upright: bool = True  # turn a page fed upside down or sideways, by Tesseract's OSD
    orientation_confidence: float = 5.0  # OSD's confidence needed to turn a page (ours: 12–19)
    speckles_per_cm2: float = 1.0  # lone specks that mark a page to despeckle (clean scans: 0.1–0.4)

    def __post_init__(self) -> None:
        for name in ("dpi", "rule_tolerance", "cell_inset", "padding"):
            _require(getattr(self, name) > 0, self, f"{name} must be positive")
        _require(self.workers >= 0, self, f"workers must be 0 (one per core) or more, got {self.workers}")
        for name in (
            "ink_share",
            "rule_share",
            "short_rule_share",
            "vertical_rule_fill",
            "code_column_share",
        ):
            _require(0 < getattr(self, name) < 1, self, f"{name} is a share between 0 and 1")


@dataclass(frozen=True)
class ScoreSettings:
    """When two point values are the same: stated against computed in the scores feed, pillars
    against the total a document states ("633,56" and "633,56" agree; "387,96" and "387,87" do
    not)."""

    points_tolerance: float = 0.01

    def __post_init__(self) -> None:
        _require(
            self.points_tolerance >= 0,
            self,
            f"points_tolerance must be 0 or more, got {self.points_tolerance}",
        )


@dataclass(frozen=True)
class Settings:
    """All stages' settings, resolved once at the entry point and passed down."""

    match: MatchSettings = field(default_factory=MatchSettings)
    score: ScoreSettings = field(default_factory=ScoreSettings)
    stitch: StitchSettings = field(default_factory=StitchSettings)
    pdf: PdfSettings = field(default_factory=PdfSettings)
    ocr: OcrSettings = field(default_factory=OcrSettings)

    def to_dict(self) -> dict[str, dict[str, object]]:
        """Every setting as plain data, stage by stage: what a Prefect flow takes as a parameter."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, dict[str, object]]) -> Settings:
        """Settings from `to_dict`'s form; a stage or setting left out keeps its default, an
        unknown one is an error naming it."""
        stages = [item.name for item in fields(cls)]
        unknown = sorted(set(data) - set(stages))
        if unknown:
            raise ValueError(f"Settings: unknown stage(s) {', '.join(unknown)}; known: {', '.join(stages)}")
        made = {}
        for name, values in data.items():
            stage = type(getattr(DEFAULT, name))
            known = {item.name for item in fields(stage)}
            extra = sorted(set(values) - known)
            if extra:
                raise ValueError(f"{stage.__name__}: unknown setting(s) {', '.join(extra)}")
            made[name] = stage(**values)
        return cls(**made)


DEFAULT = Settings()
