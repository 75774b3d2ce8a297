"""A date written the way the document already writes its dates.

:func:`date_style` looks at a date as a school wrote it ("Autumn Term 2025",
"01/09/2025", "Sept 2025", "Monday 1st September 2025", "2025/26") and
returns a :class:`DateStyle` that writes another day the same way: the period
of the same kind that contains it (a term, a month, an academic year, a day),
with the same separators, padding, abbreviations, ordinal suffixes and
capitals. Every text it writes reads back (``policykit.dates.parse_date``) as
the period containing the day.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Final, Literal

from ..dates import term_of

__all__ = ["DateStyle", "date_style"]

Form = Literal["dmy", "iso", "words", "month", "term", "academic", "year"]

_MONTHS: Final = [name for name in calendar.month_name if name]
_ABBR: Final = {name.lower()[:3]: number for number, name in enumerate(_MONTHS, start=1)}
_MONTH_WORD: Final = r"(?P<mon>[A-Za-z]{3,9})(?P<dot>\.)?"
_WEEKDAY: Final = (
    r"(?P<weekday>(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?,?\s+)?"
)

_DMY: Final = re.compile(
    r"(?<!\d)(?P<d>\d{1,2})(?P<sep>[/.\-])(?P<m>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})(?!\d)"
)
_ISO: Final = re.compile(r"(?<!\d)\d{4}-\d{2}-\d{2}(?!\d)")
_WORDS: Final = re.compile(
    _WEEKDAY
    + r"(?P<d>\d{1,2})(?P<ord>st|nd|rd|th)?(?P<of>\s+of)?\s+"
    + _MONTH_WORD
    + r"(?P<comma>,)?\s+(?P<y>\d{4})",
    re.IGNORECASE,
)
_MONTH_YEAR: Final = re.compile(_MONTH_WORD + r"(?P<comma>,)?\s+(?P<y>\d{4})", re.IGNORECASE)
_TERM: Final = re.compile(
    r"(?P<term>autumn|spring|summer)(?P<word>\s+term)?\s+(?P<y>\d{4})(?P<ay>[/\-](?:\d{4}|\d{2}))?",
    re.IGNORECASE,
)
_ACADEMIC: Final = re.compile(r"(?P<y1>\d{4})(?P<sep>\s*[/\-–]\s*)(?P<y2>\d{4}|\d{2})(?!\d)")
_YEAR: Final = re.compile(r"\d{4}")


@dataclass(frozen=True, slots=True)
class DateStyle:
    """How a document writes a date; :meth:`write` writes another day that way."""

    form: Form
    sep: str = "/"
    pad_day: bool = True
    pad_month: bool = True
    short_year: bool = False
    weekday: bool = False
    ordinal: bool = False
    of: bool = False
    comma: bool = False
    month_chars: int = 0  # 0: the full name; 3 or 4 ("Sept"): abbreviated
    month_dot: bool = False
    case: Literal["title", "upper", "lower"] = "title"
    term_word: str = ""  # " Term" / " term" as written, or ""
    academic_term: bool = False  # "Spring 2018/19": the term of an academic year
    long_second_year: bool = False  # "2025/2026" rather than "2025/26"

    @property
    def precision(self) -> str:
        """The length of period this style names: day, month, term, academic_year or year."""
        return {
            "dmy": "day",
            "iso": "day",
            "words": "day",
            "month": "month",
            "term": "term",
            "academic": "academic_year",
            "year": "year",
        }[self.form]

    def _cased(self, text: str) -> str:
        if self.case == "upper":
            return text.upper()
        if self.case == "lower":
            return text.lower()
        return text

    def _month(self, number: int) -> str:
        name = _MONTHS[number - 1]
        if self.month_chars:
            short = "Sept" if number == 9 and self.month_chars == 4 else name[:3]
            if self.month_dot and short != name:  # "Sept." but "May"
                short += "."
            name = short
        return self._cased(name)

    def write(self, day: dt.date) -> str:
        """``day`` written in this style (the period of the style's kind that contains it)."""
        form = self.form
        if form == "dmy":
            d = f"{day.day:02d}" if self.pad_day else str(day.day)
            m = f"{day.month:02d}" if self.pad_month else str(day.month)
            y = f"{day.year % 100:02d}" if self.short_year else str(day.year)
            return f"{d}{self.sep}{m}{self.sep}{y}"
        if form == "iso":
            return day.isoformat()
        if form == "words":
            out = ""
            if self.weekday:
                out = self._cased(day.strftime("%A")) + " "
            out += str(day.day) + (_ordinal(day.day) if self.ordinal else "")
            out += " of " if self.of else " "
            out += self._month(day.month) + ("," if self.comma else "") + f" {day.year}"
            return out
        if form == "month":
            return f"{self._month(day.month)}{',' if self.comma else ''} {day.year}"
        if form == "term":
            term, year = term_of(day)
            text = self._cased(term) + self.term_word
            if self.academic_term:
                first = year if term == "Autumn" else year - 1
                second = first + 1 if self.long_second_year else (first + 1) % 100
                return f"{text} {first}/{second:02d}"
            return f"{text} {year}"
        if form == "academic":
            first = day.year if day.month >= 9 else day.year - 1
            second = first + 1 if self.long_second_year else (first + 1) % 100
            return f"{first}{self.sep}{second:02d}"
        return str(day.year)


def _ordinal(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def _case(word: str) -> Literal["title", "upper", "lower"]:
    if len(word) > 1 and word.isupper():
        return "upper"
    if word.islower():
        return "lower"
    return "title"


def _month_style(word: str, dot: str | None) -> tuple[int, bool] | None:
    """(characters kept, dot) of a month name as written, or None when it is not one."""
    lowered = word.lower()
    if lowered[:3] not in _ABBR:
        return None
    full = _MONTHS[_ABBR[lowered[:3]] - 1].lower()
    if lowered == full:
        return 0, False
    if lowered == "sept":
        return 4, bool(dot)
    if lowered == full[:3]:
        return 3, bool(dot)
    return None


def date_style(text: str) -> DateStyle | None:
    """The style of a date as written, or None when ``text`` holds no date form known."""
    core = text.strip()
    if _ISO.search(core):
        return DateStyle("iso")
    if m := _DMY.search(core):
        return DateStyle(
            "dmy",
            sep=m["sep"],
            pad_day=len(m["d"]) == 2 or int(m["d"]) >= 10,  # "23" says nothing: pad
            pad_month=len(m["m"]) == 2 or int(m["m"]) >= 10,
            short_year=len(m["y"]) == 2,
        )
    if (m := _WORDS.search(core)) and (month := _month_style(m["mon"], m["dot"])) is not None:
        return DateStyle(
            "words",
            weekday=bool(m["weekday"]),
            ordinal=bool(m["ord"]),
            of=bool(m["of"]),
            comma=bool(m["comma"]),
            month_chars=month[0],
            month_dot=month[1],
            case=_case(m["mon"]),
        )
    if m := _TERM.search(core):
        second = (m["ay"] or "")[1:]
        return DateStyle(
            "term",
            case=_case(m["term"]),
            term_word=m["word"] or "",
            academic_term=bool(m["ay"]),
            long_second_year=len(second) == 4,
        )
    if (m := _MONTH_YEAR.search(core)) and (month := _month_style(m["mon"], m["dot"])) is not None:
        return DateStyle(
            "month",
            comma=bool(m["comma"]),
            month_chars=month[0],
            month_dot=month[1],
            case=_case(m["mon"]),
        )
    if m := _ACADEMIC.search(core):
        return DateStyle("academic", sep=m["sep"], long_second_year=len(m["y2"]) == 4)
    if _YEAR.search(core):
        return DateStyle("year")
    return None
