"""Templates for new policies: a model policy with ``{{ name }}`` placeholders, filled.

A template is a built-in kind's model policy (``schemas/templates/<kind>.yaml``),
else the kind's skeleton (:mod:`.skeleton`: its sections and content items as
headings, with guidance notes), a trust's own YAML or JSON model policy, or a
trust's own .docx (read into a Policy by the parser first). Placeholders are
filled in the model's strings, never inside Word XML. Besides the placeholders,
these names set fields directly: ``school``, ``title``, ``approved``, ``review_due``, ``created``,
``review_cycle`` (months, or words such as "annually") and the people of the
kind (``author``, ``headteacher``, ``link_governor``, ``approved_by`` ...).
When no review date is given it is the approval date plus the review cycle.
"""

from __future__ import annotations

import copy
import datetime as dt
import os
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .. import dates
from ..errors import DocumentError, KindError
from ..fields import date_fields
from ..kinds import GENERIC_KIND, Kind, available_kinds, builtin_schema_dir, get_kind
from ..messages import Message, note
from ..model import Policy, PolicyDate
from . import placeholders
from .errors import MissingValues, TemplateError
from .layout import cycle_phrase
from .skeleton import skeleton_data, skeleton_defaults
from .source import policy_from_data, read_date, read_source

DEFAULT_CYCLE_MONTHS = 12
COMPUTED = {
    "review_due": "approved plus the review cycle, unless given",
    "review_cycle": "the review cycle in words, e.g. 'annually'",
    "review_cycle_months": "the review cycle in months",
}
_TOP_FIELDS = ("school", "title")


def builtin_template_dir() -> Path:
    return builtin_schema_dir() / "templates"


def builtin_template(kind_id: str) -> Path | None:
    path = builtin_template_dir() / f"{kind_id}.yaml"
    return path if path.is_file() else None


@dataclass(slots=True)
class Template:
    """A model policy as data, with its placeholders' default values."""

    source: str
    data: dict[str, object]
    defaults: dict[str, str] = field(default_factory=dict)
    # date fields whose text (as written in a .docx template) holds placeholders
    date_texts: dict[str, str] = field(default_factory=dict)

    @property
    def kind(self) -> Kind:
        try:
            return get_kind(str(self.data.get("kind") or GENERIC_KIND))
        except KindError as exc:
            raise TemplateError(f"{self.source}: {exc}") from exc

    def placeholders(self) -> list[str]:
        """Every placeholder name in the template, sorted."""
        found: set[str] = set()
        for text in [*_strings(self.data), *self.date_texts.values()]:
            found.update(placeholders.names_in(text))
        return sorted(found)

    def required(self) -> list[str]:
        """Placeholders without a default (``approved`` and ``review_due`` count once given)."""
        return [n for n in self.placeholders() if n not in self.defaults]


def load_template(spec: str | os.PathLike[str]) -> Template:
    """A built-in kind's template (by kind id) or a template file (.yaml, .yml, .json, .docx)."""
    text = os.fspath(spec)
    path = Path(text)
    if path.suffix.lower() in (".yaml", ".yml", ".json", ".docx") or path.exists():
        if not path.is_file():
            raise TemplateError(f"{path}: no such template file")
        if path.suffix.lower() == ".docx":
            return _docx_template(path)
        return _data_template(read_source(path), str(path))
    builtin = builtin_template(text)
    if builtin is not None:
        return _data_template(read_source(builtin), f"the {text} template")
    if text not in available_kinds():
        kinds = ", ".join(available_kinds()) or "none"
        raise TemplateError(f"{text!r} is neither a template file nor a kind (kinds: {kinds})")
    try:
        kind = get_kind(text)
    except KindError as exc:
        raise TemplateError(str(exc)) from exc
    return Template(f"the {text} skeleton", skeleton_data(kind), skeleton_defaults(kind))


def _data_template(data: object, source: str) -> Template:
    if not isinstance(data, Mapping):
        raise TemplateError(f"{source}: expected a mapping of Policy fields at the top")
    raw = dict(data)
    defaults = raw.pop("defaults", None) or {}
    if not isinstance(defaults, Mapping):
        raise TemplateError(f"{source}: 'defaults' must map placeholder names to values")
    return Template(source, raw, {str(k).lower(): _text(v) for k, v in defaults.items()})


def _docx_template(path: Path) -> Template:
    from ..parsing import parse_document

    try:
        result = parse_document(path)
    except DocumentError as exc:
        raise TemplateError(f"{path}: {exc.message}") from exc
    data = result.policy.model_dump(mode="json")
    date_texts: dict[str, str] = {}
    for value in result.fields:
        field_name = value.field
        if (
            field_name in date_fields()
            and field_name not in date_texts
            and placeholders.names_in(value.text)
        ):
            date_texts[field_name] = value.text
    return Template(str(path), data, {}, date_texts)


def _text(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else str(value)


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)


def _walk_strings(value: object, change: Callable[[str], str]) -> object:
    if isinstance(value, str):
        return change(value)
    if isinstance(value, list):
        return [_walk_strings(v, change) for v in value]
    if isinstance(value, dict):
        return _walk_mapping(value, change)
    return value


def _walk_mapping(data: dict[str, object], change: Callable[[str], str]) -> dict[str, object]:
    return {k: _walk_strings(v, change) for k, v in data.items()}


@dataclass(slots=True)
class Filled:
    """A template's policy with its placeholders filled, and what was assumed."""

    policy: Policy
    messages: list[Message] = field(default_factory=list)

    @property
    def warnings(self) -> list[str]:
        """The messages' texts (what could not be written as it was)."""
        return [m.text for m in self.messages]


def fill_template(template: Template, given: Mapping[str, str]) -> Filled:
    """The template's policy with placeholders filled from ``given`` (and its defaults).

    Raises :class:`MissingValues` listing every placeholder left without a value,
    and :class:`TemplateError` for a value that is not what its field needs.
    """
    kind = template.kind
    values = {**template.defaults, **{k.lower(): v for k, v in given.items()}}
    data = copy.deepcopy(template.data)
    warnings: list[Message] = []
    problems: list[str] = []

    # the dates and the cycle first: they are values of placeholders too
    found_dates: dict[str, PolicyDate | None] = {}
    for name in date_fields():
        found_dates[name] = _date_value(name, values, data, template, problems)
    months = _cycle(values, data, kind, problems)
    if months is not None and not any(
        (
            values.get("review_cycle"),
            values.get("review_cycle_months"),
            data.get("review_cycle_months"),
        )
    ):
        warnings.append(
            note(
                "template.review-cycle-assumed",
                f"no review cycle given: {months} months assumed (--set review_cycle=...)",
            )
        )
    approved = found_dates["approved"]
    if found_dates["review_due"] is None and approved is not None and months is not None:
        due = dates.add_months(approved, months)
        found_dates["review_due"] = due.model_copy(update={"inferred": False})
    if problems:
        raise TemplateError(f"{template.source}: " + "; ".join(problems))
    for name, value in found_dates.items():
        if value is not None:
            values[name] = value.text
    if months is not None:
        values["review_cycle"] = cycle_phrase(kind, months).lower()
        values["review_cycle_months"] = str(months)

    missing: list[str] = []
    data = _walk_mapping(data, lambda s: placeholders.fill(s, values, missing))
    for text in template.date_texts.values():
        placeholders.fill(text, values, missing)
    if missing:
        if "approved" in missing:  # computed from it: asking for them too would mislead
            missing = [m for m in missing if m not in COMPUTED]
        raise MissingValues(missing, template.source)

    for name, value in found_dates.items():
        if value is not None:
            data[name] = value.model_dump(mode="json")
        elif isinstance(data.get(name), str):
            data[name] = None
    if months is not None:
        data["review_cycle_months"] = months
    for name in _TOP_FIELDS:
        if name in given and given[name].strip():
            data[name] = given[name]
    people = data.get("people")
    people = dict(people) if isinstance(people, Mapping) else {}
    for role in kind.people_roles:
        if role in given and given[role].strip():
            people[role] = given[role]
    data["people"] = {k: v for k, v in people.items() if isinstance(v, str) and v.strip()}

    used = set(template.placeholders()) | set(date_fields()) | set(_TOP_FIELDS)
    used |= {"review_cycle", "review_cycle_months"} | set(kind.people_roles)
    for name in sorted(set(given) - used):
        warnings.append(
            note(
                "template.unknown-placeholder",
                f"--set {name}: the template has no {{{{ {name} }}}} placeholder",
            )
        )
    try:
        policy = policy_from_data(data, template.source)
    except Exception as exc:  # RenderError: a filled value made the policy invalid
        raise TemplateError(str(exc)) from exc
    return Filled(policy, warnings)


def _date_value(
    name: str,
    values: Mapping[str, str],
    data: dict[str, object],
    template: Template,
    problems: list[str],
) -> PolicyDate | None:
    """A date field from --set, else from the template (its text may hold placeholders)."""
    text = values.get(name)
    if text is None:
        written = data.get(name)
        if isinstance(written, str):
            text = written
        elif name in template.date_texts:
            text = template.date_texts[name]
        elif isinstance(written, Mapping):
            return PolicyDate.model_validate(written)
        else:
            return None
        if placeholders.names_in(text):
            filled = placeholders.fill(text, values)
            if placeholders.names_in(filled):
                return None  # reported as missing when placeholders are filled
            text = filled
    text = text.strip()
    if not text:
        return None
    found = read_date(text)
    if found is None:
        problems.append(f"{name}: {text!r} is not a date (use e.g. 2026-09-01 or Autumn 2026)")
    return found


def _cycle(
    values: Mapping[str, str], data: dict[str, object], kind: Kind, problems: list[str]
) -> int | None:
    text = values.get("review_cycle") or values.get("review_cycle_months")
    written = data.get("review_cycle_months")
    if text is None:
        if isinstance(written, int):
            return written
        if isinstance(written, str) and not placeholders.names_in(written):
            text = written
        elif written is None:
            return DEFAULT_CYCLE_MONTHS if "approved" in values else None
        else:
            return None
    text = text.strip()
    if text.isdigit() and int(text) > 0:
        return int(text)
    found = kind.find_review_cycle(text)
    if found is None:
        problems.append(
            f"review_cycle: {text!r} is neither a number of months nor a cycle "
            "(e.g. 12, annually, every two years)"
        )
        return None
    return found[0]
