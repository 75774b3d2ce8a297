"""Where edited documents go: outputs beside nothing else, backups in the user's data folder.

* :func:`read_document`: a document's bytes, read once, bounded (the reader's
  total-size limit), refusing pipes and devices.
* :func:`backup`: before a document is written over (``--in-place``), a copy
  in the user's data directory (platformdirs), in a folder per run named by
  the time, never beside the document: a checked folder gets no new files.
* :func:`mirror`: the output path of each document of a folder, the same
  relative path under the output folder.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from platformdirs import user_data_dir

from ..docx.package import DEFAULT_LIMITS
from ..files import read_small, write_atomic

__all__ = ["backup", "backups_dir", "mirror", "read_document"]


def read_document(path: str | os.PathLike[str]) -> bytes:
    """The bytes of a document to edit (OSError with a plain reason when it cannot be)."""
    return read_small(path, limit=DEFAULT_LIMITS.total_bytes)


def backups_dir() -> Path:
    """The folder under which ``--in-place`` keeps copies of the documents it changes."""
    return Path(user_data_dir("policykit", appauthor=False)) / "backups"


def backup(path: str | os.PathLike[str], data: bytes, run: str | None = None) -> Path:
    """Keep ``data`` (the document as it was) under :func:`backups_dir`; the copy's path.

    ``run`` names the run's folder (default: the time now, ``20261130-184501``);
    the document keeps its name, its folder's path below that (so two
    ``policy.docx`` of different schools do not collide).
    """
    stamp = run or dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    source = Path(os.path.abspath(path))
    relative = Path(*source.parts[1:]) if source.is_absolute() else source
    target = backups_dir() / stamp / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(target, data)
    return target


def mirror(document: str, top: str, out_dir: str) -> str:
    """``top/a/b.docx`` -> ``out_dir/a/b.docx``."""
    relative = os.path.relpath(document, top)
    return os.path.join(out_dir, relative)
