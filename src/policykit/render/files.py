"""Writing files safely: atomically (temporary file, then ``os.replace``)."""

from __future__ import annotations

import os
from pathlib import Path


def same_file(a: Path, b: Path) -> bool:
    """True when ``a`` and ``b`` name one file (links and different spellings included)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return a.resolve() == b.resolve()
