"""Which paragraphs are headings, and at what level.

Real heading styles (resolved by the reader through names, ``basedOn`` and
outline levels) win. Where a document has few or none, short lines that
look like headings are taken: bold, underlined, ALL CAPS, numbered by hand
("1. Aims", "2) Aims", "1.1", "Section 3:"), larger than the body text, or
naming a section of the kind's catalogue. A bold run that closes a body
paragraph is a run-in heading.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..docx.blocks import DocParagraph
from ..kinds import Kind, strip_numbering
from . import metadata
from .names import is_shouting

_HAND_NUMBER = re.compile(
    r"^\s*(?:(?:section|part)\s+(?P<sec>\d+)\s*[:.)\-–]?|\(?(?P<num>\d{1,2}(?:\.\d{1,2}){0,3})[.)]?)"
    r"\s+(?=\S)",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.;,!]\s*$")
MAX_HEADING_WORDS = 16
MAX_HEADING_CHARS = 140


@dataclass(slots=True)
class Heading:
    text: str  # as written, numbering included
    level: int
    section_id: str | None
    styled: bool  # from a heading style or outline level


def numbering_depth(text: str) -> int | None:
    """1 for "1. Aims" / "Section 3:", 2 for "1.1 Aims", ...; None when not numbered."""
    match = _HAND_NUMBER.match(text)
    if match is None:
        return None
    if match.group("sec"):
        return 1
    return match.group("num").count(".") + 1 if match.group("num") else None


def _short(text: str) -> bool:
    return 0 < len(text) <= MAX_HEADING_CHARS and len(text.split()) <= MAX_HEADING_WORDS


Signature = tuple[bool, float, bool, bool, bool, bool]


def signature(p: DocParagraph, banner: bool = False) -> Signature:
    """Formatting that tells heading levels apart.

    (banner, size, caps, bold, underline, not italic): a heading in a shaded
    one-cell table outranks any formatting of a plain line.
    """
    visible = [r for r in p.runs if r.text.strip()]
    caps = is_shouting(p.text) or any(r.caps for r in visible)
    italic = bool(visible) and all(r.italic for r in visible)
    return (banner, p.font_size or 0.0, caps, p.bold, p.underline, not italic)


def looks_like_heading(p: DocParagraph, kind: Kind, body_size: float | None) -> bool:
    """A short line formatted or worded as a heading (documents without heading styles)."""
    text = p.text.strip()
    if not _short(text) or p.in_table:
        return False
    if p.list_level is not None and not p.bold:
        return False
    if metadata.read_line(kind, text):
        return False  # "Review date: September 2019" is metadata, not a heading
    words = len(text.split())
    if text.endswith(":") and words > 6:
        return False  # a lead-in sentence ("... can be grouped under three headings:")
    named = kind.match_heading(text) is not None
    formatted = p.bold or p.underline or is_shouting(text)
    if named and not formatted and text.endswith(":") and kind.match_heading(text[:-1]) is None:
        return False
    if _SENTENCE_END.search(text) and not named:
        return False
    numbered = numbering_depth(text) is not None
    if named and (words <= 8 or ((formatted or numbered) and words <= 16)):
        return True
    rest = strip_numbering(text)
    if numbered and rest[:1].isupper() and not _SENTENCE_END.search(text) and words <= 10:
        return True
    if p.bold or p.underline or is_shouting(text) or any(r.caps for r in p.runs if r.text.strip()):
        return words <= 14 and not text.endswith(".")
    return bool(body_size and p.font_size and p.font_size >= body_size + 2 and words <= 10)


def run_in_heading(p: DocParagraph) -> tuple[str, str] | None:
    """(body text, heading) when a paragraph ends in a bold run after plain text.

    "... three main areas: **Teaching and learning**" -> ("... three main areas:",
    "Teaching and learning").
    """
    runs = [r for r in p.runs if r.text]
    if len(runs) < 2 or p.bold:
        return None
    tail: list[str] = []
    i = len(runs) - 1
    while i >= 0 and (runs[i].bold or not runs[i].text.strip()):
        tail.insert(0, runs[i].text)
        i -= 1
    heading = "".join(tail).strip()
    body = "".join(r.text for r in runs[: i + 1]).strip()
    if not heading or not body or not _short(heading) or len(heading.split()) > 8:
        return None
    if not body.endswith((":", ".", ";", "–", "-", "—")):
        return None
    if heading.endswith((".", ",", ";")):
        return None
    return body, heading


def body_font_size(paragraphs: list[DocParagraph]) -> float | None:
    """The most common font size of longer paragraphs (the body text size)."""
    sizes = Counter(p.font_size for p in paragraphs if p.font_size and len(p.text) > 80)
    return sizes.most_common(1)[0][0] if sizes else None


def assign_levels(
    candidates: list[DocParagraph],
    kind: Kind,
    styled_levels: dict[int, int],
    banners: set[int],
) -> dict[int, int]:
    """Levels for heuristic headings (keyed by id of the paragraph).

    Numbered headings take their depth. Otherwise the formatting shared by
    the headings that name catalogue sections is level 1; a stronger one is
    level 1 too, a weaker one level 2.
    """
    levels: dict[int, int] = {}
    top = min(styled_levels.values(), default=1)
    named_sigs = Counter(
        signature(p, id(p) in banners) for p in candidates if kind.match_heading(p.text) is not None
    )
    main = named_sigs.most_common(1)[0][0] if named_sigs else None
    for p in candidates:
        depth = numbering_depth(p.text)
        if depth is not None:
            levels[id(p)] = top + depth - 1
            continue
        sig = signature(p, id(p) in banners)
        if main is None or sig == main or _stronger(sig, main) or kind.match_heading(p.text):
            levels[id(p)] = top
        else:
            levels[id(p)] = top + 1
    return levels


def _stronger(a: Signature, b: Signature) -> bool:
    if a[:2] != b[:2]:
        return a[:2] > b[:2]
    return a[2:5] > b[2:5] or (a[2:5] == b[2:5] and a[5] > b[5])
