"""Legacy Vietnamese fonts (TCVN3 ".VnTime", VNI "VNI-Times") come out as Unicode."""

from __future__ import annotations

from pathlib import Path

from pipeline.extract import read_document
from pipeline.extract.legacy import detect_by_content, encoding_of_font, may_be_legacy, to_unicode
from pipeline.models import DocumentResult
from pipeline.normalize.stitch import stitch_tables
from tests.conftest import GENERATED

TCVN3_SENTENCE = "Bé chØ sè ®¸nh gi¸ chuyÓn ®æi sè cÊp tØnh, tû lÖ hå s¬ xö lý trùc tuyÕn ®¹t 90,48%"


def test_tcvn3_text_converts_to_unicode():
    assert to_unicode("ChØ sè chuyÓn ®æi sè", "tcvn3") == "Chỉ số chuyển đổi số"


def test_vni_text_converts_to_unicode():
    assert to_unicode("Chæ soá chuyeån ñoåi soá", "vni") == "Chỉ số chuyển đổi số"


def test_font_names_say_which_encoding():
    assert (
        encoding_of_font(".VnTime"),
        encoding_of_font("VNI-Times"),
        encoding_of_font("Times New Roman"),
    ) == (
        "tcvn3",
        "vni",
        None,
    )


def test_content_detection_finds_tcvn3_and_leaves_unicode_alone():
    assert detect_by_content(TCVN3_SENTENCE) == "tcvn3"
    assert detect_by_content("Bộ chỉ số đánh giá chuyển đổi số cấp tỉnh, tỷ lệ hồ sơ đạt 90,48%") is None


def test_text_with_unicode_only_letters_is_never_legacy():
    assert may_be_legacy("ThÓ chÕ sè")
    assert not may_be_legacy("Hạ tầng số")


def test_a_pdf_typed_in_tcvn3_with_its_font_substituted_reads_as_unicode():
    document = stitch_tables(read_document(GENERATED / "agency-sotc-2023-tcvn3.pdf"))
    assert str(document.decisions[0]).startswith("page 1: text in tcvn3 converted")
    assert "Đắk Nông, ngày 09 tháng 3 năm 2023" in [p.text for p in document.paragraphs]
    names = [row.texts[1] for row in document.tables[0].body]
    # (TCVN3 keeps "ư" at 0xAD, the soft hyphen, which LibreOffice leaves out of the PDF it
    # writes: "trưởng" reaches the text layer as "trởng". Rows without "ư" are exact.)
    assert (names[0], names[2]) == ("Nhận thức số", "Giám đốc Sở chủ trì, chỉ đạo về chuyển đổi số")


def test_a_docx_typed_in_vni_reads_as_unicode_by_its_font():
    document = stitch_tables(read_document(GENERATED / "district-cujut-2023-vni.docx"))
    assert "Cư Jút, ngày 20 tháng 02 năm 2023" in [p.text for p in document.paragraphs]
    row = next(r for r in document.tables[0].body if r.texts[0] == "3.1")
    assert row.texts[1] == "Tỷ lệ dân số trưởng thành có điện thoại thông minh"


def test_legacy_documents_match_their_framework(generated_results: dict[str, DocumentResult]):
    for name in ("agency-sotc-2023-tcvn3.pdf", "agency-sotc-2023-tcvn3.docx", "district-cujut-2023-vni.pdf"):
        result = generated_results[name]
        matched = [r for r in result.records if r.match_status == "matched"]
        assert len(matched) >= 40, name


def test_a_plain_text_file_in_tcvn3_is_converted_and_says_so(tmp_path: Path):
    path = tmp_path / "bao-cao-cu.txt"
    path.write_bytes(f"{TCVN3_SENTENCE}\n".encode("latin-1"))
    document = read_document(path)
    assert document.paragraphs[0].text.startswith("Bộ chỉ số đánh giá chuyển đổi số cấp tỉnh")
    assert any("TCVN3 font; converted to Unicode" in w for w in document.warnings)
