"""docProps: core properties (title, creator, dates ...) and custom properties (name -> value)."""

from __future__ import annotations

from policykit.docx.xml import CUSTOM_PROPS_NS, Element

_PROPERTY = "{" + CUSTOM_PROPS_NS + "}property"


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _text(el: Element) -> str:
    """All the text inside ``el`` (its tail left out), as ``"".join(el.itertext())``.

    Most properties hold no element: their text is read at once (``itertext`` costs
    thirty times as much).
    """
    if not len(el):
        return el.text or ""
    return "".join(el.itertext())


def read_core(root: Element) -> dict[str, str]:
    """``docProps/core.xml`` -> {"title": ..., "creator": ..., "modified": ...} (local names)."""
    out: dict[str, str] = {}
    for child in root:
        name = _local(child.tag)
        if not name or name in out:
            continue
        value = _text(child).strip()
        if value:
            out[name] = value
    return out


def read_company(root: Element) -> str:
    """``docProps/app.xml`` -> the first non-empty ``Company`` (as ``read_core`` would see it)."""
    for child in root:
        if _local(child.tag) == "Company":
            value = _text(child).strip()
            if value:
                return value
    return ""


def read_custom(root: Element) -> dict[str, str]:
    """``docProps/custom.xml`` -> {property name: value as text}."""
    out: dict[str, str] = {}
    for prop in root.iter(_PROPERTY):
        name = prop.get("name")
        if not name or name in out:
            continue
        out[name] = _text(prop).strip()
    return out
