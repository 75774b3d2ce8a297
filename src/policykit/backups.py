"""Backups of documents written over in place, kept in the user's data folder, never beside them.

Before ``normalize --in-place``, ``annotate --in-place`` or ``approve`` writes
over a document, :func:`backup` keeps the document as it was under
:func:`backups_dir` (platformdirs' user data directory, e.g.
``~/.local/share/policykit/backups`` on Linux), in a folder per run named by
its time (``20261204-205001``). The copy keeps the document's name and the
path of its folder below the run's folder, and the run's ``manifest.json``
records, for each copy, the original path, when it was taken, and the
SHA-256 of the copy and of what replaced the original. A checked folder (a
shared drive, synced to every member of staff) never gets a ``.bak`` file.

:func:`list_backups` lists them newest first; :func:`restore` puts one back,
atomically, and refuses to overwrite a document changed since policykit
wrote it (unless forced). ``policykit restore`` is the command for both.

This module imports nothing of policykit's but :mod:`policykit.files`: every
layer that writes documents may use it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from platformdirs import user_data_dir

from .files import read_small, write_atomic

__all__ = [
    "Backup",
    "RestoreRefused",
    "backup",
    "backups_dir",
    "find_backup",
    "list_backups",
    "new_run",
    "restore",
]

MANIFEST: Final = "manifest.json"
STAMP_FORMAT: Final = "%Y%m%d-%H%M%S"
MANIFEST_LIMIT: Final = 16 * 1024 * 1024
DOCUMENT_LIMIT: Final = 256 * 1024 * 1024  # the reader's own limit on a whole package


class RestoreRefused(Exception):
    """A backup that cannot be put back (the document changed since, or the copy is damaged)."""


@dataclass(frozen=True, slots=True)
class Backup:
    """One kept copy: ``id`` (``RUN/N``), when, the original path and the copy's file."""

    id: str
    when: dt.datetime
    original: str
    file: Path
    sha256: str | None = None  # of the copy, as taken (None: a copy kept without a manifest)
    written_sha256: str | None = None  # of what policykit wrote over the original

    def describe(self) -> str:
        """``20261204-205001/1  2026-12-04 20:50:01  /share/Oak/Behaviour.docx``."""
        return f"{self.id}  {self.when:%Y-%m-%d %H:%M:%S}  {self.original}"


def backups_dir() -> Path:
    """The folder under which documents written over in place are kept."""
    return Path(user_data_dir("policykit", appauthor=False)) / "backups"


def new_run(now: dt.datetime | None = None) -> str:
    """A new run's folder name (``20261204-205001``, ``-2`` ... when taken), created empty."""
    stamp = (now or dt.datetime.now()).strftime(STAMP_FORMAT)
    root = backups_dir()
    root.mkdir(parents=True, exist_ok=True)
    name, n = stamp, 1
    while True:
        try:
            (root / name).mkdir()
            return name
        except FileExistsError:
            n += 1
            name = f"{stamp}-{n}"


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _relative(path: str) -> Path:
    """``/share/Oak/a.docx`` -> ``share/Oak/a.docx`` (``C:\\x\\a.docx`` -> ``x/a.docx``)."""
    source = Path(path)
    return Path(*source.parts[1:]) if source.is_absolute() else source


def _read_manifest(folder: Path) -> list[dict[str, Any]]:
    try:
        data = json.loads(read_small(folder / MANIFEST, MANIFEST_LIMIT).decode("utf-8"))
    except (OSError, ValueError):
        return []
    entries = data.get("backups") if isinstance(data, dict) else None
    return [e for e in entries if isinstance(e, dict)] if isinstance(entries, list) else []


def backup(
    path: str | os.PathLike[str],
    data: bytes,
    run: str | None = None,
    replacement: bytes | None = None,
) -> Path:
    """Keep ``data`` (the document at ``path`` as it was) under :func:`backups_dir`.

    ``run`` is the run's folder (from :func:`new_run`; default: a new one);
    ``replacement`` is what is about to be written over the document (its
    hash lets :func:`restore` tell a document changed since from one left as
    policykit wrote it). Returns the copy's path.
    """
    run = run or new_run()
    folder = backups_dir() / run
    original = os.path.abspath(os.fspath(path))
    relative = _relative(original)
    target = folder / relative
    n = 1
    while target.exists():  # the same name twice in one run (two links to one file)
        n += 1
        target = folder / relative.with_name(f"{relative.stem} ({n}){relative.suffix}")
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(target, data)
    entries = _read_manifest(folder)
    entries.append(
        {
            "original": original,
            "file": target.relative_to(folder).as_posix(),
            "time": dt.datetime.now().isoformat(timespec="seconds"),
            "sha256": _digest(data),
            "written_sha256": None if replacement is None else _digest(replacement),
        }
    )
    write_atomic(folder / MANIFEST, json.dumps({"backups": entries}, indent=1) + "\n")
    return target


def _run_time(name: str) -> dt.datetime | None:
    try:
        return dt.datetime.strptime(name[:15], STAMP_FORMAT)
    except ValueError:
        return None


def _run_backups(folder: Path, when: dt.datetime) -> list[Backup]:
    found: list[Backup] = []
    entries = _read_manifest(folder)
    if entries:
        for n, entry in enumerate(entries, 1):
            original, file = entry.get("original"), entry.get("file")
            if not isinstance(original, str) or not isinstance(file, str):
                continue
            taken = when
            with contextlib.suppress(TypeError, ValueError):
                taken = dt.datetime.fromisoformat(str(entry.get("time")))
            sha, written = entry.get("sha256"), entry.get("written_sha256")
            found.append(
                Backup(
                    f"{folder.name}/{n}",
                    taken,
                    original,
                    folder / file,
                    sha if isinstance(sha, str) else None,
                    written if isinstance(written, str) else None,
                )
            )
        return found
    # A run folder without a manifest: each file is a copy of the file at its path.
    files = sorted(p for p in folder.rglob("*") if p.is_file() and not p.is_symlink())
    for n, file in enumerate(files, 1):
        original = os.sep + str(file.relative_to(folder))
        found.append(Backup(f"{folder.name}/{n}", when, original, file))
    return found


def list_backups() -> list[Backup]:
    """Every kept copy, newest first (the newest run first, then its copies in order)."""
    root = backups_dir()
    try:
        runs = [p for p in root.iterdir() if p.is_dir() and not p.is_symlink()]
    except OSError:
        return []
    found: list[Backup] = []
    for folder in sorted(runs, key=lambda p: p.name, reverse=True):
        when = _run_time(folder.name)
        if when is not None:
            found.extend(_run_backups(folder, when))
    return found


def find_backup(wanted: str) -> Backup | None:
    """The backup with id ``wanted``, else the newest backup of the document at path ``wanted``."""
    kept = list_backups()
    for item in kept:
        if item.id == wanted:
            return item
    original = os.path.abspath(wanted)
    return next((item for item in kept if item.original == original), None)


def restore(item: Backup, force: bool = False) -> None:
    """Put a backup back where it was taken from, atomically.

    Raises :class:`RestoreRefused` when the copy is missing or damaged, or when
    the document there now is neither the copy nor what policykit wrote over
    it (someone changed it since), unless ``force``.
    """
    try:
        data = read_small(item.file, DOCUMENT_LIMIT)
    except OSError as exc:
        raise RestoreRefused(
            f"the backup {item.file} cannot be read ({exc.strerror or exc})"
        ) from None
    if item.sha256 is not None and _digest(data) != item.sha256:
        raise RestoreRefused(f"the backup {item.file} is damaged (it changed since it was kept)")
    try:
        current: bytes | None = read_small(item.original, DOCUMENT_LIMIT)
    except FileNotFoundError:
        current = None
    except OSError as exc:
        if not force:
            raise RestoreRefused(
                f"{item.original} cannot be read ({exc.strerror or exc}); use --force to "
                "replace it all the same"
            ) from None
        current = None
    changed = current is not None and current != data
    if changed and not force and (item.written_sha256 != _digest(current or b"")):
        raise RestoreRefused(
            f"{item.original} has changed since policykit wrote it; restoring the backup "
            "would lose those changes (use --force to restore it all the same)"
        )
    os.makedirs(os.path.dirname(item.original) or ".", exist_ok=True)
    write_atomic(item.original, data)
