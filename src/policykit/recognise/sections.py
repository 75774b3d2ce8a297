"""Step 4: the section tree, the preamble and each paragraph's place.

Takes the body items, their headings, the items that are not content (title,
school line, metadata tables) and where the sections begin; returns the
sections, the preamble and the located paragraphs.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass, field

from ..docx.blocks import DocBlock, DocParagraph, DocTable
from ..kinds import Kind
from ..model import Block, ListBlock, ListItem, Note, Paragraph, Section, Table
from . import headings as hd
from .items import Item
from .result import SourceParagraph
from .text import paragraphs_of


@dataclass(slots=True)
class _Tree:
    """The sections opened so far (local to :func:`build_sections`)."""

    roots: list[Section] = field(default_factory=list)
    stack: list[Section] = field(default_factory=list)
    pending: list[DocBlock] = field(default_factory=list)
    preamble: list[Block] = field(default_factory=list)
    located: list[SourceParagraph] = field(default_factory=list)
    # the innermost section with an id, and the heading of the innermost section
    section_id: str | None = None
    heading: str | None = None

    def flush(self) -> None:
        if self.pending:
            (self.stack[-1].blocks if self.stack else self.preamble).extend(blocks(self.pending))
            self.pending.clear()

    def open(
        self, title: str, level: int, canonical: str | None, notes: list[Note] | None = None
    ) -> None:
        self.flush()
        level = max(1, level)
        stack = self.stack
        while stack and stack[-1].level >= level:
            stack.pop()
        section = Section(id=canonical, heading=title, level=level)
        if notes:
            section.notes = notes
        (stack[-1].sections if stack else self.roots).append(section)
        stack.append(section)
        self.heading = title
        if canonical is None:  # the innermost section with an id, further out
            canonical = next((s.id for s in reversed(stack) if s.id is not None), None)
        self.section_id = canonical

    def locate(self, p: DocParagraph) -> None:
        self.located.append(SourceParagraph(p.index, p.text, self.section_id, self.heading))
        if p.notes:
            self.locate_notes(p)

    def locate_notes(self, p: DocParagraph) -> None:
        """The texts of the notes ``p`` cites, each located where it is cited."""
        for n in p.notes:
            if n.text:
                self.located.append(
                    SourceParagraph(p.index, n.text, self.section_id, self.heading, n.kind)
                )

    def locate_table(self, block: DocBlock) -> None:
        for q in paragraphs_of(block):
            if q.text.strip() and q.index >= 0:
                self.locate(q)


def build_sections(
    items: list[Item],
    headings: dict[int, hd.Heading],
    run_in: dict[int, tuple[str, str]],
    consumed: frozenset[int],
    front_end: int,
    kind: Kind,
) -> tuple[list[Section], list[Block], list[SourceParagraph]]:
    """The sections (nested by level), the preamble, and every paragraph's place."""
    levels = [h.level for i, h in headings.items() if i >= front_end]
    shift = min(levels, default=1) - 1
    tree = _Tree()
    preamble_items: list[DocBlock] = []
    contents = typed_contents(items)
    for i, item in enumerate(items):
        h = headings.get(i) if i >= front_end and i not in consumed else None
        if h is not None:  # a heading sits in the section it opens
            notes = notes_of([item.paragraph]) if item.paragraph is not None else []
            tree.open(h.text, h.level - shift, h.section_id, notes)
        p = item.paragraph  # located where it sits
        if p is None:
            tree.locate_table(item.block)
        elif item.text and p.index >= 0:
            tree.locate(p)
        if h is not None or i in contents:  # a typed contents list is no content: a
            continue  # document made again gets its own from its headings
        if i < front_end:
            if i not in consumed:
                preamble_items.append(item.block)
        elif i not in consumed:
            if run_in and i in run_in:
                _content(tree, item, run_in[i], kind)
            else:  # (most blocks: no heading run into them)
                tree.pending.append(item.block)
    tree.flush()
    if preamble_items:
        tree.preamble[:0] = blocks(preamble_items)
    return tree.roots, tree.preamble, sorted(tree.located, key=_BY_INDEX)


_MIN_UNTITLED_CONTENTS = 3  # lines in a row that make a contents list without "Contents"


def typed_contents(items: list[Item]) -> set[int]:
    """Positions of a typed contents list: its "Contents" line and its lines.

    A line of one has dot leaders or a tab before a page number. A run of
    them counts under a "Contents" line, or alone when three or more in a row.
    """
    # Each line is judged once: a contents line, blank, or neither (a table ends a run).
    kinds = [
        _BLANK
        if item.paragraph is not None and not item.text
        else _LINE
        if item.contents_line
        else _OTHER
        for item in items
    ]
    out: set[int] = set()
    i = 0
    while i < len(items):
        titled = items[i].contents_name
        if not titled and kinds[i] != _LINE:  # (neither starts a list nor heads one)
            i += 1
            continue
        run = _contents_run(kinds, i + 1 if titled else i)
        if len(run) >= (1 if titled else _MIN_UNTITLED_CONTENTS):
            out.update(run)
            if titled:
                out.add(i)
            i = max(run) + 1
            continue
        i += 1
    return out


_LINE, _BLANK, _OTHER = 0, 1, 2


def _contents_run(kinds: list[int], start: int) -> list[int]:
    """Positions of contents lines from ``start`` on (blank paragraphs between allowed)."""
    run: list[int] = []
    for j in range(start, len(kinds)):
        kind = kinds[j]
        if kind == _BLANK:
            continue
        if kind != _LINE:
            break
        run.append(j)
    return run


def _content(tree: _Tree, item: Item, run_in: tuple[str, str] | None, kind: Kind) -> None:
    """A content block; a paragraph with a run-in heading opens a section after its text."""
    p = item.paragraph
    if run_in is not None and p is not None:
        body, title = run_in
        tree.pending.append(_with_text(p, body))
        level = (tree.stack[-1].level + 1) if tree.stack else 1
        tree.open(title, level, hd.section_id(kind, title))
        return
    tree.pending.append(item.block)


_BY_INDEX = operator.attrgetter("index")


def _with_text(p: DocParagraph, text: str) -> DocParagraph:
    return DocParagraph(
        text=text, index=p.index, list_level=p.list_level, in_table=p.in_table, notes=p.notes
    )


def notes_of(paragraphs: list[DocParagraph]) -> list[Note]:
    """The footnotes and endnotes the paragraphs cite, as the model's notes."""
    if len(paragraphs) == 1 and not paragraphs[0].notes:  # (most paragraphs cite none)
        return []
    return [
        Note(kind="endnote" if n.kind == "endnote" else "footnote", text=n.text)
        for p in paragraphs
        for n in p.notes
        if n.text
    ]


def blocks(items: list[DocBlock]) -> list[Block]:
    """Reader blocks -> model blocks: paragraphs, lists (nested by level), tables."""
    out: list[Block] = []
    run: list[DocParagraph] = []  # list items not yet closed
    top = 0  # the lowest level in ``run``
    for block in items:
        if isinstance(block, DocTable):
            if run:
                out.append(_list_block(run, top))
                run = []
            table = _table(block)
            if table is not None:
                out.append(table)
            continue
        text = block.text.strip()
        if not text:
            continue
        list_level = block.list_level
        if list_level is not None:
            level = list_level or 0
            if run:
                if level <= top and _starts_another_list(run, block):
                    out.append(_list_block(run, top))
                    run = []
                    top = level
                elif level < top:
                    top = level
            else:
                top = level
            run.append(block)
            continue
        if run:
            out.append(_list_block(run, top))
            run = []
        out.append(_paragraph(block, text))
    if run:
        out.append(_list_block(run, top))
    return out


def _table(block: DocTable) -> Table | None:
    """A table of the rows holding text (None when none does)."""
    rows = [[cell.text.strip() for cell in row] for row in block.rows]
    rows = [row for row in rows if any(row)]
    if not rows:
        return None
    table = Table(rows=rows)
    notes = notes_of(paragraphs_of(block))
    if notes:
        table.notes = notes
    return table


def _paragraph(block: DocParagraph, text: str) -> Paragraph:
    paragraph = Paragraph(text=text)  # (no notes given: most paragraphs cite none)
    if block.notes:
        paragraph.notes = notes_of([block])
    return paragraph


def _starts_another_list(run: list[DocParagraph], p: DocParagraph) -> bool:
    """A top-level item of a different list (other numbering, or bullets after numbers).

    The caller has checked that ``p`` is not deeper than the run's top level.
    """
    first = run[0]
    return p.list_id != first.list_id or p.list_ordered != first.list_ordered


def _list_block(paragraphs: list[DocParagraph], base: int) -> ListBlock:
    """List items nested by level; ``base`` is the lowest level among them."""
    top: list[ListItem] = []
    path: list[ListItem] = []  # the last item at each depth
    for p in paragraphs:
        level = (p.list_level or 0) - base
        level = min(level, len(path))  # never skip a level
        item = ListItem(text=p.text.strip())
        if p.notes:
            item.notes = notes_of([p])
        del path[level:]
        (path[-1].items if path else top).append(item)
        path.append(item)
    return ListBlock(ordered=paragraphs[0].list_ordered, items=top)
