"""Configuration: ``[tool.policykit]`` in ``pyproject.toml`` or a ``policykit.toml``.

Baselines (findings recorded to be hidden) are :mod:`policykit.baseline`.

Configuration is found upward from each checked file (the nearest wins, as in
ruff): in each folder ``policykit.toml`` (keys at the top level, or under
``[tool.policykit]``) is used first, then ``pyproject.toml`` if it has a
``[tool.policykit]`` table. Keys (``-`` and ``_`` are interchangeable)::

    [tool.policykit]
    select = ["PK"]                 # codes, prefixes or names; default: every rule
    ignore = ["PK303"]
    due_soon_days = 90
    fail_on = "error"               # error | warning | info (default warning)
    as_of = 2026-11-22              # default: today
    [tool.policykit.trust]          # schools and the kinds each must hold: see policykit.trust
    [tool.policykit.models]         # each kind's model policy: copies are compared (PK503)
    behaviour = "Trust/Model policies/Behaviour Policy.docx"
    [tool.policykit.severity]
    PK202 = "info"
    [tool.policykit.per-path-ignores]
    "archive/*" = ["PK2"]           # globs relative to the configuration file's folder
    kinds-dir = "our-kinds"         # the trust's own kind files (schemas/<id>.yaml form)
    [tool.policykit.kinds]
    "Safeguarding/**" = "child-protection"   # the kind of documents there (first glob wins)

``fail_on`` and ``as_of`` apply to the whole run, so they are read from the
configuration of the first path checked; the others apply per document.
Command-line options override: ``--select`` replaces ``select``, ``--ignore``
adds to ``ignore``.

A bad key or value raises :class:`~policykit.errors.ConfigError` naming the
file and the key (the CLI exits 2).
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, cast

from .errors import ConfigError
from .files import read_small
from .records import SEVERITIES, Severity
from .rules.base import DEFAULT_DUE_SOON_DAYS
from .settingdoc import key, key_names
from .trust import TrustSettings, parse_trust

if TYPE_CHECKING:
    from .rules.registry import Registry

CONFIG_FILES: Final = ("policykit.toml", "pyproject.toml")
_TABLE: Final = "[tool.policykit]"


@dataclass(frozen=True, slots=True)
class Settings:
    """One configuration file's settings (or the defaults), validated."""

    source: str | None = None  # the file they came from, for messages
    root: str = "."  # folder that per-path-ignores globs are relative to
    select: tuple[str, ...] | None = key(
        None,
        "The rules to run: codes (`PK201`), prefixes (`PK2`) or names (`review-lapsed`). "
        "Default: every rule. `--select` on the command line replaces it.",
        'select = ["PK1", "PK2"]',
    )
    ignore: tuple[str, ...] = key(
        (),
        "Rules not to run, as codes, prefixes or names. `--ignore` adds to it.",
        'ignore = ["PK303"]',
    )
    per_path_ignores: tuple[tuple[str, tuple[str, ...]], ...] = key(
        (),
        "Rules not to run on documents whose path (relative to the configuration file's "
        "folder) matches a glob; a glob without `/` matches file names anywhere.",
        '[tool.policykit.per-path-ignores]\n"Archive/*" = ["PK2"]',
    )
    severity: tuple[tuple[str, Severity], ...] = key(
        (),
        "A rule's severity changed: `error`, `warning` or `info`.",
        '[tool.policykit.severity]\nPK202 = "info"',
    )
    due_soon_days: int | None = key(
        None,
        f"How many days before its review is due a policy counts as due soon (PK202). "
        f"Default {DEFAULT_DUE_SOON_DAYS}.",
        "due-soon-days = 90",
    )
    fail_on: Severity | None = key(
        None,
        "The least severity that makes `check` exit 1: `error`, `warning` (the default) or "
        "`info`. Read from the configuration of the first path checked.",
        'fail-on = "error"',
    )
    as_of: dt.date | None = key(
        None,
        "The day reviews are judged on (default today): an ISO or day-first UK date. "
        "Read from the configuration of the first path checked.",
        "as-of = 2026-11-22",
    )
    cache_dir: str | None = key(  # as written; relative to ``root``
        None,
        "Where results are kept between runs (relative to the configuration file's folder). "
        "Default: the user's own cache folder, never the policies' folder.",
        'cache-dir = "C:/PolicyCache"',
    )
    trust: TrustSettings | None = key(
        None,
        "The trust's schools and the kinds of policy each must hold: a table whose keys "
        "are listed below as `trust.…`.",
        '[tool.policykit.trust]\ntype = "academy"',
    )
    models: tuple[tuple[str, str], ...] = key(
        (),
        "Each kind's model policy (the trust's own copy): every school's copy of that kind "
        "is compared with it, and a changed fixed section is PK503 model-drift.",
        '[tool.policykit.models]\nbehaviour = "Trust/Model policies/Behaviour Policy.docx"',
    )
    kinds: tuple[tuple[str, str], ...] = key(
        (),
        "The kind of the documents under a glob, instead of recognising it (the first "
        "matching glob wins; see `policykit kinds` for the ids).",
        '[tool.policykit.kinds]\n"Safeguarding/**" = "child-protection"',
    )
    kinds_dir: str | None = key(  # absolute once read
        None,
        "A folder of the trust's own kind files (`<id>.yaml`, in the form of the built-in "
        "ones), added to the built-in kinds without a plugin.",
        'kinds-dir = "our-kinds"',
    )

    def where(self, key: str) -> str:
        """``pyproject.toml: [tool.policykit] select`` for messages."""
        if self.source is None:
            return key.replace("_", "-")
        return f"{self.source}: {_TABLE} {key}"

    def kind_for(self, path: str) -> str | None:
        """The kind ``[tool.policykit.kinds]`` gives a document at ``path`` (first glob wins)."""
        for pattern, kind_id in self.kinds:
            if _glob_matches(self.root, path, pattern):
                return kind_id
        return None

    def ignored_for(self, path: str) -> list[str]:
        """Selectors ``per-path-ignores`` applies to a document at ``path``."""
        if not self.per_path_ignores:
            return []
        rel = os.path.relpath(os.path.abspath(path), self.root).replace(os.sep, "/")
        name = rel.rsplit("/", 1)[-1]
        out: list[str] = []
        for pattern, codes in self.per_path_ignores:
            if fnmatch.fnmatchcase(rel, pattern) or (
                "/" not in pattern and fnmatch.fnmatchcase(name, pattern)
            ):
                out.extend(codes)
        return out


_KEYS: Final = key_names(Settings)


@dataclass(frozen=True, slots=True)
class Overrides:
    """Settings given on the command line or to :func:`policykit.check` (None: not given)."""

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    due_soon_days: int | None = None
    fail_on: Severity | None = None
    as_of: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Effective:
    """What the engine needs for one document: enabled codes, severities, dates."""

    enabled: frozenset[str]
    severity: tuple[tuple[str, Severity], ...]
    due_soon_days: int

    def severity_of(self, code: str) -> Severity | None:
        return next((s for c, s in self.severity if c == code), None)


# --------------------------------------------------------------------------- reading


def parse_settings(
    table: Mapping[str, Any], source: str | None = None, root: str = "."
) -> Settings:
    """Validate a ``[tool.policykit]`` table; ConfigError names the bad key."""
    if not isinstance(table, Mapping):
        raise ConfigError(f"{source or 'configuration'}: {_TABLE} must be a table")
    where = Settings(source=source, root=root).where
    values: dict[str, Any] = {}
    for raw_key, value in table.items():
        key = str(raw_key).replace("-", "_")
        if key not in _KEYS:
            known = ", ".join(k.replace("_", "-") for k in _KEYS)
            raise ConfigError(f"{where(str(raw_key))}: unknown key (known keys: {known})")
        if key == "trust":
            values[key] = parse_trust(value, where(str(raw_key)), root)
            continue
        if key == "models":
            values[key] = _models(value, where(str(raw_key)), root)
            continue
        values[key] = _VALIDATORS[key](value, where(str(raw_key)))
    if "kinds_dir" in values:  # relative to the configuration file's folder
        values["kinds_dir"] = os.path.normpath(os.path.join(root, values["kinds_dir"]))
    return Settings(source=source, root=root, **values)


def _codes(value: Any, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ConfigError(f"{where}: expected a list of rule codes, prefixes or names")
    return tuple(v.strip() for v in value)


def _severity_name(value: Any, where: str) -> Severity:
    if not isinstance(value, str) or value.lower() not in SEVERITIES:
        raise ConfigError(f"{where}: {value!r} is not a severity (error, warning or info)")
    return cast(Severity, value.lower())


def _severity_table(value: Any, where: str) -> tuple[tuple[str, Severity], ...]:
    if not isinstance(value, Mapping):
        raise ConfigError(f"{where}: expected a table of rule code = severity")
    return tuple(
        (str(code), _severity_name(level, f"{where}.{code}")) for code, level in value.items()
    )


def _per_path(value: Any, where: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if not isinstance(value, Mapping):
        raise ConfigError(f"{where}: expected a table of glob = [codes]")
    return tuple((str(glob), _codes(codes, f"{where}.{glob!r}")) for glob, codes in value.items())


def _models(value: Any, where: str, root: str) -> tuple[tuple[str, str], ...]:
    """``behaviour = "Trust/Model policies/Behaviour.docx"``: paths from the file's folder."""
    if not isinstance(value, Mapping) or not all(
        isinstance(path, str) and path.strip() for path in value.values()
    ):
        raise ConfigError(f'{where}: expected a table of kind = "path of the model .docx"')
    return tuple(
        (str(kind), os.path.normpath(os.path.join(root, path.strip())))
        for kind, path in value.items()
    )


def _glob_matches(root: str, path: str, pattern: str) -> bool:
    rel = os.path.relpath(os.path.abspath(path), root).replace(os.sep, "/")
    name = rel.rsplit("/", 1)[-1]
    return fnmatch.fnmatchcase(rel, pattern) or (
        "/" not in pattern and fnmatch.fnmatchcase(name, pattern)
    )


def _kinds(value: Any, where: str) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, Mapping):
        raise ConfigError(f'{where}: expected a table of glob = "kind id"')
    out: list[tuple[str, str]] = []
    for glob, kind_id in value.items():
        if not isinstance(kind_id, str) or not kind_id.strip():
            raise ConfigError(f"{where}.{glob!r}: expected a kind id, got {kind_id!r}")
        out.append((str(glob), kind_id.strip()))
    return tuple(out)


def _kinds_dir(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{where}: expected a folder of kind files, got {value!r}")
    return value.strip()


def _days(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 3660:
        raise ConfigError(f"{where}: expected a whole number of days (0 to 3660), got {value!r}")
    return value


def _as_of(value: Any, where: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return parse_as_of(value)
        except ValueError:
            pass
    raise ConfigError(f"{where}: expected a date such as 2026-11-22 or 22/11/2026, got {value!r}")


def _folder(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{where}: expected a folder's path")
    return value.strip()


def parse_as_of(text: str) -> dt.date:
    """An as-of day as people write it: ``2026-12-04``, ``04/12/2026`` (day first, as in
    UK documents), ``4 December 2026``, or a period (``Autumn 2026``, ``December 2026``),
    which means its first day. ValueError otherwise."""
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        pass
    from .dates import parse_date

    found = parse_date(text)
    if found is None:
        raise ValueError(f"{text!r} is not a date")
    return found.start


_VALIDATORS: Final = {
    "select": _codes,
    "ignore": _codes,
    "per_path_ignores": _per_path,
    "severity": _severity_table,
    "due_soon_days": _days,
    "fail_on": _severity_name,
    "as_of": _as_of,
    "cache_dir": _folder,
    "kinds": _kinds,
    "kinds_dir": _kinds_dir,
}


CONFIG_LIMIT: Final = 1024 * 1024  # a configuration file of a megabyte is not one


def load_config_file(path: str | os.PathLike[str]) -> Settings | None:
    """Settings from one file, or None for a ``pyproject.toml`` without ``[tool.policykit]``."""
    path = Path(path)
    try:
        # utf-8-sig: Notepad saves UTF-8 with a byte-order mark, which TOML does not allow.
        data = tomllib.loads(read_small(path, CONFIG_LIMIT).decode("utf-8-sig"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read configuration: {exc.strerror or exc}") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
    except RecursionError:
        raise ConfigError(
            f"{path}: not a usable configuration: its tables or arrays are nested too deeply"
        ) from None
    table = data.get("tool", {}).get("policykit") if isinstance(data.get("tool"), dict) else None
    if path.name != "pyproject.toml" and table is None:
        table = {k: v for k, v in data.items() if k != "tool"}
    if table is None:
        return None
    return parse_settings(table, str(path), str(path.resolve().parent))


class ConfigFinder:
    """Finds the nearest configuration upward from each path (cached per folder)."""

    def __init__(self) -> None:
        self._by_dir: dict[str, Settings] = {}

    def for_path(self, path: str | os.PathLike[str]) -> Settings:
        start = os.path.abspath(path)
        folder = start if os.path.isdir(start) else os.path.dirname(start)
        return self._for_dir(folder)

    def _for_dir(self, folder: str) -> Settings:
        """The nearest configuration at or above ``folder`` (a loop: trees can be deep)."""
        walked: list[str] = []
        found: Settings | None = None
        current = folder
        while True:
            cached = self._by_dir.get(current)
            if cached is not None:
                found = cached
                break
            walked.append(current)
            for name in CONFIG_FILES:
                candidate = os.path.join(current, name)
                if os.path.isfile(candidate):
                    found = load_config_file(candidate)
                    if found is not None:
                        break
            if found is not None:
                break
            parent = os.path.dirname(current)
            if parent == current:
                found = Settings()
                break
            current = parent
        for seen in walked:
            self._by_dir[seen] = found
        return found


def resolve(settings: Settings, overrides: Overrides, registry: Registry) -> Effective:
    """One configuration plus the command line -> enabled codes and severities.

    Selectors and severity codes are checked against the registry here (after
    plugins have added their rules); unknown ones are ConfigErrors naming the key.
    """
    select = overrides.select if overrides.select is not None else settings.select
    ignore = settings.ignore + overrides.ignore
    where = "--select/--ignore" if overrides.select is not None else settings.where("select")
    try:
        enabled = registry.enabled(select, ignore)
    except ConfigError as exc:
        raise ConfigError(f"{where}: {exc}") from None
    for _, codes in settings.per_path_ignores:
        for code in codes:
            _expand(registry, code, settings.where("per-path-ignores"))
    severity: list[tuple[str, Severity]] = []
    for code, level in settings.severity:
        rule = registry.get(code)
        if rule is None:
            raise ConfigError(f"{settings.where('severity')}: unknown rule {code!r}")
        severity.append((rule.code, level))
    days = overrides.due_soon_days
    if days is None:
        days = settings.due_soon_days
    if days is None:
        days = DEFAULT_DUE_SOON_DAYS
    return Effective(enabled, tuple(severity), days)


def _expand(registry: Registry, selector: str, where: str) -> list[str]:
    try:
        return registry.expand(selector)
    except ConfigError as exc:
        raise ConfigError(f"{where}: {exc}") from None


_NONE: Final[frozenset[str]] = frozenset()


def path_ignored(settings: Settings, path: str, registry: Registry) -> frozenset[str]:
    """Codes switched off for ``path`` by ``per-path-ignores``."""
    if not settings.per_path_ignores:
        return _NONE
    codes: set[str] = set()
    for selector in settings.ignored_for(path):
        codes.update(_expand(registry, selector, settings.where("per-path-ignores")))
    return frozenset(codes)
