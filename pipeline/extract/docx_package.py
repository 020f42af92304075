"""Open a .docx package defensively: refuse what is unsafe, keep what can be read.

A Word file is a ZIP of XML parts. Before python-docx sees it, each part is checked:
- a part whose bytes do not inflate (a flipped byte, a cut tail) is left out and named;
  without its body (`word/document.xml`) there is no document, and the error says so;
- a part declaring a DTD (`<!DOCTYPE`, `<!ENTITY`) is refused, never resolved: entity
  tricks ("billion laughs", external files) are how XML parsers are attacked (defusedxml's
  stance);
- malformed XML is recovered by lxml as far as it goes, and the part is named.
What was left out or recovered makes the document `partial`; nothing is silently dropped.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
import zlib
from dataclasses import dataclass

from lxml import etree

from pipeline.errors import InputFileError

BODY = "word/document.xml"
MAX_PART_BYTES = 256 * 1024 * 1024  # an inflated part larger than this is a ZIP bomb
_REQUIRED = ("[Content_Types].xml", "_rels/.rels", BODY)


@dataclass(frozen=True)
class Package:
    """The package's bytes as python-docx will read them, and what had to be done to them."""

    data: bytes
    left_out: tuple[str, ...] = ()  # "word/media/image1.png (damaged: Error -3 while decompressing)"
    recovered: tuple[str, ...] = ()  # "word/document.xml (malformed XML, read as far as it goes)"


def _safe_parser(recover: bool) -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, recover=recover, huge_tree=False
    )


def _check_xml(name: str, raw: bytes, path: object) -> tuple[bytes, bool]:
    """The part as well-formed XML and whether it had to be recovered; a DTD is refused."""
    head = raw[:4096].lstrip()
    if b"<!DOCTYPE" in raw or b"<!ENTITY" in raw:  # anywhere in the part, not only its start
        raise InputFileError(
            f"{path}: part {name} declares an XML DTD, which Word never writes; refused for safety "
            "(entities can expand without bound or read other files). Open the file in Word and save it again"
        )
    try:
        etree.fromstring(raw, _safe_parser(recover=False))
        return raw, False
    except etree.XMLSyntaxError:
        pass
    root = etree.fromstring(raw, _safe_parser(recover=True)) if head else None
    if root is None:
        raise ValueError("nothing recoverable")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True), True


def _without_links_to(rels_name: str, raw: bytes, gone: set[str]) -> bytes:
    """A relationships part with the links to left-out parts removed, so the package opens:
    "word/_rels/document.xml.rels" → "media/image1.png" is "word/media/image1.png"."""
    root = etree.fromstring(raw, _safe_parser(recover=True))
    folder = posixpath.dirname(posixpath.dirname(rels_name))  # "word/_rels/x.rels" → "word"
    for link in list(root):
        target = link.get("Target", "")
        if link.get("TargetMode") == "External":
            continue
        resolved = (
            target.lstrip("/")
            if target.startswith("/")
            else posixpath.normpath(posixpath.join(folder, target))
        )
        if resolved in gone:
            root.remove(link)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def open_package(path: object, data: bytes) -> Package:
    """Given a .docx's bytes, return them checked and, where needed, repaired."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise InputFileError(
            f"{path}: not a readable Word document (the ZIP container is damaged: {exc}); "
            "open it in Word or LibreOffice and save it again as .docx"
        ) from exc
    names = {m.filename for m in members}
    missing = [name for name in _REQUIRED if name not in names]
    if missing:
        raise InputFileError(
            f"{path}: not a Word document (no {', '.join(missing)} inside); save it again as .docx"
        )
    parts: dict[str, bytes] = {}
    left_out: list[str] = []
    recovered: list[str] = []
    for member in members:
        if member.file_size > MAX_PART_BYTES:
            left_out.append(f"{member.filename} (inflates to {member.file_size} bytes; refused)")
            continue
        try:
            raw = archive.read(member)
            if member.filename.endswith((".xml", ".rels")):
                raw, was_recovered = _check_xml(member.filename, raw, path)
                if was_recovered:
                    recovered.append(f"{member.filename} (malformed XML, read as far as it goes)")
        except InputFileError:
            raise
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, etree.XMLSyntaxError) as exc:
            left_out.append(f"{member.filename} (damaged: {exc})")
            continue
        parts[member.filename] = raw
    lost_required = [name for name in _REQUIRED if name not in parts]
    if lost_required:
        raise InputFileError(
            f"{path}: the Word document's {lost_required[0]} is damaged ({'; '.join(left_out)}); "
            "open it in Word or LibreOffice, which may repair it, and save it again"
        )
    if not left_out and not recovered:
        return Package(data)
    gone = {entry.split(" (", 1)[0] for entry in left_out}
    for name in [n for n in parts if n.endswith(".rels")]:
        parts[name] = _without_links_to(name, parts[name], gone)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as clean:
        for name, raw in parts.items():
            clean.writestr(name, raw)
    return Package(buffer.getvalue(), tuple(left_out), tuple(recovered))
