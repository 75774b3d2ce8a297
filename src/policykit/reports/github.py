"""``--format github``: GitHub Actions workflow commands (``::error file=...::message``).

Errors, warnings and info become ``::error``, ``::warning`` and ``::notice``
annotations on the file; the location inside the document leads the message.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from . import ReportStream, StreamedFormat

if TYPE_CHECKING:
    from ..checking import DocumentReport

_COMMANDS: Final = {"error": "error", "warning": "warning", "info": "notice"}


def _data(text: str) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return "".join(c if c.isprintable() else " " for c in text)


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def _line(severity: str, path: str, title: str, message: str) -> str:
    return f"::{_COMMANDS[severity]} file={_prop(path)},title={_prop(title)}::{_data(message)}"


class GithubStream(ReportStream):
    """A document's annotations as it arrives."""

    def add(self, doc: DocumentReport) -> None:
        lines: list[str] = []
        if doc.error is not None:
            rule = self.options.registry.get(doc.error.code)
            title = f"{doc.error.code} {rule.name if rule else 'error'}"
            lines.append(_line(doc.error.severity, doc.path, title, doc.error.message))
        for f in doc.findings:
            where = ":".join(
                p
                for p in (
                    f.section and f"§{f.section}",
                    f.paragraph is not None and f"¶{f.paragraph}",
                )
                if p
            )
            message = f"{where}: {f.message}" if where else f.message
            lines.append(_line(f.severity, doc.path, f"{f.code} {f.name}", message))
        if lines:
            self.write("".join(line + "\n" for line in lines))


write = StreamedFormat(GithubStream)
