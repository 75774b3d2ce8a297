"""A new date written in the document's own style reads back as the period holding the day."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policykit.dates import parse_date
from policykit.edit.datestyle import date_style

SAMPLES = [
    "23/09/2014",
    "1/9/14",
    "01.09.2025",
    "30-11-2026",
    "2024-03-17",
    "12th September 2016",
    "Wednesday 2nd April 2014",
    "1st of September, 2025",
    "12 Sept. 2016",
    "3 Mar 2020",
    "September 2016",
    "Sept 2025",
    "SEPTEMBER 2025",
    "Autumn 2017",
    "Autumn Term 2025",
    "spring term 2009",
    "Summer 2016/17",
    "Spring 2018/2019",
    "2018/19",
    "2014/2015",
    "2013-14",
    "2008",
]


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Autumn 2025", "Autumn 2026"),
        ("01/09/2025", "30/11/2026"),
        ("September 2025", "November 2026"),
        ("Autumn Term 2017", "Autumn Term 2026"),
        ("Sept 2016", "Nov 2026"),
        ("12 Sept. 2016", "30 Nov. 2026"),
        ("1st September 2016", "30th November 2026"),
        ("2018/19", "2026/27"),
        ("2018/2019", "2026/2027"),
        ("Spring 2018/19", "Autumn 2026/27"),
        ("2024-03-17", "2026-11-30"),
        ("1/9/14", "30/11/26"),
        ("SPRING 2009", "AUTUMN 2026"),
    ],
)
def test_the_documents_own_style(written: str, expected: str) -> None:
    style = date_style(written)
    assert style is not None
    assert style.write(dt.date(2026, 11, 30)) == expected


def test_no_date_no_style() -> None:
    assert date_style("TBC") is None
    assert date_style("") is None


@settings(max_examples=300, deadline=None)
@given(
    written=st.sampled_from(SAMPLES),
    day=st.dates(min_value=dt.date(2001, 1, 1), max_value=dt.date(2068, 12, 31)),
)
def test_what_is_written_reads_back_as_the_period_holding_the_day(
    written: str, day: dt.date
) -> None:
    style = date_style(written)
    assert style is not None
    text = style.write(day)
    found = parse_date(text)
    assert found is not None, text
    assert found.start <= day <= found.end, (written, text, found)
    assert found.precision == style.precision
    # the text's own style writes the same day the same way
    again = date_style(text)
    assert again is not None
    assert again.write(day) == text
