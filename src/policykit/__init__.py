"""policykit: school policy documents as data.

>>> import policykit
>>> policy = policykit.parse("community-cohesion.docx")
>>> policy.review_due.end
"""

from __future__ import annotations

from ._version import __version__

# Not typing's: importing typing costs ~10 ms, spent before the command line can handle
# Ctrl-C (policykit._entry); type checkers take this name for theirs all the same.
TYPE_CHECKING = False

__all__ = [
    "DocumentError",
    "ParseResult",
    "Policy",
    "PolicyDate",
    "Review",
    "Section",
    "__version__",
    "check",
    "parse",
    "parse_document",
    "render",
]

if TYPE_CHECKING:
    from typing import Any

    from .checking import check
    from .errors import DocumentError
    from .model import Policy, PolicyDate, Review, Section
    from .parsing import parse, parse_document
    from .recognise import ParseResult
    from .render import render

_LAZY = {
    "DocumentError": "errors",
    "Policy": "model",
    "PolicyDate": "model",
    "Review": "model",
    "Section": "model",
    "check": "checking",
    "parse": "parsing",
    "parse_document": "parsing",
    "ParseResult": "recognise",
    "render": "render",
}


def __getattr__(name: str) -> Any:
    """Import heavy modules only when used (fast ``policykit --version``)."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'policykit' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value
