"""OpenDocument styles: names, parents, outline levels, text formatting, list styles.

Named styles live in ``styles.xml`` (``office:styles``); each part has its own
automatic styles (``office:automatic-styles``: direct formatting, named
``P1``, ``T1`` ...), so a :class:`StyleSheet` is made per part from the shared
named styles and that part's automatic ones. A style inherits from its
``style:parent-style-name``; a paragraph's runs inherit from the paragraph's
style, then from each enclosing ``text:span``'s.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Final

from policykit.docx.lists import manual_label
from policykit.docx.xml import Element

OFFICE_NS: Final = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
TEXT_NS: Final = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
TABLE_NS: Final = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
STYLE_NS: Final = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
FO_NS: Final = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
DRAW_NS: Final = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
META_NS: Final = "urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
DC_NS: Final = "http://purl.org/dc/elements/1.1/"


def office(local: str) -> str:
    """``{office namespace}local``."""
    return "{" + OFFICE_NS + "}" + local


def text(local: str) -> str:
    """``{text namespace}local``."""
    return "{" + TEXT_NS + "}" + local


def table(local: str) -> str:
    """``{table namespace}local``."""
    return "{" + TABLE_NS + "}" + local


def style(local: str) -> str:
    """``{style namespace}local``."""
    return "{" + STYLE_NS + "}" + local


def fo(local: str) -> str:
    """``{fo namespace}local``."""
    return "{" + FO_NS + "}" + local


_HEADING_NAME = re.compile(r"heading\s*([1-9])")
_ESCAPE = re.compile(r"_([0-9a-fA-F]{2,4})_")  # "Heading_20_1" is "Heading 1"
_ALIGNMENTS: Final = {"start": "left", "end": "right", "justify": "both"}  # as Word's
_MAX_CHAIN: Final = 32  # parents followed (a loop or an absurd chain stops here)


def display_name(name: str) -> str:
    """A style's name as the user sees it: ``Heading_20_1`` -> ``Heading 1``."""
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), name)


@dataclass(frozen=True, slots=True)
class TextProps:
    """Text formatting one style sets (None: not set here, inherited)."""

    bold: bool | None = None
    italic: bool | None = None
    underline: bool | None = None
    caps: bool | None = None
    hidden: bool | None = None
    size: float | None = None  # points
    scale: float | None = None  # a size given as a percentage of the inherited one

    def over(self, base: TextProps) -> TextProps:
        """These properties over ``base`` (what is not set here comes from it)."""
        size = self.size
        if size is None and self.scale is not None and base.size is not None:
            size = base.size * self.scale
        return TextProps(
            base.bold if self.bold is None else self.bold,
            base.italic if self.italic is None else self.italic,
            base.underline if self.underline is None else self.underline,
            base.caps if self.caps is None else self.caps,
            base.hidden if self.hidden is None else self.hidden,
            base.size if size is None else size,
        )


NO_TEXT_PROPS: Final = TextProps()


def _points(value: str | None) -> tuple[float | None, float | None]:
    """``"14pt"`` -> (14.0, None); ``"120%"`` -> (None, 1.2); other units converted."""
    if not value:
        return None, None
    value = value.strip()
    try:
        if value.endswith("%"):
            return None, float(value[:-1]) / 100
        for unit, factor in (("pt", 1.0), ("in", 72.0), ("cm", 72 / 2.54), ("mm", 72 / 25.4)):
            if value.endswith(unit):
                return float(value[: -len(unit)]) * factor, None
        if value.endswith("pc"):
            return float(value[:-2]) * 12, None
    except ValueError:
        return None, None
    return None, None


def read_text_props(el: Element | None) -> TextProps:
    """``style:text-properties`` -> :class:`TextProps`."""
    if el is None:
        return NO_TEXT_PROPS
    weight = el.get(fo("font-weight"))
    bold = None
    if weight:
        bold = weight == "bold" or (weight.isdigit() and int(weight) >= 600)
    font_style = el.get(fo("font-style"))
    italic = None if font_style is None else font_style in ("italic", "oblique")
    under = el.get(style("text-underline-style"))
    underline = None if under is None else under != "none"
    transform, variant = el.get(fo("text-transform")), el.get(fo("font-variant"))
    caps = None
    if transform is not None or variant is not None:
        caps = transform == "uppercase" or variant == "small-caps"
    display = el.get(text("display"))
    hidden = None if display is None else display == "none"
    size, scale = _points(el.get(fo("font-size")))
    return TextProps(bold, italic, underline, caps, hidden, size, scale)


@dataclass(frozen=True, slots=True)
class RawStyle:
    """What one ``style:style`` element says by itself."""

    name: str
    family: str
    display: str
    parent: str | None
    outline_level: int | None  # style:default-outline-level
    text: TextProps
    alignment: str | None
    list_style: str | None
    indent: int | None  # fo:margin-left in twips (as Word's w:ind w:left)


def read_style(el: Element) -> RawStyle | None:
    """A ``style:style`` element, or None when it has no name."""
    name = el.get(style("name"))
    if not name:
        return None
    level = el.get(style("default-outline-level"))
    outline = int(level) if level and level.isdigit() else None
    para = el.find(style("paragraph-properties"))
    align = None if para is None else para.get(fo("text-align"))
    margin = _points(None if para is None else para.get(fo("margin-left")))[0]
    return RawStyle(
        name=name,
        family=el.get(style("family")) or "paragraph",
        display=el.get(style("display-name")) or display_name(name),
        parent=el.get(style("parent-style-name")),
        outline_level=outline,
        text=read_text_props(el.find(style("text-properties"))),
        alignment=_ALIGNMENTS.get(align, align) if align else None,
        list_style=el.get(style("list-style-name")),
        indent=None if margin is None else round(margin * 20),
    )


@dataclass(frozen=True, slots=True)
class ParagraphStyle:
    """A paragraph style resolved through its parents."""

    style_id: str | None  # the named style (an automatic style's parent), as written
    name: str | None  # its display name, e.g. "Heading 1"
    heading_level: int | None
    is_title: bool
    text: TextProps
    alignment: str | None
    list_style: str | None
    indent: int | None  # twips


@dataclass(frozen=True, slots=True)
class ListLevel:
    """One level of a list style: numbered or bulleted, and how its label is made."""

    ordered: bool
    label: str = ""  # the bullet character
    num_format: str = "1"
    prefix: str = ""
    suffix: str = ""


@dataclass(slots=True)
class StyleSheet:
    """The styles one part can use: the named styles and the part's automatic ones."""

    named: dict[tuple[str, str], RawStyle] = field(default_factory=dict)
    automatic: dict[tuple[str, str], RawStyle] = field(default_factory=dict)
    defaults: TextProps = NO_TEXT_PROPS  # style:default-style of paragraphs
    lists: dict[str, dict[int, ListLevel]] = field(default_factory=dict)
    _resolved: dict[str | None, ParagraphStyle] = field(default_factory=dict)
    _spans: dict[str, TextProps] = field(default_factory=dict)

    def add(self, container: Element | None, automatic: bool) -> None:
        """The ``style:style`` and ``text:list-style`` children of ``office:(automatic-)styles``."""
        if container is None:
            return
        target = self.automatic if automatic else self.named
        for el in container:
            tag = el.tag
            if tag == style("style"):
                raw = read_style(el)
                if raw is not None:
                    target.setdefault((raw.family, raw.name), raw)
            elif tag == style("default-style") and el.get(style("family")) == "paragraph":
                self.defaults = read_text_props(el.find(style("text-properties")))
            elif tag == text("list-style"):
                name = el.get(style("name"))
                if name:
                    self.lists.setdefault(name, _list_levels(el))

    def with_automatic(self, container: Element | None) -> StyleSheet:
        """A sheet sharing these named styles, with another part's automatic styles."""
        sheet = StyleSheet(dict(self.named), {}, self.defaults, dict(self.lists))
        sheet.add(container, automatic=True)
        return sheet

    def _get(self, family: str, name: str, automatic_first: bool) -> RawStyle | None:
        if automatic_first:
            found = self.automatic.get((family, name))
            if found is not None:
                return found
        return self.named.get((family, name))

    def _chain(self, family: str, name: str | None) -> list[RawStyle]:
        chain: list[RawStyle] = []
        first = True
        while name and len(chain) < _MAX_CHAIN:
            raw = self._get(family, name, first)
            if raw is None or raw in chain:
                break
            chain.append(raw)
            name, first = raw.parent, False
        return chain

    def paragraph(self, name: str | None) -> ParagraphStyle:
        """The paragraph style ``name`` (automatic or named) resolved through its parents."""
        kept = self._resolved.get(name)
        if kept is not None:
            return kept
        chain = self._chain("paragraph", name)
        if not chain and name:
            # Used but not defined (pandoc writes "Title" without defining it): the
            # name still says what the paragraph is, as LibreOffice reads it.
            unknown = RawStyle(name, "paragraph", display_name(name), None, None,
                               NO_TEXT_PROPS, None, None, None)  # fmt: skip
            self.named.setdefault(("paragraph", name), unknown)
            chain = [self.named[("paragraph", name)]]
        props = self.defaults
        for raw in reversed(chain):
            props = raw.text.over(props)
        named = next((raw for raw in chain if self.named.get((raw.family, raw.name)) is raw), None)
        heading_level: int | None = None
        is_title = False
        for raw in chain:
            display = raw.display.strip().lower()
            match = _HEADING_NAME.fullmatch(display)
            if match:
                heading_level = int(match.group(1))
                break
            if display == "title":
                is_title = True
                break
            if raw.outline_level is not None and 1 <= raw.outline_level <= 9:
                heading_level = raw.outline_level
                break
        resolved = ParagraphStyle(
            style_id=named.name if named is not None else None,
            name=named.display if named is not None else None,
            heading_level=heading_level,
            is_title=is_title,
            text=props,
            alignment=next((raw.alignment for raw in chain if raw.alignment), None),
            list_style=next((raw.list_style for raw in chain if raw.list_style), None),
            indent=next((raw.indent for raw in chain if raw.indent is not None), None),
        )
        self._resolved[name] = resolved
        return resolved

    def span(self, name: str | None) -> TextProps:
        """What a ``text:span`` style sets (its parents included), over nothing."""
        if not name:
            return NO_TEXT_PROPS
        kept = self._spans.get(name)
        if kept is None:
            kept = NO_TEXT_PROPS
            for raw in reversed(self._chain("text", name)):
                kept = raw.text.over(kept)
            self._spans[name] = kept
        return kept


def _list_levels(el: Element) -> dict[int, ListLevel]:
    levels: dict[int, ListLevel] = {}
    for child in el:
        raw_level = child.get(text("level"))
        if not raw_level or not raw_level.isdigit():
            continue
        level = int(raw_level)
        if child.tag == text("list-level-style-number"):
            levels[level] = ListLevel(
                True,
                num_format=child.get(style("num-format")) or "",
                prefix=child.get(style("num-prefix")) or "",
                suffix=child.get(style("num-suffix")) or "",
            )
        elif child.tag == text("list-level-style-bullet"):
            char = child.get(text("bullet-char")) or "•"
            levels[level] = ListLevel(False, label=manual_label(char))
    return levels


def number_label(level: ListLevel, n: int) -> str:
    """The label of item ``n`` (1-based): ``"1."``, ``"a)"``, ``"iv."``; a bullet's character."""
    if not level.ordered:
        return level.label
    fmt = level.num_format
    if fmt in ("a", "A"):
        digits = ""
        m = n
        while m > 0:
            m, r = divmod(m - 1, 26)
            digits = chr(ord("a") + r) + digits
        core = digits.upper() if fmt == "A" else digits
    elif fmt in ("i", "I"):
        core = _roman(n)
        core = core.upper() if fmt == "I" else core
    elif fmt == "":
        core = ""
    else:
        core = str(n)
    return f"{level.prefix}{core}{level.suffix}"


def _roman(n: int) -> str:
    out = ""
    for value, letters in (
        (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
        (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
    ):  # fmt: skip
        while n >= value:
            out, n = out + letters, n - value
    return out
