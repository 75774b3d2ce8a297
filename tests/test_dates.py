"""Dates as UK schools write them (CONTRACT.md, "Dates")."""

from __future__ import annotations

import calendar
import datetime as dt

import pytest
from dateutil.easter import easter
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from policykit.dates import (
    academic_year_bounds,
    add_months,
    find_dates,
    format_date,
    is_not_a_date,
    make_date,
    parse_date,
    term_bounds,
    term_of,
)
from policykit.model import PolicyDate, Precision

D = dt.date
PRECISIONS: tuple[Precision, ...] = ("day", "month", "term", "academic_year", "year")
DATES = st.dates(min_value=D(1950, 1, 1), max_value=D(2150, 12, 31))


def period(text: str) -> tuple[dt.date, dt.date, str]:
    parsed = parse_date(text)
    assert parsed is not None, f"{text!r} should be a date"
    return parsed.start, parsed.end, parsed.precision


# --------------------------------------------------------------------------- parse_date

SEP_2016 = (D(2016, 9, 1), D(2016, 9, 30), "month")
DAY_12_SEP = (D(2016, 9, 12), D(2016, 9, 12), "day")
DAY_1_SEP = (D(2016, 9, 1), D(2016, 9, 1), "day")
AY_2018 = (D(2018, 9, 1), D(2019, 8, 31), "academic_year")
SPRING_2019 = (D(2019, 1, 1), D(2019, 4, 21), "term")  # Easter Sunday 2019: 21 April


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # numeric dates are day-first
        ("01/09/2016", DAY_1_SEP),
        ("1/9/16", DAY_1_SEP),
        ("01.09.2016", DAY_1_SEP),
        ("01-09-2016", DAY_1_SEP),
        ("01.09.16", DAY_1_SEP),
        ("13/01/2020", (D(2020, 1, 13), D(2020, 1, 13), "day")),
        ("2016-09-12", DAY_12_SEP),
        ("2016/09/12", DAY_12_SEP),
        # written days
        ("12th September 2016", DAY_12_SEP),
        ("12 Sept 2016", DAY_12_SEP),
        ("12 Sep 2016", DAY_12_SEP),
        ("12th of September, 2016", DAY_12_SEP),
        ("12-Sep-16", DAY_12_SEP),
        ("12 SEPTEMBER 2016", DAY_12_SEP),
        ("September 12th, 2016", DAY_12_SEP),
        ("Sept. 12 2016", DAY_12_SEP),
        ("Monday 12th September 2016", DAY_12_SEP),
        ("Monday, 12 September 2016", DAY_12_SEP),
        ("Mon 12 Sept 2016", DAY_12_SEP),
        ("1st March 2017", (D(2017, 3, 1), D(2017, 3, 1), "day")),
        ("29 February 2016", (D(2016, 2, 29), D(2016, 2, 29), "day")),
        ("12 September 2016 10:30", DAY_12_SEP),  # dateutil reads the rarer forms
        ("2016-09-12T10:00:00", DAY_12_SEP),
        # months
        ("Sept 2016", SEP_2016),
        ("September 2016", SEP_2016),
        ("september, 2016", SEP_2016),
        ("Sep-16", SEP_2016),
        ("Sep '16", SEP_2016),
        ("Sept. 2016", SEP_2016),
        ("09/2016", SEP_2016),
        ("9/2016", SEP_2016),
        ("February 2016", (D(2016, 2, 1), D(2016, 2, 29), "month")),
        ("Feb 2017", (D(2017, 2, 1), D(2017, 2, 28), "month")),
        ("May 2019", (D(2019, 5, 1), D(2019, 5, 31), "month")),
        # terms
        ("Autumn 2017", (D(2017, 9, 1), D(2017, 12, 31), "term")),
        ("Autumn Term 2017", (D(2017, 9, 1), D(2017, 12, 31), "term")),
        ("autumn term, 2017", (D(2017, 9, 1), D(2017, 12, 31), "term")),
        ("Summer term 2020", (D(2020, 4, 13), D(2020, 8, 31), "term")),  # Easter 2020: 12 April
        ("Spring 2009", (D(2009, 1, 1), D(2009, 4, 12), "term")),  # Easter 2009: 12 April
        ("Spring Term 1 2019", SPRING_2019),
        ("Spring 1 2019", SPRING_2019),
        ("Spring 2 2019", SPRING_2019),
        ("Spring 2018/19", SPRING_2019),
        ("Spring term 2018-19", SPRING_2019),
        ("Summer 2018/19", (D(2019, 4, 22), D(2019, 8, 31), "term")),
        ("Autumn 2018/2019", (D(2018, 9, 1), D(2018, 12, 31), "term")),
        # academic years
        ("2018/2019", AY_2018),
        ("2018/19", AY_2018),
        ("2018-19", AY_2018),
        ("2018 - 2019", AY_2018),
        ("2018–19", AY_2018),  # Word's en dash
        ("Academic year 2018/19", AY_2018),
        ("1999/00", (D(1999, 9, 1), D(2000, 8, 31), "academic_year")),
        # years
        ("2008", (D(2008, 1, 1), D(2008, 12, 31), "year")),
        # surrounding whitespace and punctuation
        ("  (12/09/2016). ", DAY_12_SEP),
        ("Autumn 2017.", (D(2017, 9, 1), D(2017, 12, 31), "term")),
    ],
)
def test_parse_date_forms(text: str, expected: tuple[dt.date, dt.date, str]) -> None:
    assert period(text) == expected


def test_numeric_dates_are_day_first() -> None:
    parsed = parse_date("01/09/2016")
    assert parsed is not None
    assert parsed.start.month == 9  # September, not January
    assert parsed.start.day == 1


def test_month_never_gets_todays_day() -> None:
    parsed = parse_date("September 2016")
    assert parsed is not None
    assert (parsed.start, parsed.end) == (D(2016, 9, 1), D(2016, 9, 30))


def test_text_is_kept_stripped_of_whitespace_only() -> None:
    parsed = parse_date("  Autumn Term, 2017.\n")
    assert parsed is not None
    assert parsed.text == "Autumn Term, 2017."
    assert parsed.inferred is False


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "TBC",
        "tba",
        "N/A",
        "ongoing",
        "Ongoing",
        "to be confirmed",
        "-",
        "none",
        "garbage",
        "Autumn",
        "September",
        "12th September",
        "September 16",  # a day without a year, not "September 2016"
        "31/02/2016",  # no such day
        "30/02/2016",
        "29/02/2017",
        "32/01/2016",
        "01/13/2016",  # day-first: there is no 13th month
        "2018/2020",  # years that don't follow are not an academic year
        "2018/17",
        "Spring 2018/20",
        "1899",
        "2201",
        "1 January 1899",
        "Autumn 2250",
        "1.2.10",  # a section number
        "4-19",
        "12:30",
        "Education Act 2002",
        "£2000",
    ],
)
def test_not_dates_are_none(text: str) -> None:
    assert parse_date(text) is None


def test_cached_results_are_independent_copies() -> None:
    first = parse_date("Autumn 2017")
    assert first is not None
    first.start = D(2000, 1, 1)
    first.inferred = True
    second = parse_date("Autumn 2017")
    assert second is not None
    assert second.start == D(2017, 9, 1)
    assert second.inferred is False
    assert second is not first


# --------------------------------------------------------------------------- is_not_a_date


@pytest.mark.parametrize(
    "text",
    [
        "TBC",
        "tbc",
        "TBA",
        "N/A",
        "n/a",
        "ongoing",
        "Ongoing",
        "To be confirmed",
        "TO BE AGREED",
        "None",
        "-",
        " – ",
        "TBC.",
        "(TBC)",
    ],
)
def test_placeholders_are_not_a_date(text: str) -> None:
    assert is_not_a_date(text)
    assert parse_date(text) is None


@pytest.mark.parametrize("text", ["", "Autumn 2017", "01/09/2016", "garbage", "TBC 2017"])
def test_other_texts_are_not_placeholders(text: str) -> None:
    assert not is_not_a_date(text)


# --------------------------------------------------------------------------- find_dates


def found(text: str) -> list[tuple[str, str]]:
    return [(d.text, d.precision) for _, _, d in find_dates(text)]


def test_find_date_after_label() -> None:
    hits = find_dates("Date of review: Autumn 2021")
    assert len(hits) == 1
    start, end, date = hits[0]
    assert (start, end) == (16, 27)
    assert (date.text, date.start, date.end, date.precision) == (
        "Autumn 2021",
        D(2021, 9, 1),
        D(2021, 12, 31),
        "term",
    )


def test_find_two_dates_longest_match() -> None:
    text = "approved by governors on 12th September 2016 and reviewed in Spring 2018/19"
    hits = find_dates(text)
    assert [(text[s:e], d.precision) for s, e, d in hits] == [
        ("12th September 2016", "day"),
        ("Spring 2018/19", "term"),
    ]
    assert hits[1][2].start == D(2019, 1, 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("4-19 learning community", []),
        ("Education Act 2002 s.21", []),
        ("the Children Act, 1989 applies", []),
        ("the Equality Act 2010 and the Data Protection Regulations 2018", []),
        ("see section 1.2.10 and page 4/5", []),
        ("costs £2000 a year", []),
        ("Policy adopted 2015, reviewed 2017.", [("2015", "year"), ("2017", "year")]),
        ("valid 2018-2020 only", []),  # not an academic year, and not two stray years
        ("on 31/02/2016 exactly", []),  # no such day, and not "02/2016" either
        ("Ref 12345 and 123 and 3000", []),
        ("Reviewed: 01/09/2016; next: Sept 2017", [("01/09/2016", "day"), ("Sept 2017", "month")]),
        ("Academic year 2018/19 plan", [("Academic year 2018/19", "academic_year")]),
        (
            "Autumn Term 2017 - Summer Term 2018",
            [("Autumn Term 2017", "term"), ("Summer Term 2018", "term")],
        ),
        ("Monday 12th September 2016.", [("Monday 12th September 2016", "day")]),
        ("no digits at all, September", []),
    ],
)
def test_find_dates_examples(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


def test_find_dates_offsets_match_text() -> None:
    text = "Approved 12/09/2016 (FGB). Review due Summer 2019 or 2019/20."
    hits = find_dates(text)
    assert [text[s:e] for s, e, _ in hits] == ["12/09/2016", "Summer 2019", "2019/20"]
    for s, e, d in hits:
        assert d.text == text[s:e]


# --------------------------------------------------------------------------- format / make


@pytest.mark.parametrize(
    ("start", "precision", "text"),
    [
        (D(2016, 9, 12), "day", "12 September 2016"),
        (D(2016, 9, 1), "month", "September 2016"),
        (D(2017, 9, 1), "term", "Autumn 2017"),
        (D(2018, 1, 1), "term", "Spring 2018"),
        (D(2018, 4, 2), "term", "Summer 2018"),
        (D(2018, 9, 1), "academic_year", "2018/19"),
        (D(1999, 9, 1), "academic_year", "1999/00"),
        (D(2008, 1, 1), "year", "2008"),
    ],
)
def test_format_date(start: dt.date, precision: Precision, text: str) -> None:
    assert format_date(start, precision) == text


@pytest.mark.parametrize(
    ("day", "precision", "expected"),
    [
        (D(2017, 10, 15), "term", ("Autumn 2017", D(2017, 9, 1), D(2017, 12, 31))),
        (D(2019, 4, 21), "term", ("Spring 2019", D(2019, 1, 1), D(2019, 4, 21))),
        (D(2019, 4, 22), "term", ("Summer 2019", D(2019, 4, 22), D(2019, 8, 31))),
        (D(2019, 3, 5), "academic_year", ("2018/19", D(2018, 9, 1), D(2019, 8, 31))),
        (D(2016, 2, 10), "month", ("February 2016", D(2016, 2, 1), D(2016, 2, 29))),
        (D(2016, 2, 10), "year", ("2016", D(2016, 1, 1), D(2016, 12, 31))),
        (D(2016, 2, 10), "day", ("10 February 2016", D(2016, 2, 10), D(2016, 2, 10))),
    ],
)
def test_make_date(
    day: dt.date, precision: Precision, expected: tuple[str, dt.date, dt.date]
) -> None:
    made = make_date(day, precision, inferred=True)
    assert (made.text, made.start, made.end) == expected
    assert made.precision == precision
    assert made.inferred is True
    assert make_date(day, precision).inferred is False


# --------------------------------------------------------------------------- add_months


@pytest.mark.parametrize(
    ("text", "months", "expected"),
    [
        ("Autumn 2017", 48, "Autumn 2021"),
        ("Autumn Term 2017", 12, "Autumn 2018"),
        ("Summer 2018", 12, "Summer 2019"),  # different Easters, same term
        ("Spring 2018", 24, "Spring 2020"),
        ("Spring 2018", 4, "Summer 2018"),
        ("Summer 2018", 4, "Autumn 2018"),
        ("Autumn 2018", 4, "Spring 2019"),
        ("Autumn 2018", 6, "Spring 2019"),
        ("Autumn 2018", -12, "Autumn 2017"),
        ("September 2016", 12, "September 2017"),
        ("Sept 2016", 6, "March 2017"),
        ("2018/19", 12, "2019/20"),
        ("2018-19", 36, "2021/22"),
        ("2008", 24, "2010"),
        ("12/09/2016", 12, "12 September 2017"),
        ("31/01/2016", 1, "29 February 2016"),
        ("31/01/2017", 1, "28 February 2017"),
    ],
)
def test_add_months(text: str, months: int, expected: str) -> None:
    original = parse_date(text)
    assert original is not None
    moved = add_months(original, months)
    assert moved.text == expected
    assert moved.inferred is True
    assert moved.precision == original.precision
    assert period(expected) == (moved.start, moved.end, moved.precision)


# --------------------------------------------------------------------------- terms


def test_term_bounds_and_term_of() -> None:
    assert term_bounds("Autumn", 2017) == (D(2017, 9, 1), D(2017, 12, 31))
    assert term_bounds("spring", 2019) == (D(2019, 1, 1), D(2019, 4, 21))
    assert term_bounds("Summer", 2019) == (D(2019, 4, 22), D(2019, 8, 31))
    assert term_of(D(2019, 4, 21)) == ("Spring", 2019)
    assert term_of(D(2019, 4, 22)) == ("Summer", 2019)
    assert term_of(D(2019, 8, 31)) == ("Summer", 2019)
    assert term_of(D(2019, 9, 1)) == ("Autumn", 2019)
    assert academic_year_bounds(2018) == (D(2018, 9, 1), D(2019, 8, 31))
    with pytest.raises(ValueError):
        term_bounds("Winter", 2019)


@given(st.integers(min_value=1900, max_value=2200))
def test_terms_tile_the_calendar_year(year: int) -> None:
    spring, summer, autumn = (term_bounds(t, year) for t in ("Spring", "Summer", "Autumn"))
    one_day = dt.timedelta(days=1)
    assert spring[0] == D(year, 1, 1)
    assert spring[1] == easter(year)
    assert summer[0] == spring[1] + one_day
    assert autumn[0] == summer[1] + one_day == D(year, 9, 1)
    assert autumn[1] == D(year, 12, 31)
    for first, last in (spring, summer, autumn):
        assert first <= last


@given(DATES)
def test_term_of_agrees_with_term_bounds(day: dt.date) -> None:
    term, year = term_of(day)
    assert year == day.year
    first, last = term_bounds(term, year)
    assert first <= day <= last


# --------------------------------------------------------------------------- properties

_WORDS = [
    "12th", "1st", "31", "29", "September", "Sept", "Sept.", "feb", "May", "Monday", "of",
    "Autumn", "spring", "Summer", "term", "Term", "1", "2", "2016", "2018", "16", "19",
    "2018/19", "2018-19", "01/09/2016", "31/02/2016", "09/2016", "Act", "Academic", "year",
    "TBC", "N/A", ",", ".", "-", "/", "'", "–", "(", ")", "2200", "1899", "00", "9999",
]  # fmt: skip
DATEISH = st.lists(st.sampled_from(_WORDS), max_size=8).map(" ".join) | st.lists(
    st.sampled_from(_WORDS), max_size=8
).map("".join)


@given(st.text(max_size=60) | DATEISH)
def test_parse_date_never_raises_and_is_ordered(text: str) -> None:
    parsed = parse_date(text)
    if parsed is not None:
        assert isinstance(parsed, PolicyDate)
        assert parsed.start <= parsed.end
        assert parsed.text == text.strip()
        assert D(1900, 1, 1) <= parsed.start
        assert parsed.end <= D(2201, 12, 31)


@given(st.text(max_size=120) | DATEISH)
def test_find_dates_never_raises_and_spans_are_ordered(text: str) -> None:
    last_end = 0
    for start, end, date in find_dates(text):
        assert last_end <= start < end <= len(text)
        assert date.text == text[start:end]
        assert date.start <= date.end
        last_end = end


@given(DATES, st.sampled_from(PRECISIONS))
def test_formatted_dates_parse_back(day: dt.date, precision: Precision) -> None:
    made = make_date(day, precision)
    assert made.start <= day <= made.end
    text = format_date(made.start, precision)
    assert text == made.text
    assert period(text) == (made.start, made.end, precision)
    # ... and are found, whole, in running text (a bare year there only as 19xx/20xx)
    hits = find_dates(f"Review due {text}.")
    expected = [(made.start, made.end, precision)]
    if precision == "year" and not 1900 <= day.year <= 2099:
        expected = []
    assert [(d.start, d.end, d.precision) for _, _, d in hits] == expected


@given(
    st.integers(min_value=1950, max_value=2150),
    st.integers(min_value=1, max_value=12),
    st.sampled_from(["{full} {y}", "{abbr} {y}", "{full}, {y}", "{m:02d}/{y}", "{m}/{y}"]),
)
def test_a_month_is_the_whole_month(year: int, month: int, form: str) -> None:
    text = form.format(
        full=calendar.month_name[month], abbr=calendar.month_abbr[month], y=year, m=month
    )
    last = calendar.monthrange(year, month)[1]
    assert period(text) == (D(year, month, 1), D(year, month, last), "month")


@given(DATES, st.sampled_from(PRECISIONS), st.integers(min_value=-120, max_value=120))
def test_add_months_keeps_precision(day: dt.date, precision: Precision, months: int) -> None:
    original = make_date(day, precision)
    moved = add_months(original, months)
    assert moved.precision == precision
    assert moved.inferred is True
    assert period(moved.text) == (moved.start, moved.end, precision)
    if precision == "day":
        assert moved.start == day + relativedelta(months=months)
    if precision == "month":
        assert moved.start == original.start + relativedelta(months=months)


@given(DATES, st.integers(min_value=-10, max_value=10))
def test_add_whole_years_to_a_term_keeps_its_name(day: dt.date, years: int) -> None:
    original = make_date(day, "term")
    moved = add_months(original, 12 * years)
    term, year = term_of(original.start)
    assert term_of(moved.start) == (term, year + years)
    assert moved.text == f"{term} {year + years}"


@given(DATES)
def test_terms_follow_each_other_in_four_month_steps(day: dt.date) -> None:
    term = make_date(day, "term")
    following = add_months(term, 4)
    assert following.start == term.end + dt.timedelta(days=1)
