"""Metadata: labelled values in tables, "Key: value" lines, headers and footers.

Labels come from the kind file (``fields`` and ``history``); nothing about a
particular school's layout is assumed. Values are kept as written
(:class:`FieldValue`); dates are read later, once, by the orchestrator.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field

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


def _read_line(kind: Kind, text: str) -> list[tuple[str, str, str]]:
    text = text.strip()
    if not text or len(text) > 300:
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
            if name is not None and _plausible_value(name, value):
                out.append((name, label, value))
            pending_label = None
            continue
        unlabelled = _without_colon(kind, chunk)  # "Review Date 26th December 2023"
        if pending_label is not None and not unlabelled:
            name = classify_label(kind, pending_label, chunk)
            if name is not None and _plausible_value(name, chunk):
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
    if len(text) > 300 or not dates.may_contain_date(text):
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


def _plausible_value(name: str, value: str) -> bool:
    words = len(value.split())
    if name in date_fields():
        return words <= _MAX_VALUE_WORDS
    if name == "review_cycle":
        return words <= 20
    return (words <= 16 and not value.endswith((".", "?", "!"))) or words <= 4


# --------------------------------------------------------------------------- tables


@dataclass(slots=True)
class HistoryEntry:
    date_text: str
    signed_by: str | None


@dataclass(slots=True)
class TableReading:
    fields: list[tuple[str, str, str]] = field(default_factory=list)  # (field, label, value)
    history: list[HistoryEntry] = field(default_factory=list)
    labelled_rows: int = 0
    rows: int = 0

    @property
    def is_metadata(self) -> bool:
        """Most of the table is labels and values (or a review history)."""
        if self.history:
            return True
        return self.rows > 0 and self.labelled_rows * 2 >= self.rows and self.labelled_rows >= 1


def read_table(kind: Kind, rows: list[list[str]]) -> TableReading:
    """Fields and review history in a table of cell texts."""
    reading = TableReading(rows=len(rows))
    rows = [[_clean(c) for c in row] for row in rows]
    rows = [row for row in rows if any(row)]
    reading.rows = len(rows)
    if not rows:
        return reading
    across = _fields_across(kind, rows)
    if across is not None:
        reading.fields.extend(across)
        reading.labelled_rows = reading.rows
        return reading
    history = _horizontal_history(kind, rows) or _vertical_history(kind, rows)
    if history is not None:
        entries, used = history
        reading.history = entries
        reading.labelled_rows += len(used)
        reading.fields.extend(_next_review_column(kind, rows, used))
        rows = [row for r, row in enumerate(rows) if r not in used]
    for row in rows:
        cells = _dedupe_merged(row)
        found = False
        for i in range(0, len(cells) - 1, 2):
            label, value = cells[i], cells[i + 1]
            if not label or not value:
                continue
            name = classify_label(kind, label, value)
            if name is not None and _plausible_value(name, value):
                reading.fields.append((name, label, value))
                found = True
        if not found and len(cells) == 1:
            pairs = read_line(kind, cells[0])
            reading.fields.extend(pairs)
            found = bool(pairs)
        if not found and len(cells) >= 2 and kind.labels.field_for(cells[0]) and not cells[1]:
            found = True  # a labelled row left blank ("Review date | ")
        if found:
            reading.labelled_rows += 1
    return reading


def _clean(text: str) -> str:
    """Runs of whitespace made one space, ends trimmed."""
    return " ".join(text.split())


def _dedupe_merged(row: list[str]) -> list[str]:
    """Horizontally merged cells repeat their text: keep one copy."""
    out: list[str] = []
    for cell in row:
        if out and cell and cell == out[-1]:
            continue
        out.append(cell)
    return out


def _fields_across(kind: Kind, rows: list[list[str]]) -> list[tuple[str, str, str]] | None:
    """A header row of labels over one row of values.

    "Policy | Date approved | Review date" above "Community Cohesion | 01/09/2020 |
    01/09/2022": the columns are the fields. Two or more headers must name
    different fields, or one field beside signature columns (at least one of
    them not a review-history label), and a single row of values must follow.
    """
    if len(rows) != 2 or len(rows[0]) != len(rows[1]):
        return None
    header, values = rows
    if any(dates.is_date(h) for h in header if h):
        return None
    out: list[tuple[str, str, str]] = []
    for label, value in zip(header, values, strict=True):
        if not label or not value:
            continue
        name = classify_label(kind, label, value)
        if name is not None and _plausible_value(name, value):
            out.append((name, label, value))
    out = _settle_next(out)
    names = {name for name, _, _ in out}
    single = len(header) == 1 and len(out) == 1  # "Adopted by governors on" over "2016"
    # "Signed (Headteacher)" and "Signed (Chair)" columns beside a date field: a metadata
    # table signed off, read across like any other (issue 12)
    signed = any(
        label and value and kind.labels.is_history_signature(label)
        for label, value in zip(header, values, strict=True)
    )
    if (len(names) + (signed and bool(names)) < 2 and not single) or len(names) < len(out):
        return None
    if all(
        kind.labels.is_history_date(label) or kind.labels.is_history_signature(label)
        for _, label, _ in out
    ):
        return None
    return out


def _settle_next(found: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """ "Review date" beside a later "Next review date" in one table: the last review."""
    nexts = [v for name, label, v in found if name == "review_due" and says_next(label)]
    next_date = date_in(nexts[0]) if nexts else None
    if next_date is None:
        return found
    out = []
    for name, label, value in found:
        when = date_in(value) if name == "review_due" and not says_next(label) else None
        if when is not None and when.end < next_date.start:
            name = "last_reviewed"
        out.append((name, label, value))
    return out


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


def _horizontal_history(
    kind: Kind, rows: list[list[str]]
) -> tuple[list[HistoryEntry], set[int]] | None:
    """A row "Date of review | Spring 2009 | Spring 2013" and, below, "Signed | name | name"."""
    labels = kind.labels
    for r, row in enumerate(rows):
        if len(row) < 2 or not labels.is_history_date(row[0]):
            continue
        date_cells = [(c, text) for c, text in enumerate(row) if c > 0 and text]
        if not date_cells or not all(dates.is_date(t) for _, t in date_cells):
            continue
        below = rows[r + 1] if r + 1 < len(rows) else []
        # "Signed (Headteacher)" then "Signed (Chair)" under one date: a signed front
        # table, not a review history
        two_below = rows[r + 2] if r + 2 < len(rows) else []
        signed_below = (
            bool(below)
            and labels.is_history_signature(below[0])
            and (labels.field_for(below[0]) is None)
            and not (two_below and labels.is_history_signature(two_below[0]))
        )
        if len(date_cells) < 2 and not signed_below:
            continue  # "Review date | September 2019" alone is the next review, not history
        signatures: list[str] = [""] * len(row)
        used = {r}
        for s, other in enumerate(rows[r + 1 : r + 3], start=r + 1):
            if other and labels.is_history_signature(other[0]):
                signatures = other + [""] * (len(row) - len(other))
                used.add(s)
                break
        entries = [HistoryEntry(text, signatures[c] or None) for c, text in date_cells]
        return entries, used
    return None


def _next_review_column(
    kind: Kind, rows: list[list[str]], used: set[int]
) -> list[tuple[str, str, str]]:
    """A review table's "Next review" column: the latest date in it is the review due.

    "Date reviewed | Signed | Next review", one row per review: each row says when
    the next one falls, so the last review's is the one due now.
    """
    if 0 not in used or len(rows) < 2:
        return []
    header = rows[0]
    column = next(
        (
            c
            for c, h in enumerate(header)
            if h and not kind.labels.is_history_date(h) and kind.labels.field_for(h) == "review_due"
        ),
        None,
    )
    if column is None:
        return []
    latest: tuple[dt.date, str] | None = None
    for row in rows[1:]:
        value = row[column] if column < len(row) else ""
        found = dates.parse_date(value) if value else None
        if found is not None and (latest is None or found.start >= latest[0]):
            latest = (found.start, value)
    return [] if latest is None else [("review_due", header[column], latest[1])]


def _vertical_history(
    kind: Kind, rows: list[list[str]]
) -> tuple[list[HistoryEntry], set[int]] | None:
    """A header row "Date | Reviewed by | Signed" and one row per review."""
    labels = kind.labels
    if len(rows) < 2:
        return None
    header = rows[0]
    if len(header) < 2 or any(dates.is_date(h) for h in header if h):
        return None
    date_col = next((c for c, h in enumerate(header) if labels.is_history_date(h)), None)
    if date_col is None:
        return None
    sig_col = next(
        (c for c, h in enumerate(header) if c != date_col and labels.is_history_signature(h)), None
    )
    entries: list[HistoryEntry] = []
    for row in rows[1:]:
        if date_col >= len(row) or not row[date_col]:
            continue
        if not dates.is_date(row[date_col]):
            return None
        signed = row[sig_col] if sig_col is not None and sig_col < len(row) else ""
        entries.append(HistoryEntry(row[date_col], signed or None))
    if not entries:
        return None
    return entries, set(range(len(rows)))


def values_from_lines(
    kind: Kind, lines: list[tuple[str, int | None]], source: str
) -> list[FieldValue]:
    """Labelled values in lines of text [(text, paragraph index)]."""
    out: list[FieldValue] = []
    for text, index in lines:
        for name, _label, value in read_line(kind, text):
            out.append(FieldValue(name, value, source, index))
    return out
