"""Each document's detail as compact data the dashboard's script shows on demand.

Ten thousand documents' details written out as HTML made most of a 23 MB page;
as data they take a fraction of it. Every string (a title, a school, a finding's
message, where it is) is stored once in ``strings`` and referred to by its
index (every number in a document's data is such an index, but for the
counts), so the messages and headings documents share cost a few bytes each;
a file's path is split into its folder (shared by a school's documents) and
its name, and a finding's place into the part naming the heading (shared by
a document's findings under it) and the paragraph's first words. ``fields``
names the positions of a document's list, so the script reads them by name.

The data goes in a ``<script type="application/json">`` block, which no browser
runs; every ``<``, ``>`` and ``&`` in it is written as a JSON escape, so no
text from a document can end the block. The script builds each detail with
``textContent`` only: nothing from a document ever becomes markup.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any, Final

from ...rules.base import day_text
from .. import register

# A document's list, in this order (the script reads it through these names).
DOC_FIELDS: Final = (
    "title",
    "school",
    "kind",
    "required",  # true: its school must hold this kind
    "status",  # the status's id: its colour class
    "word",  # the status in words, "(archived)" and "(superseded)" included
    "approved",  # as written
    "due",  # as written
    "dueBy",  # the period's last day, "31 December 2027" (none when "due" says just that)
    "dueIso",  # that day as 2026-11-26, to sort by (not an index: ISO dates do not repeat much)
    "approver",
    "owner",
    "folder",  # the path up to and including its last separator
    "file",
    "error",  # why the file could not be read ("PK003: ...")
    "errorSeverity",
    "counts",  # [errors, warnings, info]
    "findings",  # [[severity, "PK401 outdated-reference", message, where, where's end], ...]
    "model",  # against the trust's model: see model_sections
)
MODEL_STATUS: Final = {
    "changed": "changed",
    "removed": "removed from this copy",
    "added": "added by the school",
    "same": "same words",
}
CONTEXT_WORDS: Final = 5  # unchanged words kept at each end of a long unchanged run


class Strings:
    """Each distinct string once, in first-seen order; ``index`` gives its position."""

    def __init__(self) -> None:
        self.found: dict[str, int] = {}

    def index(self, text: str | None) -> int | None:
        """The string's position in the table (None stays None, the empty string too)."""
        if not text:
            return None
        number = self.found.get(text)
        if number is None:
            number = self.found[text] = len(self.found)
        return number

    def table(self) -> list[str]:
        """The strings, in the order of their indexes."""
        return list(self.found)


def context(text: str, keep: int = CONTEXT_WORDS) -> str:
    """Unchanged words around a change: a long run keeps its first and last few words."""
    words = text.split()
    if len(words) <= 2 * keep:
        return text
    return " ".join(words[:keep]) + " … " + " ".join(words[-keep:])


def model_sections(sections: Iterable[dict[str, Any]], strings: Strings) -> list[list[Any]]:
    """Each compared section as ``[heading, here, note, drift, fixed_changed, words]``.

    ``here`` is the school's own heading when it differs; ``note`` says what
    happened (": changed · fixed by the trust · local edits only"); ``drift``
    (1 or 0) adds the PK503 label; ``fixed_changed`` lists the model's fixed
    paragraphs the copy changed or removed; ``words`` the word-level diff as
    ``[op, text]`` (long unchanged runs shortened) for a changed section.
    """
    found: list[list[Any]] = []
    for s in sections:
        status = str(s.get("status", ""))
        note = ": " + MODEL_STATUS.get(status, status)
        if s.get("fixed"):
            note += " · fixed by the trust"
        drift = bool(s.get("drift"))
        if not drift and status == "changed":
            note += " · local edits only"
        here = s.get("school_heading")
        words = (
            [[op, strings.index(context(t) if op == "=" else t)] for op, t in s.get("words", [])]
            if status == "changed"
            else []
        )
        found.append(
            [
                strings.index(str(s.get("heading", ""))),
                strings.index(here) if here and here != s.get("heading") else None,
                strings.index(note),
                int(drift),
                [strings.index(t) for t in s.get("fixed_paragraphs_changed", [])],
                words,
            ]
        )
    return found


def split_where(where: str) -> tuple[str, str]:
    """A finding's place as what many share and what is its own: ``under “Aims”, the
    paragraph starting “`` and ``We will …”`` (cut after the last opening quote)."""
    cut = where.rfind("“") + 1
    return (where[:cut], where[cut:]) if cut else (where, "")


def _split(path: str) -> tuple[str, str]:
    cut = max(path.rfind("/"), path.rfind("\\")) + 1
    return path[:cut], path[cut:]


def document(row: register.Row, strings: Strings) -> list[Any]:
    """One row's detail as the list DOC_FIELDS names."""
    s = strings.index
    due = row.review_due
    folder, file = _split(row.path)
    counts = row.counts
    by = day_text(due.end) if due else ""
    return [
        s(row.title),
        s(row.school),
        s(row.kind_name),
        bool(row.statutory),
        s(row.status),
        s(row.status_word),
        s(row.approved.text) if row.approved else None,
        s(due.text) if due else None,
        s(by) if due and not register.reads_as(due.text, by) else None,
        due.end.isoformat() if due else None,
        s(row.approver),
        s(row.owner),
        s(folder),
        s(file),
        s(row.error),
        s(row.error_severity) if row.error else None,
        [counts["error"], counts["warning"], counts["info"]],
        [
            [
                s(f.finding.severity),
                s(f"{f.finding.code} {f.finding.name}"),
                s(f.finding.message),
                *(s(part) for part in split_where(f.where)),
            ]
            for f in row.findings
        ],
        model_sections(row.model_diff, strings),
    ]


def details(rows: Sequence[register.Row], signs: dict[str, str]) -> dict[str, Any]:
    """Every row's detail (``docs[N - 1]`` is ``#doc-N``), the string table and the signs."""
    strings = Strings()
    docs = [document(r, strings) for r in rows]
    return {"fields": DOC_FIELDS, "signs": signs, "strings": strings.table(), "docs": docs}


def script_json(data: Any) -> str:
    """``data`` as JSON safe inside a ``<script type="application/json">`` block."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # JSON's own escapes, so the text means the same to JSON.parse
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


__all__ = [
    "DOC_FIELDS",
    "Strings",
    "context",
    "details",
    "document",
    "model_sections",
    "script_json",
    "split_where",
]
