"""``policykit annotate``: a document's findings as Word comments, on the text they concern.

Each finding located on a paragraph becomes a comment anchored on that
paragraph (the paragraph index is the reader's own, mapped back to its
``w:p`` element), narrowed to the phrase it is about when the finding quotes
one (an outdated phrase, a date) that the paragraph holds. Findings about the
whole document (a missing section, missing content) become one comment on the
title. The comment says the rule, the message and how to fix it, authored
"policykit". Nothing else in the package changes: the parts not edited keep
their bytes, and existing comments and tracked changes are kept.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Final

from ..model import Policy, PolicyDate
from ..parsing import parse_document
from ..records import Finding
from ..registry import Registry, default_registry
from ..rules.base import split_doc
from ..suppression import title_paragraph
from .comments import Commenter
from .package import EditablePackage
from .runs import text_map

__all__ = ["Annotation", "annotate_bytes", "comment_lines"]

_QUOTED: Final = re.compile(r"'([^']{2,200})'|‘([^’]{2,200})’|\"([^\"]{2,200})\"|“([^”]{2,200})”")
_MARKDOWN: Final = re.compile(r"`([^`]*)`")


@dataclass(slots=True)
class Annotation:
    """What was written into one document: how many comments, on what."""

    data: bytes
    comments: int = 0
    on_phrase: int = 0  # comments narrowed to a phrase rather than a whole paragraph
    on_title: int = 0  # findings about the whole document, in the one comment on the title
    notes: list[str] = field(default_factory=list)


def annotate_bytes(
    data: bytes, findings: Sequence[Finding], registry: Registry | None = None
) -> Annotation:
    """The document ``data`` with ``findings`` (found in these very bytes) as comments.

    Raises :class:`~policykit.edit.package.EditError` or
    :class:`~policykit.errors.DocumentError` when the document cannot be edited.
    """
    registry = registry or default_registry()
    package = EditablePackage.load(data)
    result = parse_document(io.BytesIO(data))
    policy = result.policy
    elements = package.paragraphs
    commenter = Commenter(package)
    out = Annotation(b"")
    whole: list[Finding] = []
    for finding in findings:
        index = finding.paragraph
        if index is None or not 0 <= index < len(elements) or not elements[index]:
            whole.append(finding)  # (no elements: read from an imported w:altChunk part)
            continue
        paragraphs = elements[index]
        span = phrase_span(paragraphs, finding, policy)
        commenter.add(paragraphs, comment_lines(finding, registry), span)
        out.comments += 1
        out.on_phrase += span is not None
    if whole:
        title = title_paragraph(result)
        if title is None or not 0 <= title < len(elements) or not elements[title]:
            title = next((i for i, found in enumerate(elements) if found), None)
        if title is None:
            out.notes.append(
                f"{len(whole)} finding(s) about the whole document were not written: the "
                "document has no paragraph to anchor a comment on"
            )
        else:
            lines = [line for f in whole for line in comment_lines(f, registry)]
            commenter.add(elements[title], lines, None)
            out.comments += 1
            out.on_title = len(whole)
    out.data = package.to_bytes()
    return out


def comment_lines(finding: Finding, registry: Registry) -> list[str]:
    """The comment's paragraphs: the finding, then how to fix it (from the rule's docs)."""
    lines = [f"{finding.code} {finding.name} ({finding.severity}): {finding.message}"]
    rule = registry.get(finding.code)
    if rule is not None:
        fix = split_doc(rule.doc).get("How to fix", "")
        first = fix.split("\n\n", 1)[0]
        first = " ".join(_MARKDOWN.sub(r"\1", first).split())
        if first:
            lines.append(f"How to fix: {first}")
    return lines


def phrase_span(
    paragraphs: Sequence[object], finding: Finding, policy: Policy
) -> tuple[int, int] | None:
    """The (start, end) of the text the finding is about in its paragraph, if it says.

    What it quotes ('Ofsted, who will be looking at community cohesion'), or a
    date of the policy that its message names (the lapsed "Autumn 2021"),
    provided the paragraph holds it; else None (the whole paragraph).
    """
    tmap = text_map(paragraphs)
    for phrase in _candidates(finding.message, policy):
        # "will be looking at community … from September 2008": first words to last words
        first, _, last = phrase.partition("…")
        start = tmap.find(first)
        if start is None:
            continue
        if not last.strip():
            return start, start + len(first.strip())
        tail = tmap.find(last, start + len(first.strip()))
        if tail is not None:
            return start, tail + len(last.strip())
    return None


def _candidates(message: str, policy: Policy) -> list[str]:
    """What the message quotes; else the policy's dates it names (longest first)."""
    quoted = [
        next(group for group in match.groups() if group) for match in _QUOTED.finditer(message)
    ]
    if quoted:
        return quoted
    named = {value.text for value in _dates(policy) if value.text and value.text in message}
    return sorted(named, key=len, reverse=True)


def _dates(policy: Policy) -> Iterable[PolicyDate]:
    for value in (policy.review_due, policy.approved, policy.last_reviewed, policy.created):
        if value is not None and not value.inferred:
            yield value
    for review in policy.reviews:
        yield review.date
