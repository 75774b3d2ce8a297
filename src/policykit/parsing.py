"""Files -> Policy: read the .docx or .odt, choose the kind, recognise the structure."""

from __future__ import annotations

import os
from typing import BinaryIO

from .docx.blocks import DocxDocument
from .errors import DocumentError
from .kindchoice import KindChoice, choose_kind, configured
from .kinds import Kind
from .model import Policy
from .odt import read_document
from .recognise import ParseResult, recognise

Source = str | os.PathLike[str] | BinaryIO


def parse_document(source: Source, kind: str | Kind | None = None) -> ParseResult:
    """Parse a Word or OpenDocument text document: the Policy, located paragraphs, notices.

    ``kind`` (an id or a :class:`Kind`) sets the kind (``kind_source``
    ``configuration``); without it the kind is chosen from the document
    (:func:`policykit.kindchoice.choose_kind`). Raises
    :class:`~policykit.errors.DocumentError` (PK001-PK004) for a document that
    cannot be read, naming the file.
    """
    try:
        doc = read_document(source)
    except DocumentError as exc:
        if exc.path is None and isinstance(source, (str, os.PathLike)):
            raise exc.with_path(os.fspath(source)) from exc
        raise
    choice = _choose_kind(kind, doc, source)
    result = recognise(doc, choice.kind)
    result.kind_source = choice.source
    result.policy.kind_source = choice.source
    return result


def parse(source: Source, kind: str | Kind | None = None) -> Policy:
    """Parse a Word policy (a path or a binary file object) into a :class:`Policy`."""
    return parse_document(source, kind).policy


def _choose_kind(kind: str | Kind | None, doc: DocxDocument, source: Source) -> KindChoice:
    if isinstance(kind, Kind):
        return KindChoice(kind, "configuration")
    if kind is not None:
        return configured(kind)
    if isinstance(source, (str, os.PathLike)):
        path: str | None = os.fspath(source)
    else:
        name = getattr(source, "name", None)
        path = name if isinstance(name, str) else None
    return choose_kind(doc, path)
