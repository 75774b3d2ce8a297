"""Reading OpenDocument text (.odt): the files LibreOffice and Google Docs save.

An .odt is a zip of XML parts like a .docx: ``content.xml`` (the body and its
automatic styles), ``styles.xml`` (named styles and the master pages that
hold headers and footers) and ``meta.xml`` (title, author, dates). This
package reads them into the same :class:`policykit.docx.blocks.DocxDocument`
the Word reader gives recognition (paragraphs with their styles and outline
levels, bold and size, lists, tables, headers and footers, comments, notes,
properties), under the Word reader's own safety limits: the zip is opened by
:func:`policykit.docx.package.open_package` (sizes counted as inflated, zip
bombs refused) and every part is parsed by :func:`policykit.docx.xml.parse_xml`
(no entities, nothing external, depth and markup bounded).

:func:`read_document` reads either format, told apart by content, not name.
The OpenDocument reader itself (:mod:`policykit.odt.reader`) is imported only
when an OpenDocument file is met: a trust's folders hold Word files above all.
"""

from __future__ import annotations

import os
from typing import BinaryIO

from policykit.docx.blocks import DocxDocument
from policykit.docx.package import DEFAULT_LIMITS, Limits, open_package
from policykit.docx.reader import read_package
from policykit.errors import DocumentError, UnreadableDocument
from policykit.odt.detect import is_opendocument

__all__ = ["is_opendocument", "read_document", "read_odt"]


def read_document(
    source: str | os.PathLike[str] | BinaryIO, *, limits: Limits = DEFAULT_LIMITS
) -> DocxDocument:
    """A Word (.docx, .docm, .dotx) or OpenDocument text (.odt) file, told apart by content.

    Raises a :class:`policykit.errors.DocumentError` (PK001-PK004) naming the
    file when it cannot be read.
    """
    return _open(source, limits, either=True)


def read_odt(
    source: str | os.PathLike[str] | BinaryIO, *, limits: Limits = DEFAULT_LIMITS
) -> DocxDocument:
    """An OpenDocument text file (.odt) as the Word reader's :class:`DocxDocument`."""
    return _open(source, limits, either=False)


def _open(source: str | os.PathLike[str] | BinaryIO, limits: Limits, either: bool) -> DocxDocument:
    if isinstance(source, (str, os.PathLike)):
        path: str | None = os.fspath(source)
    else:
        name = getattr(source, "name", None)
        path = name if isinstance(name, str) else None
    try:
        with open_package(source, limits) as package:
            if is_opendocument(package):
                from policykit.odt.reader import read_opened  # (only for OpenDocument files)

                return read_opened(package)
            if either:
                return read_package(package)
            raise UnreadableDocument(
                "the zip is not an OpenDocument package (no mimetype naming one); "
                "open it in LibreOffice or Word and save it again"
            )
    except DocumentError as exc:
        if path and exc.path is None:
            raise exc.with_path(path) from None
        raise
