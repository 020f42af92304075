"""Who and when, decided once: every record at its subject and period, the batch's word included.

The most specific source wins: a row's own unit (a unit column, a section heading, the
sentence "của UBND huyện Krông Nô đạt ...") and year (its column, the caption, the sentence);
then the letterhead line above its table; then what the batch says (`--agency`, `--year`, a
manifest row); then the document's issuer and date. `dti extract` and the warehouse both read
the result of this one step, so a file gets the same subjects and years in JSONL and in SQL.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from pipeline.models import BatchContext, Document, DocumentInfo, IndicatorRecord, Subject
from pipeline.normalize.subjects import canonical_subject, find_subject, table_subjects


def with_context(info: DocumentInfo, context: BatchContext) -> DocumentInfo:
    """The letterhead's reading with the batch's context: "--province 'Đắk Nông'" names the
    province, "--agency 'Sở Y tế'" whose document it is, "--year 2024" the year it is about."""
    return replace(
        info,
        province=context.province or info.province,
        agency=context.agency or info.issuer,
        batch_year=context.year,
    )


def document_subject(document: Document, info: DocumentInfo, context: BatchContext) -> Subject | None:
    """The unit a document speaks for when its rows name none: `--agency`, else the issuer of
    its letterhead, else the unit its title names ("... của Sở Giao thông vận tải")."""
    if context.agency:
        named = canonical_subject(context.agency, info.province)
        if named is not None:
            return named
    if info.issuer:
        issuer = canonical_subject(info.issuer, info.province)
        if issuer is not None:
            return issuer
    return next(filter(None, (find_subject(p.text, info.province) for p in document.paragraphs[:4])), None)


def at_subject_and_period(
    records: Sequence[IndicatorRecord], document: Document, info: DocumentInfo, context: BatchContext
) -> list[IndicatorRecord]:
    """Every record at its subject and period. A ranking row names its unit or nobody (a row of
    averages); a figure without a year of its own takes its record's."""
    fallback = document_subject(document, info, context)
    above = table_subjects(document.blocks, info.province)
    out = []
    for record in records:
        subject = record.subject
        if subject is None and "subject" not in record.fields:
            subject = above.get(record.table_index, fallback) if record.origin == "table" else fallback
        if subject is not None and subject.province is None and info.province:
            subject = replace(subject, province=info.province)
        period, source = record.period, record.period_source
        if period is None and context.year is not None:
            period, source = context.year, "batch"
        elif period is None and info.own_year is not None:
            period, source = info.own_year, "document"
        figures = tuple(f if f.period is not None else replace(f, period=period) for f in record.figures)
        out.append(replace(record, subject=subject, period=period, period_source=source, figures=figures))
    return out
