"""``--format xlsx``: the trust's policy register as an Excel workbook (XlsxWriter).

Three sheets, each with a frozen header row, filters and set column widths:

* **Register**: one row a document: school, title, kind, whether the school must
  hold it, the approval and review dates as real Excel dates with the text as
  the document wrote it beside each, the status as a word on a red, amber or
  green fill, the approver and the owner or link governor, the findings by
  severity, and the file's full path as a link that opens it.
* **Findings**: every finding (and every unreadable document's error), placed
  in Word terms (the section heading and the paragraph's first words).
* **Missing**: each required policy a school lacks (PK501), and what requires it.

Text from documents (titles, school names, quotations, file names) is always
written with ``write_string``: a title such as ``=HYPERLINK("...")`` stays
text and never becomes a formula. The workbook's creation date is the run's
as-of date, so one run's report is the same bytes every time.
"""

from __future__ import annotations

import datetime as dt
import io
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Final

from . import BinaryFormat
from .register import Row, rows, trust_view

if TYPE_CHECKING:
    from xlsxwriter.format import Format
    from xlsxwriter.worksheet import Worksheet

    from ..records import CheckReport
    from . import ReportOptions, RuleBook

DATE_FORMAT: Final = "d mmm yyyy"
# Excel's own "Bad", "Neutral" and "Good" cell styles: a status's fill and its text colour.
FILLS: Final = {
    "red": ("#FFC7CE", "#9C0006"),
    "amber": ("#FFEB9C", "#9C5700"),
    "green": ("#C6EFCE", "#006100"),
    "grey": ("#EDEDED", "#3D3D3D"),
}
STATUS_FILL: Final = {
    "lapsed": "red",
    "unreadable": "red",
    "due-soon": "amber",
    "no-review-date": "amber",
    "not-checked": "amber",
    "current": "green",
}
MAX_URL: Final = 2079  # Excel's longest link; a longer path is written as text
MAX_LINKS: Final = 65530  # XlsxWriter's links per sheet

# (heading, width) of each sheet's columns.
REGISTER: Final = (
    ("School", 26),
    ("Title", 44),
    ("Kind", 30),
    ("Statutory", 10),
    ("Approved", 12),
    ("Approved (as written)", 20),
    ("Review due by", 13),
    ("Review due (as written)", 22),
    ("Status", 22),
    ("Approver", 24),
    ("Owner or link governor", 24),
    ("Errors", 8),
    ("Warnings", 10),
    ("Info", 7),
    ("Problem", 30),
    ("Path", 60),
)
FINDINGS: Final = (
    ("School", 26),
    ("Title", 40),
    ("Severity", 10),
    ("Code", 8),
    ("Rule", 24),
    ("Message", 80),
    ("Where", 50),
    ("Path", 60),
)
MISSING: Final = (("School", 26), ("Policy", 40), ("Kind id", 26), ("Required by", 70))


class _Book:
    """The workbook being written, with its few cell formats."""

    def __init__(self, out: io.BytesIO, as_of: dt.date) -> None:
        import xlsxwriter

        self.book = xlsxwriter.Workbook(
            out,
            {
                "in_memory": True,
                # Belt and braces: write_string is used for text anyway.
                "strings_to_formulas": False,
                "strings_to_numbers": False,
                "strings_to_urls": False,
            },
        )
        created = dt.datetime(as_of.year, as_of.month, as_of.day, tzinfo=dt.UTC)
        self.book.set_properties(
            {
                "title": f"Policy register as of {as_of.isoformat()}",
                "author": "policykit",
                "created": created,
            }
        )
        self.header = self.book.add_format(
            {"bold": True, "bg_color": "#12263F", "font_color": "#FFFFFF"}
        )
        self.date = self.book.add_format({"num_format": DATE_FORMAT, "align": "left"})
        self.link = self.book.add_format({"font_color": "#0B4F9C", "underline": 1})
        self.fills = {
            name: self.book.add_format({"bg_color": fill, "font_color": ink, "bold": True})
            for name, (fill, ink) in FILLS.items()
        }

    def sheet(self, name: str, columns: Sequence[tuple[str, int]], count: int) -> Worksheet:
        """A sheet with its header row, frozen, filtered over ``count`` rows, widths set."""
        sheet = self.book.add_worksheet(name)
        for col, (heading, width) in enumerate(columns):
            sheet.write_string(0, col, heading, self.header)
            sheet.set_column(col, col, width)
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, max(count, 1), len(columns) - 1)
        return sheet


def _text(
    sheet: Worksheet, row: int, col: int, value: str | None, fmt: Format | None = None
) -> None:
    """Text from a document: always a string cell, never a formula, number or link."""
    if value:
        sheet.write_string(row, col, value, fmt)


def _date(sheet: Worksheet, row: int, col: int, value: dt.date | None, fmt: Format) -> None:
    if value is not None:
        sheet.write_datetime(row, col, dt.datetime(value.year, value.month, value.day), fmt)


def _link(book: _Book, sheet: Worksheet, row: int, col: int, path: str, links: list[int]) -> None:
    """The file's full path, as a link that opens it (as text past Excel's limits)."""
    try:
        url = Path(os.path.abspath(path)).as_uri()  # percent-encoded: '#' and spaces are safe
    except ValueError:
        url = ""
    if url and os.name != "nt":
        # XlsxWriter turns a file: link into a Windows path (S:/x -> S:\x), which makes a
        # POSIX path relative; the scheme in capitals (the same URL: schemes ignore case)
        # is written as it is.
        url = "FILE" + url[4:]
    if url and len(url) <= MAX_URL and links[0] < MAX_LINKS:
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # XlsxWriter warns, and returns < 0, on what it refuses
            done = sheet.write_url(row, col, url, book.link, string=path)
        if done == 0:
            links[0] += 1
            return
    sheet.write_string(row, col, path)


def _register(book: _Book, register: list[Row]) -> None:
    sheet = book.sheet("Register", REGISTER, len(register))
    links = [0]
    for r, row in enumerate(register, 1):
        _text(sheet, r, 0, row.school)
        _text(sheet, r, 1, row.title)
        _text(sheet, r, 2, row.kind_name)
        if row.statutory is not None:
            sheet.write_string(r, 3, "yes" if row.statutory else "no")
        if row.approved is not None:
            _date(sheet, r, 4, row.approved.start, book.date)
            _text(sheet, r, 5, row.approved.text)
        if row.review_due is not None:
            _date(sheet, r, 6, row.review_due.end, book.date)
            _text(sheet, r, 7, row.review_due.text)
        fill = "grey" if not row.counted else STATUS_FILL.get(row.status)
        sheet.write_string(r, 8, row.status_word, book.fills[fill] if fill else None)
        _text(sheet, r, 9, row.approver)
        _text(sheet, r, 10, row.owner)
        counts = row.counts
        for col, severity in ((11, "error"), (12, "warning"), (13, "info")):
            sheet.write_number(r, col, counts[severity])
        _text(sheet, r, 14, row.error)
        _link(book, sheet, r, 15, row.path, links)


def _findings(
    book: _Book, report: CheckReport, register: list[Row], registry: RuleBook | None
) -> None:
    lines: list[tuple[str, ...]] = []
    for row in register:
        if row.error is not None:
            code, _, message = row.error.partition(": ")  # "PK001: not a zip file"
            rule = registry.get(code) if registry is not None else None
            name = rule.name if rule is not None else "unreadable"
            severity = row.error_severity
            lines.append((row.school, row.title, severity, code, name, message, "", row.path))
        for located in row.findings:
            f = located.finding
            lines.append(
                (
                    row.school,
                    row.title,
                    f.severity,
                    f.code,
                    f.name,
                    f.message,
                    located.where,
                    row.path,
                )
            )
    for record in report.documents:
        if record.status == "school":  # a school's folder: its PK501/PK502 findings
            school = record.school or record.path
            for f in record.findings:
                where = "the school's folder"
                lines.append(
                    (school, "", f.severity, f.code, f.name, f.message, where, record.path)
                )
    sheet = book.sheet("Findings", FINDINGS, len(lines))
    for r, line in enumerate(lines, 1):
        for col, value in enumerate(line):
            _text(sheet, r, col, value)


def _missing(book: _Book, report: CheckReport) -> None:
    view = trust_view(report)
    missing = [(school, need) for school in view.schools for need in school.missing]
    sheet = book.sheet("Missing", MISSING, len(missing))
    for r, (school, need) in enumerate(missing, 1):
        _text(sheet, r, 0, school.name)
        _text(sheet, r, 1, need.name)
        _text(sheet, r, 2, need.kind)
        _text(sheet, r, 3, need.source)


def workbook(report: CheckReport, registry: RuleBook | None = None) -> bytes:
    """The register workbook's bytes (``registry``: for the names of the rules of
    unreadable files' codes)."""
    view = trust_view(report)
    register = rows(report, view)
    out = io.BytesIO()
    book = _Book(out, report.as_of)
    _register(book, register)
    _findings(book, report, register, registry)
    _missing(book, report)
    book.book.close()
    return out.getvalue()


def _write(report: CheckReport, options: ReportOptions) -> bytes:
    return workbook(report, options.registry)


write: Final = BinaryFormat(_write, ".xlsx")
"""``--format xlsx``: the register workbook (see :func:`workbook`)."""

__all__ = ["workbook", "write"]
