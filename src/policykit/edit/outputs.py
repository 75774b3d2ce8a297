"""Where edited documents go: outputs beside nothing else, backups in the user's data folder.

* :func:`read_document`: a document's bytes, read once, bounded (the reader's
  total-size limit), refusing pipes and devices.
* :func:`backup`: before a document is written over (``--in-place``), a copy
  in the user's data directory, never beside the document (the one helper,
  :mod:`policykit.backups`, here for the edit commands).
* :func:`mirror`: the output path of each document of a folder, the same
  relative path under the output folder.
"""

from __future__ import annotations

import os

from ..backups import backup, backups_dir
from ..docx.package import DEFAULT_LIMITS
from ..files import read_small

__all__ = ["backup", "backups_dir", "mirror", "read_document"]


def read_document(path: str | os.PathLike[str]) -> bytes:
    """The bytes of a document to edit (OSError with a plain reason when it cannot be)."""
    return read_small(path, limit=DEFAULT_LIMITS.total_bytes)


def mirror(document: str, top: str, out_dir: str) -> str:
    """``top/a/b.docx`` -> ``out_dir/a/b.docx``."""
    relative = os.path.relpath(document, top)
    return os.path.join(out_dir, relative)
