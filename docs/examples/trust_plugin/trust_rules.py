"""A trust's own policykit plugin: one rule and one policy kind.

Install it as a package whose ``pyproject.toml`` names it under the
``policykit.plugins`` entry point::

    [project.entry-points."policykit.plugins"]
    trust = "trust_rules"

Then ``policykit rules`` lists TR101 and ``policykit kinds`` lists ``lettings``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from policykit.registry import Registry
from policykit.rules import Hit, RuleContext, rule


@rule("TR101", "no-safeguarding-lead", "warning", "no designated safeguarding lead is named")
def no_safeguarding_lead(ctx: RuleContext) -> Iterator[Hit]:
    """
    ## What it does
    Checks that the policy names the designated safeguarding lead.

    ## Why
    The trust's house rule: every policy says whom to tell about a concern.

    ## Example
    A lettings policy that never mentions the designated safeguarding lead.

    ## How to fix
    Add a sentence naming the designated safeguarding lead and how to reach them.

    ## Source
    The trust's own house style (an example plugin).
    """
    if "designated safeguarding lead" not in ctx.full_text.lower():
        yield Hit("no designated safeguarding lead is named")


def setup(registry: Registry) -> None:
    """Register the trust's rule and its lettings kind."""
    registry.add_rule(no_safeguarding_lead)
    registry.add_kind_file(Path(__file__).with_name("lettings.yaml"))
