"""The one table of a policy's metadata fields.

Each field is declared here once: its name (the Policy JSON key, or
``people.<role>`` for a named person or body), its type, the label written
in front of it when a policy is rendered, the words used for it in messages,
and where it sits in a rendered front table. Everything else is derived:
the kind files' label keys (``fields:`` in ``data/common.yaml`` and in each
kind file), which fields recognition reads as dates, the fields a YAML or
JSON source may give as text, the renderer's front table and the rules'
wording.

Adding a field is one :class:`FieldDef` in :data:`FIELDS` (or
:func:`register_field`) plus its labels in ``data/common.yaml`` (or a kind
file's ``fields:``). A field that is not an attribute of
:class:`~policykit.model.Policy` is kept with the policy's other keys and
written to ``parse`` JSON under its name.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Literal

FieldType = Literal["date", "text", "months", "person"]

__all__ = [
    "FIELDS",
    "FieldDef",
    "all_fields",
    "date_fields",
    "field_def",
    "label_fields",
    "people_roles",
    "register_field",
    "unregister_field",
]


@dataclass(frozen=True, slots=True)
class FieldDef:
    """One metadata field.

    ``name``: the Policy JSON key (``approved``) or ``people.<role>``.
    ``type``: ``date`` (read as a period, see :mod:`policykit.dates`), ``text``,
    ``months`` (a review cycle) or ``person`` (kept in ``Policy.people``).
    ``shown``: the labels the renderer prefers, in order (the first one the
    kind reads back as this field is written; else the kind's own first label).
    ``describe``: the field in a sentence ("approval date").
    ``front``: the field's place in a rendered front table (lower first).
    """

    name: str
    type: FieldType
    shown: tuple[str, ...]
    describe: str
    front: int

    @property
    def is_date(self) -> bool:
        """True for a field read as a date."""
        return self.type == "date"

    @property
    def role(self) -> str | None:
        """``author`` for ``people.author``; None for other fields."""
        return self.name.split(".", 1)[1] if self.type == "person" else None

    @property
    def labels_key(self) -> str:
        """The key of this field's labels under ``fields:`` (people under ``people:``)."""
        return self.role or self.name


FIELDS: tuple[FieldDef, ...] = (
    FieldDef("title", "text", ("Policy", "Title"), "title", 20),
    FieldDef("school", "text", ("School",), "school", 10),
    FieldDef("approved", "date", ("Date approved", "Approved"), "approval date", 40),
    FieldDef("review_due", "date", ("Review date", "Next review"), "review date", 50),
    FieldDef("last_reviewed", "date", ("Last reviewed",), "last review date", 70),
    FieldDef("created", "date", ("Created", "Date created"), "date created", 80),
    FieldDef("review_cycle", "months", ("Review cycle",), "review cycle", 60),
    FieldDef("people.author", "person", ("Author",), "author", 90),
    FieldDef("people.link_governor", "person", ("Link governor",), "link governor", 110),
    FieldDef("people.headteacher", "person", ("Headteacher",), "headteacher", 91),
    FieldDef("people.approved_by", "person", ("Approved by",), "approved by", 30),
    FieldDef(
        "people.chair_of_governors", "person", ("Chair of governors",), "chair of governors", 100
    ),
    FieldDef("people.committee", "person", ("Committee",), "committee", 120),
)

_extra: list[FieldDef] = []


def register_field(field: FieldDef) -> None:
    """Add a field (a plugin's or a test's); its labels go in data. Twice is an error."""
    if any(f.name == field.name for f in all_fields()):
        raise ValueError(f"metadata field {field.name!r} is declared twice")
    _extra.append(field)
    _changed()


def unregister_field(name: str) -> None:
    """Forget a field added with :func:`register_field`."""
    _extra[:] = [f for f in _extra if f.name != name]
    _changed()


_listeners: list[Callable[[], None]] = []


def on_change(listener: Callable[[], None]) -> None:
    """Call ``listener`` whenever a field is registered or forgotten (kinds forget labels)."""
    _listeners.append(listener)


def _changed() -> None:
    date_fields.cache_clear()
    label_fields.cache_clear()
    people_roles.cache_clear()
    for listener in _listeners:
        listener()


def all_fields() -> Iterator[FieldDef]:
    """Every field: the built-in table, then the registered ones."""
    yield from FIELDS
    yield from _extra


def field_def(name: str) -> FieldDef | None:
    """The field called ``name`` (``approved``, ``people.author``), or None."""
    return next((f for f in all_fields() if f.name == name), None)


@functools.cache
def date_fields() -> tuple[str, ...]:
    """Names of the fields read as dates, in table order."""
    return tuple(f.name for f in all_fields() if f.is_date)


@functools.cache
def label_fields() -> tuple[FieldDef, ...]:
    """The fields whose labels sit directly under ``fields:`` (all but people)."""
    return tuple(f for f in all_fields() if f.type != "person")


@functools.cache
def people_roles() -> tuple[str, ...]:
    """The declared people roles, in table order."""
    return tuple(f.role for f in all_fields() if f.role is not None)
