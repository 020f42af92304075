from pipeline.models import Paragraph
from pipeline.normalize.prose import prose_scores


def test_pillar_score_in_a_sentence_becomes_a_text_record(seed_results):
    record = next(r for r in seed_results["003"].records if r.origin == "text" and r.indicator_code == "4")
    assert record.printed_name == "Nhân lực số"
    assert record.printed_code == "2.4"
    assert [(f.kind, f.value, f.denominator) for f in record.figures] == [("points", 89.73, 100)]


def test_total_score_comes_with_its_rank(seed_results):
    record = next(r for r in seed_results["000"].records if r.indicator_code == "DTI")
    assert [(f.kind, f.value, f.denominator) for f in record.figures] == [
        ("points", 633.56, 1000),
        ("rank", 19, 19),
    ]


def test_every_pillar_score_of_seed_000_opening_paragraph_is_read(seed_results):
    got = {r.indicator_code: r.figures[0].value for r in seed_results["000"].records if r.origin == "text"}
    assert got == {"DTI": 633.56, "1": 70, "2": 50, "3": 100, "4": 52.63, "5": 127.37, "6": 147.6, "7": 85.96}


def test_a_score_in_brackets_after_a_name_is_not_that_pillars_score(frameworks):
    paragraph = Paragraph(
        0,
        "- Mục tiêu: 100% các cơ quan có công chức kiêm nhiệm về An toàn thông tin mạng (Năm 2022: 0,4/10 điểm đạt tỷ lệ 4,0%).",
    )
    assert prose_scores([paragraph], frameworks["dti-province-2022"]) == []


def test_a_repeated_sentence_gives_one_record(frameworks):
    text = "chỉ số Chuyển đổi số năm 2023 của UBND huyện Krông Nô đạt 655,26/1000 điểm, xếp hạng 3/8 huyện."
    found = prose_scores([Paragraph(0, text), Paragraph(1, text)], frameworks["daknong-district-2022"])
    assert [(row.row_index, match.indicator_code) for row, match in found] == [(0, "DTI")]


def test_pillar_scores_that_do_not_add_up_to_the_total_are_reported(tmp_path, frameworks):
    from pipeline.process import extract_file
    from tests.conftest import SEED_FILES

    text = SEED_FILES["003"].read_text(encoding="utf-8")
    assert "655,26/1000" in text
    path = tmp_path / "bao-cao-sua.txt"
    path.write_text(text.replace("655,26/1000", "665,26/1000"), encoding="utf-8")
    total = next(
        r for r in extract_file(path, frameworks).records if r.origin == "text" and r.indicator_code == "DTI"
    )
    assert tuple(map(str, total.checks)) == (
        "pillar scores add up to 655.26, the document states a total of 665.26",
    )


def test_seed_000_pillar_scores_add_up_to_its_total(seed_results):
    total = next(r for r in seed_results["000"].records if r.origin == "text" and r.indicator_code == "DTI")
    assert tuple(map(str, total.checks)) == ()
