"""Word comments added to a package: the comments part, its relationship and content type.

:class:`Commenter` adds ``w:comment`` elements to the document's comments part
(creating the part, its relationship from the main part and its content-type
override when the document has none; adding after the existing comments when
it has), and anchors each with ``w:commentRangeStart`` / ``w:commentRangeEnd``
and a reference run, on a span of a paragraph's text or on the whole
paragraph. Existing comments, their ids and their anchors are left alone.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from collections.abc import Sequence
from typing import Final

from lxml import etree

from ..docx.xml import W_ID, W_NS, W_PPR, Element
from .package import EditablePackage
from .runs import set_text, split_after, split_before, text_map

__all__ = ["COMMENTS_CONTENT_TYPE", "COMMENTS_REL", "Commenter"]

COMMENTS_REL: Final = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
COMMENTS_CONTENT_TYPE: Final = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
)
_W: Final = "{" + W_NS + "}"


def _w(tag: str) -> str:
    return _W + tag


class Commenter:
    """Adds comments to one editable package (see the module's docstring)."""

    def __init__(
        self,
        package: EditablePackage,
        author: str = "policykit",
        initials: str = "PK",
        when: dt.datetime | None = None,
    ) -> None:
        self.package = package
        self.author = author
        self.initials = initials
        stamp = when or dt.datetime.now(dt.UTC)
        self.date = stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
        self._part: Element | None = None
        self._next_id: int | None = None

    def _comments_part(self) -> Element:
        if self._part is not None:
            return self._part
        package = self.package
        rel = package.relationship(package.main, "comments")
        if rel is not None and not rel.external and package.has(rel.target):
            part = package.xml(rel.target, change=True)
        else:
            name = posixpath.join(posixpath.dirname(package.main), "comments.xml")
            number = 1
            while package.has(name):
                number += 1
                name = posixpath.join(posixpath.dirname(package.main), f"comments{number}.xml")
            part = etree.Element(_w("comments"), nsmap={"w": W_NS})
            package.add_part(name, part, COMMENTS_CONTENT_TYPE)
            package.add_relationship(package.main, COMMENTS_REL, name)
        self._part = part
        ids = [_int(el.get(W_ID)) for el in part.iter(_w("comment"))]
        main = package.xml(package.main)
        for tag in ("commentRangeStart", "commentRangeEnd", "commentReference"):
            ids.extend(_int(el.get(W_ID)) for el in main.iter(_w(tag)))
        self._next_id = max([-1, *ids]) + 1
        return part

    def add(
        self,
        paragraphs: Sequence[Element],
        text: Sequence[str],
        phrase: tuple[int, int] | None = None,
    ) -> str:
        """Comment ``text`` (one string a paragraph) on a paragraph or a span of it.

        ``paragraphs``: the ``w:p`` element(s) of one body paragraph; ``phrase``:
        (start, end) character offsets of its shown text, else the whole
        paragraph. Returns the comment's id.
        """
        part = self._comments_part()
        assert self._next_id is not None
        comment_id = str(self._next_id)
        self._next_id += 1
        comment = etree.SubElement(part, _w("comment"))
        comment.set(W_ID, comment_id)
        comment.set(_w("author"), self.author)
        comment.set(_w("date"), self.date)
        comment.set(_w("initials"), self.initials)
        for number, line in enumerate(text):
            p = etree.SubElement(comment, _w("p"))
            if number == 0:
                ref = etree.SubElement(p, _w("r"))
                etree.SubElement(ref, _w("annotationRef"))
            r = etree.SubElement(p, _w("r"))
            set_text(etree.SubElement(r, _w("t")), line)
        self._anchor(paragraphs, comment_id, phrase)
        return comment_id

    def _anchor(
        self, paragraphs: Sequence[Element], comment_id: str, phrase: tuple[int, int] | None
    ) -> None:
        self.package.xml(self.package.main, change=True)
        start_mark = _mark("commentRangeStart", comment_id)
        end_mark = _mark("commentRangeEnd", comment_id)
        reference = etree.Element(_w("r"))
        etree.SubElement(reference, _w("commentReference")).set(W_ID, comment_id)
        if phrase is not None:
            tmap = text_map(paragraphs)
            before = split_before(tmap, phrase[0])
            if before is not None:
                parent, position = before
                parent.insert(position, start_mark)
                after = split_after(text_map(paragraphs), phrase[1])
                if after is not None:
                    parent, position = after
                    parent.insert(position, end_mark)
                    parent.insert(position + 1, reference)
                    return
                start_mark.getparent().remove(start_mark)
        first, last = paragraphs[0], paragraphs[-1]
        position = 1 if len(first) and first[0].tag == W_PPR else 0
        first.insert(position, start_mark)
        last.append(end_mark)
        last.append(reference)


def _mark(tag: str, comment_id: str) -> Element:
    el = etree.Element(_w(tag))
    el.set(W_ID, comment_id)
    return el


def _int(value: str | None) -> int:
    try:
        return int(value or "-1")
    except ValueError:
        return -1
