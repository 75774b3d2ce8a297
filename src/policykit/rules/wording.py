"""PK401-PK402: what the words say: outdated references and template text left in."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from ..dates import is_not_a_date
from ..fields import date_fields, field_def
from .base import Hit, RuleContext, day_text, rule
from .outdated import outdated_table
from .screens import case_traps


@rule("PK401", "outdated-reference", "warning", "wording overtaken by later law or practice")
def outdated_reference(ctx: RuleContext) -> Iterator[Hit]:
    """
    ## What it does
    Looks for wording overtaken by later law or practice, from a data file
    (`policykit/data/outdated.yaml`) that lists each phrase, the date it
    became outdated and why. Among them: the SEF (withdrawn 2011); Ofsted
    inspecting community cohesion (removed by the Education Act 2011);
    "from September 2008" in the future tense and "a new duty" (2007-08
    wording); School Improvement Partners (abolished 2011); the DCSF and DfES;
    Every Child Matters; the Race Relations, Disability Discrimination and Sex
    Discrimination Acts and the separate equality schemes (all replaced by the
    Equality Act 2010); "Statutory policies for schools" (withdrawn 2024).
    Across the kinds a trust holds: Keeping Children Safe in Education
    editions older than the edition in force on the as-of date (a new
    edition comes into force each September), Working Together 2018, 2015
    or 2013, the LSCB, CRB and ISA, the Data Protection Act 1998 and the EU
    GDPR as the law applying, the £10 subject access fee, the SEN Code of
    Practice 2001, statements of SEN, School Action (Plus), fixed-term
    exclusions and the 2017 exclusion guidance, "Behaviour and discipline in
    schools", the 2000 SRE guidance, the 2015 Prevent guidance, NQTs, the
    ESFA, the Academies Financial Handbook, the Pupil Registration
    Regulations 2006, the Common Inspection Framework, overall Ofsted
    grades, National Curriculum levels, Public Health England and
    "peer-on-peer abuse", among others (`policykit kind KIND` lists those
    that apply to a kind).

    Each entry is scoped to the kinds where it applies (the `ISA` barring
    scheme only in safeguarding policies, not a savings account in a pay
    policy). "Formerly known as", "previously", "replaced" and a current
    term beside the old one ("child-on-child abuse, sometimes called
    peer-on-peer abuse") mark history, not an error. An entry whose fact
    policykit's sources could not confirm is reported at `info` level and
    says the wording *may be* out of date; so is an edition cited when a
    newer, unconfirmed edition may be in force.

    Guards keep false alarms down: "SIP" alone is the School Improvement Plan
    and is not reported; the motto "where every child matters" is not the
    Every Child Matters programme; a paragraph saying an Act "was replaced by
    the Equality Act 2010" is history, not an error. Wording is reported only
    once the as-of date has passed the date it became outdated.

    Also, at `info` level: a community cohesion, child protection or
    equality policy approved after July 2015 that mentions none of
    fundamental British values, the Prevent duty or the Equality Act 2010
    (the duties schools have had since then, where they belong).

    ## Why it matters
    A policy that cites abolished bodies and repealed Acts tells governors,
    parents and inspectors that nobody has read it in years, and staff may
    follow duties that no longer exist while missing the current ones.

    ## Example
    ```
    This role is now being highlighted further by Ofsted, who will be looking
    at community cohesion in every school in inspections from September 2008.
    ```

    ## How to fix
    Rewrite the passage for the current law and practice; each finding says
    what changed and what to refer to instead. To add a phrase for everyone,
    add an entry to the data file.
    """
    table = outdated_table().for_kind(ctx.policy.kind)
    found = table.find_outdated(ctx.plain_texts, ctx.as_of, ctx.lower_full_text)
    for index, ref, outdated in found:
        unit = ctx.unit(index)
        matched = outdated.text
        verb = "is" if outdated.certain else "may be"
        message = f"'{_excerpt(matched)}' {verb} out of date (since {outdated.since:%B %Y}): "
        message += outdated.why
        if outdated.instead:
            message += f"; instead, {outdated.instead}"
        yield Hit(
            message,
            section=unit.section,
            paragraph=unit.paragraph,
            key=f"{ref.id}:{matched.lower()}",
            severity=None if outdated.severity == "warning" else outdated.severity,
        )
    yield from _missing_current_duties(ctx)


def _excerpt(text: str, limit: int = 60) -> str:
    """A long match shortened in the middle: the reader sees where it starts and ends."""
    words = text.split()
    if len(" ".join(words)) <= limit:
        return " ".join(words)
    head: list[str] = []
    tail: list[str] = []
    budget = (limit - 3) // 2
    while words and len(" ".join([*head, words[0]])) <= budget:
        head.append(words.pop(0))
    while words and len(" ".join([words[-1], *tail])) <= budget:
        tail.insert(0, words.pop())
    return f"{' '.join(head)} … {' '.join(tail)}"


def _missing_current_duties(ctx: RuleContext) -> Iterator[Hit]:
    duties = outdated_table().current_duties
    approved = ctx.policy.approved
    if duties is None or approved is None or approved.start <= duties.approved_after:
        return
    if not duties.applies_to(ctx.policy.kind):
        return
    if duties.mentioned(ctx.full_text, ctx.lower_full_text):
        return
    names = ", ".join(duties.names[:-1]) + f" or {duties.names[-1]}"
    yield Hit(
        f"approved {approved.text}, after {day_text(duties.approved_after)}, but mentions none "
        f"of {names}: {duties.why}",
        key="current-duties",
        severity="info",
    )


# --------------------------------------------------------------------------- PK402

# Words that make a bracketed phrase a placeholder ("[Name of School]", "[Chair]").
_BRACKET_WORDS: Final = (
    r"name|school|academy|trust|date|head ?teacher|principal|chair|governors?|address"
    r"|tele?phone|phone|e-?mail|contact|person|signature|logo|details|la|local authority|urn"
    r"|insert|enter"
)
_SQUARE: Final = re.compile(
    rf"\[(?P<inner>[^\[\]\n]{{0,50}}?\b(?:{_BRACKET_WORDS})s?\b[^\[\]\n]{{0,30}})\]",
    re.IGNORECASE,
)
_INSERT: Final = re.compile(
    r"\binsert\s+(?:the\s+|your\s+|school'?s\s+|name\s+of\s+(?:the\s+)?)*"
    rf"(?:{_BRACKET_WORDS}|here|text|year|term|policy)\b",
    re.IGNORECASE,
)
_PLACEHOLDERS: Final[tuple[re.Pattern[str], ...]] = (
    _SQUARE,
    re.compile(r"(?<![A-Za-z0-9])(?:X{3,}|x{3,})(?![A-Za-z0-9])"),
    _INSERT,
    re.compile(r"<<[^<>\n]{1,60}>>|«[^«»\n]{1,60}»"),
    re.compile(r"\{\{[^{}\n]{0,60}\}\}"),
)
_SCREEN: Final = re.compile(r"[\[<«{]|xxx|insert", re.IGNORECASE)  # each placeholder holds one
_TO_BE: Final = frozenset(
    {
        "tbc",
        "tba",
        "tbd",
        "to be confirmed",
        "to be agreed",
        "to be arranged",
        "to be decided",
        "to be announced",
    }
)


def _may_hold_placeholders(text: str, lowered: str) -> bool:
    """False only when ``_SCREEN`` matches nowhere in ``text`` (``lowered``: it lower-cased).

    Substring tests for the screen's pieces, much faster than the case-insensitive
    pattern on a whole document (:mod:`.screens` tells why they are enough).
    """
    if "[" in text or "<" in text or "«" in text or "{" in text:
        return True
    return "xxx" in lowered or "insert" in lowered or case_traps(text)


def _is_placeholder(match: re.Match[str]) -> bool:
    if match.re is not _SQUARE:
        return True
    # "[School Name]" or "[SCHOOL]", or an instruction ("[insert date]"); an editorial
    # insertion in a quotation ("it [the school] must") is lower case.
    inner = match["inner"].strip()
    if inner.lower().startswith(("insert", "enter", "add ")):
        return True
    return inner[:1].isupper() and len(inner.split()) <= 6


@rule("PK402", "placeholder-text", "warning", "template text left in")
def placeholder_text(ctx: RuleContext) -> Iterator[Hit]:
    """
    ## What it does
    Reports template text left in the policy: square-bracket placeholders
    such as `[School Name]` or `[insert date]`, `XXX`, "Insert the school's
    name here", mail-merge fields (`<<Name>>`, `«Name»`), template tags
    (`{{ school }}`), and "TBC" (or TBA, to be confirmed) as a date.
    Lower-case editorial brackets in quotations ("it [the school] must") are
    not placeholders.

    ## Why it matters
    A policy with "[School Name]" in it was adopted from a model without being
    read. Parents and inspectors notice; it suggests the school does not
    follow the policy either.

    ## Example
    ```
    [School Name] is committed to ...
    Date approved: XX/XX/XXXX
    Review date: TBC
    ```

    ## How to fix
    Replace each placeholder with the real text, or delete it. Agree the
    dates with governors rather than leaving them to be confirmed.
    """
    if _may_hold_placeholders(ctx.full_text, ctx.lower_full_text):
        yield from _placeholders(ctx)
    for fv in ctx.result.fields:
        if fv.field not in date_fields():
            continue
        if " ".join(fv.text.strip(" .:;()[]").lower().split()) not in _TO_BE:
            continue
        if not is_not_a_date(fv.text):
            continue
        paragraph = ctx.locate_text(fv.text, fv.paragraph) if fv.paragraph is not None else None
        declared = field_def(fv.field)
        label = declared.describe if declared is not None else fv.field.replace("_", " ")
        yield Hit(
            f"the {label} is left as '{fv.text.strip()}'",
            section=ctx.section_of(paragraph),
            paragraph=paragraph,
        )


def _placeholders(ctx: RuleContext) -> Iterator[Hit]:
    for index, text in enumerate(ctx.plain_texts):
        if _SCREEN.search(text) is None:
            continue
        unit = ctx.unit(index)
        seen: set[str] = set()
        spans: list[tuple[int, int]] = []  # "[insert date]" is one placeholder, not two
        for pattern in _PLACEHOLDERS:
            for match in pattern.finditer(text):
                found = match.group(0)
                start, end = match.span()
                if found in seen or any(start < e and s < end for s, e in spans):
                    continue
                if not _is_placeholder(match):
                    continue
                seen.add(found)
                spans.append((start, end))
                yield Hit(
                    f"template text left in: '{found}'",
                    section=unit.section,
                    paragraph=unit.paragraph,
                )


RULES = (outdated_reference, placeholder_text)
