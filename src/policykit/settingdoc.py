"""What each configuration key means, declared once beside the key itself.

A configuration dataclass field made with :func:`key` carries its description
and an example in its metadata; the parser takes its list of known keys from
those fields, and the documentation's configuration reference is generated
from them, so a key cannot be added without being documented.
"""

from __future__ import annotations

import dataclasses
from typing import Any, NamedTuple


class KeyDoc(NamedTuple):
    """One documented key: its name as written in TOML, what it does, an example."""

    name: str
    doc: str
    example: str


def key(default: Any, doc: str, example: str) -> Any:
    """A dataclass field for a configuration key, with what it does and a TOML example."""
    if isinstance(default, (list, dict, set)):
        raise TypeError("configuration defaults are immutable")
    return dataclasses.field(default=default, metadata={"doc": doc, "example": example})


def documented(cls: type) -> tuple[KeyDoc, ...]:
    """The documented keys of a configuration dataclass, in declaration order."""
    return tuple(
        KeyDoc(f.name.replace("_", "-"), f.metadata["doc"], f.metadata["example"])
        for f in dataclasses.fields(cls)
        if "doc" in f.metadata
    )


def key_names(cls: type) -> tuple[str, ...]:
    """The Python names (``_`` form) of a configuration dataclass's documented keys."""
    return tuple(f.name for f in dataclasses.fields(cls) if "doc" in f.metadata)
