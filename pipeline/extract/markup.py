"""Turn cell text that still carries export markup into the text a reader sees.

Exports of official documents leave HTML (`<i>`, `<ul><li>`, `<p>`), LaTeX
(`$= (b+d)/(a+c)$`, `\\text{Điểm tối đa}`) and Markdown emphasis (`*Nhiệm vụ:*`) in
cells and paragraphs. "<i>Đạt điểm tối đa:</i> 52/57" → "Đạt điểm tối đa: 52/57".
"""

from __future__ import annotations

import html
import re
import unicodedata
from html.parser import HTMLParser

_BLOCK_TAGS = {"p", "li", "br", "div", "tr", "ul", "ol"}
_LATEX_TEXT = re.compile(r"\\(?:text|mathrm|textbf|textit)\{([^{}]*)\}")
_LATEX_INLINE = re.compile(r"\$([^$]{1,400})\$")
_LATEX_COMMANDS = {
    r"\times": "×",
    r"\cdot": "·",
    r"\geq": "≥",
    r"\leq": "≤",
    r"\ge": "≥",
    r"\le": "≤",
    r"\%": "%",
}
# Emphasis opens after a space or "(" and closes before a space or punctuation, so the
# multiplication in "1/2*Điểm tối đa" is left alone; "**" never means multiplication.
_MD_EMPHASIS = re.compile(r"(?<![\w/)])(\*{1,3})(?=[^\s*])(.+?)(?<=[^\s*])\1(?!\w)")
_MD_DOUBLE_STARS = re.compile(r"\*{2,3}")
_SPACES = re.compile(r"[ \t\u00a0]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")


class _TextCollector(HTMLParser):
    """Collects text, turning block-level tags into line breaks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def strip_html(text: str) -> str:
    """Given text that may hold HTML tags, return its visible text with block breaks."""
    if "<" not in text and "&" not in text:
        return text
    if not re.search(r"</?[a-zA-Z][^>]*>", text):
        return html.unescape(text)
    collector = _TextCollector()
    collector.feed(text)
    collector.close()
    return "".join(collector.parts)


def strip_latex(text: str) -> str:
    """Given text with inline LaTeX, return the formula as plain text: "$= (b+d)/(a+c)$" → "= (b+d)/(a+c)"."""
    if "$" not in text and "\\" not in text:
        return text

    def plain(match: re.Match[str]) -> str:
        inner = _LATEX_TEXT.sub(r"\1", match.group(1))
        for command, symbol in _LATEX_COMMANDS.items():
            inner = inner.replace(command, symbol)
        return inner.strip()

    text = _LATEX_INLINE.sub(plain, text)
    return _LATEX_TEXT.sub(r"\1", text)


def tidy_whitespace(text: str) -> str:
    """Collapse runs of spaces, trim each line and drop empty lines."""
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def clean_text(text: str) -> str:
    """Given raw cell or paragraph text, return it NFC, without markup, whitespace tidied."""
    text = unicodedata.normalize("NFC", text)
    text = strip_html(text)
    text = strip_latex(text)
    text = _MD_DOUBLE_STARS.sub("", _MD_EMPHASIS.sub(r"\2", text))
    return tidy_whitespace(_BLANK_LINES.sub("\n", text))


BULLET = re.compile(r"^\s*[-–•+]\s")  # a list item: "- ", "• ", "+ "


def join_wrapped_lines(text: str) -> str:
    """Lines a narrow cell wrapped, joined back: "Đã triển khai 09 máy\ntính" → "Đã triển
    khai 09 máy tính"; a code or number cut at a separator is joined without a space
    ("5.12." + "1"); bullet lines stay lines."""
    out: list[str] = []
    for line in (part.strip() for part in text.split("\n")):
        if out and (
            (re.search(r"\d[./-]$", out[-1]) and line[:1].isdigit())
            or (out[-1][-1:].isdigit() and re.match(r"[./]\d", line))
        ):
            out[-1] += line
        elif out and not BULLET.match(line):
            out[-1] = f"{out[-1]} {line}".strip()
        else:
            out.append(line)
    return "\n".join(out)
