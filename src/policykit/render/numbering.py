"""List numbering: one bullet and one numbered definition, and a new ``w:num`` per list.

Every list gets its own ``w:num`` with a ``w:startOverride`` on each level, so
numbered lists restart at 1 and readers can tell two lists apart. Nesting is
``w:ilvl`` (with the matching "List Bullet 2"-style paragraph style, so the
level is plain from the style too).
"""

from __future__ import annotations

from typing import Protocol, cast

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.shared import CT_DecimalNumber
from docx.parts.document import DocumentPart
from docx.parts.numbering import NumberingPart
from docx.text.paragraph import Paragraph
from lxml import etree

from .errors import RenderError

LEVELS = 9
_BULLETS = ("\u2022", "\u25e6", "\u25aa")  # • ◦ ▪
_NUMBER_FORMATS = (("decimal", "%{n}."), ("lowerLetter", "%{n})"), ("lowerRoman", "%{n}."))
_INDENT_STEP = 720  # twips per level
_HANGING = 360


def _level_xml(ilvl: int, ordered: bool) -> str:
    left = _INDENT_STEP * (ilvl + 1)
    if ordered:
        fmt, text = _NUMBER_FORMATS[ilvl % len(_NUMBER_FORMATS)]
        text = text.format(n=ilvl + 1)
        rpr = ""
    else:
        fmt, text = "bullet", _BULLETS[ilvl % len(_BULLETS)]
        rpr = (
            '<w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:cs="Arial" w:hint="default"/>'
            "</w:rPr>"
        )
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:left="{left}" w:hanging="{_HANGING}"/></w:pPr>{rpr}</w:lvl>'
    )


def _abstract_xml(abstract_id: int, ordered: bool) -> str:
    levels = "".join(_level_xml(i, ordered) for i in range(LEVELS))
    # nsid: a stable id Word uses to tell definitions apart when pasting
    nsid = f"{0x504B0000 + abstract_id * 2 + int(ordered):08X}"
    return (
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
        f'<w:nsid w:val="{nsid}"/><w:multiLevelType w:val="hybridMultilevel"/>'
        f"{levels}</w:abstractNum>"
    )


# python-docx's numbering elements (``docx.oxml.numbering``) as used here: their
# methods are untyped, and the ``get_or_add_*`` ones are made at import time from
# the element's declared children, so type checkers do not see them.


class _LevelOverride(Protocol):  # w:lvlOverride (CT_NumLvl)
    def add_startOverride(self, val: int) -> CT_DecimalNumber: ...


class _Num(Protocol):  # w:num (CT_Num)
    numId: int

    def add_lvlOverride(self, ilvl: int) -> _LevelOverride: ...


class _NumberingElement(Protocol):  # w:numbering (CT_Numbering), the numbering part's root
    def add_num(self, abstractNum_id: int) -> _Num: ...
    def xpath(self, xpath_str: str) -> list[str]: ...
    def findall(self, path: str) -> list[etree._Element]: ...
    def insert(self, index: int, element: etree._Element) -> None: ...


class _NumPr(Protocol):  # w:numPr (CT_NumPr)
    def get_or_add_ilvl(self) -> CT_DecimalNumber: ...
    def get_or_add_numId(self) -> CT_DecimalNumber: ...


class _PPr(Protocol):  # w:pPr (CT_PPr)
    def get_or_add_numPr(self) -> _NumPr: ...


def set_list_level(paragraph: Paragraph, num_id: int, level: int) -> None:
    """Make ``paragraph`` an item of list ``num_id`` at ``level`` (0-8) (its ``w:numPr``)."""
    ppr = cast(_PPr, paragraph._p.get_or_add_pPr())  # a CT_PPr: see the note above
    num_pr = ppr.get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = level
    num_pr.get_or_add_numId().val = num_id


class ListNumbering:
    """Adds list definitions to a document's numbering part, creating the part if needed."""

    def __init__(self, document_part: DocumentPart) -> None:
        self._document_part = document_part
        self._element: _NumberingElement | None = None
        self._abstract: dict[bool, int] = {}

    def _numbering(self) -> _NumberingElement:
        if self._element is None:
            part = self._document_part
            try:
                numbering_part = part.part_related_by(RT.NUMBERING)
            except KeyError:
                numbering_part = NumberingPart(
                    PackURI("/word/numbering.xml"),
                    CT.WML_NUMBERING,
                    parse_xml(f"<w:numbering {nsdecls('w')}/>"),
                    part.package,
                )
                part.relate_to(numbering_part, RT.NUMBERING)
            if not isinstance(numbering_part, XmlPart):  # python-docx read it as bytes
                raise RenderError("the house style's numbering part is not numbering XML")
            self._element = numbering_part.element
        return self._element

    def _abstract_id(self, ordered: bool) -> int:
        found = self._abstract.get(ordered)
        if found is not None:
            return found
        numbering = self._numbering()
        used = [int(x) for x in numbering.xpath("./w:abstractNum/@w:abstractNumId")]
        abstract_id = max(used, default=-1) + 1
        element = parse_xml(_abstract_xml(abstract_id, ordered))
        nums = numbering.findall(qn("w:num"))
        if nums:
            nums[0].addprevious(element)
        else:
            # after the last abstractNum (or numPicBullet), before w:numIdMacAtCleanup
            last = numbering.findall(qn("w:abstractNum"))
            if last:
                last[-1].addnext(element)
            else:
                pictures = numbering.findall(qn("w:numPicBullet"))
                if pictures:
                    pictures[-1].addnext(element)
                else:
                    numbering.insert(0, element)
        self._abstract[ordered] = abstract_id
        return abstract_id

    def new_list(self, ordered: bool) -> int:
        """The numId of a new list, restarting at 1 on every level."""
        num = self._numbering().add_num(self._abstract_id(ordered))
        for ilvl in range(LEVELS):
            num.add_lvlOverride(ilvl=ilvl).add_startOverride(1)
        return int(num.numId)
