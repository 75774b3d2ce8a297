"""Report formats: one module per format, each a ``write(report, options) -> str``.

Formats are registered in the rule registry (:meth:`Registry.add_format`), so a
plugin can add one. Built in: ``text`` (people), ``json`` (the contract),
``csv`` (the trust's policy register), ``sarif`` (code scanning), ``github``
(workflow annotations) and ``junit`` (CI test reports).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..checking import CheckReport
    from ..rules.registry import Registry


@dataclass(frozen=True, slots=True)
class ReportOptions:
    """How to write: the registry (for rule help) and whether to use colour."""

    registry: Registry
    color: bool = False


ReportWriter = Callable[["CheckReport", ReportOptions], str]


def render(fmt: str, report: CheckReport, options: ReportOptions) -> str:
    """The report in format ``fmt`` (ConfigError for an unknown format)."""
    return options.registry.writer(fmt)(report, options)


def location(path: str, section: str | None, paragraph: int | None) -> str:
    """``path:§section:¶N`` with the parts that are known."""
    parts = [path]
    if section is not None:
        parts.append(f"§{section}")
    if paragraph is not None:
        parts.append(f"¶{paragraph}")
    return ":".join(parts)


__all__ = ["ReportOptions", "ReportWriter", "location", "render", "write_atomic"]


def write_atomic(path: str, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` all at once: a temporary file beside it, then rename.

    A reader never sees half a report, and a failed run leaves the old file in place.
    """
    import contextlib
    import os
    import tempfile

    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".policykit-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # as an ordinary new file, not mkstemp's 0600
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
