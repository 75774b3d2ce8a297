"""PK301-PK303: who signed, what the policy is called, whose it is."""

from __future__ import annotations

from collections.abc import Iterator

from .base import Hit, RuleContext, rule


@rule("PK301", "unsigned-review", "warning", "a review history entry without a signature")
def unsigned_review(ctx: RuleContext) -> Iterator[Hit]:
    """
    ## What it does
    Reports each entry of the review history (a "Date of review / Signed"
    table or similar) that has a date but no signature or name against it.

    ## Why it matters
    The history is the school's evidence that each review happened and who
    took responsibility for it. An unsigned entry may be a review that was
    planned but never done.

    ## Example
    ```
    Date of review   Spring 2009    Spring 2013     Autumn 2017
    Signed           A. Patel       J. Okafor
    ```
    The Autumn 2017 review is unsigned.

    ## How to fix
    Have the person who led the review (usually the headteacher or chair of
    governors) sign or initial the entry, or record who approved it.
    """
    for review in ctx.policy.reviews:
        if review.signed_by and review.signed_by.strip():
            continue
        paragraph = ctx.locate_text(review.date.text)
        yield Hit(
            f"the review of {review.date.text} is not signed",
            section=ctx.section_of(paragraph),
            paragraph=paragraph,
        )


@rule("PK302", "missing-title", "warning", "no title found")
def missing_title(ctx: RuleContext) -> Iterator[Hit]:
    """
    ## What it does
    Reports a policy in which no title was found: no title line at the top,
    no "Title:" or "Policy:" field, and no title in the document properties.

    ## Why it matters
    A trust's policy register, the school website and governors' minutes all
    refer to policies by title. An untitled document is hard to find and easy
    to confuse with another version.

    ## Example
    A document that starts straight with "1. Introduction".

    ## How to fix
    Put the title on the first line (for example "Community Cohesion Policy"),
    or fill in a `Title` row in the front-page table.
    """
    if not (ctx.policy.title or "").strip():
        yield Hit("no title found: put the policy's title on its first line")


@rule("PK303", "missing-school", "warning", "no school name found")
def missing_school(ctx: RuleContext) -> Iterator[Hit]:
    """
    ## What it does
    Reports a policy that never names the school (or academy, or trust) it
    belongs to: not on the front page, in a "School:" field, in the page header
    or footer, or in the running text.

    ## Why it matters
    A policy is adopted by one governing body. A document with no school name
    is often a template or another school's policy copied in, and cannot be
    told apart from them on a shared drive.

    ## Example
    "This policy applies to the school and its community." and nothing else.

    ## How to fix
    Add the school's name to the front page or the page header, for example
    `School: Wootton Park`.
    """
    if not (ctx.policy.school or "").strip():
        yield Hit("no school name found: name the school on the front page or in the header")


RULES = (unsigned_review, missing_title, missing_school)
