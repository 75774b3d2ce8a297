"""``--format summary``: what each school has to do, in a few sentences for email or Teams.

A line of totals, then one short paragraph a school: which policies have
lapsed, which fall due by the end of next term (each list highest stakes first,
by the kind's priority, then by date), which required policies are missing, and
any file that could not be read. "Next term" is the school term
after the one the as-of date falls in, by the project's term dates
(:mod:`policykit.dates`: Autumn 1 September to 31 December, Spring 1 January
to Easter Sunday, Summer to 31 August); "due by the end of next term" takes in
the rest of this term too. Schools with nothing to report share one closing
sentence. Lists are cut after a few names ("and 4 more"), so a six-school
trust fits on one screen; the dashboard and the register have the rest.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final

from ..trust import kind_priority
from .register import Row, next_term, rows, trust_view

if TYPE_CHECKING:
    from ..records import CheckReport
    from . import ReportOptions

WIDTH: Final = 88
NAMES_SHOWN: Final = 2  # names in a list before "and N more"
NO_SCHOOL: Final = "Not in a school's folder"


@dataclass(slots=True)
class _School:
    name: str
    lapsed: list[Row] = field(default_factory=list)
    due: list[Row] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    unreadable: list[Row] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)


def _short(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"


def _day_month(day: dt.date) -> str:
    return f"{day.day} {day:%b}"


def _names(items: Sequence[str]) -> str:
    """``A, B and C``; past NAMES_SHOWN, ``A, B and 4 more``."""
    shown = list(items[:NAMES_SHOWN])
    rest = len(items) - len(shown)
    if rest:
        return f"{', '.join(shown)} and {rest} more"
    if len(shown) == 1:
        return shown[0]
    return f"{', '.join(shown[:-1])} and {shown[-1]}"


def _file_name(path: str) -> str:
    return path.replace("\\", "/").rsplit("/", 1)[-1]


def _paragraph(school: _School, term_end: dt.date) -> str:
    sentences: list[str] = []
    if school.lapsed:
        oldest = min(r.review_due.end for r in school.lapsed if r.review_due)
        named = [r.title for r in school.lapsed]
        sentences.append(
            f"{len(school.lapsed)} lapsed (the oldest due by {_short(oldest)}): {_names(named)}."
        )
    else:
        sentences.append("Nothing has lapsed.")
    if school.due:
        named = [
            f"{r.title} ({_day_month(r.review_due.start)})" for r in school.due if r.review_due
        ]
        sentences.append(f"{len(school.due)} due by {_short(term_end)}: {_names(named)}.")
    else:
        sentences.append(f"Nothing else falls due by {_short(term_end)}.")
    if school.missing:
        sentences.append(f"Missing {len(school.missing)} required: {_names(school.missing)}.")
    if school.unreadable:
        files = [_file_name(r.path) for r in school.unreadable]
        sentences.append(f"Could not be read: {_names(files)}.")
    if school.duplicates:
        sentences.append(f"Two current copies of {_names(school.duplicates)} (the newer counts).")
    return textwrap.fill(
        f"{school.name}: {' '.join(sentences)}",
        WIDTH,
        subsequent_indent="  ",
        break_on_hyphens=False,
    )


def summary(report: CheckReport) -> str:
    """The summary's text."""
    view = trust_view(report)
    as_of = report.as_of
    _start, term_end, term = next_term(as_of)
    schools: dict[str, _School] = {}
    for school in view.schools:
        entry = schools.setdefault(school.name, _School(school.name))
        entry.missing = [r.name for r in school.missing]
        entry.duplicates = sorted({kept.title or kept.path for kept, _other in school.duplicates})
    documents = 0
    for row in rows(report, view):
        documents += 1
        if not row.counted:
            continue
        name = row.school or NO_SCHOOL
        entry = schools.setdefault(name, _School(name))
        if row.status == "lapsed":
            entry.lapsed.append(row)
        elif row.status in ("unreadable", "not-checked"):
            entry.unreadable.append(row)
        elif row.review_due is not None and row.review_due.start <= term_end:
            entry.due.append(row)
    ordered = sorted(schools.values(), key=lambda s: (s.name == NO_SCHOOL, s.name.casefold()))
    for entry in ordered:  # highest stakes first (the kind's priority), then by date
        entry.lapsed.sort(
            key=lambda r: (
                kind_priority(r.kind),
                r.review_due.end if r.review_due else as_of,
                r.title,
            )
        )
        entry.due.sort(
            key=lambda r: (
                kind_priority(r.kind),
                r.review_due.start if r.review_due else as_of,
                r.title,
            )
        )
    lapsed = sum(len(s.lapsed) for s in ordered)
    due = sum(len(s.due) for s in ordered)
    missing = sum(len(s.missing) for s in ordered)
    in_schools = len(view.schools)
    head = textwrap.fill(
        f"Policies on {as_of.day} {as_of:%B %Y}: {documents} documents"
        + (f" in {in_schools} schools" if in_schools else "")
        + f"; {lapsed} lapsed, {due} due by the end of next term ({term}, ends "
        f"{_short(term_end)}), {missing} required policies missing.",
        WIDTH,
    )
    busy = [s for s in ordered if s.lapsed or s.due or s.missing or s.unreadable or s.duplicates]
    quiet = [s.name for s in ordered if s not in busy]
    paragraphs = [head, *(_paragraph(s, term_end) for s in busy)]
    if quiet:
        paragraphs.append(
            textwrap.fill(
                f"Nothing lapsed, due by {_short(term_end)} or missing: {_names(quiet)}.",
                WIDTH,
                subsequent_indent="  ",
                break_on_hyphens=False,
            )
        )
    return "\n\n".join(paragraphs) + "\n"


def write(report: CheckReport, options: ReportOptions) -> str:
    """``--format summary``: the text (see :func:`summary`)."""
    del options
    return summary(report)


__all__ = ["summary", "write"]
