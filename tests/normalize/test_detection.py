from pipeline.models import Document, Paragraph
from pipeline.normalize.detection import detect_framework, document_words


def paragraphs_only(*texts: str) -> Document:
    return Document("ke-hoach.txt", "0" * 64, "text", tuple(Paragraph(i, t) for i, t in enumerate(texts)))


def test_a_cited_decision_and_district_words_choose_the_district_framework(frameworks):
    document = paragraphs_only(
        "Căn cứ Quyết định số 1552/QĐ-UBND ngày 19/9/2022 của UBND tỉnh Đắk Nông",
        "UBND huyện Krông Nô báo cáo kết quả chuyển đổi số của huyện năm 2023",
    )
    detection = detect_framework(document, [], frameworks)
    assert detection.framework.id == "daknong-district-2022"
    assert "cites 1552/QĐ-UBND" in detection.reason


def test_provincial_words_choose_the_provincial_framework(frameworks):
    document = paragraphs_only("Bộ chỉ số đánh giá chuyển đổi số cấp tỉnh (DTI cấp tỉnh) năm 2023")
    assert detect_framework(document, [], frameworks).framework.id == "dti-province-2022"


def test_matched_rows_outweigh_level_words(seed_results):
    assert seed_results["000"].framework == "daknong-agency-2022"
    assert seed_results["000"].framework_reason.startswith("detected: 55/55 rows matched")


def test_cue_words_are_counted_in_table_cells_too(seed_results):
    from pipeline.extract import read_document
    from tests.conftest import SEED_FILES

    words = document_words(read_document(SEED_FILES["002"]))
    assert "Chỉ số chính/Chỉ số thành phần" in words
