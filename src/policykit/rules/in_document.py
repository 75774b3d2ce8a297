"""PK503 and PK901: findings made by steps after the rules, from what the document says.

Neither has a check function of its own: PK901 comes from the suppression
step (:mod:`policykit.suppression`, Word comments ``policykit: ignore``) and
PK503 from the comparison with the trust's model policy
(:mod:`policykit.compare`). They are rules all the same, so they can be listed,
explained, selected, ignored and given a severity.
"""

from __future__ import annotations

from .base import Rule

MODEL_DRIFT = Rule(
    "PK503",
    "model-drift",
    "warning",
    "a section the trust's model marks as fixed was changed or removed",
    """
## What it does
Compares a school's copy of a policy with the trust's model policy (set
`model = "..."` for the kind in the configuration, or run `policykit compare
MODEL.docx SCHOOL.docx`). Sections and paragraphs the model marks as fixed
(a paragraph or heading style whose name contains "Fixed", a content control
tagged `policykit:fixed`, or a Word comment `policykit: fixed` on it) must
stay as the model has them; a fixed section changed or removed is reported.
Local edits (the school's name, staff names, the school's own procedures in
sections that are not fixed) are listed by `compare`, never reported.

## Why it matters
A trust adopts one policy for all its schools and answers for it: when a
school rewrites a section the trust has fixed (the statutory procedure, the
complaints stages, the safeguarding referral route), the school is no longer
following the trust's policy, usually without anyone at the trust knowing.

## Example
```
Oakfield/Behaviour Policy.docx:§procedures:¶22: warning PK503 model-drift:
the fixed section 'Procedures' differs from the trust's model: 'Pupils will be
sent home' where the model says 'Pupils will be given a reflection task'
```

## How to fix
Put the model's wording back (`policykit compare MODEL.docx SCHOOL.docx`
shows the difference word by word), or ask the trust to change the model, or
to stop marking the section as fixed.

## Source
The trust's own model policy and its marks; see `policykit compare --help`.
""".strip(),
)

UNUSED_SUPPRESSION = Rule(
    "PK901",
    "unused-suppression",
    "info",
    "a `policykit: ignore` comment in the document silences nothing",
    """
## What it does
A Word comment whose text starts `policykit: ignore` followed by rule codes
(and, optionally, a reason) silences those codes on the paragraph the
comment is anchored on; anchored on the title, in the whole document:

```
policykit: ignore PK401 the governors keep this wording on purpose
```

This rule reports such a comment when one of its codes silenced nothing
(there was no such finding there), or when it names no code at all.

## Why it matters
A suppression records a decision ("we know, the governors accepted it")
where the policy lives. Once the wording it excused is rewritten, a stale
suppression would silently excuse the next problem of that kind on the same
paragraph: like `# noqa` in code, unused ones should be cleaned up.

## Example
```
policies/behaviour.docx:¶14: info PK901 unused-suppression: the comment
'policykit: ignore PK401 governors agreed' ignores PK401, but no PK401 finding
is reported on this paragraph; remove the comment
```

## How to fix
Delete the comment in Word (Review > Delete), or move it to the paragraph it
was meant for. Codes of rules that are not selected are never reported as
unused.

## Source
policykit's own convention (after ruff's `RUF100 unused-noqa`).
""".strip(),
)

RULES = (MODEL_DRIFT, UNUSED_SUPPRESSION)
