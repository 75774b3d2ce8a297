"""Recognition: a Word document's blocks -> a :class:`~policykit.model.Policy`.

The steps, each in its own module:

* :mod:`.headings` decides which paragraphs are headings and their levels;
* :mod:`.metadata` reads labelled values and review-history tables;
* :mod:`.names` handles school names and titles;
* this module puts them together: front matter (school, title, metadata),
  then the section tree, then dates, the review cycle and inference.
"""

from __future__ import annotations

import functools
import operator
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from .. import dates
from ..docx.blocks import DocBlock, DocCell, DocParagraph, DocTable, DocxDocument
from ..fields import date_fields, field_def
from ..kinds import Kind
from ..model import (
    Block,
    ListBlock,
    ListItem,
    Paragraph,
    Policy,
    PolicyDate,
    Review,
    Section,
    Table,
)
from . import headings as hd
from . import metadata as md
from . import names
from .result import FieldValue, Notice, ParseResult, SourceParagraph

__all__ = ["ParseResult", "recognise"]

_SOURCE_RANK = {"table": 0, "line": 1, "header": 2, "footer": 3, "text": 4, "properties": 5}
_FRONT_MATTER_SCAN = 25  # items looked at for a title before the first section


@dataclass(slots=True)
class _Item:
    """A top-level body block, with what recognition decided about it."""

    block: DocBlock
    paragraph: DocParagraph | None  # the block when it is a paragraph
    text: str  # the paragraph's text stripped ("" for a table)
    heading: hd.Heading | None = None
    consumed: bool = False  # title, school line or metadata table: not content
    run_in: tuple[str, str] | None = None


@dataclass(slots=True)
class _State:
    kind: Kind
    doc: DocxDocument
    items: list[_Item]
    fields: list[FieldValue] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    history: list[md.HistoryEntry] = field(default_factory=list)
    title: str | None = None
    school: str | None = None
    front_end: int = 0
    banners: set[int] = field(default_factory=set)  # id() of paragraphs from banner tables


def recognise(doc: DocxDocument, kind: Kind) -> ParseResult:
    """Turn the reader's blocks into a Policy, with located paragraphs and notices."""
    state = _State(kind, doc, [])
    items = state.items
    for block in doc.body:
        if isinstance(block, DocTable):
            line = _banner(block)
            if line is None:
                items.append(_Item(block, None, ""))
                continue
            state.banners.add(id(line))
            block = line
        items.append(_Item(block, block, block.text.strip()))
    _find_headings(state)
    _front_matter(state)
    _read_metadata(state)
    sections, preamble, located = _build_sections(state)
    policy = Policy(kind=kind.id, sections=sections, preamble=preamble)
    _fill_fields(state, policy, located)
    return ParseResult(
        policy=policy,
        paragraphs=located,
        fields=state.fields,
        notices=state.notices,
        lost_chars=doc.stats.lost,
    )


# --------------------------------------------------------------------------- headings


def _banner(block: DocTable) -> DocParagraph | None:
    """A one-cell table holding one short line is a heading banner: read it as that line."""
    if len(block.rows) == 1 and len(block.rows[0]) == 1:
        inner = [
            b
            for b in block.rows[0][0].blocks
            if not (isinstance(b, DocParagraph) and not b.text.strip())
        ]
        if len(inner) == 1 and isinstance(inner[0], DocParagraph):
            para = inner[0]
            if len(para.text.split()) <= hd.MAX_HEADING_WORDS:
                para.in_table = False
                return para
    return None


def _banner_heading(state: _State, p: DocParagraph) -> bool:
    return id(p) in state.banners and not p.text.rstrip().endswith((".", ";", ","))


def _find_headings(state: _State) -> None:
    kind = state.kind
    items = state.items
    paragraphs = [i.paragraph for i in items if i.paragraph is not None]
    styled = [
        i.paragraph
        for i in items
        if i.paragraph is not None and i.paragraph.heading_level is not None and i.text
    ]
    styled_mode = len([p for p in styled if not kind.find_title_phrase(p.text)]) >= 2
    body_size = hd.body_font_size(paragraphs)
    candidates: list[DocParagraph] = []
    is_date = dates.is_date
    looks_like_heading = hd.looks_like_heading
    banners = state.banners
    for item in items:
        p = item.paragraph
        if p is None or not item.text or p.heading_level is not None:
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
            or (banners and _banner_heading(state, p))
        ) and not is_date(p.text):
            candidates.append(p)
    styled_levels = {id(p): p.heading_level for p in styled if p.heading_level is not None}
    levels = hd.assign_levels(candidates, kind, styled_levels, state.banners)
    run_in_heading = hd.run_in_heading
    for item in items:
        p = item.paragraph
        if p is None:
            continue
        key = id(p)
        if key in styled_levels:
            text = item.text
            item.heading = hd.Heading(text, styled_levels[key], kind.match_heading(text), True)
        elif key in levels:
            text = item.text
            item.heading = hd.Heading(text, levels[key], kind.match_heading(text), False)
        elif len(p.runs) > 1:  # one run is never plain text then a bold one
            item.run_in = run_in_heading(p)


# --------------------------------------------------------------------------- front matter


def _front_matter(state: _State) -> None:
    """Find the title and school at the top; mark where the sections begin."""
    kind = state.kind
    items = state.items
    limit = min(len(items), _FRONT_MATTER_SCAN)
    title_at = _find_title(state, limit)
    school_line: str | None = None
    if title_at is not None:
        title_para = items[title_at].paragraph
        assert title_para is not None
        title, prefix = _split_title(kind, title_para.text.strip())
        state.title = title
        if prefix:
            school_line = prefix
        items[title_at].consumed = True
        items[title_at].heading = None
        if school_line is None:
            school_line = _school_above_title(state, title_at)
        if school_line is None:
            school_line = _school_below_title(state, title_at)
    # the sections start at the first heading after the title that is not the school's name
    end = len(items)
    for i, item in enumerate(items):
        if item.heading is None or item.consumed:
            continue
        h = item.heading
        if title_at is not None and i < title_at:
            # a prominent line above the title: the school's name, or part of the preamble
            if school_line is None and h.section_id is None and _looks_like_school(item, False):
                school_line = h.text
                item.consumed = True
            item.heading = None
            continue
        # a school line sits among the first few lines (blank ones not counted); without
        # a title line, only a line that ends like a school's name ("... Academy") will do
        before = _lines_between(items, title_at if title_at is not None else -1, i)
        crest = (
            title_at is None
            and before == 0
            and not h.styled
            and (names.is_shouting(h.text) or names.is_title_case_name(h.text))
        )
        if (
            before <= 2
            and school_line is None
            and h.section_id is None
            and (
                _looks_like_school(item, strict=True) or (crest and _looks_like_school(item, False))
            )
        ):
            school_line = h.text
            item.consumed = True
            item.heading = None
            continue
        end = i
        break
    if school_line is None:
        for i, item in enumerate(items[: min(end, limit)]):
            p = item.paragraph
            if p is None or item.consumed or not p.text.strip():
                continue
            above_title = title_at is not None and i < title_at
            if _looks_like_school(item, False) and (
                p.bold or p.alignment == "center" or names.is_shouting(p.text) or above_title
            ):
                school_line = p.text.strip()
                item.consumed = True
                break
    state.front_end = end
    if school_line:
        state.school = names.smart_case(school_line)


def _lines_between(items: list[_Item], start: int, stop: int) -> int:
    """Non-empty blocks strictly between two positions."""
    return sum(
        1
        for item in items[start + 1 : stop]
        if not (item.paragraph is not None and not item.paragraph.text.strip())
    )


def _school_above_title(state: _State, title_at: int) -> str | None:
    """The first prominent name-like line above the title (crest lines, "WOOTTON PARK")."""
    for item in state.items[:title_at]:
        p = item.paragraph
        if p is None or not p.text.strip():
            continue
        text = p.text.strip()
        if (
            _name_like(text)
            and (_prominent(p) or p.is_title)
            and not metadata_line(state.kind, text)
        ):
            item.consumed = True
            item.heading = None
            return text
    return None


def _school_below_title(state: _State, title_at: int) -> str | None:
    """A subtitle-like line right under the title that names the school."""
    for item in state.items[title_at + 1 : title_at + 3]:
        p = item.paragraph
        if p is None:
            return None
        text = p.text.strip()
        if not text:
            continue
        if item.heading is not None and item.heading.section_id is not None:
            return None
        if _name_like(text) and not metadata_line(state.kind, text):
            item.consumed = True
            item.heading = None
            return text
        return None
    return None


def _name_like(text: str) -> bool:
    """A short line that reads as an organisation's name."""
    if names.looks_like_motto(text) or len(text.split()) > 10 or dates.date_spans(text):
        return False
    if text.endswith((".", "?", ";")) or any(c in text for c in ",:"):
        return False  # a list of values or a labelled line, not a name
    return bool(
        names.SCHOOL_NOUN_AT_END.search(text)
        or names.is_shouting(text)
        or names.is_title_case_name(text)
    )


def metadata_line(kind: Kind, text: str) -> bool:
    return md.holds_values(kind, text)


def _find_title(state: _State, limit: int) -> int | None:
    """Where the title line is: a prominent line naming the kind, else the Title style."""
    kind = state.kind
    styled: int | None = None
    for i in range(limit):
        item = state.items[i]
        p = item.paragraph
        if p is None or not p.text.strip():
            continue
        text = p.text.strip()
        titled = kind.is_title_line(text)
        if item.heading is not None and item.heading.section_id is not None and not titled:
            break
        prominent = item.heading is not None or p.is_title or _prominent(p)
        if prominent and kind.find_title_phrase(text) and len(text.split()) <= 16:
            return i
        if p.is_title and styled is None and (p.style_name or "").lower() != "subtitle":
            styled = i
    return styled


def _prominent(p: DocParagraph) -> bool:
    """Set apart from body text: bold, capitals, centred or large, and short."""
    text = p.text.strip()
    if not text or len(text.split()) > 14:
        return False
    return (
        p.bold
        or names.is_shouting(text)
        or p.alignment == "center"
        or bool(p.font_size and p.font_size >= 14)
    )


def _split_title(kind: Kind, text: str) -> tuple[str, str | None]:
    """ "John Clifford Community Cohesion Policy" -> ("Community Cohesion Policy", "John Clifford").

    Also "OAKFIELD SCHOOL - Policy for Community Cohesion" and the school after
    the title ("Community Cohesion Policy: Oakfield School").
    """
    parts = [x.strip() for x in _TITLE_SEPARATOR.split(text) if x.strip()]
    if len(parts) == 2:
        with_phrase = [x for x in parts if kind.find_title_phrase(x)]
        if len(with_phrase) == 1:
            other = parts[1] if with_phrase[0] == parts[0] else parts[0]
            if not kind.find_title_phrase(other) and len(other.split()) <= 10:
                return names.smart_case(with_phrase[0]), other
    match = kind.find_title_phrase(text)
    if match is None or match.start() == 0:
        return names.smart_case(text), None
    prefix = text[: match.start()].strip(" -–—:|,")
    lead = _POLICY_FOR.search(prefix)
    if lead is not None and lead.start() > 0:
        school = prefix[: lead.start()].strip(" -–—:|,")
        if school and not names.starts_like_a_sentence(school):
            return names.smart_case(text[lead.start() :].strip()), school
    words = prefix.split()
    if (
        not words
        or words[-1].lower() in _NOT_A_NAME_END
        or not words[0][:1].isupper()
        or names.starts_like_a_sentence(prefix)
    ):
        return names.smart_case(text), None
    return names.smart_case(text[match.start() :].strip()), prefix


_POLICY_FOR = re.compile(r"\b(?:policy|statement) (?:for|on|of)(?: the)?$", re.IGNORECASE)
_TITLE_SEPARATOR = re.compile(r"\s+[-–—|]\s+|:\s+")
_NOT_A_NAME_END = {
    "for",
    "on",
    "of",
    "the",
    "a",
    "our",
    "to",
    "and",
    "policy",
    "school's",
    "schools",
    "promoting",
    "promote",
    "statement",
}


def _looks_like_school(item: _Item, strict: bool) -> bool:
    """A short line that can be the school's name (strict: it must end like one)."""
    p = item.paragraph
    if p is None:
        return False
    text = p.text.strip()
    if not text or names.looks_like_motto(text) or len(text.split()) > 10:
        return False
    if dates.date_spans(text) or text.endswith((".", ":", "?", ";")):
        return False
    if names.SCHOOL_NOUN_AT_END.search(text):
        return True
    italic = all(r.italic for r in p.runs if r.text.strip()) if p.runs else False
    if italic:
        return False  # a motto, more often than a name
    return not strict and (
        names.is_shouting(text) or p.alignment == "center" or names.is_title_case_name(text)
    )


# --------------------------------------------------------------------------- metadata


def _read_metadata(state: _State) -> None:
    kind = state.kind
    fields = state.fields
    in_sentences: list[FieldValue] = []  # after every labelled value
    line_values = md.line_values
    for i, item in enumerate(state.items):
        block = item.block
        p = item.paragraph
        if p is None:
            assert isinstance(block, DocTable)
            reading = md.read_table(kind, _table_rows(block))
            in_table = _paragraphs_of(block)
            for name, _label, value in reading.fields:
                fields.append(FieldValue(name, value, "table", _index_of(in_table, value)))
            state.history.extend(reading.history)
            if reading.is_metadata and i < state.front_end:
                item.consumed = True
            continue
        if item.heading is not None:
            continue
        shown = _shown(p) if p.date_field_text else p.text
        if item.text:
            for name, _label, value in line_values(kind, shown):
                fields.append(FieldValue(name, value, "line", p.index))
        if not item.consumed and len(shown) <= _SENTENCE_MAX_CHARS:
            for name, start, end in _dates_in_sentences(shown):
                in_sentences.append(FieldValue(name, shown[start:end], "text", p.index))
    fields.extend(in_sentences)
    for source, parts in (("header", state.doc.headers), ("footer", state.doc.footers)):
        for blocks in parts:
            for line in _lines(blocks):
                for name, _label, value in md.read_line(kind, line):
                    fields.append(FieldValue(name, value, source, None))


_APPROVAL_WORDS = re.compile(r"\b(approved|adopted|ratified|agreed)\b", re.IGNORECASE)
_NEXT_REVIEW_WORDS = re.compile(
    r"\b(next review|(?:will|is to|shall|should|to) be (?:next )?reviewed|review(?:ed)? (?:is )?due"
    r"|due for (?:its next )?review)\b",
    re.IGNORECASE,
)
_SENTENCE_WINDOW = 90
_SENTENCE_MAX_CHARS = 600  # a longer paragraph is not a sentence stating a date


@functools.lru_cache(maxsize=4096)
def _dates_in_sentences(text: str) -> tuple[tuple[str, int, int], ...]:
    """ "This policy was approved by governors on 13 July 2009." as a last resort.

    (field, start, end) of the dates in a paragraph's shown text (:func:`_shown`) of
    at most _SENTENCE_MAX_CHARS. Remembered: documents share sentences.
    """
    if not dates.may_contain_date(text):
        return ()
    spans: list[tuple[int, int]] | None = None  # found once a word asks for them
    out: list[tuple[str, int, int]] = []
    for name, words in (("approved", _APPROVAL_WORDS), ("review_due", _NEXT_REVIEW_WORDS)):
        for match in words.finditer(text):
            if spans is None:
                spans = dates.date_spans(text)
                if not spans:
                    return ()
            word_end = match.end()
            after = [
                d
                for d in spans
                if 0 <= d[0] - word_end <= _SENTENCE_WINDOW
                and "." not in text[word_end : d[0]].replace("..", "")
            ]
            if after:
                out.append((name, *after[0]))
                break
    return tuple(out)


def _shown(p: DocParagraph) -> str:
    """A paragraph's text without what DATE/SAVEDATE/PRINTDATE fields show.

    Such a field shows when the file was opened, saved or printed: never a
    policy date.
    """
    text = p.text
    for shown in p.date_field_text:
        if shown:
            text = text.replace(shown, " ", 1)
    return text


def _cell_text(cell: DocCell) -> str:
    parts: list[str] = []
    for block in cell.blocks:
        if isinstance(block, DocParagraph):
            parts.append(_shown(block))
        else:
            parts.extend(_cell_text(c) for row in block.rows for c in row)
    return "\n".join([x for x in parts if x.strip()])


def _table_rows(table: DocTable) -> list[list[str]]:
    return [[_cell_text(cell) for cell in row] for row in table.rows]


def _lines(blocks: list[DocBlock]) -> list[str]:
    out: list[str] = []
    for block in blocks:
        if isinstance(block, DocParagraph):
            out.extend(line for line in _shown(block).split("\n") if line.strip())
        else:
            for row in block.rows:
                cells = [_cell_text(c).strip() for c in row]
                out.extend(c for c in cells if c)
                if len(cells) >= 2:
                    out.append("\t".join(cells))
    return out


def _index_of(paragraphs: list[DocParagraph], value: str) -> int | None:
    """The body index of the paragraph (of a table's) that holds a value (else the first one)."""
    for p in paragraphs:
        if value and value in p.text and p.index >= 0:
            return p.index
    return next((p.index for p in paragraphs if p.index >= 0), None)


# --------------------------------------------------------------------------- sections


def _build_sections(
    state: _State,
) -> tuple[list[Section], list[Block], list[SourceParagraph]]:
    items = state.items
    front_end = state.front_end
    heading_levels = [i.heading.level for i in items[front_end:] if i.heading is not None]
    shift = min(heading_levels, default=1) - 1
    roots: list[Section] = []
    stack: list[Section] = []
    preamble_items: list[DocBlock] = []
    pending: list[DocBlock] = []
    located: list[SourceParagraph] = []
    preamble: list[Block] = []
    # the innermost section with an id, and the heading of the innermost section
    section_id: str | None = None
    heading: str | None = None

    def open_section(title: str, level: int, canonical: str | None) -> None:
        nonlocal section_id, heading
        if pending:
            (stack[-1].blocks if stack else preamble).extend(_blocks(pending))
            pending.clear()
        level = max(1, level)
        while stack and stack[-1].level >= level:
            stack.pop()
        section = Section(id=canonical, heading=title, level=level)
        (stack[-1].sections if stack else roots).append(section)
        stack.append(section)
        heading = title
        section_id = next((s.id for s in reversed(stack) if s.id is not None), None)

    def locate(block: DocBlock) -> None:
        for q in _paragraphs_of(block):
            if q.text.strip() and q.index >= 0:
                located.append(SourceParagraph(q.index, q.text, section_id, heading))

    for i, item in enumerate(items):
        block = item.block
        p = item.paragraph
        h = item.heading if i >= front_end and not item.consumed else None
        if h is not None:  # a heading sits in the section it opens
            open_section(h.text, h.level - shift, h.section_id)
        if p is None:
            locate(block)
        elif item.text and p.index >= 0:
            located.append(SourceParagraph(p.index, p.text, section_id, heading))
        if h is not None:
            continue
        if i < front_end:
            if not item.consumed:
                preamble_items.append(block)
            continue
        if item.consumed:
            continue
        if item.run_in is not None and p is not None:
            body, title = item.run_in
            pending.append(_with_text(p, body))
            level = (stack[-1].level + 1) if stack else 1
            open_section(title, level, state.kind.match_heading(title))
            continue
        pending.append(block)
    if pending:
        (stack[-1].blocks if stack else preamble).extend(_blocks(pending))
    if preamble_items:
        preamble[:0] = _blocks(preamble_items)
    return roots, preamble, sorted(located, key=_BY_INDEX)


_BY_INDEX = operator.attrgetter("index")


def _with_text(p: DocParagraph, text: str) -> DocParagraph:
    return DocParagraph(text=text, index=p.index, list_level=p.list_level, in_table=p.in_table)


def _paragraphs_of(block: DocBlock) -> list[DocParagraph]:
    if isinstance(block, DocParagraph):
        return [block]
    out: list[DocParagraph] = []
    for row in block.rows:
        for cell in row:
            for inner in cell.blocks:
                out.extend(_paragraphs_of(inner))
    return out


def _blocks(items: list[DocBlock]) -> list[Block]:
    """Reader blocks -> model blocks: paragraphs, lists (nested by level), tables."""
    out: list[Block] = []
    run: list[DocParagraph] = []  # list items not yet closed
    top = 0  # the lowest level in ``run``
    for block in items:
        if isinstance(block, DocTable):
            if run:
                out.append(_list_block(run, top))
                run = []
            rows = [[cell.text.strip() for cell in row] for row in block.rows]
            rows = [row for row in rows if any(row)]
            if rows:
                out.append(Table(rows=rows))
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
        out.append(Paragraph(text=text))
    if run:
        out.append(_list_block(run, top))
    return out


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
        del path[level:]
        (path[-1].items if path else top).append(item)
        path.append(item)
    return ListBlock(ordered=paragraphs[0].list_ordered, items=top)


# --------------------------------------------------------------------------- fields


def _fill_fields(state: _State, policy: Policy, located: list[SourceParagraph]) -> None:
    ordered = sorted(state.fields, key=lambda f: _SOURCE_RANK.get(f.source, 9))
    for fv in ordered:
        name = fv.field
        if name in date_fields():
            continue
        if name == "title" and policy.title is None and fv.source != "properties":
            policy.title, prefix = _split_title(state.kind, fv.text.strip())
            if prefix and state.school is None:
                state.school = names.smart_case(prefix)
        elif name == "school" and policy.school is None:
            policy.school = names.smart_case(fv.text)
        elif name.startswith("people."):
            policy.people.setdefault(name.split(".", 1)[1], fv.text)
        elif name not in Policy.model_fields and policy.field_value(name) is None:
            declared = field_def(name)
            if declared is not None and declared.type == "text":
                setattr(policy, name, fv.text.strip())  # a declared field of its own
    if policy.title is None and state.title:
        policy.title = state.title
    if policy.title is None:
        _title_from_headers(state, policy)
    if policy.school is None:
        policy.school = state.school or _school_from_elsewhere(state)
    if policy.school and not names.ends_with_school_word(policy.school):
        all_text = "\n".join(p.text for p in state.doc.paragraphs())
        policy.school = names.extend_with_school_word(policy.school, all_text)

    found: dict[str, PolicyDate] = {}
    for fv in ordered:
        if fv.field not in date_fields() or fv.field in found:
            continue
        value = _read_date(fv, state.notices)
        if value is not None:
            found[fv.field] = value
    for name in date_fields():
        setattr(policy, name, found.get(name))

    reviews = []
    for entry in state.history:
        when = dates.parse_date(entry.date_text)
        if when is not None:
            reviews.append(Review(date=when, signed_by=entry.signed_by))
    policy.reviews = sorted(reviews, key=lambda r: r.date.start)

    policy.review_cycle_months = _review_cycle(state, policy, located)

    stated_but_unreadable = any(n.field == "review_due" for n in state.notices)
    if policy.review_due is None and policy.review_cycle_months and not stated_but_unreadable:
        policy.review_due = dates.infer_review_due(policy)


def _read_date(fv: FieldValue, notices: list[Notice]) -> PolicyDate | None:
    value = dates.parse_date(fv.text)
    if value is not None:
        return value
    inside = dates.find_dates(fv.text)
    if inside:
        return inside[0][2]
    if dates.is_not_a_date(fv.text):
        notices.append(
            Notice(
                "date-not-a-date", f"{fv.field}: {fv.text!r} is not a date", fv.field, fv.paragraph
            )
        )
    else:
        notices.append(
            Notice(
                "date-unparseable",
                f"{fv.field}: cannot read {fv.text!r} as a date",
                fv.field,
                fv.paragraph,
            )
        )
    return None


def _review_cycle(state: _State, policy: Policy, located: list[SourceParagraph]) -> int | None:
    kind = state.kind
    # In document order (a set's order changes with the hash seed: the first field wins).
    cycle_values = dict.fromkeys(f.text for f in state.fields if f.field == "review_cycle")
    for value in cycle_values:
        months = _cycle_value(value)
        if months is not None:
            return months
    for text, index in _cycle_texts(state, located):
        if text not in cycle_values:
            # only "V" and "v" lower to a "v", only "A"/"a" and "E"/"e" to an "a" or "e":
            # a text without them cannot say "review", "annual..." or "every..."
            if "v" not in text and "V" not in text and text[:1] not in ("a", "A", "e", "E"):
                continue
            lowered = text.lower()
            if "review" not in lowered and not lowered.startswith(("annual", "every")):
                continue
        found = kind.review_cycle(text)
        if found is None:
            generic = _EVERY_N.search(text)
            months = _cycle_value(generic.group(0)) if generic else None
            found = (months, generic.group(0), None) if generic and months else None
        if found is not None:
            months, phrase, note = found
            if note:
                state.notices.append(
                    Notice("review-cycle-reading", f"{phrase!r}: {note}", "review_cycle", index)
                )
            return months
    return None


def _cycle_texts(state: _State, located: list[SourceParagraph]) -> Iterator[tuple[str, int | None]]:
    """Where a review cycle may be written, in the order they are asked: review-cycle
    fields, the review section, the other paragraphs, then footers and headers."""
    for f in state.fields:
        if f.field == "review_cycle":
            yield f.text, f.paragraph
    review_ids = {"review", "history"}
    for p in located:
        if p.section in review_ids:
            yield p.text, p.index
    for p in located:
        if p.section not in review_ids:
            yield p.text, p.index
    for blocks in state.doc.footers + state.doc.headers:
        for line in _lines(blocks):
            yield line, None


_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "twelve": 12,
    "eighteen": 18,
    "twenty-four": 24,
    "thirty-six": 36,
}
_CYCLE_VALUE = re.compile(
    r"^(?:every\s+)?(\d{1,3}|[a-z-]+)[\s-]*(month|year)(?:s|ly)?\b", re.IGNORECASE
)


_EVERY_N = re.compile(
    r"\bevery\s+(?:\d{1,3}|one|two|three|four|five|six|twelve|eighteen)\s+(?:months?|years?)\b",
    re.IGNORECASE,
)


def _cycle_value(value: str) -> int | None:
    """A review-cycle field's value: "12 months", "2 years", "Three-yearly"."""
    match = _CYCLE_VALUE.match(value.strip())
    if match is None:
        return None
    amount = match.group(1).lower()
    count = int(amount) if amount.isdigit() else _NUMBER_WORDS.get(amount)
    if not count:
        return None
    months = count * (12 if match.group(2).lower() == "year" else 1)
    return months if 1 <= months <= 120 else None


def _title_from_headers(state: _State, policy: Policy) -> None:
    """A page header naming the policy ("Oakfield School - Community Cohesion Policy"),
    then the document's title property."""
    for blocks in state.doc.headers + state.doc.footers:
        for line in _lines(blocks):
            line = line.strip()
            if state.kind.is_title_line(line) or (
                state.kind.find_title_phrase(line) and len(line.split()) <= 12
            ):
                policy.title, prefix = _split_title(state.kind, line)
                if prefix and state.school is None:
                    state.school = names.smart_case(prefix)
                return
    core_title = state.doc.core.get("title", "").strip()
    if core_title:
        policy.title, _ = _split_title(state.kind, core_title)


def _school_from_elsewhere(state: _State) -> str | None:
    """The school's name from headers, then running text, then document properties."""
    for blocks in state.doc.headers + state.doc.footers:
        for line in _lines(blocks):
            line = line.strip(" \t-–|")
            if state.kind.find_title_phrase(line) and ":" not in line:
                _, prefix = _split_title(state.kind, line)
                if prefix and _name_like(prefix):
                    return names.smart_case(prefix)
                continue
            if ":" in line or "\t" in line:
                continue
            if re.match(r"(?i)^page\b", line) or not _name_like(line):
                continue
            return names.smart_case(line)
    counts: dict[str, int] = {}
    for p in state.doc.paragraphs():
        for name in names.find_school_names(p.text):
            counts[name] = counts.get(name, 0) + 1
    if counts:
        return max(counts, key=lambda n: counts[n])
    company = state.doc.core.get("company", "").strip()
    return names.smart_case(company) if company else None
