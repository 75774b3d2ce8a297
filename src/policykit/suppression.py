"""Suppressions written in the document: Word comments ``policykit: ignore PK401 ...``.

A school records "we know; the governors accepted it" where the policy lives:
a Word comment whose text starts ``policykit: ignore`` followed by one or more
rule codes (or code prefixes, as ``select`` takes them) and, optionally, a
reason. Anchored on a paragraph it silences those codes there; anchored on the
title it silences them in the whole document. Like ``# noqa``, a suppression
that silences nothing is itself reported (PK901 unused-suppression), so stale
ones are cleaned up.

This is a step after the rules (:func:`apply_suppressions`); it reads the
comments the reader found (:attr:`ParseResult.comments`) and nothing else.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Final

from .recognise.result import ParseResult
from .records import Finding, Severity

__all__ = [
    "UNUSED",
    "Suppression",
    "apply_suppressions",
    "parse_suppression",
    "suppressions",
    "title_paragraph",
]

UNUSED: Final = ("PK901", "unused-suppression")  # documented in policykit.rules.in_document

_DIRECTIVE: Final = re.compile(r"^\s*policykit\s*:\s*ignore\b(?P<rest>.*)\Z", re.I | re.S)
_CODE: Final = re.compile(r"^[A-Z]{2,5}[0-9]{1,3}$")
_SEPARATORS: Final = re.compile(r"[\s,;]+")


@dataclass(frozen=True, slots=True)
class Suppression:
    """One ``policykit: ignore`` comment: its codes, reason and where it is anchored."""

    codes: tuple[str, ...]
    reason: str
    paragraphs: tuple[int, ...]
    whole_document: bool
    text: str

    def covers(self, finding: Finding, code: str) -> bool:
        """True when ``code`` of this suppression silences ``finding``."""
        if not finding.code.startswith(code):
            return False
        return self.whole_document or finding.paragraph in self.paragraphs


def parse_suppression(text: str) -> tuple[tuple[str, ...], str] | None:
    """``"policykit: ignore PK401, PK206 governors accepted it"`` -> (codes, reason).

    None when the text is not a suppression. Codes are upper-cased; the reason
    is what follows them (a leading ``-``, ``:`` or ``because`` kept as written).
    """
    match = _DIRECTIVE.match(text)
    if match is None:
        return None
    codes: list[str] = []
    rest = match["rest"]
    position = 0
    for token in _SEPARATORS.finditer(rest + " "):
        word = rest[position : token.start()]
        if word:
            if not _CODE.match(word.upper()):
                break
            codes.append(word.upper())
        position = token.end()
    reason = rest[position:].strip() if codes else rest.strip()
    return tuple(codes), reason


def title_paragraph(result: ParseResult) -> int | None:
    """The body paragraph that carries the document's title (else its first with text).

    Findings about the whole document are placed here by ``annotate``, and a
    suppression anchored here covers the whole document.
    """
    paragraphs = result.paragraphs
    title = (result.policy.title or "").strip().casefold()
    first_section = next((p.index for p in paragraphs if p.section is not None), None)
    if title:
        for p in paragraphs:
            if first_section is not None and p.index >= first_section:
                break
            if title in p.text.casefold():
                return p.index
    return next((p.index for p in paragraphs if p.text.strip()), None)


def suppressions(result: ParseResult) -> list[Suppression]:
    """The document's suppression comments, in the order of the comments part."""
    title = title_paragraph(result)
    out: list[Suppression] = []
    for comment in result.comments:
        parsed = parse_suppression(comment.text)
        if parsed is None:
            continue
        codes, reason = parsed
        whole = title is not None and title in comment.paragraphs
        out.append(Suppression(codes, reason, comment.paragraphs, whole, comment.text))
    return out


def apply_suppressions(
    result: ParseResult,
    findings: list[Finding],
    enabled: Collection[str],
    severity_of: Callable[[str, Severity], Severity],
) -> list[Finding]:
    """``findings`` without those the document's comments silence, plus PK901 for unused ones.

    A code that is not enabled in this run cannot be judged unused (the rule
    did not run) and is left alone. ``severity_of(code, default)`` gives the
    configured severity. Findings stay in the engine's order.
    """
    found = suppressions(result)
    if not found:
        return findings
    used: set[tuple[int, str]] = set()
    kept: list[Finding] = []
    for finding in findings:
        silenced = False
        for number, suppression in enumerate(found):
            for code in suppression.codes:
                if suppression.covers(finding, code):
                    used.add((number, code))
                    silenced = True
        if not silenced:
            kept.append(finding)
    code, name = UNUSED
    if code not in enabled:
        return kept
    severity = severity_of(code, "info")
    for number, suppression in enumerate(found):
        paragraph = suppression.paragraphs[0] if suppression.paragraphs else None
        where = "in this document" if suppression.whole_document else "on this paragraph"
        if not suppression.codes:
            kept.append(
                Finding(
                    code,
                    name,
                    severity,
                    f"the comment {_quote(suppression.text)} names no rule code to ignore "
                    "(write e.g. 'policykit: ignore PK401 reason'); it silences nothing",
                    paragraph=paragraph,
                    key=f"{code}:{suppression.text}",
                )
            )
            continue
        for silenced_code in suppression.codes:
            if (number, silenced_code) in used or not _judged(silenced_code, enabled):
                continue
            kept.append(
                Finding(
                    code,
                    name,
                    severity,
                    f"the comment {_quote(suppression.text)} ignores {silenced_code}, but no "
                    f"{silenced_code} finding is reported {where}; remove the comment "
                    "(or move it to the paragraph it was meant for)",
                    paragraph=paragraph,
                    key=f"{code}:{silenced_code}:{suppression.text}",
                )
            )
    kept.sort(key=lambda f: (f.paragraph is not None, f.paragraph or 0, f.code))
    return kept


def _judged(code: str, enabled: Collection[str]) -> bool:
    """A code (or prefix) whose rules ran, so that silencing nothing means something."""
    return any(one.startswith(code) for one in enabled)


def _quote(text: str) -> str:
    one_line = " ".join(text.split())
    if len(one_line) > 80:
        one_line = one_line[:77] + "..."
    return f"'{one_line}'"
