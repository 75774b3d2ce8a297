"""What the reader hands on: a Word document as plain blocks, in document order.

These records know nothing of policies. Recognition (``policykit.recognise``)
turns them into a :class:`policykit.model.Policy`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from policykit.messages import Message


class Run(NamedTuple):
    """A stretch of text with one effective formatting (adjacent alike runs merged).

    A named tuple: immutable like a frozen dataclass, made twice as fast (the
    reader makes one or more for every paragraph).
    """

    text: str
    bold: bool = False
    italic: bool = False
    underline: bool = False
    caps: bool = False  # w:caps / w:smallCaps: shown in capitals whatever was typed


@dataclass(frozen=True, slots=True)
class DocNote:
    """A footnote or endnote: its kind ("footnote" or "endnote"), id and text.

    The text is the note's paragraphs joined by newlines, without the note's own
    number (Word's ``w:footnoteRef`` mark holds none).
    """

    kind: str
    note_id: str
    text: str


@dataclass(slots=True)
class DocParagraph:
    """One paragraph as the reader resolved it.

    ``index`` counts body paragraphs in document order, paragraphs inside
    tables included (0-based); paragraphs of headers and footers have -1.
    """

    text: str
    runs: list[Run] = field(default_factory=list)
    index: int = -1
    style_id: str | None = None
    style_name: str | None = None  # display name of the paragraph style, e.g. "heading 1"
    heading_level: int | None = None  # 1.. from a heading style (name/basedOn chain), outlineLvl
    is_title: bool = False  # the Title style (or one based on it)
    list_level: int | None = None  # 0-based level when the paragraph is a list item, else None
    list_id: str | None = None  # numId (or "manual" for typed bullets) grouping items of one list
    list_ordered: bool = False  # numbered (decimal, letters, roman) rather than bullets
    list_label: str | None = None  # the rendered label when known: "1.", "a)", "•"
    alignment: str | None = None  # "center", "right", "both", ... (effective)
    font_size: float | None = None  # largest effective run size in points, when known
    in_table: bool = False
    from_textbox: bool = False
    # Text shown by DATE, SAVEDATE, PRINTDATE, CREATEDATE, TIME or EDITTIME fields in this
    # paragraph (also part of ``text``): the date the file was opened, saved or printed,
    # never a review date.
    date_field_text: list[str] = field(default_factory=list)
    # The footnotes and endnotes this paragraph cites, in the order it cites them.
    notes: list[DocNote] = field(default_factory=list)

    @property
    def bold(self) -> bool:
        """Every visible character is bold."""
        visible = [r for r in self.runs if r.text.strip()]
        return bool(visible) and all(r.bold for r in visible)

    @property
    def underline(self) -> bool:
        visible = [r for r in self.runs if r.text.strip()]
        return bool(visible) and all(r.underline for r in visible)


@dataclass(slots=True)
class DocCell:
    blocks: list[DocParagraph | DocTable] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The cell's text, paragraphs joined by newlines (nested tables flattened)."""
        parts: list[str] = []
        for block in self.blocks:
            if isinstance(block, DocParagraph):
                parts.append(block.text)
            else:
                parts.extend(cell.text for row in block.rows for cell in row)
        return "\n".join(p for p in parts if p)


@dataclass(slots=True)
class DocTable:
    rows: list[list[DocCell]] = field(default_factory=list)

    def text_rows(self) -> list[list[str]]:
        return [[cell.text for cell in row] for row in self.rows]


DocBlock = DocParagraph | DocTable


@dataclass(slots=True)
class TextStats:
    """The self-check: characters of ``w:t`` in the body against what reached the blocks.

    Both sides count the footnotes and endnotes the body cites, too.
    """

    source_chars: int = 0
    delivered_chars: int = 0

    @property
    def lost(self) -> int:
        return self.source_chars - self.delivered_chars


@dataclass(frozen=True, slots=True)
class DocComment:
    """A Word comment: its text, author and the body paragraphs it is anchored on.

    ``paragraphs`` are body paragraph indices (as :attr:`DocParagraph.index`)
    covered by the comment's range, or holding its reference mark.
    """

    comment_id: str
    text: str
    author: str | None = None
    paragraphs: tuple[int, ...] = ()


@dataclass(slots=True)
class DocxDocument:
    body: list[DocBlock] = field(default_factory=list)
    headers: list[list[DocBlock]] = field(default_factory=list)  # one list per header part
    footers: list[list[DocBlock]] = field(default_factory=list)
    core: dict[str, str] = field(default_factory=dict)  # title, subject, creator, keywords, ...
    custom: dict[str, str] = field(default_factory=dict)  # docProps/custom.xml name -> value
    stats: TextStats = field(default_factory=TextStats)
    # What was skipped, could not be read, or was passed over (see policykit.messages).
    messages: list[Message] = field(default_factory=list)
    comments: list[DocComment] = field(default_factory=list)  # the comments part, in order

    @property
    def warnings(self) -> list[str]:
        """The text of each message (the older shape of :attr:`messages`)."""
        return [m.text for m in self.messages]

    def paragraphs(self) -> list[DocParagraph]:
        """Every body paragraph in document order, table cells included."""
        return all_paragraphs(self.body)


def all_paragraphs(blocks: list[DocBlock]) -> list[DocParagraph]:
    """Every paragraph of ``blocks`` in document order, table cells included."""
    out: list[DocParagraph] = []
    _collect_paragraphs(blocks, out)
    return out


def _collect_paragraphs(blocks: list[DocBlock], out: list[DocParagraph]) -> None:
    # A module function, not a nested one: a nested function that calls itself is a
    # reference cycle, which kept every list it built (and its paragraphs) alive until
    # the garbage collector ran, and made it run three times as often.
    for block in blocks:
        if isinstance(block, DocParagraph):
            out.append(block)
        else:
            for row in block.rows:
                for cell in row:
                    _collect_paragraphs(cell.blocks, out)
