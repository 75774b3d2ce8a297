"""The PK401 phrase table: ``policykit/data/outdated.yaml``, validated and compiled once.

Each entry is a regular expression with the date the wording became outdated,
why, and guards against false alarms (see the comments at the top of the
data file). Each entry's trigger words screen the text first with plain
substring tests, once for the whole document and then for the few paragraphs
holding one, so most documents cost no regular expression at all.

Entries are scoped by policy kind (``kinds``; none listed: every kind), and
:meth:`OutdatedTable.for_kind` gives the table a document of one kind is
checked against, with a screen of only its entries' triggers. An entry with
``editions`` (Keeping Children Safe in Education) names a series of guidance
editions: a cited edition is outdated once a later *verified* edition is in
force on the as-of date; an edition not verified by the catalogue's sources
gives an ``info`` finding at most.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from .screens import NeedleScreen, case_traps

DATA_FILE: Final = Path(__file__).resolve().parent.parent / "data" / "outdated.yaml"
_GUARD_LOOKBEHIND: Final = 40  # characters before a match that ``not_after`` sees
# libyaml's safe loader when PyYAML has it: the same data, read ten times faster.
_YAML_LOADER: Final = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@functools.cache
def _regex(pattern: str, flags: int) -> re.Pattern[str]:
    """``re.compile``, once per pattern and flags: the validators compile each pattern with
    the flags it is used with, and the table then takes the same compiled pattern."""
    return re.compile(pattern, flags)


@dataclass(frozen=True, slots=True)
class Regex:
    """A pattern of the table, compiled when first used: a run meets few of them."""

    text: str
    flags: int

    @property
    def compiled(self) -> re.Pattern[str]:
        return _regex(self.text, self.flags)


def _compiling(info: ValidationInfo) -> bool:
    """Whether the validators compile the patterns now (``load_table(compile_now=...)``)."""
    return not (isinstance(info.context, dict) and info.context.get("compile_now") is False)


def _check_regex(value: str, flags: int = re.IGNORECASE) -> str:
    try:
        _regex(value, flags)
    except re.error as exc:
        raise ValueError(f"bad regular expression {value!r}: {exc}") from exc
    return value


def _check_alternatives(values: list[str], flags: int = re.IGNORECASE) -> list[str]:
    """Patterns used as one alternation (:func:`_any_of`): that is compiled; only when it
    does not compile is each tried alone, to name the one at fault."""
    if values:
        try:
            _regex(_alternation(values), flags)
        except re.error as exc:
            for value in values:
                _check_regex(value, flags)
            raise ValueError(f"the patterns {values!r} do not compile together: {exc}") from exc
    return values


def _alternation(patterns: list[str]) -> str:
    return "|".join(f"(?:{p})" for p in patterns)


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


OutdatedSeverity = Literal["warning", "info"]
_KIND_ID: Final = r"^[a-z][a-z0-9-]*$"


class EditionSpec(_Spec):
    """One edition of a guidance series and the day it came into force."""

    edition: int = Field(ge=1900, le=2100)
    in_force: dt.date
    verified: bool = True
    note: str | None = None


class ReferenceSpec(_Spec):
    id: str = Field(pattern=_KIND_ID)
    triggers: list[str] = Field(min_length=1)
    case_sensitive: bool = False  # (before ``pattern``: its validator compiles with the flag)
    pattern: str
    since: dt.date
    why: str = Field(min_length=1)
    instead: str | None = None
    unless: list[str] = Field(default_factory=list)
    requires: list[str] = Field(default_factory=list)
    not_after: str | None = None
    kinds: list[str] | None = None
    verified: bool = True
    severity: OutdatedSeverity = "warning"
    source: str | None = None
    editions: list[EditionSpec] = Field(default_factory=list)

    @field_validator("kinds")
    @classmethod
    def _kind_ids(cls, value: list[str] | None) -> list[str] | None:
        if value is not None:
            if not value:
                raise ValueError("an empty list scopes the entry to no kind: leave 'kinds' out")
            for kind in value:
                if not re.match(_KIND_ID, kind):
                    raise ValueError(f"{kind!r} is not a kind id")
        return value

    @model_validator(mode="after")
    def _consistent(self, info: ValidationInfo) -> ReferenceSpec:
        if not self.verified and self.severity != "info":
            raise ValueError("an unverified entry is reported at 'info' severity at most")
        if self.editions:
            if _compiling(info) and "edition" not in _regex(self.pattern, self.flags).groupindex:
                raise ValueError("an entry with editions needs a pattern group '(?P<edition>...)'")
            days = [e.in_force for e in self.editions]
            years = [e.edition for e in self.editions]
            if days != sorted(days) or years != sorted(years) or len(set(years)) != len(years):
                raise ValueError("editions must be listed oldest first, each year once")
        return self

    @property
    def flags(self) -> int:
        """The flags ``pattern`` is compiled with."""
        return 0 if self.case_sensitive else re.IGNORECASE

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str, info: ValidationInfo) -> str:
        if not _compiling(info):
            return value
        return _check_regex(value, 0 if info.data.get("case_sensitive") else re.IGNORECASE)

    @field_validator("not_after")
    @classmethod
    def _guard_compiles(cls, value: str | None, info: ValidationInfo) -> str | None:
        return value if value is None or not _compiling(info) else _check_regex(value)

    @field_validator("unless", "requires", mode="before")
    @classmethod
    def _flatten(cls, value: object) -> object:
        """A YAML alias of a shared guard list may sit inside a list: flatten it."""
        if isinstance(value, list):
            flat: list[object] = []
            for item in value:
                flat.extend(item if isinstance(item, list) else [item])
            return flat
        return value

    @field_validator("unless", "requires")
    @classmethod
    def _all_compile(cls, value: list[str], info: ValidationInfo) -> list[str]:
        return _check_alternatives(value) if _compiling(info) else value

    @field_validator("triggers")
    @classmethod
    def _lower_case(cls, value: list[str]) -> list[str]:
        for trigger in value:
            if not trigger.strip() or trigger != trigger.lower():
                raise ValueError(f"trigger {trigger!r} must be non-empty lower-case text")
        return value


class CurrentDutiesSpec(_Spec):
    approved_after: dt.date
    why: str
    names: list[str] = Field(min_length=1)
    patterns: list[str] = Field(min_length=1)
    triggers: list[str] = Field(default_factory=list)
    kinds: list[str] | None = None

    @field_validator("patterns")
    @classmethod
    def _all_compile(cls, value: list[str], info: ValidationInfo) -> list[str]:
        return _check_alternatives(value, 0) if _compiling(info) else value

    @field_validator("triggers")
    @classmethod
    def _ascii_lower_case(cls, value: list[str]) -> list[str]:
        for trigger in value:
            if not trigger.strip() or trigger != trigger.lower() or not trigger.isascii():
                raise ValueError(f"trigger {trigger!r} must be non-empty lower-case ASCII text")
        return value


class OutdatedSpec(_Spec):
    version: int = 1
    references: list[ReferenceSpec] = Field(min_length=1)
    current_duties: CurrentDutiesSpec | None = None

    @field_validator("references")
    @classmethod
    def _unique(cls, value: list[ReferenceSpec]) -> list[ReferenceSpec]:
        seen: set[str] = set()
        for ref in value:
            if ref.id in seen:
                raise ValueError(f"id {ref.id!r} appears twice")
            seen.add(ref.id)
        return value


def _any_of(patterns: list[str]) -> Regex | None:
    if not patterns:
        return None
    return Regex(_alternation(patterns), re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Edition:
    """An edition of a guidance series (its year) and the day it came into force."""

    edition: int
    in_force: dt.date
    verified: bool


@dataclass(frozen=True, slots=True)
class Found:
    """One outdated passage: the text matched and what to tell the reader about it."""

    text: str
    since: dt.date
    why: str
    instead: str | None
    severity: OutdatedSeverity
    certain: bool = True  # False: a fact policykit's sources could not confirm


@dataclass(frozen=True, slots=True)
class OutdatedReference:
    """One compiled entry of the table."""

    id: str
    triggers: tuple[str, ...]
    pattern_source: Regex
    since: dt.date
    why: str
    instead: str | None
    unless_source: Regex | None
    requires_source: Regex | None
    not_after_source: Regex | None
    kinds: frozenset[str] | None = None  # None: every kind
    severity: OutdatedSeverity = "warning"
    verified: bool = True
    editions: tuple[Edition, ...] = ()

    @classmethod
    def compile(cls, spec: ReferenceSpec) -> OutdatedReference:
        return cls(
            id=spec.id,
            triggers=tuple(spec.triggers),
            pattern_source=Regex(spec.pattern, spec.flags),
            since=spec.since,
            why=" ".join(spec.why.split()),
            instead=spec.instead,
            unless_source=_any_of(spec.unless),
            requires_source=_any_of(spec.requires),
            not_after_source=(
                None if spec.not_after is None else Regex(spec.not_after, re.IGNORECASE)
            ),
            kinds=None if spec.kinds is None else frozenset(spec.kinds),
            severity=spec.severity,
            verified=spec.verified,
            editions=tuple(Edition(e.edition, e.in_force, e.verified) for e in spec.editions),
        )

    @property
    def pattern(self) -> re.Pattern[str]:
        """The entry's pattern (compiled when first asked for)."""
        return self.pattern_source.compiled

    @property
    def unless(self) -> re.Pattern[str] | None:
        """Guards: a paragraph matching one is not reported."""
        return None if self.unless_source is None else self.unless_source.compiled

    @property
    def requires(self) -> re.Pattern[str] | None:
        """Guards: only a paragraph matching one is reported."""
        return None if self.requires_source is None else self.requires_source.compiled

    @property
    def not_after(self) -> re.Pattern[str] | None:
        """A guard: a match right after what this matches is not reported."""
        return None if self.not_after_source is None else self.not_after_source.compiled

    def applies_to(self, kind: str | None) -> bool:
        """True when the entry is checked in a document of this kind (None: any kind)."""
        return kind is None or self.kinds is None or kind in self.kinds

    def _guarded(self, text: str) -> Iterator[re.Match[str]]:
        """The matches in ``text`` that pass ``not_after``, then the paragraph guards."""
        checked = False
        not_after = self.not_after
        for match in self.pattern.finditer(text):
            if not_after is not None:
                before = text[max(0, match.start() - _GUARD_LOOKBEHIND) : match.start()]
                if not_after.search(before):
                    continue
            if not checked:  # the paragraph guards, once, when there is a match (rarely)
                requires, unless = self.requires, self.unless
                if requires is not None and requires.search(text) is None:
                    return
                if unless is not None and unless.search(text) is not None:
                    return
                checked = True
            yield match

    def first_match(self, text: str) -> re.Match[str] | None:
        """The first match in ``text`` that passes the guards, or None."""
        return next(self._guarded(text), None)

    def judge(self, text: str, as_of: dt.date) -> Found | None:
        """The first passage of ``text`` this entry finds outdated on ``as_of``, or None."""
        if self.since > as_of:
            return None
        if not self.editions:
            match = self.first_match(text)
            if match is None:
                return None
            return Found(
                match.group(0), self.since, self.why, self.instead, self.severity, self.verified
            )
        hint: Found | None = None  # an edition that may be outdated: kept while looking on
        for match in self._guarded(text):
            found = self._judge_edition(match, as_of)
            if found is not None and found.certain:
                return found
            hint = hint or found
        return hint

    def _judge_edition(self, match: re.Match[str], as_of: dt.date) -> Found | None:
        """A cited edition older than the one in force on ``as_of``, or maybe older.

        The edition in force is the newest *verified* edition in force by then;
        a newer edition that the catalogue could not verify makes a citation
        of the verified one an ``info`` finding (it may be outdated).
        """
        cited = int(match.group("edition"))
        in_force = [e for e in self.editions if e.in_force <= as_of]
        verified = [e for e in in_force if e.verified]
        current = verified[-1] if verified else None
        if current is not None and cited < current.edition:
            since = next(e.in_force for e in verified if e.edition > cited)
            why = (
                f"{self.why}; the edition in force since {_day(current.in_force)} "
                f"is the {current.edition} edition"
            )
            instead = self._instead(current)
            return Found(match.group(0), since, why, instead, self.severity, self.verified)
        newest = in_force[-1] if in_force else None
        if newest is None or newest.verified or cited >= newest.edition:
            return None
        why = (
            f"{self.why}; a {newest.edition} edition may be in force since "
            f"{_day(newest.in_force)} (not confirmed by policykit's sources): "
            "check which edition applies"
        )
        return Found(match.group(0), newest.in_force, why, None, "info", certain=False)

    def _instead(self, current: Edition) -> str | None:
        if self.instead is None:
            return None
        return self.instead.replace("{edition}", str(current.edition))


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


@dataclass(frozen=True, slots=True)
class CurrentDuties:
    approved_after: dt.date
    why: str
    names: tuple[str, ...]
    pattern_source: Regex
    triggers: tuple[str, ...] = ()  # one is in any text the pattern matches, lower-cased
    kinds: frozenset[str] | None = None  # the kinds where the duties belong; None: every kind

    @property
    def pattern(self) -> re.Pattern[str]:
        """Any of the duties' names (compiled when first asked for)."""
        return self.pattern_source.compiled

    def applies_to(self, kind: str | None) -> bool:
        """True when a document of this kind should mention the duties (None: any kind)."""
        return kind is None or self.kinds is None or kind in self.kinds

    def mentioned(self, text: str, lowered: str) -> bool:
        """True when the pattern matches ``text`` (``lowered``: the text lower-cased).

        Text holding no trigger is passed over without the pattern: the triggers
        are case-insensitive literals of the patterns, which ``str.lower`` finds
        as the pattern would (:mod:`.screens`). Otherwise the pattern is first
        tried from the first trigger on, where a match usually is; any match
        found there is a match in the text.
        """
        if self.triggers and not case_traps(text):
            found = [at for t in self.triggers if (at := lowered.find(t)) >= 0]
            if not found:
                return False
            if self.pattern.search(text, min(found)) is not None:
                return True
        return self.pattern.search(text) is not None


@dataclass(frozen=True)
class OutdatedTable:
    references: tuple[OutdatedReference, ...]
    current_duties: CurrentDuties | None
    screen: NeedleScreen  # every entry's trigger words
    holders: dict[str, tuple[int, ...]]  # trigger word -> the entries (indexes) it triggers

    @classmethod
    def of(
        cls,
        references: Sequence[OutdatedReference],
        current_duties: CurrentDuties | None,
        screen: NeedleScreen | None = None,
    ) -> OutdatedTable:
        """A table of these entries, with the screen of their trigger words (``screen``: a
        screen of more words, restricted to theirs)."""
        holders: dict[str, tuple[int, ...]] = {}
        for i, ref in enumerate(references):
            for trigger in ref.triggers:
                holders[trigger] = (*holders.get(trigger, ()), i)
        screen = NeedleScreen(holders) if screen is None else screen.restricted(holders)
        return cls(tuple(references), current_duties, screen, holders)

    def for_kind(self, kind: str | None) -> OutdatedTable:
        """The entries checked in a document of ``kind`` (None: all), with their own screen.

        Remembered per kind: the screen is built once for each kind met.
        """
        if kind is None:
            return self
        cache: dict[str, OutdatedTable] = self.__dict__.setdefault("_by_kind", {})
        table = cache.get(kind)
        if table is None:
            refs = [ref for ref in self.references if ref.applies_to(kind)]
            if len(refs) == len(self.references):
                table = self
            else:  # (this table's screen, restricted: no pattern compiled per kind)
                table = OutdatedTable.of(refs, None, self.screen)
            cache[kind] = table
        return table

    def find(self, text: str, as_of: dt.date) -> Iterator[tuple[OutdatedReference, str]]:
        """(entry, matched text) for each entry outdated by ``as_of`` found in ``text``."""
        for _, ref, matched in self.find_all([text], as_of):
            yield ref, matched

    def find_all(
        self, texts: Sequence[str], as_of: dt.date, lowered: str | None = None
    ) -> Iterator[tuple[int, OutdatedReference, str]]:
        """(index, entry, matched text) for the entries outdated by ``as_of`` in each text."""
        for index, ref, found in self.find_outdated(texts, as_of, lowered):
            yield index, ref, found.text

    def find_outdated(
        self, texts: Sequence[str], as_of: dt.date, lowered: str | None = None
    ) -> Iterator[tuple[int, OutdatedReference, Found]]:
        """(index, entry, what was found) for the entries outdated by ``as_of`` in each text.

        An entry's pattern is tried only on a text holding one of its trigger words
        (lower-cased). The triggers are first looked for in all the texts at once
        (:meth:`NeedleScreen.holding`, which remembers the texts met before; ``lowered``,
        ``"\\n".join(texts).lower()``, when a screen cannot remember); only the texts
        holding one are looked at one by one.
        """
        if not self.references:
            return
        # each text holding a place, with the groups of needles placed there: only their
        # needles can be in it
        holding = self.screen.holding(texts, lowered)
        groups = self.screen.groups
        for index in sorted(holding):
            text = texts[index]
            low = text.lower()
            holders = {
                i
                for group in holding[index]
                for t in groups[group]
                if t in low
                for i in self.holders[t]
            }
            for i in sorted(holders):
                ref = self.references[i]
                outdated = ref.judge(text, as_of)
                if outdated is not None:
                    yield index, ref, outdated


def load_table(path: Path = DATA_FILE, *, compile_now: bool = True) -> OutdatedTable:
    """Read, validate and compile a phrase table; ValueError naming the file and key.

    ``compile_now=False`` leaves each pattern to be compiled (and a bad one found)
    when first used: for the built-in table, which the tests load with every pattern
    compiled, so that a run does not compile the hundred patterns it mostly never meets.
    """
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)
    except (OSError, yaml.YAMLError) as exc:
        raise ValueError(f"{path}: cannot read the outdated-phrase table: {exc}") from exc
    try:
        spec = OutdatedSpec.model_validate(raw, context={"compile_now": compile_now})
    except ValidationError as exc:
        problems = "; ".join(
            f"key '{'.'.join(str(p) for p in err['loc'])}': {err['msg']}" for err in exc.errors()
        )
        raise ValueError(f"{path}: invalid outdated-phrase table: {problems}") from exc
    references = tuple(OutdatedReference.compile(r) for r in spec.references)
    duties = None
    if spec.current_duties is not None:
        cd = spec.current_duties
        duties = CurrentDuties(
            cd.approved_after,
            " ".join(cd.why.split()),
            tuple(cd.names),
            Regex(_alternation(cd.patterns), 0),
            tuple(cd.triggers),
            None if cd.kinds is None else frozenset(cd.kinds),
        )
    return OutdatedTable.of(references, duties)


@functools.lru_cache(maxsize=1)
def outdated_table() -> OutdatedTable:
    """The built-in table, loaded once per process; each pattern compiled when first used
    (``tests/rules/test_pk401_outdated.py`` compiles them all)."""
    return load_table(compile_now=False)
