"""Metadata in tables: labelled values across a row or down a column, and review histories.

Labels come from the kind file (``fields`` and ``history``); values are kept
as written, as :mod:`.metadata` keeps those of lines.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .. import dates
from ..kinds import Kind
from .metadata import classify_label, date_in, plausible_value, read_line, says_next


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
            if name is not None and plausible_value(name, value):
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
        if name is not None and plausible_value(name, value):
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
