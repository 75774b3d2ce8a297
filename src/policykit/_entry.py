"""The ``policykit`` command's entry point: signal handling first, then the command line.

SIGINT (Ctrl-C) and SIGTERM raise :class:`~policykit.errors.Interrupted` from
the first moment, so an interruption at any point (while the modules load, or
click reads the options, or a command runs) ends the same way: temporary files
removed, the previous outputs kept, one line on stderr, and the exit status
128 + the signal's number (130, 143), never 1, which means "findings".
"""

from __future__ import annotations

# The C module: ``signal`` imports enum, ~10 ms more before Ctrl-C would be handled.
import _signal  # type: ignore[import-not-found]  # (typeshed has no stub for it)

from .errors import Interrupted
from .stopping import STOPPED, leave, raise_interrupted, stop


def run() -> None:
    """Run the command line (the console script and ``python -m policykit``)."""
    _signal.signal(_signal.SIGINT, raise_interrupted)
    _signal.signal(_signal.SIGTERM, raise_interrupted)
    try:
        try:
            from .cli import main

            main()
        except Interrupted as exc:
            stop(exc.signum)
    except SystemExit as exc:
        if STOPPED:  # interrupted: leave without waiting on what the workers left
            leave(exc.code if isinstance(exc.code, int) else 128 + STOPPED[0])
        raise
