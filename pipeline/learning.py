"""`dti frameworks import`: a framework decision in, one framework file per level out.

read (any format, scans included) → letterhead and title → detailed tables per level
(`normalize.framework_tables`) → checks against the summary table → file data
(`normalize.framework_file`) → written beside the other versions, never over one without
`force`. A decision imported again unchanged writes nothing; a changed one ("Quyết định sửa
đổi", or a corrected file) becomes the next version (`…-v2`) and the first stays, so records
loaded under it keep their meaning.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from pipeline.errors import InputFileError, NotAFrameworkDecisionError
from pipeline.frameworks import write_framework
from pipeline.models import Document, DocumentInfo, LearnedFramework, Paragraph
from pipeline.normalize.framework_file import Decision, framework_data
from pipeline.normalize.framework_tables import (
    found_instead,
    index_named,
    learn_frameworks,
    not_applicable_notes,
    summary_doubts,
)
from pipeline.normalize.metadata import document_info
from pipeline.normalize.subjects import canonical_subject, find_subject
from pipeline.process import read
from pipeline.settings import DEFAULT, Settings

TITLE_SEARCH_BLOCKS = 40
_TITLE = re.compile(
    r"(ban hành|về việc)[^.]{0,40}\b(bộ (chỉ số|tiêu chí)|hướng dẫn)"
    r"|^(bộ (chỉ số|tiêu chí)|hướng dẫn (tự )?(đánh giá|chấm điểm|xác định))",
    re.IGNORECASE,
)
_CITED = re.compile(r"^\s*(căn cứ|xét)\b", re.IGNORECASE)


@dataclass(frozen=True)
class ImportedFramework:
    """One framework file an import wrote (or found unchanged), as `dti frameworks import`
    prints it."""

    id: str
    path: Path
    level: str
    index: str
    pillars: int
    indicators: int
    total: float | None
    doubts: tuple[str, ...]
    status: str  # "written", "new version of <id>", "unchanged", "overwritten"


def decision_title(blocks: Sequence[Any]) -> str:
    """The decision's own title ("Về việc ban hành Bộ chỉ số đánh giá chuyển đổi số …"), not a
    line it cites; the first heading otherwise."""
    paragraphs = [b for b in blocks[:TITLE_SEARCH_BLOCKS] if isinstance(b, Paragraph)]
    for paragraph in paragraphs:
        text = " ".join(paragraph.text.split())
        if _TITLE.search(text) and not _CITED.match(text) and len(text) < 400:
            return text
    return " ".join(paragraphs[0].text.split()) if paragraphs else ""


def decision_province(info: DocumentInfo, title: str, blocks: Sequence[Any]) -> str | None:
    """The province whose units the frameworks score: the letterhead's, else the one the title
    names ("… trên địa bàn tỉnh Lâm Đồng"); None for a ministry's national framework."""
    if info.province:
        return info.province
    if _national(info):
        return None
    for text in (title, *(b.text for b in blocks[:TITLE_SEARCH_BLOCKS] if isinstance(b, Paragraph))):
        for found in re.finditer(r"\btỉnh\s+([A-ZĐ][^\s,;.()]*(?:\s+[A-ZĐ][^\s,;.()]*){0,3})", text):
            unit = canonical_subject(f"tỉnh {found.group(1)}")
            if unit is not None and unit.kind == "province" and unit.known:
                return unit.province
    found_unit = find_subject(title)
    return found_unit.province if found_unit is not None and found_unit.kind == "province" else None


def learn(
    document: Document,
    *,
    structure_only: bool = False,
    year: int | None = None,
    province: str | None = None,
    index: str | None = None,
) -> tuple[list[dict[str, Any]], str]:
    """Given a read decision, return the data of each framework file it defines and, when it
    defines none, what was found instead ("12 table(s), none with a maximum-points column")."""
    info = document_info(document.blocks, document.letterhead)
    title = decision_title(document.blocks)
    detailed, summaries = learn_frameworks(document.blocks, title, structure_only=structure_only)
    detailed = [f for f in detailed if any(e.level == "pillar" for e in f.entries)]
    if not detailed:
        return [], found_instead(document.blocks, structure_only)
    decision_year = year or info.own_year or _printed_year(title) or _printed_year(detailed[0].title)
    if decision_year is None:
        raise InputFileError(
            f"{document.source_path}: the decision's date could not be read; give its year with --year"
        )
    decision = Decision(
        file=Path(document.source_path).name, sha256=document.sha256, info=info, title=title,
        index=index or index_named(title) or index_named(document.text[:3000]) or "DTI",
        province=province or decision_province(info, title, document.blocks), year=decision_year,
    )  # fmt: skip
    notes = not_applicable_notes(document.blocks)
    whose = (
        []
        if decision.province or _national(info)
        else ["the province could not be read from the letterhead or the title; give it with --province"]
    )
    datas = []
    for framework in detailed:
        doubts = [
            *_decision_doubts(info),
            *whose,
            *summary_doubts(framework, _summary_for(framework, summaries, detailed)),
        ]
        if document.lost:
            doubts.append(f"the document was read in part: {'; '.join(document.lost)}")
        datas.append(framework_data(framework, decision, doubts, notes))
    return datas, ""


def _national(info: DocumentInfo) -> bool:
    """A ministry's or the government's decision: its frameworks are national."""
    return bool(info.issuer and re.match(r"^(BỘ|BAN CHỈ ĐẠO QUỐC GIA|THỦ TƯỚNG|CHÍNH PHỦ)\b", info.issuer))


def _printed_year(title: str) -> int | None:
    found = re.search(r"\bnăm\s+(20\d\d)\b", title)
    return int(found.group(1)) if found else None


def _decision_doubts(info: DocumentInfo) -> list[str]:
    doubts = []
    if info.number is None:
        doubts.append("the decision's number could not be read from its letterhead")
    if info.date is None:
        doubts.append("the decision's date could not be read from its letterhead")
    return doubts


def _summary_for(
    framework: LearnedFramework, summaries: list[LearnedFramework], detailed: list[LearnedFramework]
) -> LearnedFramework | None:
    """The summary table of the same level; a lone summary goes with a lone appendix."""
    same = [s for s in summaries if s.level == framework.level]
    if same:
        return same[0]
    if len(summaries) == 1 and len(detailed) == 1:
        return summaries[0]
    return None


def import_file(
    path: str | Path,
    out_dir: Path,
    *,
    force: bool = False,
    structure_only: bool = False,
    year: int | None = None,
    province: str | None = None,
    settings: Settings = DEFAULT,
) -> list[ImportedFramework]:
    """Import one framework decision into `out_dir`; raise `NotAFrameworkDecisionError`
    naming what the file holds instead when it defines no framework."""
    document = read(path, settings)
    datas, found = learn(document, structure_only=structure_only, year=year, province=province)
    if not datas:
        raise NotAFrameworkDecisionError(f"{document.source_path}: not a framework decision: {found}")
    return [place(data, out_dir, force=force) for data in datas]


def place(data: dict[str, Any], out_dir: Path, *, force: bool = False) -> ImportedFramework:
    """Write a framework's data beside its earlier versions: unchanged when the latest came from
    the same file, the next version when the decision changed, over the latest only with `force`."""
    base = data["id"]
    versions = _versions(out_dir, base)
    status = "written"
    if versions:
        number, latest_path, latest = versions[-1]
        same_source = (latest.get("source_document") or {}).get("sha256") == data["source_document"]["sha256"]
        if same_source and not force:
            return _summary(latest, latest_path, "unchanged")
        if force:
            data = {**data, "id": latest["id"], "version": number}
            if "supersedes" in latest:
                data["supersedes"] = latest["supersedes"]
            status = "overwritten"
        else:
            data = _next_version(data, base, number + 1, latest["id"])
            status = f"new version of {latest['id']}"
    written = write_framework(data, out_dir, force=force)
    return _summary(data, written, status)


def _next_version(data: dict[str, Any], base: str, number: int, previous: str) -> dict[str, Any]:
    ordered: dict[str, Any] = {}
    for key, value in data.items():
        ordered[key] = f"{base}-v{number}" if key == "id" else value
        if key == "version":
            ordered[key] = number
            ordered["supersedes"] = previous
    return ordered


def _versions(out_dir: Path, base: str) -> list[tuple[int, Path, dict[str, Any]]]:
    found = []
    for path in out_dir.glob(f"{base}*.yaml"):
        stem = path.stem
        if stem != base and not re.fullmatch(rf"{re.escape(base)}-v\d+", stem):
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        found.append((int(data.get("version", 1)), path, data))
    return sorted(found, key=lambda item: item[0])


def _summary(data: dict[str, Any], path: Path, status: str) -> ImportedFramework:
    return ImportedFramework(
        id=data["id"], path=path, level=data["level"], index=data.get("index", "DTI"),
        pillars=len(data["pillars"]), indicators=len(data["indicators"]),
        total=data["total"].get("max_points"), doubts=tuple(data.get("doubts", ())), status=status,
    )  # fmt: skip
