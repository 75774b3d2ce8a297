"""Files policykit writes and small files it reads: written whole or not at all, read safely.

* :func:`atomic_file` / :func:`write_atomic`: the one way policykit writes a
  file (reports, baselines, cache entries, documents). A regular file (or a
  new one) is written to a temporary file beside it, flushed, then renamed
  over it, so a reader sees the old file or the new, never half. Something
  that is not a regular file (a pipe, ``/dev/stdout``, a terminal) is written
  directly: renaming over it would replace the pipe with a file. ``-`` is
  standard output. Temporary files still open are listed in
  :data:`PENDING`, so an interrupted run can remove them (see
  :func:`remove_pending`).
* :func:`read_small`: a file that should be small (configuration, a baseline,
  a CSV of schools, a cache entry) is read only if it is a regular file and
  only up to a bound: a FIFO would hang a run and ``/dev/zero`` would fill the
  memory.

This module imports nothing of policykit's: every layer may use it.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import stat
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Final, Literal, overload

__all__ = [
    "PENDING",
    "SMALL_FILE_LIMIT",
    "atomic_file",
    "read_small",
    "remove_pending",
    "write_atomic",
]

SMALL_FILE_LIMIT: Final = 64 * 1024 * 1024  # 64 MB: far above any real baseline or CSV
PENDING: Final[set[str]] = set()  # temporary files being written by this process


def _is_regular_or_missing(path: str) -> bool:
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except FileNotFoundError:
        return True
    except OSError:
        return True  # let the write itself say what is wrong


def _mode_for(path: str) -> int:
    """An existing file's permissions, else those of a new ordinary file (0666 less umask)."""
    try:
        return os.stat(path).st_mode & 0o7777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


@overload
def atomic_file(
    path: str | os.PathLike[str], binary: Literal[False] = ..., durable: bool = ...
) -> contextlib.AbstractContextManager[IO[str]]: ...
@overload
def atomic_file(
    path: str | os.PathLike[str], binary: Literal[True], durable: bool = ...
) -> contextlib.AbstractContextManager[IO[bytes]]: ...


@contextmanager  # type: ignore[misc]  # the overloads above give the context's types
def atomic_file(
    path: str | os.PathLike[str], binary: bool = False, durable: bool = True
) -> Iterator[IO[str] | IO[bytes]]:
    """A file that appears at ``path`` complete or not at all (UTF-8 text unless ``binary``).

    ``durable``: flushed to the disk before the rename (not for a cache entry,
    which can always be made again).

    The temporary file is renamed over ``path`` when the block ends without an
    exception; on an exception (an interruption included) it is removed and
    the old file is left as it was.
    """
    name = os.fspath(path)
    if name == "-":
        if binary:
            yield sys.stdout.buffer
            sys.stdout.buffer.flush()
        else:
            yield sys.stdout
            sys.stdout.flush()
        return
    if not _is_regular_or_missing(name):
        if binary:
            with open(name, "wb") as direct_bytes:
                yield direct_bytes
        else:
            with open(name, "w", encoding="utf-8", newline="") as direct_text:
                yield direct_text
        return
    folder = os.path.dirname(os.path.abspath(name))
    mode = _mode_for(name)
    fd, tmp = tempfile.mkstemp(prefix=".policykit-", suffix=".tmp", dir=folder)
    PENDING.add(tmp)
    try:
        with os.fdopen(fd, "wb") as raw:
            if binary:
                yield raw
            else:
                text = io.TextIOWrapper(raw, encoding="utf-8", newline="")
                yield text
                text.flush()
                text.detach()
            raw.flush()
            if durable:
                os.fsync(raw.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, name)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    finally:
        PENDING.discard(tmp)


def write_atomic(path: str | os.PathLike[str], data: str | bytes, durable: bool = True) -> None:
    """Write ``data`` (text as UTF-8) to ``path`` all at once (see :func:`atomic_file`)."""
    if isinstance(data, bytes):
        with atomic_file(path, binary=True, durable=durable) as out:
            out.write(data)
    else:
        with atomic_file(path, durable=durable) as text:
            text.write(data)


def remove_pending() -> None:
    """Remove every temporary file this process is still writing (an interrupted run)."""
    for tmp in list(PENDING):
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        PENDING.discard(tmp)


def read_small(
    path: str | os.PathLike[str], limit: int = SMALL_FILE_LIMIT, follow_links: bool = True
) -> bytes:
    """The bytes of a file that should be small; OSError with a plain reason otherwise.

    Opened without blocking (a FIFO with no writer would wait for ever), then
    refused unless it is a regular file; more than ``limit`` bytes is refused
    too (``/dev/zero`` never ends). ``follow_links=False`` refuses a symbolic
    link (the cache never follows one out of its folder).
    """
    name = os.fspath(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    if not follow_links:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(name, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP and not follow_links:
            raise OSError(errno.ELOOP, "a symbolic link, not followed", name) from None
        raise
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise OSError(errno.EINVAL, "not a regular file (a pipe, device or folder)", name)
        if info.st_size > limit:
            raise OSError(errno.EFBIG, f"too large (over {limit // (1024 * 1024)} MB)", name)
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise OSError(errno.EFBIG, f"too large (over {limit // (1024 * 1024)} MB)", name)
    return data
