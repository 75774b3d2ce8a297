"""The one registry of pluggable parts: rules, report formats, and (through kinds) policy kinds.

Like Sphinx's ``SphinxComponentRegistry``: built-in rule families register
themselves, and plugins found by the ``policykit.plugins`` entry point get
``setup(registry)`` to add more::

    # my_trust_rules.py
    def setup(registry):
        registry.add_rule(my_rule)
        registry.add_kind_file(Path(__file__).with_name("anti-bullying.yaml"))
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from ..errors import ConfigError
from .base import Rule

if TYPE_CHECKING:
    from ..reports import ReportWriter

PLUGIN_GROUP: Final = "policykit.plugins"

# The built-in rule families, in catalogue order.
_FAMILIES: Final = ("documents", "structure", "review_dates", "metadata", "wording", "schools")

# Built-in report formats: name -> "module:function" under policykit.reports (imported on use).
_BUILTIN_FORMATS: Final = {
    "text": "text:write",
    "json": "json:write",
    "csv": "csv:write",
    "sarif": "sarif:write",
    "github": "github:write",
    "junit": "junit:write",
    "html": "html:write",
    "xlsx": "xlsx:write",
    "ics": "ics:write",
    "summary": "summary:write",
}


class Registry:
    """Rules by code and name, and report formats by name."""

    def __init__(self) -> None:
        self._rules: dict[str, Rule] = {}
        self._names: dict[str, str] = {}
        self._formats: dict[str, ReportWriter | str] = dict(_BUILTIN_FORMATS)
        self._checking: tuple[Rule, ...] | None = None  # checks(), kept until a rule is added
        self.plugins: list[str] = []

    # ----------------------------------------------------------------------- building

    @classmethod
    def with_builtins(cls) -> Registry:
        """A registry holding every built-in rule (no plugins)."""
        registry = cls()
        for family in _FAMILIES:
            module = importlib.import_module(f"{__package__}.{family}")
            for one in module.RULES:
                registry.add_rule(one)
        return registry

    def add_rule(self, rule: Rule) -> None:
        """Register a rule; its code and name must be new."""
        if not isinstance(rule, Rule):
            raise TypeError(f"add_rule expects a policykit.rules.Rule, not {type(rule).__name__}")
        if rule.code in self._rules:
            raise ValueError(f"rule code {rule.code} is already registered")
        if rule.name in self._names:
            raise ValueError(f"rule name {rule.name!r} is already used by {self._names[rule.name]}")
        self._rules[rule.code] = rule
        self._names[rule.name] = rule.code
        self._checking = None

    def add_format(self, name: str, writer: ReportWriter) -> None:
        """Register a report format: ``writer(report, options) -> str``."""
        self._formats[name] = writer

    def add_kind_file(self, path: str | Path) -> None:
        """Register a policy kind (a YAML file, validated when first used)."""
        from ..kinds import register_kind_file

        register_kind_file(Path(path))

    # ----------------------------------------------------------------------- looking up

    def __iter__(self) -> Iterator[Rule]:
        return iter(sorted(self._rules.values(), key=lambda r: r.code))

    def __len__(self) -> int:
        return len(self._rules)

    def __contains__(self, code: object) -> bool:
        return code in self._rules

    def get(self, code_or_name: str) -> Rule | None:
        """A rule by code (any case) or by name."""
        key = code_or_name.strip()
        found = self._rules.get(key.upper())
        if found is None and key.lower() in self._names:
            found = self._rules[self._names[key.lower()]]
        return found

    def codes(self) -> list[str]:
        return sorted(self._rules)

    def checks(self) -> list[Rule]:
        """The rules that examine a parsed document, in code order."""
        return list(self.checking_rules())

    def checking_rules(self) -> tuple[Rule, ...]:
        """:meth:`checks` as a tuple kept between calls (the engine asks once per document)."""
        if self._checking is None:
            self._checking = tuple(r for r in self if r.check is not None)
        return self._checking

    def formats(self) -> list[str]:
        return list(self._formats)

    def writer(self, name: str) -> ReportWriter:
        found = self._formats.get(name)
        if found is None:
            raise ConfigError(f"unknown format {name!r} (choose from {', '.join(self._formats)})")
        if isinstance(found, str):
            module_name, func = found.split(":")
            module = importlib.import_module(f"policykit.reports.{module_name}")
            writer: ReportWriter = getattr(module, func)
            self._formats[name] = writer
            return writer
        return found

    # ----------------------------------------------------------------------- selecting

    def expand(self, selector: str) -> list[str]:
        """The codes a selector names: a code, a code prefix (``PK2``), a name, or ``ALL``.

        Raises ConfigError for a selector that names no rule.
        """
        key = selector.strip()
        if key.upper() == "ALL":
            return self.codes()
        rule = self.get(key)
        if rule is not None:
            return [rule.code]
        prefix = key.upper()
        found = [code for code in self._rules if code.startswith(prefix)]
        if not found or not prefix:
            raise ConfigError(f"unknown rule code or prefix {selector!r}")
        return sorted(found)

    def enabled(self, select: Iterable[str] | None, ignore: Iterable[str] = ()) -> frozenset[str]:
        """Codes enabled by ``select`` (default: all) minus ``ignore``, most specific first.

        As in ruff, a more specific selector wins: ``select=["PK201"], ignore=["PK2"]``
        keeps PK201. At equal specificity ``ignore`` wins.
        """
        selected = ["ALL"] if select is None else list(select)
        ignored = list(ignore)
        for selector in (*selected, *ignored):
            self.expand(selector)  # validate: unknown selectors are errors
        result: set[str] = set()
        for code in self._rules:
            best_select = max((_specificity(s, code, self) for s in selected), default=-1)
            best_ignore = max((_specificity(s, code, self) for s in ignored), default=-1)
            if best_select >= 0 and best_select > best_ignore:
                result.add(code)
        return frozenset(result)


def _specificity(selector: str, code: str, registry: Registry) -> int:
    """How specifically ``selector`` names ``code``: -1 not at all, 0 ALL, else its length."""
    key = selector.strip()
    if key.upper() == "ALL":
        return 0
    rule = registry.get(key)
    if rule is not None:
        return 100 if rule.code == code else -1
    return len(key) if code.startswith(key.upper()) else -1


# --------------------------------------------------------------------------- plugins


def load_plugins(registry: Registry) -> None:
    """Call ``setup(registry)`` of every ``policykit.plugins`` entry point.

    An entry point may name a module with a ``setup`` function or the function
    itself. A plugin that fails raises ConfigError naming it.
    """
    from importlib.metadata import entry_points

    for ep in sorted(entry_points(group=PLUGIN_GROUP), key=lambda e: e.name):
        try:
            target: Any = ep.load()
            setup: Callable[[Registry], object] | None = (
                target if callable(target) else getattr(target, "setup", None)
            )
            if setup is None:
                raise TypeError(f"{ep.value} has no setup(registry) function")
            setup(registry)
        except ConfigError:
            raise
        except Exception as exc:
            raise ConfigError(f"plugin {ep.name!r} ({ep.value}) failed to load: {exc}") from exc
        registry.plugins.append(ep.name)


_default: Registry | None = None
_lock = threading.Lock()


def default_registry() -> Registry:
    """The process-wide registry: built-in rules plus installed plugins (loaded once)."""
    global _default
    with _lock:
        if _default is None:
            registry = Registry.with_builtins()
            load_plugins(registry)
            _default = registry
        return _default
