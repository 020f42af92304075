"""Grid finding on drawn images: pure numpy and OpenCV, no Tesseract needed."""

import cv2
import numpy as np

from pipeline.extract.ocr.rules import find_grid, merged_regions


def drawn_table(merge_second_column_rows: bool = False) -> np.ndarray:
    """A binarised page (ink 255) with a 4-row × 3-column ruled table."""
    page = np.zeros((1200, 900), np.uint8)
    xs, ys = (100, 200, 550, 800), (100, 200, 300, 400, 500)
    for y in ys:
        cv2.line(page, (xs[0], y), (xs[-1], y), 255, 3)
    for x in xs:
        cv2.line(page, (x, ys[0]), (x, ys[-1]), 255, 3)
    if merge_second_column_rows:  # rub out the rule between rows 2 and 3 in column 3
        cv2.line(page, (xs[2] + 3, ys[2]), (xs[3] - 3, ys[2]), 0, 5)
    return page


def test_the_rules_of_a_drawn_table_are_found_where_they_were_drawn():
    grid = find_grid(drawn_table())
    assert grid is not None
    assert [round(x, -1) for x in grid.xs] == [100, 200, 550, 800]
    assert [round(y, -1) for y in grid.ys] == [100, 200, 300, 400, 500]
    assert all(slot is None for row in grid.covered for slot in row)


def test_a_missing_rule_segment_is_a_cell_merged_downwards():
    grid = find_grid(drawn_table(merge_second_column_rows=True))
    assert grid.covered[2][2] == "above"
    assert (1, 2, 2, 2) in list(merged_regions(grid))


def test_a_page_without_rules_has_no_grid():
    assert find_grid(np.zeros((1200, 900), np.uint8)) is None


def test_a_page_whose_only_wide_rule_is_a_double_line_has_no_grid():
    page = np.zeros((1200, 900), np.uint8)
    cv2.line(page, (100, 600), (800, 600), 255, 3)
    cv2.line(page, (100, 607), (800, 607), 255, 3)  # a letterhead's double rule, not a table
    assert find_grid(page) is None  # once min() of an empty sequence, which lost every OCR page
