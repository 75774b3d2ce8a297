"""The OpenDocument reader: an opened .odt package -> the Word reader's DocxDocument.

The zip and every part go through the Word reader's package and parser
(:mod:`policykit.docx.package`, :mod:`policykit.docx.xml`), so the same
limits hold: bytes counted as they are inflated, compression ratios and
entry counts bounded, no DTD, no entities, nothing fetched, depth and
markup bounded; paragraphs, rows and cells count against the same limit.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Final

from policykit.docx.blocks import (
    DocBlock,
    DocCell,
    DocComment,
    DocNote,
    DocParagraph,
    DocTable,
    DocxDocument,
    Run,
)
from policykit.docx.body import strip_prefix, within_text_limit
from policykit.docx.lists import ListTracker, manual_label, match_manual_bullet
from policykit.docx.package import Package
from policykit.docx.xml import Element
from policykit.errors import EncryptedDocument, UnreadableDocument
from policykit.messages import Message, unread
from policykit.odt.detect import MIMETYPE_PREFIX
from policykit.odt.styles import (
    DC_NS,
    DRAW_NS,
    META_NS,
    ListLevel,
    StyleSheet,
    TextProps,
    number_label,
    office,
    style,
    table,
    text,
)

TEXT_TYPES: Final = (b"text", b"text-template", b"text-master", b"text-web")
MAX_REPEAT: Final = 64  # copies made of a cell or row "repeated" n times (n can be 1,048,576)
MAX_SPACES: Final = 1000  # characters one text:s may stand for

_P, _H = text("p"), text("h")
_SPAN, _A, _S, _TAB, _BREAK = text("span"), text("a"), text("s"), text("tab"), text("line-break")
_LIST, _ITEM, _HEADER = text("list"), text("list-item"), text("list-header")
_NUMBERED_PARAGRAPH = text("numbered-paragraph")
_NOTE, _NOTE_BODY = text("note"), text("note-body")
_DATE_FIELDS = frozenset({text("date"), text("time"), text("creation-date"), text("print-date")})
_TABLE, _ROW, _CELL = table("table"), table("table-row"), table("table-cell")
_COVERED_CELL = table("covered-table-cell")
_ROW_GROUPS = frozenset({table("table-header-rows"), table("table-rows"), table("table-row-group")})
_ANNOTATION = office("annotation")
_FRAME, _TEXT_BOX = "{" + DRAW_NS + "}frame", "{" + DRAW_NS + "}text-box"
# Block containers read through: sections, an index's body, a text box's content.
_THROUGH = frozenset({text("section"), text("index-body"), _TEXT_BOX, text("soft-page-break")})
_INDEXES = frozenset(
    text(name)
    for name in (
        "table-of-content",
        "alphabetical-index",
        "illustration-index",
        "table-index",
        "object-index",
        "user-index",
        "bibliography",
    )
)
# Never text a reader sees: declarations, tracked deletions, forms, markers, labels.
_SKIP = frozenset(
    {
        text("sequence-decls"),
        text("variable-decls"),
        text("user-field-decls"),
        text("dde-connection-decls"),
        text("tracked-changes"),
        text("index-title-template"),
        text("table-of-content-source"),
        text("alphabetical-index-source"),
        text("number"),  # a list's rendered label (numbering is not text, as in Word)
        text("note-citation"),
        text("bookmark"),
        text("bookmark-start"),
        text("bookmark-end"),
        text("reference-mark"),
        text("reference-mark-start"),
        text("reference-mark-end"),
        text("change"),
        text("change-start"),
        text("change-end"),
        text("toc-mark"),
        text("toc-mark-start"),
        text("toc-mark-end"),
        text("alphabetical-index-mark"),
        text("alphabetical-index-mark-start"),
        text("alphabetical-index-mark-end"),
        text("hidden-text"),
        text("hidden-paragraph"),
        text("soft-page-break"),
        office("forms"),
        office("annotation-end"),
        table("table-columns"),
        table("table-column"),
        table("table-header-columns"),
        table("table-column-group"),
    }
)
_MASTER_PARTS: Final = {
    "header": "header",
    "header-left": "header",
    "header-first": "header",
    "footer": "footer",
    "footer-left": "footer",
    "footer-first": "footer",
}
_WHITESPACE = str.maketrans({"\t": " ", "\n": " ", "\r": " "})


def read_opened(package: Package) -> DocxDocument:
    """The document in an opened OpenDocument package (see :func:`policykit.odt.read_odt`)."""
    mimetype = package.read("mimetype").strip() if package.has("mimetype") else b""
    kind = mimetype[len(MIMETYPE_PREFIX) :]
    if mimetype and kind not in TEXT_TYPES:
        what = kind.decode("ascii", "replace").split("-")[0] or "unknown"
        raise UnreadableDocument(
            f"this is an OpenDocument {what} file, not a text document; open it in its own "
            "program (a policy is a text document: .odt or .docx)"
        )
    if package.has("META-INF/manifest.xml"):
        manifest = package.xml("META-INF/manifest.xml")
        if any(_local(el.tag) == "encryption-data" for el in manifest.iter()):
            raise EncryptedDocument(
                "the document is password-protected (an encrypted OpenDocument file); open "
                "it in LibreOffice with the password, then save it again without one "
                "(File > Properties > General > Protect, or Save As without 'Save with password')"
            )
    if not package.has("content.xml"):
        raise UnreadableDocument(
            "the OpenDocument package has no content.xml; it is damaged: open it in "
            "LibreOffice and save it again"
        )
    content = package.xml("content.xml")
    _charge_blocks(package, content)
    styles_root = package.xml("styles.xml") if package.has("styles.xml") else None
    shared = StyleSheet()
    if styles_root is not None:
        _charge_blocks(package, styles_root)
        shared.add(styles_root.find(office("styles")), automatic=False)
    body_sheet = shared.with_automatic(content.find(office("automatic-styles")))

    doc = DocxDocument()
    body = content.find(office("body"))
    office_text = body.find(office("text")) if body is not None else None
    if office_text is None:
        raise UnreadableDocument(
            "the OpenDocument package holds no text body (office:text); it is not a text "
            "document or it is damaged: open it in LibreOffice and save it again"
        )
    walker = Walker(body_sheet, counting=True)
    doc.body = walker.walk(office_text)
    doc.comments = walker.comments
    doc.messages.extend(walker.messages("content.xml"))

    if styles_root is not None:
        header_sheet = shared.with_automatic(styles_root.find(office("automatic-styles")))
        seen: set[tuple[str, ...]] = set()
        masters = styles_root.find(office("master-styles"))
        for master in masters if masters is not None else ():
            if master.tag != style("master-page"):
                continue
            for part in master:
                where = _MASTER_PARTS.get(_local(part.tag))
                if where is None or part.get(style("display")) == "false":
                    continue
                part_walker = Walker(header_sheet, counting=False)
                blocks = part_walker.walk(part)
                key = tuple(_texts(blocks))
                if not any(key) or (where, *key) in seen:
                    continue
                seen.add((where, *key))
                (doc.headers if where == "header" else doc.footers).append(blocks)
                doc.messages.extend(part_walker.messages("styles.xml"))

    if package.has("meta.xml"):
        doc.core, doc.custom = _properties(package.xml("meta.xml"))
    return doc


def _charge_blocks(package: Package, root: Element) -> None:
    """Paragraphs, rows and cells of a part, against the reader's limit on them."""
    package.charge_blocks(sum(1 for _ in root.iter(_P, _H, _ROW, _CELL, _COVERED_CELL)))


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _texts(blocks: list[DocBlock]) -> Iterator[str]:
    for block in blocks:
        if isinstance(block, DocParagraph):
            yield block.text
        else:
            for row in block.rows:
                for cell in row:
                    yield cell.text


# --------------------------------------------------------------------------- properties

_CORE_NAMES: Final = {
    "{" + DC_NS + "}title": "title",
    "{" + DC_NS + "}subject": "subject",
    "{" + DC_NS + "}description": "description",
    "{" + DC_NS + "}creator": "lastModifiedBy",
    "{" + DC_NS + "}date": "modified",
    "{" + DC_NS + "}language": "language",
    "{" + META_NS + "}initial-creator": "creator",
    "{" + META_NS + "}creation-date": "created",
    "{" + META_NS + "}print-date": "lastPrinted",
    "{" + META_NS + "}editing-cycles": "revision",
}
_KEYWORD = "{" + META_NS + "}keyword"
_USER_DEFINED = "{" + META_NS + "}user-defined"
_META_NAME = "{" + META_NS + "}name"


def _properties(root: Element) -> tuple[dict[str, str], dict[str, str]]:
    """``meta.xml`` -> (core properties by the Word reader's names, custom properties)."""
    core: dict[str, str] = {}
    custom: dict[str, str] = {}
    keywords: list[str] = []
    meta = root.find(office("meta"))
    for el in meta if meta is not None else ():
        value = "".join(el.itertext()).strip()
        if el.tag == _KEYWORD:
            if value:
                keywords.append(value)
        elif el.tag == _USER_DEFINED:
            name = el.get(_META_NAME)
            if name and name not in custom:
                custom[name] = value
        else:
            key = _CORE_NAMES.get(el.tag)
            if key and value and key not in core:
                core[key] = value
    if keywords:
        core["keywords"] = ", ".join(keywords)
    return core, custom


# --------------------------------------------------------------------------- the walk


@dataclass(slots=True)
class _ListItem:
    """What a paragraph that opens a list item is told about its list."""

    level: int
    list_id: str
    ordered: bool
    label: str


@dataclass(slots=True)
class _Para:
    """A paragraph being read: its text in runs of one formatting, and what it holds."""

    pieces: list[list[str]] = field(default_factory=list)
    keys: list[tuple[bool, bool, bool, bool]] = field(default_factory=list)
    max_size: float | None = None
    date_texts: list[str] = field(default_factory=list)
    notes: list[DocNote] = field(default_factory=list)
    textboxes: list[Element] = field(default_factory=list)
    comments: list[tuple[str, str, str | None]] = field(default_factory=list)
    space: bool = True  # the text so far ends in white space (or nothing): collapse more

    def emit(self, value: str, props: TextProps, raw: bool = True) -> None:
        """Add text in ``props``; ``raw`` text has its white space collapsed as ODF says."""
        if not value or props.hidden:
            return
        if raw:
            value = " ".join(value.translate(_WHITESPACE).split(" "))
            while "  " in value:
                value = value.replace("  ", " ")
            if self.space and value.startswith(" "):
                value = value[1:]
            if not value:
                return
            self.space = value.endswith(" ")
        else:
            self.space = False
        key = (bool(props.bold), bool(props.italic), bool(props.underline), bool(props.caps))
        if self.keys and self.keys[-1] == key:
            self.pieces[-1].append(value)
        else:
            self.pieces.append([value])
            self.keys.append(key)
        if value.strip() and props.size is not None:
            self.max_size = props.size if self.max_size is None else max(self.max_size, props.size)


class Walker:
    """Reads blocks (paragraphs, lists, tables) from a container, in document order.

    ``counting``: body paragraphs get indices (0-based, tables and lists
    included), as :class:`~policykit.docx.blocks.DocParagraph` says; headers
    and footers are read without.
    """

    def __init__(self, sheet: StyleSheet, counting: bool) -> None:
        self.sheet = sheet
        self.counting = counting
        self.next_index = 0
        self.comments: list[DocComment] = []
        self._lists = 0
        self._chars = 0
        self._unknown: dict[str, int] = {}

    def walk(self, container: Element) -> list[DocBlock]:
        """The blocks of ``container`` (``office:text``, a header, a cell ...)."""
        out: list[DocBlock] = []
        self._blocks(container, out, in_table=False, from_textbox=False)
        return out

    def messages(self, part: str) -> list[Message]:
        """An unread message for each kind of element holding text that was not read."""
        return [
            unread(
                "reader.unknown-element",
                f"{count} {name} element(s) holding text were not read",
                part,
            )
            for name, count in sorted(self._unknown.items())
        ]

    def _blocks(
        self, container: Element, out: list[DocBlock], in_table: bool, from_textbox: bool
    ) -> None:
        lists = ListTracker()  # typed bullets ("• ", "- ") in a run of paragraphs
        for el in container:
            self._block(el, out, in_table, from_textbox, lists)

    def _block(
        self,
        el: Element,
        out: list[DocBlock],
        in_table: bool,
        from_textbox: bool,
        lists: ListTracker | None = None,
    ) -> None:
        tag = el.tag
        if not isinstance(tag, str) or tag in _SKIP:
            return
        if tag in (_P, _H):
            self._paragraph(el, out, in_table, from_textbox, lists=lists)
        elif tag == _LIST:
            self._list(el, out, in_table, from_textbox, 0, None, None)
        elif tag == _NUMBERED_PARAGRAPH:
            self._numbered_paragraph(el, out, in_table, from_textbox)
        elif tag == _TABLE:
            out.append(self._table(el, from_textbox))
        elif tag in _THROUGH:
            self._blocks(el, out, in_table, from_textbox or tag == _TEXT_BOX)
        elif tag in _INDEXES:
            body = el.find(text("index-body"))
            if body is not None:
                self._blocks(body, out, in_table, from_textbox)
        elif tag == _FRAME:
            for box in el.iter(_TEXT_BOX):
                self._blocks(box, out, in_table, True)
        elif "".join(el.itertext()).strip():
            name = _local(tag)
            self._unknown[name] = self._unknown.get(name, 0) + 1

    def _list(
        self,
        el: Element,
        out: list[DocBlock],
        in_table: bool,
        from_textbox: bool,
        depth: int,
        style_name: str | None,
        list_id: str | None,
    ) -> None:
        style_name = el.get(text("style-name")) or style_name
        if list_id is None:
            self._lists += 1
            list_id = el.get("{http://www.w3.org/XML/1998/namespace}id") or f"odt{self._lists}"
        levels = self.sheet.lists.get(style_name or "", {})
        level = levels.get(depth + 1) or ListLevel(False, "•")
        n = 0
        for item in el:
            if item.tag not in (_ITEM, _HEADER):
                self._block(item, out, in_table, from_textbox)
                continue
            numbered = item.tag == _ITEM
            if numbered:
                start = item.get(text("start-value"))
                n = int(start) if start and start.isdigit() else n + 1
            first = True
            for child in item:
                if child.tag in (_P, _H) and first and numbered:
                    label = number_label(level, n)
                    info = _ListItem(depth, list_id, level.ordered, label)
                    self._paragraph(child, out, in_table, from_textbox, info)
                elif child.tag == _LIST:
                    self._list(child, out, in_table, from_textbox, depth + 1, style_name, list_id)
                else:
                    self._block(child, out, in_table, from_textbox)
                first = False

    def _numbered_paragraph(
        self, el: Element, out: list[DocBlock], in_table: bool, from_textbox: bool
    ) -> None:
        raw_level = el.get(text("level"))
        depth = int(raw_level) - 1 if raw_level and raw_level.isdigit() else 0
        number = el.find(text("number"))
        label = "".join(number.itertext()).strip() if number is not None else ""
        list_id = el.get(text("list-id")) or "numbered-paragraph"
        for child in el:
            if child.tag in (_P, _H):
                info = _ListItem(max(depth, 0), list_id, bool(label), label or "•")
                self._paragraph(child, out, in_table, from_textbox, info)

    def _paragraph(
        self,
        el: Element,
        out: list[DocBlock],
        in_table: bool,
        from_textbox: bool,
        item: _ListItem | None = None,
        lists: ListTracker | None = None,
    ) -> None:
        info = self.sheet.paragraph(el.get(text("style-name")))
        state = _Para()
        self._inline(el, state, info.text)
        index = -1
        if self.counting:
            index = self.next_index
            self.next_index += 1
        pieces = ["".join(fragments) for fragments in state.pieces]
        content = "".join(pieces)
        self._chars += len(content)
        within_text_limit(self._chars)
        heading_level, is_title = info.heading_level, info.is_title
        if el.tag == _H and not is_title:
            raw_level = el.get(text("outline-level"))
            level = int(raw_level) if raw_level and raw_level.isdigit() else heading_level or 1
            heading_level = level if 1 <= level <= 9 else heading_level
        para = DocParagraph(
            text=content,
            runs=[Run(piece, *key) for piece, key in zip(pieces, state.keys, strict=True)],
            index=index,
            style_id=info.style_id,
            style_name=info.name,
            heading_level=heading_level,
            is_title=is_title,
            alignment=info.alignment,
            font_size=state.max_size,
            in_table=in_table,
            from_textbox=from_textbox,
            date_field_text=state.date_texts,
            notes=state.notes,
        )
        if item is not None and heading_level is None and not is_title:
            para.list_level = item.level
            para.list_id = item.list_id
            para.list_ordered = item.ordered
            para.list_label = item.label
        elif lists is not None and heading_level is None and not is_title:
            self._typed_bullet(para, lists, info.indent)
        out.append(para)
        for comment_id, body, author in state.comments:
            paragraphs = (index,) if index >= 0 else ()
            self.comments.append(DocComment(comment_id, body, author, paragraphs))
        for box in state.textboxes:
            self._blocks(box, out, in_table, True)

    @staticmethod
    def _typed_bullet(para: DocParagraph, lists: ListTracker, indent: int | None) -> None:
        """A paragraph typed as a list item ("• First aim"): a list item, as Word's reader says."""
        bullet = match_manual_bullet(para.text)
        if bullet is None:
            if para.text.strip():
                lists.reset()
            return
        para.list_level = lists.manual_level((indent or 0) + bullet.depth, bullet.bullet)
        para.list_id = "manual"
        para.list_label = manual_label(bullet.bullet)
        strip_prefix(para, bullet.prefix_len)

    def _inline(self, container: Element, state: _Para, props: TextProps) -> None:
        if container.text:
            state.emit(container.text, props)
        for child in container:
            tag = child.tag
            if not isinstance(tag, str):
                pass
            elif tag == _SPAN:
                self._inline(
                    child, state, self.sheet.span(child.get(text("style-name"))).over(props)
                )
            elif tag == _S:
                count = child.get(text("c"))
                spaces = min(int(count), MAX_SPACES) if count and count.isdigit() else 1
                state.emit(" " * spaces, props, raw=False)
            elif tag == _TAB:
                state.emit("\t", props, raw=False)
            elif tag == _BREAK:
                state.emit("\n", props, raw=False)
                state.space = True
            elif tag in _SKIP:
                pass
            elif tag in _DATE_FIELDS:
                shown = " ".join("".join(child.itertext()).split())
                if shown:
                    state.date_texts.append(shown)
                self._inline(child, state, props)
            elif tag == _NOTE:
                self._note(child, state)
            elif tag == _ANNOTATION:
                self._annotation(child, state)
            elif tag == _FRAME or tag.startswith("{" + DRAW_NS + "}"):
                state.textboxes.extend(child.iter(_TEXT_BOX))
            else:  # links, fields (page numbers, titles), ruby, metadata: their text shows
                self._inline(child, state, props)
            if child.tail:
                state.emit(child.tail, props)

    def _note(self, el: Element, state: _Para) -> None:
        body = el.find(_NOTE_BODY)
        if body is None:
            return
        kind = el.get(text("note-class")) or "footnote"
        lines = [_plain(p) for p in body.iter(_P, _H)]
        note_id = el.get(text("id")) or str(len(state.notes) + 1)
        state.notes.append(DocNote(kind, note_id, "\n".join(line for line in lines if line)))

    def _annotation(self, el: Element, state: _Para) -> None:
        creator = el.find("{" + DC_NS + "}creator")
        author = "".join(creator.itertext()).strip() if creator is not None else None
        lines = [_plain(p) for p in el.iter(_P, _H)]
        comment_id = el.get(office("name")) or str(len(self.comments) + len(state.comments))
        state.comments.append((comment_id, "\n".join(lines), author or None))

    def _rows(self, container: Element) -> Iterator[Element]:
        for el in container:
            if el.tag == _ROW:
                repeat = el.get(table("number-rows-repeated"))
                times = min(int(repeat), MAX_REPEAT) if repeat and repeat.isdigit() else 1
                for _ in range(max(times, 1)):
                    yield el
            elif el.tag in _ROW_GROUPS:
                yield from self._rows(el)

    def _table(self, el: Element, from_textbox: bool) -> DocTable:
        rows: list[list[DocCell]] = []
        for row in self._rows(el):
            cells: list[DocCell] = []
            spanned = 0
            for cell in row:
                if cell.tag == _COVERED_CELL:
                    if spanned > 0:  # part of a cell spanning columns: no cell of its own
                        spanned -= 1
                    else:  # under a cell spanning rows: an empty cell, as Word's vMerge
                        cells.append(DocCell())
                    continue
                if cell.tag != _CELL:
                    continue
                repeat = cell.get(table("number-columns-repeated"))
                times = min(int(repeat), MAX_REPEAT) if repeat and repeat.isdigit() else 1
                for _ in range(max(times, 1)):
                    blocks: list[DocBlock] = []
                    self._blocks(cell, blocks, True, from_textbox)
                    cells.append(DocCell(blocks))
                span = cell.get(table("number-columns-spanned"))
                spanned = int(span) - 1 if span and span.isdigit() else 0
            rows.append(cells)
        return DocTable(rows)


def _plain(el: Element) -> str:
    """A paragraph's text without formatting (comments and notes), white space collapsed."""
    parts: list[str] = []

    def visit(node: Element) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            if child.tag == _S:
                parts.append(" ")
            elif child.tag == _TAB:
                parts.append("\t")
            elif child.tag == _BREAK:
                parts.append("\n")
            elif child.tag not in _SKIP and child.tag not in (_NOTE, _ANNOTATION):
                visit(child)
            if child.tail:
                parts.append(child.tail)

    visit(el)
    return " ".join("".join(parts).split())
