"""``--format json``: the contract's Check JSON.

The text is ``json.dumps(report.to_dict(), indent=2, ensure_ascii=False)``,
written by a smaller encoder: the standard library's indenting encoder is pure
Python and about twice as slow, which shows on runs of thousands of documents
(most of a re-check from a warm cache). The small encoder knows the plain
types a report holds (dicts with string keys, lists, strings, integers,
booleans, None); anything else (floats, other keys, objects) goes to
``json.dumps``, so the text never differs (tests/test_reports_json.py holds
the two equal on generated values).
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring
from typing import TYPE_CHECKING, Any

from . import ReportStream, StreamedFormat

if TYPE_CHECKING:
    import datetime as dt

    from ..checking import CheckReport, DocumentReport


class JsonStream(ReportStream):
    """The report's JSON, each document's record written as it arrives."""

    _MARK = json.dumps("\x00documents\x00")
    _count = 0

    def _shell(self, as_of: dt.date, summary: dict[str, Any] | None) -> str:
        shell: dict[str, Any] = {"as_of": as_of.isoformat(), "documents": json.loads(self._MARK)}
        if summary is not None:
            shell["summary"] = summary
        return dumps(shell)

    def start(self, as_of: dt.date) -> None:
        head = self._shell(as_of, None)
        self.write(head[: head.index(self._MARK)])

    def add(self, document: DocumentReport) -> None:
        self.write(("[\n    " if not self._count else ",\n    ") + document_text(document, 2))
        self._count += 1

    def finish(self, report: CheckReport) -> None:
        text = self._shell(report.as_of, report.summary())
        tail = text[text.index(self._MARK) + len(self._MARK) :]
        self.write(("\n  ]" if self._count else "[]") + tail + "\n")


write = StreamedFormat(JsonStream)


def document_text(document: DocumentReport, level: int = 0) -> str:
    """One document's record as it reads ``level`` indents deep in the report's text."""
    return dumps(document.to_dict(), level)


def dumps(value: Any, level: int = 0) -> str:
    """``json.dumps(value, indent=2, ensure_ascii=False)``, nested ``level`` indents deep."""
    pad = "\n" + "  " * level
    try:
        return _encode(value, pad)
    except (_Unusual, RecursionError):  # RecursionError: json.dumps says what is circular
        return json.dumps(value, indent=2, ensure_ascii=False).replace("\n", pad)


class _Unusual(Exception):
    """A value the small encoder leaves to ``json.dumps``."""


def _encode(value: Any, pad: str) -> str:
    kind = type(value)
    if kind is str:
        return encode_basestring(value)
    if value is None:
        return "null"
    if kind is dict:
        if not value:
            return "{}"
        inner = pad + "  "
        items = []
        for key, item in value.items():
            if type(key) is not str:
                raise _Unusual
            if type(item) is str:
                items.append(f"{encode_basestring(key)}: {encode_basestring(item)}")
            else:
                items.append(f"{encode_basestring(key)}: {_encode(item, inner)}")
        return "{" + inner + ("," + inner).join(items) + pad + "}"
    if kind is list:
        if not value:
            return "[]"
        inner = pad + "  "
        return "[" + inner + ("," + inner).join([_encode(v, inner) for v in value]) + pad + "]"
    return _other(value, pad)


def _other(value: Any, pad: str) -> str:
    """Booleans, integers, subclasses and tuples, in json.encoder's order; else unusual."""
    if isinstance(value, str):
        return encode_basestring(value)
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, (list, tuple)):
        return _encode(list(value), pad)
    if isinstance(value, dict):
        return _encode(dict(value.items()), pad)
    raise _Unusual
