"""The walk: a body (or header, footer) element -> paragraphs and tables in document order.

Reads what Word shows: content controls, tracked insertions, hyperlinks,
smart tags, simple and complex field results, one branch of each
``mc:AlternateContent``, text boxes (emitted after their anchor paragraph).
Skips what Word does not show as text: deletions, field instructions,
``w:sdtPr``. Tags are compared with precomputed Clark names.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from policykit.docx.blocks import (
    DocBlock,
    DocCell,
    DocNote,
    DocParagraph,
    DocTable,
    Run,
    all_paragraphs,
)
from policykit.docx.lists import ListTracker, manual_label, match_manual_bullet
from policykit.docx.numbering import Numbering
from policykit.docx.styles import (
    NO_STYLE,
    RunProps,
    StyleInfo,
    Styles,
    alignment,
    left_indent,
    read_run_props,
)
from policykit.docx.xml import (
    MC_ALTERNATE_CONTENT,
    R_ID,
    W_ALT_CHUNK,
    W_BDO,
    W_BR,
    W_CHAR,
    W_COMMENT_RANGE_END,
    W_COMMENT_RANGE_START,
    W_COMMENT_REFERENCE,
    W_CR,
    W_CUSTOM_XML,
    W_DEL,
    W_DIR,
    W_DRAWING,
    W_DROP_CAP,
    W_ENDNOTE_REFERENCE,
    W_FLD_CHAR,
    W_FLD_CHAR_TYPE,
    W_FLD_SIMPLE,
    W_FOOTER_REFERENCE,
    W_FOOTNOTE_REFERENCE,
    W_FRAME_PR,
    W_HEADER_REFERENCE,
    W_HYPERLINK,
    W_ID,
    W_ILVL,
    W_IND,
    W_INS,
    W_INSTR,
    W_INSTR_TEXT,
    W_JC,
    W_MOVE_FROM,
    W_MOVE_TO,
    W_NO_BREAK_HYPHEN,
    W_NUM_ID,
    W_NUM_PR,
    W_OBJECT,
    W_OUTLINE_LVL,
    W_P,
    W_PICT,
    W_PPR,
    W_PSTYLE,
    W_PTAB,
    W_R,
    W_RPR,
    W_RSTYLE,
    W_SDT,
    W_SDT_CONTENT,
    W_SECT_PR,
    W_SMART_TAG,
    W_SPEC_VANISH,
    W_SYM,
    W_T,
    W_TAB,
    W_TBL,
    W_TC,
    W_TR,
    W_TXBX_CONTENT,
    W_TYPE,
    W_VAL,
    W_VANISH,
    Element,
    first_child,
    int_attr,
    on_off,
    qualified_name,
    selected_branch,
)
from policykit.errors import DocumentTooLarge
from policykit.messages import Message, note, unread

# Characters of text one part may yield (about 7,000 pages). Beyond it the structure
# recognition that follows costs seconds and hundreds of MB per 10 million characters.
MAX_TEXT_CHARS = 20_000_000


def within_text_limit(chars: int) -> None:
    """Raise DocumentTooLarge once a document's text passes :data:`MAX_TEXT_CHARS`."""
    if chars > MAX_TEXT_CHARS:
        raise DocumentTooLarge(
            f"the document holds more than {MAX_TEXT_CHARS:,} characters of text; it is "
            "too large to check (split it into smaller documents)"
        )


DATE_FIELDS = frozenset({"DATE", "SAVEDATE", "PRINTDATE", "TIME", "CREATEDATE", "EDITTIME"})

# Inline elements whose children are read as if they stood in the paragraph.
_INLINE_WRAPPERS = frozenset(
    {W_HYPERLINK, W_SMART_TAG, W_CUSTOM_XML, W_INS, W_MOVE_TO, W_DIR, W_BDO}
)
# Block-level wrappers read through (w:sdt is handled apart: only its w:sdtContent).
_BLOCK_WRAPPERS = frozenset({W_CUSTOM_XML, W_INS, W_MOVE_TO})
_EMBEDS = frozenset({W_DRAWING, W_PICT, W_OBJECT})
_LINE_BREAKS = frozenset({None, "textWrapping"})
_MARK_GONE = frozenset({W_DEL, W_MOVE_FROM})
_DROP_CAPS = frozenset({"drop", "margin"})
_OFF = frozenset({"0", "false", "off"})
# Hidden text. (w:webHidden hides text in Web Layout only: printed and shown, so read.)
_VANISH = frozenset({W_VANISH, W_SPEC_VANISH})

FormatKey = tuple[bool, bool, bool, bool]

# A note reference's kind by its tag, and a note as the walk attaches it: the note and the
# characters of w:t text read from it (for the self-check).
NOTE_REFERENCES = {W_FOOTNOTE_REFERENCE: "footnote", W_ENDNOTE_REFERENCE: "endnote"}
NoteKey = tuple[str, str]  # ("footnote" | "endnote", w:id)

_W = W_P[: -len("p")]
# Elements known to hold no text of their own, or skipped on purpose (deleted text),
# where the walk meets them: anything else met there is counted by name and reported.
_MARKERS = [
    "proofErr",
    "permStart",
    "permEnd",
    "bookmarkStart",
    "bookmarkEnd",
    "commentRangeStart",
    "commentRangeEnd",
    "moveFromRangeStart",
    "moveFromRangeEnd",
    "moveToRangeStart",
    "moveToRangeEnd",
    "customXmlInsRangeStart",
    "customXmlInsRangeEnd",
    "customXmlDelRangeStart",
    "customXmlDelRangeEnd",
    "customXmlMoveFromRangeStart",
    "customXmlMoveFromRangeEnd",
    "customXmlMoveToRangeStart",
    "customXmlMoveToRangeEnd",
    "del",
    "moveFrom",
]
_KNOWN_BLOCK = frozenset(_W + t for t in [*_MARKERS, "tcPr", "sdtPr", "sdtEndPr"])
_KNOWN_INLINE = frozenset(_W + t for t in [*_MARKERS, "pPr", "sdtPr", "sdtEndPr"])
_KNOWN_RUN = frozenset(
    _W + t
    for t in [
        "delText",
        "delInstrText",
        "softHyphen",
        "dayShort",
        "monthShort",
        "yearShort",
        "dayLong",
        "monthLong",
        "yearLong",
        "annotationRef",
        "footnoteRef",
        "endnoteRef",
        "separator",
        "continuationSeparator",
        "pgNum",
        "footnoteReference",
        "endnoteReference",
        "commentReference",
        "lastRenderedPageBreak",
    ]
)


def is_date_instruction(instruction: str) -> bool:
    """``" SAVEDATE \\@ "d MMMM yyyy" "`` -> True."""
    words = instruction.split(None, 1)
    return bool(words) and words[0].upper() in DATE_FIELDS


@dataclass(slots=True)
class _Field:
    instruction: str = ""
    in_result: bool = False
    is_date: bool = False


@dataclass(slots=True)
class _PProps:
    """What a paragraph's own w:pPr says (None: not set there)."""

    style: StyleInfo = NO_STYLE
    style_id: str | None = None
    num_id: str | None = None
    ilvl: int | None = None
    ind_left: int | None = None
    alignment: str | None = None
    outline: int | None = None
    mark_deleted: bool = False
    drop_cap: bool = False  # a framed drop cap: its letter runs on into the next paragraph


class _Para:
    """A paragraph being read: merged pieces of text with one format each."""

    __slots__ = (
        "comments",
        "date_current",
        "date_texts",
        "keys",
        "max_size",
        "notes",
        "style",
        "textboxes",
        "texts",
    )

    def __init__(self, style: StyleInfo) -> None:
        self.style = style
        # Merged pieces of text, each kept as a list of fragments joined once at the end
        # (adding to a string per run is quadratic: 400,000 runs took 20 s) ...
        self.texts: list[list[str]] = []
        self.keys: list[FormatKey] = []  # ... and the format of each
        self.textboxes: list[Element] = []
        self.date_texts: list[str] = []
        self.date_current: list[str] = []
        self.max_size: float | None = None
        self.comments: list[str] | None = None  # ids of comments anchored here (when asked)
        self.notes: list[DocNote] | None = None  # footnotes and endnotes cited here

    def note_size(self, size: float) -> None:
        if self.max_size is None or size > self.max_size:
            self.max_size = size

    def flush_date(self) -> None:
        text = "".join(self.date_current).strip()
        if text:
            self.date_texts.append(text)
        self.date_current = []


class BodyWalker:
    """Walks one part. ``counting`` parts (the main document) number their paragraphs.

    ``anchor_comments`` (counting parts only): keep the paragraphs each comment is
    anchored on (:attr:`comment_paragraphs`, by comment id; suppressions read them).
    ``record`` (counting parts only): that too, and, for each paragraph index, the
    ``w:p`` element(s) it was read from (:attr:`elements`; several when a deleted
    paragraph mark joined them), for the code that edits documents.
    """

    def __init__(
        self,
        styles: Styles,
        numbering: Numbering,
        *,
        counting: bool,
        record: bool = False,
        anchor_comments: bool = False,
        notes: Mapping[NoteKey, tuple[DocNote, int]] | None = None,
        alt_chunk: Callable[[str | None], list[DocBlock] | None] | None = None,
    ) -> None:
        self.styles = styles
        self._styles_hide = styles.hide_text  # (asked for every run: kept here)
        # The document's footnotes and endnotes by kind and id, each with the characters
        # read from it: a paragraph citing one carries it (and the self-check counts it).
        self.notes = notes or {}
        # w:altChunk r:id -> the blocks of the part it names, or None when not read.
        self.read_alt_chunk = alt_chunk
        self.numbering = numbering
        self.counting = counting
        self.record = record and counting
        self.anchor = (record or anchor_comments) and counting  # comments' paragraphs kept
        self.elements: list[tuple[Element, ...]] = []  # by paragraph index, when recording
        self.comment_paragraphs: dict[str, list[int]] = {}  # comment id -> indices
        self._pending: list[Element] = []  # w:p elements of the paragraph being read
        self._open_comments: dict[str, None] = {}  # comment ranges started, not yet ended
        self.next_index = 0
        self.delivered = 0  # characters appended from w:t nodes
        self.section_refs: list[tuple[str, str]] = []  # ("header" | "footer", r:id)
        self.alt_chunks = 0  # w:altChunk parts not read (no reader for them given)
        # Characters of w:t in runs a style hides (accounted for by the self-check).
        self.hidden_chars = 0
        self._fields: list[_Field] = []
        self._instr_depth = 0  # fields on the stack still in their instruction part
        self._date_depth = 0  # date fields on the stack showing their result
        self._carry: tuple[_Para, _PProps] | None = None  # paragraph whose mark was deleted
        self._formats: dict[tuple[str | None, str | None], RunProps] = {}
        self._plain: dict[str | None, tuple[FormatKey, float | None]] = {}  # runs without rPr
        self._plain_props: _PProps | None = None  # of paragraphs without w:pPr
        self._chars = 0  # characters in the paragraphs made so far
        # Elements the walk does not know, by tag: how many, and the text they held.
        self.unknown: dict[str, list[int]] = {}

    # -- blocks --------------------------------------------------------------------------

    def walk(self, container: Element) -> list[DocBlock]:
        out: list[DocBlock] = []
        self._container(container, out, in_table=False, from_textbox=False)
        return out

    def _container(
        self, container: Element, out: list[DocBlock], *, in_table: bool, from_textbox: bool
    ) -> None:
        """A body, cell or text box: its blocks, then any paragraph left waiting to merge."""
        lists = ListTracker()
        self._blocks(container, out, lists, in_table=in_table, from_textbox=from_textbox)
        self._flush_carry(out, lists, in_table, from_textbox)

    def _blocks(
        self,
        container: Element,
        out: list[DocBlock],
        lists: ListTracker,
        *,
        in_table: bool,
        from_textbox: bool,
    ) -> None:
        for child in container:
            tag = child.tag
            if tag == W_P:
                self._paragraph(child, out, lists, in_table, from_textbox)
            elif tag == W_TBL:
                self._flush_carry(out, lists, in_table, from_textbox)
                lists.reset()
                out.append(self._table(child, from_textbox))
            elif tag == W_SDT:
                content = first_child(child, W_SDT_CONTENT)
                if content is not None:
                    self._blocks(content, out, lists, in_table=in_table, from_textbox=from_textbox)
            elif tag in _BLOCK_WRAPPERS:
                self._blocks(child, out, lists, in_table=in_table, from_textbox=from_textbox)
            elif tag == MC_ALTERNATE_CONTENT:
                branch = selected_branch(child)
                if branch is not None:
                    self._blocks(branch, out, lists, in_table=in_table, from_textbox=from_textbox)
            elif tag == W_SECT_PR:
                self._section(child)
            elif tag == W_ALT_CHUNK:
                self._flush_carry(out, lists, in_table, from_textbox)
                lists.reset()
                self._alt_chunk(child, out, in_table)
            elif self.anchor and tag in (W_COMMENT_RANGE_START, W_COMMENT_RANGE_END):
                self._comment_mark(child, None)
            elif tag not in _KNOWN_BLOCK:
                self._unknown(child)

    def _alt_chunk(self, el: Element, out: list[DocBlock], in_table: bool) -> None:
        """The blocks of an imported part, numbered as body paragraphs, in place."""
        blocks = self.read_alt_chunk(el.get(R_ID)) if self.read_alt_chunk else None
        if blocks is None:
            self.alt_chunks += 1
            return
        for p in all_paragraphs(blocks):
            p.in_table = p.in_table or in_table
            if self.counting:
                p.index = self.next_index
                self.next_index += 1
                if self.record:  # no w:p of the main part holds it
                    self.elements.append(())
            self._chars += len(p.text)
        within_text_limit(self._chars)
        out.extend(blocks)

    def _unknown(self, el: Element) -> None:
        """Count an element the walk does not read, and the text it holds."""
        counts = self.unknown.get(el.tag)
        if counts is None:
            counts = self.unknown[el.tag] = [0, 0]
        counts[0] += 1
        counts[1] += sum(
            len(t.text or "")
            for t in el.iter()
            if isinstance(t.tag, str) and t.tag.endswith("}t") and t is not el
        )

    def unknown_messages(self, part: str) -> list[Message]:
        """One message per kind of element passed over: unread when it held text."""
        out: list[Message] = []
        for tag, (count, chars) in sorted(self.unknown.items()):
            name = qualified_name(tag)
            if chars:
                out.append(
                    unread(
                        "reader.unknown-element",
                        f"{count} {name} element(s) holding {chars} character(s) of text were "
                        "not read (the reader does not know them)",
                        part,
                    )
                )
            else:
                out.append(
                    note(
                        "reader.unknown-element",
                        f"{count} {name} element(s) without text were passed over",
                        part,
                    )
                )
        return out

    def _section(self, sect_pr: Element) -> None:
        for child in sect_pr:
            tag = child.tag
            if tag in (W_HEADER_REFERENCE, W_FOOTER_REFERENCE):
                rel_id = child.get(R_ID)
                if rel_id:
                    kind = "header" if tag == W_HEADER_REFERENCE else "footer"
                    self.section_refs.append((kind, rel_id))

    def _table(self, tbl: Element, from_textbox: bool) -> DocTable:
        table = DocTable()
        for tr in _children(tbl, W_TR):
            row: list[DocCell] = []
            for tc in _children(tr, W_TC):
                cell = DocCell()
                self._container(tc, cell.blocks, in_table=True, from_textbox=from_textbox)
                row.append(cell)
            table.rows.append(row)
        return table

    # -- paragraphs ----------------------------------------------------------------------

    def _properties(self, ppr: Element | None) -> _PProps:
        if ppr is None:  # shared: the props of a paragraph are only read once made
            plain = self._plain_props
            if plain is None:
                plain = self._plain_props = _PProps(self.styles.paragraph(None))
            return plain
        props = _PProps()
        for child in ppr:
            tag = child.tag
            if tag == W_PSTYLE:
                props.style_id = child.get(W_VAL)
            elif tag == W_NUM_PR:
                num_el = first_child(child, W_NUM_ID)
                if num_el is not None:
                    props.num_id = num_el.get(W_VAL)
                props.ilvl = int_attr(first_child(child, W_ILVL), W_VAL)
            elif tag == W_IND:
                props.ind_left = left_indent(child)
            elif tag == W_JC:
                props.alignment = alignment(child)
            elif tag == W_OUTLINE_LVL:
                props.outline = int_attr(child, W_VAL)
            elif tag == W_RPR:
                # A deleted paragraph mark: this paragraph runs on into the next one.
                for mark in child:
                    if mark.tag in _MARK_GONE:
                        props.mark_deleted = True
            elif tag == W_SECT_PR:
                self._section(child)
            elif tag == W_FRAME_PR and child.get(W_DROP_CAP) in _DROP_CAPS:
                props.mark_deleted = props.drop_cap = True
        props.style = self.styles.paragraph(props.style_id)
        return props

    def _paragraph(
        self,
        p: Element,
        out: list[DocBlock],
        lists: ListTracker,
        in_table: bool,
        from_textbox: bool,
    ) -> None:
        # w:pPr comes first in a paragraph.
        ppr = p[0] if len(p) else None
        if ppr is not None and ppr.tag != W_PPR:
            ppr = first_child(p, W_PPR)
        props = self._properties(ppr)
        state = _Para(props.style)
        carry = self._carry
        if carry is not None:
            self._carry = None
            state.texts, state.keys = carry[0].texts, carry[0].keys
            state.textboxes, state.date_texts = carry[0].textboxes, carry[0].date_texts
            if not carry[1].drop_cap:  # a drop cap's large letter says nothing of the rest
                state.max_size = carry[0].max_size
            state.comments = carry[0].comments
            state.notes = carry[0].notes
        if self.record:
            self._pending.append(p)
        self._inline(p, state)
        if state.date_current:
            state.flush_date()
        if props.mark_deleted:
            self._carry = (state, props)
            return
        self._finish(state, props, out, lists, in_table, from_textbox)

    def _flush_carry(
        self, out: list[DocBlock], lists: ListTracker, in_table: bool, from_textbox: bool
    ) -> None:
        if self._carry is not None:
            state, props = self._carry
            self._carry = None
            self._finish(state, props, out, lists, in_table, from_textbox)

    def _finish(
        self,
        state: _Para,
        props: _PProps,
        out: list[DocBlock],
        lists: ListTracker,
        in_table: bool,
        from_textbox: bool,
    ) -> None:
        """Turn a read paragraph into a DocParagraph, then emit its text boxes after it."""
        style = props.style
        index = -1
        if self.counting:
            index = self.next_index
            self.next_index += 1
            if self.anchor:
                self._recorded(index, state)
        pieces = ["".join(fragments) for fragments in state.texts]
        text = "".join(pieces)
        self._chars += len(text)
        if self._chars > MAX_TEXT_CHARS:  # (within_text_limit, asked only when it raises)
            within_text_limit(self._chars)
        runs = [Run(piece, *key) for piece, key in zip(pieces, state.keys, strict=True)]
        para = DocParagraph(
            text=text,
            runs=runs,
            index=index,
            style_id=props.style_id if props.style_id is not None else style.style_id,
            style_name=style.name,
            heading_level=style.heading_level,
            is_title=style.is_title,
            alignment=props.alignment if props.alignment is not None else style.alignment,
            font_size=state.max_size,
            in_table=in_table,
            from_textbox=from_textbox,
            date_field_text=state.date_texts,
            notes=state.notes or [],
        )
        outline = props.outline
        if outline is not None and 0 <= outline < 9:
            para.heading_level = outline + 1
            para.is_title = False
        self._list(para, style, lists, props.num_id, props.ilvl, props.ind_left)
        out.append(para)

        for txbx in state.textboxes:
            saved = (self._fields, self._instr_depth, self._date_depth)
            self._fields, self._instr_depth, self._date_depth = [], 0, 0
            self._container(txbx, out, in_table=in_table, from_textbox=True)
            self._fields, self._instr_depth, self._date_depth = saved

    def _list(
        self,
        para: DocParagraph,
        info: StyleInfo,
        lists: ListTracker,
        num_id: str | None,
        ilvl: int | None,
        ind_left: int | None,
    ) -> None:
        if num_id is None:
            num_id = info.num_id
        if ilvl is None:
            ilvl = info.ilvl if info.ilvl is not None else 0
        if num_id is not None and num_id != "0":
            item = self.numbering.item(num_id, ilvl)
            if item is not None:
                level_def, para.list_label = item
                if para.heading_level is None and not para.is_title:
                    indent = ind_left
                    if indent is None:
                        indent = level_def.ind_left
                    if indent is None:
                        indent = info.ind_left
                    para.list_level = lists.numbered_level(ilvl, info.list_name_level, indent)
                    para.list_id = num_id
                    para.list_ordered = level_def.ordered
                return
        if para.heading_level is None and not para.is_title:
            bullet = match_manual_bullet(para.text)
            if bullet is not None:
                base = ind_left if ind_left is not None else (info.ind_left or 0)
                para.list_level = lists.manual_level(base + bullet.depth, bullet.bullet)
                para.list_id = "manual"
                para.list_label = manual_label(bullet.bullet)
                strip_prefix(para, bullet.prefix_len)
                return
        if para.text.strip():
            lists.reset()

    # -- what the editing code asks for (record=True) ----------------------------------

    def _comment_mark(self, el: Element, state: _Para | None) -> None:
        """A comment range's start or end, or a comment reference, met in the walk."""
        comment_id = el.get(W_ID)
        if comment_id is None:
            return
        if el.tag == W_COMMENT_RANGE_START:
            self._open_comments[comment_id] = None
        elif el.tag == W_COMMENT_RANGE_END:
            self._open_comments.pop(comment_id, None)
        if state is not None:  # in a paragraph: anchored there whatever the mark
            if state.comments is None:
                state.comments = []
            state.comments.append(comment_id)

    def _recorded(self, index: int, state: _Para) -> None:
        """Keep the comments anchored on paragraph ``index`` (and its elements, recording)."""
        if self.record:
            self.elements.append(tuple(self._pending))
            self._pending = []
        if not state.comments and not self._open_comments:
            return
        anchored = dict.fromkeys([*(state.comments or ()), *self._open_comments])
        for comment_id in anchored:
            self.comment_paragraphs.setdefault(comment_id, []).append(index)

    # -- inline content ------------------------------------------------------------------

    def _inline(self, container: Element, state: _Para) -> None:
        for child in container:
            tag = child.tag
            if tag == W_R:
                self._run(child, state)
            elif tag in _INLINE_WRAPPERS:
                self._inline(child, state)
            elif tag == W_SDT:
                content = first_child(child, W_SDT_CONTENT)
                if content is not None:
                    self._inline(content, state)
            elif tag == W_FLD_SIMPLE:
                is_date = is_date_instruction(child.get(W_INSTR) or "")
                if is_date:
                    self._date_depth += 1
                self._inline(child, state)
                if is_date:
                    self._date_depth -= 1
                    if not self._date_depth:
                        state.flush_date()
            elif tag == MC_ALTERNATE_CONTENT:
                branch = selected_branch(child)
                if branch is not None:
                    self._inline(branch, state)
            elif tag == W_P:
                # Not valid here, but some producers nest paragraphs: keep their text.
                self._inline(child, state)
            elif self.anchor and tag in (W_COMMENT_RANGE_START, W_COMMENT_RANGE_END):
                self._comment_mark(child, state)
            elif tag == W_T:
                # Not valid outside a run either; keep the text, formatted as the paragraph.
                text = child.text
                if text and not self._instr_depth:
                    self.delivered += len(text)
                    key, size = self._format(state, None)
                    self._emit(state, text, key)
                    if size is not None and text.strip():
                        state.note_size(size)
            elif tag not in _KNOWN_INLINE:
                self._unknown(child)

    def _run(self, r: Element, state: _Para) -> None:
        # w:rPr comes first in a run (the schema says so, and producers keep to it).
        rpr = r[0] if len(r) else None
        if rpr is not None and rpr.tag != W_RPR:
            rpr = first_child(r, W_RPR)
        # The run's own formatting, read once (its format, and whether it sets w:vanish).
        direct = read_run_props(rpr) if rpr is not None and len(rpr) else None
        if direct is not None and direct.hidden is not None and is_hidden_run(r, rpr):
            return  # hidden text (w:vanish) is not shown: never content, never a date
        if (
            self._styles_hide
            and self._hidden_by_style(state.style, rpr)
            and first_child(r, W_FLD_CHAR) is None  # (fields stay balanced)
        ):
            if not self._instr_depth:
                for child in r:
                    if child.tag == W_T:
                        self.hidden_chars += len(child.text or "")
                    elif child.tag in NOTE_REFERENCES:  # the note is hidden with its mark
                        key = (NOTE_REFERENCES[child.tag], child.get(W_ID) or "")
                        self.hidden_chars += self.notes.get(key, (None, 0))[1]
            return
        self._run_content(r, state, rpr, direct)

    def _hidden_by_style(self, style: StyleInfo, rpr: Element | None) -> bool:
        """The run is hidden by its character style or its paragraph's style chain.

        A w:vanish set off in the run's own properties shows it all the same.
        """
        char_style = None
        if rpr is not None:
            for child in rpr:
                tag = child.tag
                if tag in _VANISH:
                    return on_off(child)
                if tag == W_RSTYLE:
                    char_style = child.get(W_VAL)
        return bool(self._base(style, char_style).hidden)

    def _run_content(
        self,
        container: Element,
        state: _Para,
        rpr: Element | None,
        direct: RunProps | None = None,
    ) -> None:
        """A run's content; ``direct``: its w:rPr's formatting when already read."""
        key: FormatKey | None = None
        size: float | None = None
        for child in container:
            tag = child.tag
            if tag == W_T:
                if self._instr_depth:
                    continue
                text = child.text
                if text:
                    self.delivered += len(text)
                    if key is None:
                        key, size = self._format(state, rpr, direct)
                    self._emit(state, text, key)
                    if size is not None and text.strip():
                        state.note_size(size)
                continue
            if tag == W_RPR:
                continue
            if tag == W_FLD_CHAR:
                self._field_char(child, state)
                continue
            if tag == W_INSTR_TEXT:
                if self._fields and not self._fields[-1].in_result:
                    self._fields[-1].instruction += child.text or ""
                continue
            if tag == MC_ALTERNATE_CONTENT:
                branch = selected_branch(child)
                if branch is not None:
                    self._run_content(branch, state, rpr, direct)
                continue
            if tag == W_P:
                # Not valid in a run, but seen: keep the nested paragraph's text here.
                self._inline(child, state)
                continue
            if self._instr_depth:
                continue
            if tag in (W_TAB, W_PTAB):
                text = "\t"
            elif tag == W_BR:
                if child.get(W_TYPE) not in _LINE_BREAKS:
                    continue
                text = "\n"
            elif tag == W_CR:
                text = "\n"
            elif tag == W_NO_BREAK_HYPHEN:
                text = "-"
            elif tag == W_SYM:
                text = _symbol(child.get(W_CHAR))
                if not text:
                    continue
            elif tag in _EMBEDS:
                _find_textboxes(child, state.textboxes)
                continue
            else:
                if tag in NOTE_REFERENCES:
                    self._note_reference(child, state)
                elif self.anchor and tag == W_COMMENT_REFERENCE:
                    self._comment_mark(child, state)
                elif tag not in _KNOWN_RUN:
                    self._unknown(child)
                continue
            if key is None:
                key, size = self._format(state, rpr, direct)
            self._emit(state, text, key)
            if size is not None and text.strip():
                state.note_size(size)

    def _note_reference(self, el: Element, state: _Para) -> None:
        """A footnote or endnote reference: the paragraph carries the note it cites."""
        found = self.notes.get((NOTE_REFERENCES[el.tag], el.get(W_ID) or ""))
        if found is None:
            return
        note, chars = found
        self.delivered += chars
        if state.notes is None:
            state.notes = []
        state.notes.append(note)

    def _format(
        self, state: _Para, rpr: Element | None, direct: RunProps | None = None
    ) -> tuple[FormatKey, float | None]:
        """The effective (bold, italic, underline, caps) of a run, and its size in points.

        ``direct``: what ``rpr`` sets, when the caller has read it already.
        """
        style = state.style
        if rpr is None or not len(rpr):
            plain = self._plain.get(style.style_id)
            if plain is None:
                plain = self._plain[style.style_id] = _format_key(self._base(style, None))
            return plain
        if direct is None:
            direct = read_run_props(rpr)
        char_style = None
        found = first_child(rpr, W_RSTYLE)
        if found is not None:
            char_style = found.get(W_VAL)
        return _format_key(direct.over(self._base(style, char_style)))

    def _base(self, style: StyleInfo, char_style: str | None) -> RunProps:
        """A paragraph style's run formatting with a character style laid over it."""
        cache_key = (style.style_id, char_style)
        base = self._formats.get(cache_key)
        if base is None:
            base = self.styles.character(char_style).over(style.run)
            self._formats[cache_key] = base
        return base

    def _emit(self, state: _Para, text: str, key: FormatKey) -> None:
        keys = state.keys
        if keys and keys[-1] == key:
            state.texts[-1].append(text)
        else:
            state.texts.append([text])
            keys.append(key)
        if self._date_depth:
            state.date_current.append(text)

    def _field_char(self, el: Element, state: _Para) -> None:
        kind = el.get(W_FLD_CHAR_TYPE)
        fields = self._fields
        if kind == "begin":
            fields.append(_Field())
            self._instr_depth += 1
        elif kind == "separate":
            if fields and not fields[-1].in_result:
                field = fields[-1]
                field.in_result = True
                self._instr_depth -= 1
                if is_date_instruction(field.instruction):
                    field.is_date = True
                    self._date_depth += 1
        elif kind == "end" and fields:
            field = fields.pop()
            if not field.in_result:
                self._instr_depth -= 1
            elif field.is_date:
                self._date_depth -= 1
                if not self._date_depth:
                    state.flush_date()


def is_hidden_run(r: Element, rpr: Element) -> bool:
    """The run's own w:rPr hides it (w:vanish), and it holds no field character.

    A hidden run holding a field's begin, separate or end is read all the same, so
    fields stay balanced (the self-check's count does the same).
    """
    for vanish in rpr:
        if vanish.tag in _VANISH and vanish.get(W_VAL) not in _OFF:
            return first_child(r, W_FLD_CHAR) is None
    return False


def _format_key(run: RunProps) -> tuple[FormatKey, float | None]:
    key = (
        bool(run.bold),
        bool(run.italic),
        bool(run.underline),
        bool(run.caps) or bool(run.small_caps),
    )
    return key, run.size


def _children(parent: Element, wanted: str) -> list[Element]:
    """Children of ``parent`` with tag ``wanted``, looking through sdt, customXml, ins, mc."""
    out: list[Element] = []
    for child in parent:
        tag = child.tag
        if tag == wanted:
            out.append(child)
        elif tag == W_SDT:
            content = first_child(child, W_SDT_CONTENT)
            if content is not None:
                out.extend(_children(content, wanted))
        elif tag in _BLOCK_WRAPPERS:
            out.extend(_children(child, wanted))
        elif tag == MC_ALTERNATE_CONTENT:
            branch = selected_branch(child)
            if branch is not None:
                out.extend(_children(branch, wanted))
    return out


def _find_textboxes(el: Element, found: list[Element]) -> None:
    """The outermost ``w:txbxContent`` inside a drawing/picture, one mc branch only."""
    for child in el:
        tag = child.tag
        if tag == W_TXBX_CONTENT:
            found.append(child)
        elif tag == MC_ALTERNATE_CONTENT:
            branch = selected_branch(child)
            if branch is not None:
                _find_textboxes(branch, found)
        elif isinstance(tag, str):
            _find_textboxes(child, found)


def _symbol(code: str | None) -> str:
    """``w:sym/@w:char`` (hex) -> the character, or "" when it does not decode."""
    if not code:
        return ""
    try:
        return chr(int(code, 16))
    except (ValueError, OverflowError):
        return ""


def strip_prefix(para: DocParagraph, count: int) -> None:
    """Remove ``count`` characters from the start of the paragraph's text and runs."""
    para.text = para.text[count:]
    runs = para.runs
    while runs and count:
        first = runs[0]
        if len(first.text) <= count:
            count -= len(first.text)
            runs.pop(0)
        else:
            runs[0] = Run(first.text[count:], first.bold, first.italic, first.underline, first.caps)
            count = 0
