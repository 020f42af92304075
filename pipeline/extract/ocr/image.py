"""Image steps for a scanned page, pure numpy and OpenCV: render, binarise, deskew."""

from __future__ import annotations

import cv2
import numpy as np


def render_page(data: bytes, number: int, dpi: int = 300) -> np.ndarray:
    """Page `number` (1-based) of a PDF as a greyscale array, rendered by pdfium."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        bitmap = pdf[number - 1].render(scale=dpi / 72, grayscale=True)
        return np.asarray(bitmap.to_pil().convert("L")).copy()
    finally:
        pdf.close()


def binarise(gray: np.ndarray) -> np.ndarray:
    """Ink as 255 on 0: Otsu's threshold after a light blur against scanner noise."""
    blurred = cv2.GaussianBlur(gray, (3, 3), 0)
    _, binary = cv2.threshold(blurred, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    return binary


def horizontal_lines(binary: np.ndarray) -> np.ndarray:
    """The long horizontal strokes of a binarised page: ruling lines, not letters."""
    width = max(40, binary.shape[1] // 30)
    return cv2.morphologyEx(binary, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (width, 1)))


def _rules(binary: np.ndarray) -> np.ndarray:
    """The long strokes of a page, across and down: a table's rules."""
    down = cv2.morphologyEx(
        binary, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(40, binary.shape[0] // 40)))
    )
    return cv2.bitwise_or(horizontal_lines(binary), down)


def skew_angle(binary: np.ndarray) -> float:
    """The page's skew in degrees: the median angle of its long horizontal ruling lines, or,
    where no rule is long and level enough to be seen as one (a skew past 1.5°, a page without
    a table), the angle at which its rows of ink line up best (`profile_angle`)."""
    angles = rule_angles(binary)
    return float(np.median(angles)) if angles else profile_angle(binary)


def rule_angles(binary: np.ndarray) -> list[float]:
    """The angle (degrees) of each long horizontal ruling line."""
    mask = horizontal_lines(binary)
    count, _, stats, _ = cv2.connectedComponentsWithStats(mask)
    angles = []
    for label in range(1, count):
        x, y, w, h, _ = stats[label]
        if w < binary.shape[1] // 4:
            continue
        ys, xs = np.nonzero(mask[y : y + h, x : x + w])
        if len(xs) < 50:
            continue
        slope = np.polyfit(xs, ys, 1)[0]
        angles.append(float(np.degrees(np.arctan(slope))))
    return angles


def profile_angle(binary: np.ndarray, limit: float = 3.0) -> float:
    """The turn (degrees, within ±`limit`) that makes the page's rows of ink sharpest: text lines
    and rules, summed across the page, give the most contrast between rows when level. A
    quarter-size page, every 0.1°, then every 0.02° around the best; 0 for a blank page."""
    small = cv2.resize(binary, None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA)
    if not small.any():
        return 0.0

    def sharpness(angle: float) -> float:
        h, w = small.shape
        matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
        rows = cv2.warpAffine(small, matrix, (w, h), flags=cv2.INTER_LINEAR).sum(axis=1, dtype=np.float64)
        return float(np.sum(np.diff(rows) ** 2))

    coarse = max(np.arange(-limit, limit + 1e-9, 0.1), key=sharpness)
    fine = max(np.arange(coarse - 0.1, coarse + 0.1 + 1e-9, 0.02), key=sharpness)
    return float(round(fine, 2))


def deskew(gray: np.ndarray) -> tuple[np.ndarray, float]:
    """The page turned level, and the angle it was turned by."""
    angle = skew_angle(binarise(gray))
    if abs(angle) < 0.05:
        return gray, 0.0
    h, w = gray.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    level = cv2.warpAffine(gray, matrix, (w, h), flags=cv2.INTER_CUBIC, borderValue=255)
    return level, angle


def specks(binary: np.ndarray, dpi: int = 300) -> np.ndarray:
    """The specks of a page as a mask: dots of ink too small to be a letter (at most a 0.6 mm
    square) and too far from any letter to be a tone mark or a stop (0.8 mm above or below,
    1.2 mm beside), as a copier, a dusty glass or a fax sprinkles them. The dot under "ạ" and
    the stop of "1.2" sit that close to their letters."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats(binary, connectivity=8)
    largest = (0.6 / 25.4 * dpi) ** 2  # a 0.6 mm square, in pixels
    small = np.zeros(count, dtype=bool)
    small[1:] = stats[1:, cv2.CC_STAT_AREA] <= largest
    if not small.any():
        return np.zeros_like(binary, dtype=bool)
    letters = (binary > 0) & ~small[labels] & (_rules(binary) == 0)  # a speck beside a rule is still a speck
    across, up = max(3, round(1.2 / 25.4 * dpi)), max(2, round(0.8 / 25.4 * dpi))
    reach = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * across + 1, 2 * up + 1))
    near = cv2.dilate(letters.astype(np.uint8), reach)
    lonely = small[labels] & (near == 0)
    return lonely


def despeckle(
    gray: np.ndarray, binary: np.ndarray, dpi: int = 300, per_cm2: float = 1.0
) -> tuple[np.ndarray, int]:
    """The page with its specks painted white, when it has more than `per_cm2` of them (a clean
    scan is left as it is: a step matched to the noise found); and how many there were."""
    mask = specks(binary, dpi)
    count = cv2.connectedComponents(mask.astype(np.uint8))[0] - 1
    area = (gray.shape[0] / dpi * 2.54) * (gray.shape[1] / dpi * 2.54)
    if count < per_cm2 * area:
        return gray, count
    cleaned = gray.copy()
    cleaned[cv2.dilate(mask.astype(np.uint8), np.ones((3, 3), np.uint8)) > 0] = 255
    return cleaned, count


def paper(gray: np.ndarray, full_size: bool = True) -> np.ndarray:
    """The page's paper without its ink: the brightest level around each point, at an eighth of
    the size, over a neighbourhood wider than any letter (about 1 cm at 300 dpi); at that
    eighth unless `full_size`."""
    small = cv2.resize(gray, None, fx=0.125, fy=0.125, interpolation=cv2.INTER_AREA)
    closed = cv2.morphologyEx(small, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (15, 15)))
    smooth = cv2.GaussianBlur(closed, (0, 0), 4)
    if not full_size:
        return smooth
    return cv2.resize(smooth, (gray.shape[1], gray.shape[0]), interpolation=cv2.INTER_LINEAR)


def even_light(gray: np.ndarray, spread: float = 25.0) -> tuple[np.ndarray, float]:
    """The page as if lit evenly, when its paper's brightness varies by more than `spread` grey
    levels (a corner in shadow, a phone's photo), each pixel divided by the paper under it; an
    evenly lit scan is left as it is (measured at an eighth of the size: 20 ms). Returns the
    page and the paper's spread."""
    small = paper(gray, full_size=False)
    found = float(np.percentile(small, 95) - np.percentile(small, 5))
    if found < spread:
        return gray, found
    background = cv2.resize(small, (gray.shape[1], gray.shape[0]), interpolation=cv2.INTER_LINEAR)
    level = np.clip(gray.astype(np.float32) / np.maximum(background.astype(np.float32), 1.0) * 255.0, 0, 255)
    return level.astype(np.uint8), found
