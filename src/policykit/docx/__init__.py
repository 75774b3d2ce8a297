"""Reading .docx packages: zip and limits, parts, styles, numbering, the body walk.

Reading only: nothing in this package writes a file or knows about policies.
The entry point is :func:`policykit.docx.reader.read_docx` (also importable
from here), which returns a :class:`policykit.docx.blocks.DocxDocument`.

Modules, one per part of the package: ``package`` (zip, limits, relationships),
``xml`` (the safe parser, tag names), ``styles``, ``numbering``, ``lists``
(list levels, typed bullets), ``body`` (the walk), ``stats`` (the text
self-check), ``properties`` (core and custom properties), ``reader``.
"""

from policykit.docx.package import Limits
from policykit.docx.reader import paragraph_elements, read_docx

__all__ = ["Limits", "paragraph_elements", "read_docx"]
