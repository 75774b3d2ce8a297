"""Step 1: the body as items (banner tables read as their line), and which are headings."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import NamedTuple

from .. import dates
from ..docx.blocks import DocBlock, DocParagraph, DocTable, DocxDocument, Run, all_paragraphs
from ..kinds import Kind
from . import headings as hd
from . import names


class Item(NamedTuple):
    """A top-level body block as recognition sees it (a tuple: made for every block)."""

    block: DocBlock
    paragraph: DocParagraph | None  # the block when it is a paragraph
    text: str  # the paragraph's text stripped ("" for a table)
    contents_line: bool = False  # a line of a typed contents list (judged once, here)
    level: int | None = None  # the heading level its style gives (headings.style_level)
    contents_name: bool = False  # "Contents", "Table of Contents" (headings.names_contents)


@dataclass(frozen=True, slots=True)
class Body:
    """The body's items, and the ids of the paragraphs read out of banner tables."""

    items: list[Item]
    banners: frozenset[int]


@dataclass(frozen=True, slots=True)
class Headings:
    """Which items are headings (by item position), and run-in headings in a paragraph."""

    at: dict[int, hd.Heading]
    run_in: dict[int, tuple[str, str]]  # position -> (body text, heading text)


def body_items(doc: DocxDocument, kind: Kind) -> Body:
    """The document's body blocks as items; a banner table becomes a copy of its line.

    A layout table (the whole policy typed in one large cell) is read as the body
    it holds; a heading ended by a line break, its text after it in the same
    paragraph, is read as the heading and a paragraph (copies: the reader's
    records are left as they are).
    """
    items: list[Item] = []
    banners: set[int] = set()
    for block in unwrap_layout_tables(doc.body):
        if isinstance(block, DocTable):
            line = _banner(block)
            if line is None:
                items.append(Item(block, None, ""))
                continue
            banners.add(id(line))
            block = line
        if "\n" in block.text:  # a heading may run into its text after a line break
            items.extend(_item(part, kind) for part in split_soft_heading(block, kind))
        else:
            items.append(_item(block, kind))
    return Body(items, frozenset(banners))


def _item(p: DocParagraph, kind: Kind) -> Item:
    """A paragraph's item, its contents and heading-style facts judged once, here."""
    text = p.text.strip()
    # (a contents line ends in a page number: the stripped text's last character is
    # asked first; made with tuple.__new__, as Item(...) does, without its extra call)
    contents_line = text[-1:].isdecimal() and hd.is_contents_line(text)
    facts = (p, p, text, contents_line, hd.style_level(p, kind), hd.names_contents(text))
    return _new_item(Item, facts)


_new_item = tuple.__new__


# A layout table holds at least this share of the body's text, in this many paragraphs.
_LAYOUT_SHARE = 0.6
_LAYOUT_PARAGRAPHS = 6


def unwrap_layout_tables(blocks: list[DocBlock]) -> list[DocBlock]:
    """Blocks with a layout table replaced by its cells' blocks (first cell first).

    A layout table is one row of one or two cells holding most of the body's
    text in several paragraphs: Word used as a page designer, not a table of
    data. Its paragraphs are copies marked as not in a table.
    """
    for block in blocks:
        if isinstance(block, DocTable) and _layout_shape(block):
            break
    else:
        return blocks  # (most documents: no table of one row of one or two cells)
    total = sum(len(p.text) for p in all_paragraphs(blocks))
    out: list[DocBlock] = []
    for block in blocks:
        if isinstance(block, DocTable) and _is_layout(block, total):
            for cell in block.rows[0]:
                out.extend(unwrap_layout_tables([_out_of_table(b) for b in cell.blocks]))
        else:
            out.append(block)
    return out


def _layout_shape(table: DocTable) -> bool:
    """One row of one or two cells: the shape of a layout table."""
    return len(table.rows) == 1 and 1 <= len(table.rows[0]) <= 2


def _is_layout(table: DocTable, total: int) -> bool:
    if not _layout_shape(table) or not total:
        return False
    paragraphs = [p for p in all_paragraphs([table]) if p.text.strip()]
    chars = sum(len(p.text) for p in paragraphs)
    return len(paragraphs) >= _LAYOUT_PARAGRAPHS and chars >= _LAYOUT_SHARE * total


def _out_of_table(block: DocBlock) -> DocBlock:
    if isinstance(block, DocParagraph):
        return dataclasses.replace(block, in_table=False)
    return block


def split_soft_heading(p: DocParagraph, kind: Kind | None) -> list[DocParagraph]:
    """ "Aims⏎Our aims are ..." (a Shift+Enter after a heading): the heading, then the text.

    Split only when the first line looks like a heading: bold (the rest not all
    bold) or in a heading style, short, not ending like a sentence, not a
    list item, not a label with its value on the next line.
    """
    text = p.text
    if "\n" not in text or p.list_level is not None or p.in_table:
        return [p]
    first, _, rest = text.strip().partition("\n")
    first, rest = first.strip(), rest.strip()
    if not first or not rest or not any(c.isalpha() for c in first):
        return [p]
    if len(first) > hd.MAX_HEADING_CHARS or len(first.split()) > _SOFT_HEADING_WORDS:
        return [p]
    if first.endswith((".", ",", ";")) or (first.endswith(":") and len(rest.split()) <= 6):
        return [p]
    if dates.is_date(first) or hd.is_contents_line(first):
        return [p]
    head_runs, body_runs = _split_runs(p.runs)
    styled = p.heading_level is not None or p.is_title
    if kind is not None and not styled:
        styled = hd.style_level(p, kind) is not None
    bold = _all_bold(head_runs) and not _all_bold(body_runs)
    if not styled and not bold:
        return [p]
    heading = dataclasses.replace(p, text=first, runs=head_runs, notes=[])
    body = dataclasses.replace(
        p,
        text=rest,
        runs=body_runs,
        heading_level=None,
        is_title=False,
        style_id=None,
        style_name=None,
        font_size=None,
    )
    return [heading, body]


_SOFT_HEADING_WORDS = 12


def _all_bold(runs: list[Run]) -> bool:
    visible = [r for r in runs if r.text.strip()]
    return bool(visible) and all(r.bold for r in visible)


def _split_runs(runs: list[Run]) -> tuple[list[Run], list[Run]]:
    """Runs before and after the first line break (which belongs to neither)."""
    head: list[Run] = []
    for i, run in enumerate(runs):
        if "\n" in run.text:
            before, _, after = run.text.partition("\n")
            if before.strip() or not head:
                head.append(run._replace(text=before))
            tail = [run._replace(text=after), *runs[i + 1 :]]
            return head, [r for r in tail if r.text]
        head.append(run)
    return head, []


def _banner(block: DocTable) -> DocParagraph | None:
    """A one-cell table holding one short line is a heading banner: read it as that line.

    The line is a copy, no longer in a table: the reader's paragraph is left as it is.
    """
    if len(block.rows) == 1 and len(block.rows[0]) == 1:
        inner = [
            b
            for b in block.rows[0][0].blocks
            if not (isinstance(b, DocParagraph) and not b.text.strip())
        ]
        if len(inner) == 1 and isinstance(inner[0], DocParagraph):
            para = inner[0]
            if len(para.text.split()) <= hd.MAX_HEADING_WORDS:
                return dataclasses.replace(para, in_table=False)
    return None


_QUOTE_OR_DOT = frozenset([*hd.QUOTE_ENDS, " ", "."])


def _banner_heading(banners: frozenset[int], p: DocParagraph) -> bool:
    return id(p) in banners and not p.text.rstrip().endswith((".", ";", ","))


def _candidates(
    items: list[Item], kind: Kind, banners: frozenset[int], styled_mode: bool
) -> list[DocParagraph]:
    """Paragraphs without a heading style that look like headings."""
    paragraphs = [i.paragraph for i in items if i.paragraph is not None]
    body_size = hd.body_font_size(paragraphs)
    candidates: list[DocParagraph] = []
    is_date = dates.is_date
    looks_like_heading = hd.looks_like_heading
    previous = ""  # the last non-empty paragraph's text
    for item in items:
        p = item.paragraph
        if p is None or not item.text or item.level is not None:
            previous = item.text or previous
            continue
        # (the last character asked first: most paragraphs end in neither a quote nor a dot)
        after_quote = previous[-1:] in _QUOTE_OR_DOT and hd.ends_a_quotation(previous)
        previous = item.text
        if item.contents_line or (after_quote and hd.attribution(kind, item.text)):
            continue
        # a line that is a date is never a heading (asked last: the cheap tests say no first)
        if styled_mode:
            # with real headings, only formatted lines that name a section join them
            if (
                (hd.bold_or_underlined(p) or names.is_shouting(p.text))
                and kind.match_heading(p.text) is not None
                and looks_like_heading(p, kind, body_size, item.text)
                and not is_date(p.text)
            ):
                candidates.append(p)
        elif (
            p.is_title
            or looks_like_heading(p, kind, body_size, item.text)
            or (banners and _banner_heading(banners, p))
        ) and not is_date(p.text):
            candidates.append(p)
    return candidates


def _contents_headings(items: list[Item]) -> set[int]:
    """Positions of a "Contents" line over a typed contents list: not a section."""
    out: set[int] = set()
    for i, item in enumerate(items):
        if not item.contents_name:
            continue
        following = next((x.text for x in items[i + 1 : i + 4] if x.text), "")
        if hd.is_contents_line(following):
            out.add(i)
    return out


def find_headings(body: Body, kind: Kind) -> Headings:
    """Styled headings, and paragraphs that look like headings, with their levels."""
    items = body.items
    styled = [
        (i.paragraph, i.level)
        for i in items
        if i.paragraph is not None and i.level is not None and i.text
    ]
    styled_mode = len([p for p, _ in styled if not kind.find_title_phrase(p.text)]) >= 2
    candidates = _candidates(items, kind, body.banners, styled_mode)
    contents = _contents_headings(items)
    styled_levels = {id(p): level for p, level in styled if level}
    levels = hd.assign_levels(candidates, kind, styled_levels, set(body.banners))
    run_in_heading = hd.run_in_heading
    at: dict[int, hd.Heading] = {}
    run_in: dict[int, tuple[str, str]] = {}
    for i, item in enumerate(items):
        p = item.paragraph
        if p is None:
            continue
        key = id(p)
        if i in contents:
            continue
        if key in styled_levels:
            text = item.text
            at[i] = hd.Heading(text, styled_levels[key], hd.section_id(kind, text), True)
        elif key in levels:
            text = item.text
            at[i] = hd.Heading(text, levels[key], hd.section_id(kind, text), False)
        elif len(p.runs) > 1:  # one run is never plain text then a bold one
            found = run_in_heading(p)
            if found is not None:
                run_in[i] = found
    return Headings(at, run_in)
