"""Dates as UK schools write them: days, months, terms, academic years and years.

Every date is a period (``start`` to ``end``, both inclusive) with a precision:

* ``day``: ``01/09/2016`` (day-first), ``2016-09-12``, ``12th September 2016``,
  ``September 12th, 2016``, ``Monday 12th September 2016``;
* ``month``: ``Sept 2016``, ``September 2016``, ``Sep-16``, ``09/2016`` (the 1st to
  the last day of the month, never today's day);
* ``term``: ``Autumn 2017``, ``Spring Term 1 2019``, ``Spring 2018/19``. Autumn is
  1 Sep to 31 Dec, Spring 1 Jan to Easter Sunday and Summer Easter Monday to 31 Aug
  of one calendar year, so the three terms tile the year;
* ``academic_year``: ``2018/19``, ``2018-2019``, ``Academic year 2018/19`` (1 Sep
  2018 to 31 Aug 2019);
* ``year``: ``2008``.

Common forms are read with regular expressions compiled once at import;
``dateutil`` reads the rarer whole-text forms (``12 September 2016 10:30``) and
supplies Easter. Two-digit years are read as 1970-2069. Years outside 1900-2200
are not dates.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from collections.abc import Callable
from typing import Final, TypeAlias

from dateutil import parser as _du_parser
from dateutil.easter import easter as _easter
from dateutil.relativedelta import relativedelta

from policykit.model import Policy, PolicyDate, Precision

__all__ = [
    "academic_year_bounds",
    "add_months",
    "date_spans",
    "find_dates",
    "format_date",
    "is_date",
    "is_not_a_date",
    "make_date",
    "may_contain_date",
    "parse_date",
    "term_bounds",
    "term_of",
]

MIN_YEAR: Final = 1900
MAX_YEAR: Final = 2200

TERMS: Final = ("Spring", "Summer", "Autumn")
"""The terms in calendar order."""

_MONTH_NAMES: Final = tuple(calendar.month_name)  # "", "January", ..., "December"
_MONTH_BY_PREFIX: Final = {name[:3].lower(): i for i, name in enumerate(_MONTH_NAMES) if name}

# (start, end, precision) of a parsed period, or None for "matched, but not a date".
_Period: TypeAlias = tuple[dt.date, dt.date, Precision]

# --------------------------------------------------------------------------- bounds


@functools.lru_cache(maxsize=512)
def _easter_sunday(year: int) -> dt.date:
    return _easter(year)


def term_bounds(term: str, year: int) -> tuple[dt.date, dt.date]:
    """First and last day of ``term`` ("Autumn", "Spring" or "Summer") of calendar ``year``.

    Spring is 1 January to Easter Sunday, Summer Easter Monday to 31 August and
    Autumn 1 September to 31 December. Raises ``ValueError`` for another term name.
    """
    name = term.strip().capitalize()
    if name == "Autumn":
        return dt.date(year, 9, 1), dt.date(year, 12, 31)
    if name == "Spring":
        return dt.date(year, 1, 1), _easter_sunday(year)
    if name == "Summer":
        return _easter_sunday(year) + dt.timedelta(days=1), dt.date(year, 8, 31)
    raise ValueError(f"unknown term {term!r}: expected Autumn, Spring or Summer")


def academic_year_bounds(first_year: int) -> tuple[dt.date, dt.date]:
    """1 September of ``first_year`` to 31 August of the year after."""
    return dt.date(first_year, 9, 1), dt.date(first_year + 1, 8, 31)


def term_of(day: dt.date) -> tuple[str, int]:
    """The term ("Autumn", "Spring" or "Summer") and calendar year ``day`` falls in."""
    if day.month >= 9:
        return "Autumn", day.year
    if day <= _easter_sunday(day.year):
        return "Spring", day.year
    return "Summer", day.year


def _academic_first_year(day: dt.date) -> int:
    return day.year if day.month >= 9 else day.year - 1


def _month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def _period_containing(day: dt.date, precision: Precision) -> tuple[dt.date, dt.date]:
    if precision == "day":
        return day, day
    if precision == "month":
        return _month_bounds(day.year, day.month)
    if precision == "term":
        return term_bounds(*term_of(day))
    if precision == "academic_year":
        return academic_year_bounds(_academic_first_year(day))
    if precision == "year":
        return dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)
    raise ValueError(f"unknown precision {precision!r}")


# --------------------------------------------------------------------------- formatting


def format_date(start: dt.date, precision: Precision) -> str:
    """Canonical text of the period of ``precision`` beginning at (or containing) ``start``.

    ``12 September 2016``, ``September 2016``, ``Autumn 2017``, ``2018/19``, ``2008``.
    ``parse_date`` reads every result back to the same period.
    """
    if precision == "day":
        return f"{start.day} {_MONTH_NAMES[start.month]} {start.year}"
    if precision == "month":
        return f"{_MONTH_NAMES[start.month]} {start.year}"
    if precision == "term":
        term, year = term_of(start)
        return f"{term} {year}"
    if precision == "academic_year":
        first = _academic_first_year(start)
        return f"{first}/{(first + 1) % 100:02d}"
    if precision == "year":
        return str(start.year)
    raise ValueError(f"unknown precision {precision!r}")


def make_date(start: dt.date, precision: Precision, *, inferred: bool = False) -> PolicyDate:
    """The period of ``precision`` containing ``start``, with canonical text."""
    first, last = _period_containing(start, precision)
    return PolicyDate(
        text=format_date(first, precision),
        start=first,
        end=last,
        precision=precision,
        inferred=inferred,
    )


def add_months(d: PolicyDate, months: int) -> PolicyDate:
    """The same kind of period ``months`` later (earlier if negative), marked inferred.

    For "next review" = last review + review cycle: ``Autumn 2017`` + 48 is
    ``Autumn 2021``, ``September 2016`` + 12 is ``September 2017``, ``2018/19`` + 12
    is ``2019/20``; a day moves by calendar months (31 January + 1 is the last day of
    February). A term moves as a four-month block (Spring ~ January-April, Summer ~
    May-August, Autumn ~ September-December), so whole years keep the term's name.
    """
    if d.precision == "term":
        term, year = term_of(d.start)
        index = year * 12 + 4 * TERMS.index(term) + months
        new_year, month0 = divmod(index, 12)
        return make_date(term_bounds(TERMS[month0 // 4], new_year)[0], "term", inferred=True)
    moved = d.start + relativedelta(months=months)
    return make_date(moved, d.precision, inferred=True)


# --------------------------------------------------------------------------- placeholders

_NOT_A_DATE: Final = frozenset(
    {
        "tbc",
        "tba",
        "tbd",
        "n/a",
        "n.a",
        "na",
        "not applicable",
        "ongoing",
        "on-going",
        "on going",
        "to be confirmed",
        "to be agreed",
        "to be arranged",
        "to be decided",
        "to be announced",
        "none",
        "nil",
    }
)
_DASHES_ONLY: Final = re.compile(r"[\s\-‐‑‒–—―]+")
_PLACEHOLDER_STRIP: Final = " \t\r\n\u00a0\u202f.,;:!?()[]{}\"'“”‘’*"
_SPACES: Final = re.compile(r"\s+")


def is_not_a_date(text: str) -> bool:
    """True for placeholders written where a date belongs: TBC, TBA, N/A, ongoing,
    to be confirmed, to be agreed, none, "-" (any case). An empty text is not a
    placeholder (it is simply missing)."""
    if _DASHES_ONLY.fullmatch(text):
        return True
    key = _SPACES.sub(" ", text.strip(_PLACEHOLDER_STRIP)).lower()
    return key in _NOT_A_DATE


# --------------------------------------------------------------------------- patterns

_FLAGS: Final = re.IGNORECASE
_MONTH: Final = (
    r"(?:jan(?:uary)?|feb(?:ruary|uary|urary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?"
    r"|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)(?![^\W\d_])"
)
_WEEKDAY: Final = (
    r"(?:(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday"
    r"|mon|tues|tue|weds|wed|thurs|thur|thu|fri|sat|sun)\.?,?\s+(?:the\s+)?)?"
)
_DAY: Final = r"(?P<d>3[01]|[12][0-9]|0?[1-9])"
_ORD: Final = r"(?:\s?(?:st|nd|rd|th))?"
_SEP: Final = r"(?:(?:\s*[.,/\-'’]){1,2}\s*|\s+)"  # between words: "12 Sept. 2016", "12-Sep-16"
_DASH: Final = r"\s*[/\-‐‑–—]\s*"  # between years: "2018/19", "2018 – 2019"
_Y4: Final = r"[0-9]{4}"
_NUM_LB: Final = r"(?<![\w/.\-])"  # a number not continuing another number or word
_END: Final = r"(?![\w]|[./\-][0-9])"  # ... and not continued either

_DMY_WORDS: Final = re.compile(
    rf"(?<![\w/.\-]){_WEEKDAY}{_DAY}{_ORD}(?:\s+of)?{_SEP}(?P<mon>{_MONTH}){_SEP}"
    rf"(?P<y>{_Y4}|[0-9]{{2}}){_END}",
    _FLAGS,
)
_MDY_WORDS: Final = re.compile(
    rf"\b{_WEEKDAY}(?P<mon>{_MONTH}){_SEP}(?:the\s+)?{_DAY}{_ORD}{_SEP}(?P<y>{_Y4}){_END}",
    _FLAGS,
)
_DMY_NUM: Final = re.compile(
    rf"{_NUM_LB}{_DAY}(?P<sep>[/.\-])(?P<m>1[0-2]|0?[1-9])(?P=sep)(?P<y>{_Y4}|[0-9]{{2}}){_END}",
    _FLAGS,
)
_YMD_NUM: Final = re.compile(
    rf"{_NUM_LB}(?P<y>{_Y4})(?P<sep>[/.\-])(?P<m>1[0-2]|0?[1-9])(?P=sep){_DAY}"
    rf"(?:(?=T[0-9])|{_END})",  # "2016-09-12T10:00"
    _FLAGS,
)
_MY_WORDS: Final = re.compile(
    rf"\b(?P<mon>{_MONTH})(?:{_SEP}(?:of\s+)?(?P<y>{_Y4})"
    rf"|\s*[/\-'’]\s*['’]?(?P<yy>[0-9]{{2}})){_END}",
    _FLAGS,
)
_MY_NUM: Final = re.compile(rf"{_NUM_LB}(?P<m>1[0-2]|0?[1-9])[/.\-](?P<y>{_Y4}){_END}", _FLAGS)
_TERM: Final = re.compile(
    rf"\b(?P<term>autumn|spring|summer)(?:\s+term)?(?:\s*(?P<half>[12])(?![0-9]))?"
    rf"(?:\s*,\s*|\s+)(?:of\s+)?(?P<y1>{_Y4})(?:{_DASH}(?P<y2>{_Y4}|[0-9]{{2}}))?{_END}",
    _FLAGS,
)
_ACADEMIC: Final = re.compile(
    rf"(?:\bacademic\s+year\s*:?\s*|{_NUM_LB})"
    rf"(?P<y1>{_Y4}){_DASH}(?P<y2>{_Y4}|[0-9]{{2}}){_END}",
    _FLAGS,
)
_YEAR: Final = re.compile(rf"(?<![\w/.\-£$€#№])(?P<y>{_Y4}){_END}")  # not "£2000"
# Statute titles are not dates: "Education Act 2002", "... Regulations 2014".
_STATUTE_BEFORE: Final = re.compile(r"\b(?:Acts?|Regulations|Order|Bill|Measure|Rules)\s*,?\s*$")


def _year(text: str) -> int:
    """A written year; two digits are 1970-2069."""
    value = int(text)
    if len(text) == 2:
        return value + (2000 if value < 70 else 1900)
    return value


def _in_range(*years: int) -> bool:
    return all(MIN_YEAR <= y <= MAX_YEAR for y in years)


def _day(year: int, month: int, day: int) -> _Period | None:
    if not _in_range(year):
        return None
    try:
        value = dt.date(year, month, day)
    except ValueError:  # 31/02/2016
        return None
    return value, value, "day"


def _month(year: int, month: int) -> _Period | None:
    if not _in_range(year):
        return None
    first, last = _month_bounds(year, month)
    return first, last, "month"


def _month_number(name: str) -> int:
    return _MONTH_BY_PREFIX[name[:3].lower()]


def _conv_day_words(m: re.Match[str]) -> _Period | None:
    return _day(_year(m["y"]), _month_number(m["mon"]), int(m["d"]))


def _conv_dmy_num(m: re.Match[str]) -> _Period | None:
    day, month, year = m["d"], m["m"], m["y"]
    # "1.2.10" is a section number; a dotted date with a short year is written in full.
    if m["sep"] == "." and len(year) == 2 and (len(day) != 2 or len(month) != 2):
        return None
    return _day(_year(year), int(month), int(day))


def _conv_ymd_num(m: re.Match[str]) -> _Period | None:
    return _day(int(m["y"]), int(m["m"]), int(m["d"]))


def _conv_my_words(m: re.Match[str]) -> _Period | None:
    year = m["y"] or m["yy"]
    return _month(_year(year), _month_number(m["mon"]))


def _conv_my_num(m: re.Match[str]) -> _Period | None:
    return _month(int(m["y"]), int(m["m"]))


def _academic_pair(first_text: str, second_text: str) -> int | None:
    """The first year of the academic year ``first/second``, or None if they don't follow."""
    first = int(first_text)
    second = int(second_text)
    follows = second == first + 1 if len(second_text) == 4 else second == (first + 1) % 100
    if not follows or not _in_range(first, first + 1):
        return None
    return first


def _conv_term(m: re.Match[str]) -> _Period | None:
    term = m["term"].capitalize()
    if m["y2"] is None:
        year = int(m["y1"])
        if not _in_range(year):
            return None
    else:
        first = _academic_pair(m["y1"], m["y2"])
        if first is None:
            return None
        year = first if term == "Autumn" else first + 1
    start, end = term_bounds(term, year)
    return start, end, "term"


def _conv_academic(m: re.Match[str]) -> _Period | None:
    first = _academic_pair(m["y1"], m["y2"])
    if first is None:
        return None
    start, end = academic_year_bounds(first)
    return start, end, "academic_year"


def _conv_year(m: re.Match[str]) -> _Period | None:
    year = int(m["y"])
    if not _in_range(year):
        return None
    return dt.date(year, 1, 1), dt.date(year, 12, 31), "year"


_Converter: TypeAlias = Callable[[re.Match[str]], _Period | None]

# Most specific first: parse_date takes the first whole-text match. The third item
# names what the pattern needs ("month": a month name, "term": a term name, "year":
# four digits in a row), so find_dates can skip it cheaply.
_PATTERNS: Final[tuple[tuple[re.Pattern[str], _Converter, tuple[str, ...]], ...]] = (
    (_DMY_WORDS, _conv_day_words, ("month",)),
    (_MDY_WORDS, _conv_day_words, ("month", "year")),
    (_DMY_NUM, _conv_dmy_num, ()),
    (_YMD_NUM, _conv_ymd_num, ("year",)),
    (_TERM, _conv_term, ("term", "year")),
    (_ACADEMIC, _conv_academic, ("year",)),
    (_MY_WORDS, _conv_my_words, ("month",)),
    (_MY_NUM, _conv_my_num, ("year",)),
    (_YEAR, _conv_year, ("year",)),
)
_MONTH_GATE: Final = re.compile(r"jan|feb|ma[ry]|apr|ju[nl]|aug|sep|oct|nov|dec")  # lowercased
_TERM_GATE: Final = re.compile(r"autumn|spring|summer")  # lowercased
_FOUR_DIGITS: Final = re.compile(r"[0-9]{4}")
# Every pattern (and the dateutil fallback) needs a year: two digits in a row at least.
# Spelt out rather than "[0-9]{2}": re scans for it twice as fast (asked of every paragraph).
_TWO_DIGITS: Final = re.compile(r"[0-9][0-9]")

# --------------------------------------------------------------------------- parse_date

_STRIP: Final = ' \t\r\n\u00a0\u202f.,;:!?()[]{}"“”‘’*'
_FALLBACK_YEAR: Final = re.compile(r"(?<![0-9])[0-9]{4}(?![0-9])")
_FALLBACK_MONTH: Final = re.compile(rf"(?<![^\W\d_]){_MONTH}", _FLAGS)
_FALLBACK_ISO: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]")
_FALLBACK_WEEKDAY: Final = re.compile(
    r"\b(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\b\.?,?", _FLAGS
)
_YEAR_FIRST: Final = re.compile(r"[0-9]{4}[^0-9]")
_DEFAULT_A: Final = dt.datetime(2000, 1, 1)
_DEFAULT_B: Final = dt.datetime(2004, 2, 2)


def _fallback(core: str) -> _Period | None:
    """dateutil, for whole texts the patterns don't know (``12 September 2016 10:30``).

    Only texts with one four-digit year and one month name (or an ISO date-time) are
    tried; two different defaults show which of day, month and year were missing.
    """
    if not _FALLBACK_ISO.match(core) and (
        len(_FALLBACK_YEAR.findall(core)) != 1 or len(_FALLBACK_MONTH.findall(core)) != 1
    ):
        return None
    # A weekday without a day makes dateutil pick the next such weekday; the weekday
    # adds nothing to a full date, so drop it.
    core = _FALLBACK_WEEKDAY.sub(" ", core).strip(" ,")
    year_first = _YEAR_FIRST.match(core) is not None  # "2016-09-12T10:00" is ISO, not y-d-m
    try:
        a = _du_parser.parse(
            core, dayfirst=not year_first, yearfirst=year_first, default=_DEFAULT_A
        )
        b = _du_parser.parse(
            core, dayfirst=not year_first, yearfirst=year_first, default=_DEFAULT_B
        )
    except Exception:  # dateutil raises ParserError, ValueError, OverflowError, ...
        return None
    if a.year != b.year or a.month != b.month:
        return None
    if a.day != b.day:
        return _month(a.year, a.month)
    return _day(a.year, a.month, a.day)


@functools.lru_cache(maxsize=8192)
def _parse_core(core: str) -> _Period | None:
    for pattern, convert, _ in _PATTERNS:
        match = pattern.fullmatch(core)
        if match is not None:
            return convert(match)
    return _fallback(core)


def _period(text: str) -> _Period | None:
    if not isinstance(text, str):
        return None
    core = text.strip().strip(_STRIP)
    if not core or len(core) > 200 or _TWO_DIGITS.search(core) is None:
        return None
    return _parse_core(core)


def parse_date(text: str) -> PolicyDate | None:
    """One whole date expression as a period, or None if ``text`` is not a date.

    Surrounding whitespace and punctuation are tolerated; ``text`` of the result is
    the input stripped of surrounding whitespace. Never raises.
    """
    period = _period(text)
    if period is None:
        return None
    start, end, precision = period
    return PolicyDate(text=text.strip(), start=start, end=end, precision=precision)


_REMEMBERED_CHARS: Final = 300  # is_date remembers the answer for texts up to this long


def is_date(text: str) -> bool:
    """``parse_date(text) is not None``, without building the date."""
    if not isinstance(text, str):
        return False
    if len(text) > _REMEMBERED_CHARS:
        return _period(text) is not None
    return _is_date_text(text)


@functools.lru_cache(maxsize=8192)
def _is_date_text(text: str) -> bool:
    # remembered by the text as given: recognition asks about every paragraph
    return _period(text) is not None


# --------------------------------------------------------------------------- find_dates


@functools.lru_cache(maxsize=4096)
def _find_core(text: str) -> tuple[tuple[int, int, _Period], ...]:
    # Every candidate, valid or not: an invalid one ("31/02/2016", "2018-2020") still
    # blocks the shorter matches inside it ("02/2016", "2018").
    candidates: list[tuple[int, int, _Period | None]] = []
    lowered = text.lower()
    gates = {
        "month": _MONTH_GATE.search(lowered) is not None,
        "term": _TERM_GATE.search(lowered) is not None,
        "year": _FOUR_DIGITS.search(text) is not None,
    }
    for pattern, convert, needs in _PATTERNS:
        if not all(gates[gate] for gate in needs):
            continue
        for match in pattern.finditer(text):
            start, end = match.span()
            if pattern is _MY_WORDS and match["mon"] == "may":
                continue  # "staff may 2020 ..." is a verb; "May 2020" is a month
            if pattern is _YEAR:
                if match["y"][:2] not in ("19", "20"):
                    continue
                if _STATUTE_BEFORE.search(text, max(0, start - 16), start):
                    continue
            candidates.append((start, end, convert(match)))
    candidates.sort(key=lambda c: (c[0] - c[1], c[0]))  # longest first, then leftmost
    taken: list[tuple[int, int, _Period | None]] = []
    for cand in candidates:
        if all(cand[1] <= s or cand[0] >= e for s, e, _ in taken):
            taken.append(cand)
    taken.sort(key=lambda c: c[0])
    return tuple((s, e, p) for s, e, p in taken if p is not None)


def may_contain_date(text: str) -> bool:
    """False when ``text`` holds no date for certain (no two digits in a row)."""
    return _TWO_DIGITS.search(text) is not None


def date_spans(text: str) -> list[tuple[int, int]]:
    """Where :func:`find_dates` finds dates in ``text``: (start, end) offsets, in order."""
    if not isinstance(text, str) or _TWO_DIGITS.search(text) is None:
        return []
    return [(s, e) for s, e, _ in _find_core(text)]


def find_dates(text: str) -> list[tuple[int, int, PolicyDate]]:
    """Every date expression in ``text`` as (start offset, end offset, date), in order.

    Matches do not overlap; where they would, the longest wins ("12th September
    2016" over "September 2016"). A bare year counts only as a whole word 19xx or
    20xx, and not after a statute's name ("Education Act 2002").
    """
    if not isinstance(text, str) or _TWO_DIGITS.search(text) is None:
        return []
    return [
        (s, e, PolicyDate(text=text[s:e], start=p[0], end=p[1], precision=p[2]))
        for s, e, p in _find_core(text)
    ]


def infer_review_due(policy: Policy) -> PolicyDate | None:
    """The review date a reader infers when none is stated (the contract's rule).

    The latest of the review history, the stated last review and the approval,
    plus the review cycle; None without a cycle or a date to start from.
    """
    if policy.review_cycle_months is None:
        return None
    bases = [r.date for r in policy.reviews]
    bases += [d for d in (policy.last_reviewed, policy.approved) if d is not None]
    if not bases:
        return None
    base = max(bases, key=lambda d: d.start)
    return add_months(base, policy.review_cycle_months)
