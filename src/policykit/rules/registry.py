"""The registry's old home: :mod:`policykit.registry` holds it now (kept for imports)."""

from ..registry import PLUGIN_GROUP, Registry, default_registry, load_plugins

__all__ = ["PLUGIN_GROUP", "Registry", "default_registry", "load_plugins"]
