"""The document plan: a producer-neutral description of one test policy.

The planner (plan.py) decides *what* a document says and how it is laid out
in these terms; each renderer turns a :class:`DocPlan` into a .docx through
its producer (python-docx, LibreOffice or pandoc). Only features the chosen
producer can express are ever planned for it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

Source = Literal["docx", "fodt", "html", "md"]

# Logical paragraph styles the renderers know.
STYLES = (
    "Title",
    "Subtitle",
    "Heading 1",
    "Heading 2",
    "Heading 3",
    "PolicyHeading",
    "SectionTitle",
)


@dataclass(frozen=True)
class Run:
    """A stretch of text with direct formatting. ``\\t`` is a tab, ``\\n`` a line break."""

    text: str
    bold: bool = False
    italic: bool = False
    underline: bool = False
    caps: bool = False  # shown in capitals by formatting only (w:caps)
    size: int | None = None  # points
    control: Literal["text", "date"] | None = None  # wrapped in a content control
    control_date: dt.date | None = None  # the date picker's w:fullDate


@dataclass(frozen=True)
class Field:
    """A field in a header or footer: PAGE or DATE (showing ``shown``)."""

    kind: Literal["page", "date"]
    shown: str


Inline = Run | Field


@dataclass
class Para:
    runs: list[Inline]
    style: str | None = None  # one of STYLES, or None for the body style
    center: bool = False
    number_level: int | None = None  # numbered through numbering.xml at this level
    indent: int = 0  # left indent steps (manual bullets)
    tracked_from: str | None = None  # the text a tracked change replaced (python-docx only)
    banner: bool = False  # alone in a shaded one-cell table (a heading "banner")

    @property
    def text(self) -> str:
        return "".join(r.text if isinstance(r, Run) else r.shown for r in self.runs)


@dataclass
class Item:
    text: str
    children: list[Item] = field(default_factory=list)


@dataclass
class ListBlock:
    items: list[Item]
    ordered: bool = False


@dataclass
class Table:
    rows: list[list[str]]
    header: bool = False  # first row is a header row (bold)
    bold_first_col: bool = False
    grid: bool = True


Block = Para | ListBlock | Table


@dataclass
class DocPlan:
    """Everything a renderer needs, plus the ground truth."""

    name: str  # file stem
    producer: str
    source: Source
    blocks: list[Block]
    header: list[Para] = field(default_factory=list)
    footer: list[Para] = field(default_factory=list)
    font: str = "Calibri"
    list_mode: Literal["numbering", "styles"] = "numbering"
    heading_numbering: Literal["paragraph", "style"] = "paragraph"
    localised_style_ids: bool = False
    yaml: dict[str, str] = field(default_factory=dict)  # pandoc title block
    reference: Literal["default", "house"] = "default"  # pandoc reference doc
    layout_table: bool = False  # the whole body typed in one table cell (a "layout table")
    tags: list[str] = field(default_factory=list)
    truth: dict[str, Any] = field(default_factory=dict)

    @property
    def style(self) -> str:
        return " ".join(self.tags)
