"""``--format csv``: the policy register a trust keeps in Excel, one row a document.

UTF-8 with a byte-order mark, so Excel shows apostrophes and accents; cells that
Excel would take for formulas (``=``, ``+``, ``-``, ``@``) are quoted with ``'``.
"""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from ..checking import CheckReport, DocumentReport
    from . import ReportOptions

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


def write(report: CheckReport, options: ReportOptions) -> str:
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for doc in report.documents:
        writer.writerow(_row(doc))
    return out.getvalue()
