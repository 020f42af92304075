"""One file in, one `DocumentResult` out: read → stitch → rows → framework → match → records.

Never raises for a bad document: a file that cannot be read comes back `failed` with the
reason, so a batch goes on. Tables none of whose rows match the framework (a list of
databases, a signature block) are left out, and the document says so in its warnings.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path

from pipeline.errors import DtiError, display_path, error_detail
from pipeline.extract import read_document
from pipeline.frameworks import pick_framework
from pipeline.models import (
    BatchContext,
    Document,
    DocumentInfo,
    DocumentResult,
    ErrorItem,
    Framework,
    IndicatorRecord,
    IndicatorRow,
    Match,
    Paragraph,
    Table,
)
from pipeline.normalize.code_doubts import mark_doubtful_codes
from pipeline.normalize.code_sequence import repair_code_sequences
from pipeline.normalize.context import at_subject_and_period, with_context
from pipeline.normalize.detection import detect_framework
from pipeline.normalize.framework_tables import defines_framework
from pipeline.normalize.matching import match_rows
from pipeline.normalize.metadata import document_info
from pipeline.normalize.periods import table_period
from pipeline.normalize.prose import prose_scores
from pipeline.normalize.rankings import is_ranking_table, ranking_rows, unit_column
from pipeline.normalize.records import build_record, grouping_check, total_checks
from pipeline.normalize.rows import is_indicator_table, table_to_rows
from pipeline.normalize.stitch import stitch_tables
from pipeline.normalize.subjects import canonical_subject
from pipeline.settings import DEFAULT, MatchSettings, Settings

NO_CONTEXT = BatchContext()


def read(path: str | Path, settings: Settings = DEFAULT) -> Document:
    """Given a file, return the document as read, tables stitched across page breaks and a
    scanned numbering column put in order; raises a typed `DtiError` naming the file when
    it cannot be read."""
    return repair_code_sequences(stitch_tables(read_document(path, settings), settings.stitch))


def extract_file(
    path: str | Path,
    frameworks: Mapping[str, Framework],
    framework_id: str | None = None,
    settings: Settings = DEFAULT,
    context: BatchContext = NO_CONTEXT,
) -> DocumentResult:
    """Given a file and the frameworks, return its records and status; never raises `DtiError`."""
    try:
        if framework_id is not None:
            pick_framework(frameworks, framework_id)
        document = read(path, settings)
    except DtiError as error:
        if error.retryable:  # worth another try: the batch retries it
            raise
        item = ErrorItem("extract", error.message, type(error).__name__, error_detail(error))
        return DocumentResult(source_path=display_path(path), status="failed", errors=(item,))
    return extract_document(document, frameworks, framework_id, settings.match, context)


def extract_document(
    document: Document,
    frameworks: Mapping[str, Framework],
    framework_id: str | None = None,
    settings: MatchSettings = DEFAULT.match,
    context: BatchContext = NO_CONTEXT,
) -> DocumentResult:
    """Given a read document, return its records under the chosen or detected framework, each
    at its subject and period (the batch's `context` filling what the document leaves unsaid)."""
    if framework_id is None and defines_framework(document.blocks):
        return _framework_decision(document, with_context(document_info(document.blocks, document.letterhead),
                                                          context))  # fmt: skip
    results = [t for t in document.tables if is_ranking_table(t)]
    rows = [
        row
        for t in document.tables
        if is_indicator_table(t) and all(t is not r for r in results)
        for row in table_to_rows(t, *table_period(t, document.blocks))
    ]
    info = with_context(document_info(document.blocks, document.letterhead), context)
    if framework_id is not None:
        framework, reason = frameworks[framework_id], "chosen with --framework"
    else:
        # Detection weighs the whole document; matching then runs table by table.
        detection = detect_framework(document, rows, frameworks, settings, info.province, info.year)
        framework, reason = detection.framework, detection.reason
        if (
            not rows
            and results
            and (ranked := framework_for_units(results[0], framework, frameworks)) is not framework
        ):
            framework, reason = ranked, f"detected: its results table ranks units of level {ranked.level}"
    matches = match_by_section(rows, framework, settings)

    warnings = list(document.warnings)
    kept = _rows_of_indicator_tables(rows, matches, warnings, settings.table_share)
    position = _block_positions(document)
    positioned = [
        *table_records(document, framework, kept, position),
        *ranking_records(document, framework, position, frameworks, info.province, results),
        *prose_records(document, framework, position),
    ]
    ordered = [record for _, record in sorted(positioned, key=lambda item: item[0])]
    records = tuple(
        mark_doubtful_codes(total_checks(at_subject_and_period(ordered, document, info, context), framework))
    )
    if framework_id is None and not is_dti_document(records, settings):
        closest = f"closest: {framework.id}, {reason.removeprefix('detected: ')}"
        if results:  # "Điểm đạt được | Chỉ số chung": the results of another index (PAR Index, PCI)
            closest = f"{len(results)} results table(s) whose columns name no DTI pillar or total; {closest}"
        return _not_dti(document, info, closest, warnings)
    if not records:
        warnings.append(f"no indicator found for framework {framework.id}")
    return DocumentResult(
        source_path=document.source_path,
        status="partial" if document.lost else "ok",
        records=records,
        framework=framework.id,
        framework_reason=reason,
        document_sha256=document.sha256,
        warnings=tuple(warnings),
        info=info,
        format=document.format,
        page_count=document.page_count,
        decisions=document.decisions,
        lost=document.lost,
    )


def match_by_section(rows: list[IndicatorRow], framework: Framework, settings: MatchSettings) -> list[Match]:
    """Match each table, and each subject section inside a table, on its own: a canonical
    indicator may appear once per table or subject, so a PDF compiling twelve plans keeps
    twelve complete sets of records."""
    groups: dict[tuple[int | None, int], list[int]] = {}
    for position, row in enumerate(rows):
        groups.setdefault((row.table_index, row.section), []).append(position)
    matches: list[Match | None] = [None] * len(rows)
    for positions in groups.values():
        for position, match in zip(positions, match_rows([rows[p] for p in positions], framework, settings),
                                   strict=True):  # fmt: skip
            matches[position] = match
    return [m for m in matches if m is not None]


def is_dti_document(records: tuple[IndicatorRecord, ...], settings: MatchSettings) -> bool:
    """A DTI document has indicator rows that match its framework, or a score written in
    prose or a ranking: a decree on personal data or a list of legal documents has none."""
    matched = sum(1 for r in records if r.match_status == "matched")
    scored = any(r.origin == "text" or "subject" in r.fields for r in records if r.match_status == "matched")
    return scored or matched >= settings.min_dti_rows


def _not_dti(document: Document, info: DocumentInfo, closest: str, warnings: list[str]) -> DocumentResult:
    """The result for a document that is not about DTI: no framework, no records, and why."""
    reason = f"not a DTI document: no indicator table and no scored prose ({closest})"
    return _without_records(document, info, reason, tuple(warnings))


def _framework_decision(document: Document, info: DocumentInfo) -> DocumentResult:
    """The result for a decision that issues frameworks: no records, and how to import them."""
    reason = (f"a framework decision: import its frameworks with `dti frameworks import "
              f"{document.source_path}`, or load the batch with --learn-frameworks")  # fmt: skip
    return _without_records(document, info, reason, document.warnings, defines_framework=True)


def _without_records(
    document: Document,
    info: DocumentInfo,
    reason: str,
    warnings: tuple[str, ...],
    defines_framework: bool = False,
) -> DocumentResult:
    """A result with no records: the document as read, and why it has none."""
    return DocumentResult(
        source_path=document.source_path,
        status="partial" if document.lost else "ok",
        framework=None,
        framework_reason=reason,
        document_sha256=document.sha256,
        warnings=warnings,
        info=info,
        format=document.format,
        page_count=document.page_count,
        decisions=document.decisions,
        lost=document.lost,
        defines_framework=defines_framework,
    )


Positioned = tuple[tuple[int, int, int], IndicatorRecord]


def table_records(
    document: Document,
    framework: Framework,
    kept: list[tuple[IndicatorRow, Match]],
    position: dict[tuple[str, int | None], int],
) -> list[Positioned]:
    """Records of indicator-table rows, each checked against the pillar of its heading row."""
    headings: dict[tuple[int | None, int], tuple[IndicatorRow, Match]] = {}
    out: list[Positioned] = []
    for row, match in kept:
        parent = headings.get((row.table_index, row.parent_row)) if row.parent_row is not None else None
        label = f"{parent[0].printed_code} {parent[0].printed_name}" if parent else ""
        checks = grouping_check(framework, match, parent[1] if parent else None, label)
        record = build_record(document, framework, row, match, checks)
        out.append(((position[("t", row.table_index)], row.row_index, 0), record))
        headings[(row.table_index, row.row_index)] = (row, match)
    return out


def ranking_records(
    document: Document,
    framework: Framework,
    position: dict[tuple[str, int | None], int],
    frameworks: Mapping[str, Framework] | None = None,
    province: str | None = None,
    results: Sequence[Table] | None = None,
) -> list[Positioned]:
    """Records of results tables: one per unit × value column, each table scored on the
    framework of the units it ranks (a decision's annex of districts on the district
    framework of the same decision, its annex of agencies on the agency one), a unit name
    shared by several provinces read in the document's `province` (`results`: the results
    tables, when the caller has found them already)."""
    out: list[Positioned] = []
    tables = results if results is not None else [t for t in document.tables if is_ranking_table(t)]
    for table in tables:
        scored_on = framework_for_units(table, framework, frameworks or {})
        by_kind = _frameworks_by_level(scored_on, frameworks or {})
        rows = ranking_rows(table, scored_on, document.blocks, province, by_kind)
        for column, (row, match, checks, row_framework) in enumerate(rows):
            record = build_record(document, row_framework, row, match, checks)
            out.append(((position[("t", table.index)], row.row_index, column), record))
    return out


def _frameworks_by_level(framework: Framework, frameworks: Mapping[str, Framework]) -> dict[str, Framework]:
    """The frameworks issued by the same decision as `framework`, by level: a results table
    that lists agencies and districts together reads each row on its own level's."""
    number = framework.legal_basis.get("number")
    return {f.level: f for f in frameworks.values() if number and f.legal_basis.get("number") == number}


def framework_for_units(table: Table, framework: Framework, frameworks: Mapping[str, Framework]) -> Framework:
    """The framework a results table's units are scored on: the document's, unless most of
    its units are of another level; then the framework of that level that shares the
    document's decision, else the only one of that level (a national ranking of provinces
    is scored on the provincial framework)."""
    at = unit_column(table)
    kinds = Counter(s.kind for row in table.body if (s := canonical_subject(row.texts[at])) and s.kind)
    if not kinds:
        return framework
    kind = kinds.most_common(1)[0][0]
    if kind == framework.level:
        return framework
    of_level = [f for f in frameworks.values() if f.level == kind]
    siblings = [f for f in of_level if f.legal_basis.get("number") == framework.legal_basis.get("number")]
    if siblings:
        return siblings[0]
    return of_level[0] if len(of_level) == 1 else framework


def prose_records(
    document: Document, framework: Framework, position: dict[tuple[str, int | None], int]
) -> list[Positioned]:
    """Records of scores written in paragraphs ("2.4. Nhân lực số 89,73/100 điểm")."""
    return [
        ((position[("p", row.row_index)], 0, 0), build_record(document, framework, row, match))
        for row, match in prose_scores(document.blocks, framework)
    ]


def _rows_of_indicator_tables(
    rows: list[IndicatorRow], matches: list[Match], warnings: list[str], share: float
) -> list[tuple[IndicatorRow, Match]]:
    by_table: dict[int | None, list[tuple[IndicatorRow, Match]]] = {}
    for row, match in zip(rows, matches, strict=True):
        by_table.setdefault(row.table_index, []).append((row, match))
    kept = []
    for table_index, pairs in by_table.items():
        matched = sum(1 for _, m in pairs if m.status == "matched")
        if matched / len(pairs) < share:
            warnings.append(
                f"table {table_index}: {matched} of {len(pairs)} rows match the framework; "
                "read as not an indicator table"
            )
            continue
        kept.extend(pairs)
    return kept


def _block_positions(document: Document) -> dict[tuple[str, int | None], int]:
    positions = {}
    for position, block in enumerate(document.blocks):
        kind = "p" if isinstance(block, Paragraph) else "t"
        positions[(kind, block.index)] = position
    return positions
