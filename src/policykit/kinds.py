"""Policy kinds: what each kind of school policy is, as data loaded from YAML.

A kind is a data file (``schemas/<id>.yaml``), validated on load; adding a
kind needs no code. A kind file names the kind (title phrases, common titles,
abbreviations, for recognising it), says what law or guidance it answers to
(statute, sources, statutory for maintained schools and academies, phases,
publication, review cycle, approver, priority: 1 highest stakes .. 5, which orders
reports; ``severity``: a rule's severity for this kind where its law makes a
finding more serious, e.g. ``{PK208: error}``), and lists its sections and the
content items its law requires (``contents``), each matched on headings or on
phrases in the text. ``heading_styles`` maps a trust's house paragraph styles
to heading levels. The metadata labels, review-history labels and review-cycle
phrases shared by every kind live once in ``data/common.yaml``; a kind file
lists only its extra ones (``fields``, ``history``, ``review_cycles``).

Built-in kinds ship inside the package (``policykit/schemas``); in a source
checkout they are read from the repository's ``schemas/`` folder. The kind
``generic`` has no sections and no contents: a policy whose kind is not known
is read and checked for what every policy has, and judged by no other kind's
sections.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Final, Literal, Protocol

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from . import fields as fieldtable
from . import yamlio
from .errors import KindError

_PACKAGE_DIR = Path(__file__).resolve().parent


@functools.cache
def builtin_schema_dir() -> Path:
    """Where the built-in kinds live: inside the installed package, else the source tree."""
    inside = _PACKAGE_DIR / "schemas"
    if inside.is_dir():
        return inside
    return _PACKAGE_DIR.parents[1] / "schemas"


# --------------------------------------------------------------------------- normalising

_NUMBERING = re.compile(
    r"""^\s*(?:
        (?:section|part|appendix)\s+[0-9ivxlc]+[a-z]?\s*[:.)\-–]?   # Section 3:
      | \(?[0-9]{1,2}(?:\.[0-9]{1,2})*\.?\)?[:.)\-–]?                # 1.  2)  1.1  (3)
      | \(?[a-h]\)                                                  # a)  (b)
      | [ivx]{1,4}[.)]                                              # iv.  ii)
    )\s+""",
    re.IGNORECASE | re.VERBOSE,
)
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "–": "-", "—": "-"})


def strip_numbering(text: str) -> str:
    """``"1.1 Aims"`` -> ``"Aims"``; ``"Section 3: Review"`` -> ``"Review"``."""
    return _NUMBERING.sub("", text, count=1)


@functools.lru_cache(maxsize=4096)
def normalise(text: str) -> str:
    """The form in which headings and labels are compared.

    Lower case, numbering removed, ``&`` read as ``and``, curly quotes made
    straight, surrounding punctuation and trailing colons dropped, spaces
    collapsed. Remembered: recognition asks for the same lines many times.
    """
    text = text.translate(_APOSTROPHES)
    text = strip_numbering(text).replace("&", " and ")
    text = " ".join(text.split()).lower()
    return _strip_edge_punct(text)


def _strip_edge_punct(text: str) -> str:
    """Drop what is not a letter or digit from both ends (no regular-expression search)."""
    start, end = 0, len(text)
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not text[end - 1].isalnum():
        end -= 1
    return text[start:end]


# --------------------------------------------------------------------------- kind file schema


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SectionSpec(_Spec):
    id: str = Field(pattern=r"^[a-z][a-z0-9_-]*$")
    required: bool = False
    title: str
    headings: list[str] = Field(min_length=1)
    patterns: list[str] = Field(default_factory=list)

    @field_validator("patterns")
    @classmethod
    def _compiles(cls, value: list[str]) -> list[str]:
        for pattern in value:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"bad regular expression {pattern!r}: {exc}") from exc
        return value


class FieldLabels(_Spec):
    """Labels by field (the names in :mod:`policykit.fields`); people's roles under ``people``."""

    model_config = ConfigDict(extra="allow", frozen=True)
    __pydantic_extra__: dict[str, list[str]] = Field(init=False)
    people: dict[str, list[str]] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _declared(self) -> FieldLabels:
        known = {f.name for f in fieldtable.label_fields()}
        for key in self.model_extra or {}:
            if key not in known:
                raise ValueError(
                    f"unknown field {key!r} (fields: {', '.join(sorted(known))}, people)"
                )
        return self

    def labels(self, name: str) -> list[str]:
        """The labels given for a field (``approved``) or a role (``people.author``)."""
        if name.startswith("people."):
            return self.people.get(name.split(".", 1)[1], [])
        extra: dict[str, list[str]] = self.model_extra or {}
        return extra.get(name, [])


class HistorySpec(_Spec):
    date_labels: list[str] = Field(default_factory=list)
    signature_labels: list[str] = Field(default_factory=list)


class CycleSpec(_Spec):
    pattern: str
    months: int = Field(ge=1, le=120)
    note: str | None = None

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"bad regular expression {value!r}: {exc}") from exc
        return value


Applies = Literal["yes", "no", "where-applicable"]
Phase = Literal["primary", "secondary"]
_PHASES: tuple[Phase, ...] = ("primary", "secondary")


class Statutory(_Spec):
    """Whether a kind of policy is required by law: for maintained schools, for academies."""

    maintained: Applies = "no"
    academy: Applies = "no"


class ReviewCycle(_Spec):
    """How often a kind of policy must (``max_months``) or should be reviewed.

    ``max_months`` is a required maximum (checked by PK208, only when
    ``verified``); ``recommended_months`` is advice (never an error).
    """

    max_months: int | None = Field(default=None, ge=1, le=120)
    recommended_months: int | None = Field(default=None, ge=1, le=120)
    note: str = ""
    verified: bool = False


class ContentSpec(_Spec):
    """A content item a kind's law or guidance requires, as checkable data.

    Present when a section heading matches one of ``headings`` (normalised
    like section headings) or a regular expression in ``patterns`` matches
    the document's text in lower case. ``verified`` is false for items the
    catalogue could not source: those give information at most.
    """

    id: str = Field(pattern=r"^[a-z][a-z0-9_-]*$")
    name: str
    source: str
    verified: bool = False
    headings: list[str] = Field(default_factory=list)
    patterns: list[str] = Field(default_factory=list)

    @field_validator("patterns")
    @classmethod
    def _compiles(cls, value: list[str]) -> list[str]:
        for pattern in value:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"bad regular expression {pattern!r}: {exc}") from exc
        return value

    @model_validator(mode="after")
    def _matchable(self) -> ContentSpec:
        if not self.headings and not self.patterns:
            raise ValueError(f"content item {self.id!r} has neither headings nor patterns")
        return self


HIGHEST_PRIORITY: Final = 1
"""A kind's priority (stakes) runs from this (a lapsed child protection policy) ..."""
LOWEST_PRIORITY: Final = 5
"""... to this (a homework policy); reports list higher stakes first."""
DEFAULT_PRIORITY: Final = 3
"""The priority of a kind whose file does not say."""


class KindSpec(_Spec):
    """The schema of a kind file (``schemas/<id>.yaml``); ``extra="forbid"``."""

    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    name: str
    description: str = ""
    title_phrases: list[str] = Field(default_factory=list)
    titles: list[str] = Field(default_factory=list)
    abbreviations: list[str] = Field(default_factory=list)
    default_title: str
    statute: str = ""
    sources: list[str] = Field(default_factory=list)
    statutory: Statutory = Field(default_factory=Statutory)
    phases: list[Phase] = Field(default_factory=lambda: list(_PHASES))
    publish: bool = False
    review_cycle: ReviewCycle = Field(default_factory=ReviewCycle)
    approver: str = ""
    priority: int = Field(default=DEFAULT_PRIORITY, ge=HIGHEST_PRIORITY, le=LOWEST_PRIORITY)
    severity: dict[str, Literal["error", "warning", "info"]] = Field(default_factory=dict)
    sections: list[SectionSpec] = Field(default_factory=list)
    contents: list[ContentSpec] = Field(default_factory=list)
    heading_styles: dict[str, int] = Field(default_factory=dict)
    fields: FieldLabels = Field(default_factory=FieldLabels)
    history: HistorySpec = Field(default_factory=HistorySpec)
    review_cycles: list[CycleSpec] = Field(default_factory=list)

    @field_validator("sections")
    @classmethod
    def _unique_ids(cls, value: list[SectionSpec]) -> list[SectionSpec]:
        seen: set[str] = set()
        for section in value:
            if section.id in seen:
                raise ValueError(f"section id {section.id!r} appears twice")
            seen.add(section.id)
        return value

    @field_validator("contents")
    @classmethod
    def _unique_contents(cls, value: list[ContentSpec]) -> list[ContentSpec]:
        seen: set[str] = set()
        for item in value:
            if item.id in seen:
                raise ValueError(f"content id {item.id!r} appears twice")
            seen.add(item.id)
        return value

    @field_validator("severity")
    @classmethod
    def _codes(cls, value: dict[str, str]) -> dict[str, str]:
        for code in value:
            if not re.fullmatch(r"[A-Z]{2,5}[0-9]{3}", code):
                raise ValueError(f"severity: {code!r} is not a rule code such as PK208")
        return value

    @field_validator("heading_styles")
    @classmethod
    def _levels(cls, value: dict[str, int]) -> dict[str, int]:
        for style, level in value.items():
            if not 1 <= level <= 9:
                raise ValueError(f"heading style {style!r}: level {level} is not 1..9")
        return value


# --------------------------------------------------------------------------- the loaded kind


class Content:
    """A content item compiled for matching: its headings normalised, its patterns compiled."""

    def __init__(self, spec: ContentSpec) -> None:
        self.spec = spec
        self.id = spec.id
        self.name = spec.name
        self.source = spec.source
        self.verified = spec.verified
        self.headings = frozenset(normalise(h) for h in spec.headings)
        self.patterns = [re.compile(p) for p in spec.patterns]

    def __repr__(self) -> str:
        return f"Content({self.id!r})"

    def found(self, headings: Iterable[str], text: str) -> bool:
        """Present when a heading names it or a pattern matches ``text`` (lower case)."""
        return self.present(frozenset(normalise(h) for h in headings), text)

    def present(self, keys: frozenset[str], text: str) -> bool:
        """:meth:`found` for headings already normalised (a document's, computed once)."""
        if not self.headings.isdisjoint(keys):
            return True
        return any(p.search(text) for p in self.patterns)


class Kind:
    """A validated policy kind with its look-up tables compiled once.

    The kind file's keys are attributes of the same names (``titles``,
    ``statute``, ``review_cycle``, ``contents``, ...).
    """

    def __init__(self, spec: KindSpec, source: Path | None = None) -> None:
        self.spec = spec
        self.source = source
        self.id = spec.id
        self.name = spec.name
        self.titles = spec.titles
        self.abbreviations = spec.abbreviations
        self.statute = spec.statute
        self.sources = spec.sources
        self.statutory = spec.statutory
        self.phases = spec.phases
        self.publish = spec.publish
        self.review_cycle = spec.review_cycle
        self.approver = spec.approver
        self.priority = spec.priority
        self.severity = spec.severity
        self.heading_styles = {k.strip().lower(): v for k, v in spec.heading_styles.items()}
        self.sections = spec.sections
        self.required = [s.id for s in spec.sections if s.required]
        # Look-ups remembered by text. The tables below are built when first asked for:
        # a run loads every kind (to choose among them) but reads with few of them.
        self._matched: dict[str, str | None] = {}
        self._cycle_found: dict[str, tuple[int, str, str | None] | None] = {}

    @functools.cached_property
    def contents(self) -> list[Content]:
        """The content items the kind expects (``contents`` in the kind file)."""
        return [Content(c) for c in self.spec.contents]

    @functools.cached_property
    def _headings(self) -> _HeadingTable:
        return _HeadingTable(self.spec.sections)

    @functools.cached_property
    def title_phrases(self) -> list[str]:
        """The kind's title phrases, normalised."""
        return [normalise(p) for p in self.spec.title_phrases]

    @functools.cached_property
    def _title_re(self) -> re.Pattern[str]:
        phrases = self.spec.title_phrases
        if not phrases:
            return _NEVER
        return re.compile(r"\b(" + "|".join(re.escape(p) for p in phrases) + r")\b", re.IGNORECASE)

    @functools.cached_property
    def field_labels(self) -> dict[str, list[str]]:
        """Labels by field name: the shared labels, then the kind's own."""
        return _merged_labels(common_labels().fields, self.spec.fields)

    @functools.cached_property
    def history(self) -> HistorySpec:
        """Labels of a review-history table's date and signature columns."""
        common, spec = common_labels(), self.spec
        return HistorySpec(
            date_labels=[*common.history.date_labels, *spec.history.date_labels],
            signature_labels=[*common.history.signature_labels, *spec.history.signature_labels],
        )

    @functools.cached_property
    def cycle_words(self) -> dict[int, list[str]]:
        """Review-cycle wording by months (shared)."""
        return common_labels().cycle_words

    @functools.cached_property
    def cycles(self) -> list[tuple[re.Pattern[str], int, str | None]]:
        """(pattern, months, note) of each review-cycle phrase, the shared ones first."""
        return [
            (re.compile(c.pattern), c.months, c.note)
            for c in (*common_labels().review_cycles, *self.spec.review_cycles)
        ]

    @functools.cached_property
    def labels(self) -> _LabelTable:
        """Metadata labels -> field names."""
        return _LabelTable(self.field_labels, self.history)

    @functools.cached_property
    def people_roles(self) -> list[str]:
        """The roles under ``people`` (``author``, ``approver``, ...)."""
        return [n.split(".", 1)[1] for n in self.field_labels if "." in n]

    def __repr__(self) -> str:
        return f"Kind({self.id!r})"

    def policy_schema(self) -> dict[str, Any]:
        """The Policy JSON Schema narrowed to this kind: its id and its section ids."""
        from .model import policy_json_schema

        schema = policy_json_schema()
        schema["title"] = f"Policy ({self.id})"
        schema["properties"]["kind"] = {  # type: ignore[index]
            "const": self.id,
            "title": "Kind",
            "description": self.spec.name,
        }
        ids: list[str | None] = [s.id for s in self.sections]
        schema["$defs"]["Section"]["properties"]["id"] = {  # type: ignore[index]
            "enum": [*ids, None],
            "default": None,
            "title": "Id",
            "description": "Canonical section id of this kind, or null for other headings.",
        }
        schema["x-required-sections"] = list(self.required)
        return schema

    def section(self, section_id: str) -> SectionSpec | None:
        """The section of this id in the kind's catalogue, or None."""
        return next((s for s in self.sections if s.id == section_id), None)

    def match_heading(self, heading: str) -> str | None:
        """The canonical section id a heading names, or None.

        Exact match of the normalised heading first; then a catalogue heading
        followed by a qualifier ("Aims of this policy"); then the kind's
        regular expressions.
        """
        found = self._matched.get(heading, _UNKNOWN)
        if found is _UNKNOWN:
            found = self._match_heading(heading)
            _remember(self._matched, heading, found)
        return found  # type: ignore[no-any-return]

    def _match_heading(self, heading: str) -> str | None:
        key = normalise(heading)
        if not key:
            return None
        table = self._headings
        found = table.exact.get(key)
        if found is not None:
            return found
        for prefix, section_id in table.prefix_index.get(key.split(" ", 1)[0], ()):
            if key.startswith(prefix) and _QUALIFIER.match(key[len(prefix) :]):
                return section_id
        for pattern, section_id in table.patterns:
            if pattern.search(key):
                return section_id
        return None

    def find_title_phrase(self, text: str) -> re.Match[str] | None:
        """The first of the kind's title phrases in ``text``, or None."""
        return self._title_re.search(text)

    def is_title_line(self, text: str) -> bool:
        """A line that names this kind of policy: "Promoting Community Cohesion Policy"."""
        key = normalise(text)
        return bool(self._title_re.search(key)) and (
            key.endswith(("policy", "statement", "policy statement"))
            or key.startswith("policy")
            or key in self.title_phrases
        )

    def find_review_cycle(self, text: str) -> tuple[int, str, str | None] | None:
        """(months, phrase as written, note) for the first cycle phrase in text."""
        if len(text) > _MEMO_MAX_CHARS:
            return self._review_cycle(text)
        found = self._cycle_found.get(text, _UNKNOWN)
        if found is _UNKNOWN:
            found = self._review_cycle(text)
            _remember(self._cycle_found, text, found)
        return found  # type: ignore[no-any-return]

    def _review_cycle(self, text: str) -> tuple[int, str, str | None] | None:
        lowered = text.lower()
        best: tuple[int, int, str, str | None] | None = None
        for pattern, months, note in self.cycles:
            match = pattern.search(lowered)
            if match and (best is None or match.start() < best[0]):
                best = (match.start(), months, text[match.start() : match.end()], note)
        return None if best is None else (best[1], best[2], best[3])


class _HeadingTable:
    """A kind's section headings: exact, as prefixes (by first word) and patterns."""

    def __init__(self, sections: Iterable[SectionSpec]) -> None:
        self.exact: dict[str, str] = {}
        prefixes: list[tuple[str, str]] = []
        self.patterns: list[tuple[re.Pattern[str], str]] = []
        for section in sections:
            for heading in section.headings:
                key = normalise(heading)
                self.exact.setdefault(key, section.id)
                prefixes.append((key, section.id))
            for pattern in section.patterns:
                self.patterns.append((re.compile(pattern), section.id))
        prefixes.sort(key=lambda item: -len(item[0]))
        self.prefix_index = _by_first_word(prefixes)


_UNKNOWN: Any = object()
_NEVER = re.compile(r"(?!)")  # a kind without title phrases names no title line
_MEMO_SIZE = 4096
_MEMO_MAX_CHARS = 1000  # longer texts are looked at afresh each time, never remembered


def _remember(memo: dict[str, Any], text: str, value: Any) -> None:
    """Keep a look-up's answer; the memo is emptied when full (a bounded cache)."""
    if len(memo) >= _MEMO_SIZE:
        memo.clear()
    memo[text] = value


def _by_first_word(prefixes: list[tuple[str, str]]) -> dict[str, list[tuple[str, str]]]:
    """``(prefix, value)`` pairs grouped by the prefix's first word, as ``prefix + " "``.

    A normalised key (single spaces, no leading space) can only start with
    ``prefix + " "`` when its first word is the prefix's first word, so only
    that group is tried. Each group keeps the list's order (longest first).
    """
    index: dict[str, list[tuple[str, str]]] = {}
    for prefix, value in prefixes:
        if prefix:
            index.setdefault(prefix.split(" ", 1)[0], []).append((prefix + " ", value))
    return index


_QUALIFIER = re.compile(
    r"^(of|for|in|on|to|at|within|across|and|the|this|our|policy|statement|arrangements)\b"
)


class _LabelTable:
    """Metadata labels -> field names (``approved``, ``people.author``, ...)."""

    def __init__(self, field_labels: dict[str, list[str]], history: HistorySpec) -> None:
        pairs: list[tuple[str, str]] = []
        for name, labels in field_labels.items():
            for label in labels:
                pairs.append((normalise(label), name))
        self.exact: dict[str, str] = {}
        for key, name in pairs:
            self.exact.setdefault(key, name)
        self.prefixes = sorted(self.exact.items(), key=lambda item: -len(item[0]))
        self._prefix_index = _by_first_word(self.prefixes)
        self._fields: dict[str, str | None] = {}
        self.history_dates = {normalise(x) for x in history.date_labels}
        self.history_signatures = {normalise(x) for x in history.signature_labels}
        self._signature_prefixes = tuple(s + " " for s in self.history_signatures)
        # "... Sept 2018  Next review: Sept 2020": where a second labelled value starts
        alternatives = sorted({k for k, _ in pairs if len(k) > 3}, key=len, reverse=True)
        # "... – Next review Spring 2027": a date field's label where a line or a part of
        # it starts, then (with or without a separator) its value
        dated = fieldtable.date_fields()
        date_labels = sorted(
            {k for k, name in pairs if name in dated and len(k) > 3}, key=len, reverse=True
        )
        self.date_label = re.compile(
            r"(?:^|[-–—|:(,]\s*)("
            + "|".join(re.escape(a) for a in date_labels)
            + r")\b\s*(?:[:：\-–—]\s*)?",
            re.IGNORECASE,
        )
        self.inline_label = re.compile(
            r"(?<=\S)\s+((?:" + "|".join(re.escape(a) for a in alternatives) + r")\s*[:：])",
            re.IGNORECASE,
        )

    def field_for(self, label: str) -> str | None:
        """The field a label names, or None. Qualified labels match their stem."""
        found = self._fields.get(label, _UNKNOWN)
        if found is _UNKNOWN:
            found = self._field_for(label)
            _remember(self._fields, label, found)
        return found  # type: ignore[no-any-return]

    def _field_for(self, label: str) -> str | None:
        key = normalise(label)
        if not key or len(key) > 80:
            return None
        found = self.exact.get(key)
        if found is not None:
            return found
        for prefix, name in self._prefix_index.get(key.split(" ", 1)[0], ()):
            if key.startswith(prefix) and _LABEL_QUALIFIER.match(key[len(prefix) :]):
                return name
        return None

    def is_history_date(self, label: str) -> bool:
        return normalise(label) in self.history_dates

    def is_history_signature(self, label: str) -> bool:
        key = normalise(label)
        return key in self.history_signatures or key.startswith(self._signature_prefixes)


_LABEL_QUALIFIER = re.compile(r"^(by|on|at|of|from|in|date|the|full|governing|governors)\b")


# --------------------------------------------------------------------------- common labels


class CommonLabels(_Spec):
    """``data/common.yaml``: the labels and phrases every kind reads."""

    fields: FieldLabels = Field(default_factory=FieldLabels)
    history: HistorySpec = Field(default_factory=HistorySpec)
    review_cycles: list[CycleSpec] = Field(default_factory=list)
    cycle_words: dict[int, list[str]] = Field(default_factory=dict)


COMMON_LABELS_FILE = _PACKAGE_DIR / "data" / "common.yaml"


@functools.cache
def common_labels() -> CommonLabels:
    """The shared labels (read once); KindError naming the file if it is broken."""
    path = COMMON_LABELS_FILE
    try:
        raw = yamlio.safe_load(path.read_text(encoding="utf-8"))
        return CommonLabels.model_validate(raw)
    except (OSError, yamlio.YAMLError, ValidationError) as exc:
        raise KindError(f"{path}: cannot read the common labels: {exc}") from exc


def _merged_labels(common: FieldLabels, own: FieldLabels) -> dict[str, list[str]]:
    """Field name -> labels: the common ones first, then the kind's, in the table's order.

    Fields come in :mod:`policykit.fields` order, then people's roles as the
    data lists them; the first field to claim a label keeps it.
    """
    out: dict[str, list[str]] = {}
    for f in fieldtable.label_fields():
        out[f.name] = [*common.labels(f.name), *own.labels(f.name)]
    roles = list(common.people) + [r for r in own.people if r not in common.people]
    for role in roles:
        out[f"people.{role}"] = [*common.people.get(role, []), *own.people.get(role, [])]
    return out


def fields_changed() -> None:
    """Forget loaded kinds and labels (a field was registered or unregistered)."""
    common_labels.cache_clear()
    get_kind.cache_clear()


# --------------------------------------------------------------------------- loading


def load_kind_file(path: Path) -> Kind:
    """Load and validate one kind file; a bad one raises KindError naming the file and key."""
    try:
        raw = yamlio.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise KindError(f"{path}: cannot read kind file: {exc.strerror or exc}") from exc
    except yamlio.YAMLError as exc:
        raise KindError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(raw, dict):
        raise KindError(f"{path}: a kind file must be a mapping of keys to values")
    try:
        spec = KindSpec.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(
            f"key '{'.'.join(str(p) for p in err['loc']) or '(top)'}': {err['msg']}"
            for err in exc.errors()
        )
        raise KindError(f"{path}: invalid kind file: {problems}") from exc
    if path.stem != spec.id:
        raise KindError(f"{path}: key 'id': {spec.id!r} does not match the file name {path.stem!r}")
    return Kind(spec, path)


_registered: dict[str, Path] = {}


def register_kind_file(path: Path) -> None:
    """Make a kind file known by its id (used by plugins and tests)."""
    _registered[path.stem] = path
    get_kind.cache_clear()


@functools.cache
def register_kinds_dir(folder: str) -> list[str]:
    """Make a trust's own kind files known (``kinds-dir`` in its configuration); their ids.

    Every ``*.yaml`` in the folder is a kind file, validated now (KindError
    naming the file). A kind whose id is already a built-in kind is an error
    naming both files. Done once per folder and process.
    """
    base = Path(folder)
    if not base.is_dir():
        raise KindError(f"{folder}: kinds-dir is not a folder")
    ids: list[str] = []
    for path in sorted(base.glob("*.yaml")):
        kind = load_kind_file(path)
        if kind.id in _builtin_kind_names():
            builtin = builtin_schema_dir() / f"{kind.id}.yaml"
            raise KindError(f"{path}: kind {kind.id!r} is already defined by {builtin}")
        register_kind_file(path)
        ids.append(kind.id)
    return ids


@functools.cache
def _builtin_kind_names() -> frozenset[str]:
    """Ids of the built-in kind files, listed once: they are part of the installed package.

    Checking a document asks for the kinds; listing the folder (or even looking
    at its time stamp) each time cost more than reading a small document.
    """
    return frozenset(p.stem for p in builtin_schema_dir().glob("*.yaml"))


_available: tuple[frozenset[str], tuple[tuple[str, Path], ...], tuple[str, ...]] | None = None


def available_kinds() -> list[str]:
    """Ids of every kind known (built-in and registered), sorted.

    Worked out again only when the built-in folder or the registered kinds change
    (choosing a document's kind asks for them every time).
    """
    return list(kinds_known_now())


def kinds_known_now() -> tuple[str, ...]:
    """:func:`available_kinds` as one tuple, the same object until a kind is added or
    removed: a cache of something built from every kind compares it with ``is``."""
    global _available
    builtin = _builtin_kind_names()
    registered = tuple(_registered.items())
    cached = _available
    if cached is None or cached[0] is not builtin or cached[1] != registered:
        cached = _available = (builtin, registered, tuple(sorted(builtin | set(_registered))))
    return cached[2]


@functools.cache
def get_kind(kind_id: str) -> Kind:
    """The kind with this id (built-in or registered); KindError if unknown."""
    path = _registered.get(kind_id) or builtin_schema_dir() / f"{kind_id}.yaml"
    if not path.is_file():
        known = ", ".join(available_kinds()) or "none"
        raise KindError(f"unknown policy kind {kind_id!r} (known: {known})")
    return load_kind_file(path)


fieldtable.on_change(fields_changed)


class _KindSink(Protocol):
    def add_kind_file(self, path: str | Path) -> None: ...


def setup(registry: _KindSink) -> None:
    """Register the kinds shipped with policykit (the registry calls this, as it calls plugins)."""
    for path in sorted(builtin_schema_dir().glob("*.yaml")):
        registry.add_kind_file(path)


def all_kinds() -> list[Kind]:
    """Every kind known (built-in and registered), sorted by id."""
    return [get_kind(kind_id) for kind_id in available_kinds()]


GENERIC_KIND = "generic"
"""The kind of a policy whose kind is not known: nothing kind-specific is checked."""
