"""Messages as data: what the reader or recognition skipped, guessed or could not read.

Like mammoth's ``Result(value, messages)``: one record, made where something
happens (the .docx or .odt reader, recognition, the renderer) and carried
unchanged to the user: ``Policy.messages`` in ``parse`` output, and in
``check`` a PK005 (partly-read) finding for each message marked ``unread``.

This module imports nothing of policykit, so every layer may use it.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class Message(BaseModel):
    """One message: a dotted code, a sentence for a person, and where."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str = Field(
        description="Dotted code: the layer, then what happened, e.g. 'reader.alt-chunk'."
    )
    text: str = Field(description="What happened and what to do, for a person.")
    location: str | None = Field(
        default=None,
        description="Where: a part of the package ('word/footnotes.xml'), a field, a paragraph.",
    )
    paragraph: int | None = Field(
        default=None, description="Body paragraph index the message is about, when known."
    )
    unread: bool = Field(
        default=False,
        description="True when part of the document was not read (reported as PK005).",
    )


def unread(code: str, text: str, location: str | None = None) -> Message:
    """A message saying part of the document was not read."""
    return Message(code=code, text=text, location=location, unread=True)


def note(
    code: str, text: str, location: str | None = None, paragraph: int | None = None
) -> Message:
    """A message about something read, guessed or passed over that lost no text."""
    return Message(code=code, text=text, location=location, paragraph=paragraph)
