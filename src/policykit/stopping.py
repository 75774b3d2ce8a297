"""Stopping on SIGINT and SIGTERM: the handler, and the clean end of an interrupted command.

Used by the console script (:mod:`policykit._entry`) and by commands that write
outputs; it imports nothing of policykit's but the bottom modules.
"""

from __future__ import annotations

import os
import sys

from .errors import Interrupted

TYPE_CHECKING = False  # not typing's (its import costs time before the handlers are set)
if TYPE_CHECKING:
    from types import FrameType


def raise_interrupted(signum: int, _frame: FrameType | None) -> None:
    """A signal handler: raise :class:`~policykit.errors.Interrupted`."""
    raise Interrupted(signum)


STOPPED: list[int] = []  # the signal that stopped this process, once stop() has run


def stop(signum: int) -> None:
    """End the command after an interruption (cleaning up first); never returns.

    Raises SystemExit(128 + signum). The console script then leaves at once
    (:func:`leave`): worker processes ended in the middle of a queue operation
    can leave a lock that an ordinary interpreter exit would wait on for ever.
    """
    import signal  # here: it imports enum, which costs time before the handlers are set

    from .files import remove_pending

    STOPPED.append(signum)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second one while cleaning up
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    remove_pending()
    name = signal.Signals(signum).name
    print(f"policykit: interrupted ({name}); nothing more was written", file=sys.stderr)
    sys.stdout.flush()
    sys.exit(128 + signum)


def leave(code: int) -> None:
    """Exit the process now with ``code``, output flushed, no exit handlers run."""
    import contextlib

    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(code)
