"""UK school date forms and the periods they name (CONTRACT.md, "Dates").

This is the generator's own, independent implementation of the contract's
term rules: Autumn = 1 Sep to 31 Dec; Spring = 1 Jan to Easter Sunday;
Summer = Easter Monday to 31 Aug; a month runs from its 1st to its last day;
an academic year from 1 Sep to 31 Aug.
"""

from __future__ import annotations

import calendar
import datetime as dt
import random
from dataclasses import dataclass, replace
from typing import Literal

from dateutil.easter import easter
from dateutil.relativedelta import relativedelta

Precision = Literal["day", "month", "term", "academic_year", "year"]
Term = Literal["Autumn", "Spring", "Summer"]

MONTHS = [calendar.month_name[m] for m in range(1, 13)]
MONTH_ABBR = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sept", "Oct", "Nov", "Dec"]


@dataclass(frozen=True)
class Period:
    """The period a written date names, with both ends inclusive."""

    text: str
    start: dt.date
    end: dt.date
    precision: Precision

    def truth(self) -> dict[str, str]:
        return {"start": self.start.isoformat(), "end": self.end.isoformat()}


def term_of(day: dt.date) -> tuple[Term, int]:
    """The term containing ``day`` and its calendar year."""
    if day.month >= 9:
        return "Autumn", day.year
    if day <= easter(day.year):
        return "Spring", day.year
    return "Summer", day.year


def term_bounds(term: Term, year: int) -> tuple[dt.date, dt.date]:
    if term == "Autumn":
        return dt.date(year, 9, 1), dt.date(year, 12, 31)
    if term == "Spring":
        return dt.date(year, 1, 1), easter(year)
    return easter(year) + dt.timedelta(days=1), dt.date(year, 8, 31)


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def academic_year_of(day: dt.date) -> int:
    """The calendar year in which the academic year containing ``day`` starts."""
    return day.year if day.month >= 9 else day.year - 1


def ordinal(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th') }"


# --- the written forms -------------------------------------------------------

DAY_FORMS = ("dd/mm/yyyy", "d/m/yyyy", "dd.mm.yyyy", "ordinal", "plain", "iso", "weekday")
MONTH_FORMS = ("full", "sept", "abbr")
TERM_FORMS = ("term", "term-term", "term-lower", "term-ay")
AY_FORMS = ("yyyy/yy", "yyyy/yyyy", "yyyy-yy")


def day_text(day: dt.date, form: str) -> str:
    month = MONTHS[day.month - 1]
    match form:
        case "dd/mm/yyyy":
            return day.strftime("%d/%m/%Y")
        case "d/m/yyyy":
            return f"{day.day}/{day.month}/{day.year}"
        case "dd.mm.yyyy":
            return day.strftime("%d.%m.%Y")
        case "ordinal":
            return f"{ordinal(day.day)} {month} {day.year}"
        case "plain":
            return f"{day.day} {month} {day.year}"
        case "iso":
            return day.isoformat()
        case "weekday":
            return f"{calendar.day_name[day.weekday()]} {ordinal(day.day)} {month} {day.year}"
    raise ValueError(form)


def month_text(day: dt.date, form: str) -> str:
    if form == "full":
        return f"{MONTHS[day.month - 1]} {day.year}"
    if form == "sept":
        return f"{MONTH_ABBR[day.month - 1]} {day.year}"
    return f"{calendar.month_abbr[day.month]} {day.year}"


def term_text(term: Term, year: int, form: str) -> str:
    match form:
        case "term":
            return f"{term} {year}"
        case "term-term":
            return f"{term} Term {year}"
        case "term-lower":
            return f"{term} term {year}"
        case "term-ay":
            start = year if term == "Autumn" else year - 1
            return f"{term} {start}/{(start + 1) % 100:02d}"
    raise ValueError(form)


def ay_text(start_year: int, form: str) -> str:
    end = start_year + 1
    if form == "yyyy/yy":
        return f"{start_year}/{end % 100:02d}"
    if form == "yyyy/yyyy":
        return f"{start_year}/{end}"
    return f"{start_year}-{end % 100:02d}"


def period_for(day: dt.date, precision: Precision, form: str) -> Period:
    """The period of ``precision`` containing ``day``, written in ``form``."""
    if precision == "day":
        return Period(day_text(day, form), day, day, "day")
    if precision == "month":
        start, end = month_bounds(day.year, day.month)
        return Period(month_text(day, form), start, end, "month")
    if precision == "term":
        term, year = term_of(day)
        start, end = term_bounds(term, year)
        return Period(term_text(term, year, form), start, end, "term")
    if precision == "academic_year":
        year = academic_year_of(day)
        return Period(
            ay_text(year, form), dt.date(year, 9, 1), dt.date(year + 1, 8, 31), "academic_year"
        )
    return Period(str(day.year), dt.date(day.year, 1, 1), dt.date(day.year, 12, 31), "year")


def random_period(rng: random.Random, day: dt.date, *, allow_year: bool = True) -> Period:
    """``day`` written in one of the UK school forms, drawn at random."""
    kinds: list[tuple[Precision, float]] = [
        ("day", 0.34),
        ("month", 0.28),
        ("term", 0.28),
        ("academic_year", 0.06),
    ]
    if allow_year:
        kinds.append(("year", 0.04))
    precision = rng.choices([k for k, _ in kinds], [w for _, w in kinds])[0]
    forms = {
        "day": DAY_FORMS,
        "month": MONTH_FORMS,
        "term": TERM_FORMS,
        "academic_year": AY_FORMS,
        "year": ("yyyy",),
    }[precision]
    weights = {"day": (4, 1, 1, 4, 2, 1, 1), "month": (5, 2, 1), "term": (5, 2, 1, 1)}
    form = rng.choices(forms, weights.get(precision, [1] * len(forms)))[0]
    return period_for(day, precision, form)


def add_months(period: Period, months: int) -> Period:
    """The same kind of period ``months`` later (the inferred next review).

    Terms, academic years and years move by whole years, so ``months`` must
    then be a multiple of 12 (review cycles always are here).
    """
    if period.precision == "day":
        day = period.start + relativedelta(months=months)
        return replace(period, start=day, end=day)
    if period.precision == "month":
        first = period.start + relativedelta(months=months)
        start, end = month_bounds(first.year, first.month)
        return replace(period, start=start, end=end)
    if months % 12:
        raise ValueError(f"cannot move a {period.precision} by {months} months")
    years = months // 12
    if period.precision == "term":
        term, year = term_of(period.start)
        start, end = term_bounds(term, year + years)
        return replace(period, start=start, end=end)
    return replace(
        period,
        start=period.start.replace(year=period.start.year + years),
        end=period.end.replace(year=period.end.year + years),
    )
