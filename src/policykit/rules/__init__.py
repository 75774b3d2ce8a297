"""The lint rules: one module per family, one registry for them all.

* :mod:`.base`: :class:`Rule`, :class:`Hit`, :class:`Finding`, :class:`RuleContext`;
* the registry is :mod:`policykit.registry` (``setup`` below registers the families);
* families: :mod:`.documents` (PK0xx), :mod:`.structure` (PK1xx),
  :mod:`.review_dates` (PK2xx), :mod:`.metadata` (PK3xx), :mod:`.wording` (PK4xx);
* :mod:`.catalogue`: the generated documentation.

A rule for a plugin::

    from policykit.rules import Hit, RuleContext, rule

    @rule("TR101", "no-safeguarding-lead", "warning", "no designated safeguarding lead named")
    def no_dsl(ctx: RuleContext):
        \"\"\"
        ## What it does
        ...
        \"\"\"
        if "designated safeguarding lead" not in ctx.full_text.lower():
            yield Hit("no designated safeguarding lead is named")

    def setup(registry):
        registry.add_rule(no_dsl)
"""

from __future__ import annotations

import importlib
from typing import Final, Protocol

from ..records import SEVERITIES, Finding, Severity, at_least
from .base import Hit, Rule, RuleContext, RuleOptions, TextUnit, rule


class _RuleSink(Protocol):
    def add_rule(self, rule: Rule) -> None: ...


# The built-in rule families (modules of this package with a RULES tuple), in catalogue order.
FAMILIES: Final = (
    "documents",
    "reading",
    "structure",
    "review_dates",
    "metadata",
    "wording",
    "schools",
    "in_document",
)


def setup(registry: _RuleSink) -> None:
    """Register every built-in rule (the registry calls this, as it calls plugins)."""
    for family in FAMILIES:
        module = importlib.import_module(f"{__name__}.{family}")
        for one in module.RULES:
            registry.add_rule(one)


__all__ = [
    "SEVERITIES",
    "Finding",
    "Hit",
    "Rule",
    "RuleContext",
    "RuleOptions",
    "Severity",
    "TextUnit",
    "at_least",
    "rule",
]
