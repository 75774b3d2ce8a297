"""PK101-PK104: the policy's sections and contents against its kind's catalogue."""

from __future__ import annotations

from collections.abc import Iterator

from ..kinds import normalise
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
    once; the finding points at the second (and any later) heading. A
    sub-heading naming the section it sits in ("The Designated Safeguarding
    Lead" under "Roles and Responsibilities") is part of it, not a second one.

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
    for section in _outermost(ctx.policy.sections, None):
        first = seen.get(section.id or "")
        if first is None:
            seen[section.id or ""] = section.heading
            continue
        yield Hit(
            f"'{section.heading}' is a second '{section.id}' section (the first is '{first}')",
            section=section.id,
            paragraph=ctx.heading_paragraph(section),
            key=f"duplicate:{section.id}:{section.heading}",
        )


@rule("PK104", "missing-content", "warning", "a content item the kind's law requires is absent")
def missing_content(ctx: RuleContext) -> Iterator[Hit]:
    """
    ## What it does
    Reports each content item the policy's kind requires by law or statutory
    guidance (the kind file's `contents`) that the document does not cover:
    no heading names it and no sentence says it. The finding names the item
    and the law or guidance that asks for it. Items are matched as data: on
    headings (like sections) or on phrases in the text ("withdrawn from sex
    education", "within 10 school days"). An item the catalogue could not
    source (`verified: false`) is reported as information only; an item whose
    id is a required section already reported missing (PK101) is not reported
    twice. A policy of the generic kind has no content items.

    ## Why it matters
    Each item is something the law says the policy must contain: a charging
    policy must say when charges are waived, an RSE policy must tell parents
    of their right to withdraw their child from sex education, an SEN
    information report must name the SENCO and how to contact them, an
    accessibility plan must cover all three strands. A policy without one is
    not compliant, however well it is written.

    ## Example
    A charging policy that lists what the school charges for but never says
    when charges are reduced or waived:
    ```
    Charges
    We charge for music tuition requested by parents.
    Voluntary Contributions
    ```
    gives `warning PK104 missing-content: no part on when charges are reduced
    or waived (remissions) (required by Education Act 1996 s.457 ...)`

    ## How to fix
    Add the missing part under one of the headings `policykit kind KIND` lists
    for it, or in a sentence saying it. If the document covers it in words
    policykit does not recognise, add a heading naming it.
    """
    kind = ctx.kind
    if kind is None or not kind.contents:
        return
    keys = frozenset(normalise(s.heading) for s in ctx.sections)
    reported = {s for s in kind.required if s not in {x.id for x in ctx.sections}}
    text = ctx.lower_full_text
    title = (ctx.policy.title or "").strip().lower()
    if title:  # "Charging and Remissions Policy" names the remissions, it does not give them
        text = text.replace(title, "\n")
    for item in kind.contents:
        if item.id in reported or item.present(keys, text):
            continue
        headings = _examples(item.spec.headings)
        expected = f"; expected a heading such as {headings}" if item.spec.headings else ""
        unsourced = "" if item.verified else "; the catalogue has no source for it: information"
        yield Hit(
            f"no part on {item.name} (required by {item.source}){expected}{unsourced}",
            key=f"content:{item.id}",
            severity=None if item.verified else "info",
        )


def _outermost(sections: list[Section], enclosing: str | None) -> Iterator[Section]:
    """Sections with a canonical id, in document order, leaving out a sub-section that
    names its enclosing section again ("The Designated Safeguarding Lead" under "Roles and
    Responsibilities" is part of the roles, not a second one)."""
    for section in sections:
        same = section.id is not None and section.id == enclosing
        if section.id is not None and not same:
            yield section
        yield from _outermost(section.sections, section.id or enclosing)


RULES = (missing_section, empty_section, duplicate_section, missing_content)
