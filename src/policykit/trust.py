"""A trust's schools and the policy kinds each must hold: the model behind PK501/PK502.

The trust's view of its folders (``[tool.policykit.trust]``)::

    [tool.policykit.trust]
    schools = ["Schools/*"]      # folders that are schools (globs from this file's folder);
                                 # default: each top-level folder under a checked path
    exclude = ["*archive*"]      # folder names (globs, any case) holding no current policy;
                                 # a pattern that matches nothing is reported
    type = "academy"             # maintained | academy (default: what both must hold)
    phase = "primary"            # primary | secondary | all-through (default: both)
    require = ["anti-bullying"]  # kinds every school must hold besides the statutory ones
    not-required = ["careers"]   # kinds no school is asked for
    reminder-days = 28           # the calendar's alarm, days before a review falls due
    [tool.policykit.trust.school."Oak Primary"]
    type = "maintained"
    phase = "primary"
    require = ["collective-worship"]

By default each top-level folder under a checked path that holds policies of
at least three kinds is a school (``schools`` names them outright). A school
must hold each kind whose data says it is statutory
(``statutory: {maintained: yes, academy: yes}``) for the school's type and
applies to its phase (``phases``); a school of unknown type or phase is asked
only for what every type and phase must hold. Documents are gathered as they
are checked (:class:`TrustBuilder`), and :meth:`TrustBuilder.finish` gives the
:class:`TrustView`: each school's documents, its current policy of each kind
(the newest, when two current documents share a kind), what is missing, and
the school x kind matrix the reports draw.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final

from .errors import ConfigError
from .kinds import DEFAULT_PRIORITY
from .settingdoc import key, key_names

if TYPE_CHECKING:
    from .model import PolicyDate
    from .records import DocumentReport

SCHOOL_TYPES: Final = ("maintained", "academy")
PHASES: Final = ("primary", "secondary", "all-through")
DEFAULT_EXCLUDE: Final = (
    "*archive*",
    "*superseded*",
    "old",
    "old policies",
    "old versions",
    "previous versions",
)
DEFAULT_REMINDER_DAYS: Final = 28
UNREAD: Final = frozenset({"unreadable", "not-checked"})  # a checked copy is preferred
# A top-level folder is taken for a school (when `schools` is not configured) only when it
# holds current documents of at least this many kinds: a folder of drafts, or one policy
# kept alone, is not a school missing everything else.
MIN_KINDS_FOR_SCHOOL: Final = 3
NO_KIND: Final = frozenset({None, "generic"})

# Statuses of a school x kind cell, in order of concern (the matrix's words).
CELL_STATUSES: Final = ("lapsed", "unreadable", "missing", "due-soon", "no-review-date", "current")
STATUS_WORDS: Final = {
    "lapsed": "lapsed",
    "unreadable": "unreadable",
    "missing": "missing",
    "due-soon": "due soon",
    "no-review-date": "no review date",
    "current": "current",
    "unchecked": "unchecked",
    "not-checked": "not checked",
}


# --------------------------------------------------------------------------- settings


@dataclass(frozen=True, slots=True)
class SchoolSettings:
    """One school's own settings (``[tool.policykit.trust.school."NAME"]``)."""

    name: str
    type: str | None = key(
        None,
        "This school's type, over the trust's `type`.",
        'type = "maintained"',
    )
    phase: str | None = key(
        None,
        "This school's phase, over the trust's `phase`.",
        'phase = "primary"',
    )
    require: tuple[str, ...] = key(
        (),
        "Kinds this school must hold besides the trust's list.",
        'require = ["collective-worship"]',
    )
    not_required: tuple[str, ...] = key(
        (),
        "Kinds this school is not asked for.",
        'not-required = ["careers"]',
    )


@dataclass(frozen=True, slots=True)
class TrustSettings:
    """The ``[tool.policykit.trust]`` table, validated (the defaults when absent)."""

    root: str = "."
    schools: tuple[str, ...] | None = key(
        None,
        "The folders that are schools, as globs from the configuration file's folder. "
        "Default: each top-level folder under a checked path holding policies of three "
        "kinds or more.",
        'schools = ["Schools/*"]',
    )
    exclude: tuple[str, ...] = key(
        DEFAULT_EXCLUDE,
        "Folder names (globs, any case) whose documents are not a school's current "
        "policies, such as archives; a pattern that matches no folder is reported. "
        f"Default: {', '.join(DEFAULT_EXCLUDE)}.",
        'exclude = ["*archive*", "Drafts"]',
    )
    exclude_configured: bool = False
    type: str | None = key(
        None,
        f"The schools' type ({' or '.join(SCHOOL_TYPES)}), which decides the statutory "
        "policies they must hold. Default: only what both types must hold.",
        'type = "academy"',
    )
    phase: str | None = key(
        None,
        f"The schools' phase ({', '.join(PHASES)}). Default: what every phase must hold.",
        'phase = "secondary"',
    )
    require: tuple[str, ...] = key(
        (),
        "Kinds every school must hold besides the statutory ones (PK501 when missing).",
        'require = ["anti-bullying"]',
    )
    not_required: tuple[str, ...] = key(
        (),
        "Kinds no school is asked for, even when statutory for its type.",
        'not-required = ["careers"]',
    )
    reminder_days: int = key(
        DEFAULT_REMINDER_DAYS,
        "How many days before a review falls due the calendar's reminder goes off.",
        "reminder-days = 28",
    )
    school: tuple[SchoolSettings, ...] = key(
        (),
        "One school's own settings (`type`, `phase`, `require`, `not-required`), in a "
        'table `[tool.policykit.trust.school."NAME"]` named as its folder (any case).',
        '[tool.policykit.trust.school."Oak Primary"]\ntype = "maintained"',
    )

    def for_school(self, name: str) -> SchoolSettings:
        """The school's settings, its own table over the trust's (names match in any case)."""
        own = next((s for s in self.school if s.name.casefold() == name.casefold()), None)
        return SchoolSettings(
            name,
            (own.type if own else None) or self.type,
            (own.phase if own else None) or self.phase,
            self.require + (own.require if own else ()),
            self.not_required + (own.not_required if own else ()),
        )


_TRUST_KEYS: Final = key_names(TrustSettings)
_SCHOOL_KEYS: Final = key_names(SchoolSettings)


def parse_trust(value: Any, where: str, root: str = ".") -> TrustSettings:
    """Validate a ``trust`` table; ConfigError names the bad key."""
    if not isinstance(value, Mapping):
        raise ConfigError(f"{where}: expected a table")
    values: dict[str, Any] = {}
    for raw_key, item in value.items():
        key = str(raw_key).replace("-", "_")
        here = f"{where}.{raw_key}"
        if key not in _TRUST_KEYS:
            known = ", ".join(k.replace("_", "-") for k in _TRUST_KEYS)
            raise ConfigError(f"{here}: unknown key (known keys: {known})")
        if key == "school":
            values["school"] = _schools(item, here)
        elif key == "reminder_days":
            if isinstance(item, bool) or not isinstance(item, int) or not 0 <= item <= 366:
                raise ConfigError(f"{here}: expected a number of days from 0 to 366")
            values[key] = item
        elif key in ("type", "phase"):
            values[key] = _choice(item, SCHOOL_TYPES if key == "type" else PHASES, here)
        else:
            values[key] = _strings(item, here)
    if "exclude" in values:
        values["exclude_configured"] = True
    return TrustSettings(root=root, **values)


def _schools(value: Any, where: str) -> tuple[SchoolSettings, ...]:
    if not isinstance(value, Mapping):
        raise ConfigError(f"{where}: expected a table of schools by name")
    found: list[SchoolSettings] = []
    for name, table in value.items():
        here = f'{where}."{name}"'
        if not isinstance(table, Mapping):
            raise ConfigError(f"{here}: expected a table")
        values: dict[str, Any] = {}
        for raw_key, item in table.items():
            key = str(raw_key).replace("-", "_")
            if key not in _SCHOOL_KEYS:
                known = ", ".join(k.replace("_", "-") for k in _SCHOOL_KEYS)
                raise ConfigError(f"{here}.{raw_key}: unknown key (known keys: {known})")
            if key in ("type", "phase"):
                values[key] = _choice(
                    item, SCHOOL_TYPES if key == "type" else PHASES, f"{here}.{raw_key}"
                )
            else:
                values[key] = _strings(item, f"{here}.{raw_key}")
        found.append(SchoolSettings(str(name), **values))
    return tuple(found)


def _choice(value: Any, choices: Sequence[str], where: str) -> str:
    text = value.strip().lower() if isinstance(value, str) else ""
    if text not in choices:
        raise ConfigError(f"{where}: expected one of {', '.join(choices)}, not {value!r}")
    return text


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ConfigError(f"{where}: expected a list of strings")
    return tuple(v.strip() for v in value)


# --------------------------------------------------------------------------- requirements


@dataclass(frozen=True, slots=True)
class Requirement:
    """A kind a school must hold, and what requires it (the statute, or the trust)."""

    kind: str
    name: str
    source: str
    priority: int = 3


def kind_name(kind_id: str) -> str:
    """The kind's name ("Behaviour Policy"), or the id when the kind is unknown."""
    kind = _kind(kind_id)
    if kind is None:
        return kind_id
    return str(getattr(kind.spec, "name", None) or kind_id)


def kind_priority(kind_id: str | None) -> int:
    """The kind's priority, 1 (highest stakes) .. 5; DEFAULT_PRIORITY when the data does not
    say."""
    kind = _kind(kind_id) if kind_id else None
    value = _attr(kind, "priority")
    return value if isinstance(value, int) and not isinstance(value, bool) else DEFAULT_PRIORITY


def _kind(kind_id: str) -> Any:
    from .errors import KindError
    from .kinds import get_kind

    try:
        return get_kind(kind_id)
    except (KindError, ValueError, OSError):
        return None


def _attr(kind: Any, name: str) -> Any:
    """A kind's attribute, from the Kind or its spec (``None`` when the data lacks it)."""
    if kind is None:
        return None
    value = getattr(kind, name, None)
    if value is None:
        value = getattr(getattr(kind, "spec", None), name, None)
    return value


def _get(value: Any, key: str) -> Any:
    if isinstance(value, Mapping):
        return value.get(key)
    return getattr(value, key, None)


def _yes(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.strip().lower() == "yes")


def statutory_for(kind: Any, school_type: str | None, phase: str | None) -> bool:
    """Whether the kind's data says a school of this type and phase must hold it.

    Unknown type: statutory for both types. Unknown phase (or all-through): it
    applies to every phase the school could be (both, when unknown).
    """
    statutory = _attr(kind, "statutory")
    if statutory is None:
        return False
    types = SCHOOL_TYPES if school_type is None else (school_type,)
    if not all(_yes(_get(statutory, t)) for t in types):
        return False
    phases = _attr(kind, "phases")
    if not phases:
        return True
    held = {str(p).lower() for p in phases}
    wanted = {"primary", "secondary"} if phase in (None, "all-through") else {phase}
    if phase == "all-through":  # an all-through school teaches both: either phase's kinds apply
        return bool(held & wanted)
    return wanted <= held


def _source_text(kind: Any, school_type: str | None) -> str:
    statute = _attr(kind, "statute")
    sources = _attr(kind, "sources") or ()
    who = f"{school_type} schools" if school_type else "maintained schools and academies"
    if statute:
        return f"{statute} (statutory for {who})"
    if sources:
        return f"{', '.join(str(s) for s in sources)} (statutory for {who})"
    return f"the kind's data (statutory for {who})"


def required_kinds(settings: SchoolSettings) -> list[Requirement]:
    """The kinds a school must hold: statutory for its type and phase, plus and minus the
    trust's own, highest priority first."""
    from .kinds import available_kinds

    dropped = {k.lower() for k in settings.not_required}
    found: dict[str, Requirement] = {}
    for kind_id in available_kinds():
        kind = _kind(kind_id)
        if kind is None or kind_id in dropped:
            continue
        if statutory_for(kind, settings.type, settings.phase):
            found[kind_id] = Requirement(
                kind_id,
                kind_name(kind_id),
                _source_text(kind, settings.type),
                kind_priority(kind_id),
            )
    for kind_id in settings.require:
        if kind_id.lower() not in dropped and kind_id not in found:
            found[kind_id] = Requirement(
                kind_id, kind_name(kind_id), "the trust's configuration", kind_priority(kind_id)
            )
    return sorted(found.values(), key=lambda r: (r.priority, r.name.lower()))


# --------------------------------------------------------------------------- documents


@dataclass(slots=True)
class Entry:
    """A checked document as the trust sees it (light: a view of 10,000 stays small)."""

    path: str
    school: str | None
    kind: str | None
    status: str
    title: str | None
    approved: PolicyDate | None
    review_due: PolicyDate | None
    archived: bool = False
    current: bool = False
    guessed_kind: bool = False

    @property
    def newness(self) -> tuple[dt.date, dt.date, str]:
        """What makes one of two documents of a kind the newer: approval, then review date."""
        approved = self.approved.start if self.approved else dt.date.min
        due = self.review_due.end if self.review_due else dt.date.min
        return (approved, due, self.path)


@dataclass(slots=True)
class School:
    """One school: its folder, settings, documents and what it holds of each kind."""

    name: str
    folder: str
    settings: SchoolSettings
    required: list[Requirement] = field(default_factory=list)
    documents: list[Entry] = field(default_factory=list)
    current: dict[str, Entry] = field(default_factory=dict)
    duplicates: list[tuple[Entry, Entry]] = field(default_factory=list)  # (kept, other)
    missing: list[Requirement] = field(default_factory=list)

    def cell(self, kind: str) -> str | None:
        """The matrix cell: the current document's status, ``missing``, or None (not held)."""
        entry = self.current.get(kind)
        if entry is not None:
            return entry.status
        if any(r.kind == kind for r in self.missing):
            return "missing"
        return None


@dataclass(slots=True)
class TrustView:
    """The schools found, each with its documents, and the kinds in matrix order."""

    schools: list[School]
    kinds: list[str]
    unmatched_exclude: list[str] = field(default_factory=list)
    outside: list[Entry] = field(default_factory=list)  # documents in no school
    settings: TrustSettings = field(default_factory=lambda: TrustSettings())  # the run's

    def school_of(self, path: str) -> School | None:
        for school in self.schools:
            if any(e.path == path for e in school.documents):
                return school
        return None

    def entry_map(self) -> dict[str, tuple[School | None, Entry]]:
        """Every document by path, with its school."""
        found: dict[str, tuple[School | None, Entry]] = {}
        for school in self.schools:
            for entry in school.documents:
                found[entry.path] = (school, entry)
        for entry in self.outside:
            found[entry.path] = (None, entry)
        return found

    def required_kinds(self) -> set[str]:
        return {r.kind for s in self.schools for r in s.required}


class TrustBuilder:
    """Gathers documents as they are checked; :meth:`finish` gives the :class:`TrustView`."""

    def __init__(self, paths: Iterable[str | os.PathLike[str]], settings: TrustSettings) -> None:
        self.settings = settings
        given = [os.fspath(p) for p in paths]
        # The checked folders, absolute, with the spelling the user gave (for reports).
        self._given = {os.path.abspath(p): p for p in given if os.path.isdir(p)}
        self._roots = list(self._given)
        self._school_dirs = self._configured_schools()
        self._schools: dict[str, School] = {}
        self._outside: list[Entry] = []
        self._used_patterns: set[str] = set()
        # (school or None, archived) by the folder holding a document
        self._places: dict[str, tuple[tuple[str, str] | None, bool]] = {}
        self._required: dict[tuple[object, ...], list[Requirement]] = {}

    def _configured_schools(self) -> list[str] | None:
        if self.settings.schools is None:
            return None
        import glob

        found: list[str] = []
        for pattern in self.settings.schools:
            full = os.path.join(self.settings.root, pattern)
            found.extend(os.path.abspath(p) for p in glob.glob(full) if os.path.isdir(p))
        return sorted(set(found), key=len, reverse=True)  # the deepest folder first

    def _locate(self, path: str) -> tuple[str, str, list[str]] | None:
        """(school name, school folder, folder names between them and the file), or None."""
        full = os.path.abspath(path)
        if self._school_dirs is not None:
            for folder in self._school_dirs:
                if full.startswith(folder + os.sep):
                    inner = os.path.relpath(full, folder).split(os.sep)[:-1]
                    return os.path.basename(folder), folder, inner
            return None
        for root in self._roots:
            if full.startswith(root + os.sep):
                parts = os.path.relpath(full, root).split(os.sep)
                if len(parts) < 2 or self._excluded(parts[0]):
                    return None
                return parts[0], os.path.join(self._given[root], parts[0]), parts[1:-1]
        return None

    def _excluded(self, name: str) -> bool:
        lowered = name.casefold()
        hit = False
        for pattern in self.settings.exclude:
            if fnmatch.fnmatchcase(lowered, pattern.casefold()):
                self._used_patterns.add(pattern)
                hit = True
        return hit

    def add(self, doc: DocumentReport) -> None:
        """One checked document (school records, status ``school``, are not documents)."""
        if doc.status == "school":
            return
        kind, guessed = doc.kind, False
        if kind is None and doc.error is not None:
            kind, guessed = guess_kind(os.path.basename(doc.path)), True
        entry = Entry(doc.path, None, kind, doc.status, doc.title, doc.approved, doc.review_due)
        entry.guessed_kind = guessed and kind is not None
        folder_of = os.path.dirname(doc.path)
        place = self._places.get(folder_of)
        if place is None:  # worked out once for the documents of a folder
            place = self._places[folder_of] = self._place(doc.path)
        where, entry.archived = place
        if where is None:
            self._outside.append(entry)
            return
        name, folder = where
        entry.school = name
        school = self._schools.get(folder)
        if school is None:
            settings = self.settings.for_school(name)
            school = School(name, folder, settings, self._required_kinds(settings))
            self._schools[folder] = school
        school.documents.append(entry)

    def _required_kinds(self, settings: SchoolSettings) -> list[Requirement]:
        """:func:`required_kinds`, worked out once in a run for schools set alike."""
        alike = (settings.type, settings.phase, settings.require, settings.not_required)
        found = self._required.get(alike)
        if found is None:
            found = self._required[alike] = required_kinds(settings)
        return list(found)

    def _place(self, path: str) -> tuple[tuple[str, str] | None, bool]:
        """((school name, school folder) or None, whether an excluded folder holds it)."""
        where = self._locate(path)
        if where is None:
            archived = False
            if self._roots and any(
                os.path.abspath(path).startswith(r + os.sep) for r in self._roots
            ):
                parts = os.path.relpath(os.path.abspath(path), self._common(path))
                archived = any([self._excluded(p) for p in parts.split(os.sep)[:-1]])
            return None, archived
        name, folder, inner = where
        return (name, folder), any([self._excluded(part) for part in inner])  # each use noted

    def _common(self, path: str) -> str:
        full = os.path.abspath(path)
        return next((r for r in self._roots if full.startswith(r + os.sep)), os.path.dirname(full))

    def finish(self) -> TrustView:
        """The view: current documents, duplicates, what is missing, the matrix's columns."""
        if self._school_dirs is None:  # found, not configured: only folders that look like one
            for folder, school in list(self._schools.items()):
                kinds = {e.kind for e in school.documents if not e.archived} - NO_KIND
                if len(kinds) < MIN_KINDS_FOR_SCHOOL:
                    del self._schools[folder]
                    self._outside.extend(school.documents)
        for school in self._schools.values():
            by_kind: dict[str, list[Entry]] = {}
            for entry in school.documents:
                if entry.archived or entry.kind in NO_KIND:
                    continue
                assert entry.kind is not None
                by_kind.setdefault(entry.kind, []).append(entry)
            for kind, entries in by_kind.items():
                readable = [e for e in entries if e.status not in UNREAD] or entries
                ordered = sorted(readable, key=lambda e: e.newness, reverse=True)
                kept = ordered[0]
                kept.current = True
                school.current[kind] = kept
                school.duplicates.extend((kept, other) for other in ordered[1:])
            school.missing = [r for r in school.required if r.kind not in school.current]
        schools = sorted(self._schools.values(), key=lambda s: s.name.casefold())
        return TrustView(
            schools, _columns(schools), self._unmatched(), self._outside, self.settings
        )

    def _unmatched(self) -> list[str]:
        if not self.settings.exclude_configured:
            return []
        return [p for p in self.settings.exclude if p not in self._used_patterns]


def _columns(schools: Sequence[School]) -> list[str]:
    """Kinds in matrix order: required ones first (highest priority first), then the rest."""
    required = {r.kind for s in schools for r in s.required}
    held = {k for s in schools for k in s.current} - required
    return sorted(required, key=lambda k: (kind_priority(k), kind_name(k).lower())) + sorted(
        held, key=lambda k: (kind_priority(k), kind_name(k).lower())
    )


def guess_kind(file_name: str) -> str | None:
    """The kind a file name names ("Behaviour Policy.docx"), for a document that cannot be
    read; None when no kind's title phrase is in the name or more than one kind's is."""
    from .kinds import available_kinds, get_kind, normalise

    stem = normalise(os.path.splitext(file_name)[0].replace("_", " ").replace("-", " "))
    best: tuple[int, str] | None = None
    for kind_id in available_kinds():
        try:
            kind = get_kind(kind_id)
        except Exception:  # a broken kind file is reported where kinds are loaded
            continue
        for phrase in kind.title_phrases:
            if phrase and f" {phrase} " in f" {stem} " and (best is None or len(phrase) > best[0]):
                best = (len(phrase), kind_id)
    return None if best is None else best[1]


__all__ = [
    "CELL_STATUSES",
    "DEFAULT_EXCLUDE",
    "STATUS_WORDS",
    "Entry",
    "Requirement",
    "School",
    "SchoolSettings",
    "TrustBuilder",
    "TrustSettings",
    "TrustView",
    "guess_kind",
    "kind_name",
    "kind_priority",
    "parse_trust",
    "required_kinds",
    "statutory_for",
]
