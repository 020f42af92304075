"""Portal pages: metadata, tables with spans, chrome left out, charsets."""

from __future__ import annotations

import unicodedata
from datetime import date
from pathlib import Path

import pytest

from pipeline import api
from pipeline.extract import read_document
from pipeline.models import Table
from pipeline.normalize.metadata import document_info
from tests.conftest import GENERATED, REPO, SONNPTNT_HEADER

_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def windows_1258(text: str) -> bytes:
    """Vietnamese as Windows-1258 writes it: a letter with its vowel mark, then the tone as a
    combining mark ("ế" → "ê" + U+0301)."""
    out = b""
    for char in text:
        try:
            out += char.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        base, *marks = unicodedata.normalize("NFD", char)
        shape = [m for m in marks if m not in _TONES]
        out += unicodedata.normalize("NFC", base + "".join(shape)).encode("cp1258")
        out += "".join(m for m in marks if m in _TONES).encode("cp1258")
    return out


def page(body: str, head: str = '<meta charset="utf-8">') -> str:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"


@pytest.mark.parametrize("plan", ["agency-sonnptnt-2024", "agency-soyte-2025"])
def test_an_html_plan_gives_the_same_records_as_its_docx_twin(plan: str):
    def key(result):
        return [(r.indicator_code, r.printed_code, r.printed_name, [f.text for f in r.figures],
                 r.subject.canonical if r.subject else None, r.period) for r in result.records]  # fmt: skip

    html, docx = api.extract(GENERATED / f"{plan}.html"), api.extract(GENERATED / f"{plan}.docx")
    assert key(html) == key(docx)
    assert len(html.records) >= 50


def test_the_portal_metadata_block_gives_number_date_kind_and_issuer():
    document = read_document(GENERATED / "agency-sonnptnt-2024.html")
    info = document_info(document.blocks)
    assert (info.number, info.date.isoformat(), info.kind) == ("88/KH-SNN", "2024-02-02", "kế hoạch")
    assert info.issuer == "Sở Nông Nghiệp Và Phát Triển Nông Thôn"


def test_scripts_menus_and_footers_are_left_out():
    text = "\n".join(p.text for p in read_document(GENERATED / "agency-sonnptnt-2024.html").paragraphs)
    assert "Trang chủ" not in text and "var menu" not in text and "Bản quyền" not in text
    assert "KẾ HOẠCH" in text


def test_a_two_level_header_and_a_merged_lead_unit_fill_every_row():
    table = next(t for t in read_document(GENERATED / "agency-sonnptnt-2024.html").tables if t.width >= 6)
    assert [row.texts for row in table.header] == SONNPTNT_HEADER
    units = [row.texts[2] for row in table.body if row.texts[0] and "." in row.texts[0]]
    assert units and all(units)


def test_header_rows_written_as_bold_td_without_thead_are_headers():
    table = next(t for t in read_document(GENERATED / "agency-soyte-2025.html").tables if t.width >= 3)
    assert table.header[0].texts[0] == "STT" and len(table.header) == 1


def test_utf8_without_a_meta_charset_is_read_from_the_bytes():
    assert b"charset" not in (GENERATED / "agency-soyte-2025.html").read_bytes()[:600]
    paragraphs = [p.text for p in read_document(GENERATED / "agency-soyte-2025.html").paragraphs]
    assert "UBND TỈNH ĐẮK NÔNG" in paragraphs


def test_a_windows_1258_page_is_decoded_by_its_meta_charset(tmp_path: Path):
    path = tmp_path / "ke-hoach.htm"
    head = '<meta http-equiv="Content-Type" content="text/html; charset=windows-1258">'
    path.write_bytes(windows_1258(page("<p>Kế hoạch chuyển đổi số năm 2024</p>", head)))
    assert [p.text for p in read_document(path).paragraphs] == ["Kế hoạch chuyển đổi số năm 2024"]


def test_cells_keep_their_paragraphs_as_lines_and_spans_reach_every_row(tmp_path: Path):
    path = tmp_path / "bang.html"
    path.write_text(page(
        "<table><tr><td>STT</td><td>Chỉ số</td><td>Kết quả</td><td>Đơn vị</td></tr>"
        "<tr><td>1.1</td><td><p>Kiện toàn Ban chỉ đạo</p><p>chuyển đổi số</p></td><td>52/57</td>"
        "<td rowspan='2'>Văn phòng Sở</td></tr><tr><td>1.2</td><td>Họp</td><td>3 cuộc</td></tr></table>"
    ), encoding="utf-8")  # fmt: skip
    table = read_document(path).tables[0]
    assert isinstance(table, Table)
    assert [row.texts for row in table.body] == [
        ("1.1", "Kiện toàn Ban chỉ đạo\nchuyển đổi số", "52/57", "Văn phòng Sở"),
        ("1.2", "Họp", "3 cuộc", "Văn phòng Sở"),
    ]


def test_a_portal_page_saved_as_doc_is_read_as_html(tmp_path: Path):
    path = tmp_path / "ke-hoach.doc"
    path.write_text(page("<p>Kế hoạch chuyển đổi số</p>"), encoding="utf-8")
    document = read_document(path)
    assert (document.format, document.paragraphs[0].text) == ("html", "Kế hoạch chuyển đổi số")


def test_a_vbpl_page_saved_with_a_megabyte_of_inline_style_and_no_charset_reads_its_body(tmp_path):
    """vbpl.vn's saved pages carry about 1 MB of inline CSS before the body; without its
    `<meta charset>` the page is still UTF-8, and its letterhead sits below the site's menus."""
    real = (REPO / "corpora" / "realdocs" / "vbpl_qd42_2025_ttg_bo_tieuchi_vanhoa.html").read_bytes()
    page = real.replace(b'<meta charset="utf-8"/>', b"").replace(
        b"<head>", b"<head><style>" + b".x{color:red}" * 80_000 + b"</style>", 1
    )
    assert len(page) > 2_000_000 and b"charset" not in page[:200_000]
    path = tmp_path / "vbpl-qd42.html"
    path.write_bytes(page)
    result = api.extract(path)
    assert (result.info.issuer, result.info.number, result.info.date) == (
        "THỦ TƯỚNG CHÍNH PHỦ", "42/2025/QĐ-TTg", date(2025, 11, 12),
    )  # fmt: skip
    document = read_document(path)
    assert any("Bộ tiêu chí quốc gia về phát triển văn hóa toàn diện" in b.text for b in document.paragraphs)
