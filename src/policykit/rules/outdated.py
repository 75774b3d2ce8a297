"""The PK401 phrase table: ``policykit/data/outdated.yaml``, validated and compiled once.

Each entry is a regular expression with the date the wording became outdated,
why, and guards against false alarms (see the comments at the top of the
data file). Each entry's trigger words screen the text first with plain
substring tests, once for the whole document and then for the few paragraphs
holding one, so most documents cost no regular expression at all.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .screens import NeedleScreen, case_traps, offsets, texts_at

DATA_FILE: Final = Path(__file__).resolve().parent.parent / "data" / "outdated.yaml"
_GUARD_LOOKBEHIND: Final = 40  # characters before a match that ``not_after`` sees
# libyaml's safe loader when PyYAML has it: the same data, read ten times faster.
_YAML_LOADER: Final = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _check_regex(value: str) -> str:
    try:
        re.compile(value)
    except re.error as exc:
        raise ValueError(f"bad regular expression {value!r}: {exc}") from exc
    return value


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ReferenceSpec(_Spec):
    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    triggers: list[str] = Field(min_length=1)
    pattern: str
    case_sensitive: bool = False
    since: dt.date
    why: str = Field(min_length=1)
    instead: str | None = None
    unless: list[str] = Field(default_factory=list)
    requires: list[str] = Field(default_factory=list)
    not_after: str | None = None

    @field_validator("pattern", "not_after")
    @classmethod
    def _compiles(cls, value: str | None) -> str | None:
        return None if value is None else _check_regex(value)

    @field_validator("unless", "requires")
    @classmethod
    def _all_compile(cls, value: list[str]) -> list[str]:
        return [_check_regex(v) for v in value]

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

    @field_validator("patterns")
    @classmethod
    def _all_compile(cls, value: list[str]) -> list[str]:
        return [_check_regex(v) for v in value]

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


def _any_of(patterns: list[str]) -> re.Pattern[str] | None:
    if not patterns:
        return None
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class OutdatedReference:
    """One compiled entry of the table."""

    id: str
    triggers: tuple[str, ...]
    pattern: re.Pattern[str]
    since: dt.date
    why: str
    instead: str | None
    unless: re.Pattern[str] | None
    requires: re.Pattern[str] | None
    not_after: re.Pattern[str] | None

    @classmethod
    def compile(cls, spec: ReferenceSpec) -> OutdatedReference:
        flags = 0 if spec.case_sensitive else re.IGNORECASE
        return cls(
            id=spec.id,
            triggers=tuple(spec.triggers),
            pattern=re.compile(spec.pattern, flags),
            since=spec.since,
            why=" ".join(spec.why.split()),
            instead=spec.instead,
            unless=_any_of(spec.unless),
            requires=_any_of(spec.requires),
            not_after=None if spec.not_after is None else re.compile(spec.not_after, re.I),
        )

    def first_match(self, text: str) -> re.Match[str] | None:
        """The first match in ``text`` that passes the guards, or None."""
        for match in self.pattern.finditer(text):
            if self.not_after is not None:
                before = text[max(0, match.start() - _GUARD_LOOKBEHIND) : match.start()]
                if self.not_after.search(before):
                    continue
            break
        else:
            return None  # no match (the usual case): the guards need no look
        if self.requires is not None and self.requires.search(text) is None:
            return None
        if self.unless is not None and self.unless.search(text) is not None:
            return None
        return match


@dataclass(frozen=True, slots=True)
class CurrentDuties:
    approved_after: dt.date
    why: str
    names: tuple[str, ...]
    pattern: re.Pattern[str]
    triggers: tuple[str, ...] = ()  # one is in any text the pattern matches, lower-cased

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


@dataclass(frozen=True, slots=True)
class OutdatedTable:
    references: tuple[OutdatedReference, ...]
    current_duties: CurrentDuties | None
    screen: NeedleScreen  # every entry's trigger words
    holders: dict[str, tuple[int, ...]]  # trigger word -> the entries (indexes) it triggers

    def find(self, text: str, as_of: dt.date) -> Iterator[tuple[OutdatedReference, str]]:
        """(entry, matched text) for each entry outdated by ``as_of`` found in ``text``."""
        for _, ref, matched in self.find_all([text], as_of):
            yield ref, matched

    def find_all(
        self, texts: Sequence[str], as_of: dt.date, lowered: str | None = None
    ) -> Iterator[tuple[int, OutdatedReference, str]]:
        """(index, entry, matched text) for the entries outdated by ``as_of`` in each text.

        An entry's pattern is tried only on a text holding one of its trigger words
        (lower-cased). The triggers are first looked for in all the texts at once,
        in ``lowered`` (``"\\n".join(texts).lower()``, computed if not given);
        only the texts holding one are looked at one by one.
        """
        if lowered is None:
            lowered = "\n".join(texts).lower()
        found = self.screen.positions(lowered)
        if not found:
            return
        if lowered.count("\n") == len(texts) - 1:  # no text holds a line break: count them
            holding = sorted({lowered.count("\n", 0, at) for at in found})
        else:
            holding = texts_at(found, offsets(len(text.lower()) for text in texts))
        for index in holding:
            text = texts[index]
            low = text.lower()
            holders = {i for t in self.screen.needles if t in low for i in self.holders[t]}
            for i in sorted(holders):
                ref = self.references[i]
                if ref.since > as_of:
                    continue
                match = ref.first_match(text)
                if match is not None:
                    yield index, ref, match.group(0)


def load_table(path: Path = DATA_FILE) -> OutdatedTable:
    """Read, validate and compile a phrase table; ValueError naming the file and key."""
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)
    except (OSError, yaml.YAMLError) as exc:
        raise ValueError(f"{path}: cannot read the outdated-phrase table: {exc}") from exc
    try:
        spec = OutdatedSpec.model_validate(raw)
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
            re.compile("|".join(f"(?:{p})" for p in cd.patterns)),
            tuple(cd.triggers),
        )
    holders: dict[str, tuple[int, ...]] = {}
    for i, ref in enumerate(references):
        for trigger in ref.triggers:
            holders[trigger] = (*holders.get(trigger, ()), i)
    return OutdatedTable(references, duties, NeedleScreen(holders), holders)


@functools.lru_cache(maxsize=1)
def outdated_table() -> OutdatedTable:
    """The built-in table, loaded once per process."""
    return load_table()
