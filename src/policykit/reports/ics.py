"""``--format ics``: the trust's reviews as a calendar a clerk imports (icalendar).

One all-day event a policy that counts for its school (not archived, not a
superseded copy) and states when its review is due:

* on the first day of the review-due period ("Autumn 2027": 1 September 2027),
  or on the as-of date for a review already lapsed, or whose period has begun;
* titled ``School – Policy title (review due)`` (``(review overdue)`` once it
  has lapsed), with the file's path, the status and the findings in its
  description;
* with a reminder ``reminder-days`` before it (``check --reminder-days N``,
  else ``[tool.policykit.trust]``, default 28; an event on the as-of date
  reminds on the day).

Each event's UID is made from the school and the kind (else the file's path),
so a calendar that imports next term's file updates the events it already
holds instead of adding copies; ``SEQUENCE`` grows with the as-of date, so the
later run's event wins. Every date-time in the file is the as-of date at
midnight UTC: one run's calendar is the same bytes every time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import TYPE_CHECKING, Final

from .register import Row, rows, trust_view

if TYPE_CHECKING:
    from icalendar import Event

    from ..records import CheckReport
    from . import ReportOptions

PRODID: Final = "-//policykit//Policy reviews//EN"
CALENDAR_NAME: Final = "Policy reviews"
UID_DOMAIN: Final = "policykit"
SEQUENCE_EPOCH: Final = dt.date(2000, 1, 1)


def uid(row: Row) -> str:
    """The event's stable id: the school's current policy of this kind (else this file)."""
    if row.current and row.kind not in (None, "generic"):
        key = f"{row.school.casefold()}\x1f{row.kind}"
    else:
        key = f"path\x1f{row.path}"
    return f"{hashlib.sha256(key.encode('utf-8')).hexdigest()[:32]}@{UID_DOMAIN}"


def event_day(row: Row, as_of: dt.date) -> dt.date | None:
    """The day of the row's event: its review period's first day, never before ``as_of``."""
    if row.review_due is None:
        return None
    if row.status == "lapsed":
        return as_of
    return max(row.review_due.start, as_of)


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def summary(row: Row) -> str:
    """``School – Policy title (review due)``, on one line."""
    what = "review overdue" if row.status == "lapsed" else "review due"
    name = f"{row.school} – {row.title}" if row.school else row.title
    return " ".join(f"{name} ({what})".split())


def description(row: Row) -> str:
    """What the clerk needs to act: the date as written, the status, the file, the findings."""
    due = row.review_due
    lines = []
    if due is not None:
        period = (
            _day(due.start) if due.start == due.end else f"{_day(due.start)} to {_day(due.end)}"
        )
        # "Autumn 2027 (1 September 2027 to ...)"; a date written as we write it: once
        same = " ".join(due.text.split()).casefold() == period.casefold()
        lines.append(f"Review due: {due.text}" if same else f"Review due: {due.text} ({period})")
    status = row.status_word
    if row.status == "lapsed" and due is not None:
        status += f": the review was due by {_day(due.end)}"
    lines.append(f"Status: {status}")
    counts = row.counts
    lines.append(
        f"Findings: {counts['error']} error(s), {counts['warning']} warning(s), "
        f"{counts['info']} info"
    )
    if row.owner:
        lines.append(f"Owner: {row.owner}")
    lines.append(f"File: {row.path}")
    return "\n".join(lines)


def _event(row: Row, day: dt.date, as_of: dt.date, reminder_days: int) -> Event:
    from icalendar import Alarm, Event

    stamp = dt.datetime(as_of.year, as_of.month, as_of.day, tzinfo=dt.UTC)
    event = Event()
    event.add("uid", uid(row))
    event.add("dtstamp", stamp)
    event.add("last-modified", stamp)
    event.add("sequence", (as_of - SEQUENCE_EPOCH).days)
    event.add("dtstart", day)
    event.add("dtend", day + dt.timedelta(days=1))
    event.add("summary", summary(row))
    event.add("description", description(row))
    event.add("categories", ["Policy review"])
    event.add("transp", "TRANSPARENT")  # a reminder, not a meeting: the day stays free
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", summary(row))
    before = reminder_days if day - dt.timedelta(days=reminder_days) >= as_of else 0
    alarm.add("trigger", dt.timedelta(days=-before))
    event.add_component(alarm)
    return event


def calendar(report: CheckReport, reminder_days: int | None = None) -> str:
    """The calendar's text (RFC 5545, CRLF line ends); ``reminder_days`` (the command
    line's) over the trust's ``reminder-days``."""
    from icalendar import Calendar

    view = trust_view(report)
    if reminder_days is None:
        reminder_days = view.settings.reminder_days
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", CALENDAR_NAME)
    events = []
    for row in rows(report, view):
        day = event_day(row, report.as_of) if row.counted else None
        if day is not None:
            events.append((day, row.school.casefold(), row.title.casefold(), row))
    for day, _school, _title, row in sorted(events, key=lambda e: e[:3]):
        cal.add_component(_event(row, day, report.as_of, reminder_days))
    data: bytes = cal.to_ical()
    return data.decode("utf-8")


def write(report: CheckReport, options: ReportOptions) -> str:
    """``--format ics``: the calendar of reviews (see :func:`calendar`)."""
    return calendar(report, options.reminder_days)


__all__ = ["calendar", "description", "event_day", "summary", "uid", "write"]
