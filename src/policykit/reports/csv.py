"""``--format csv``: the policy register a trust keeps in Excel, one row a document.

UTF-8 with a byte-order mark, so Excel shows apostrophes and accents; cells that
Excel would take for formulas (``=``, ``+``, ``-``, ``@``) are quoted with ``'``.
"""

from __future__ import annotations

import csv
from typing import TYPE_CHECKING, Final

from . import ReportStream, StreamedFormat

if TYPE_CHECKING:
    import datetime as dt

    from ..checking import DocumentReport

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
)
_FORMULA_START: Final = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


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
