"""Step 5: the Policy's fields from what was found: title, school, people, dates, cycle.

Takes the values found as written, the front matter's title and school, the
review history and the located paragraphs; returns the fields' values and
the notices about what could not be read. Dates are read here, once.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from .. import dates
from ..docx.blocks import DocxDocument
from ..fields import date_fields, field_def
from ..kinds import Kind
from ..model import Policy, PolicyDate, Review
from . import names
from . import tables as tb
from .front import name_like, names_policy, split_title
from .result import FieldValue, Notice, SourceParagraph
from .text import lines

_SOURCE_RANK = {"table": 0, "line": 1, "header": 2, "footer": 3, "text": 4, "properties": 5}


@dataclass(frozen=True, slots=True)
class Found:
    """What the earlier steps found, as the input of :func:`fill_fields`."""

    kind: Kind
    doc: DocxDocument
    fields: list[FieldValue]
    history: list[tb.HistoryEntry]
    title: str | None  # the front matter's
    school: str | None  # the front matter's


@dataclass(slots=True)
class Filled:
    """The Policy's field values (attribute -> value) and the notices."""

    values: dict[str, Any] = field(default_factory=dict)
    people: dict[str, str] = field(default_factory=dict)
    notices: list[Notice] = field(default_factory=list)
    infer_review_due: bool = False  # none stated (nor stated unreadably), and a cycle is known


def fill_fields(found: Found, located: list[SourceParagraph]) -> Filled:
    """The field values of the Policy, in the order a reader trusts their sources."""
    out = Filled()
    ordered = sorted(found.fields, key=lambda f: _SOURCE_RANK.get(f.source, 9))
    school = _text_fields(found, ordered, out)
    values = out.values
    if values.get("title") is None and found.title:
        values["title"] = found.title
    if values.get("title") is None:
        values["title"], from_header = _title_from_headers(found)
        school = school or from_header
    if values.get("school") is None:
        values["school"] = school or _school_from_elsewhere(found)
    if values["school"]:  # "Northgate High School • Part of ... Trust": the school
        values["school"] = names.without_affiliation(values["school"])
    if values["school"] and not names.ends_with_school_word(values["school"]):
        all_text = "\n".join(p.text for p in found.doc.paragraphs())
        values["school"] = names.extend_with_school_word(values["school"], all_text)
    _date_values(ordered, out)
    values["reviews"] = _reviews(found.history)
    months = _review_cycle(found, located, out.notices)
    values["review_cycle_months"] = months
    stated_but_unreadable = any(n.field == "review_due" for n in out.notices)
    out.infer_review_due = (
        values["review_due"] is None and bool(months) and not stated_but_unreadable
    )
    return out


def _text_fields(found: Found, ordered: list[FieldValue], out: Filled) -> str | None:
    """Title, school, people and declared text fields; the school named beside a title."""
    school = found.school
    values = out.values
    for fv in ordered:
        name = fv.field
        if name in date_fields():
            continue
        if name == "title" and values.get("title") is None and fv.source != "properties":
            values["title"], prefix = split_title(found.kind, fv.text.strip())
            if prefix and school is None:
                school = names.smart_case(prefix)
        elif name == "school" and values.get("school") is None:
            values["school"] = names.smart_case(fv.text)
        elif name.startswith("people."):
            out.people.setdefault(name.split(".", 1)[1], fv.text)
        elif name not in Policy.model_fields and values.get(name) is None:
            declared = field_def(name)
            if declared is not None and declared.type == "text":
                values[name] = fv.text.strip()  # a declared field of its own
    return school


def _date_values(ordered: list[FieldValue], out: Filled) -> None:
    """The first readable value of each date field, by source."""
    found: dict[str, PolicyDate] = {}
    for fv in ordered:
        if fv.field not in date_fields() or fv.field in found:
            continue
        value = _read_date(fv, out.notices)
        if value is not None:
            found[fv.field] = value
    for name in date_fields():
        out.values[name] = found.get(name)


def _reviews(history: list[tb.HistoryEntry]) -> list[Review]:
    reviews = []
    for entry in history:
        when = dates.parse_date(entry.date_text)
        if when is not None:
            reviews.append(Review(date=when, signed_by=entry.signed_by))
    return sorted(reviews, key=lambda r: r.date.start)


def _read_date(fv: FieldValue, notices: list[Notice]) -> PolicyDate | None:
    value = dates.parse_date(fv.text)
    if value is not None:
        return value
    inside = dates.find_dates(fv.text)
    if inside:
        return inside[0][2]
    if dates.is_not_a_date(fv.text):
        notices.append(
            Notice(
                "date-not-a-date", f"{fv.field}: {fv.text!r} is not a date", fv.field, fv.paragraph
            )
        )
    else:
        notices.append(
            Notice(
                "date-unparseable",
                f"{fv.field}: cannot read {fv.text!r} as a date",
                fv.field,
                fv.paragraph,
            )
        )
    return None


def _review_cycle(
    found: Found, located: list[SourceParagraph], notices: list[Notice]
) -> int | None:
    # In document order (a set's order changes with the hash seed: the first field wins).
    cycle_values = dict.fromkeys(f.text for f in found.fields if f.field == "review_cycle")
    for value in cycle_values:
        months = _cycle_value(value)
        if months is not None:
            return months
    for text, index in _cycle_texts(found, located):
        if text not in cycle_values and not _may_state_cycle(text):
            continue
        cycle = _cycle_in(found.kind, text)
        if cycle is not None:
            months, phrase, note = cycle
            if note:
                notices.append(
                    Notice("review-cycle-reading", f"{phrase!r}: {note}", "review_cycle", index)
                )
            return months
    return None


def _may_state_cycle(text: str) -> bool:
    """False for a text that cannot say "review", "annual..." or "every..."."""
    # only "V" and "v" lower to a "v", only "A"/"a" and "E"/"e" to an "a" or "e"
    if "v" not in text and "V" not in text and text[:1] not in ("a", "A", "e", "E"):
        return False
    lowered = text.lower()
    return "review" in lowered or lowered.startswith(("annual", "every"))


def _cycle_in(kind: Kind, text: str) -> tuple[int, str, str | None] | None:
    """The kind's cycle phrase in a text, else "every N months/years"."""
    found = kind.find_review_cycle(text)
    if found is None:
        generic = _EVERY_N.search(text)
        months = _cycle_value(generic.group(0)) if generic else None
        found = (months, generic.group(0), None) if generic and months else None
    return found


def _cycle_texts(found: Found, located: list[SourceParagraph]) -> Iterator[tuple[str, int | None]]:
    """Where a review cycle may be written, in the order they are asked: review-cycle
    fields, the review section, the other paragraphs, then footers and headers."""
    for f in found.fields:
        if f.field == "review_cycle":
            yield f.text, f.paragraph
    review_ids = {"review", "history"}
    for p in located:
        if p.section in review_ids:
            yield p.text, p.index
    for p in located:
        if p.section not in review_ids:
            yield p.text, p.index
    for blocks in found.doc.footers + found.doc.headers:
        for line in lines(blocks):
            yield line, None


_PAGE = re.compile(r"page\b", re.IGNORECASE)  # "Page 2 of 9" in a footer: never a school
_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "twelve": 12,
    "eighteen": 18,
    "twenty-four": 24,
    "thirty-six": 36,
}
_CYCLE_VALUE = re.compile(
    r"^(?:every\s+)?(\d{1,3}|[a-z-]+)[\s-]*(month|year)(?:s|ly)?\b", re.IGNORECASE
)


_EVERY_N = re.compile(
    r"\bevery\s+(?:\d{1,3}|one|two|three|four|five|six|twelve|eighteen)\s+(?:months?|years?)\b",
    re.IGNORECASE,
)


def _cycle_value(value: str) -> int | None:
    """A review-cycle field's value: "12 months", "2 years", "Three-yearly"."""
    match = _CYCLE_VALUE.match(value.strip())
    if match is None:
        return None
    amount = match.group(1).lower()
    count = int(amount) if amount.isdigit() else _NUMBER_WORDS.get(amount)
    if not count:
        return None
    months = count * (12 if match.group(2).lower() == "year" else 1)
    return months if 1 <= months <= 120 else None


def _title_from_headers(found: Found) -> tuple[str | None, str | None]:
    """(title, school) from a page header naming the policy ("Oakfield School - Community
    Cohesion Policy"), else the title from the document's title property."""
    kind = found.kind
    for blocks in found.doc.headers + found.doc.footers:
        for line in lines(blocks):
            line = line.strip()
            if kind.is_title_line(line) or (names_policy(kind, line) and len(line.split()) <= 12):
                title, prefix = split_title(kind, line)
                return title, names.smart_case(prefix) if prefix else None
    core_title = found.doc.core.get("title", "").strip()
    if core_title:
        return split_title(kind, core_title)[0], None
    return None, None


def _school_from_elsewhere(found: Found) -> str | None:
    """The school's name from headers, then running text, then document properties."""
    kind = found.kind
    for blocks in found.doc.headers + found.doc.footers:
        for line in lines(blocks):
            line = line.strip(" \t-–|")
            if names_policy(kind, line) and ":" not in line:
                _, prefix = split_title(kind, line)
                if prefix and name_like(prefix):
                    return names.smart_case(prefix)
                continue
            if ":" in line or "\t" in line:
                continue
            if _PAGE.match(line) or not name_like(line):
                continue
            return names.smart_case(line)
    counts: dict[str, int] = {}
    for p in found.doc.paragraphs():
        for name in names.find_school_names(p.text):
            counts[name] = counts.get(name, 0) + 1
    if counts:
        return max(counts, key=lambda n: counts[n])
    company = found.doc.core.get("company", "").strip()
    return names.smart_case(company) if company else None
