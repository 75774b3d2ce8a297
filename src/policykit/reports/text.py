"""``--format text``: one line a finding, Sphinx/ruff style, then a summary line.

``path:§section:¶N: severity CODE name: message``; the section and paragraph
parts appear when known. Colour only when asked (the CLI asks on a terminal).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from . import ReportStream, StreamedFormat, location

if TYPE_CHECKING:
    from ..checking import CheckReport, DocumentReport
    from . import ReportOptions

_COLOURS: Final = {"error": "1;31", "warning": "33", "info": "36", "path": "1", "code": "1"}


def _paint(text: str, what: str, color: bool) -> str:
    return f"\x1b[{_COLOURS[what]}m{text}\x1b[0m" if color else text


def _one_line(text: str) -> str:
    return " ".join(text.split())


class TextStream(ReportStream):
    """A document's lines as it arrives; the summary line at the end."""

    def add(self, doc: DocumentReport) -> None:
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
        self.write(summary_line(report) + "\n")


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
