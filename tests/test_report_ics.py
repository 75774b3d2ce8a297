"""``check --format ics``: the calendar of reviews, read back by icalendar and by vobject."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import icalendar
import pytest
import vobject
from click.testing import CliRunner

from policykit.cli import main
from policykit.dates import parse_date
from policykit.records import CheckReport, DocumentReport
from policykit.registry import Registry
from policykit.reports import ReportOptions, render

from .trustshare import AS_OF, DUPLICATE, SCHOOLS, make_share, stub_kinds

REMINDER_DAYS = 21  # the share's [trust] reminder-days


@pytest.fixture(scope="module")
def share(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    with stub_kinds(tmp_path_factory.mktemp("kinds")):
        yield make_share(tmp_path_factory.mktemp("share") / "Trust").root


def ics(root: Path, out: Path, as_of: dt.date = AS_OF) -> bytes:
    result = CliRunner().invoke(
        main,
        [
            *("check", str(root), "--format", "ics", "-o", str(out)),
            *("--as-of", as_of.isoformat(), "--jobs", "1", "--no-cache"),
        ],
    )
    assert result.exit_code == 1, result.output
    return out.read_bytes()


@pytest.fixture(scope="module")
def calendar(share: Path, tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return ics(share, tmp_path_factory.mktemp("out") / "reviews.ics")


def events(data: bytes) -> list[Any]:
    cal = icalendar.Calendar.from_ical(data)
    return [c for c in cal.walk("VEVENT")]


def test_one_all_day_event_a_current_policy_on_its_review_period(calendar: bytes) -> None:
    found = events(calendar)
    # 15 kinds a school, less the missing one and the unreadable one (no date)
    assert len(found) == len(SCHOOLS) * 15 - 2
    summaries = [str(e["summary"]) for e in found]
    assert all(" – " in s and s.endswith(("(review due)", "(review overdue)")) for s in summaries)
    assert {s.split(" – ")[0] for s in summaries} == set(SCHOOLS)
    for event in found:
        start = event.decoded("dtstart")
        assert type(start) is dt.date  # all day
        assert event.decoded("dtend") == start + dt.timedelta(days=1)
        text = str(event["description"])
        written = text.split("\n")[0].removeprefix("Review due: ").split(" (")[0]
        due = parse_date(written)
        assert due is not None
        if str(event["summary"]).endswith("(review overdue)"):
            assert start == AS_OF and due.end < AS_OF
            assert "Status: lapsed" in text
        else:
            assert start == max(due.start, AS_OF)
        assert "File: " in text and ".docx" in text
    # the superseded 2019 copy has no event of its own
    behaviour = [s for s in summaries if s.startswith(DUPLICATE[0]) and "Behaviour" in s]
    assert len(behaviour) == 1


def test_each_event_reminds_the_configured_days_before(calendar: bytes) -> None:
    for event in events(calendar):
        (alarm,) = event.walk("VALARM")
        trigger = alarm.decoded("trigger")
        start = event.decoded("dtstart")
        if start - dt.timedelta(days=REMINDER_DAYS) >= AS_OF:
            assert trigger == dt.timedelta(days=-REMINDER_DAYS)
        else:
            assert trigger == dt.timedelta(0)  # already upon us: on the day
        assert str(alarm["action"]) == "DISPLAY"


def test_uids_are_stable_so_a_reimport_updates(
    share: Path, calendar: bytes, tmp_path: Path
) -> None:
    first = {str(e["uid"]): e for e in events(calendar)}
    assert len(first) == len(events(calendar))  # unique
    later = {
        str(e["uid"]): e
        for e in events(ics(share, tmp_path / "r.ics", AS_OF + dt.timedelta(days=40)))
    }
    assert set(later) == set(first)
    for key, event in later.items():
        assert int(event["sequence"]) > int(first[key]["sequence"])
    assert ics(share, tmp_path / "again.ics") == calendar  # the same run, the same bytes


def test_a_second_reader_agrees(calendar: bytes) -> None:
    parsed = vobject.readOne(calendar.decode("utf-8"))
    assert parsed.name == "VCALENDAR"
    found = parsed.contents["vevent"]
    assert len(found) == len(events(calendar))
    for event in found:
        assert isinstance(event.dtstart.value, dt.date)
        assert event.summary.value.split(" – ")[0] in SCHOOLS
        assert event.valarm.trigger.value <= dt.timedelta(0)


def test_text_from_documents_cannot_add_events_or_properties() -> None:
    hostile = "Evil\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:injected; x, y\\"
    report = CheckReport(
        AS_OF,
        [
            DocumentReport(
                path=f"{hostile}.docx",
                kind="community-cohesion",
                title=hostile,
                school=hostile,
                review_due=parse_date("Summer 2027"),
                status="current",
            )
        ],
    )
    text = render("ics", report, ReportOptions(Registry.with_builtins()))
    (event,) = events(text.encode("utf-8"))
    one_line = " ".join(hostile.split())
    assert str(event["summary"]) == f"{one_line} – {one_line} (review due)"
    assert f"File: {hostile.replace(chr(13), '')}.docx" in str(event["description"])
    assert vobject.readOne(text).vevent.summary.value == str(event["summary"])
    assert all(len(line.encode("utf-8")) <= 75 for line in text.split("\r\n"))


def test_reminder_days_on_the_command_line_wins_over_the_configuration(
    share: Path, tmp_path: Path
) -> None:
    out = tmp_path / "reviews.ics"
    result = CliRunner().invoke(
        main,
        [
            *("check", str(share), "--format", "ics", "-o", str(out), "--reminder-days", "3"),
            *("--as-of", AS_OF.isoformat(), "--jobs", "1", "--no-cache"),
        ],
    )
    assert result.exit_code == 1, result.output
    triggers = []
    for event in events(out.read_bytes()):
        (alarm,) = event.walk("VALARM")
        start = event.decoded("dtstart")
        expected = 3 if start - dt.timedelta(days=3) >= AS_OF else 0
        assert alarm.decoded("trigger") == dt.timedelta(days=-expected)
        triggers.append(alarm.decoded("trigger"))
    # the share's own reminder-days (21) is not used; some events do get the 3 days
    assert dt.timedelta(days=-3) in triggers
    assert dt.timedelta(days=-REMINDER_DAYS) not in triggers


def test_reminder_days_outside_a_year_is_a_usage_error(share: Path, tmp_path: Path) -> None:
    for bad in ("-1", "367", "soon"):
        result = CliRunner().invoke(
            main,
            [
                "check",
                str(share),
                "--format",
                "ics",
                "-o",
                str(tmp_path / "r.ics"),
                "--reminder-days",
                bad,
            ],
        )
        assert result.exit_code == 2, result.output
        assert "--reminder-days" in result.output
    assert not (tmp_path / "r.ics").exists()


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("7 September 2027", "Review due: 7 September 2027"),
        ("07/09/2027", "Review due: 07/09/2027 (7 September 2027)"),
        (
            "Summer 2027",
            "Review due: Summer 2027 (29 March 2027 to 31 August 2027)",
        ),  # Easter Monday,
    ],
)
def test_the_date_as_written_is_given_once_when_it_reads_the_same(written: str, shown: str) -> None:
    report = CheckReport(
        AS_OF,
        [
            DocumentReport(
                path="Oak/Charging Policy.docx",
                kind="charging",
                title="Charging Policy",
                school="Oak",
                review_due=parse_date(written),
                status="current",
            )
        ],
    )
    text = render("ics", report, ReportOptions(Registry.with_builtins()))
    (event,) = events(text.encode("utf-8"))
    assert str(event["description"]).split("\n")[0] == shown
