"""The incremental cache: a document's check result, kept until something it depends on changes.

Like ruff's cache, but keyed by content. An entry is found through

* the SHA-256 of the document's bytes (not its name or modification time: a
  document copied into forty school folders is checked once, and touching a
  file without changing it costs nothing);
* policykit's version and a fingerprint of its installed code and data files
  (so an editable install that changes never serves stale results);
* the effective configuration of that document: enabled rules, severities,
  ``due_soon_days`` and the as-of date (review findings depend on the day, so
  without ``--as-of`` each new day starts new entries);
* installed plugins (names and versions); with plugins the document's path is
  part of the key too, since a plugin rule may look at it.

Layout: ``<cache>/<version>/<configuration fingerprint>/<ab>/<sha256>.json``.
Entries are written to a temporary file beside their final name and renamed
into place (``os.replace``), so two runs sharing a cache never see half an
entry; an entry that cannot be read or does not make sense is ignored and
rewritten. Results of bugs (PK000) are never kept. Configuration folders not
used for :data:`PRUNE_AFTER_DAYS` days are deleted at the end of a run.

The default folder is the user's cache folder (platformdirs), never the
policies' own folders; ``--cache-dir``, ``POLICYKIT_CACHE_DIR`` or a
configuration's ``cache-dir`` choose another (see :func:`default_cache_dir`).
Entries are read only as regular files of bounded size, never through a
symbolic link. Deleting the folder at any time is safe.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import stat
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from ._version import __version__
from .files import read_small, write_atomic

if TYPE_CHECKING:
    from .records import DocumentReport, Severity
    from .rules.base import RuleOptions
    from .rules.registry import Registry

ENV_CACHE_DIR: Final = "POLICYKIT_CACHE_DIR"
MAX_ENTRY_BYTES: Final = 16 * 1024 * 1024  # an entry is a few kilobytes
ENTRY_FORMAT: Final = 2  # 2: the records' own JSON form (policykit.records)
MAX_CACHED_BYTES: Final = 64 * 1024 * 1024  # larger files are checked every time
PRUNE_AFTER_DAYS: Final = 14
_USED_MARK: Final = ".last-used"
_FINGERPRINT: Final = re.compile(r"[0-9a-f]{24}")
_PACKAGE_DIR: Final = Path(__file__).resolve().parent
_CACHEDIR_TAG: Final = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by policykit.\n"
    "# For information about cache directory tags see https://bford.info/cachedir/\n"
)


def default_cache_dir(start: str | os.PathLike[str] | None = None) -> str:
    """Where results are kept unless ``--cache-dir`` says: never in the policies' folders.

    ``$POLICYKIT_CACHE_DIR``; else the ``cache-dir`` of the nearest configuration
    found upward from ``start`` (the current folder), relative to that file;
    else the user's cache folder (``~/.cache/policykit`` on Linux,
    ``%LOCALAPPDATA%\\policykit\\Cache`` on Windows). A cache inside a shared drive's
    policy folders would be synced to every member of staff.
    """
    env = os.environ.get(ENV_CACHE_DIR)
    if env:
        return os.path.abspath(env)
    configured = _configured(os.path.abspath(start if start is not None else os.getcwd()))
    if configured is not None:
        return configured
    import platformdirs

    return platformdirs.user_cache_dir("policykit", appauthor=False)


def _configured(folder: str) -> str | None:
    """The nearest configuration's ``cache-dir`` (absolute), if it sets one."""
    from .config import ConfigFinder
    from .errors import ConfigError

    try:
        settings = ConfigFinder().for_path(os.path.join(folder, "-"))
    except ConfigError:
        return None  # the run itself reports bad configuration
    if settings.cache_dir is None:
        return None
    return os.path.abspath(os.path.join(settings.root, os.path.expanduser(settings.cache_dir)))


# --------------------------------------------------------------------------- the run's side


@dataclass(frozen=True, slots=True)
class CacheSpot:
    """Where the entries of one configuration live (picklable: sent with each task)."""

    folder: str
    by_path: bool = False  # plugins are loaded: the document's path is part of the key


class ResultCache:
    """A cache folder for one run: hands each task its :class:`CacheSpot`.

    Raises OSError when the folder cannot be created or written.
    """

    def __init__(self, root: str | os.PathLike[str], registry: Registry) -> None:
        self.root = os.path.abspath(os.fspath(root))
        self.by_path = bool(registry.plugins)
        self._salt = _code_fingerprint(registry)
        self._spots: dict[tuple[Any, ...], CacheSpot] = {}
        _prepare(self.root)

    def spot(
        self,
        options: RuleOptions,
        enabled: frozenset[str],
        severity: tuple[tuple[str, Severity], ...],
    ) -> CacheSpot:
        """The folder for documents checked with this configuration."""
        memo_key = (options, enabled, severity)
        found = self._spots.get(memo_key)
        if found is None:
            settings = {
                "entry_format": ENTRY_FORMAT,
                "as_of": options.as_of.isoformat(),
                "due_soon_days": options.due_soon_days,
                "enabled": sorted(enabled),
                "severity": sorted(severity),
                "code": self._salt,
            }
            text = json.dumps(settings, sort_keys=True, separators=(",", ":"))
            fingerprint = hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]
            folder = os.path.join(self.root, _safe(__version__), fingerprint)
            found = self._spots[memo_key] = CacheSpot(folder, self.by_path)
        return found

    def finish(self) -> None:
        """Mark the configurations used by this run, and prune those long unused."""
        import shutil

        now = time.time()
        used = {spot.folder for spot in self._spots.values()}
        for folder in used:
            with contextlib.suppress(OSError):
                os.makedirs(folder, exist_ok=True)
                Path(folder, _USED_MARK).touch()
        limit = now - PRUNE_AFTER_DAYS * 86400
        for version in _subfolders(self.root):
            for folder in _subfolders(version):
                # Only folders this cache made: a fingerprint's name and a use mark. Never
                # anything else, whatever folder --cache-dir was pointed at.
                name = os.path.basename(folder)
                if folder in used or not _FINGERPRINT.fullmatch(name):
                    continue
                try:
                    last = os.stat(os.path.join(folder, _USED_MARK)).st_mtime
                except OSError:
                    continue
                if last < limit:
                    shutil.rmtree(folder, ignore_errors=True)


def _prepare(root: str) -> None:
    """Create the cache folder with a CACHEDIR.TAG and a .gitignore; check it is writable."""
    os.makedirs(root, exist_ok=True)
    tag = os.path.join(root, "CACHEDIR.TAG")
    if not os.path.exists(tag):
        write_atomic(tag, _CACHEDIR_TAG.encode("ascii"), durable=False)
    ignore = os.path.join(root, ".gitignore")
    if not os.path.exists(ignore):
        write_atomic(ignore, b"# Automatically created by policykit.\n*\n", durable=False)
    if not os.access(root, os.W_OK | os.X_OK):
        raise PermissionError(13, "not writable", root)


def _subfolders(folder: str) -> list[str]:
    try:
        with os.scandir(folder) as scan:
            return [e.path for e in scan if e.is_dir(follow_symlinks=False)]
    except OSError:
        return []


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in ".-_+" else "_" for c in name) or "unknown"


def _code_fingerprint(registry: Registry) -> str:
    """policykit's code and data files (names, sizes, times), the kinds, and the plugins."""
    from .kinds import builtin_schema_dir

    digest = hashlib.sha256(__version__.encode("utf-8"))
    for base in (_PACKAGE_DIR, builtin_schema_dir()):
        for path in sorted(_source_files(base)):
            with contextlib.suppress(OSError):
                st = os.stat(path)
                digest.update(
                    f"\0{os.path.relpath(path, base)}\0{st.st_size}\0{st.st_mtime_ns}".encode()
                )
    for name in _plugin_versions(registry.plugins):
        digest.update(f"\0plugin\0{name}".encode())
    return digest.hexdigest()


def _source_files(base: Path) -> Iterable[str]:
    for folder, dirs, files in os.walk(base):
        dirs[:] = [d for d in dirs if d != "__pycache__" and not d.startswith(".")]
        for name in files:
            if name.endswith((".py", ".yaml", ".yml", ".json", ".toml")):
                yield os.path.join(folder, name)


def _plugin_versions(names: list[str]) -> list[str]:
    if not names:
        return []
    from importlib.metadata import entry_points

    from .rules.registry import PLUGIN_GROUP

    out = []
    for ep in entry_points(group=PLUGIN_GROUP):
        if ep.name in names:
            dist = getattr(ep, "dist", None)
            out.append(f"{ep.name}={ep.value}@{getattr(dist, 'version', '')}")
    return sorted(out)


# --------------------------------------------------------------------------- the worker's side


def read_source(path: str) -> bytes | None:
    """The bytes of a regular file small enough to cache, or None (then check it uncached).

    Opened without blocking (a FIFO named ``x.docx`` must not hang the run) and
    checked to be a regular file before anything is read.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except (OSError, ValueError):
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_CACHED_BYTES:
            return None
        chunks = []
        size = 0
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            size += len(chunk)
            if size > MAX_CACHED_BYTES:
                return None
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError:
        return None
    finally:
        os.close(fd)


def entry_path(spot: CacheSpot, data: bytes, path: str) -> str:
    """Where the entry for these bytes (checked with this spot's configuration) lives."""
    digest = hashlib.sha256(data)
    if spot.by_path:
        digest.update(b"\0" + os.path.abspath(path).encode("utf-8", "surrogateescape"))
    name = digest.hexdigest()
    return os.path.join(spot.folder, name[:2], name + ".json")


def load(entry: str, path: str) -> DocumentReport | None:
    """The cached report for ``path``, or None when there is none or it is unusable."""
    try:
        # Never a link (it could lead out of the cache), never a pipe or a huge file.
        raw = read_small(entry, MAX_ENTRY_BYTES, follow_links=False)
    except OSError:
        return None
    try:
        return _report_from(json.loads(raw), path)
    except Exception:  # a corrupt, truncated or foreign entry: a miss, rewritten later
        return None


def store(entry: str, report: DocumentReport) -> None:
    """Keep a report (never a bug's PK000); failures to write are ignored."""
    if not cacheable(report):
        return
    try:
        data = json.dumps(_entry_of(report), ensure_ascii=False, separators=(",", ":"))
        folder = os.path.dirname(entry)
        if folder not in _made:
            os.makedirs(folder, exist_ok=True)
            _made.add(folder)
        write_atomic(entry, data.encode("utf-8"), durable=False)
    except FileNotFoundError:  # the folder was deleted meanwhile (the cache cleared)
        _made.clear()
    except (OSError, ValueError, TypeError):
        pass


_made: set[str] = set()  # entry folders this process has made or found (a syscall saved)


def cacheable(report: DocumentReport) -> bool:
    """False for results of a bug or a crash (PK000): those are worth retrying."""
    if report.error is not None and report.error.code == "PK000":
        return False
    return all(f.code != "PK000" for f in report.findings)


# --------------------------------------------------------------------------- entries


def _entry_of(report: DocumentReport) -> dict[str, Any]:
    """The report's one JSON form (with the fields a run needs back), marked with the format."""
    entry = report.to_dict(internal=True)
    entry["format"] = ENTRY_FORMAT
    return entry


def _report_from(entry: Any, path: str) -> DocumentReport:
    from .records import DocumentReport

    if not isinstance(entry, dict) or entry.get("format") != ENTRY_FORMAT:
        raise ValueError("not an entry of this format")
    return DocumentReport.from_dict(entry, path)


__all__ = [
    "ENV_CACHE_DIR",
    "CacheSpot",
    "ResultCache",
    "default_cache_dir",
    "entry_path",
    "load",
    "read_source",
    "store",
]
