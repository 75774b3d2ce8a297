"""PK201-PK207: approval and review dates."""

from __future__ import annotations

import datetime as dt

import pytest

from policykit.model import Review
from policykit.recognise.result import FieldValue, Notice

from .helpers import (
    date,
    hits,
    make,
)

# --------------------------------------------------------------------------- PK201-PK207


def test_pk201_wootton_park_lapsed_september_2019() -> None:
    result = make(
        approved=date("September 2016"),
        review_due=date("September 2019"),
        paragraphs=[(2, "Title", None), (12, "Review Date", None), (13, "September 2019", None)],
        fields=[FieldValue("review_due", "September 2019", "table", 2)],
    )
    (hit,) = hits("PK201", result)
    assert "September 2019" in hit.message
    assert hit.paragraph == 13  # the cell holding the date, not the table's first cell


@pytest.mark.parametrize(
    ("due", "as_of", "lapsed"),
    [
        ("September 2019", dt.date(2019, 9, 30), False),  # the last day of the period
        ("September 2019", dt.date(2019, 10, 1), True),
        ("Autumn 2021", dt.date(2021, 12, 31), False),
        ("Autumn 2021", dt.date(2022, 1, 1), True),
        ("2018/19", dt.date(2019, 8, 31), False),
        ("2018/19", dt.date(2019, 9, 1), True),
        ("12/09/2016", dt.date(2016, 9, 13), True),  # day-first: 12 September
    ],
)
def test_pk201_lapses_only_after_the_whole_period(due: str, as_of: dt.date, lapsed: bool) -> None:
    assert bool(hits("PK201", make(review_due=date(due)), as_of=as_of)) is lapsed


def test_pk201_says_when_the_date_was_inferred() -> None:
    due = date("Autumn 2021").model_copy(update={"inferred": True})
    result = make(
        review_due=due,
        review_cycle_months=48,
        reviews=[Review(date=date("Autumn 2017"), signed_by="A")],
        paragraphs=[(4, "Autumn 2017", None)],
    )
    (hit,) = hits("PK201", result)
    assert "inferred" in hit.message and hit.paragraph == 4


@pytest.mark.parametrize(
    ("due", "as_of", "days", "soon"),
    [
        ("January 2027", dt.date(2026, 11, 22), 60, True),  # starts in 40 days
        ("February 2027", dt.date(2026, 11, 22), 60, False),  # 71 days
        ("February 2027", dt.date(2026, 11, 22), 90, True),
        ("Autumn 2026", dt.date(2026, 11, 22), 60, True),  # begun, not over: due now
        ("September 2026", dt.date(2026, 11, 22), 60, False),  # lapsed: PK201's
    ],
)
def test_pk202_due_soon(due: str, as_of: dt.date, days: int, soon: bool) -> None:
    found = hits("PK202", make(review_due=date(due)), as_of=as_of, due_soon_days=days)
    assert bool(found) is soon


def test_pk203_and_pk204_when_dates_are_absent() -> None:
    result = make()
    assert len(hits("PK203", result)) == 1
    assert len(hits("PK204", result)) == 1
    dated = make(approved=date("May 2024"), review_due=date("May 2027"))
    assert hits("PK203", dated) == [] and hits("PK204", dated) == []


def test_pk203_pk204_leave_unreadable_dates_to_pk207() -> None:
    result = make(
        fields=[
            FieldValue("review_due", "TBC", "line", 3),
            FieldValue("approved", "Sprig 2019", "line", 2),
        ],
        notices=[
            Notice("date-not-a-date", "review_due: 'TBC' is not a date", "review_due", 3),
            Notice(
                "date-unparseable", "approved: cannot read 'Sprig 2019' as a date", "approved", 2
            ),
        ],
        paragraphs=[(2, "Approved: Sprig 2019", None), (3, "Review date: TBC", None)],
    )
    assert hits("PK203", result) == [] and hits("PK204", result) == []
    found = hits("PK207", result)
    assert [(h.paragraph, h.message) for h in found] == [
        (3, "the review date 'TBC' is not a date"),
        (2, "the approval date 'Sprig 2019' is not a date"),
    ]


def test_pk205_review_before_approval() -> None:
    (hit,) = hits("PK205", make(approved=date("March 2024"), review_due=date("March 2023")))
    assert "March 2023" in hit.message and "March 2024" in hit.message
    assert hits("PK205", make(approved=date("March 2024"), review_due=date("March 2024"))) == []


@pytest.mark.parametrize(
    ("approved", "due", "cycle", "mismatch"),
    [
        ("September 2016", "September 2019", 12, True),  # Wootton Park
        ("September 2016", "September 2017", 12, False),
        ("September 2016", "November 2017", 12, False),  # within two months
        ("September 2016", "March 2018", 12, True),
        ("September 2016", "September 2019", 36, False),
        ("September 2016", "September 2017", 36, True),  # reviewed sooner than stated
        ("2016", "2017", 12, False),  # year precision: anything from 0 to 24 months
        ("Summer 2016", "Summer 2017", 12, False),
        ("Autumn 2017", "Autumn 2021", 48, False),
        ("01/09/2016", "01/09/2018", 24, False),
    ],
)
def test_pk206_cycle_against_gap(approved: str, due: str, cycle: int, mismatch: bool) -> None:
    result = make(approved=date(approved), review_due=date(due), review_cycle_months=cycle)
    assert bool(hits("PK206", result)) is mismatch


def test_pk206_wootton_park_message_and_location() -> None:
    result = make(
        approved=date("September 2016"),
        review_due=date("September 2019"),
        review_cycle_months=12,
        paragraphs=[(62, "This policy will be reviewed annually.", "review")],
    )
    (hit,) = hits("PK206", result)
    assert "annually" in hit.message and "36 months" in hit.message
    assert (hit.section, hit.paragraph) == ("review", 62)


def test_pk206_skips_an_inferred_review_date_and_counts_from_a_later_review() -> None:
    inferred = date("September 2017").model_copy(update={"inferred": True})
    assert (
        hits(
            "PK206",
            make(approved=date("September 2016"), review_due=inferred, review_cycle_months=12),
        )
        == []
    )
    reviewed = make(
        approved=date("September 2016"),
        review_due=date("September 2019"),
        review_cycle_months=12,
        reviews=[Review(date=date("September 2018"), signed_by="J. Bishop")],
    )
    assert hits("PK206", reviewed) == []
