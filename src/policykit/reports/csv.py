"""``--format csv``: the policy register a trust keeps in Excel, one row a document.

UTF-8 with a byte-order mark, so Excel shows apostrophes and accents. The
dates are given as written (``approved``, ``review_due``) and as ISO dates a
spreadsheet sorts and filters (``*_start``, ``*_end``: the first and last day
of the period written; ``review_due_by`` is ``review_due_end``, kept for
scripts written against it). A cell that a spreadsheet would take for a
formula (starting ``=``, ``+``, ``-``, ``@``, a tab or a carriage return, as
OWASP lists them, or a full-width ``＝ ＋ － ＠``) starts with ``'``, so it
stays text.
"""

from __future__ import annotations

import csv
from typing import TYPE_CHECKING, Final

from . import ReportStream, StreamedFormat

if TYPE_CHECKING:
    import datetime as dt

    from ..model import PolicyDate
    from ..records import DocumentReport

COLUMNS: Final = (
    "path",
    "school",
    "title",
    "kind",
    "approved",
    "review_due",
    "review_due_by",
    "status",
    "errors",
    "warnings",
    "info",
    "codes",
    "error",
    "approved_start",
    "approved_end",
    "review_due_start",
    "review_due_end",
)
FORMULA_START: Final = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def _iso(date: PolicyDate | None) -> tuple[str | None, str | None]:
    """A period's first and last day as ISO dates (blank when there is no date)."""
    if date is None:
        return None, None
    return date.start.isoformat(), date.end.isoformat()


def _row(doc: DocumentReport) -> list[str]:
    counts = {"error": 0, "warning": 0, "info": 0}
    for f in doc.findings:
        counts[f.severity] += 1
    codes = sorted({f.code for f in doc.findings} | ({doc.error.code} if doc.error else set()))
    values: list[object] = [
        doc.path,
        doc.school,
        doc.title,
        doc.kind,
        doc.approved.text if doc.approved else None,
        doc.review_due.text if doc.review_due else None,
        doc.review_due.end.isoformat() if doc.review_due else None,
        doc.status,
        counts["error"],
        counts["warning"],
        counts["info"],
        " ".join(codes),
        f"{doc.error.code}: {doc.error.message}" if doc.error else None,
        *_iso(doc.approved),
        *_iso(doc.review_due),
    ]
    return [_cell(v) for v in values]


class CsvStream(ReportStream):
    """The byte-order mark and the header row, then a row as each document arrives."""

    def start(self, as_of: dt.date) -> None:
        self._rows = csv.writer(self, lineterminator="\r\n")  # writes through self.write
        self.write("\ufeff")
        self._rows.writerow(COLUMNS)

    def add(self, document: DocumentReport) -> None:
        self._rows.writerow(_row(document))


write = StreamedFormat(CsvStream)
