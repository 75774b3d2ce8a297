"""PK501-PK502: what a school holds, judged across its folder (not one document).

These rules have no per-document check: the engine gathers every document of a
school (see :mod:`policykit.trust`) and, after the last one, reports on the
school's folder with :func:`school_hits`.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..trust import Entry, School, kind_name
from .base import Hit, Rule, day_text

MISSING_POLICY = Rule(
    "PK501",
    "missing-policy",
    "warning",
    "a school lacks a kind of policy it is required to hold",
    """
## What it does
For each school (by default each top-level folder under a checked path that
holds policies of at least three kinds; name them with `schools` in
`[tool.policykit.trust]`), lists the kinds of policy the school
must hold and reports each one with no current document in the school's
folder. The list is the kinds the policy-kind data marks statutory for the
school's type (maintained or academy) and phase (primary or secondary), plus
the trust's `require` and minus its `not-required`. Documents in archive
folders (`exclude`) do not count. The finding is on the school's folder and
names the kind and what requires it.

## Why it matters
A missing statutory policy is what an Ofsted inspector, an auditor or a
parent's complaint finds first; it is also the one gap a register of existing
documents can never show.

## Example
```
Trust/Oak Primary: warning PK501 missing-policy: Oak Primary holds no
  Behaviour Policy: required by Education and Inspections Act 2006 s.89
  (statutory for maintained schools and academies)
```

## How to fix
Put the school's current policy of that kind in its folder (or write one with
`policykit new KIND`). If the school holds it elsewhere, or it does not apply,
say so in the configuration: `not-required = ["careers"]` for the trust, or in
`[tool.policykit.trust.school."Oak Primary"]` for one school; set the school's
`type` and `phase` so the statutory list fits it.

## Source
DfE, "Statutory policies for maintained schools" (Maintained schools governance
guide) and "Statutory guidance and additional resources for trusts" (Academy
trust governance guide), March 2024; each kind names its own statute.
""".strip(),
)

DUPLICATE_POLICY = Rule(
    "PK502",
    "duplicate-policy",
    "warning",
    "two current documents of one kind in one school",
    """
## What it does
Reports two documents of the same kind in one school's folder, neither in an
archive folder. The newer one (by approval date, then review date) is taken
as the school's current policy; the finding names the other.

## Why it matters
Staff and parents who open the older copy follow a superseded policy, and a
register that counts both shows a lapsed review that is not real (or hides
one that is).

## Example
```
Trust/Oak Primary: warning PK502 duplicate-policy: Oak Primary holds two
  current Behaviour Policy documents: Behaviour 2019.docx (approved September
  2019) and Behaviour Policy.docx (approved 1 September 2025); the newer,
  Behaviour Policy.docx, is taken as current
```

## How to fix
Move the superseded copy into an archive folder (any folder named like
`Archive`, or a pattern in `exclude`), or delete it.

## Source
Good practice in document control: one current version of each policy.
""".strip(),
)

RULES = (MISSING_POLICY, DUPLICATE_POLICY)


def _base(entry: Entry) -> str:
    return entry.path.replace("\\", "/").rsplit("/", 1)[-1]


def _name(entry: Entry) -> str:
    tail = _base(entry)
    if entry.approved is not None:
        when = entry.approved.text
        if entry.approved.precision == "day":
            when = day_text(entry.approved.start)
        return f"{tail} (approved {when})"
    return f"{tail} (no approval date)"


def school_hits(school: School) -> Iterator[tuple[Rule, Hit]]:
    """PK501 for each required kind the school lacks, PK502 for each duplicate."""
    for req in school.missing:
        yield (
            MISSING_POLICY,
            Hit(
                f"{school.name} holds no {req.name}: required by {req.source}",
                key=f"missing:{req.kind}",
            ),
        )
    for kept, other in school.duplicates:
        yield (
            DUPLICATE_POLICY,
            Hit(
                f"{school.name} holds two current {kind_name(kept.kind or '')} documents: "
                f"{_name(other)} and {_name(kept)}; the newer, "
                f"{_base(kept)}, is taken as current",
                key=f"duplicate:{kept.kind}:{_base(other)}",
            ),
        )
