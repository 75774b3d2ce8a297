"""What goes where: a Policy -> the texts of the front matter, header and footer.

Pure data, no Word: the metadata table's rows, the review-history table, the
header and footer lines. Labels come from the kind file (the labels the
parser reads), so what is written reads back as the same field. Anything
that cannot be written so that it reads back the same is reported in
``warnings``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..dates import infer_review_due, parse_date
from ..fields import FieldDef, all_fields, field_def
from ..kinds import Kind
from ..messages import Message, note
from ..model import Block, Policy, PolicyDate, Review, Table

NEXT_REVIEW_LABEL = "Next review"


@dataclass(slots=True)
class Layout:
    """The texts of a rendered policy that are not its sections."""

    title: str | None
    metadata: list[tuple[str, str]] = field(default_factory=list)  # (label, value) rows
    history_header: tuple[str, str] | None = None
    history: list[tuple[str, str]] = field(default_factory=list)  # (date, signed by) rows
    header: list[str] = field(default_factory=list)  # header line, tab-separated parts
    footer_review: str | None = None  # "Next review: Autumn 2021"
    warnings: list[Message] = field(default_factory=list)


def plan(policy: Policy, kind: Kind) -> Layout:
    """The front matter, header and footer texts of ``policy``."""
    out = Layout(title=policy.title)
    rows = out.metadata

    def add(name: str, value: str | None) -> None:
        if value is None or not value.strip():
            return
        label = _label(kind, name)
        if label is None:
            out.warnings.append(
                note(
                    "render.no-label",
                    f"kind {kind.id!r} has no label for {name.replace('people.', '')}: "
                    f"{value!r} is not written",
                )
            )
            return
        rows.append((label, value))

    review_due: PolicyDate | None = None
    declared = sorted(all_fields(), key=lambda f: f.front)
    for f in declared:
        if f.name == "review_due":  # as stated, unless readers infer the same
            review_due = _stated_review_due(policy, out.warnings)
            add(f.name, _text(review_due))
        else:
            add(f.name, _shown(f, policy, kind, out.warnings))
    roles = {f.role for f in declared}
    for role, value in sorted(policy.people.items()):
        if role not in roles:
            add(f"people.{role}", value)

    reviews = _reviews_not_in_tables(policy, kind)
    if reviews:
        out.history_header = _history_header(kind)
        out.history = [(r.date.text, r.signed_by or "") for r in reviews]

    out.header = [p for p in (policy.school, policy.title) if p]
    if policy.school is None and policy.title and kind.find_title_phrase(policy.title) is None:
        # A header line without the school is where readers look for the school's name:
        # a title that does not name the kind could be taken for it.
        out.header = []
    if review_due is not None:
        out.footer_review = f"{NEXT_REVIEW_LABEL}: {review_due.text}"
    return out


def _tables(blocks: list[Block]) -> list[Table]:
    return [b for b in blocks if isinstance(b, Table)]


def _reviews_not_in_tables(policy: Policy, kind: Kind) -> list[Review]:
    """The reviews that no table of the content already holds.

    A review-history table that sits among the content (not at the top) stays
    content, and readers take the reviews from it too: writing those reviews
    again in our history table would count them twice.
    """
    from ..recognise.tables import read_table

    tables = _tables(policy.preamble)
    for section in policy.walk():
        tables.extend(_tables(section.blocks))
    remaining = list(policy.reviews)
    for table in tables:
        for entry in read_table(kind, table.rows).history:
            found = parse_date(entry.date_text)
            carried = Review(date=found, signed_by=entry.signed_by) if found else None
            if carried in remaining:
                remaining.remove(carried)
    return remaining


def _text(value: PolicyDate | None) -> str | None:
    return value.text if value is not None else None


def _shown(f: FieldDef, policy: Policy, kind: Kind, warnings: list[Message]) -> str | None:
    """A field's value as written in the front table (None: not written)."""
    if f.type == "months":
        months = policy.review_cycle_months
        return None if months is None else cycle_phrase(kind, months, warnings)
    value = policy.field_value(f.name)
    if isinstance(value, PolicyDate):
        return value.text
    return value if isinstance(value, str) else None


def _label(kind: Kind, name: str) -> str | None:
    declared = field_def(name)
    preferred: list[str] = list(declared.shown) if declared is not None else []
    for label in [*preferred, *kind.field_labels.get(name, [])]:
        if kind.labels.field_for(label) == name:
            return label
    return None


def _history_header(kind: Kind) -> tuple[str, str]:
    """The history table's header: the first date and signature labels of the kind's data."""
    history = kind.history
    return (
        history.date_labels[0] if history.date_labels else "Date",
        history.signature_labels[0] if history.signature_labels else "Signed",
    )


def cycle_phrase(kind: Kind, months: int, warnings: list[Message] | None = None) -> str:
    """Words for a review cycle that the kind reads back as ``months``."""
    candidates: list[str] = [*kind.cycle_words.get(months, []), f"Every {months} months"]
    for phrase in candidates:
        found = kind.find_review_cycle(phrase)
        if found is not None and found[0] == months:
            return phrase
    if warnings is not None:
        warnings.append(
            note(
                "render.review-cycle-wording",
                f"a review cycle of {months} months has no wording kind {kind.id!r} reads back; "
                f"written as 'Every {months} months'",
            )
        )
    return f"Every {months} months"


def inferred_review_due(policy: Policy) -> PolicyDate | None:
    """The review date a reader infers when none is stated: last review or approval + cycle."""
    return infer_review_due(policy)


def _stated_review_due(policy: Policy, warnings: list[Message]) -> PolicyDate | None:
    """The review date to state; None when it is (or will be) inferred by readers."""
    due = policy.review_due
    inferred = inferred_review_due(policy)
    if due is None:
        if inferred is not None:
            warnings.append(
                note(
                    "render.review-date",
                    f"no review date is stated; readers will infer {inferred.text} "
                    f"(last review or approval plus the review cycle)",
                )
            )
        return None
    if due.inferred:
        if inferred == due:
            return None  # not stated in the source either: readers infer it again
        warnings.append(
            note(
                "render.inferred-review-date",
                f"the inferred review date {due.text} is written as a stated date",
            )
        )
    return due


def stamp(policy: Policy) -> dt.datetime:
    """A fixed time for the core properties, derived from the policy (deterministic output)."""
    days = [d.start for d in (policy.approved, policy.created) if d is not None]
    days += [r.date.start for r in policy.reviews]
    day = max(days) if days else dt.date(2000, 1, 1)
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def created_stamp(policy: Policy) -> dt.datetime:
    """When the document was created, for the core properties."""
    first = policy.created or policy.approved
    if first is None:
        return stamp(policy)
    day = first.start
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
