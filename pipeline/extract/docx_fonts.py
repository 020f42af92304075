"""Which font a Word run is in, as Word decides it, so legacy text is found wherever it hides.

A run's font comes from the first of: its own `rFonts`, its character style, its
paragraph's style (and the styles that one is `basedOn`), the document defaults
(`docDefaults`), each possibly naming a theme font ("minorHAnsi") that `theme1.xml`
resolves. A 1998 plan typed in ".VnTime" often states the font only in its "Normal" style,
so reading `rFonts` alone leaves "KÕ ho¹ch" unconverted.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from docx.oxml.ns import qn
from lxml import etree
from lxml.etree import _Element

_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_THEME_SLOTS = {"minor": f"{_A}minorFont", "major": f"{_A}majorFont"}


def _explicit_font(props: _Element | None, theme: Mapping[str, str]) -> str | None:
    """The Latin font an `rPr` names itself: ascii, else hAnsi, else a theme font."""
    if props is None:
        return None
    fonts = props.find(qn("w:rFonts"))
    if fonts is None:
        return None
    for attribute in ("w:ascii", "w:hAnsi"):
        if fonts.get(qn(attribute)):
            return fonts.get(qn(attribute))
    for attribute in ("w:asciiTheme", "w:hAnsiTheme"):
        slot = fonts.get(qn(attribute))
        if slot:
            return theme.get(slot[:5])  # "minorHAnsi" → the theme's minor Latin font
    return None


@dataclass(frozen=True)
class Fonts:
    """The fonts a document's styles, defaults and theme give; `of_run` resolves one run."""

    default: str | None = None
    styles: Mapping[str, tuple[str | None, str | None]] = field(default_factory=dict)  # id → (font, basedOn)
    theme: Mapping[str, str] = field(default_factory=dict)

    def of_style(self, style_id: str | None) -> str | None:
        """A style's font, following `basedOn` (a loop in broken files is cut)."""
        seen: set[str] = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            font, based_on = self.styles.get(style_id, (None, None))
            if font:
                return font
            style_id = based_on
        return None

    def of_run(self, run: _Element, paragraph_style: str | None) -> str | None:
        """The font Word shows the run in: its own, its character style's, its paragraph
        style's, else the document default."""
        props = run.find(qn("w:rPr"))
        own = _explicit_font(props, self.theme)
        if own:
            return own
        char_style = props.find(qn("w:rStyle")) if props is not None else None
        if char_style is not None and (font := self.of_style(char_style.get(qn("w:val")))):
            return font
        return self.of_style(paragraph_style) or self.default


def theme_fonts(theme_xml: bytes | None) -> dict[str, str]:
    """{"minor": "Times New Roman", "major": ...} from a theme part; {} when absent."""
    if not theme_xml:
        return {}
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    root = etree.fromstring(theme_xml, parser)
    fonts = {}
    for slot, tag in _THEME_SLOTS.items():
        latin = root.find(f".//{tag}/{_A}latin")
        if latin is not None and latin.get("typeface"):
            fonts[slot] = latin.get("typeface")
    return fonts


def document_fonts(styles_root: _Element | None, theme: Mapping[str, str]) -> Fonts:
    """The `Fonts` of a document from its styles part (and theme)."""
    if styles_root is None:
        return Fonts(theme=theme)
    default_props = styles_root.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    styles: dict[str, tuple[str | None, str | None]] = {}
    for style in styles_root.iterchildren(qn("w:style")):
        style_id = style.get(qn("w:styleId"))
        if not style_id:
            continue
        based_on = style.find(qn("w:basedOn"))
        styles[style_id] = (
            _explicit_font(style.find(qn("w:rPr")), theme),
            based_on.get(qn("w:val")) if based_on is not None else None,
        )
    return Fonts(default=_explicit_font(default_props, theme), styles=styles, theme=theme)
