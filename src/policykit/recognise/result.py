"""What recognition hands on besides the Policy: where things came from, and what was guessed."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Policy


@dataclass(frozen=True, slots=True)
class SourceParagraph:
    """A body paragraph's text with its place: for located findings (``§section:¶N``)."""

    index: int  # body paragraph index (document order, table cells included)
    text: str
    section: str | None  # canonical id of the innermost section with one, or None
    heading: str | None = None  # heading of the section it sits in, as written


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


@dataclass(slots=True)
class ParseResult:
    policy: Policy
    paragraphs: list[SourceParagraph] = field(default_factory=list)
    fields: list[FieldValue] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    lost_chars: int = 0
    kind_source: str = "default"  # what decided the kind (policykit.kindchoice.KIND_SOURCES)
