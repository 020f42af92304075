"""Read plain-text exports of plans and reports into a `Document`.

Two table shapes occur in the exports we receive:
- tab-separated rows, one row a line ("5.4\\tSố lượng máy tính ...\\t52/57 máy tính ...");
- one cell a line, each cell closed by `|`, rows of a fixed width that starts at a
  header row beginning with "STT |" (a copy-paste of a web page's table).
Everything else is running text. Tables are returned as printed, chunk by chunk
(a page's repeated header starts a new chunk); `normalize.stitch` joins them.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable, Iterator, Sequence

from pipeline.blocks import number_blocks
from pipeline.extract.markup import clean_text
from pipeline.lexicon import lexicon, role_by_likeness
from pipeline.models import Block, Cell, Paragraph, Table, TableRow
from pipeline.numbering import looks_like_code

_SENTENCE_END = (".", ":", ";", "!", "?", "./.", ")")


def is_header_starter(text: str) -> bool:
    """True for the first cell of a numbered table's header ("STT", "TT", "Số TT")."""
    return " ".join(text.lower().split()) in lexicon().header_starters


def starts_results_header(text: str) -> bool:
    """True for the first cell of a results table's header only ("Tên đơn vị", "Xếp hạng"),
    not a numbering column's ("STT")."""
    return " ".join(text.lower().split()) in lexicon().results_header_starters


def reads_as_ruled_header(texts: Sequence[str]) -> bool:
    """True for a ruled table's first row when it is a header: its first cell starts one
    ("STT", "Tên đơn vị"), or it names a unit column and a rank or total column ("Cơ quan chủ
    quản | … | Tổng điểm (tối đa 1000) | Xếp hạng") and holds no bare number."""
    cells = [" ".join(t.lower().split()) for t in texts if t and t.strip()]
    if not cells:
        return False
    if starts_ruled_header(cells[0]):
        return True
    if any(re.fullmatch(r"[\d.,%/ ]+", cell) for cell in cells):
        return False
    cores = [re.split(r"\s*(?:\(|tối đa|- \d)", cell)[0].strip() for cell in cells]
    roles = {role for core in cores for role, pattern in lexicon().column_roles
             if role in ("subject", "rank", "total") and re.search(pattern, core)}  # fmt: skip
    return "subject" in roles and bool(roles & {"rank", "total"})


def starts_ruled_header(text: str) -> bool:
    """True for the first cell of a ruled table's header: a numbered table's ("STT") or a
    results table's ("Xếp hạng", "Tên đơn vị", "Địa phương")."""
    folded = " ".join(text.lower().split())
    return folded in lexicon().header_starters or folded in lexicon().results_header_starters


def is_rank_header(text: str) -> bool:
    """True for a results table's rank header ("Xếp hạng", "Thứ hạng"): its column holds whole
    numbers, which a scan reads best as digits only."""
    folded = " ".join(text.lower().split())
    if any(role == "rank" and re.search(pattern, folded) for role, pattern in lexicon().column_roles):
        return True
    return role_by_likeness(folded, ("rank",)) == "rank"  # a scan's "Xếp hang"


class _Lines:
    """The text's lines, taken one at a time with a few looked at ahead and the last one taken
    remembered: a tiny helper so each block reader stays short, and the whole text is never
    held (a 200 MB export streams through)."""

    def __init__(self, lines: Iterable[str]) -> None:
        self._lines = iter(lines)
        self._ahead: deque[str] = deque()
        self.previous: str | None = None

    def peek(self, offset: int = 0) -> str | None:
        while len(self._ahead) <= offset:
            line = next(self._lines, None)
            if line is None:
                return None
            self._ahead.append(line)
        return self._ahead[offset]

    def take(self) -> str:
        line = self.peek()
        assert line is not None, "take() after the last line"
        self._ahead.popleft()
        self.previous = line
        return line


def parse_text(text: str) -> tuple[tuple[Block, ...], tuple[str, ...]]:
    """Given a whole text export, return its blocks in reading order and any warnings."""
    return parse_lines(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))


def parse_lines(lines: Iterable[str]) -> tuple[tuple[Block, ...], tuple[str, ...]]:
    """Given a text export's lines, one at a time, return its blocks and any warnings."""
    raw_blocks = list(_read_blocks(_Lines(lines)))
    paragraphs_joined = _join_broken_paragraphs(raw_blocks)
    blocks, dropped = _drop_repeated_paragraphs(paragraphs_joined)
    warnings: list[str] = []
    if dropped:
        warnings.append(
            f"{dropped} paragraph(s) repeat earlier text word for word and were dropped "
            "(the export printed part of the body twice)"
        )
    return number_blocks(blocks), tuple(warnings)


# ----------------------------------------------------------------------------- blocks


def _read_blocks(lines: _Lines) -> Iterator[Paragraph | Table]:
    """Given the text's lines, yield raw paragraphs and table chunks (indexes set later)."""
    while (line := lines.peek()) is not None:
        if not line.strip():
            lines.take()
        elif "\t" in line:
            yield _read_tab_table(lines)
        elif "|" in line or _starts_pipe_cell(lines):
            yield from _read_pipe_region(lines)
        else:
            yield Paragraph(index=-1, text=clean_text(lines.take()))


def _starts_pipe_cell(lines: _Lines) -> bool:
    """A lone line continued by a `|`-closed line is the first line of a two-line cell."""
    following = lines.peek(1)
    return (
        following is not None
        and following.rstrip().endswith("|")
        and not is_header_starter(following.rstrip().rstrip("|"))
        and lines.previous is not None
        and lines.previous.rstrip().endswith("|")
    )


def _read_tab_table(lines: _Lines) -> Table:
    """Read consecutive tab-separated lines as one table chunk; its first row is the header
    when it reads as column titles ("STT\\tChỉ số/Chỉ số thành phần\\t...")."""
    grid: list[list[str]] = []
    while (line := lines.peek()) is not None and "\t" in line:
        grid.append([clean_text(cell) for cell in lines.take().split("\t")])
    width = max(len(row) for row in grid)
    rows = []
    for i, cells in enumerate(grid):
        cells += [""] * (width - len(cells))
        is_header = i == 0 and _reads_as_header(cells)
        rows.append(TableRow(cells=tuple(Cell(c) for c in cells), is_header=is_header))
    return Table(index=-1, rows=tuple(rows))


def _reads_as_header(cells: list[str]) -> bool:
    first = cells[0]
    if is_header_starter(first):
        return True
    filled = [c for c in cells if c]
    return len(filled) >= 2 and not looks_like_code(first) and not any(re.search(r"\d", c) for c in filled)


def _read_pipe_region(lines: _Lines) -> Iterator[Paragraph | Table]:
    """Read a run of `|`-closed cells; cut it into numbered tables at each "STT |" header,
    and return the cells of anything else (letterheads, key | value lines) as paragraphs."""
    cells: list[str] = []
    pending: list[str] = []
    while (line := lines.peek()) is not None:
        stripped = line.strip()
        if "|" in stripped:
            lines.take()
            pieces = stripped.split("|")
            pending.append(pieces[0])
            cells.append("\n".join(pending))
            cells.extend(pieces[1:-1])
            pending = [pieces[-1]] if pieces[-1].strip() else []
        elif stripped and _pipe_follows(lines):
            if _header_follows(lines):
                break
            pending.append(lines.take())
        else:
            break
    if pending:
        cells.append("\n".join(pending))
    yield from _cells_to_blocks([clean_text(c) for c in cells])
    # Title lines right before a new "STT |" header are paragraphs, then the table follows.
    if _header_follows(lines):
        title = []
        while (line := lines.peek()) is not None and "|" not in line:
            title.append(lines.take())
        if title:
            yield Paragraph(index=-1, text=clean_text(" ".join(title)))


def _pipe_follows(lines: _Lines) -> bool:
    for offset in range(1, 8):
        following = lines.peek(offset)
        if following is None or not following.strip():
            return False
        if "|" in following:
            return True
    return False


def _header_follows(lines: _Lines) -> bool:
    """True when the next `|`-closed line, after title lines, opens a numbered table."""
    for offset in range(0, 8):
        following = lines.peek(offset)
        if following is None or not following.strip():
            return False
        if "|" in following:
            return offset > 0 and is_header_starter(following.split("|")[0])
    return False


def _cells_to_blocks(cells: list[str]) -> Iterator[Paragraph | Table]:
    """Given a region's cells, yield leading layout cells as paragraphs and each numbered
    table (header from "STT" up to the first row code, then rows of that width)."""
    starts = [i for i, c in enumerate(cells) if is_header_starter(c)]
    lead_end = starts[0] if starts else len(cells)
    for text in cells[:lead_end]:
        if text:
            yield Paragraph(index=-1, text=text)
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(cells)
        yield _pipe_table(cells[start:end])


def _pipe_table(cells: list[str]) -> Table:
    width = 1
    while width < len(cells) and cells[width] and not looks_like_code(cells[width]):
        width += 1
    header = TableRow(cells=tuple(Cell(c) for c in cells[:width]), is_header=True)
    body = cells[width:]
    rows = [header]
    for start in range(0, len(body), width):
        chunk = body[start : start + width]
        chunk += [""] * (width - len(chunk))
        rows.append(TableRow(cells=tuple(Cell(c) for c in chunk)))
    return Table(index=-1, rows=tuple(rows))


# ----------------------------------------------------------------------------- tidy-up


def _join_broken_paragraphs(blocks: list[Paragraph | Table]) -> list[Paragraph | Table]:
    """Join a paragraph cut by a page break: it ends mid-sentence and the next begins in
    lower case ("... đã kiện toàn" + "về bảo đảm an toàn thông tin; ...")."""
    out: list[Paragraph | Table] = []
    for block in blocks:
        previous = out[-1] if out else None
        if (
            isinstance(block, Paragraph)
            and isinstance(previous, Paragraph)
            and block.text[:1].islower()
            and not previous.text.rstrip().endswith(_SENTENCE_END)
        ):
            out[-1] = Paragraph(index=-1, text=f"{previous.text.rstrip()} {block.text.lstrip()}")
        else:
            out.append(block)
    return out


def _drop_repeated_paragraphs(blocks: list[Paragraph | Table]) -> tuple[list[Paragraph | Table], int]:
    """Drop long paragraphs that repeat an earlier one exactly (a body printed twice)."""
    seen: set[str] = set()
    out: list[Paragraph | Table] = []
    dropped = 0
    for block in blocks:
        if isinstance(block, Paragraph) and len(block.text) >= 40:
            key = " ".join(block.text.lower().split())
            if key in seen:
                dropped += 1
                continue
            seen.add(key)
        out.append(block)
    return out, dropped
