"""The one registry of pluggable parts: rules, policy kinds and report formats.

Like Sphinx's ``SphinxComponentRegistry``: the built-in parts are registered
through the same ``setup(registry)`` function that plugins use. The built-in
"extensions" are the modules in :data:`BUILTIN_EXTENSIONS` (the rule families,
the kinds shipped with policykit, the report formats); plugins are found by
the ``policykit.plugins`` entry point::

    # my_trust_rules.py
    def setup(registry):
        registry.add_rule(my_rule)
        registry.add_kind_file(Path(__file__).with_name("lettings.yaml"))
        registry.add_format("register", write_register)

Registering a rule code or name, a kind id or a format name twice is an error
naming both sources. This module imports the extensions by name only, so the
registry sits above rules, kinds and reports and none of them imports it.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from .errors import ConfigError
from .rules.base import Rule

if TYPE_CHECKING:
    from .reports import ReportWriter

PLUGIN_GROUP: Final = "policykit.plugins"

# The built-in extensions, each with a ``setup(registry)``: the rule families
# (``policykit.rules.FAMILIES``), the kinds shipped in ``schemas/``, the report formats.
BUILTIN_EXTENSIONS: Final = ("policykit.rules", "policykit.kinds", "policykit.reports")
BUILTIN: Final = "policykit"  # the source named for built-in parts


class Registry:
    """Rules by code and name, policy kinds by id, report formats by name.

    ``source`` is who is registering (``"policykit"`` for the built-in parts,
    the plugin's entry point while its ``setup`` runs), named in the error
    when something is registered twice.
    """

    def __init__(self) -> None:
        self._rules: dict[str, Rule] = {}
        self._names: dict[str, str] = {}
        self._formats: dict[str, ReportWriter | str] = {}
        self._format_sources: dict[str, str] = {}
        self._kinds: dict[str, tuple[Path, str]] = {}
        self._checking: tuple[Rule, ...] | None = None  # checks(), kept until a rule is added
        self.plugins: list[str] = []
        self.source = BUILTIN

    # ----------------------------------------------------------------------- building

    @classmethod
    def with_builtins(cls) -> Registry:
        """A registry holding every built-in part (no plugins)."""
        registry = cls()
        for name in BUILTIN_EXTENSIONS:
            importlib.import_module(name).setup(registry)
        return registry

    def add_rule(self, rule: Rule) -> None:
        """Register a rule; its code and name must be new."""
        if not isinstance(rule, Rule):
            raise TypeError(f"add_rule expects a policykit.rules.Rule, not {type(rule).__name__}")
        if rule.code in self._rules:
            first = self._rules[rule.code].origin
            raise ValueError(
                f"rule code {rule.code} is already registered (by {first}; again by {self.source})"
            )
        if rule.name in self._names:
            code = self._names[rule.name]
            raise ValueError(
                f"rule name {rule.name!r} is already used by {code} ({self._rules[code].origin}); "
                f"{rule.code} by {self.source} cannot have it too"
            )
        self._rules[rule.code] = rule
        self._names[rule.name] = rule.code
        self._checking = None

    def add_format(self, name: str, writer: ReportWriter | str) -> None:
        """Register a report format: ``writer(report, options) -> str``.

        ``writer`` may be ``"module:function"`` under ``policykit.reports``,
        imported when first used (how the built-in formats keep start-up fast).
        """
        if name in self._formats:
            raise ValueError(
                f"report format {name!r} is already registered (by "
                f"{self._format_sources[name]}; again by {self.source})"
            )
        self._formats[name] = writer
        self._format_sources[name] = self.source

    def add_kind_file(self, path: str | Path) -> None:
        """Register a policy kind (a YAML file named ``<id>.yaml``, validated when used)."""
        path = Path(path)
        kind_id = path.stem
        if kind_id in self._kinds:
            first, source = self._kinds[kind_id]
            raise ValueError(
                f"policy kind {kind_id!r} is already registered ({first}, by {source}; "
                f"again {path}, by {self.source})"
            )
        self._kinds[kind_id] = (path, self.source)
        if self.source != BUILTIN:
            from .kinds import register_kind_file

            register_kind_file(path)

    def kinds(self) -> dict[str, Path]:
        """Kind ids and their files, as registered."""
        return {kind_id: path for kind_id, (path, _source) in sorted(self._kinds.items())}

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
            registry.source = f"plugin {ep.name!r} ({ep.value})"
            setup(registry)
        except ConfigError:
            raise
        except Exception as exc:
            raise ConfigError(f"plugin {ep.name!r} ({ep.value}) failed to load: {exc}") from exc
        finally:
            registry.source = BUILTIN
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
