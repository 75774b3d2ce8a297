"""Report formats: one module per format, each a ``write(report, options) -> str``
(or ``bytes``, for a :class:`BinaryFormat` such as the Excel register).

Formats are registered in the rule registry (:meth:`Registry.add_format`), so a
plugin can add one. Built in: ``text`` (people), ``json`` (the contract),
``csv`` (the trust's policy register), ``sarif`` (code scanning), ``github``
(workflow annotations), ``junit`` (CI test reports), ``html`` (the trust's
dashboard), ``xlsx`` (the register as an Excel workbook), ``ics`` (a calendar
of reviews) and ``summary`` (a few sentences per school, for email or Teams).
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final, Protocol

from ..errors import OutputError
from ..files import atomic_file, write_atomic

if TYPE_CHECKING:
    import datetime as dt

    from ..records import CheckReport, DocumentReport
    from ..rules.base import Rule


class RuleBook(Protocol):
    """What a report needs of the registry: rules for their help, writers by name."""

    def get(self, code_or_name: str) -> Rule | None: ...

    def __iter__(self) -> Iterator[Rule]: ...

    def writer(self, name: str) -> ReportWriter: ...


@dataclass(frozen=True, slots=True)
class ReportOptions:
    """How to write: the registry (for rule help), whether to use colour, and the calendar's
    reminder (``--reminder-days``; None: the trust's ``reminder-days``)."""

    registry: RuleBook
    color: bool = False
    reminder_days: int | None = None


ReportWriter = Callable[["CheckReport", ReportOptions], "str | bytes"]


class BinaryFormat:
    """A report format whose output is a file, not text (a spreadsheet): ``bytes``.

    It is never written to a terminal (:func:`refuse_output` says why) and is
    written whole, atomically, like every report.
    """

    binary: Final = True

    def __init__(self, make: Callable[[CheckReport, ReportOptions], bytes], suffix: str) -> None:
        self.make = make
        self.suffix = suffix  # ".xlsx": named in the message that asks for --output

    def __call__(self, report: CheckReport, options: ReportOptions) -> bytes:
        return self.make(report, options)


def is_binary(writer: object) -> bool:
    """Whether a format's writer gives bytes (a :class:`BinaryFormat`)."""
    return isinstance(writer, BinaryFormat)


def refuse_output(fmt: str, writer: object, output: str | None, terminal: bool) -> str | None:
    """Why the report cannot go where it is asked to (None when it can).

    A binary format to standard output that is a terminal would print a zip
    file's bytes on the screen: it asks for ``--output`` instead.
    """
    if isinstance(writer, BinaryFormat) and output in (None, "-") and terminal:
        return (
            f"--format {fmt} writes a binary file, not text for the terminal: give a file "
            f"with --output (e.g. -o register{writer.suffix}) or redirect standard output"
        )
    return None


class ReportStream:
    """A report written as the run goes: the head, each document as it arrives, the tail.

    ``write`` takes each piece of text. A run that streams its report keeps nothing
    of a document once it is written, so its memory stays flat however many
    documents it checks; ``finish`` gets a report whose ``documents`` may be empty
    (its summary comes from the run's counts).
    """

    def __init__(self, write: Callable[[str], object], options: ReportOptions) -> None:
        self.write = write
        self.options = options

    def start(self, as_of: dt.date) -> None:
        """Before the first document."""

    def add(self, document: DocumentReport) -> None:
        """One document, in discovery order."""

    def finish(self, report: CheckReport) -> None:
        """After the last document."""


class StreamedFormat:
    """A report format that can be streamed; called as a whole-report writer it runs
    the same stream over the report's documents, so both give the same text."""

    def __init__(self, stream: type[ReportStream]) -> None:
        self.stream = stream

    def __call__(self, report: CheckReport, options: ReportOptions) -> str:
        pieces: list[str] = []
        stream = self.stream(pieces.append, options)
        stream.start(report.as_of)
        for document in report.documents:
            stream.add(document)
        stream.finish(report)
        return "".join(pieces)


class WholeReport:
    """A report written whole when the run ends (a format that cannot be streamed).

    It keeps the documents as they arrive, so the run itself need not.
    """

    def __init__(
        self, writer: ReportWriter, options: ReportOptions, out: Callable[[str | bytes], object]
    ) -> None:
        self.writer = writer
        self.options = options
        self.out = out
        self.documents: list[DocumentReport] = []

    def start(self, as_of: dt.date) -> None:
        """Nothing is written before the end."""

    def add(self, document: DocumentReport) -> None:
        """Keep the document for the end."""
        self.documents.append(document)

    def finish(self, report: CheckReport) -> None:
        """Write the whole report."""
        self.out(self.writer(dataclasses.replace(report, documents=self.documents), self.options))


@contextlib.contextmanager
def report_sink(
    writer: ReportWriter,
    options: ReportOptions,
    output: str | os.PathLike[str] | None,
    echo: Callable[[str | bytes], object],
) -> Iterator[ReportStream | WholeReport]:
    """The sink writing a run's report in ``writer``'s format: to ``output`` or through ``echo``.

    A streamed format is written as the run goes, a file atomically (the old
    report stays if the run fails); another format is written whole at the end.
    Raises :class:`~policykit.errors.OutputError` when ``output`` cannot be written.
    """
    if isinstance(writer, StreamedFormat):
        if output is None:
            yield writer.stream(echo, options)
            return
        with contextlib.ExitStack() as stack:
            try:
                handle = stack.enter_context(atomic_file(output))
            except OSError as exc:
                raise _cannot_write(output, exc) from exc
            yield writer.stream(handle.write, options)
        return
    if output is None:
        yield WholeReport(writer, options, echo)
        return
    target = output

    def to_file(data: str | bytes) -> None:
        try:
            write_atomic(target, data)
        except OSError as exc:
            raise _cannot_write(target, exc) from exc

    yield WholeReport(writer, options, to_file)


def _cannot_write(output: str | os.PathLike[str], exc: OSError) -> OutputError:
    return OutputError(f"{os.fspath(output)}: cannot write the report: {exc.strerror or exc}")


# The built-in formats: name -> "module:function" under this package (imported on use).
BUILTIN_FORMATS: Final = {
    "text": "text:write",
    "json": "json:write",
    "csv": "csv:write",
    "sarif": "sarif:write",
    "github": "github:write",
    "junit": "junit:write",
    "html": "html:write",
    "xlsx": "xlsx:write",
    "ics": "ics:write",
    "summary": "summary:write",
}


class _FormatSink(Protocol):
    def add_format(self, name: str, writer: ReportWriter | str) -> None: ...


def setup(registry: _FormatSink) -> None:
    """Register the built-in report formats (the registry calls this, as it calls plugins)."""
    for name, writer in BUILTIN_FORMATS.items():
        registry.add_format(name, writer)


def render(fmt: str, report: CheckReport, options: ReportOptions) -> str:
    """The report in text format ``fmt`` (ConfigError for an unknown or a binary format:
    see :func:`render_bytes`)."""
    made = options.registry.writer(fmt)(report, options)
    if isinstance(made, bytes):
        from ..errors import ConfigError

        raise ConfigError(f"{fmt!r} is a binary format: use render_bytes")
    return made


def render_bytes(fmt: str, report: CheckReport, options: ReportOptions) -> bytes:
    """The report in format ``fmt`` as the bytes of its file (text as UTF-8)."""
    made = options.registry.writer(fmt)(report, options)
    return made if isinstance(made, bytes) else made.encode("utf-8")


def location(path: str, section: str | None, paragraph: int | None) -> str:
    """``path:§section:¶N`` with the parts that are known."""
    parts = [path]
    if section is not None:
        parts.append(f"§{section}")
    if paragraph is not None:
        parts.append(f"¶{paragraph}")
    return ":".join(parts)


__all__ = [
    "BUILTIN_FORMATS",
    "BinaryFormat",
    "ReportOptions",
    "ReportStream",
    "ReportWriter",
    "RuleBook",
    "StreamedFormat",
    "WholeReport",
    "is_binary",
    "location",
    "refuse_output",
    "render",
    "render_bytes",
    "report_sink",
    "setup",
]
