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
from ..kinds import Kind
from ..model import Block, Policy, PolicyDate, Review, Table

# Preferred labels; each is checked against the kind (it must read back as its field),
# else the kind's own first label for the field is used.
_FIELD_LABELS: dict[str, tuple[str, ...]] = {
    "school": ("School",),
    "title": ("Policy", "Title"),
    "approved": ("Date approved", "Approved"),
    "review_due": ("Review date", "Next review"),
    "review_cycle": ("Review cycle",),
    "last_reviewed": ("Last reviewed",),
    "created": ("Created", "Date created"),
}
_PEOPLE_LABELS: dict[str, tuple[str, ...]] = {
    "approved_by": ("Approved by",),
    "author": ("Author",),
    "headteacher": ("Headteacher",),
    "chair_of_governors": ("Chair of governors",),
    "link_governor": ("Link governor",),
    "committee": ("Committee",),
}
# Wording for review cycles, most natural first.
_CYCLE_WORDS: dict[int, tuple[str, ...]] = {
    4: ("Termly", "Every term"),
    6: ("Every six months", "Twice a year"),
    12: ("Annually", "Every year"),
    24: ("Every two years", "Biennially"),
    36: ("Every three years", "Triennially"),
    48: ("Every four years",),
}
_HISTORY_HEADER = (("Date of review", "Review date", "Date"), ("Signed by", "Signed", "Signature"))

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
    warnings: list[str] = field(default_factory=list)


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
                f"kind {kind.id!r} has no label for {name.replace('people.', '')}: "
                f"{value!r} is not written"
            )
            return
        rows.append((label, value))

    add("school", policy.school)
    add("title", policy.title)
    add("people.approved_by", policy.people.get("approved_by"))
    add("approved", _text(policy.approved))
    review_due = _stated_review_due(policy, out.warnings)
    add("review_due", _text(review_due))
    if policy.review_cycle_months is not None:
        add("review_cycle", cycle_phrase(kind, policy.review_cycle_months, out.warnings))
    add("last_reviewed", _text(policy.last_reviewed))
    add("created", _text(policy.created))
    for role in _PEOPLE_LABELS:
        if role != "approved_by":
            add(f"people.{role}", policy.people.get(role))
    for role, value in sorted(policy.people.items()):
        if role not in _PEOPLE_LABELS:
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
    from ..recognise.metadata import read_table

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


def _label(kind: Kind, name: str) -> str | None:
    if name.startswith("people."):
        role = name.split(".", 1)[1]
        preferred = _PEOPLE_LABELS.get(role, ())
        fallback = tuple(kind.fields.people.get(role, ()))
    else:
        preferred = _FIELD_LABELS.get(name, ())
        fallback = tuple(getattr(kind.fields, name, ()))
    for label in (*preferred, *fallback):
        if kind.labels.field_for(label) == name:
            return label
    return None


def _history_header(kind: Kind) -> tuple[str, str]:
    dates_label = next(
        (x for x in _HISTORY_HEADER[0] if kind.labels.is_history_date(x)),
        kind.history.date_labels[0]
        if kind.history.date_labels
        else _HISTORY_HEADER[0][0],
    )
    signed = next(
        (x for x in _HISTORY_HEADER[1] if kind.labels.is_history_signature(x)),
        kind.history.signature_labels[0]
        if kind.history.signature_labels
        else _HISTORY_HEADER[1][0],
    )
    return dates_label, signed


def cycle_phrase(kind: Kind, months: int, warnings: list[str] | None = None) -> str:
    """Words for a review cycle that the kind reads back as ``months``."""
    candidates = (*_CYCLE_WORDS.get(months, ()), f"Every {months} months")
    for phrase in candidates:
        found = kind.find_review_cycle(phrase)
        if found is not None and found[0] == months:
            return phrase
    if warnings is not None:
        warnings.append(
            f"a review cycle of {months} months has no wording kind {kind.id!r} reads back; "
            f"written as 'Every {months} months'"
        )
    return f"Every {months} months"


def inferred_review_due(policy: Policy) -> PolicyDate | None:
    """The review date a reader infers when none is stated: last review or approval + cycle."""
    return infer_review_due(policy)


def _stated_review_due(policy: Policy, warnings: list[str]) -> PolicyDate | None:
    """The review date to state; None when it is (or will be) inferred by readers."""
    due = policy.review_due
    inferred = inferred_review_due(policy)
    if due is None:
        if inferred is not None:
            warnings.append(
                f"no review date is stated; readers will infer {inferred.text} "
                f"(last review or approval plus the review cycle)"
            )
        return None
    if due.inferred:
        if inferred == due:
            return None  # not stated in the source either: readers infer it again
        warnings.append(f"the inferred review date {due.text} is written as a stated date")
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
