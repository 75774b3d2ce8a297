"""Metadata: labelled values in tables, "Key: value" lines, headers and footers.

Labels come from the kind file (``fields`` and ``history``); nothing about a
particular school's layout is assumed. Values are kept as written
(:class:`FieldValue`); dates are read later, once, by the orchestrator.
"""

from __future__ import annotations

import functools
import re

from .. import dates
from ..fields import date_fields
from ..kinds import Kind, normalise
from ..model import PolicyDate
from .result import FieldValue

# "Key: value", "Key<TAB>value", "Key - value"; the label is short and has no sentence in it.
_SPLIT_CHUNKS = re.compile(r"\t+| {3,}| \| ")
_COLON = re.compile(r"^(?P<label>[^:]{1,80}?)\s*[:：]\s*(?P<value>.*)$")
_DASH = re.compile(r"^(?P<label>[^–—-]{2,60}?)\s+[–—-]\s+(?P<value>.+)$")
_MAX_VALUE_WORDS = 14


def classify_label(kind: Kind, label: str, value: str) -> str | None:
    """The field a label names, taking the value into account.

    "Approved by: Full Governing Body" is a person or body, "Approved by the
    Full Governing Body: 12/09/2016" is the approval date; a label the kind
    does not list but that says "next review" or "approved" is still read
    when its value is a date.
    """
    name = kind.labels.field_for(label)
    is_date = dates.is_date(value)
    key = normalise(label)
    if name is not None and name.startswith("people.") and is_date:
        guess = _keyword_field(key)
        return guess or name
    if name is None and is_date:
        return _keyword_field(key)
    if name in date_fields() and not is_date and kind.find_review_cycle(value) is not None:
        return "review_cycle"  # "Reviewed: Annually", "Review: every two years"
    return name


_REVIEW_DUE_WORDS = re.compile(
    r"\b(next review|review due|due for review|review date|review by|reviewed by)\b"
)
_LAST_REVIEW_WORDS = re.compile(r"\blast review")
_APPROVED_WORDS = re.compile(r"\b(approv|adopt|ratif|agreed)")


def _keyword_field(key: str) -> str | None:
    if _REVIEW_DUE_WORDS.search(key):
        return "review_due"
    if _LAST_REVIEW_WORDS.search(key):
        return "last_reviewed"
    if _APPROVED_WORDS.search(key):
        return "approved"
    return None


_LINE_MEMO_SIZE = 4096
_MEMO_MAX_CHARS = 1000  # longer lines are read afresh each time: they are never remembered


def read_line(kind: Kind, text: str) -> list[tuple[str, str, str]]:
    """Labelled values in one line of text: [(field, label, value)], possibly several.

    Remembered per kind and line (a line is asked about while finding headings and
    again while reading metadata, and documents share lines); each call gets a list
    of its own.
    """
    return list(line_values(kind, text))


def holds_values(kind: Kind, text: str) -> bool:
    """``bool(read_line(kind, text))``."""
    return bool(line_values(kind, text))


def line_values(kind: Kind, text: str) -> tuple[tuple[str, str, str], ...]:
    """:func:`read_line` as a tuple: the same one each time a line is asked about."""
    if len(text) > _MEMO_MAX_CHARS:
        return tuple(_read_line(kind, text)) if may_hold_values(text) else ()
    # (remembered first: finding a line already met costs less than the substring tests)
    return _remembered_values(kind, text)


@functools.lru_cache(maxsize=_LINE_MEMO_SIZE)
def _remembered_values(kind: Kind, text: str) -> tuple[tuple[str, str, str], ...]:
    if not may_hold_values(text):
        return ()
    return tuple(_read_line(kind, text))


_SPACED_DASH = re.compile(r"\s[–—-]\s")


def may_hold_values(text: str) -> bool:
    """False when :func:`read_line` finds nothing for certain: no colon, no tab or
    wide gap between a label and its value, no spaced dash ("Reviewed - 2019").

    Most body sentences are turned away here, before any pattern is tried.
    """
    return (
        ":" in text
        or "\t" in text
        or "   " in text
        or " | " in text
        or "：" in text
        or (("-" in text or "–" in text or "—" in text) and _SPACED_DASH.search(text) is not None)
    )


MAX_VALUE_LINE_CHARS = 300  # a longer line is a paragraph of text, not labelled values


def _read_line(kind: Kind, text: str) -> list[tuple[str, str, str]]:
    text = text.strip()
    if not text or len(text) > MAX_VALUE_LINE_CHARS:
        return []
    colon = text.find(":")
    if colon > 0 and _has_colon(text, colon + 1):
        # a second "Label:" after the first value starts a second value
        text = text[: colon + 1] + kind.labels.inline_label.sub("\t\\1", text[colon + 1 :])
    chunks = [c.strip() for c in _SPLIT_CHUNKS.split(text) if c.strip()]
    out: list[tuple[str, str, str]] = []
    pending_label: str | None = None
    for chunk in chunks:
        match = _COLON.match(chunk)
        if match and match.group("label").strip():
            label, value = match.group("label").strip(), match.group("value").strip()
            if not value:
                pending_label = label
                continue
            name = classify_label(kind, label, value)
            if name is not None and plausible_value(name, value):
                out.append((name, label, value))
            pending_label = None
            continue
        unlabelled = _without_colon(kind, chunk)  # "Review Date 26th December 2023"
        if pending_label is not None and not unlabelled:
            name = classify_label(kind, pending_label, chunk)
            if name is not None and plausible_value(name, chunk):
                out.append((name, pending_label, chunk))
            pending_label = None
            continue
        pending_label = None
        if not unlabelled and kind.labels.field_for(chunk) is not None and len(chunks) > 1:
            pending_label = chunk
            continue
        out.extend(unlabelled)
    return out


def _without_colon(kind: Kind, chunk: str) -> list[tuple[str, str, str]]:
    """ "Reviewed - 2019", "Policy – Next review Spring 2027": a date after a label."""
    dash = _DASH.match(chunk)
    if dash:
        label, value = dash.group("label").strip(), dash.group("value").strip()
        name = classify_label(kind, label, value)
        if name is not None and name in date_fields() and dates.is_date(value):
            return [(name, label, value)]
    return label_then_date(kind, chunk)


def label_then_date(kind: Kind, text: str) -> list[tuple[str, str, str]]:
    """Date fields written as a label then the date, with no separator or a dash.

    "Community Cohesion Policy – Next review Spring 2027", "Next review Spring 2027",
    "Approved February 2016 VU": the label starts the text or follows a dash, bar,
    colon or bracket; the date follows the label at once (a note after it is left).
    """
    if len(text) > MAX_VALUE_LINE_CHARS or not dates.may_contain_date(text):
        return []
    out: list[tuple[str, str, str]] = []
    seen: set[str] = set()
    for match in kind.labels.date_label.finditer(text):
        label = match.group(1)
        name = kind.labels.field_for(label)
        rest = text[match.end() :]
        found = dates.find_dates(rest)
        if name is None or name in seen or not found or found[0][0] != 0:
            continue
        seen.add(name)
        out.append((name, label, rest[: found[0][1]]))
    return out


def _has_colon(text: str, start: int) -> bool:
    return ":" in text[start:] or "：" in text[start:]


def plausible_value(name: str, value: str) -> bool:
    """A value of a believable length for its field (a date is not a paragraph)."""
    words = len(value.split())
    if name in date_fields():
        return words <= _MAX_VALUE_WORDS
    if name == "review_cycle":
        return words <= 20
    return (words <= 16 and not value.endswith((".", "?", "!"))) or words <= 4


def says_next(label: str) -> bool:
    """A label that names the next review ("Next review date")."""
    return "next" in label.lower().split()


def date_in(text: str) -> PolicyDate | None:
    """The date a value states, a note after it allowed ("2013-14 (earlier if needed)")."""
    found = dates.parse_date(text)
    if found is None:
        inside = dates.find_dates(text)
        found = inside[0][2] if inside else None
    return found


def values_from_lines(
    kind: Kind, lines: list[tuple[str, int | None]], source: str
) -> list[FieldValue]:
    """Labelled values in lines of text [(text, paragraph index)]."""
    out: list[FieldValue] = []
    for text, index in lines:
        for name, _label, value in read_line(kind, text):
            out.append(FieldValue(name, value, source, index))
    return out
