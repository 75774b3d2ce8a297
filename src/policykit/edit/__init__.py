"""Writing back into the school's own Word files: comments, approvals.

Editing works on the package's parts with lxml, through the reader's safe
parser and zip limits (:mod:`.package`); a paragraph is found by the reader's
own paragraph index (:func:`policykit.docx.paragraph_elements`). Only the parts
and runs concerned change.

* :mod:`.runs`: a paragraph's shown text mapped onto its runs; split, replace.
* :mod:`.comments`: Word comments added (comments part, relationship, content type).
* :mod:`.annotate`: findings as comments (``policykit annotate``).
* :mod:`.outputs`: reading inputs, backups in the user's data folder, output paths.
"""

from .annotate import Annotation, annotate_bytes
from .package import EditablePackage, EditError

__all__ = ["Annotation", "EditError", "EditablePackage", "annotate_bytes"]
