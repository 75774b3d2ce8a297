"""docProps: core properties (title, creator, dates ...) and custom properties (name -> value)."""

from __future__ import annotations

from policykit.docx.xml import CUSTOM_PROPS_NS, Element

_PROPERTY = "{" + CUSTOM_PROPS_NS + "}property"


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def read_core(root: Element) -> dict[str, str]:
    """``docProps/core.xml`` -> {"title": ..., "creator": ..., "modified": ...} (local names)."""
    out: dict[str, str] = {}
    for child in root:
        name = _local(child.tag)
        if not name or name in out:
            continue
        value = "".join(child.itertext()).strip()
        if value:
            out[name] = value
    return out


def read_custom(root: Element) -> dict[str, str]:
    """``docProps/custom.xml`` -> {property name: value as text}."""
    out: dict[str, str] = {}
    for prop in root.iter(_PROPERTY):
        name = prop.get("name")
        if not name or name in out:
            continue
        out[name] = "".join(prop.itertext()).strip()
    return out
