"""What the rule tests share: hand-made documents (no Word files needed) and running one rule."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from policykit.dates import parse_date
from policykit.model import Paragraph, Policy, PolicyDate, Section
from policykit.recognise.result import FieldValue, Notice, ParseResult, SourceParagraph
from policykit.registry import Registry
from policykit.rules import Hit, RuleContext, RuleOptions

AS_OF = dt.date(2026, 11, 22)
ROOT = Path(__file__).resolve().parents[2]

CONTRACT_RULES = {
    "PK000": "internal-error",
    "PK001": "unreadable",
    "PK002": "legacy-doc",
    "PK003": "encrypted",
    "PK004": "too-large",
    "PK005": "partly-read",
    "PK006": "not-checked",
    "PK101": "missing-section",
    "PK102": "empty-section",
    "PK103": "duplicate-section",
    "PK104": "missing-content",
    "PK201": "review-lapsed",
    "PK202": "review-due-soon",
    "PK203": "no-review-date",
    "PK204": "no-approval-date",
    "PK205": "review-before-approval",
    "PK206": "review-cycle-mismatch",
    "PK207": "unparseable-date",
    "PK208": "review-cycle-too-long",
    "PK301": "unsigned-review",
    "PK302": "missing-title",
    "PK303": "missing-school",
    "PK401": "outdated-reference",
    "PK402": "placeholder-text",
    "PK501": "missing-policy",
    "PK502": "duplicate-policy",
    "PK503": "model-drift",
    "PK901": "unused-suppression",
}

REGISTRY = Registry.with_builtins()


def date(text: str) -> PolicyDate:
    found = parse_date(text)
    assert found is not None, text
    return found


def section(
    section_id: str | None, heading: str, *texts: str, children: Sequence[Section] = ()
) -> Section:
    return Section(
        id=section_id,
        heading=heading,
        level=1,
        blocks=[Paragraph(text=t) for t in texts],
        sections=list(children),
    )


def complete_sections() -> list[Section]:
    return [
        section("rationale", "Rationale", "Why we do this."),
        section("aims", "Aims", "What we aim for."),
        section("procedures", "Procedures", "How we do it."),
        section("review", "Review", "This policy will be reviewed annually."),
    ]


def make(
    *,
    paragraphs: Sequence[tuple[int, str, str | None]] = (),
    fields: Sequence[FieldValue] = (),
    notices: Sequence[Notice] = (),
    **policy: Any,
) -> ParseResult:
    policy.setdefault("kind", "community-cohesion")
    policy.setdefault("title", "Community Cohesion Policy")
    policy.setdefault("school", "Oakfield Primary School")
    policy.setdefault("sections", complete_sections())
    return ParseResult(
        policy=Policy(**policy),
        paragraphs=[SourceParagraph(i, text, sec) for i, text, sec in paragraphs],
        fields=list(fields),
        notices=list(notices),
    )


def hits(
    code: str, result: ParseResult, as_of: dt.date = AS_OF, due_soon_days: int = 60
) -> list[Hit]:
    found = REGISTRY.get(code)
    assert found is not None and found.check is not None
    ctx = RuleContext(result, RuleOptions(as_of=as_of, due_soon_days=due_soon_days))
    return list(found.check(ctx))
