"""The lint rules: one module per family, one registry for them all.

* :mod:`.base`: :class:`Rule`, :class:`Hit`, :class:`Finding`, :class:`RuleContext`;
* :mod:`.registry`: the :class:`Registry` and plugin loading (``policykit.plugins``);
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

from .base import (
    SEVERITIES,
    Finding,
    Hit,
    Rule,
    RuleContext,
    RuleOptions,
    Severity,
    TextUnit,
    at_least,
    rule,
)
from .registry import PLUGIN_GROUP, Registry, default_registry, load_plugins

__all__ = [
    "PLUGIN_GROUP",
    "SEVERITIES",
    "Finding",
    "Hit",
    "Registry",
    "Rule",
    "RuleContext",
    "RuleOptions",
    "Severity",
    "TextUnit",
    "at_least",
    "default_registry",
    "load_plugins",
    "rule",
]
