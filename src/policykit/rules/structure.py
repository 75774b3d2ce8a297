"""PK101-PK103: the policy's sections against its kind's catalogue."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Section
from .base import Hit, RuleContext, rule


@rule("PK101", "missing-section", "warning", "a required section is absent")
def missing_section(ctx: RuleContext) -> Iterator[Hit]:
    """
    ## What it does
    Reports each section the policy's kind requires (for `community-cohesion`:
    rationale, aims, procedures, review) that no heading in the document names.
    Headings are matched as the kind file says: case, numbering, trailing
    colons and `&`/`and` do not matter, and common alternatives ("Objectives"
    for aims, "Monitoring and Review" for review) are recognised. The
    finding's `section` is the missing section's id.

    ## Why it matters
    Governors approve, and inspectors read, what a policy says it will do and
    how it will be reviewed. A policy without aims or without a review section
    cannot show either.

    ## Example
    A community cohesion policy with "Rationale" and "Procedures" but no
    "Aims" heading:
    ```
    policy.docx:§aims: warning PK101 missing-section: no 'Aims' section (required for ...)
    ```

    ## How to fix
    Add the section under one of the recognised headings (`policykit kinds`
    lists the required sections; the kind file lists every recognised
    heading). If the content is there under an unusual heading, rename the
    heading.
    """
    kind = ctx.kind
    if kind is None:
        return
    present = {section.id for section in ctx.sections if section.id is not None}
    for section_id in kind.required:
        if section_id in present:
            continue
        spec = kind.section(section_id)
        title = spec.title if spec is not None else section_id
        yield Hit(
            f"no '{title}' section (required for a {kind.spec.name}); "
            f"expected a heading such as {_examples(spec.headings if spec else [])}",
            section=section_id,
        )


def _examples(headings: list[str]) -> str:
    shown = [f"'{h}'" for h in headings[:3]]
    return " or ".join(shown) if shown else "its title"


@rule("PK102", "empty-section", "warning", "a section with a heading and no content")
def empty_section(ctx: RuleContext) -> Iterator[Hit]:
    """
    ## What it does
    Reports a section whose heading is followed by nothing: no paragraph, list
    or table, and no sub-section with content.

    ## Why it matters
    An empty heading is usually a template section never filled in, or
    content lost when the document was edited. Readers see a promise the
    policy does not keep.

    ## Example
    ```
    4. Monitoring and Review
    5. Roles and Responsibilities
    ```
    (nothing under "Monitoring and Review")

    ## How to fix
    Write the section, or delete the heading if the policy does not need it.
    """
    for section in ctx.sections:
        if _has_content(section):
            continue
        where = section.id or _enclosing_id(ctx, section)
        yield Hit(
            f"the section '{section.heading}' has no content",
            section=where,
            paragraph=ctx.heading_paragraph(section),
            key=f"empty:{section.heading}",
        )


def _has_content(section: Section) -> bool:
    if section.blocks:
        return True
    return any(_has_content(child) for child in section.sections)


def _enclosing_id(ctx: RuleContext, section: Section) -> str | None:
    paragraph = ctx.heading_paragraph(section)
    return ctx.section_of(paragraph)


@rule("PK103", "duplicate-section", "warning", "the same canonical section twice")
def duplicate_section(ctx: RuleContext) -> Iterator[Hit]:
    """
    ## What it does
    Reports a canonical section (aims, review, ...) that appears more than
    once; the finding points at the second (and any later) heading.

    ## Why it matters
    Two "Review" sections often say different things (annually in one, every
    three years in the other): which one did governors approve? Duplicates
    are also a sign of two versions pasted together.

    ## Example
    ```
    3. Aims
    ...
    7. Aims and Objectives
    ```

    ## How to fix
    Merge the two sections into one, keeping the wording governors approved,
    or rename a heading that is really about something else.
    """
    seen: dict[str, str] = {}
    for section in ctx.sections:
        if section.id is None:
            continue
        first = seen.get(section.id)
        if first is None:
            seen[section.id] = section.heading
            continue
        yield Hit(
            f"'{section.heading}' is a second '{section.id}' section (the first is '{first}')",
            section=section.id,
            paragraph=ctx.heading_paragraph(section),
            key=f"duplicate:{section.id}:{section.heading}",
        )


RULES = (missing_section, empty_section, duplicate_section)
