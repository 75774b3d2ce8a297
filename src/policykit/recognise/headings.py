"""Which paragraphs are headings, and at what level.

Real heading styles (resolved by the reader through names, ``basedOn`` and
outline levels) win. Where a document has few or none, short lines that
look like headings are taken: bold, underlined, ALL CAPS, numbered by hand
("1. Aims", "2) Aims", "1.1", "Section 3:"), larger than the body text, or
naming a section of the kind's catalogue. A bold run that closes a body
paragraph is a run-in heading.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass
from typing import NamedTuple

from ..docx.blocks import DocParagraph
from ..kinds import Kind, normalise, strip_numbering
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


def style_level(p: DocParagraph, kind: Kind) -> int | None:
    """The heading level a paragraph's style gives: the kind's house styles first.

    ``heading_styles`` in a kind file maps a trust's own style names (or ids)
    to levels, like mammoth's style maps; other paragraphs keep the level
    the reader resolved from the style (``heading 1``, ``basedOn``, outline).
    """
    styles = kind.heading_styles
    if styles:
        for name in (p.style_name, p.style_id):
            if name:
                level = styles.get(name.strip().lower())
                if level is not None:
                    return level
    return p.heading_level


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
    if not visible:
        return (banner, p.font_size or 0.0, caps, False, False, True)  # as DocParagraph.bold
    bold = all(r.bold for r in visible)
    underline = all(r.underline for r in visible)
    italic = all(r.italic for r in visible)
    return (banner, p.font_size or 0.0, caps, bold, underline, not italic)


def bold_or_underlined(p: DocParagraph) -> bool:
    """``p.bold or p.underline``, looking at the runs once."""
    runs = p.runs
    if len(runs) == 1:  # the usual case: alike runs are merged by the reader
        run = runs[0]
        return (run.bold or run.underline) and bool(run.text.strip())
    visible = [r for r in runs if r.text.strip()]
    return bool(visible) and (all(r.bold for r in visible) or all(r.underline for r in visible))


def looks_like_heading(
    p: DocParagraph, kind: Kind, body_size: float | None, text: str | None = None
) -> bool:
    """A short line formatted or worded as a heading (documents without heading styles).

    ``text``: the paragraph's text stripped, when the caller has it.
    """
    if text is None:
        text = p.text.strip()
    if not text or len(text) > MAX_HEADING_CHARS or p.in_table:
        return False
    wording = _wording(kind, text)
    if wording is None:
        return False
    visible = [r for r in p.runs if r.text.strip()]
    bold = bool(visible) and all(r.bold for r in visible)
    if p.list_level is not None and not bold:
        return False
    words, named, shouting, numbered, numbered_title, colon_after_unnamed, period = wording
    formatted = bold or (bool(visible) and all(r.underline for r in visible)) or shouting
    if named and not formatted and colon_after_unnamed:
        return False
    if named and (words <= 8 or ((formatted or numbered) and words <= 16)):
        return True
    if numbered_title:
        return True
    if formatted or any(r.caps for r in visible):
        return words <= 14 and not period
    return bool(body_size and p.font_size and p.font_size >= body_size + 2 and words <= 10)


class _Wording(NamedTuple):
    """What a short line's words say about it being a heading, formatting aside."""

    words: int
    named: bool  # names a section of the kind
    shouting: bool
    numbered: bool  # "1.", "1.1", "Section 3:"
    numbered_title: bool  # numbered, capitalised, at most 10 words, no sentence end
    colon_after_unnamed: bool  # ends with ":" and names no section without it
    period: bool  # ends with "."


@functools.lru_cache(maxsize=4096)
def _wording(kind: Kind, text: str) -> _Wording | None:
    """The words of a stripped line of at most MAX_HEADING_CHARS; None when they alone
    rule out a heading: too many, a labelled value, a lead-in or a sentence.

    Remembered: documents share lines, and the answer does not depend on formatting.
    """
    words = len(text.split())
    if words > MAX_HEADING_WORDS:
        return None
    if metadata.holds_values(kind, text):
        return None  # "Review date: September 2019" is metadata, not a heading
    named = section_id(kind, text) is not None
    if words > 6 and text.endswith(":") and not named:
        return None  # a lead-in sentence ("... can be grouped under three headings:")
    sentence_end = _SENTENCE_END.search(text) is not None
    if sentence_end and not named:
        return None
    numbered = numbering_depth(text) is not None
    return _Wording(
        words=words,
        named=named,
        shouting=is_shouting(text),
        numbered=numbered,
        numbered_title=(
            numbered and words <= 10 and strip_numbering(text)[:1].isupper() and not sentence_end
        ),
        colon_after_unnamed=text.endswith(":") and section_id(kind, text[:-1]) is None,
        period=text.endswith("."),
    )


def run_in_heading(p: DocParagraph) -> tuple[str, str] | None:
    """(body text, heading) when a paragraph ends in a bold run after plain text.

    "... three main areas: **Teaching and learning**" -> ("... three main areas:",
    "Teaching and learning").
    """
    if len(p.runs) < 2:
        return None  # one run (or none) is never plain text then a bold one
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
    sizes: dict[float, int] = {}
    for p in paragraphs:
        size = p.font_size
        if size and len(p.text) > 80:
            sizes[size] = sizes.get(size, 0) + 1
    # the first size seen among the most common ones (as Counter.most_common(1))
    return max(sizes, key=sizes.__getitem__) if sizes else None


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
    # (paragraph, names a section, numbering depth, signature when it is needed)
    looks: list[tuple[DocParagraph, bool, int | None, Signature | None]] = []
    for p in candidates:
        named = kind.match_heading(p.text) is not None
        depth = numbering_depth(p.text)
        sig = signature(p, id(p) in banners) if named or depth is None else None
        looks.append((p, named, depth, sig))
    named_sigs = Counter(sig for _, named, _, sig in looks if named)
    main = named_sigs.most_common(1)[0][0] if named_sigs else None
    for p, named, depth, sig in looks:
        if depth is not None:
            levels[id(p)] = top + depth - 1
            continue
        assert sig is not None
        if main is None or sig == main or _stronger(sig, main) or named:
            levels[id(p)] = top
        else:
            levels[id(p)] = top + 1
    return levels


def _stronger(a: Signature, b: Signature) -> bool:
    if a[:2] != b[:2]:
        return a[:2] > b[:2]
    return a[2:5] > b[2:5] or (a[2:5] == b[2:5] and a[5] > b[5])


# --------------------------------------------------------------------------- not headings

# "Aims ........ 3", "2. Procedures…… 4", "Monitoring and Review<TAB>7": a typed contents line
_CONTENTS_LINE = re.compile(
    r"(?:\.{4,}|…{2,}|(?:\. ){3,}|_{4,}|\t)\s*(?:page\s*)?\d{1,3}\s*$", re.I
)
_CONTENTS_NAMES = frozenset({"contents", "table of contents", "index", "contents page"})
QUOTE_ENDS = ("”", '"', "’", "'", "»")  # characters that close a quotation
_CONTENTS_NAME_CHARS = 80  # "1.   Table of Contents:" with room to spare


def is_contents_line(text: str) -> bool:
    """A line of a typed contents list: text, dot leaders or a tab, a page number."""
    # Only a line ending in a digit can be one; the search, anchored at the end but
    # tried from every position, is the costly part of reading a long paragraph.
    end = (text[-8:].rstrip() or text.rstrip())[-1:]  # (no copy of a long paragraph)
    return end.isdecimal() and _CONTENTS_LINE.search(text) is not None


def names_contents(text: str) -> bool:
    """ "Contents", "Table of Contents"."""
    if len(text) > _CONTENTS_NAME_CHARS:  # a paragraph of the body, not a name
        return False
    lowered = text.lower()  # (cheaper than normalising every paragraph of the body)
    if "content" not in lowered and "index" not in lowered:
        return False
    return normalise(text) in _CONTENTS_NAMES


def ends_a_quotation(text: str) -> bool:
    """A paragraph that closes a quotation (the line after it may be its attribution)."""
    # (the end looked at first: no copy of a long paragraph)
    return (text[-16:].rstrip(" .") or text.rstrip(" .")).endswith(QUOTE_ENDS)


def attribution(kind: Kind, text: str) -> bool:
    """A short source line under a quotation ("DFE", "— DCSF 2007"): never a heading."""
    words = text.strip(" -–—()").split()
    return 0 < len(words) <= 3 and section_id(kind, text) is None


# --------------------------------------------------------------------------- section ids


def section_id(kind: Kind, text: str) -> str | None:
    """The section a heading names: the kind's catalogue, else its leading or key words.

    "Rationale – why do we need a policy?" names the rationale by its leading
    word; "Our Community Cohesion Aims" and "School context" name the aims and
    the rationale by their key words (the words left once the kind's own name,
    "our", "school", "policy" and the like are set aside), when exactly one
    section's headings have those key words. Asked only of lines already taken
    for headings.
    """
    found = kind.match_heading(text)
    if found is not None:
        return found
    return _by_words(kind, text)


_LEAD_SEPARATOR = re.compile(r"\s[-–—]\s|[:?(]")
_FILLER = frozenset(
    (
        *("a", "an", "and", "are", "at", "by", "do", "does", "for", "how", "in", "is", "it"),
        *("its", "of", "on", "our", "policy", "school", "school's", "schools", "statement"),
        *("the", "their", "this", "to", "us", "we", "what", "why", "with", "academy"),
    )
)
# a line with a verb says something ("Our aims are:", "This is a ..."): it names no section
_VERBS = frozenset(("are", "is", "will", "include", "includes", "shall", "must", "should"))
_MAX_KEYWORD_HEADING_WORDS = 12


@functools.lru_cache(maxsize=4096)
def _by_words(kind: Kind, text: str) -> str | None:
    key = normalise(text)
    if not key or len(key.split()) > _MAX_KEYWORD_HEADING_WORDS:
        return None
    lead = _LEAD_SEPARATOR.split(key, maxsplit=1)[0].strip()
    if lead and lead != key:
        found = kind.match_heading(lead)
        if found is not None:
            return found
    if _VERBS.intersection(key.split()):
        return None
    words = _key_words(kind, key)
    return _word_index(kind).get(words) if words else None


_KEY_WORD = re.compile(r"[a-z0-9']+")


def _key_words(kind: Kind, key: str) -> frozenset[str]:
    own = _kind_words(kind)
    return frozenset(w for w in _KEY_WORD.findall(key) if w not in _FILLER and w not in own)


@functools.lru_cache(maxsize=64)
def _kind_words(kind: Kind) -> frozenset[str]:
    return frozenset(w for phrase in kind.title_phrases for w in re.findall(r"[a-z']+", phrase))


@functools.lru_cache(maxsize=64)
def _word_index(kind: Kind) -> dict[frozenset[str], str]:
    """Key words of each catalogue heading -> its section, when only one section has them."""
    index: dict[frozenset[str], str] = {}
    clash: set[frozenset[str]] = set()
    for section in kind.sections:
        for heading in section.headings:
            words = _key_words(kind, normalise(heading))
            if not words:
                continue
            if index.get(words, section.id) != section.id:
                clash.add(words)
            index[words] = section.id
    for words in clash:
        del index[words]
    return index
