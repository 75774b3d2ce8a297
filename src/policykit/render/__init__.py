"""Policy -> .docx in a trust's house style; new policies from templates.

>>> from policykit.render import render
>>> render(policy, "out.docx", template="house-style.docx").warnings
[]

Data flows one way: a :class:`~policykit.model.Policy` is written through
python-docx's object model into a reference document whose body has been
dropped. No input document's XML is read, and placeholders are filled in the
model, never inside Word XML.
"""

from __future__ import annotations

import os
import sys
import types

from ..model import Policy
from .api import Rendered, RenderResult, normalize, render, render_bytes
from .errors import MissingValues, RenderError, TemplateError

__all__ = [
    "MissingValues",
    "RenderError",
    "RenderResult",
    "Rendered",
    "TemplateError",
    "normalize",
    "render",
    "render_bytes",
]


class _CallableModule(types.ModuleType):
    """``policykit.render`` is this package once imported; calling it renders.

    So ``policykit.render(policy, "out.docx")`` works whether the name is
    bound to this package (after any ``import policykit.render...``) or to
    the :func:`render` function.
    """

    def __call__(
        self,
        policy: Policy,
        path: str | os.PathLike[str],
        template: str | os.PathLike[str] | None = None,
    ) -> RenderResult:
        return render(policy, path, template)


sys.modules[__name__].__class__ = _CallableModule
