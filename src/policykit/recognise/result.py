"""What recognition hands on besides the Policy: where things came from, and what was guessed."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..docx.blocks import DocComment
from ..messages import Message
from ..model import Policy


@dataclass(slots=True)
class SourceParagraph:
    """A body paragraph's text with its place: for located findings (``§section:¶N``).

    Read-only by agreement: one is made for every paragraph of every document, and a
    frozen dataclass costs four times as much to make.
    """

    index: int  # body paragraph index (document order, table cells included)
    text: str
    section: str | None  # canonical id of the innermost section with one, or None
    heading: str | None = None  # heading of the section it sits in, as written
    # "footnote" or "endnote": the text of a note the paragraph ``index`` cites (listed
    # right after it, located where it is cited); None for the paragraph's own text.
    note: str | None = None


@dataclass(frozen=True, slots=True)
class FieldValue:
    """A metadata value as written, and where it was found."""

    field: str  # approved, review_due, last_reviewed, created, title, school, people.author ...
    text: str
    source: str  # "table", "line", "header", "footer", "properties", "text"
    paragraph: int | None = None


@dataclass(frozen=True, slots=True)
class Notice:
    """Something the parser guessed or could not read (mammoth's 'messages')."""

    code: str  # e.g. "date-not-a-date", "date-unparseable", "cycle-biannual"
    message: str
    field: str | None = None
    paragraph: int | None = None

    def as_message(self) -> Message:
        """The notice as a :class:`~policykit.messages.Message` (code ``recognise.<code>``)."""
        return Message(
            code=f"recognise.{self.code}",
            text=self.message,
            location=f"field {self.field}" if self.field else None,
            paragraph=self.paragraph,
        )


@dataclass(slots=True)
class ParseResult:
    policy: Policy
    paragraphs: list[SourceParagraph] = field(default_factory=list)
    fields: list[FieldValue] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    lost_chars: int = 0
    kind_source: str = "default"  # what decided the kind (policykit.kindchoice.KIND_SOURCES)
    # The document's Word comments with the paragraphs they are anchored on (suppressions).
    comments: list[DocComment] = field(default_factory=list)
