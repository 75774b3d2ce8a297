"""Step 3: the metadata as written: labelled values, review-history tables, dated sentences.

Takes the body items, their headings and the front matter; returns the values
found (:class:`FieldValue`, as written, not yet read as dates), the review
history and the metadata tables at the top (which are not content).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .. import dates
from ..docx.blocks import DocParagraph, DocTable, DocxDocument
from ..kinds import Kind
from . import headings as hd
from . import metadata as md
from . import tables as tb
from .items import Item
from .result import FieldValue
from .text import index_of, lines, paragraphs_of, shown, table_rows


@dataclass(frozen=True, slots=True)
class Metadata:
    """The values and history found, and the positions of metadata tables at the top."""

    fields: list[FieldValue]
    history: list[tb.HistoryEntry]
    tables: frozenset[int]


def read_metadata(
    items: list[Item],
    headings: dict[int, hd.Heading],
    taken: frozenset[int],
    front_end: int,
    kind: Kind,
    doc: DocxDocument,
) -> Metadata:
    """Labelled values in tables, lines, headers and footers, then dates in sentences.

    ``taken``: the title's and school's positions (no dated sentence there).
    """
    fields: list[tuple[FieldValue, str]] = []  # with the label each value was found under
    history: list[tb.HistoryEntry] = []
    tables: set[int] = set()
    in_sentences: list[FieldValue] = []  # after every labelled value
    for i, item in enumerate(items):
        p = item.paragraph
        if p is None:
            block = item.block
            assert isinstance(block, DocTable)
            reading = _table_values(kind, block, fields)
            history.extend(reading.history)
            if reading.is_metadata and i < front_end:
                tables.add(i)
        elif i not in headings:
            _paragraph_values(kind, item, p, i in taken, fields, in_sentences)
    values = [fv for fv, _ in _last_reviews(fields)]
    values.extend(in_sentences)
    values.extend(_margin_values(kind, doc))
    return Metadata(values, history, frozenset(tables))


def _last_reviews(found: list[tuple[FieldValue, str]]) -> list[tuple[FieldValue, str]]:
    """ "Review date: May 2015" beside "Next review date: May 2018": the first is the last
    review. Only a review date earlier than the one whose label says "next" is moved."""
    due = [(i, fv) for i, (fv, label) in enumerate(found) if fv.field == "review_due"]
    nexts = [fv for fv, label in found if fv.field == "review_due" and md.says_next(label)]
    if not nexts or len(nexts) == len(due):
        return found
    next_date = md.date_in(nexts[0].text)
    if next_date is None:
        return found
    out = list(found)
    for i, fv in due:
        label = found[i][1]
        when = md.date_in(fv.text)
        if not md.says_next(label) and when is not None and when.end < next_date.start:
            out[i] = (FieldValue("last_reviewed", fv.text, fv.source, fv.paragraph), label)
    return out


def _table_values(
    kind: Kind, block: DocTable, fields: list[tuple[FieldValue, str]]
) -> tb.TableReading:
    reading = tb.read_table(kind, table_rows(block))
    in_table = paragraphs_of(block)
    for name, label, value in reading.fields:
        fields.append((FieldValue(name, value, "table", index_of(in_table, value)), label))
    return reading


def _paragraph_values(
    kind: Kind,
    item: Item,
    p: DocParagraph,
    taken: bool,
    fields: list[tuple[FieldValue, str]],
    in_sentences: list[FieldValue],
) -> None:
    text = shown(p) if p.date_field_text else p.text
    digits = dates.may_contain_date(text)  # (asked once: both date look-ups need it)
    if item.text:
        found = md.line_values(kind, text) or (_short_line(kind, text) if digits else ())
        for name, label, value in found:
            fields.append((FieldValue(name, value, "line", p.index), label))
    if digits and not taken and len(text) <= _SENTENCE_MAX_CHARS:
        for name, start, end in dates_in_sentences(text):
            in_sentences.append(FieldValue(name, text[start:end], "text", p.index))


def _margin_values(kind: Kind, doc: DocxDocument) -> list[FieldValue]:
    """Labelled values in the headers, then the footers."""
    out: list[FieldValue] = []
    for source, parts in (("header", doc.headers), ("footer", doc.footers)):
        for blocks in parts:
            for line in lines(blocks):
                found = md.line_values(kind, line) or md.label_then_date(kind, line)
                for name, _label, value in found:
                    out.append(FieldValue(name, value, source, None))
    return out


_SHORT_LINE_WORDS = 8


def _short_line(kind: Kind, text: str) -> tuple[tuple[str, str, str], ...]:
    """ "Next review Spring 2027" on a line of its own: a label, no separator, a date."""
    if len(text) > md.MAX_VALUE_LINE_CHARS:
        return ()  # (what label_then_date says at once: asked first, before any split)
    return _short_line_values(kind, text)


@functools.lru_cache(maxsize=4096)
def _short_line_values(kind: Kind, text: str) -> tuple[tuple[str, str, str], ...]:
    """:func:`_short_line` of a line short enough to remember (documents share lines)."""
    if len(text.split(None, _SHORT_LINE_WORDS)) > _SHORT_LINE_WORDS:  # (split no further)
        return ()
    return tuple(md.label_then_date(kind, text))


_APPROVAL_WORDS = re.compile(r"\b(approved|adopted|ratified|agreed)\b", re.IGNORECASE)
_NEXT_REVIEW_WORDS = re.compile(
    r"\b(next review|(?:will|is to|shall|should|to) be (?:next )?reviewed|review(?:ed)? (?:is )?due"
    r"|due for (?:its next )?review)\b",
    re.IGNORECASE,
)
_SENTENCE_WINDOW = 90
_SENTENCE_MAX_CHARS = 600  # a longer paragraph is not a sentence stating a date


@functools.lru_cache(maxsize=4096)
def dates_in_sentences(text: str) -> tuple[tuple[str, int, int], ...]:
    """ "This policy was approved by governors on 13 July 2009." as a last resort.

    (field, start, end) of the dates in a paragraph's shown text (:func:`shown`) of
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
