"""Readers: one file in, one `Document` out, whatever the format.

`read_document` triages first (exists, not empty, format by extension and content),
so a bad file fails fast with an error that names it and says how to fix it.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from pipeline.errors import InputFileError, UnsupportedFormatError
from pipeline.extract.text import parse_text
from pipeline.models import Document

TEXT_SUFFIXES = {".txt", ".text", ".md"}
MAX_BYTES = 200 * 1024 * 1024


def read_document(path: str | Path) -> Document:
    """Given a path, return its `Document`; raise `InputFileError` naming the file if unreadable."""
    path = Path(path)
    data = _read_bytes(path)
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES or (not suffix and _looks_like_text(data)):
        text, warnings = decode_text(data, path)
        blocks, parse_warnings = parse_text(text)
        return Document(
            source_path=str(path),
            sha256=hashlib.sha256(data).hexdigest(),
            format="text",
            blocks=blocks,
            warnings=warnings + parse_warnings,
        )
    raise UnsupportedFormatError(
        f"{path}: format {suffix or '(no extension)'} is not read yet; "
        "dti reads plain-text exports (.txt) today — save the document as text and retry"
    )


def _read_bytes(path: Path) -> bytes:
    if not path.exists():
        raise InputFileError(f"{path}: no such file")
    if not path.is_file():
        raise InputFileError(f"{path}: not a regular file")
    size = path.stat().st_size
    if size == 0:
        raise InputFileError(f"{path}: the file is empty")
    if size > MAX_BYTES:
        raise InputFileError(f"{path}: {size} bytes is over the {MAX_BYTES} byte limit; split it")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputFileError(f"{path}: cannot be read ({exc.strerror})") from exc


def _looks_like_text(data: bytes) -> bool:
    return b"\x00" not in data[:4096]


def decode_text(data: bytes, path: Path) -> tuple[str, tuple[str, ...]]:
    """Decode UTF-8 (with or without BOM); fall back to Windows-1258, the legacy Vietnamese
    code page, and say so. "Ch\\xf5 s\\xf4\\xec" in cp1258 → "Chỉ số"."""
    try:
        return data.decode("utf-8-sig"), ()
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1258"), (f"{path.name}: not UTF-8; decoded as Windows-1258",)
    except UnicodeDecodeError as exc:
        raise InputFileError(
            f"{path}: text is neither UTF-8 nor Windows-1258 (byte {exc.start}); re-save it as UTF-8"
        ) from exc
