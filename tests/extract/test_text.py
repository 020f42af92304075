from pathlib import Path

import pytest

from pipeline.errors import InputFileError, UnsupportedFormatError
from pipeline.extract import read_document
from pipeline.extract.text import parse_text
from tests.conftest import SEED_FILES


def test_tab_rows_after_a_blank_line_start_a_new_chunk_with_its_repeated_header():
    blocks, _ = parse_text(
        "STT\tChỉ số\tKết quả\n1.1\tKiện toàn Ban chỉ đạo\tĐạt\n\nSTT\tChỉ số\tKết quả\n1.2\tGiám đốc Sở\tKhông đạt\n"
    )
    assert [len(b.rows) for b in blocks] == [2, 2]
    assert all(b.rows[0].is_header for b in blocks)


def test_pipe_cells_form_rows_as_wide_as_the_header():
    text = "STT |\nChỉ số |\nKết quả năm 2023 |\n6.12 |\nTỷ lệ hồ sơ xử lý trực tuyến |\n28,58% |\n"
    (table,) = parse_text(text)[0]
    assert table.width == 3
    assert table.body[0].texts == ("6.12", "Tỷ lệ hồ sơ xử lý trực tuyến", "28,58%")


def test_title_lines_before_a_pipe_header_are_a_paragraph_not_a_cell():
    text = "Sở Tài chính |\nPHÂN CÔNG THEO DÕI\nĐỔI SỐ CẤP TỈNH\nSTT |\nChỉ số |\n1.1 |\nNgười đứng đầu |\n"
    blocks, _ = parse_text(text)
    assert blocks[1].text == "PHÂN CÔNG THEO DÕI ĐỔI SỐ CẤP TỈNH"
    assert blocks[2].body[0].texts == ("1.1", "Người đứng đầu")


def test_a_body_printed_twice_is_read_once_with_a_warning():
    document = read_document(SEED_FILES["002"])
    texts = [p.text for p in document.paragraphs]
    printed_twice = (
        "Phát huy ưu điểm và khắc phục tồn tại, hạn chế trong triển khai thực hiện nhiệm vụ chuyển đổi số "
        "trên địa bàn tỉnh; nâng cao chất lượng công tác tham mưu, tổ chức triển khai các mục tiêu, chỉ tiêu, "
        "nhiệm vụ, giải pháp được xác định tại Nghị quyết 09-NQ/TU ngày 18 tháng 02 năm 2022 của Ban Thường "
        "vụ Tỉnh ủy. Phấn đấu các chỉ số về Chính phủ số, Kinh tế số, Xã hội số của tỉnh đạt từ 0,7 - 0,8 "
        "điểm, tỉnh Kon Tum thuộc nhóm 30 tỉnh, thành trong cả nước thực hiện tốt nhất về chuyển đổi số... "
        "và xếp hạng cao nhất so với khu vực Tây Nguyên[1]."
    )
    assert texts.count(printed_twice) == 1  # neither doubled nor lost
    assert any("word for word" in w for w in document.warnings)


def test_seed_002_appendix_two_is_one_table_of_eight_columns():
    document = read_document(SEED_FILES["002"])
    appendix = document.tables[1]
    assert appendix.width == 8
    assert appendix.header[0].texts[:2] == ("STT", "Chỉ số chính/Chỉ số thành phần")
    codes = [row.texts[0] for row in appendix.body if row.texts[0]]
    assert codes[0] == "1.1" and codes[-1] == "8.8.3.4"


def test_a_page_cut_paragraph_is_joined():
    blocks, _ = parse_text("Hiện nay Trang TTĐT huyện đã kiện toàn\n\nvề bảo đảm an toàn thông tin.\n")
    assert [b.text for b in blocks] == [
        "Hiện nay Trang TTĐT huyện đã kiện toàn về bảo đảm an toàn thông tin."
    ]


def test_windows_1258_text_is_decoded_with_a_warning(tmp_path: Path):
    path = tmp_path / "ke-hoach.txt"
    path.write_bytes(b"Chi\xd2 s\xf4\xec")  # cp1258 writes tone marks as combining characters
    document = read_document(path)
    assert document.paragraphs[0].text == "Chỉ số"
    assert "Windows-1258" in document.warnings[0]


def test_missing_file_error_names_the_file(tmp_path: Path):
    with pytest.raises(InputFileError, match=r"ke-hoach-2024\.txt: no such file"):
        read_document(tmp_path / "ke-hoach-2024.txt")


def test_empty_file_error_says_it_is_empty(tmp_path: Path):
    path = tmp_path / "trong.txt"
    path.write_bytes(b"")
    with pytest.raises(InputFileError, match=r"trong\.txt: the file is empty"):
        read_document(path)


def test_unsupported_format_says_what_to_do(tmp_path: Path):
    path = tmp_path / "ke-hoach.pptx"
    path.write_bytes(b"PK\x03\x04")
    with pytest.raises(
        UnsupportedFormatError, match=r"ke-hoach.pptx: format .pptx is not supported; dti reads"
    ):
        read_document(path)


def test_utf8_text_with_a_stray_byte_is_read_with_it_replaced_and_named(tmp_path: Path):
    path = tmp_path / "ke-hoach.txt"
    text = SEED_FILES["004"].read_bytes()
    path.write_bytes(text[:500] + b"\xa2" + text[500:])  # one byte flipped on the way
    document = read_document(path)
    assert document.lost == ("1 run(s) of bytes that are not UTF-8 (the first at byte 500) read as '\ufffd'",)
    assert "\ufffd" in "\n".join(p.text for p in document.paragraphs) + "".join(
        c for t in document.tables for r in t.rows for c in r.texts
    )
    assert len(document.tables) == len(read_document(SEED_FILES["004"]).tables)


def test_utf8_text_cut_in_the_middle_of_its_last_character_is_read(tmp_path: Path):
    path = tmp_path / "tai-ve-do-dang.txt"
    data = SEED_FILES["004"].read_bytes().rstrip() + "\n\nHoàn thành đúng tiến độ".encode()
    path.write_bytes(data[:-1])  # "ộ" cut after its first two bytes: a download cut short
    document = read_document(path)
    assert document.lost and document.lost[0].startswith("1 run(s) of bytes that are not UTF-8")
    assert document.paragraphs[-1].text == "Hoàn thành đúng tiến đ\ufffd"
