"""The policy model: what a school policy *is*, independent of Word.

These pydantic models are the contract's Policy JSON (see CONTRACT.md,
"Policy JSON"). The reader produces them, the linter checks them and the
renderer writes them; nothing here knows about .docx files.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .messages import Message

Precision = Literal["day", "month", "term", "academic_year", "year"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False)


class PolicyDate(_Model):
    """A date as a school writes it: often a month, a term or a year.

    ``start`` and ``end`` bound the period the text names (both inclusive);
    ``text`` is kept exactly as written.
    """

    text: str = Field(description="The date as written, e.g. 'Autumn 2017'.")
    start: dt.date = Field(description="First day of the period named.")
    end: dt.date = Field(description="Last day of the period named (inclusive).")
    precision: Precision
    inferred: bool = Field(
        default=False,
        description="True when not stated but inferred (last review plus the review cycle).",
    )

    @model_validator(mode="after")
    def _ordered(self) -> PolicyDate:
        if self.end < self.start:
            raise ValueError(f"date {self.text!r}: end {self.end} is before start {self.start}")
        return self


class Review(_Model):
    """One entry of a policy's review history."""

    date: PolicyDate
    signed_by: str | None = None


class Note(_Model):
    """A footnote or endnote, carried by the paragraph, list item or table citing it."""

    kind: Literal["footnote", "endnote"] = "footnote"
    text: str


def _no_notes(notes: list[Note]) -> bool:
    return not notes


_NOTES_SAY = "Footnotes and endnotes cited here, in the order cited (left out when none)."


class Paragraph(_Model):
    type: Literal["paragraph"] = "paragraph"
    text: str
    notes: list[Note] = Field(default_factory=list, exclude_if=_no_notes, description=_NOTES_SAY)


class ListItem(_Model):
    text: str
    items: list[ListItem] = Field(default_factory=list)
    notes: list[Note] = Field(default_factory=list, exclude_if=_no_notes, description=_NOTES_SAY)


class ListBlock(_Model):
    type: Literal["list"] = "list"
    ordered: bool = Field(default=False, description="Numbered rather than bulleted.")
    items: list[ListItem] = Field(default_factory=list)


class Table(_Model):
    type: Literal["table"] = "table"
    rows: list[list[str]] = Field(default_factory=list)
    notes: list[Note] = Field(default_factory=list, exclude_if=_no_notes, description=_NOTES_SAY)


Block = Annotated[Paragraph | ListBlock | Table, Field(discriminator="type")]


class Section(_Model):
    id: str | None = Field(default=None, description="Canonical section id of the kind, or null.")
    heading: str = Field(description="The heading as written.")
    level: int = Field(ge=1, description="Heading level, 1 for top-level sections.")
    blocks: list[Block] = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list)
    notes: list[Note] = Field(default_factory=list, exclude_if=_no_notes, description=_NOTES_SAY)

    def walk(self) -> Iterator[Section]:
        """This section and every section nested in it, in document order."""
        yield self
        for child in self.sections:
            yield from child.walk()


class Policy(_Model):
    """A school policy document as data."""

    # Its metadata fields are declared in policykit.fields; a field declared there
    # that is not an attribute here is kept among the extra keys under its name (a
    # date as a PolicyDate, else text), and any other extra key is an error.

    model_config = ConfigDict(
        extra="allow", frozen=False, json_schema_extra={"additionalProperties": False}
    )

    kind: str = Field(description="Policy kind (schema id), e.g. 'community-cohesion'.")
    kind_source: str | None = Field(
        default=None,
        exclude=True,  # not part of the policy's content: `parse` prints it beside `kind`
        description="What decided the kind: title, file-name, header, properties, headings, "
        "configuration or default (null when the policy was not parsed from a document).",
    )
    title: str | None = None
    school: str | None = None
    approved: PolicyDate | None = None
    review_due: PolicyDate | None = None
    review_cycle_months: int | None = Field(default=None, ge=1)
    last_reviewed: PolicyDate | None = Field(
        default=None, description="When the policy was last reviewed, as stated."
    )
    created: PolicyDate | None = Field(
        default=None, description="When the policy was first written."
    )
    reviews: list[Review] = Field(default_factory=list, description="Review history, oldest first.")
    people: dict[str, str] = Field(
        default_factory=dict,
        description="Named roles found in the metadata, e.g. author, link_governor, headteacher.",
    )
    preamble: list[Block] = Field(
        default_factory=list, description="Content before the first heading that is not metadata."
    )
    sections: list[Section] = Field(default_factory=list)
    messages: list[Message] = Field(
        default_factory=list,
        description="What the reader or recognition skipped, guessed or could not read.",
    )

    def __eq__(self, other: object) -> bool:
        """Policies are equal when they say the same: ``kind_source`` (how one was read) aside."""
        if not isinstance(other, Policy):
            return NotImplemented
        return {**self.__dict__, "kind_source": None} == {**other.__dict__, "kind_source": None}

    @model_validator(mode="before")
    @classmethod
    def _declared_fields_only(cls, data: object) -> object:
        if not isinstance(data, dict) or all(k in cls.model_fields for k in data):
            return data
        from .fields import field_def

        data = dict(data)
        for key, value in data.items():
            if key in cls.model_fields:
                continue
            declared = field_def(str(key))
            if declared is None or declared.role is not None:
                raise ValueError(f"unknown key {key!r}: extra inputs are not permitted")
            if value is None or isinstance(value, PolicyDate):
                continue
            if declared.is_date:
                data[key] = PolicyDate.model_validate(value)
            elif not isinstance(value, str):
                raise ValueError(f"{key}: expected text, got {type(value).__name__}")
        return data

    def field_value(self, name: str) -> object:
        """A metadata field's value by name (``approved``, ``people.author``), or None."""
        if name.startswith("people."):
            return self.people.get(name.split(".", 1)[1])
        if name in type(self).model_fields:
            return getattr(self, name)
        return (self.model_extra or {}).get(name)

    def walk(self) -> Iterator[Section]:
        """Every section, nested ones included, in document order."""
        for section in self.sections:
            yield from section.walk()

    def section_ids(self) -> list[str]:
        return [s.id for s in self.walk() if s.id is not None]

    def find(self, section_id: str) -> Section | None:
        return next((s for s in self.walk() if s.id == section_id), None)


def policy_json_schema() -> dict[str, object]:
    """The JSON Schema of :class:`Policy` (``policykit schema``)."""
    from .fields import all_fields

    schema = Policy.model_json_schema()
    properties = schema["properties"]
    for f in all_fields():
        if f.role is None and f.name not in Policy.model_fields and f.type != "months":
            properties[f.name] = (
                {"anyOf": [{"$ref": "#/$defs/PolicyDate"}, {"type": "null"}], "default": None}
                if f.is_date
                else {"anyOf": [{"type": "string"}, {"type": "null"}], "default": None}
            )
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
