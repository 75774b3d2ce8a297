"""A small Sphinx extension: policykit's catalogues, written from the registry at build time.

A page holds a directive line and the extension puts the generated Markdown in
its place when Sphinx reads the page, so nothing is written twice::

    ```{policykit-rules}
    ```

* ``policykit-rules``: every rule of the registry (``policykit rule CODE`` text);
* ``policykit-kinds``: every policy kind (``policykit kind KIND`` text);
* ``policykit-config``: the configuration keys, from :mod:`policykit.config`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

_DIRECTIVE = re.compile(r"^```\{(policykit-[a-z]+)\}[ \t]*\n```[ \t]*$", re.MULTILINE)


def _rules() -> str:
    from policykit.registry import Registry
    from policykit.rules.catalogue import catalogue_markdown

    return _body(catalogue_markdown(Registry.with_builtins()))


def _kinds() -> str:
    from policykit.kinddocs import kinds_markdown

    return _body(kinds_markdown())


def _config() -> str:
    from policykit import config, trust
    from policykit.settingdoc import documented

    files = ", ".join(f"`{name}`" for name in config.CONFIG_FILES)
    parts = [
        f"Files read, nearest first in each folder: {files}. In `pyproject.toml` the keys "
        "go under `[tool.policykit]`; in `policykit.toml` at the top level or under it. "
        "`-` and `_` in key names are the same.\n"
    ]
    tables = (
        ("", "[tool.policykit]", config.Settings),
        ("trust.", "[tool.policykit.trust]", trust.TrustSettings),
        (
            'trust.school."NAME".',
            '[tool.policykit.trust.school."Oak Primary"]',
            trust.SchoolSettings,
        ),
    )
    for prefix, table, cls in tables:
        for doc in documented(cls):
            example = (
                doc.example
                if doc.example.startswith("[") or not table
                else (f"{table}\n{doc.example}")
            )
            parts.append(f"### `{prefix}{doc.name}`\n\n{doc.doc}\n\n```toml\n{example}\n```\n")
    return "\n".join(parts)


def _body(markdown: str) -> str:
    """A generated page's Markdown without its own top title and generated-file note."""
    lines = [line for line in markdown.splitlines() if not line.startswith("<!--")]
    while lines and not lines[0].strip():
        lines.pop(0)
    if lines and lines[0].startswith("# "):
        lines.pop(0)
    # The page's own title is the only level-1 heading.
    return "\n".join(("#" + line) if line.startswith("#") else line for line in lines) + "\n"


GENERATORS: dict[str, Callable[[], str]] = {
    "policykit-rules": _rules,
    "policykit-kinds": _kinds,
    "policykit-config": _config,
}


def _source_read(app: Any, docname: str, source: list[str]) -> None:
    source[0] = _DIRECTIVE.sub(lambda m: GENERATORS[m.group(1)](), source[0])


_FILE_LINK = re.compile(r"\[([^\]]+)\]\((?!https?:)([^)#]+?\.(?:ya?ml|py|toml|json))\)")


def _include_read(app: Any, relative_path: Any, parent_docname: str, content: list[str]) -> None:
    """README's links to repository files (not pages of the site) become plain text."""
    content[0] = _FILE_LINK.sub(lambda m: m.group(1), content[0])


def setup(app: Any) -> dict[str, Any]:
    """Register the extension with Sphinx."""
    app.connect("source-read", _source_read)
    app.connect("include-read", _include_read)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
