"""Blocks in reading order, numbered: the last step of every reader, and of stitching.

Paragraphs and tables are counted separately (`Paragraph.index`, `Table.index`); empty
paragraphs are dropped; a table takes the short paragraph just before it as its caption
("Phụ lục I. KẾT QUẢ ĐÁNH GIÁ CHỈ SỐ DTI NĂM 2022").
"""

from __future__ import annotations

from collections.abc import Iterable

from pipeline.models import Block, Paragraph, Table

MAX_CAPTION_CHARS = 200


def number_blocks(blocks: Iterable[Block]) -> tuple[Block, ...]:
    """Given blocks in reading order, return them numbered, with captions on tables."""
    numbered: list[Block] = []
    paragraph_index = table_index = 0
    for block in blocks:
        if isinstance(block, Paragraph):
            if block.text:
                numbered.append(Paragraph(index=paragraph_index, text=block.text, page=block.page))
                paragraph_index += 1
        else:
            previous = numbered[-1] if numbered else None
            caption = block.caption
            if (
                caption is None
                and isinstance(previous, Paragraph)
                and len(previous.text) <= MAX_CAPTION_CHARS
            ):
                caption = previous.text
            numbered.append(Table(index=table_index, rows=block.rows, caption=caption))
            table_index += 1
    return tuple(numbered)
