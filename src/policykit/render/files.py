"""Writing files safely: atomically (temporary file, then ``os.replace``), with backups."""

from __future__ import annotations

import os
from pathlib import Path

from ..files import write_atomic


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new, never half."""
    write_atomic(path, data)


def same_file(a: Path, b: Path) -> bool:
    """True when ``a`` and ``b`` name one file (links and different spellings included)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return a.resolve() == b.resolve()


def backup_path(path: Path) -> Path:
    """``name.docx.bak``, or ``name.docx.bak.1``, ``.bak.2`` ... when taken."""
    candidate = path.with_name(path.name + ".bak")
    n = 1
    while candidate.exists():
        candidate = path.with_name(f"{path.name}.bak.{n}")
        n += 1
    return candidate
