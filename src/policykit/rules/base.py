"""What a rule is, what it looks at and what it reports.

A rule is a small documented unit (ruff's shape): a code, a kebab-case name,
a default severity, a check function and its documentation. The check gets a
:class:`RuleContext` (the parsed document plus the run's dates) and yields
:class:`Hit` records; the engine stamps them with the rule's code, name and
configured severity to make :class:`Finding` records, the contract's Finding
JSON.
"""

from __future__ import annotations

import datetime as dt
import inspect
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from operator import attrgetter
from typing import TYPE_CHECKING, Final

from ..errors import KindError
from ..kinds import Kind, get_kind
from ..model import Block, ListItem, Policy, Section
from ..records import SEVERITIES, Severity

if TYPE_CHECKING:  # not at run time: a re-check from the cache never loads the reader
    from ..recognise.result import FieldValue, Notice, ParseResult, SourceParagraph

DEFAULT_DUE_SOON_DAYS: Final = 60

CODE_RE: Final = re.compile(r"^[A-Z]{2,5}[0-9]{3}$")
NAME_RE: Final = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
DOC_SECTIONS: Final = ("What it does", "Why it matters", "Example", "How to fix")


def day_text(day: dt.date) -> str:
    """``30 September 2019``: a day as messages write it."""
    return f"{day.day} {day:%B %Y}"


@dataclass(frozen=True, slots=True)
class Hit:
    """What a check reports: a message and where; the engine adds code, name, severity.

    ``key`` identifies the problem independently of the run's date and of the
    paragraph numbering (for baselines and SARIF fingerprints); by default it
    is the message, so messages should not mention the as-of date. ``severity``
    overrides the rule's default for this hit (configuration still wins).
    """

    message: str
    section: str | None = None
    paragraph: int | None = None
    key: str | None = None
    severity: Severity | None = None


Check = Callable[["RuleContext"], Iterable[Hit]]


@dataclass(frozen=True, slots=True)
class Rule:
    """A documented rule. ``check`` is None for the document-error codes (PK000-PK004)."""

    code: str
    name: str
    severity: Severity
    summary: str
    doc: str
    check: Check | None = None
    origin: str = "policykit"

    def __post_init__(self) -> None:
        if not CODE_RE.match(self.code):
            raise ValueError(f"rule code {self.code!r}: expected letters then three digits")
        if not NAME_RE.match(self.name):
            raise ValueError(f"rule {self.code} name {self.name!r}: expected kebab-case")
        if self.severity not in SEVERITIES:
            raise ValueError(f"rule {self.code} severity {self.severity!r}: expected {SEVERITIES}")

    def doc_sections(self) -> dict[str, str]:
        """The documentation split by its ``## Heading`` sections."""
        return split_doc(self.doc)


def split_doc(doc: str) -> dict[str, str]:
    sections: dict[str, str] = {}
    current: str | None = None
    lines: list[str] = []
    for line in doc.splitlines():
        if line.startswith("## "):
            if current is not None:
                sections[current] = "\n".join(lines).strip()
            current, lines = line[3:].strip(), []
        else:
            lines.append(line)
    if current is not None:
        sections[current] = "\n".join(lines).strip()
    return sections


def rule(code: str, name: str, severity: Severity, summary: str) -> Callable[[Check], Rule]:
    """Decorator: a check function with its docstring (``## What it does`` ...) -> a Rule."""

    def wrap(check: Check) -> Rule:
        doc = inspect.cleandoc(check.__doc__ or "")
        module = getattr(check, "__module__", "") or ""
        origin = "policykit" if module.startswith("policykit.") else module.split(".")[0]
        return Rule(code, name, severity, summary, doc, check, origin)

    return wrap


# --------------------------------------------------------------------------- what a rule looks at


@dataclass(frozen=True, slots=True)
class RuleOptions:
    """Run settings a rule may use (picklable: sent to worker processes)."""

    as_of: dt.date
    due_soon_days: int = DEFAULT_DUE_SOON_DAYS


@dataclass(frozen=True, slots=True)
class TextUnit:
    """A piece of running text with its place (a body paragraph, a heading, a list item)."""

    text: str
    section: str | None
    paragraph: int | None


class RuleContext:
    """One parsed document as the rules see it, with look-ups computed once."""

    def __init__(self, result: ParseResult, options: RuleOptions, path: str = "") -> None:
        self.result = result
        self.policy: Policy = result.policy
        self.options = options
        self.path = path

    @property
    def as_of(self) -> dt.date:
        return self.options.as_of

    @cached_property
    def kind(self) -> Kind | None:
        try:
            return get_kind(self.policy.kind)
        except KindError:  # an unknown kind: structure rules have nothing to compare with
            return None

    @cached_property
    def sections(self) -> list[Section]:
        """``policy.walk()`` as a list: every section, nested ones included, in document order."""
        found: list[Section] = []
        stack = self.policy.sections[::-1]
        while stack:  # depth first, as walk() (without a generator per section)
            section = stack.pop()
            found.append(section)
            if section.sections:
                stack.extend(section.sections[::-1])
        return found

    @cached_property
    def texts(self) -> list[TextUnit]:
        """Every piece of text in document order, located when the parser located it."""
        if self.result.paragraphs:
            return [TextUnit(p.text, p.section, p.index) for p in self.result.paragraphs]
        return list(_policy_texts(self.policy))

    @cached_property
    def plain_texts(self) -> list[str]:
        """The text of each of :attr:`texts`, in the same order (without building them)."""
        if self.result.paragraphs:
            return [p.text for p in self.result.paragraphs]
        return [unit.text for unit in self.texts]

    def unit(self, index: int) -> TextUnit:
        """``texts[index]``, built alone when the whole list is not needed."""
        paragraphs = self.result.paragraphs
        if paragraphs and "texts" not in self.__dict__:
            p = paragraphs[index]
            return TextUnit(p.text, p.section, p.index)
        return self.texts[index]

    @cached_property
    def full_text(self) -> str:
        return "\n".join(self.plain_texts)

    @cached_property
    def lower_full_text(self) -> str:
        """:attr:`full_text` lower-cased: each text lower-cased, joined by newlines.

        (A line break is neither cased nor case-ignorable, so lowering never looks
        across one.) What one lower-cased text holds this holds too: a substring
        test here screens them all at once.
        """
        return self.full_text.lower()

    @cached_property
    def _fields(self) -> dict[str, FieldValue]:
        found: dict[str, FieldValue] = {}
        for fv in self.result.fields:
            found.setdefault(fv.field, fv)
        return found

    def field(self, name: str) -> FieldValue | None:
        """The first metadata value found for field ``name`` (``approved``, ``review_due`` ...)."""
        return self._fields.get(name)

    @property
    def notices(self) -> Sequence[Notice]:
        return self.result.notices

    @cached_property
    def _by_index(self) -> dict[int, SourceParagraph]:
        paragraphs = self.result.paragraphs
        return dict(zip(map(attrgetter("index"), paragraphs), paragraphs, strict=True))

    def section_of(self, paragraph: int | None) -> str | None:
        """The canonical section a body paragraph sits in."""
        if paragraph is None:
            return None
        found = self._by_index.get(paragraph)
        return found.section if found is not None else None

    def locate_text(self, text: str, start: int | None = None) -> int | None:
        """The paragraph (at or after ``start``) that is ``text``, else the first containing it."""
        needle = text.strip()
        if not needle:
            return start
        containing: int | None = None
        for p in self.result.paragraphs:
            if needle not in p.text or (start is not None and p.index < start):
                continue
            if p.text.strip() == needle:
                return p.index  # a table cell holding just the value
            if containing is None:
                containing = p.index
        return containing if containing is not None else start

    def locate_field(self, name: str) -> tuple[str | None, int | None]:
        """(section, paragraph) of a metadata field's value, as precisely as known.

        A value read from a table is recorded at the table's first paragraph;
        the cell holding the value itself is a better place to point at.
        """
        fv = self.field(name)
        if fv is None or fv.paragraph is None:
            return None, None
        paragraph = self.locate_text(fv.text, fv.paragraph)
        return self.section_of(paragraph), paragraph

    @cached_property
    def _heading_paragraphs(self) -> dict[int, int]:
        # Sections and located paragraphs are both in document order: one forward scan
        # pairs each heading with its paragraph, so repeated headings get their own.
        found: dict[int, int] = {}
        paragraphs = self.result.paragraphs
        position = 0
        for section in self.sections:
            heading = section.heading.strip()
            for i in range(position, len(paragraphs)):
                if paragraphs[i].text.strip() == heading:
                    found[id(section)] = paragraphs[i].index
                    position = i + 1
                    break
        return found

    def heading_paragraph(self, section: Section) -> int | None:
        """The body paragraph of a section's heading, if the parser located it."""
        return self._heading_paragraphs.get(id(section))


def _policy_texts(policy: Policy) -> Iterator[TextUnit]:
    """Text of a Policy built by hand (no located paragraphs): unlocated units."""
    for block in policy.preamble:
        for text in _block_texts(block):
            yield TextUnit(text, None, None)
    for section in policy.sections:
        yield from _section_texts(section, None)


def _section_texts(section: Section, inherited: str | None) -> Iterator[TextUnit]:
    where = section.id or inherited  # the innermost canonical section, as the parser locates
    yield TextUnit(section.heading, where, None)
    for note in section.notes:
        yield TextUnit(note.text, where, None)
    for block in section.blocks:
        for text in _block_texts(block):
            yield TextUnit(text, where, None)
    for child in section.sections:
        yield from _section_texts(child, where)


def _block_texts(block: Block) -> Iterator[str]:
    """A block's texts, each text followed by the notes it cites."""
    if block.type == "paragraph":
        yield block.text
        yield from (n.text for n in block.notes)
    elif block.type == "list":
        yield from _item_texts(block.items)
    else:
        for row in block.rows:
            yield from (cell for cell in row if cell)
        yield from (n.text for n in block.notes)


def _item_texts(items: list[ListItem]) -> Iterator[str]:
    for item in items:
        yield item.text
        yield from (n.text for n in item.notes)
        yield from _item_texts(item.items)
