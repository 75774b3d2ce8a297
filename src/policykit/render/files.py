"""Writing files safely: atomically (temporary file, then ``os.replace``)."""

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
