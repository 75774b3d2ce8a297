"""The styles a rendered policy uses, and adding any the house style lacks.

Only Word's built-in styles are used (Title, Heading 1-9, List Bullet and List
Number 1-3, Table Grid, Header, Footer), so the navigation pane, a table of
contents and a trust's own restyling all work. A style the house style does
not define is copied from python-docx's default template, with a warning.
"""

from __future__ import annotations

import copy
import functools
from typing import TypeVar

from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.styles.style import BaseStyle, ParagraphStyle, _TableStyle
from docx.styles.styles import Styles
from lxml import etree

from ..messages import Message, note

TITLE = "Title"
TABLE = "Table Grid"
HEADER = "Header"
FOOTER = "Footer"
MAX_HEADING = 9
MAX_LIST_STYLE = 3

_Style = TypeVar("_Style", bound=BaseStyle)


def heading(level: int) -> str:
    return f"Heading {min(max(level, 1), MAX_HEADING)}"


def list_style(ordered: bool, level: int) -> str:
    """ "List Bullet", "List Bullet 2", "List Bullet 3" (deeper levels keep the last)."""
    base = "List Number" if ordered else "List Bullet"
    depth = min(level, MAX_LIST_STYLE - 1)
    return base if depth == 0 else f"{base} {depth + 1}"


@functools.lru_cache(maxsize=1)
def _default_styles() -> Styles:
    styles: Styles = Document().styles
    return styles


def _find(styles: Styles, name: str, of: type[_Style]) -> _Style | None:
    """The style of type ``of`` with this name (``styles[name]`` falls back to style ids)."""
    return next((s for s in styles if isinstance(s, of) and s.name == name), None)


def named(styles: Styles, name: str) -> ParagraphStyle | str:
    """The paragraph style object called ``name``, for python-docx calls.

    python-docx looks styles up by Word's internal lower-case names of built-in
    styles ("heading 1"); LibreOffice writes them as shown ("Heading 1"). Passing
    the style object works for both; the name itself is the fallback.
    """
    return _find(styles, name, ParagraphStyle) or name


def named_table_style(styles: Styles, name: str) -> _TableStyle | str:
    """The table style object called ``name`` (as :func:`named` for paragraph styles)."""
    return _find(styles, name, _TableStyle) or name


def _by_id(styles_element: etree._Element, style_id: str) -> etree._Element | None:
    for style in styles_element.findall(qn("w:style")):
        if style.get(qn("w:styleId")) == style_id:
            return style
    return None


def ensure(document: DocxDocument, names: list[str]) -> list[Message]:
    """Add to ``document`` each named style it lacks; a warning for each one added."""
    warnings: list[Message] = []
    styles: Styles = document.styles
    for name in names:
        if _find(styles, name, BaseStyle) is not None:
            continue
        source = _find(_default_styles(), name, BaseStyle)
        if source is None:  # not a built-in style: nothing to copy
            warnings.append(
                note(
                    "render.missing-style",
                    f"the house style has no {name!r} style and there is no default",
                )
            )
            continue
        element = source.element
        taken = _by_id(styles.element, element.get(qn("w:styleId")))
        if taken is not None:  # the id names another style here: copy under a fresh id
            element = copy.deepcopy(element)
            fresh = element.get(qn("w:styleId")) + "Policykit"
            element.set(qn("w:styleId"), fresh)
        _copy_style(styles.element, _default_styles().element, element)
        warnings.append(
            note(
                "render.missing-style",
                f"the house style has no {name!r} style: Word's default was added",
            )
        )
    return warnings


def _copy_style(target: etree._Element, defaults: etree._Element, element: etree._Element) -> None:
    """Copy one style element (and the styles it is based on or linked to, if missing)."""
    style_id = element.get(qn("w:styleId"), "")
    if _by_id(target, style_id) is not None:
        return
    clone = copy.deepcopy(element)
    ppr = clone.find(qn("w:pPr"))
    if ppr is not None:
        # list styles point at the default template's numbering; lists number themselves
        for num_pr in ppr.findall(qn("w:numPr")):
            ppr.remove(num_pr)
    for rsid in clone.findall(qn("w:rsid")):
        clone.remove(rsid)
    target.append(clone)
    for ref in ("w:basedOn", "w:link", "w:next"):
        found = clone.find(qn(ref))
        if found is None:
            continue
        ref_id = found.get(qn("w:val"))
        if ref_id is None or _by_id(target, ref_id) is not None:
            continue
        source = _by_id(defaults, ref_id)
        if source is None:
            clone.remove(found)
        else:
            _copy_style(target, defaults, source)
