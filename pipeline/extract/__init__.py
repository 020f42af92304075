"""Readers: one file in, one `Document` out, whatever the format.

`read_document` triages first (exists, not empty, format by extension and content),
so a bad file fails fast with an error that names it and says how to fix it.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import tempfile
from dataclasses import replace
from pathlib import Path

from pipeline.errors import DtiError, InputFileError, UnsupportedFormatError
from pipeline.extract.docx import read_docx
from pipeline.extract.html import read_html
from pipeline.extract.legacy import detect_by_content, to_unicode
from pipeline.extract.pdf import OcrPages, read_pdf
from pipeline.extract.text import parse_text
from pipeline.models import Document
from pipeline.settings import DEFAULT, Settings

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm"}
CONVERTED_SUFFIXES = {".doc", ".odt", ".rtf"}  # through LibreOffice to .docx
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | CONVERTED_SUFFIXES | {".docx", ".pdf"}
SUPPORTED = ".txt, .md, .html, .docx, .pdf, and .doc/.odt/.rtf through LibreOffice"
MAX_BYTES = 200 * 1024 * 1024


def read_document(
    path: str | Path, settings: Settings = DEFAULT, ocr_pages: OcrPages | None = None
) -> Document:
    """Given a path, return its `Document`; raise `InputFileError` naming the file if unreadable.

    The format comes from the file's first bytes where they are decisive (a PDF, a ZIP
    archive, an OLE2 .doc), else from its extension. Whatever a parser raises on a damaged
    file becomes one `InputFileError` sentence naming the file, never a traceback.
    """
    path = Path(path)
    try:
        return _read(path, settings, ocr_pages)
    except DtiError:
        raise
    except RecursionError as exc:
        raise InputFileError(f"{path}: the file nests too deeply to read (damaged or hostile)") from exc
    except Exception as exc:  # a parser's own error on a damaged file
        detail = str(exc).strip().splitlines()[0][:160] if str(exc).strip() else ""
        raise InputFileError(
            f"{path}: the file is damaged and could not be read ({type(exc).__name__}"
            f"{': ' + detail if detail else ''}); open it in its program and save it again"
        ) from exc


def _read(path: Path, settings: Settings, ocr_pages: OcrPages | None) -> Document:
    data = _read_bytes(path)
    suffix = path.suffix.lower()
    kind = _sniff(data)
    if kind == "pdf" or (suffix == ".pdf" and kind is None):
        return _read_pdf_bytes(path, data, settings, ocr_pages)
    if kind == "zip" and suffix in (".pdf", ".doc", ".txt", ""):
        document = read_docx(path, data)  # a Word file under another name: read what it is
        note = f"{path.name}: named {suffix or 'without an extension'} but is a Word document; read as DOCX"
        return replace(document, warnings=(note, *document.warnings))
    if suffix == ".docx":
        if kind != "zip":
            raise InputFileError(f"{path}: named .docx but is not a Word document (not a ZIP archive)")
        return read_docx(path, data)
    if suffix in HTML_SUFFIXES or kind == "html":  # a portal page, even one saved as .doc
        return read_html(path, data)
    if suffix in CONVERTED_SUFFIXES or kind == "ole2":
        return _read_converted(path, data)
    if suffix in TEXT_SUFFIXES or (not suffix and _looks_like_text(data)):
        return read_text(path, data)
    raise UnsupportedFormatError(
        f"{path}: format {suffix or '(no extension)'} is not supported; dti reads {SUPPORTED}"
    )


def _read_pdf_bytes(path: Path, data: bytes, settings: Settings, ocr_pages: OcrPages | None) -> Document:
    """A PDF, also when bytes stand before "%PDF-" (a mail gateway's banner, a BOM): readers
    accept those within the first 1024 bytes, and so do we, saying so."""
    start = data.find(b"%PDF-", 0, 1024)
    if start < 0:
        raise InputFileError(
            f"{path}: named .pdf but is not a PDF (no %PDF- header in its first 1024 bytes); "
            "check that the download finished, or open it and save it again as PDF"
        )
    if ocr_pages is None and settings.ocr.enabled:
        from pipeline.extract.ocr import ocr_pages as tesseract_pages

        ocr_pages = tesseract_pages
    document = read_pdf(path, data[start:], ocr_pages, settings)
    if start == 0:
        return document
    note = f"{path.name}: {start} bytes before the %PDF- header were skipped"
    return replace(document, sha256=hashlib.sha256(data).hexdigest(), warnings=(note, *document.warnings))


def read_text(path: Path, data: bytes) -> Document:
    """A plain-text export: UTF-8 or Windows-1258, legacy-font text converted."""
    text, warnings = decode_text(data, path)
    encoding = detect_by_content(text)
    if encoding:
        text = to_unicode(text, encoding)
        warnings += (f"{path.name}: text typed in a {encoding.upper()} font; converted to Unicode",)
    blocks, parse_warnings = parse_text(text)
    return Document(
        source_path=str(path),
        sha256=hashlib.sha256(data).hexdigest(),
        format="text",
        blocks=blocks,
        warnings=warnings + parse_warnings,
    )


def _sniff(data: bytes) -> str | None:
    if data.startswith(b"%PDF") or b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "zip"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole2"
    if data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower().startswith((b"<!doctype html", b"<html")):
        return "html"
    return None


def _read_converted(path: Path, data: bytes) -> Document:
    """A Word 97–2003 .doc (or .odt, .rtf), converted to .docx by LibreOffice headless, then
    read as DOCX."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise UnsupportedFormatError(
            f"{path}: a {path.suffix or '.doc'} file needs LibreOffice to convert it; install LibreOffice "
            "(scripts/setup.sh does) or save the file as .docx"
        )
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / f"input{path.suffix.lower() or '.doc'}"
        source.write_bytes(data)
        result = subprocess.run(
            [soffice, f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--convert-to", "docx",
             "--outdir", tmp, str(source)],
            capture_output=True, timeout=300, check=False,
        )  # fmt: skip
        converted = Path(tmp) / "input.docx"
        if result.returncode != 0 or not converted.exists():
            raise InputFileError(
                f"{path}: LibreOffice could not convert it; open it and save it again as .docx"
            )
        document = read_docx(path, converted.read_bytes())
    sha = hashlib.sha256(data).hexdigest()
    fmt = path.suffix.lower().lstrip(".") or "doc"
    return Document(str(path), sha, fmt, document.blocks, warnings=document.warnings)


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
