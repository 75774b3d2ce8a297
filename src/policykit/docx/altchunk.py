"""``w:altChunk``: content Word keeps in another format until it next saves the file.

A document assembled by a program (a policy portal, a mail merge, a CMS export)
often holds its body as an HTML or MHT part imported through ``w:altChunk``.
HTML is parsed with lxml's HTML parser, which fetches nothing (no network, no
external entities, no DTD), within a size bound; MHT (a MIME "web archive")
through the standard library's email parser, then its HTML part. The HTML is
read as blocks in document order: ``h1``-``h6`` as headings, ``p``, ``li`` and
loose text as paragraphs, tables as tables. Anything else (RTF, plain text, any
another format) is not read, and the reader says so. An embedded Word
document is read by the reader itself (:mod:`policykit.docx.reader`).
"""

from __future__ import annotations

import email
import email.policy
import re
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any

from lxml import etree

from policykit.docx.blocks import DocBlock, DocCell, DocParagraph, DocTable, Run

# Bytes of one HTML or MHT chunk read (a policy is tens of KB of HTML; images are not read).
MAX_CHUNK_BYTES = 8 * 1024 * 1024
# Element nesting followed; deeper content is read as text of the element reached.
_MAX_DEPTH = 64

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
MHT_TYPES = frozenset({"message/rfc822", "multipart/related", "application/x-mimearchive"})
# An embedded Word document (the reader reads it as a document of its own).
DOCX_TYPES = frozenset(
    {
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        "application/vnd.ms-word.document.macroenabled.12",
        "application/vnd.ms-word.document.macroenabled.main+xml",
    }
)

_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_PARAGRAPHS = frozenset({"p", "dt", "dd", "pre", "caption", "figcaption", "summary"})
_CONTAINERS = frozenset(
    {
        "html",
        "body",
        "div",
        "section",
        "article",
        "main",
        "header",
        "footer",
        "aside",
        "nav",
        "blockquote",
        "center",
        "form",
        "fieldset",
        "figure",
        "address",
        "dl",
        "details",
        "font",  # Word's HTML wraps blocks in <font> at times
        "span",  # ... and in <span>
    }
)
_LISTS = frozenset({"ul", "ol", "dir", "menu"})
_SKIPPED = frozenset(
    {
        "head",
        "script",
        "style",
        "title",
        "template",
        "noscript",
        "iframe",
        "object",
        "embed",
        "svg",
        "math",
        "select",
        "button",
        "textarea",
    }
)
_BOLD = frozenset({"b", "strong"})
_ITALIC = frozenset({"i", "em"})
_UNDERLINE = frozenset({"u", "ins"})
_ROWS = frozenset({"thead", "tbody", "tfoot"})


@dataclass(frozen=True, slots=True)
class Chunk:
    """What a chunk part held: its blocks, or why it was not read (``blocks`` is None)."""

    blocks: list[DocBlock] | None
    why: str = ""


def content_kind(content_type: str, name: str) -> str:
    """ "html", "mht", "docx" or "" (not read) for a part's content type and name."""
    ctype = content_type.split(";", 1)[0].strip().lower()
    lower = name.lower()
    if ctype in HTML_TYPES or (not ctype and lower.endswith((".htm", ".html", ".xhtml"))):
        return "html"
    if ctype in MHT_TYPES or (not ctype and lower.endswith((".mht", ".mhtml"))):
        return "mht"
    if ctype in DOCX_TYPES or (not ctype and lower.endswith((".docx", ".docm"))):
        return "docx"
    return ""


def read_chunk(data: bytes, content_type: str, name: str) -> Chunk:
    """The blocks of an altChunk part, or why it was not read."""
    kind = content_kind(content_type, name)
    if kind not in ("html", "mht"):
        what = content_type or f"no content type declared for {name}"
        return Chunk(None, f"its content ({what}) is not HTML, MHT or a Word document")
    if len(data) > MAX_CHUNK_BYTES:
        return Chunk(None, f"it is larger than {MAX_CHUNK_BYTES // (1024 * 1024)} MiB")
    if kind == "mht":
        html = _mht_html(data)
        if html is None:
            return Chunk(None, "the MHT archive holds no HTML part")
        data = html
    root = _parse_html(data)
    if root is None:
        return Chunk(None, "its HTML could not be parsed")
    return Chunk(_Html().read(root))


def _mht_html(data: bytes) -> bytes | None:
    """The first text/html part of an MHT (MIME) archive, as UTF-8 bytes."""
    try:
        message = email.message_from_bytes(data, policy=email.policy.default)
    except (ValueError, TypeError, LookupError):
        return None
    parts: Iterator[Any] = message.walk()
    for part in parts:
        if not isinstance(part, EmailMessage) or part.get_content_type() != "text/html":
            continue
        try:
            content = part.get_content()
        except (ValueError, LookupError, UnicodeError, AssertionError, KeyError):
            payload = part.get_payload(decode=True)
            return payload if isinstance(payload, bytes) else None
        if isinstance(content, str):
            return content.encode("utf-8")
        return content if isinstance(content, bytes) else None
    return None


def _parse_html(data: bytes) -> Any:
    parser = etree.HTMLParser(
        no_network=True,
        remove_comments=True,
        remove_pis=True,
        huge_tree=False,
        default_doctype=False,
    )
    try:
        root = etree.fromstring(data, parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None
    return root


def _tag(el: Any) -> str:
    tag = el.tag
    if not isinstance(tag, str):
        return ""  # a comment, a processing instruction, an entity
    return tag.rsplit("}", 1)[-1].lower()


class _Html:
    """One HTML tree -> blocks. Paragraph indices are the walk's to give."""

    def __init__(self) -> None:
        self._lists = 0

    def read(self, root: Any) -> list[DocBlock]:
        out: list[DocBlock] = []
        self._container(root, out, 0, in_table=False)
        return out

    def _container(self, el: Any, out: list[DocBlock], depth: int, *, in_table: bool) -> None:
        """Block children in order; loose inline content between them makes paragraphs."""
        loose: list[tuple[str, tuple[bool, bool, bool]]] = []

        def flush() -> None:
            if loose:
                self._paragraph(list(loose), out, in_table=in_table)
                loose.clear()

        if el.text:
            loose.append((el.text, (False, False, False)))
        for child in el:
            tag = _tag(child)
            if tag in _SKIPPED or not tag:
                pass
            elif depth >= _MAX_DEPTH:
                loose.extend(self._inline_children(child, (False, False, False), depth))
            elif tag in _HEADINGS:
                flush()
                self._paragraph(
                    self._inline_children(child, (True, False, False), depth),
                    out,
                    heading=_HEADINGS[tag],
                    in_table=in_table,
                )
            elif tag in _PARAGRAPHS or tag == "li":
                flush()
                self._block(child, out, depth, in_table=in_table)
            elif tag in _LISTS:
                flush()
                self._list(child, out, depth, 0, in_table=in_table)
            elif tag == "table":
                flush()
                out.append(self._table(child, depth))
            elif tag in _CONTAINERS or tag == "hr":
                flush()
                self._container(child, out, depth + 1, in_table=in_table)
            else:
                loose.extend(self._inline_children(child, (False, False, False), depth))
            if child.tail:
                loose.append((child.tail, (False, False, False)))
        flush()

    def _block(self, el: Any, out: list[DocBlock], depth: int, *, in_table: bool) -> None:
        """A ``p`` (or the like): its inline text; block content inside it after it."""
        inline: list[tuple[str, tuple[bool, bool, bool]]] = []
        if el.text:
            inline.append((el.text, (False, False, False)))
        after: list[Any] = []
        for child in el:
            tag = _tag(child)
            if tag in _SKIPPED or not tag:
                pass
            elif tag in _LISTS or tag == "table" or tag in _HEADINGS or tag in _PARAGRAPHS:
                after.append(child)
            else:
                inline.extend(self._inline_children(child, (False, False, False), depth))
            if child.tail:
                inline.append((child.tail, (False, False, False)))
        style = (el.get("style") or "").replace(" ", "").lower()
        outline = _OUTLINE.search(style)
        self._paragraph(
            inline,
            out,
            in_table=in_table,
            heading=int(outline.group(1)) if outline and 0 < int(outline.group(1)) < 10 else None,
            title="msotitle" in (el.get("class") or "").lower(),
            size=_font_size(el),
        )
        for child in after:
            self._container(_wrapped(child), out, depth + 1, in_table=in_table)

    def _list(
        self, el: Any, out: list[DocBlock], depth: int, level: int, *, in_table: bool
    ) -> None:
        self._lists += 1
        list_id = f"html-{self._lists}"
        ordered = _tag(el) == "ol"
        number = 0
        for item in el:
            tag = _tag(item)
            if tag in _LISTS:  # a list nested without its <li>
                self._list(item, out, depth + 1, level + 1, in_table=in_table)
                continue
            if tag != "li":
                if tag and tag not in _SKIPPED:
                    self._container(_wrapped(item), out, depth + 1, in_table=in_table)
                continue
            number += 1
            inline: list[tuple[str, tuple[bool, bool, bool]]] = []
            if item.text:
                inline.append((item.text, (False, False, False)))
            nested: list[Any] = []
            for child in item:
                ctag = _tag(child)
                if ctag in _LISTS or ctag == "table":
                    nested.append(child)
                elif ctag and ctag not in _SKIPPED:  # paragraphs inside an item: its text
                    inline.extend(self._inline_children(child, (False, False, False), depth))
                if child.tail:
                    inline.append((child.tail, (False, False, False)))
            label = f"{number}." if ordered else "\u2022"
            self._paragraph(
                inline,
                out,
                in_table=in_table,
                list_item=(level, list_id, ordered, label),
            )
            for child in nested:
                if _tag(child) == "table":
                    out.append(self._table(child, depth + 1))
                else:
                    self._list(child, out, depth + 1, level + 1, in_table=in_table)

    def _table(self, el: Any, depth: int) -> DocTable:
        table = DocTable()
        for tr in _rows(el):
            row: list[DocCell] = []
            for td in tr:
                if _tag(td) not in ("td", "th"):
                    continue
                cell = DocCell()
                self._container(td, cell.blocks, depth + 1, in_table=True)
                row.append(cell)
            if row:
                table.rows.append(row)
        return table

    def _inline_children(
        self, el: Any, fmt: tuple[bool, bool, bool], depth: int
    ) -> list[tuple[str, tuple[bool, bool, bool]]]:
        tag = _tag(el)
        if tag in _SKIPPED:
            return []
        if tag == "br":
            return [("\n", fmt)]
        bold, italic, underline = fmt
        style = (el.get("style") or "").replace(" ", "").lower()
        fmt = (
            bold or tag in _BOLD or "font-weight:bold" in style or "font-weight:700" in style,
            italic or tag in _ITALIC or "font-style:italic" in style,
            underline or tag in _UNDERLINE or "text-decoration:underline" in style,
        )
        out: list[tuple[str, tuple[bool, bool, bool]]] = []
        if el.text:
            out.append((el.text, fmt))
        for child in el:
            if depth < _MAX_DEPTH:
                out.extend(self._inline_children(child, fmt, depth + 1))
            else:
                out.append(("".join(child.itertext()), fmt))
            if child.tail:
                out.append((child.tail, fmt))
        return out

    def _paragraph(
        self,
        pieces: list[tuple[str, tuple[bool, bool, bool]]],
        out: list[DocBlock],
        *,
        heading: int | None = None,
        in_table: bool,
        list_item: tuple[int, str, bool, str] | None = None,
        title: bool = False,
        size: float | None = None,
    ) -> None:
        runs = _runs(pieces)
        text = "".join(r.text for r in runs)
        if not text.strip():
            return
        para = DocParagraph(
            text=text,
            runs=runs,
            heading_level=heading,
            is_title=title and heading is None,
            in_table=in_table,
            font_size=size,
        )
        if list_item is not None:
            para.list_level, para.list_id, para.list_ordered, para.list_label = list_item
        out.append(para)


# Word's HTML: "mso-outline-level:2" makes a paragraph a heading; sizes in pt or px.
_OUTLINE = re.compile(r"mso-outline-level:(\d+)")
_SIZE = re.compile(r"font-size:(\d+(?:\.\d+)?)(pt|px)")
_MAX_SIZE_LOOKS = 200  # elements looked at for a paragraph's largest font size


def _font_size(el: Any) -> float | None:
    """The largest font size (points) an element or its first descendants set."""
    largest: float | None = None
    for i, inner in enumerate(el.iter()):
        if i >= _MAX_SIZE_LOOKS:
            break
        style = inner.get("style") if isinstance(inner.tag, str) else None
        if not style:
            continue
        for number, unit in _SIZE.findall(style.replace(" ", "").lower()):
            size = float(number) * (0.75 if unit == "px" else 1.0)
            if 0 < size < 500 and (largest is None or size > largest):
                largest = size
    return largest


def _wrapped(el: Any) -> Any:
    holder = etree.Element("div")
    holder.append(el)
    return holder


def _rows(table: Any) -> Iterator[Any]:
    """The table's own rows (in thead/tbody/tfoot or direct), not a nested table's."""
    for child in table:
        tag = _tag(child)
        if tag == "tr":
            yield child
        elif tag in _ROWS:
            yield from (tr for tr in child if _tag(tr) == "tr")


def _runs(pieces: list[tuple[str, tuple[bool, bool, bool]]]) -> list[Run]:
    """Pieces of text -> runs: whitespace collapsed, alike neighbours merged, ends trimmed."""
    merged: list[tuple[str, tuple[bool, bool, bool]]] = []
    for text, fmt in pieces:
        if text == "\n":
            piece = "\n"
        else:
            piece = " ".join(text.replace("\xa0", " ").split())
            if text[:1].isspace() and piece:
                piece = " " + piece
            if text[-1:].isspace() and piece:
                piece += " "
            if not piece and text:
                piece = " "
        if merged and merged[-1][1] == fmt:
            merged[-1] = (merged[-1][0] + piece, fmt)
        else:
            merged.append((piece, fmt))
    runs = [Run(text.replace("  ", " "), *fmt) for text, fmt in merged if text]
    # trim the paragraph's ends and the spaces around line breaks
    while runs and not runs[0].text.strip():
        runs.pop(0)
    while runs and not runs[-1].text.strip():
        runs.pop()
    if runs:
        runs[0] = runs[0]._replace(text=runs[0].text.lstrip())
        runs[-1] = runs[-1]._replace(text=runs[-1].text.rstrip())
    return [r._replace(text=r.text.replace(" \n", "\n").replace("\n ", "\n")) for r in runs]
