"""Errors of rendering and templates (usage errors: the CLI exits 2)."""

from __future__ import annotations

from ..errors import PolicykitError


class RenderError(PolicykitError):
    """A policy that cannot be written, or a house style that cannot be used."""


class TemplateError(RenderError):
    """A template that cannot be read or filled."""


class MissingValues(TemplateError):
    """Placeholders left without a value; ``names`` lists them."""

    def __init__(self, names: list[str], where: str | None = None) -> None:
        self.names = sorted(set(names))
        listed = ", ".join(self.names)
        prefix = f"{where}: " if where else ""
        super().__init__(
            f"{prefix}no value for placeholder{'s' if len(self.names) != 1 else ''} {listed} "
            f"(give {'each' if len(self.names) != 1 else 'it'} with --set NAME=VALUE)"
        )
