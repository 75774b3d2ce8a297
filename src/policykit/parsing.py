"""Files -> Policy: read the .docx, pick the kind, recognise the structure."""

from __future__ import annotations

import os
from typing import BinaryIO

from .docx.reader import read_docx
from .errors import DocumentError
from .kinds import DEFAULT_KIND, Kind, available_kinds, get_kind
from .model import Policy
from .recognise import ParseResult, recognise

Source = str | os.PathLike[str] | BinaryIO


def parse_document(source: Source, kind: str | Kind | None = None) -> ParseResult:
    """Parse a Word document: the Policy plus located paragraphs and notices.

    Raises :class:`~policykit.errors.DocumentError` (PK001-PK004) for a
    document that cannot be read, naming the file.
    """
    try:
        doc = read_docx(source)
    except DocumentError as exc:
        if exc.path is None and isinstance(source, (str, os.PathLike)):
            raise exc.with_path(os.fspath(source)) from exc
        raise
    return recognise(doc, _choose_kind(kind, doc))


def parse(source: Source, kind: str | Kind | None = None) -> Policy:
    """Parse a Word policy (a path or a binary file object) into a :class:`Policy`."""
    return parse_document(source, kind).policy


def _choose_kind(kind: str | Kind | None, doc: object) -> Kind:
    if isinstance(kind, Kind):
        return kind
    if kind is not None:
        return get_kind(kind)
    kinds = available_kinds()
    if len(kinds) <= 1:
        return get_kind(kinds[0] if kinds else DEFAULT_KIND)
    from .docx.blocks import DocxDocument

    assert isinstance(doc, DocxDocument)
    head = " ".join(p.text for p in doc.paragraphs()[:30]).lower()
    for kind_id in kinds:
        candidate = get_kind(kind_id)
        if any(phrase in head for phrase in candidate.title_phrases):
            return candidate
    return get_kind(DEFAULT_KIND)
