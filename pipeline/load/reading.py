"""A document as the readers saw it, for a person to check: Markdown, plain text or JSON.

What `dti read FILE` prints, in reading order: paragraphs, tables (Markdown pipe tables),
page markers with each page's decision (text layer, legacy font converted, OCR and why)
as comments, and what was left out. It is where to look when a figure seems wrong:
"<!-- page 2: OCR (0 characters of text over a page image) -->".
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, TextIO

from pipeline.models import Block, Document, Paragraph, Table


def _page_of(block: Block) -> int | None:
    if isinstance(block, Paragraph):
        return block.page
    return block.pages[0] if block.pages else None


def _decisions_by_page(document: Document) -> dict[int, str]:
    return {decision.page: decision.how for decision in document.decisions}


def _comment(text: str) -> str:
    return f"<!-- {text.replace('--', '‑‑')} -->"


def _markdown_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", "<br>")


def markdown_lines(document: Document) -> Iterator[str]:
    """The document as Markdown: comments for the file, its pages and their decisions."""
    count = document.page_count
    pages = f", {count} page{'s' if count != 1 else ''}" if count else ""
    yield _comment(f"{document.source_path} · {document.format}{pages} · sha256 {document.sha256[:12]}")
    for lost in document.lost:
        yield _comment(f"left out: {lost}")
    for warning in document.warnings:
        yield _comment(f"warning: {warning}")
    decisions, announced = _decisions_by_page(document), 0
    for block in document.blocks:
        page = _page_of(block)
        if page is not None and page > announced:
            yield from _page_markers(decisions, announced + 1, page)
            announced = page
        yield ""
        if isinstance(block, Paragraph):
            yield block.text
        else:
            yield from _markdown_table(block)
    if document.page_count and document.page_count > announced:
        yield from _page_markers(decisions, announced + 1, document.page_count)


def _page_markers(decisions: dict[int, str], first: int, last: int) -> Iterator[str]:
    """A marker for each page from `first` to `last`, with how it was read: a page whose
    text continues a table from the page before gets its marker too."""
    for page in range(first, last + 1):
        yield ""
        yield _comment(f"page {page}" + (f": {decisions[page]}" if page in decisions else ""))


def _markdown_table(table: Table) -> Iterator[str]:
    spread = f", pages {table.pages[0]}–{table.pages[-1]}" if len(table.pages) > 1 else ""
    yield _comment(f"table {table.index}{spread}" + (f": {table.caption}" if table.caption else ""))
    header = table.header[-1].texts if table.header else tuple(f"({i + 1})" for i in range(table.width))
    yield "| " + " | ".join(_markdown_cell(t) for t in header) + " |"
    yield "|" + "---|" * len(header)
    for row in table.body:
        cells = [*row.texts, *([""] * (len(header) - len(row.texts)))]
        yield "| " + " | ".join(_markdown_cell(t) for t in cells) + " |"


def text_lines(document: Document) -> Iterator[str]:
    """The document as plain text: page markers, paragraphs, table rows with tabs."""
    current = None
    for block in document.blocks:
        page = _page_of(block)
        if page is not None and page != current:
            current = page
            yield f"--- page {page} ---"
        if isinstance(block, Paragraph):
            yield block.text
        else:
            yield from ("\t".join(" ".join(t.split()) for t in row.texts) for row in block.rows)


def as_json(document: Document) -> dict[str, Any]:
    """The document as one JSON object: its origin, decisions, and every block."""
    blocks: list[dict[str, Any]] = []
    for block in document.blocks:
        if isinstance(block, Paragraph):
            blocks.append({"type": "paragraph", "index": block.index, "page": block.page, "text": block.text})
        else:
            rows = [{"page": r.page, "header": r.is_header, "cells": list(r.texts)} for r in block.rows]
            blocks.append({"type": "table", "index": block.index, "caption": block.caption,
                           "pages": list(block.pages), "rows": rows})  # fmt: skip
    return {
        "source_path": document.source_path, "sha256": document.sha256, "format": document.format,
        "page_count": document.page_count, "decisions": [str(d) for d in document.decisions],
        "lost": list(document.lost), "warnings": list(document.warnings), "blocks": blocks,
    }  # fmt: skip


def write_document(document: Document, out: TextIO, output_format: str = "markdown") -> None:
    """Write the document as read in `markdown`, `text` or `json`."""
    if output_format == "json":
        out.write(json.dumps(as_json(document), ensure_ascii=False, indent=1) + "\n")
        return
    lines = markdown_lines(document) if output_format == "markdown" else text_lines(document)
    for line in lines:
        out.write(line + "\n")
