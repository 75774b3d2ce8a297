"""A paragraph's shown text mapped onto its XML: find a phrase, split runs, replace text.

:func:`text_map` reads the text Word shows (as the reader does: tracked
insertions in, deletions and field instructions out, one branch of each
``mc:AlternateContent``, text boxes apart) and remembers which element each
character came from. Edits then touch only the runs that hold the characters
concerned: :func:`split_before` / :func:`split_after` cut a run in two (both
halves keep the run's formatting) to place a marker exactly at a character,
and :func:`replace_span` rewrites the characters of a span inside the
``w:t`` elements that hold them.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from ..docx.xml import (
    MC_ALTERNATE_CONTENT,
    W_BR,
    W_CHAR,
    W_CR,
    W_DEL,
    W_DEL_TEXT,
    W_DRAWING,
    W_FLD_CHAR,
    W_FLD_CHAR_TYPE,
    W_INSTR_TEXT,
    W_MOVE_FROM,
    W_NO_BREAK_HYPHEN,
    W_NS,
    W_OBJECT,
    W_PICT,
    W_PPR,
    W_PTAB,
    W_R,
    W_RPR,
    W_SDT,
    W_SYM,
    W_T,
    W_TAB,
    W_TXBX_CONTENT,
    W_TYPE,
    Element,
    first_child,
    selected_branch,
)
from .package import EditError

__all__ = ["Piece", "TextMap", "replace_span", "split_after", "split_before", "text_map"]

XML_SPACE: Final = "{http://www.w3.org/XML/1998/namespace}space"
_SKIPPED: Final = frozenset(
    {
        W_PPR,
        W_RPR,
        W_DEL,
        W_MOVE_FROM,
        W_DEL_TEXT,
        W_INSTR_TEXT,
        W_TXBX_CONTENT,
        W_DRAWING,
        W_PICT,
        W_OBJECT,
        f"{{{W_NS}}}sdtPr",
        f"{{{W_NS}}}sdtEndPr",
    }
)
_LINE_BREAKS: Final = frozenset({None, "textWrapping"})


@dataclass(frozen=True, slots=True)
class Piece:
    """Characters ``start``..``end`` of the paragraph's text, from ``node``.

    ``node`` is a ``w:t`` (its text) or a single-character element (a tab, a
    break, a symbol): only ``w:t`` pieces can be rewritten.
    """

    start: int
    end: int
    node: Element

    @property
    def editable(self) -> bool:
        """True for text held in a ``w:t``."""
        return bool(self.node.tag == W_T)


@dataclass(frozen=True, slots=True)
class TextMap:
    """A paragraph's shown text and where each piece of it lives."""

    text: str
    pieces: tuple[Piece, ...]

    def find(self, phrase: str, start: int = 0) -> int | None:
        """Where ``phrase`` starts in the text (exactly, else ignoring case), or None."""
        phrase = phrase.strip()
        if not phrase:
            return None
        found = self.text.find(phrase, start)
        if found < 0:
            lowered = self.text.lower()
            found = lowered.find(phrase.lower(), start)
            if found >= 0 and len(lowered) != len(self.text):
                return None  # lower-casing changed lengths: offsets would not match
        return found if found >= 0 else None

    def at(self, offset: int) -> Piece | None:
        """The piece holding character ``offset``."""
        return next((p for p in self.pieces if p.start <= offset < p.end), None)

    def covering(self, start: int, end: int) -> list[Piece]:
        """The pieces holding any character of ``start``..``end``."""
        return [p for p in self.pieces if p.start < end and p.end > start]


def text_map(paragraphs: Sequence[Element]) -> TextMap:
    """The shown text of the ``w:p`` elements of one paragraph, piece by piece."""
    pieces: list[Piece] = []
    chars: list[str] = []
    state = _Walk()
    for p in paragraphs:
        state.walk(p, pieces, chars)
    return TextMap("".join(chars), tuple(pieces))


class _Walk:
    """Document-order walk of a paragraph's content, with complex fields tracked."""

    def __init__(self) -> None:
        self.fields: list[bool] = []  # per open field: showing its result yet?
        self.position = 0

    def _in_instruction(self) -> bool:
        return any(not shown for shown in self.fields)

    def walk(self, el: Element, pieces: list[Piece], chars: list[str]) -> None:
        for child in el:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIPPED:
                continue
            if tag == MC_ALTERNATE_CONTENT:
                branch = selected_branch(child)
                if branch is not None:
                    self.walk(branch, pieces, chars)
                continue
            if tag == W_FLD_CHAR:
                self._field(child)
                continue
            text = self._text_of(child)
            if text is None:
                self.walk(child, pieces, chars)
                continue
            if text and not self._in_instruction():
                pieces.append(Piece(self.position, self.position + len(text), child))
                chars.append(text)
                self.position += len(text)

    def _field(self, el: Element) -> None:
        kind = el.get(W_FLD_CHAR_TYPE)
        if kind == "begin":
            self.fields.append(False)
        elif kind == "separate" and self.fields:
            self.fields[-1] = True
        elif kind == "end" and self.fields:
            self.fields.pop()

    @staticmethod
    def _text_of(el: Element) -> str | None:
        """The characters a leaf shows ("" for none), or None for a container to walk into."""
        tag = el.tag
        if tag == W_T:
            return el.text or ""
        if tag in (W_TAB, W_PTAB):
            return "\t"
        if tag == W_BR:
            return "\n" if el.get(W_TYPE) in _LINE_BREAKS else ""
        if tag == W_CR:
            return "\n"
        if tag == W_NO_BREAK_HYPHEN:
            return "-"
        if tag == W_SYM:
            code = el.get(W_CHAR) or ""
            try:
                return chr(int(code, 16))
            except (ValueError, OverflowError):
                return ""
        if len(el) == 0:
            return ""
        return None


# --------------------------------------------------------------------------- splitting runs


def _content(run: Element) -> list[Element]:
    return [c for c in run if c.tag != W_RPR]


def _length(node: Element) -> int:
    return len(node.text or "") if node.tag == W_T else 1


def set_text(node: Element, text: str) -> None:
    """Set a ``w:t``'s text, keeping its spaces (``xml:space="preserve"``)."""
    node.text = text
    node.set(XML_SPACE, "preserve")


def _split(node: Element, k: int) -> tuple[Element | None, Element | None]:
    """Cut the run holding ``node`` before its ``k``-th character: (left run, right run).

    A side with nothing in it is None (no cut made). Both halves keep the run's
    properties. A ``node`` not directly in a ``w:r`` cannot be cut: (None, None).
    """
    run = node.getparent()
    if run is None or run.tag != W_R:
        return None, None
    children = _content(run)
    i = children.index(node)
    length = _length(node)
    if i == 0 and k == 0:
        return None, run
    if i == len(children) - 1 and k >= length:
        return run, None
    right = copy.deepcopy(run)
    right_children = _content(right)
    if k <= 0:
        left_drop, right_drop = children[i:], right_children[:i]
    elif k >= length:
        left_drop, right_drop = children[i + 1 :], right_children[: i + 1]
    else:
        text = node.text or ""
        set_text(node, text[:k])
        set_text(right_children[i], text[k:])
        left_drop, right_drop = children[i + 1 :], right_children[:i]
    for child in left_drop:
        run.remove(child)
    for child in right_drop:
        right.remove(child)
    run.addnext(right)
    return run, right


def split_before(tmap: TextMap, offset: int) -> tuple[Element, int] | None:
    """(parent, position) where an element placed starts exactly at character ``offset``.

    Cuts the run holding the character if it starts inside it. None when the
    character is not in a run that can be cut.
    """
    piece = tmap.at(offset)
    if piece is None:
        return None
    node = piece.node
    left, right = _split(node, offset - piece.start)
    target = right if right is not None else None
    if target is None:
        if left is None:  # not in a run: place before the node itself
            parent = node.getparent()
            return (parent, parent.index(node)) if parent is not None else None
        return None
    parent = target.getparent()
    return parent, parent.index(target)


def split_after(tmap: TextMap, end: int) -> tuple[Element, int] | None:
    """(parent, position) where an element placed follows character ``end - 1`` exactly."""
    piece = tmap.at(end - 1)
    if piece is None:
        return None
    node = piece.node
    left, right = _split(node, end - piece.start)
    if left is None:
        if right is None:
            parent = node.getparent()
            return (parent, parent.index(node) + 1) if parent is not None else None
        return None
    parent = left.getparent()
    return parent, parent.index(left) + 1


# --------------------------------------------------------------------------- rewriting text

_LOCKED: Final = frozenset({"contentLocked", "sdtContentLocked"})


def content_control(node: Element) -> Element | None:
    """The innermost ``w:sdt`` holding ``node``, or None."""
    parent = node.getparent()
    while parent is not None:
        if parent.tag == W_SDT:
            return parent
        parent = parent.getparent()
    return None


def replace_span(tmap: TextMap, start: int, end: int, new: str) -> list[Element]:
    """Write ``new`` in place of characters ``start``..``end``; the ``w:t`` elements changed.

    The first ``w:t`` of the span takes the new text (so its run's formatting);
    the rest of the span is removed from the others. EditError when the span
    holds a tab, a break or a field's result, or sits in a locked or bound
    content control (Word would put the old text back).
    """
    covered = tmap.covering(start, end)
    if not covered or any(not p.editable for p in covered):
        raise EditError("the value is not plain text in the document (a tab, break or symbol)")
    for piece in covered:
        _check_control(piece.node)
    changed: list[Element] = []
    first = covered[0]
    for piece in covered:
        text = piece.node.text or ""
        head = text[: max(start - piece.start, 0)] if piece is first else ""
        tail = text[end - piece.start :] if end < piece.end else ""
        set_text(piece.node, head + (new if piece is first else "") + tail)
        changed.append(piece.node)
    return changed


def _check_control(node: Element) -> None:
    sdt = content_control(node)
    while sdt is not None:
        props = first_child(sdt, f"{{{W_NS}}}sdtPr")
        if props is not None:
            lock = first_child(props, f"{{{W_NS}}}lock")
            if lock is not None and lock.get(f"{{{W_NS}}}val") in _LOCKED:
                raise EditError(
                    "the date is inside a content control locked against editing "
                    "(Developer > Properties > 'Contents cannot be edited')"
                )
            if first_child(props, f"{{{W_NS}}}dataBinding") is not None:
                raise EditError(
                    "the date is inside a content control bound to document data: Word would "
                    "put the old value back; change it in Word"
                )
        sdt = content_control(sdt)
