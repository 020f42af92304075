"""Readers: one file in, one `Document` out, whatever the format.

`read_document` triages first (exists, not empty, format by extension and content),
so a bad file fails fast with an error that names it and says how to fix it.
"""

from __future__ import annotations

import errno
import hashlib
import shutil
import stat
import subprocess
import tempfile
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from pipeline.errors import (
    DtiError,
    InputFileError,
    MissingDependencyError,
    TransientReadError,
    UnsupportedFormatError,
    display_path,
)
from pipeline.extract.docx import read_docx
from pipeline.extract.encoding import choose_encoding, sample, text_lines
from pipeline.extract.grid import GridTooLarge
from pipeline.extract.html import read_html
from pipeline.extract.image import IMAGE_SUFFIXES, image_pages_as_pdf
from pipeline.extract.legacy import detect_by_content, to_unicode
from pipeline.extract.pdf import OcrPages, read_pdf
from pipeline.extract.spreadsheet import read_csv, read_xlsx
from pipeline.extract.text import parse_lines
from pipeline.models import Document
from pipeline.settings import DEFAULT, Settings

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm"}
CONVERTED_SUFFIXES = {".doc", ".odt", ".rtf"}  # through LibreOffice to .docx
WORKBOOK_SUFFIXES = {".xlsx", ".xlsm"}
CONVERTED_WORKBOOKS = {".xls", ".ods"}  # through LibreOffice to .xlsx
SUPPORTED_SUFFIXES = (TEXT_SUFFIXES | HTML_SUFFIXES | CONVERTED_SUFFIXES | WORKBOOK_SUFFIXES
                      | CONVERTED_WORKBOOKS | IMAGE_SUFFIXES | {".docx", ".pdf", ".csv"})  # fmt: skip
SUPPORTED = (".txt, .md, .html, .docx, .pdf, .xlsx, .csv, scanned pages as .tif/.tiff/.jpg/.png, and "
             ".doc/.odt/.rtf/.xls/.ods through LibreOffice")  # fmt: skip
MAX_BYTES = 200 * 1024 * 1024
HEAD_BYTES = 4096  # enough to tell a PDF, a ZIP, an OLE2 .doc and an HTML page apart


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
        document = _read(path, settings, ocr_pages)
        return replace(document, source_path=display_path(path))
    except DtiError:
        raise
    except GridTooLarge as exc:
        raise InputFileError(
            f"{display_path(path)}: {exc}, more than any real table; refused (the file is damaged or hostile)"
        ) from exc
    except RecursionError as exc:
        raise InputFileError(
            f"{display_path(path)}: the file nests too deeply to read (damaged or hostile)"
        ) from exc
    except Exception as exc:  # a parser's own error on a damaged file
        detail = str(exc).strip().splitlines()[0][:160] if str(exc).strip() else ""
        raise InputFileError(
            f"{display_path(path)}: the file is damaged and could not be read ({type(exc).__name__}"
            f"{': ' + detail if detail else ''}); open it in its program and save it again"
        ) from exc


def _read(path: Path, settings: Settings, ocr_pages: OcrPages | None) -> Document:
    suffix = path.suffix.lower()
    head = _read_bytes(path, HEAD_BYTES)
    kind = _sniff(head)
    if (
        (suffix in TEXT_SUFFIXES or (not suffix and _looks_like_text(head)))
        and kind is None
        and suffix != ".csv"
    ):
        return read_text(path)  # read in pieces, never whole: a text export can be 200 MB
    data = _read_bytes(path)
    if suffix in WORKBOOK_SUFFIXES:
        return read_xlsx(path, data)
    if suffix == ".csv" and kind is None:
        return read_csv(path, data)
    if suffix in CONVERTED_WORKBOOKS:
        return _read_converted_workbook(path, data)
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
    if suffix in IMAGE_SUFFIXES:
        return _read_image(path, data, settings, ocr_pages)
    raise UnsupportedFormatError(
        f"{path}: format {suffix or '(no extension)'} is not supported; dti reads {SUPPORTED}"
    )


def _read_image(path: Path, data: bytes, settings: Settings, ocr_pages: OcrPages | None) -> Document:
    """Scanned pages as image files, read as the scan they are; the record keeps the image's
    own sha256 and format."""
    pdf, _ = image_pages_as_pdf(path, data)
    document = _read_pdf_bytes(path, pdf, settings, ocr_pages)
    return replace(document, sha256=hashlib.sha256(data).hexdigest(), format=path.suffix.lower().lstrip("."))


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


def read_text(path: Path) -> Document:
    """A plain-text export: UTF-8 or Windows-1258, legacy-font text converted; read line by
    line, so memory follows the blocks found, not the file's size."""
    encoding = choose_encoding(path)
    warnings = encoding.warnings
    lines: Iterable[str] = text_lines(path, encoding)
    legacy = detect_by_content(sample(path, encoding))
    if legacy:
        lines = (to_unicode(line, legacy) for line in lines)
        warnings += (f"{path.name}: text typed in a {legacy.upper()} font; converted to Unicode",)
    blocks, parse_warnings = parse_lines(lines)
    return Document(
        source_path=str(path),
        sha256=encoding.sha256,
        format="text",
        blocks=blocks,
        warnings=warnings + parse_warnings,
        lost=encoding.lost,
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
    converted = _libreoffice(path, data, "docx", "a {suffix} file", "libreoffice-writer-nogui")
    document = read_docx(path, converted)
    sha = hashlib.sha256(data).hexdigest()
    fmt = path.suffix.lower().lstrip(".") or "doc"
    return Document(str(path), sha, fmt, document.blocks, warnings=document.warnings)


def _read_converted_workbook(path: Path, data: bytes) -> Document:
    """An Excel 97–2003 .xls (or .ods), converted to .xlsx by LibreOffice headless, then read."""
    document = read_xlsx(
        path, _libreoffice(path, data, "xlsx", "a {suffix} workbook", "libreoffice-calc-nogui")
    )
    return replace(document, sha256=hashlib.sha256(data).hexdigest(), format=path.suffix.lower().lstrip("."))


def _libreoffice(path: Path, data: bytes, target: str, what: str, package: str) -> bytes:
    """The file converted to `target` ("docx", "xlsx") by LibreOffice headless in a private
    profile; a missing LibreOffice or a failed conversion named in one line."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    suffix = path.suffix.lower() or ".doc"
    if soffice is None:
        raise MissingDependencyError(
            f"{display_path(path)}: {what.format(suffix=suffix)} needs LibreOffice to convert it, and it "
            f"is not installed (or save the file as .{target})",
            f"sudo apt-get install {package} (scripts/setup.sh does)",
        )
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / f"input{suffix}"
        source.write_bytes(data)
        result = subprocess.run(
            [soffice, f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--convert-to", target,
             "--outdir", tmp, str(source)],
            capture_output=True, timeout=300, check=False,
        )  # fmt: skip
        converted = Path(tmp) / f"input.{target}"
        if result.returncode != 0 or not converted.exists():
            raise InputFileError(
                f"{path}: LibreOffice could not convert it (is {package} installed?); open it and save it "
                f"again as .{target}"
            )
        return converted.read_bytes()


# Read errors from outside the file (a network share that dropped, a stale NFS handle, a
# file still locked by the scanner writing it): worth trying again.
TRANSIENT_ERRNOS = {errno.EIO, errno.EAGAIN, errno.EBUSY, errno.ETIMEDOUT, errno.ESTALE, errno.EINTR,
                    errno.ECONNRESET, errno.EHOSTDOWN}  # fmt: skip
_NOT_REGULAR = ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a character device"),
                (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))  # fmt: skip


def _read_bytes(path: Path, limit: int | None = None) -> bytes:
    """The file's bytes (its first `limit` only, when given), after checking without opening
    it that it is a regular file: a named pipe or a device is named and refused (reading one
    would wait for ever, or never end)."""
    name = display_path(path)
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        what = "a link to a file that does not exist" if path.is_symlink() else "no such file"
        raise InputFileError(f"{name}: {what}") from None
    except OSError as exc:
        raise _read_error(name, exc) from exc
    if not stat.S_ISREG(mode):
        what = next((label for test, label in _NOT_REGULAR if test(mode)), "not a regular file")
        if stat.S_ISDIR(mode):
            what = "a folder"
        raise InputFileError(f"{name}: {what}, not a regular file; dti reads only files")
    size = path.stat().st_size
    if size == 0:
        raise InputFileError(f"{name}: the file is empty")
    if size > MAX_BYTES:
        raise InputFileError(f"{name}: {size} bytes is over the {MAX_BYTES} byte limit; split it")
    try:
        if limit is None:
            return path.read_bytes()
        with path.open("rb") as handle:
            return handle.read(limit)
    except OSError as exc:
        raise _read_error(name, exc) from exc


def _read_error(name: str, exc: OSError) -> DtiError:
    if exc.errno in TRANSIENT_ERRNOS:
        return TransientReadError(f"{name}: cannot be read just now ({exc.strerror}); tried again")
    return InputFileError(f"{name}: cannot be read ({exc.strerror})")


def _looks_like_text(data: bytes) -> bool:
    return b"\x00" not in data[:4096]
