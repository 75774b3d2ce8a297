"""styles.xml: style id -> resolved style (name, heading level, run formatting, numbering).

Styles are looked up by id and resolved through their ``w:basedOn`` chain once
per document (cached), cycles guarded. Heading levels come from the style
*name* ("heading 1", whatever the localised id) or ``w:outlineLvl``, never
from the id.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

from policykit.docx.xml import (
    W_B,
    W_BASED_ON,
    W_CAPS,
    W_DEFAULT,
    W_DOC_DEFAULTS,
    W_I,
    W_ILVL,
    W_IND,
    W_JC,
    W_LEFT,
    W_NAME,
    W_NUM_ID,
    W_NUM_PR,
    W_OUTLINE_LVL,
    W_PPR,
    W_PPR_DEFAULT,
    W_RPR,
    W_RPR_DEFAULT,
    W_SMALL_CAPS,
    W_SPEC_VANISH,
    W_START_ATTR,
    W_STYLE,
    W_STYLE_ID,
    W_SZ,
    W_TYPE,
    W_U,
    W_VAL,
    W_VANISH,
    Element,
    first_child,
    int_attr,
    on_off,
)

_T = TypeVar("_T")
_HEADING_NAME = re.compile(r"heading\s*([1-9])")
_MAX_CHAIN = 32
_ALIGNMENTS = {"start": "left", "end": "right"}


@dataclass(frozen=True, slots=True)
class RunProps:
    """Run formatting; ``None`` means "not set here" (inherit)."""

    bold: bool | None = None
    italic: bool | None = None
    underline: bool | None = None
    caps: bool | None = None
    small_caps: bool | None = None
    size: float | None = None  # points
    hidden: bool | None = None  # w:vanish or w:specVanish: not shown

    def over(self, base: RunProps) -> RunProps:
        """These properties laid over ``base``."""
        return RunProps(
            base.bold if self.bold is None else self.bold,
            base.italic if self.italic is None else self.italic,
            base.underline if self.underline is None else self.underline,
            base.caps if self.caps is None else self.caps,
            base.small_caps if self.small_caps is None else self.small_caps,
            base.size if self.size is None else self.size,
            base.hidden if self.hidden is None else self.hidden,
        )


EMPTY_RUN_PROPS = RunProps()
PLAIN_RUN_PROPS = RunProps(False, False, False, False, False, None, False)


def read_run_props(rpr: Element | None) -> RunProps:
    """The formatting set directly in one ``w:rPr``."""
    if rpr is None or not len(rpr):
        return EMPTY_RUN_PROPS
    bold = italic = underline = caps = small_caps = hidden = None
    size: float | None = None
    for child in rpr:
        tag = child.tag
        if tag == W_B:
            bold = on_off(child)
        elif tag == W_I:
            italic = on_off(child)
        elif tag == W_U:
            val = child.get(W_VAL)
            underline = val is None or val.lower() != "none"
        elif tag == W_CAPS:
            caps = on_off(child)
        elif tag == W_SMALL_CAPS:
            small_caps = on_off(child)
        elif tag == W_SZ:
            half_points = int_attr(child, W_VAL)
            if half_points is not None and half_points > 0:
                size = half_points / 2
        elif tag in (W_VANISH, W_SPEC_VANISH):
            hidden = on_off(child) or bool(hidden)
    return RunProps(bold, italic, underline, caps, small_caps, size, hidden)


def left_indent(ind: Element | None) -> int | None:
    """``w:ind`` left (or strict ``start``) in twips."""
    if ind is None:
        return None
    value = int_attr(ind, W_LEFT)
    return int_attr(ind, W_START_ATTR) if value is None else value


def alignment(jc: Element | None) -> str | None:
    if jc is None:
        return None
    val = jc.get(W_VAL)
    return _ALIGNMENTS.get(val, val) if val else None


@dataclass(frozen=True, slots=True)
class _Raw:
    """What one style element says by itself."""

    name: str | None
    kind: str
    based_on: str | None
    run: RunProps
    num_id: str | None
    ilvl: int | None
    ind_left: int | None
    alignment: str | None
    outline_level: int | None


@dataclass(frozen=True, slots=True)
class StyleInfo:
    """A style resolved through its ``basedOn`` chain (and docDefaults for paragraph styles)."""

    style_id: str | None
    name: str | None
    kind: str
    chain: tuple[str, ...]  # this style's id first, then what it is based on
    heading_level: int | None
    is_title: bool
    run: RunProps  # paragraph styles: complete (docDefaults included); others: chain only
    num_id: str | None
    ilvl: int | None
    ind_left: int | None
    alignment: str | None

    @property
    def list_name_level(self) -> int | None:
        """Level from a nested list style's name: "List Bullet 2" -> 1, "List Number 3" -> 2."""
        name = (self.name or "").lower()
        match = _LIST_SUFFIX.fullmatch(name)
        return int(match.group(1)) - 1 if match else None


_LIST_SUFFIX = re.compile(r"list(?: bullet| number| continue)?\s*([2-9])")

NO_STYLE = StyleInfo(
    None, None, "paragraph", (), None, False, PLAIN_RUN_PROPS, None, None, None, None
)


class Styles:
    """The styles of one document; ``Styles(None)`` when the package has no styles part."""

    def __init__(self, root: Element | None) -> None:
        self._elements: dict[str, Element] = {}
        self._raw: dict[str, _Raw] = {}
        self._resolved: dict[str | None, StyleInfo] = {}
        self._character: dict[str | None, RunProps] = {}
        self.default_paragraph: str | None = None
        self.default_character: str | None = None
        self.defaults_run = PLAIN_RUN_PROPS
        self.defaults_ind_left: int | None = None
        self.defaults_alignment: str | None = None
        self._hides = False  # see hide_text
        if root is None:
            return
        self._hides = any(True for _ in root.iter(W_VANISH, W_SPEC_VANISH))
        for el in root:
            tag = el.tag
            if tag == W_STYLE:
                style_id = el.get(W_STYLE_ID)
                if style_id is None or style_id in self._elements:
                    continue
                self._elements[style_id] = el
                if on_off_attr(el.get(W_DEFAULT)):
                    kind = el.get(W_TYPE) or "paragraph"
                    if kind == "paragraph" and self.default_paragraph is None:
                        self.default_paragraph = style_id
                    elif kind == "character" and self.default_character is None:
                        self.default_character = style_id
            elif tag == W_DOC_DEFAULTS:
                self._read_defaults(el)

    def _read_defaults(self, el: Element) -> None:
        rpr_default = first_child(el, W_RPR_DEFAULT)
        if rpr_default is not None:
            direct = read_run_props(first_child(rpr_default, W_RPR))
            self.defaults_run = direct.over(PLAIN_RUN_PROPS)
        ppr_default = first_child(el, W_PPR_DEFAULT)
        if ppr_default is not None:
            ppr = first_child(ppr_default, W_PPR)
            if ppr is not None:
                self.defaults_ind_left = left_indent(first_child(ppr, W_IND))
                self.defaults_alignment = alignment(first_child(ppr, W_JC))

    @property
    def hide_text(self) -> bool:
        """Some style (or the document defaults) may hide text (w:vanish, w:specVanish).

        Found once, cheaply (lxml answers at once when the part never names the
        element); the walk asks each run's styles only when this is True.
        """
        return self._hides

    def __contains__(self, style_id: str) -> bool:
        return style_id in self._elements

    def freeze(self) -> Styles:
        """Read every style now and let go of the XML: a small copy to share.

        The reader shares one frozen copy between documents made from the same
        template; it answers every question exactly as the unfrozen one does.
        """
        for style_id in self._elements:
            self._raw_style(style_id)
        self._elements = dict.fromkeys(self._elements)  # the ids are all still asked for
        return self

    def definitions(self) -> int:
        """How many styles this holds (what a kept copy costs, roughly, in hundreds of bytes)."""
        return len(self._elements)

    def raw_num_id(self, style_id: str) -> str | None:
        """The numId a style names itself (for ``w:numStyleLink``), chain not followed."""
        raw = self._raw_style(style_id)
        return raw.num_id if raw else None

    def _raw_style(self, style_id: str) -> _Raw | None:
        raw = self._raw.get(style_id)
        if raw is not None:
            return raw
        el = self._elements.get(style_id)
        if el is None:
            return None
        name_el = based_el = ppr = rpr = None
        for child in el:  # one pass (a template's styles part holds hundreds of styles)
            tag = child.tag
            if tag == W_NAME:
                name_el = name_el if name_el is not None else child
            elif tag == W_BASED_ON:
                based_el = based_el if based_el is not None else child
            elif tag == W_PPR:
                ppr = ppr if ppr is not None else child
            elif tag == W_RPR:
                rpr = rpr if rpr is not None else child
        num_id = ilvl = ind_left = align = outline = None
        if ppr is not None:
            num_pr = first_child(ppr, W_NUM_PR)
            if num_pr is not None:
                num_el = first_child(num_pr, W_NUM_ID)
                if num_el is not None:
                    num_id = num_el.get(W_VAL)
                ilvl = int_attr(first_child(num_pr, W_ILVL), W_VAL)
            ind_left = left_indent(first_child(ppr, W_IND))
            align = alignment(first_child(ppr, W_JC))
            outline = int_attr(first_child(ppr, W_OUTLINE_LVL), W_VAL)
        raw = _Raw(
            name=name_el.get(W_VAL) if name_el is not None else None,
            kind=el.get(W_TYPE) or "paragraph",
            based_on=based_el.get(W_VAL) if based_el is not None else None,
            run=read_run_props(rpr),
            num_id=num_id,
            ilvl=ilvl,
            ind_left=ind_left,
            alignment=align,
            outline_level=outline,
        )
        self._raw[style_id] = raw
        return raw

    def _chain(self, style_id: str) -> list[tuple[str, _Raw]]:
        chain: list[tuple[str, _Raw]] = []
        seen: set[str] = set()
        current: str | None = style_id
        while current is not None and current not in seen and len(chain) < _MAX_CHAIN:
            raw = self._raw_style(current)
            if raw is None:
                break
            seen.add(current)
            chain.append((current, raw))
            current = raw.based_on
        return chain

    def paragraph(self, style_id: str | None) -> StyleInfo:
        """The resolved paragraph style; the default paragraph style for None or an unknown id."""
        info = self._resolved.get(style_id)
        if info is not None:
            return info
        if style_id is not None and style_id not in self._elements:
            # Remembered under None, not under the unknown id: a kept copy shared by
            # many documents must not grow with the ids they make up.
            return self.paragraph(None)
        lookup = style_id if style_id is not None else self.default_paragraph
        info = self._resolve(lookup, complete=True)
        self._resolved[style_id] = info
        return info

    def character(self, style_id: str | None) -> RunProps:
        """The run formatting a character style (and its chain) sets; nothing for None."""
        if style_id is None or style_id not in self._elements:
            return EMPTY_RUN_PROPS  # an unknown id is not remembered (see paragraph)
        props = self._character.get(style_id)
        if props is None:
            props = EMPTY_RUN_PROPS
            for _, raw in reversed(self._chain(style_id)):
                props = raw.run.over(props)
            self._character[style_id] = props
        return props

    def _resolve(self, style_id: str | None, *, complete: bool) -> StyleInfo:
        chain = self._chain(style_id) if style_id is not None else []
        run = self.defaults_run if complete else EMPTY_RUN_PROPS
        for _, raw in reversed(chain):
            run = raw.run.over(run)
        heading_level: int | None = None
        is_title = False
        for _, raw in chain:
            name = (raw.name or "").strip().lower()
            match = _HEADING_NAME.fullmatch(name)
            if match:
                heading_level = int(match.group(1))
                break
            if name == "title":
                is_title = True
                break
            if raw.outline_level is not None and 0 <= raw.outline_level < 9:
                heading_level = raw.outline_level + 1
                break
        num_id = _first(raw.num_id for _, raw in chain)
        ilvl = _first(raw.ilvl for _, raw in chain)
        ind_left = _first(raw.ind_left for _, raw in chain)
        align = _first(raw.alignment for _, raw in chain)
        return StyleInfo(
            style_id=style_id,
            name=chain[0][1].name if chain else None,
            kind=chain[0][1].kind if chain else "paragraph",
            chain=tuple(sid for sid, _ in chain),
            heading_level=heading_level,
            is_title=is_title,
            run=run,
            num_id=num_id,
            ilvl=ilvl,
            ind_left=self.defaults_ind_left if ind_left is None else ind_left,
            alignment=self.defaults_alignment if align is None else align,
        )


def on_off_attr(value: str | None) -> bool:
    return value is not None and value.lower() in ("1", "true", "on")


def _first(values: Iterable[_T | None]) -> _T | None:
    for value in values:
        if value is not None:
            return value
    return None
