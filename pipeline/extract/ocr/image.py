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


def skew_angle(binary: np.ndarray) -> float:
    """The median angle (degrees) of the long horizontal ruling lines; 0 when there are none."""
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
        angles.append(np.degrees(np.arctan(slope)))
    return float(np.median(angles)) if angles else 0.0


def deskew(gray: np.ndarray) -> tuple[np.ndarray, float]:
    """The page turned level, and the angle it was turned by."""
    angle = skew_angle(binarise(gray))
    if abs(angle) < 0.05:
        return gray, 0.0
    h, w = gray.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    level = cv2.warpAffine(gray, matrix, (w, h), flags=cv2.INTER_CUBIC, borderValue=255)
    return level, angle
