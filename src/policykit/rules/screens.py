"""Cheap tests that rule text out before a regular expression is tried on it.

A screen stands in for a search only as a necessary condition: it may let
through text the pattern then does not match, but never turns away text the
pattern would match. Substring tests (``in``) run at memory speed, far faster
than a case-insensitive pattern scanning every position.

Case-insensitive patterns and ``str.lower`` agree on ASCII text, and on any text
without the four characters in :data:`CASE_TRAPS`: under ``re.IGNORECASE``
"İnſert" matches ``insert``, yet ``"İnſert".lower()`` holds no "insert".
So for an ASCII literal ``L``: ``re.search(re.escape(L), text, re.I)`` implies
``L.lower() in text.lower()`` whenever ``not case_traps(text)``.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable, Sequence
from typing import Final

# İ (lowers to "i" and a combining dot), ı, ſ and the Kelvin sign: the characters
# outside ASCII that re.IGNORECASE matches with an ASCII letter (tests/test_screens.py).
CASE_TRAPS: Final = "\u0130\u0131\u017f\u212a"

# Rough percentages of characters in English text: a needle is looked for from one
# of its characters that is rare there (anything else counts as rare, 0.3%).
_SHARE: Final = {
    " ": 18, "e": 10.3, "t": 7.5, "a": 6.5, "o": 6.2, "i": 5.7, "n": 5.7, "s": 5.3,
    "r": 5.0, "h": 5.0, "l": 3.3, "d": 3.3, "c": 2.3, "u": 2.3, "m": 2.0, "w": 1.9,
    "f": 1.8, "g": 1.6, "y": 1.6, "p": 1.5, "b": 1.2, "v": 0.8, "k": 0.6, ".": 1.0,
    ",": 0.9,
}  # fmt: skip


def case_traps(text: str) -> bool:
    """True when ``text`` holds a character of :data:`CASE_TRAPS` (never for ASCII text)."""
    return not text.isascii() and any(trap in text for trap in CASE_TRAPS)


class NeedleScreen:
    """Which of many texts hold one of a few needles, found in the texts joined at once.

    Looking for each needle in a whole document costs one pass over it per needle.
    Instead the needles are grouped by a fairly rare character they share (the
    anchor), and one pattern per group finds them all: the regular expression
    engine scans for a pattern's first literal character as fast as for a
    substring, and tries the rest only where that character is. After the anchor
    come the rest of each needle and a look back at its beginning, so the
    pattern matches exactly where a needle is.
    """

    def __init__(self, needles: Iterable[str]) -> None:
        self.needles = tuple(dict.fromkeys(needles))
        self._memo: dict[str, frozenset[int]] = {}  # text -> the groups placed in it
        # A restricted screen: the screen it was restricted from (which remembers the
        # texts, for every kind at once), and its group indexes -> this one's.
        self._within: tuple[NeedleScreen, dict[int, int]] | None = None
        if any(not needle or "\n" in needle for needle in self.needles):
            self._patterns: tuple[re.Pattern[str], ...] | None = None  # see positions
            # (each needle is looked for alone: a group of its own)
            self.groups: tuple[tuple[str, ...], ...] = tuple((n,) for n in self.needles)
        else:
            grouped = _groups(self.needles)
            self._patterns = _anchored(grouped)
            self.groups = tuple(tuple(group) for _, group in grouped)

    def restricted(self, needles: Iterable[str]) -> NeedleScreen:
        """This screen for some of its needles (in it), without compiling a pattern again.

        Each group keeps the needles given and a group left with none is dropped. A
        group's pattern still stops where one of its needles left out is: a place
        more, where a text then holds none of the needles kept. Compiling the
        patterns of every kind's own needles cost more than a small check.
        """
        keep = set(needles)
        if self._patterns is None:
            return NeedleScreen(n for n in self.needles if n in keep)
        screen = NeedleScreen(())
        kept = [
            (i, pattern, tuple(n for n in group if n in keep))
            for i, (pattern, group) in enumerate(zip(self._patterns, self.groups, strict=True))
        ]
        kept = [(i, pattern, group) for i, pattern, group in kept if group]
        screen.needles = tuple(n for n in self.needles if n in keep)
        screen._patterns = tuple(pattern for _, pattern, _ in kept)
        screen.groups = tuple(group for _, _, group in kept)
        screen._within = (self, {i: k for k, (i, _, _) in enumerate(kept)})
        return screen

    def positions(self, joined: str) -> list[int]:
        """Places in ``joined`` (texts joined by line breaks) where needles are (and, for a
        :meth:`restricted` screen, where needles left out may be).

        Every text holding a needle holds one of the places, so the texts to look
        at are those where a place is. A needle without a line break lies within
        one text, and no text holding one is missed: the search tries the needle's
        anchor unless a match covers it, and a match covering it starts in the same
        text. A needle with a line break may straddle texts; for such needles every
        occurrence's start is given.
        """
        return [at for at, _ in self.found(joined)]

    def found(self, joined: str) -> list[tuple[int, int]]:
        """:meth:`positions`, each with the index in :attr:`groups` of the needles that may
        be there.

        A text holding a needle holds a place of that needle's group: the texts
        holding a place of a group are the only ones that can hold its needles.
        """
        if self._patterns is None:
            found = []
            for group, needle in enumerate(self.needles):
                at = joined.find(needle)
                while at >= 0:
                    found.append((at, group))
                    at = joined.find(needle, at + 1)
            return found
        return [
            (m.start(), group)
            for group, pattern in enumerate(self._patterns)
            for m in pattern.finditer(joined)
        ]

    def holding(
        self, texts: Sequence[str], lowered: str | None = None
    ) -> dict[int, frozenset[int]]:
        """The texts holding a place of :meth:`found` (by index), each with the groups
        placed in it, the texts looked at lower-cased.

        Remembered per text: a trust's documents share most of their paragraphs,
        and finding a text already met costs less than searching it. The texts not
        met before are searched joined, at once. A :meth:`restricted` screen asks the
        screen it came from, so that what is remembered is held once for every kind
        (at most _MEMO_TEXTS texts of at most _MEMO_CHARS characters). A screen with
        a needle holding a line break (which may straddle texts) remembers nothing: it
        searches all the texts joined, in ``lowered`` (``"\\n".join(texts).lower()``)
        when given.
        """
        if self._within is not None:  # what the whole screen remembers, for this one's groups
            whole, own = self._within
            holding: dict[int, frozenset[int]] = {}
            for index, groups in whole.holding(texts, lowered).items():
                kept = frozenset(own[g] for g in groups if g in own)
                if kept:
                    holding[index] = kept
            return holding
        if self._patterns is None:
            if lowered is None:
                lowered = "\n".join(texts).lower()
            return _by_text(self.found(lowered), [len(text.lower()) for text in texts])
        memo = self._memo
        holding = {}
        missed: list[int] = []
        for index, text in enumerate(texts):
            remembered = memo.get(text)
            if remembered is None:
                missed.append(index)
            elif remembered:
                holding[index] = remembered
        if not missed:
            return holding
        lowered_missed = [texts[index].lower() for index in missed]
        placed = _by_text(self.found("\n".join(lowered_missed)), map(len, lowered_missed))
        if len(memo) + len(missed) > _MEMO_TEXTS:
            memo.clear()
        for k, index in enumerate(missed):
            groups = placed.get(k, frozenset())
            text = texts[index]
            if len(text) <= _MEMO_CHARS:
                memo[text] = groups
            if groups:
                holding[index] = groups
        return holding


def _by_text(found: list[tuple[int, int]], lengths: Iterable[int]) -> dict[int, frozenset[int]]:
    """Places in texts joined by line breaks (of ``lengths``) -> each text's groups."""
    starts = offsets(lengths)
    placed: dict[int, set[int]] = {}
    for at, group in found:
        placed.setdefault(bisect.bisect_right(starts, at) - 1, set()).add(group)
    return {index: frozenset(groups) for index, groups in placed.items()}


_MEMO_TEXTS = 16_384  # texts a screen remembers (then it forgets them all and starts again)
_MEMO_CHARS = 1_000  # a longer text is searched each time it is met


def offsets(lengths: Iterable[int]) -> list[int]:
    """Where each text starts in the texts (of ``lengths``) joined by line breaks, then the end.

    The last number is the joined length plus one, as if a line break followed.
    """
    return list(itertools.accumulate((n + 1 for n in lengths), initial=0))


def _anchored(grouped: Sequence[tuple[str, list[str]]]) -> tuple[re.Pattern[str], ...]:
    """One pattern per anchor character (:func:`_groups`), matching exactly where one of
    its needles is.

    After the anchor, the rest of the group's needles are a trie: at each character
    the engine tries only the branches that can go on, not every needle in turn
    (``re`` tries the alternatives of a group one by one). Where a needle ends, a
    look back checks the part of it before the anchor.
    """
    patterns: list[re.Pattern[str]] = []
    for anchor, group in grouped:
        trie: _Trie = {}
        for needle in group:
            node = trie
            for char in needle[needle.index(anchor) + 1 :]:
                node = node.setdefault(char, {})
            node.setdefault("", {})[needle] = {}  # under "": the needles ending here
        patterns.append(re.compile(re.escape(anchor) + _branches(trie, anchor)))
    return tuple(patterns)


_Trie = dict[str, "_Trie"]


def _branches(node: _Trie, anchor: str) -> str:
    """The pattern of a trie's node: its characters going on, then its needles ending."""
    alternatives = [re.escape(c) + _branches(node[c], anchor) for c in sorted(node) if c]
    for needle in node.get("", {}):
        before = needle[: needle.index(anchor) + 1]  # the anchor and what precedes it
        if len(before) == 1:
            return ""  # a needle ends here with nothing before its anchor: matched
        alternatives.append(f"(?<={re.escape(needle)})")
    if len(alternatives) == 1:
        return alternatives[0]
    return "(?:" + "|".join(alternatives) + ")"


# Costs, as measured with CPython's ``re`` on English text, in nanoseconds: a pass over
# a character, a try where an anchor is, each branch tried there, each look back there.
_PASS, _TRY, _BRANCH, _LOOK_BACK = 0.4, 13.0, 1.0, 15.0


def _groups(needles: Sequence[str]) -> list[tuple[str, list[str]]]:
    """Needles grouped by an anchor character each holds: few groups, rare anchors.

    A pattern costs a pass over the text, plus a try wherever its anchor occurs:
    dearer the more branches the trie starts with, and for each needle ending at
    the anchor (a look back there). Greedily, the anchor covering needles at the
    lowest cost per needle is taken first.
    """

    def cost_per_needle(anchor: str, covered: list[str]) -> float:
        share = _SHARE.get(anchor, 0.3) / 100
        firsts = {n[n.index(anchor) + 1 : n.index(anchor) + 2] for n in covered}
        backs = sum(0 < n.index(anchor) == len(n) - 1 for n in covered)  # looked back at
        try_cost = _TRY + _BRANCH * len(firsts) + _LOOK_BACK * backs
        return (_PASS + share * try_cost) / len(covered)

    left = list(needles)
    groups: list[tuple[str, list[str]]] = []
    while left:
        chars = sorted({char for needle in left for char in needle})
        holding = {char: [needle for needle in left if char in needle] for char in chars}
        anchor = min(chars, key=lambda char: cost_per_needle(char, holding[char]))
        groups.append((anchor, holding[anchor]))
        left = [needle for needle in left if anchor not in needle]
    return groups
