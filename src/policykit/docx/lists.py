"""List levels: nesting from ilvl, style names and indents; typed ("manual") bullets.

Word's built-in "List Bullet 2" is a separate list at ilvl 0 with a larger
indent, so ``ilvl`` alone does not tell nesting. A :class:`ListTracker` follows
one run of adjacent list paragraphs in one container (body, cell, text box) and
ranks indents within it. Typed bullets ("•<TAB>text", "o<TAB>text") are nested
by their indent and by a change of bullet character.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

# Characters people type (or Word's Symbol font shows) as bullets.
BULLET_CHARS = "•·-–o▪■◦➢*●\uf0b7\uf0a7\uf0d8\uf0fc"
# Bullets that, under a different bullet, mean "one level down".
_SUB_BULLETS = frozenset("o◦▪■➢\uf0a7\uf0d8")
_MANUAL = re.compile(r"([ \t\u00a0]*)([" + re.escape(BULLET_CHARS) + r"])[ \t\u00a0]+(?=\S)")

_INDENT_TOLERANCE = 120  # twips: indents closer than this are the same level
# Word has nine list levels (0-8). Deeper levels, from a huge w:ilvl or from ever larger
# indents, would nest list items thousands deep and break every recursive consumer.
MAX_LIST_LEVEL = 8
_TAB_TWIPS = 360
_SPACE_TWIPS = 110


@dataclass(frozen=True, slots=True)
class ManualBullet:
    prefix_len: int  # characters to strip: leading white space, bullet, following white space
    bullet: str
    depth: int  # twips of typed indentation (tabs and spaces before the bullet)


def match_manual_bullet(text: str) -> ManualBullet | None:
    match = _MANUAL.match(text)
    if match is None:
        return None
    lead = match.group(1)
    depth = lead.count("\t") * _TAB_TWIPS + (len(lead) - lead.count("\t")) * _SPACE_TWIPS
    return ManualBullet(match.end(), match.group(2), depth)


def manual_label(bullet: str) -> str:
    return "•" if bullet in "\uf0b7·●*" else bullet


@dataclass(slots=True)
class ListTracker:
    """Nesting state for one run of adjacent list paragraphs."""

    indents: list[int] = field(default_factory=list)  # distinct indents seen, sorted
    manual: list[tuple[int, str]] = field(default_factory=list)  # stack of (depth, bullet)

    def reset(self) -> None:
        self.indents.clear()
        self.manual.clear()

    def numbered_level(self, ilvl: int, name_level: int | None, indent: int | None) -> int:
        """Level of a numbering-list paragraph."""
        if indent is not None:
            self._note_indent(indent)
        if ilvl > 0:
            return min(ilvl, MAX_LIST_LEVEL)
        if name_level is not None:
            return min(name_level, MAX_LIST_LEVEL)
        if indent is None:
            return 0
        deeper = bisect_left(self.indents, indent - _INDENT_TOLERANCE)
        return min(deeper, MAX_LIST_LEVEL)

    def _note_indent(self, indent: int) -> None:
        indents = self.indents  # sorted, each at least the tolerance from its neighbours
        at = bisect_left(indents, indent)
        if at > 0 and indent - indents[at - 1] < _INDENT_TOLERANCE:
            return
        if at < len(indents) and indents[at] - indent < _INDENT_TOLERANCE:
            return
        indents.insert(at, indent)
        # Only the smallest indents can change a level (levels stop at MAX_LIST_LEVEL), so
        # keep those: ten thousand ever larger indents cost no more than ten.
        del indents[MAX_LIST_LEVEL + 1 :]

    def manual_level(self, depth: int, bullet: str) -> int:
        """Level of a typed-bullet paragraph (``depth`` = paragraph indent + typed indent)."""
        stack = self.manual
        while stack and stack[-1][0] > depth + _INDENT_TOLERANCE:
            stack.pop()
        for i in range(len(stack) - 1, -1, -1):
            seen_depth, seen_bullet = stack[i]
            if seen_bullet == bullet and abs(seen_depth - depth) < _INDENT_TOLERANCE:
                del stack[i + 1 :]
                return i
        if stack and abs(stack[-1][0] - depth) < _INDENT_TOLERANCE and bullet not in _SUB_BULLETS:
            stack[-1] = (depth, bullet)
            return len(stack) - 1
        if len(stack) > MAX_LIST_LEVEL:  # as deep as Word goes: the deepest level again
            stack[-1] = (depth, bullet)
            return len(stack) - 1
        stack.append((depth, bullet))
        return len(stack) - 1
