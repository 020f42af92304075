"""One file in, one `DocumentResult` out: read → stitch → rows → framework → match → records.

Never raises for a bad document: a file that cannot be read comes back `failed` with the
reason, so a batch goes on. Tables none of whose rows match the framework (a list of
databases, a signature block) are left out, and the document says so in its warnings.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from pipeline.errors import DtiError
from pipeline.extract import read_document
from pipeline.frameworks import pick_framework
from pipeline.models import (
    Document,
    DocumentResult,
    ErrorItem,
    Framework,
    IndicatorRecord,
    IndicatorRow,
    Match,
    Paragraph,
)
from pipeline.normalize.detection import detect_framework
from pipeline.normalize.matching import match_rows
from pipeline.normalize.metadata import document_info
from pipeline.normalize.prose import prose_scores
from pipeline.normalize.rankings import is_ranking_table, ranking_rows
from pipeline.normalize.records import build_record, grouping_check, total_checks
from pipeline.normalize.rows import is_indicator_table, table_to_rows
from pipeline.normalize.stitch import stitch_tables

MIN_TABLE_MATCH_SHARE = 0.2


def extract_file(
    path: str | Path, frameworks: Mapping[str, Framework], framework_id: str | None = None
) -> DocumentResult:
    """Given a file and the frameworks, return its records and status; never raises `DtiError`."""
    try:
        document = stitch_tables(read_document(path))
        if framework_id is not None:
            pick_framework(frameworks, framework_id)
    except DtiError as error:
        return DocumentResult(
            source_path=str(path), status="failed", errors=(ErrorItem("extract", error.message),)
        )
    return extract_document(document, frameworks, framework_id)


def extract_document(
    document: Document, frameworks: Mapping[str, Framework], framework_id: str | None = None
) -> DocumentResult:
    """Given a read document, return its records under the chosen or detected framework."""
    rows = [row for t in document.tables if is_indicator_table(t) for row in table_to_rows(t)]
    if framework_id is not None:
        framework, reason = frameworks[framework_id], "chosen with --framework"
        matches = match_rows(rows, framework)
    else:
        # Detection already matched the rows against every framework: reuse the winner's.
        detection = detect_framework(document, rows, frameworks)
        framework, reason, matches = detection.framework, detection.reason, detection.matches

    warnings = list(document.warnings)
    kept = _rows_of_indicator_tables(rows, matches, warnings)
    positioned: list[tuple[tuple[int, int, int], IndicatorRecord]] = []
    position = _block_positions(document)

    headings: dict[tuple[int | None, str | None], tuple[Match, str]] = {}
    for row, match in kept:
        parent = headings.get((row.table_index, row.parent_code))
        label = f"{row.parent_code} {parent[1]}" if parent else ""
        checks = grouping_check(framework, match, parent[0] if parent else None, label)
        record = build_record(document, framework, row, match, checks)
        positioned.append(((position[("t", row.table_index)], row.row_index, 0), record))
        if row.printed_code:
            headings[(row.table_index, row.printed_code)] = (match, row.printed_name)

    for table in document.tables:
        if is_ranking_table(table):
            for column, (row, match, checks) in enumerate(ranking_rows(table, framework)):
                record = build_record(document, framework, row, match, checks)
                positioned.append(((position[("t", table.index)], row.row_index, column), record))

    for row, match in prose_scores(document.paragraphs, framework):
        record = build_record(document, framework, row, match)
        positioned.append(((position[("p", row.row_index)], 0, 0), record))

    records = tuple(
        total_checks([record for _, record in sorted(positioned, key=lambda item: item[0])], framework)
    )
    if not records:
        warnings.append(f"no indicator found for framework {framework.id}")
    return DocumentResult(
        source_path=document.source_path,
        status="ok",
        records=records,
        framework=framework.id,
        framework_reason=reason,
        document_sha256=document.sha256,
        warnings=tuple(warnings),
        info=document_info(document.paragraphs),
        format=document.format,
        page_count=document.page_count,
        ocr=document.ocr,
    )


def _rows_of_indicator_tables(
    rows: list[IndicatorRow], matches: list[Match], warnings: list[str]
) -> list[tuple[IndicatorRow, Match]]:
    by_table: dict[int | None, list[tuple[IndicatorRow, Match]]] = {}
    for row, match in zip(rows, matches, strict=True):
        by_table.setdefault(row.table_index, []).append((row, match))
    kept = []
    for table_index, pairs in by_table.items():
        matched = sum(1 for _, m in pairs if m.status == "matched")
        if matched / len(pairs) < MIN_TABLE_MATCH_SHARE:
            warnings.append(
                f"table {table_index}: {matched} of {len(pairs)} rows match the framework; "
                "read as not an indicator table"
            )
            continue
        kept.extend(pairs)
    return kept


def _block_positions(document: Document) -> dict[tuple[str, int], int]:
    positions = {}
    for position, block in enumerate(document.blocks):
        kind = "p" if isinstance(block, Paragraph) else "t"
        positions[(kind, block.index)] = position
    return positions
