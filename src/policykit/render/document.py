"""The body: title, metadata and review-history tables, preamble, then the sections.

Built through python-docx's object model from the Policy; nothing of any
input document's XML is read. Text is set as run text (python-docx escapes
it; tabs and line breaks become ``w:tab`` and ``w:br``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from docx.document import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.shared import Twips
from docx.table import Table as DocxTable
from docx.table import _Cell
from docx.text.paragraph import Paragraph as DocxParagraph
from lxml import etree

from ..kinds import Kind
from ..messages import Message, note
from ..model import Block, ListBlock, ListItem, Paragraph, Policy, Section, Table
from . import styles
from .layout import Layout
from .notes import NoteWriter
from .numbering import ListNumbering, set_list_level

# Characters XML 1.0 cannot hold (besides tab, newline and carriage return).
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_LABEL_COLUMN = 2835  # twips (5 cm): the label column of the metadata table


def needed_styles(policy: Policy, layout: Layout) -> list[str]:
    """The paragraph and table styles ``policy`` will use, in a stable order."""
    names: list[str] = []

    def need(name: str) -> None:
        if name not in names:
            names.append(name)

    if layout.title:
        need(styles.TITLE)
    if layout.metadata or layout.history:
        need(styles.TABLE)
    for block in _all_blocks(policy):
        if isinstance(block, Table):
            need(styles.TABLE)
        elif isinstance(block, ListBlock):
            for depth in _depths(block.items, 0):
                need(styles.list_style(block.ordered, depth))
    for section in policy.walk():
        need(styles.heading(section.level))
    if layout.header:
        need(styles.HEADER)
    if layout.footer_review is not None:
        need(styles.FOOTER)
    return names


def _all_blocks(policy: Policy) -> Iterable[Block]:
    yield from policy.preamble
    for section in policy.walk():
        yield from section.blocks


def _depths(items: list[ListItem], depth: int) -> Iterable[int]:
    if items:
        yield depth
    for item in items:
        yield from _depths(item.items, depth + 1)


def clean_text(text: str) -> str:
    """Text Word can hold: control characters XML forbids are dropped."""
    return _INVALID_XML.sub("", text)


def cell_paragraphs(value: str) -> list[str]:
    """A cell's text as paragraphs: one a line; a blank line is a line break ending the last.

    Readers join a cell's non-empty paragraphs with newlines, so these read back
    as ``value``; separate paragraphs (rather than one with line breaks) also keep
    a one-cell table from looking like a one-line banner.
    """
    paragraphs: list[str] = []
    for line in value.split("\n"):
        if not line and paragraphs:
            paragraphs[-1] += "\n"
        else:
            paragraphs.append(line)
    return paragraphs


def _cell_text(cell: _Cell, value: str) -> None:
    for i, text in enumerate(cell_paragraphs(value)):
        paragraph = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        if text:
            paragraph.add_run(clean_text(text))


class BodyWriter:
    """Appends a policy's content to an (empty) python-docx Document."""

    def __init__(
        self,
        document: Document,
        numbering: ListNumbering,
        warnings: list[Message],
        width: int,
        kind: Kind,
    ) -> None:
        self.kind = kind
        self.document = document
        self.numbering = numbering
        self.warnings = warnings
        self.width = width  # twips between the margins
        self._last: str | None = None  # "table" or "list" when the last block was one
        self.notes = NoteWriter(document, clean_text)

    def write(self, policy: Policy, layout: Layout) -> None:
        if layout.title:
            self._paragraph(layout.title, styles.TITLE)
        if layout.metadata:
            self._metadata_table(layout.metadata)
        if layout.history_header is not None and layout.history:
            self._history_table(layout.history_header, layout.history)
        if self._last == "table":
            self.document.add_paragraph()  # space between the front matter and the content
            self._last = None
        self._blocks(policy.preamble, "the preamble")
        for section in policy.sections:
            self._section(section)
        if self._last == "table":
            self.document.add_paragraph()  # Word wants a paragraph after a final table
        self.notes.finish()

    # -- sections and blocks ---------------------------------------------------------------

    def _section(self, section: Section) -> None:
        if not section.heading.strip():
            self.warnings.append(
                note(
                    "render.section-without-heading",
                    "a section without a heading cannot be told apart when read "
                    "back: its content joins the section before",
                )
            )
        if section.level > styles.MAX_HEADING:
            self.warnings.append(
                note(
                    "render.heading-too-deep",
                    f"heading {section.heading!r} is level {section.level}; Word "
                    f"has {styles.MAX_HEADING} heading levels, so it is written "
                    f"at level {styles.MAX_HEADING}",
                )
            )
        named = self.kind.match_heading(section.heading)
        if named != section.id:
            self.warnings.append(
                note(
                    "render.heading-reads-as-another-section",
                    f"heading {section.heading!r} reads back as section {named!r}, not "
                    f"{section.id!r}: the kind's headings decide which section a heading names",
                )
            )
        heading = self._paragraph(section.heading, styles.heading(section.level))
        self.notes.cite(heading, section.notes)
        self._blocks(section.blocks, repr(section.heading))
        for child in section.sections:
            self._section(child)

    def _blocks(self, blocks: Sequence[Block], where: str) -> None:
        for block in blocks:
            if isinstance(block, Paragraph):
                if not block.text.strip():
                    continue
                self.notes.cite(self._paragraph(block.text, None), block.notes)
            elif isinstance(block, ListBlock):
                if self._last == "list":
                    self.warnings.append(
                        note(
                            "render.adjacent-lists",
                            f"two lists in a row in {where}: Word shows them apart, but readers "
                            "that group adjacent list paragraphs will read one list",
                        )
                    )
                self._list(block)
                self._last = "list"
                continue
            else:
                self._table(block, where)
                continue
            self._last = None

    def _paragraph(self, text: str, style: str | None) -> DocxParagraph:
        paragraph = self.document.add_paragraph(
            style=None if style is None else styles.named(self.document.styles, style)
        )
        if text:
            paragraph.add_run(clean_text(text))
        self._last = None
        return paragraph

    def _list(self, block: ListBlock) -> None:
        if not block.items:
            return
        num_id = self.numbering.new_list(block.ordered)
        self._items(block.items, block.ordered, num_id, 0)

    def _items(self, items: list[ListItem], ordered: bool, num_id: int, depth: int) -> None:
        for item in items:
            paragraph = self._paragraph(item.text, styles.list_style(ordered, depth))
            self.notes.cite(paragraph, item.notes)
            set_list_level(paragraph, num_id, min(depth, 8))
            if depth > 8:
                self.warnings.append(
                    note(
                        "render.list-too-deep",
                        f"list item {item.text[:40]!r} is nested {depth + 1} deep; "
                        "Word lists have 9 levels",
                    )
                )
            self._items(item.items, ordered, num_id, depth + 1)

    # -- tables ------------------------------------------------------------------------------

    def _separate_tables(self) -> None:
        if self._last == "table":  # adjacent tables would run together into one
            self.document.add_paragraph()

    def _table(self, block: Table, where: str) -> None:
        rows = block.rows
        if not rows or not any(rows):
            self.warnings.append(
                note("render.empty-table", f"an empty table in {where} is not written")
            )
            return
        if len(rows) == 1 and len(rows[0]) == 1 and "\n" not in rows[0][0]:
            self.warnings.append(
                note(
                    "render.one-cell-table",
                    f"a one-cell table in {where} reads back as a banner heading",
                )
            )
        table = self._new_table(rows)
        self.notes.cite(table.cell(0, 0).paragraphs[-1], block.notes)

    def _new_table(self, rows: list[list[str]]) -> DocxTable:
        self._separate_tables()
        columns = max(len(row) for row in rows) or 1
        table: DocxTable = self.document.add_table(rows=len(rows), cols=columns)
        table.style = styles.named_table_style(self.document.styles, styles.TABLE)
        for r, values in enumerate(rows):
            cells = table.rows[r].cells
            if len(values) < columns:  # a short row: its last cell spans the rest
                first = cells[max(len(values) - 1, 0)]
                first.merge(cells[columns - 1])
            for c, value in enumerate(values):
                if value:
                    _cell_text(table.cell(r, c), value)
        self._last = "table"
        return table

    def _metadata_table(self, rows: list[tuple[str, str]]) -> None:
        table = self._new_table([[label, value] for label, value in rows])
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        table.autofit = False
        widths = (Twips(_LABEL_COLUMN), Twips(max(self.width - _LABEL_COLUMN, _LABEL_COLUMN)))
        for column, width in zip(table.columns, widths, strict=True):
            column.width = width
        for row in table.rows:
            for cell, width in zip(row.cells, widths, strict=True):
                cell.width = width
            for run in row.cells[0].paragraphs[0].runs:
                run.bold = True

    def _history_table(self, header: tuple[str, str], rows: list[tuple[str, str]]) -> None:
        table = self._new_table([list(header)] + [[d, s] for d, s in rows])
        first = table.rows[0]
        for cell in first.cells:
            for run in cell.paragraphs[0].runs:
                run.bold = True
        tr_pr: etree._Element = first._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:tblHeader"))
