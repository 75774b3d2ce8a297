"""``--format text``: one line a finding, Sphinx/ruff style, then a summary line.

``path:§section:¶N: severity CODE name: message``; the section and paragraph
parts appear when known. Colour only when asked (the CLI asks on a terminal).

Findings stream out document by document, in discovery order. Before the
summary line come the documents whose review has lapsed, then those due soon,
each list highest stakes first (the kind's ``priority``: a lapsed child
protection policy before a lapsed uniform policy), then the longest overdue;
a list is cut after a few documents ("and 4 more").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from ..kinds import GENERIC_KIND, LOWEST_PRIORITY
from ..trust import kind_name
from . import ReportStream, StreamedFormat, location

if TYPE_CHECKING:
    import datetime as dt

    from ..checking import CheckReport, DocumentReport
    from . import ReportOptions

_COLOURS: Final = {"error": "1;31", "warning": "33", "info": "36", "path": "1", "code": "1"}


def _paint(text: str, what: str, color: bool) -> str:
    return f"\x1b[{_COLOURS[what]}m{text}\x1b[0m" if color else text


def _one_line(text: str) -> str:
    return " ".join(text.split())


SHOWN: Final = 10  # documents in each list before "and N more"
_LISTS: Final = (
    ("lapsed", "Review lapsed, highest stakes first:", "was due"),
    ("due-soon", "Review due soon, highest stakes first:", "due"),
)


@dataclass(frozen=True, slots=True, order=True)
class _Due:
    """A lapsed or due-soon document, as its list shows it (ordered as the list is)."""

    priority: int
    end: dt.date
    path: str
    title: str | None
    kind: str | None
    due: str


class _Stakes:
    """The first :data:`SHOWN` documents of one list in order, and how many there were.

    Only those are kept, so a run's memory stays flat however many have lapsed.
    """

    def __init__(self) -> None:
        self.kept: list[_Due] = []
        self.count = 0

    def add(self, item: _Due) -> None:
        self.count += 1
        self.kept.append(item)
        if len(self.kept) > 2 * SHOWN:
            self.kept = sorted(self.kept)[:SHOWN]

    def first(self) -> list[_Due]:
        return sorted(self.kept)[:SHOWN]


def _due_line(item: _Due, verb: str, color: bool) -> str:
    kind = kind_name(item.kind) if item.kind and item.kind != GENERIC_KIND else None
    what = item.title or kind or "untitled"
    if kind and kind.casefold() != what.casefold():
        what = f"{what} ({kind})"
    return f"  {_paint(item.path, 'path', color)}: {_one_line(what)}; review {verb} {item.due}"


class TextStream(ReportStream):
    """A document's lines as it arrives; the lapsed and due-soon lists and the summary line
    at the end."""

    def __init__(self, write: Callable[[str], object], options: ReportOptions) -> None:
        super().__init__(write, options)
        self._stakes = {status: _Stakes() for status, _, _ in _LISTS}

    def add(self, doc: DocumentReport) -> None:
        stakes = self._stakes.get(doc.status)
        if stakes is not None and doc.review_due is not None:
            stakes.add(
                _Due(
                    doc.priority or LOWEST_PRIORITY,
                    doc.review_due.end,
                    doc.path,
                    doc.title,
                    doc.kind,
                    _one_line(doc.review_due.text),
                )
            )
        self._lines(doc)

    def _lines(self, doc: DocumentReport) -> None:
        options = self.options
        color = options.color
        lines: list[str] = []
        if doc.error is not None:
            lines.append(
                f"{_paint(doc.path, 'path', color)}: "
                f"{_paint(doc.error.severity, doc.error.severity, color)} "
                f"{_paint(doc.error.code, 'code', color)} {_error_name(doc.error.code, options)}: "
                f"{_one_line(doc.error.message)}"
            )
        for f in doc.findings:
            where = location(doc.path, f.section, f.paragraph)
            lines.append(
                f"{_paint(where, 'path', color)}: {_paint(f.severity, f.severity, color)} "
                f"{_paint(f.code, 'code', color)} {f.name}: {_one_line(f.message)}"
            )
        if lines:
            self.write("\n".join(lines) + "\n")

    def finish(self, report: CheckReport) -> None:
        lines: list[str] = []
        for status, heading, verb in _LISTS:
            stakes = self._stakes[status]
            if not stakes.count:
                continue
            lines.append(heading)
            lines.extend(_due_line(item, verb, self.options.color) for item in stakes.first())
            if stakes.count > SHOWN:
                lines.append(f"  and {stakes.count - SHOWN} more")
        lines.append(summary_line(report))
        self.write("\n".join(lines) + "\n")


write = StreamedFormat(TextStream)


def _error_name(code: str, options: ReportOptions) -> str:
    rule = options.registry.get(code)
    return rule.name if rule is not None else "error"


def _plural(n: int, word: str) -> str:
    if word == "info":
        return f"{n} info"
    return f"{n} {word}" + ("" if n == 1 else "s")


def summary_line(report: CheckReport) -> str:
    """``Checked 2 documents: 14 findings (2 errors, 11 warnings, 1 info) ...``."""
    s = report.summary()
    head = f"Checked {_plural(s['documents'], 'document')} (as of {report.as_of.isoformat()})"
    sev = s["by_severity"]
    if s["findings"]:
        counts = ", ".join(_plural(sev[k], k) for k in ("error", "warning", "info") if sev[k])
        body = (
            f"{_plural(s['findings'], 'finding')} ({counts}) in "
            f"{_plural(s['documents_with_findings'], 'document')}"
        )
    else:
        body = "no findings"
    extra = []
    if s["unreadable"]:
        extra.append(f"{s['unreadable']} unreadable")
    if s.get("not_checked"):
        extra.append(f"{s['not_checked']} not checked (PK006)")
    status = s["status"]
    if status.get("lapsed"):
        extra.append(f"{status['lapsed']} lapsed")
    if status.get("due-soon"):
        extra.append(f"{status['due-soon']} due soon")
    if s["baselined"]:
        extra.append(f"{s['baselined']} hidden by the baseline")
    tail = f"; {', '.join(extra)}" if extra else ""
    return f"{head}: {body}{tail}."
