"""``python -m policykit``: the command line (signal handling first; see policykit._entry)."""

from ._entry import run

run()
