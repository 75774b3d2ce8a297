"""The trust's register: one row a document with what people look for, for every trust report.

The HTML dashboard, the Excel register and the summary all read these rows:
the school (the trust's folder, else the name the document states), the kind's
name and whether it is statutory, the dates, the status, the people named, the
findings sorted by severity and the kind's priority, and where each finding is
in Word terms (the section's heading and the paragraph's first words).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final

from ..records import SEVERITY_RANK
from ..trust import STATUS_WORDS, School, TrustBuilder, TrustSettings, TrustView, kind_name

if TYPE_CHECKING:
    from ..model import PolicyDate
    from ..records import CheckReport, DocumentReport, Finding


APPROVER_KEYS: Final = ("approved_by", "committee", "chair_of_governors", "headteacher")
OWNER_KEYS: Final = ("author", "link_governor")
STATUS_ORDER: Final = {s: i for i, s in enumerate(STATUS_WORDS)}


@dataclass(frozen=True, slots=True)
class Located:
    """A finding with its place in Word terms."""

    finding: Finding
    where: str  # 'under "Aims", the paragraph starting "We will ..."', or "the whole document"


@dataclass(slots=True)
class Row:
    """One document of the register."""

    number: int  # 1.. in report order: the id of its detail (``doc-N``)
    path: str
    school: str
    title: str
    kind: str | None
    kind_name: str
    statutory: bool | None  # required of its school; None when it is in no school
    approved: PolicyDate | None
    review_due: PolicyDate | None
    status: str
    current: bool  # the school's current document of its kind
    archived: bool
    error: str | None
    approver: str
    owner: str
    findings: list[Located] = field(default_factory=list)
    error_severity: str = "error"  # PK006 (a file listed unread) is a warning by default
    model_diff: list[dict[str, Any]] = field(default_factory=list)  # against the trust's model

    @property
    def status_word(self) -> str:
        word = STATUS_WORDS.get(self.status, self.status.replace("-", " "))
        if self.archived:
            return f"{word} (archived)"
        if self.superseded:
            return f"{word} (superseded)"
        return word

    @property
    def superseded(self) -> bool:
        """A second current document of its kind in its school, older than the one kept."""
        return (
            self.statutory is not None
            and self.kind not in (None, "generic")
            and not self.current
            and not self.archived
        )

    @property
    def counted(self) -> bool:
        """A document that counts for the trust: not archived, not superseded."""
        return not self.archived and not self.superseded

    @property
    def counts(self) -> Counter[str]:
        counted = Counter({"error": 0, "warning": 0, "info": 0})
        counted.update(f.finding.severity for f in self.findings)
        if self.error is not None:
            counted[self.error_severity] += 1
        return counted

    @property
    def worst(self) -> str:
        """The most serious severity among the findings ("none" without findings)."""
        counts = self.counts
        return next((s for s in ("error", "warning", "info") if counts[s]), "none")


def trust_view(report: CheckReport) -> TrustView:
    """The report's schools x kinds (made from its documents when the run kept none)."""
    if isinstance(report.trust, TrustView):
        return report.trust
    builder = TrustBuilder([], TrustSettings())
    for doc in report.documents:
        builder.add(doc)
    return builder.finish()


def where_text(finding: Finding, doc: DocumentReport) -> str:
    """Where a finding is, as a Word user finds it (no paragraph numbers)."""
    place = doc.places.get(finding.paragraph) if finding.paragraph is not None else None
    if place is not None:
        heading, words = place
        opening = f"the paragraph starting “{words}”" if words else "an empty paragraph"
        if heading and words.rstrip(" …") != heading:
            return f"under “{heading}”, {opening}"
        if heading:
            return f"the heading “{heading}”"
        return f"before the first heading, {opening}"
    if finding.section is not None:
        return f"the “{_section_title(doc.kind, finding.section)}” section"
    return "the whole document"


def _section_title(kind_id: str | None, section: str) -> str:
    from ..errors import KindError
    from ..kinds import get_kind

    if kind_id:
        try:
            spec = get_kind(kind_id).section(section)
        except (KindError, ValueError, OSError):
            spec = None
        if spec is not None:
            return spec.title
    return section.replace("_", " ").replace("-", " ").capitalize()


def sorted_findings(findings: Iterable[Finding], priority: int) -> list[Finding]:
    """Most serious first; the kind's priority is the same for one document, so within a
    severity, document order."""
    del priority  # one document: one kind; kept in the signature for the trust-wide lists
    return sorted(
        findings,
        key=lambda f: (-SEVERITY_RANK[f.severity], f.paragraph is not None, f.paragraph or 0),
    )


def _person(people: dict[str, str], keys: Iterable[str]) -> str:
    return "; ".join(people[k] for k in keys if people.get(k))


def rows(report: CheckReport, view: TrustView | None = None) -> list[Row]:
    """Every document of the report as a register row (school records are left out)."""
    view = view or trust_view(report)
    placed = view.entry_map()
    found: list[Row] = []
    for doc in report.documents:
        if doc.status == "school":
            continue
        school, entry = placed.get(doc.path, (None, None))
        kind = entry.kind if entry is not None else doc.kind
        required = None if school is None else any(r.kind == kind for r in school.required)
        located = [Located(f, where_text(f, doc)) for f in sorted_findings(doc.findings, 3)]
        found.append(
            Row(
                number=len(found) + 1,
                path=doc.path,
                school=school.name if school is not None else (doc.school or ""),
                title=doc.title or _file_title(doc.path),
                kind=kind,
                kind_name=kind_name(kind) if kind else "(not recognised)",
                statutory=required,
                approved=doc.approved,
                review_due=doc.review_due,
                status=doc.status,
                current=entry.current if entry is not None else False,
                archived=entry.archived if entry is not None else False,
                error=None if doc.error is None else f"{doc.error.code}: {doc.error.message}",
                approver=_person(doc.people, APPROVER_KEYS),
                owner=_person(doc.people, OWNER_KEYS),
                findings=located,
                error_severity="error" if doc.error is None else doc.error.severity,
                model_diff=doc.model_diff,
            )
        )
    return found


def school_findings(report: CheckReport) -> dict[str, list[Finding]]:
    """PK501/PK502 findings by school name (from the schools' folder records)."""
    found: dict[str, list[Finding]] = {}
    for doc in report.documents:
        if doc.status == "school":
            found.setdefault(doc.school or doc.path, []).extend(doc.findings)
    return found


def reads_as(written: str, day: str) -> bool:
    """True when a date as written says no more than ``day`` (as ``day_text`` writes it):
    "7 September 2027" beside "7 September 2027" is said once."""
    return " ".join(written.split()).casefold() == day.casefold()


def _file_title(path: str) -> str:
    name = path.replace("\\", "/").rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[0] if "." in name else name


def next_term(as_of: dt.date) -> tuple[dt.date, dt.date, str]:
    """The school term after the one ``as_of`` falls in: (start, end, "Spring 2027")."""
    from ..dates import term_bounds, term_of

    term, year = term_of(as_of)
    following = {"autumn": ("spring", year + 1), "spring": ("summer", year)}.get(
        term.lower(), ("autumn", year)
    )
    start, end = term_bounds(*following)
    return start, end, f"{following[0].capitalize()} {following[1]}"


def missing_rows(view: TrustView) -> list[tuple[School, str, str]]:
    """(school, kind name, what requires it) for each required kind a school lacks."""
    return [(s, r.name, r.source) for s in view.schools for r in s.missing]


__all__ = [
    "Located",
    "Row",
    "missing_rows",
    "next_term",
    "reads_as",
    "rows",
    "school_findings",
    "sorted_findings",
    "trust_view",
    "where_text",
]
