"""Step 2: the front matter: the title and the school's name at the top of the body.

Takes the body items and their headings; returns the title, the school line,
the items taken (title, school line) and where the sections begin.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .. import dates
from ..docx.blocks import DocParagraph
from ..kinds import Kind, strip_numbering
from . import headings as hd
from . import metadata as md
from . import names
from .items import Item

FRONT_MATTER_SCAN = 25  # items looked at for a title before the first section


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """What the top of the body holds."""

    title: str | None
    school: str | None  # smart-cased
    end: int  # the position of the first section's heading (len(items) when none)
    consumed: frozenset[int]  # positions of the title and the school's line
    headings: dict[int, hd.Heading]  # the headings left once those are taken


@dataclass(slots=True)
class _Taken:
    """The front matter found so far (local to :func:`front_matter`)."""

    headings: dict[int, hd.Heading]
    consumed: set[int] = field(default_factory=set)
    school_line: str | None = None

    def take(self, i: int, school_line: str | None = None) -> None:
        self.consumed.add(i)
        self.headings.pop(i, None)
        if school_line is not None:
            self.school_line = school_line


def front_matter(items: list[Item], headings: dict[int, hd.Heading], kind: Kind) -> FrontMatter:
    """Find the title and school at the top; mark where the sections begin."""
    limit = min(len(items), FRONT_MATTER_SCAN)
    taken = _Taken(dict(headings))
    title_at = _find_title(items, taken.headings, kind, limit)
    title: str | None = None
    if title_at is not None:
        title_para = items[title_at].paragraph
        assert title_para is not None
        text = " ".join(title_para.text.split())  # a title split by a line break is one line
        lead_at = _lead_above(items, title_at)
        if lead_at is not None:  # "Policy for" above "Community Cohesion"
            lead = items[lead_at].paragraph
            assert lead is not None
            text = f"{lead.text.strip()} {text}"
            taken.take(lead_at)
        title, prefix = split_title(kind, text)
        taken.take(title_at, prefix or None)
        if taken.school_line is None:
            _school_above_title(items, title_at, kind, taken)
        if taken.school_line is None:
            _school_below_title(items, title_at, kind, taken)
    end = _first_section(items, title_at, taken)
    if taken.school_line is None:
        _school_anywhere(items[: min(end, limit)], title_at, taken)
    if title is None and taken.school_line is not None:
        title = _title_at_school(taken)  # "Lettings at Meadowbank Junior School"
    school = names.smart_case(taken.school_line) if taken.school_line else None
    return FrontMatter(title, school, end, frozenset(taken.consumed), taken.headings)


def _title_at_school(taken: _Taken) -> str | None:
    """The title of a "<title> at <school>" line taken for the school; the school kept."""
    at = _AT_SCHOOL.match(taken.school_line or "")
    if at is None or not names.SCHOOL_NOUN_AT_END.search(at.group(2)):
        return None
    taken.school_line = at.group(2)
    return names.smart_case(at.group(1))


_LEAD_LINE = re.compile(
    r"^(?:the\s+)?(?:\w+\s+)?(?:policy|statement|procedures?)\s+(?:for|on|of)(?:\s+the)?$",
    re.IGNORECASE,
)


def _lead_above(items: list[Item], title_at: int) -> int | None:
    """The line right above the title that begins it ("Policy for"), if there is one."""
    for i in range(title_at - 1, max(-1, title_at - 3), -1):
        p = items[i].paragraph
        if p is None:
            return None
        text = p.text.strip()
        if text:
            return i if _LEAD_LINE.match(text) else None
    return None


def _first_section(items: list[Item], title_at: int | None, taken: _Taken) -> int:
    """The first heading after the title that is not the school's name (len(items): none)."""
    for i in sorted(taken.headings):
        if i in taken.consumed:
            continue
        h = taken.headings[i]
        if title_at is not None and i < title_at:
            # a prominent line above the title: the school's name, or part of the preamble
            if (
                taken.school_line is None
                and h.section_id is None
                and looks_like_school(items[i], False)
            ):
                taken.take(i, h.text)
            taken.headings.pop(i, None)
            continue
        if taken.school_line is None and _school_heading(items, title_at, i, h):
            taken.take(i, h.text)
            continue
        return i
    return len(items)


def _school_heading(items: list[Item], title_at: int | None, i: int, h: hd.Heading) -> bool:
    """A heading among the first few lines (blank ones not counted) naming the school.

    Without a title line, only a line that ends like a school's name ("... Academy")
    will do, or an unstyled crest line right at the top.
    """
    if h.section_id is not None:
        return False
    before = _lines_between(items, title_at if title_at is not None else -1, i)
    if before > 2:
        return False
    crest = (
        title_at is None
        and before == 0
        and not h.styled
        and (names.is_shouting(h.text) or names.is_title_case_name(h.text))
    )
    item = items[i]
    return looks_like_school(item, strict=True) or (crest and looks_like_school(item, False))


def _school_anywhere(items: list[Item], title_at: int | None, taken: _Taken) -> None:
    """A prominent school-like line anywhere before the sections."""
    for i, item in enumerate(items):
        p = item.paragraph
        if p is None or i in taken.consumed or not p.text.strip():
            continue
        above_title = title_at is not None and i < title_at
        if looks_like_school(item, False) and (
            p.bold or p.alignment == "center" or names.is_shouting(p.text) or above_title
        ):
            taken.take(i, p.text.strip())
            return


def _lines_between(items: list[Item], start: int, stop: int) -> int:
    """Non-empty blocks strictly between two positions."""
    return sum(
        1
        for item in items[start + 1 : stop]
        if not (item.paragraph is not None and not item.paragraph.text.strip())
    )


def _school_above_title(items: list[Item], title_at: int, kind: Kind, taken: _Taken) -> None:
    """The first prominent name-like line above the title (crest lines, "WOOTTON PARK")."""
    for i, item in enumerate(items[:title_at]):
        p = item.paragraph
        if p is None or not p.text.strip():
            continue
        text = p.text.strip()
        if name_like(text) and (prominent(p) or p.is_title) and not metadata_line(kind, text):
            taken.take(i, text)
            return


def _school_below_title(items: list[Item], title_at: int, kind: Kind, taken: _Taken) -> None:
    """A subtitle-like line right under the title that names the school."""
    for i in range(title_at + 1, min(title_at + 3, len(items))):
        p = items[i].paragraph
        if p is None:
            return
        text = p.text.strip()
        if not text:
            continue
        h = taken.headings.get(i)
        if h is not None and h.section_id is not None:
            return
        if name_like(text) and not metadata_line(kind, text):
            taken.take(i, text)
        return


def name_like(text: str) -> bool:
    """A short line that reads as an organisation's name."""
    if hd.names_contents(text) or names.looks_like_motto(text) or len(text.split()) > 10:
        return False
    if dates.date_spans(text):
        return False
    if text.endswith((".", "?", ";")) or any(c in text for c in ",:"):
        return False  # a list of values or a labelled line, not a name
    return bool(
        names.SCHOOL_NOUN_AT_END.search(text)
        or names.is_shouting(text)
        or names.is_title_case_name(text)
    )


def metadata_line(kind: Kind, text: str) -> bool:
    """A line holding labelled values ("Approved: May 2020")."""
    return md.holds_values(kind, text)


def _find_title(
    items: list[Item], headings: dict[int, hd.Heading], kind: Kind, limit: int
) -> int | None:
    """Where the title line is: a prominent line naming the kind, else the Title style."""
    styled: int | None = None
    # without the kind's names, a "... Policy" line is a title only above any table
    guess = not kind.title_phrases
    for i in range(limit):
        p = items[i].paragraph
        guess = guess and p is not None
        if p is None or not p.text.strip():
            continue
        text = p.text.strip()
        titled = kind.is_title_line(text)
        h = headings.get(i)
        if h is not None and h.section_id is not None and not titled:
            break
        is_prominent = h is not None or p.is_title or prominent(p) or _subtitle(p)
        named = kind.find_title_phrase(text) is not None or (guess and names_policy(kind, text))
        if is_prominent and named and len(text.split()) <= 16:
            return i
        if is_prominent and _LEAD_LINE.match(text):  # "Policy for" above the title
            following = _next_line(items, i, limit)
            if following is not None and _set_apart(items[following].paragraph):
                return following
        if p.is_title and styled is None and (p.style_name or "").lower() != "subtitle":
            styled = i
    return styled


_DOCUMENT_NAME = re.compile(
    r"\b(?:policy|procedures?|statement|plan|guidelines|agreement|protocol)$", re.IGNORECASE
)


def names_policy(kind: Kind, text: str) -> bool:
    """A line naming the kind; for a kind with no names (generic), any "... Policy" line
    ("Lettings Policy", not a section's "2. Procedures") or "<title> at <school>"."""
    if kind.title_phrases:
        return kind.find_title_phrase(text) is not None
    text = strip_numbering(text).strip(" .:")
    if len(text.split()) >= 2 and _DOCUMENT_NAME.search(text) is not None:
        return True
    at = _AT_SCHOOL.match(text)
    return at is not None and names.SCHOOL_NOUN_AT_END.search(at.group(2)) is not None


def _next_line(items: list[Item], i: int, limit: int) -> int | None:
    """The next non-empty paragraph after position ``i`` (within ``limit``), if any."""
    for j in range(i + 1, limit):
        p = items[j].paragraph
        if p is None:
            return None
        if p.text.strip():
            return j
    return None


def _set_apart(p: DocParagraph | None) -> bool:
    return p is not None and (p.is_title or prominent(p) or _subtitle(p))


def _subtitle(p: DocParagraph) -> bool:
    """The Subtitle style: the policy's name under a school's in the Title style."""
    return (p.style_name or "").strip().lower() == "subtitle"


def prominent(p: DocParagraph) -> bool:
    """Set apart from body text: bold, capitals, centred or large, and short."""
    text = p.text.strip()
    if not text or len(text.split()) > 14:
        return False
    return (
        p.bold
        or names.is_shouting(text)
        or p.alignment == "center"
        or bool(p.font_size and p.font_size >= 14)
    )


def split_title(kind: Kind, text: str) -> tuple[str, str | None]:
    """ "John Clifford Community Cohesion Policy" -> ("Community Cohesion Policy", "John Clifford").

    Also "OAKFIELD SCHOOL - Policy for Community Cohesion" and the school after
    the title ("Community Cohesion Policy: Oakfield School").
    """
    at = _AT_SCHOOL.match(text)  # "Community Cohesion at Belgrave Primary School"
    if at is not None and names.SCHOOL_NOUN_AT_END.search(at.group(2)):
        return names.smart_case(at.group(1)), at.group(2)
    parts = [x.strip() for x in _TITLE_SEPARATOR.split(text) if x.strip()]
    if len(parts) == 2:
        split = _split_in_two(kind, parts)
        if split is not None:
            return split
    match = kind.find_title_phrase(text)
    if match is None or match.start() == 0:
        return names.smart_case(text), None
    prefix = text[: match.start()].strip(" -–—:|,")
    lead = _POLICY_FOR.search(prefix)
    if lead is not None and lead.start() > 0:
        school = prefix[: lead.start()].strip(" -–—:|,")
        if school and not names.starts_like_a_sentence(school):
            return names.smart_case(text[lead.start() :].strip()), school
    words = prefix.split()
    if (
        not words
        or words[-1].lower() in _NOT_A_NAME_END
        or not words[0][:1].isupper()
        or names.starts_like_a_sentence(prefix)
    ):
        return names.smart_case(text), None
    return names.smart_case(text[match.start() :].strip()), prefix


def _split_in_two(kind: Kind, parts: list[str]) -> tuple[str, str] | None:
    """ "School - Title" or "Title: School": the part naming the kind is the title."""
    with_phrase = [x for x in parts if names_policy(kind, x)]
    if len(with_phrase) == 1:
        other = parts[1] if with_phrase[0] == parts[0] else parts[0]
        if _POLICY_NUMBER.match(other):  # "20 – Anti-Bullying Policy": a number, no school
            return names.smart_case(with_phrase[0]), ""
        if not names_policy(kind, other) and len(other.split()) <= 10:
            return names.smart_case(with_phrase[0]), other
    return None


_POLICY_NUMBER = re.compile(r"^(?:(?:policy|no\.?|number|ref\.?)\s*)?[A-Z]{0,3}\d+[a-z]?$", re.I)


_AT_SCHOOL = re.compile(r"^(\S.{2,60}?)\s+at\s+(\S.{2,80})$")
_POLICY_FOR = re.compile(r"\b(?:policy|statement) (?:for|on|of)(?: the)?$", re.IGNORECASE)
_TITLE_SEPARATOR = re.compile(r"\s+[-–—|]\s+|:\s+")
_NOT_A_NAME_END = {
    "for",
    "on",
    "of",
    "the",
    "a",
    "our",
    "to",
    "and",
    "policy",
    "school's",
    "schools",
    "promoting",
    "promote",
    "statement",
}


def looks_like_school(item: Item, strict: bool) -> bool:
    """A short line that can be the school's name (strict: it must end like one)."""
    p = item.paragraph
    if p is None:
        return False
    text = p.text.strip()
    if not text or names.looks_like_motto(text) or len(text.split()) > 10:
        return False
    if hd.names_contents(text) or hd.is_contents_line(text):
        return False
    if dates.date_spans(text) or text.endswith((".", ":", "?", ";")):
        return False
    if names.SCHOOL_NOUN_AT_END.search(text):
        return True
    italic = all(r.italic for r in p.runs if r.text.strip()) if p.runs else False
    if italic:
        return False  # a motto, more often than a name
    return not strict and (
        names.is_shouting(text) or p.alignment == "center" or names.is_title_case_name(text)
    )
