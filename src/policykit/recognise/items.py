"""Step 1: the body as items (banner tables read as their line), and which are headings."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from .. import dates
from ..docx.blocks import DocBlock, DocParagraph, DocTable, DocxDocument
from ..kinds import Kind
from . import headings as hd
from . import names


@dataclass(frozen=True, slots=True)
class Item:
    """A top-level body block as recognition sees it."""

    block: DocBlock
    paragraph: DocParagraph | None  # the block when it is a paragraph
    text: str  # the paragraph's text stripped ("" for a table)


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


def body_items(doc: DocxDocument) -> Body:
    """The document's body blocks as items; a banner table becomes a copy of its line."""
    items: list[Item] = []
    banners: set[int] = set()
    for block in doc.body:
        if isinstance(block, DocTable):
            line = _banner(block)
            if line is None:
                items.append(Item(block, None, ""))
                continue
            banners.add(id(line))
            block = line
        items.append(Item(block, block, block.text.strip()))
    return Body(items, frozenset(banners))


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
        if p is None or not item.text or hd.style_level(p, kind) is not None:
            previous = item.text or previous
            continue
        after_quote, previous = hd.ends_a_quotation(previous), item.text
        if hd.is_contents_line(item.text) or (after_quote and hd.attribution(kind, item.text)):
            continue
        # a line that is a date is never a heading (asked last: the cheap tests say no first)
        if styled_mode:
            # with real headings, only formatted lines that name a section join them
            if (
                (hd.bold_or_underlined(p) or names.is_shouting(p.text))
                and kind.match_heading(p.text) is not None
                and looks_like_heading(p, kind, body_size)
                and not is_date(p.text)
            ):
                candidates.append(p)
        elif (
            p.is_title
            or looks_like_heading(p, kind, body_size)
            or (banners and _banner_heading(banners, p))
        ) and not is_date(p.text):
            candidates.append(p)
    return candidates


def _contents_headings(items: list[Item]) -> set[int]:
    """Positions of a "Contents" line over a typed contents list: not a section."""
    out: set[int] = set()
    for i, item in enumerate(items):
        if not hd.names_contents(item.text):
            continue
        following = next((x.text for x in items[i + 1 : i + 4] if x.text), "")
        if hd.is_contents_line(following):
            out.add(i)
    return out


def find_headings(body: Body, kind: Kind) -> Headings:
    """Styled headings, and paragraphs that look like headings, with their levels."""
    items = body.items
    styled = [
        i.paragraph
        for i in items
        if i.paragraph is not None and hd.style_level(i.paragraph, kind) is not None and i.text
    ]
    styled_mode = len([p for p in styled if not kind.find_title_phrase(p.text)]) >= 2
    candidates = _candidates(items, kind, body.banners, styled_mode)
    contents = _contents_headings(items)
    styled_levels = {id(p): level for p in styled if (level := hd.style_level(p, kind))}
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
