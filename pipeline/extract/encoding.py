"""A text file's encoding, decided by reading it in pieces, and its lines, read the same way.

UTF-8 (with or without a BOM) is the rule; Windows-1258, the legacy Vietnamese code page, is
the fallback ("Ch\\xf5 s\\xf4\\xec" → "Chỉ số"). UTF-8 with a few stray bytes (a byte flipped, a
download cut in the middle of its last character) is UTF-8 with damage: read with each run of
stray bytes replaced by "\\ufffd", and named. Neither pass holds more than a piece of the file,
so a 200 MB export costs its lines and blocks, not three copies of itself.
"""

from __future__ import annotations

import codecs
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import InputFileError, display_path

PIECE = 1 << 20
# UTF-8 with at most this share of its bytes in stray runs, each outnumbered this many times by
# well-formed letters beyond ASCII, is UTF-8 with damage, not a Windows-1258 file.
STRAY_BYTE_SHARE = 0.001
STRAY_EVIDENCE = 20


@dataclass(frozen=True)
class TextEncoding:
    """How to decode a text file, what to warn about it, what was lost, and its sha256."""

    codec: str
    errors: str
    sha256: str
    warnings: tuple[str, ...] = ()
    lost: tuple[str, ...] = ()


def _pieces(path: Path) -> Iterator[bytes]:
    with path.open("rb") as handle:
        while piece := handle.read(PIECE):
            yield piece


def choose_encoding(path: Path) -> TextEncoding:
    """Read the file once, in pieces: its sha256, whether it is clean UTF-8, and if not, how
    many runs of stray bytes it has against how many well-formed accented letters."""
    digest = hashlib.sha256()
    strict = codecs.getincrementaldecoder("utf-8-sig")()
    lenient = codecs.getincrementaldecoder("utf-8-sig")(errors="replace")
    first_bad: int | None = None
    size = stray = accented = 0
    for piece in _pieces(path):
        digest.update(piece)
        if first_bad is None:
            try:
                strict.decode(piece)
            except UnicodeDecodeError as exc:
                first_bad = size + exc.start
        text = lenient.decode(piece)
        stray += text.count("\ufffd") - piece.count("\ufffd".encode())
        accented += sum(1 for ch in text if ord(ch) > 127)
        size += len(piece)
    if first_bad is None:
        try:
            strict.decode(b"", final=True)
        except UnicodeDecodeError:
            first_bad = size
    tail = lenient.decode(b"", final=True)
    stray += tail.count("\ufffd")
    sha = digest.hexdigest()
    if first_bad is None:
        return TextEncoding("utf-8-sig", "strict", sha)
    accented -= stray
    if stray <= STRAY_BYTE_SHARE * size + 4 and accented >= STRAY_EVIDENCE * stray:
        lost = (
            f"{stray} run(s) of bytes that are not UTF-8 (the first at byte {first_bad}) read as '\ufffd'",
        )
        return TextEncoding("utf-8-sig", "replace", sha, lost=lost)
    decoder = codecs.getincrementaldecoder("cp1258")()
    position = 0
    for piece in _pieces(path):
        try:
            decoder.decode(piece)
        except UnicodeDecodeError as exc:
            raise InputFileError(
                f"{display_path(path)}: text is neither UTF-8 nor Windows-1258 "
                f"(byte {position + exc.start}); re-save it as UTF-8"
            ) from exc
        position += len(piece)
    return TextEncoding(
        "cp1258", "strict", sha, warnings=(f"{path.name}: not UTF-8; decoded as Windows-1258",)
    )


def text_lines(path: Path, encoding: TextEncoding) -> Iterator[str]:
    """The file's lines, decoded as chosen, one at a time; "\\r\\n" and a lone "\\r" end a line
    as "\\n" does."""
    with path.open(encoding=encoding.codec, errors=encoding.errors, newline=None) as handle:
        for line in handle:
            yield line[:-1] if line.endswith("\n") else line


def sample(path: Path, encoding: TextEncoding, chars: int = 2_000_000) -> str:
    """The first `chars` characters, enough to tell a legacy font's text from Unicode."""
    with path.open(encoding=encoding.codec, errors=encoding.errors, newline=None) as handle:
        return handle.read(chars)
