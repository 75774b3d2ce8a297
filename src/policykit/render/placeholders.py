"""``{{ name }}`` placeholders: finding and filling them in plain strings.

Placeholders are filled in the model (a Policy's strings, or the text of a
python-docx paragraph), never by string substitution inside Word XML, so a
placeholder split across runs or a value holding ``&`` or ``<`` is no problem.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def names_in(text: str) -> list[str]:
    """The placeholder names in ``text``, in order (lower case)."""
    return [m.group(1).lower() for m in PLACEHOLDER.finditer(text)]


def fill(text: str, values: Mapping[str, str], missing: list[str] | None = None) -> str:
    """``text`` with each known placeholder replaced; unknown ones kept (and listed)."""

    def replace(match: re.Match[str]) -> str:
        name = match.group(1).lower()
        if name in values:
            return values[name]
        if missing is not None:
            missing.append(name)
        return match.group(0)

    return PLACEHOLDER.sub(replace, text)
