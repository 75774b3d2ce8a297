"""PK201-PK208: approval and review dates, read as the contract's periods.

Dates are periods (``Autumn 2021`` is 1 September to 31 December 2021). A
review has lapsed when the whole period is over (``end`` < as-of); it is due
soon when it has not lapsed and its period starts within ``due_soon_days`` of
the as-of date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING, Final

from ..fields import field_def
from ..kinds import common_labels
from ..model import PolicyDate
from ..records import Severity
from .base import Hit, RuleContext, day_text, rule

if TYPE_CHECKING:
    from ..recognise.result import FieldValue, Notice

DATE_NOTICES: Final = frozenset({"date-not-a-date", "date-unparseable"})
CYCLE_TOLERANCE_MONTHS: Final = 2


def months_between(a: dt.date, b: dt.date) -> float:
    """Calendar months from ``a`` to ``b`` (negative when ``b`` is earlier)."""
    return (b.year - a.year) * 12 + (b.month - a.month) + (b.day - a.day) / 30.0


def _has_date_notice(ctx: RuleContext, field: str) -> bool:
    return any(n.code in DATE_NOTICES and n.field == field for n in ctx.notices)


def _review_due_where(ctx: RuleContext) -> tuple[str | None, int | None]:
    due = ctx.policy.review_due
    if due is not None and due.inferred:
        if ctx.policy.reviews:  # inferred from the last review: point at it
            paragraph = ctx.locate_text(ctx.policy.reviews[-1].date.text)
            return ctx.section_of(paragraph), paragraph
        return ctx.locate_field("approved")
    return ctx.locate_field("review_due")


def _due_phrase(due: PolicyDate, cycle: int | None) -> str:
    if due.inferred:
        every = f" and the {cycle}-month review cycle" if cycle else ""
        return f"the next review ({due.text}, inferred from the last review{every})"
    return f"the review due {due.text}"


@rule("PK201", "review-lapsed", "error", "the review date has passed")
def review_lapsed(ctx: RuleContext) -> Iterator[Hit]:
    """
    ## What it does
    Reports a policy whose review date is over: the whole period the date names
    ends before the as-of date (`--as-of`, default today). "Autumn 2021" lapses
    on 1 January 2022, "September 2019" on 1 October 2019. When no review date is
    stated, the date inferred from the last review plus the stated cycle is used.

    ## Why it matters
    Governors must keep policies under review; a lapsed policy may no longer
    reflect the law, the school's practice or its staff. Ofsted and the trust's
    auditors look at review dates first.

    ## Example
    ```
    Date approved    September 2016
    Review Date      September 2019
    ```
    checked in 2026: `error PK201 review-lapsed: the review due September 2019 has
    lapsed (the period ended 30 September 2019)`

    ## How to fix
    Review the policy, have governors approve it, and record the approval date
    and the next review date.
    """
    due = ctx.policy.review_due
    if due is None or due.end >= ctx.as_of:
        return
    section, paragraph = _review_due_where(ctx)
    yield Hit(
        f"{_due_phrase(due, ctx.policy.review_cycle_months)} has lapsed "
        f"(the period ended {day_text(due.end)})",
        section=section,
        paragraph=paragraph,
    )


@rule("PK202", "review-due-soon", "warning", "the review is due within due_soon_days")
def review_due_soon(ctx: RuleContext) -> Iterator[Hit]:
    """
    ## What it does
    Reports a policy whose review has not lapsed but whose review period starts
    within `due_soon_days` (default 60) of the as-of date, or has already begun.

    ## Why it matters
    A review needs a governors' meeting. Knowing two months ahead leaves time to
    put the policy on the agenda before it lapses.

    ## Example
    Checked on 1 August 2026, `Review date: September 2026` is due soon: its
    period starts on 1 September, 31 days later.

    ## How to fix
    Put the review on the next governors' (or committee's) agenda. Change
    `due_soon_days` in the configuration for a longer or shorter warning.
    """
    due = ctx.policy.review_due
    if due is None or due.end < ctx.as_of:
        return
    days = (due.start - ctx.as_of).days
    if days > ctx.options.due_soon_days:
        return
    section, paragraph = _review_due_where(ctx)
    when = "is due now" if days <= 0 else f"starts on {day_text(due.start)}"
    yield Hit(
        f"{_due_phrase(due, ctx.policy.review_cycle_months)} {when} (by {day_text(due.end)})",
        section=section,
        paragraph=paragraph,
        key=f"due-soon:{due.text}",
    )


@rule("PK203", "no-review-date", "warning", "no review date stated and none inferable")
def no_review_date(ctx: RuleContext) -> Iterator[Hit]:
    """
    ## What it does
    Reports a policy with no next review date: none is stated, and none can be
    inferred (inference needs a review cycle such as "reviewed annually" plus
    an approval or last-review date). A review date that is written but is not
    a date ("TBC") is reported by PK207 instead.

    ## Why it matters
    Without a review date nobody knows when the policy must come back to
    governors, so it quietly goes out of date.

    ## Example
    A policy whose front page has "Date approved: 12/10/2023" and nothing about
    review.

    ## How to fix
    Add a line such as `Review date: October 2026`, or state the cycle
    ("This policy will be reviewed every three years").
    """
    if ctx.policy.review_due is not None or _has_date_notice(ctx, "review_due"):
        return
    yield Hit(
        "no review date: none is stated, and none can be inferred from a review cycle "
        "and an approval or review date"
    )


@rule("PK204", "no-approval-date", "warning", "no approval date")
def no_approval_date(ctx: RuleContext) -> Iterator[Hit]:
    """
    ## What it does
    Reports a policy that does not say when it was approved or adopted (labels
    such as "Date approved", "Adopted", "Ratified", "Date agreed"). An approval
    date that is written but is not a date is reported by PK207 instead.

    ## Why it matters
    The approval date shows which version governors agreed and starts the
    review cycle. A policy without one cannot show it was ever adopted.

    ## Example
    A policy with "Policy created: 2008" and review dates, but no approval.

    ## How to fix
    Add `Date approved: <date of the governors' meeting>` to the front page or
    the document history.
    """
    if ctx.policy.approved is not None or _has_date_notice(ctx, "approved"):
        return
    yield Hit("no approval date: say when governors approved or adopted the policy")


@rule("PK205", "review-before-approval", "error", "the review is due before the approval")
def review_before_approval(ctx: RuleContext) -> Iterator[Hit]:
    """
    ## What it does
    Reports a review date that ends before the approval date begins.

    ## Why it matters
    One of the two dates is wrong: usually a typing slip in the year, or the
    approval date updated without updating the review date. Either way the
    policy's schedule cannot be trusted.

    ## Example
    ```
    Date approved   March 2024
    Review date     March 2023
    ```

    ## How to fix
    Correct whichever date is wrong; the review date is normally the approval
    date plus the review cycle.
    """
    approved, due = ctx.policy.approved, ctx.policy.review_due
    if approved is None or due is None or due.end >= approved.start:
        return
    section, paragraph = _review_due_where(ctx)
    yield Hit(
        f"the review due {due.text} is before the approval date {approved.text}",
        section=section,
        paragraph=paragraph,
    )


@rule(
    "PK206",
    "review-cycle-mismatch",
    "warning",
    "the stated cycle disagrees with the approval-to-review gap",
)
def review_cycle_mismatch(ctx: RuleContext) -> Iterator[Hit]:
    """
    ## What it does
    Compares the stated review cycle ("reviewed annually" = 12 months) with the
    gap between the approval (or the latest recorded review before the review
    date, when later) and the stated review date. It reports a gap that cannot
    match the cycle within two months, allowing for the width of each date
    ("2016" could be any month of 2016). Skipped when the review date is
    inferred from the cycle, since it then agrees by construction.

    ## Why it matters
    The policy says one thing and its dates another: a policy "reviewed
    annually" but scheduled three years ahead has been missing two reviews.

    ## Example
    ```
    Date approved   September 2016
    Review Date     September 2019
    ...
    This policy will be reviewed annually.
    ```

    ## How to fix
    Make the review date the approval date plus the cycle, or correct the
    sentence stating the cycle.
    """
    policy = ctx.policy
    cycle, due, approved = policy.review_cycle_months, policy.review_due, policy.approved
    if cycle is None or due is None or due.inferred or approved is None:
        return
    base, base_name = approved, "approval"
    for review in policy.reviews:
        if base.start < review.date.start and review.date.end < due.start:
            base, base_name = review.date, "last review"
    shortest = months_between(base.end, due.start)
    longest = months_between(base.start, due.end)
    if shortest - CYCLE_TOLERANCE_MONTHS <= cycle <= longest + CYCLE_TOLERANCE_MONTHS:
        return
    gap = round(months_between(base.start, due.start))
    common = common_labels().cycle_words.get(cycle)
    words = common[0].lower() if common else f"every {cycle} months"
    section, paragraph = _cycle_where(ctx, cycle)
    yield Hit(
        f"the policy says it is reviewed {words} ({cycle} months), but the review due "
        f"{due.text} is {gap} months after the {base_name} in {base.text}",
        section=section,
        paragraph=paragraph,
    )


def _cycle_where(ctx: RuleContext, cycle: int) -> tuple[str | None, int | None]:
    """Where the cycle is stated: the first text naming it, review sections first."""
    kind = ctx.kind
    if kind is None:
        return None, None
    units = sorted(ctx.texts, key=lambda u: u.section not in ("review", "history"))
    for unit in units:
        found = kind.find_review_cycle(unit.text)
        if found is not None and found[0] == cycle:
            return unit.section, unit.paragraph
    return None, None


@rule("PK207", "unparseable-date", "warning", "a date field whose value is not a date")
def unparseable_date(ctx: RuleContext) -> Iterator[Hit]:
    """
    ## What it does
    Reports a labelled date (approval, review, last review, created) whose
    value cannot be read as a date: "TBC", "N/A", "ongoing", "Sept", or a
    typing slip such as "31/02/2019". UK forms are understood: day-first
    numbers, months, terms ("Spring 2018/19") and academic years. A "TBC" is
    also template text left in, so it is reported by PK402 as well.

    ## Why it matters
    A date policykit cannot read is one that people misread too, and the
    checks that depend on it (lapsed, due soon) cannot run.

    ## Example
    `Review date: TBC` or `Date approved: 31/02/2019`.

    ## How to fix
    Write the date as a day (`12/09/2023`), a month (`September 2023`), a term
    (`Autumn 2023`) or an academic year (`2023/24`).
    """
    seen: set[tuple[str | None, str]] = set()
    for notice in ctx.notices:
        if notice.code not in DATE_NOTICES:
            continue
        field = notice.field or "date"
        fv = _noticed_value(ctx, notice)
        text = fv.text if fv is not None else None
        declared = field_def(field)
        label = declared.describe if declared is not None else field.replace("_", " ")
        message = f"the {label} {text!r} is not a date" if text is not None else notice.message
        if (notice.field, message) in seen:
            continue
        seen.add((notice.field, message))
        paragraph = notice.paragraph
        if fv is not None and fv.paragraph is not None:
            paragraph = ctx.locate_text(fv.text, fv.paragraph)
        yield Hit(message, section=ctx.section_of(paragraph), paragraph=paragraph)


def _noticed_value(ctx: RuleContext, notice: Notice) -> FieldValue | None:
    """The metadata value a date notice is about (the notice quotes it)."""
    for fv in ctx.result.fields:
        if (
            fv.field == notice.field
            and fv.paragraph == notice.paragraph
            and (repr(fv.text) in notice.message or fv.text in notice.message)
        ):
            return fv
    return None


@rule(
    "PK208",
    "review-cycle-too-long",
    "warning",
    "the stated or implied review cycle is longer than the kind's required maximum",
)
def review_cycle_too_long(ctx: RuleContext) -> Iterator[Hit]:
    """
    ## What it does
    Compares the policy's review cycle with the longest its kind allows (the
    kind file's `review_cycle.max_months`: 12 for child protection and the SEN
    information report, 36 for the accessibility plan, 48 for equality
    objectives). The cycle is the one the policy states ("reviewed every two
    years" = 24 months) or, when none is stated, the one its dates imply: the
    shortest possible gap from the approval (or the latest review recorded
    before the review date) to the review date, allowing two months' grace. A
    maximum the catalogue could not source gives information only; a kind
    with no required maximum (most kinds: annual review is only recommended)
    is never reported.

    ## Why it matters
    Some policies must be reviewed on a cycle set by law or statutory
    guidance: Keeping Children Safe in Education expects the child protection
    policy to be reviewed at least annually, equality objectives must be set
    at least every four years, an accessibility plan covers three years. A
    longer cycle means the school is out of step with the law for part of it,
    even before the review date lapses.

    ## Example
    A child protection policy saying:
    ```
    This policy will be reviewed every two years.
    ```
    gives `error PK208 review-cycle-too-long: the policy says it is reviewed
    every two years (24 months), longer than the 12 months a Child Protection
    and Safeguarding Policy allows ...` (a warning for other kinds: the child
    protection kind file makes it an error, `severity: {PK208: error}`).

    ## How to fix
    Review the policy at least as often as its kind requires (`policykit kind
    KIND` gives the cycle and its source), change the sentence stating the
    cycle and set the next review date within it.
    """
    kind = ctx.kind
    limit = kind.review_cycle.max_months if kind is not None else None
    if kind is None or limit is None:
        return
    why = f" ({kind.review_cycle.note})" if kind.review_cycle.note else ""
    severity: Severity | None = None if kind.review_cycle.verified else "info"
    allows = f"longer than the {limit} months a {kind.spec.name} allows{why}"
    stated = ctx.policy.review_cycle_months
    if stated is not None and stated > limit:
        common = common_labels().cycle_words.get(stated)
        words = common[0].lower() if common else f"every {stated} months"
        section, paragraph = _cycle_where(ctx, stated)
        yield Hit(
            f"the policy says it is reviewed {words} ({stated} months), {allows}",
            section=section,
            paragraph=paragraph,
            key=f"cycle-too-long:stated:{stated}",
            severity=severity,
        )
        return
    implied = _implied_gap(ctx)
    if implied is None or implied[0] <= limit + CYCLE_TOLERANCE_MONTHS:
        return
    gap, base, base_name, due = implied
    section, paragraph = _review_due_where(ctx)
    yield Hit(
        f"the review due {due.text} is at least {gap} months after the {base_name} in "
        f"{base.text}, {allows}",
        section=section,
        paragraph=paragraph,
        key=f"cycle-too-long:implied:{base.text}:{due.text}",
        severity=severity,
    )


def _implied_gap(ctx: RuleContext) -> tuple[int, PolicyDate, str, PolicyDate] | None:
    """(shortest gap in whole months, its start, "approval"/"last review", the review due)."""
    due, approved = ctx.policy.review_due, ctx.policy.approved
    if due is None or due.inferred or approved is None:
        return None
    base, base_name = approved, "approval"
    for review in ctx.policy.reviews:
        if base.start < review.date.start and review.date.end < due.start:
            base, base_name = review.date, "last review"
    return int(months_between(base.end, due.start)), base, base_name, due


RULES = (
    review_lapsed,
    review_due_soon,
    no_review_date,
    no_approval_date,
    review_before_approval,
    review_cycle_mismatch,
    unparseable_date,
    review_cycle_too_long,
)
