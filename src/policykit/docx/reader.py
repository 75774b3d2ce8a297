"""``read_docx``: a .docx file -> :class:`DocxDocument` (blocks, headers, footers, properties)."""

from __future__ import annotations

import hashlib
import io
import os
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import BinaryIO, Generic, Protocol, TypeVar

from policykit.docx.blocks import (
    DocBlock,
    DocComment,
    DocNote,
    DocParagraph,
    DocxDocument,
    TextStats,
    all_paragraphs,
)
from policykit.docx.body import BodyWalker, NoteKey
from policykit.docx.numbering import NO_NUMBERING, Numbering, NumberingDefinitions
from policykit.docx.package import (
    DEFAULT_LIMITS,
    REL_COMMENTS,
    REL_CORE_PROPERTIES,
    REL_CUSTOM_PROPERTIES,
    REL_ENDNOTES,
    REL_FOOTER,
    REL_FOOTNOTES,
    REL_HEADER,
    REL_NUMBERING,
    REL_STYLES,
    Limits,
    Package,
    Relationship,
    open_package,
)
from policykit.docx.properties import read_company, read_core, read_custom
from policykit.docx.stats import count_source_chars
from policykit.docx.styles import Styles
from policykit.docx.xml import (
    W_AUTHOR,
    W_BODY,
    W_COMMENT,
    W_COMMENTS,
    W_DOCUMENT,
    W_ENDNOTE,
    W_ENDNOTE_REFERENCE,
    W_ENDNOTES,
    W_FOOTNOTE,
    W_FOOTNOTE_REFERENCE,
    W_FOOTNOTES,
    W_FTR,
    W_HDR,
    W_ID,
    W_TYPE,
    Element,
    first_child,
    markup_units,
    normalise_strict,
    parse_xml,
)
from policykit.errors import DocumentError, UnreadableDocument
from policykit.messages import Message, note, unread


def read_docx(
    source: str | os.PathLike[str] | BinaryIO, *, limits: Limits = DEFAULT_LIMITS
) -> DocxDocument:
    """Read a .docx into plain blocks in document order.

    ``source`` is a path or a binary file object (read from its current
    position, never closed). Raises a :class:`policykit.errors.DocumentError`
    subclass (PK001-PK004) naming the file when it cannot be read.
    """
    path: str | None = None
    if isinstance(source, (str, os.PathLike)):
        path = os.fspath(source)
    else:
        name = getattr(source, "name", None)
        path = name if isinstance(name, str) else None
    try:
        with open_package(source, limits) as package:
            return _read(package, 0)
    except DocumentError as exc:
        if path and exc.path is None:
            raise exc.with_path(path) from None
        raise


def _part(package: Package, rel: Relationship | None) -> Element | None:
    if rel is None or rel.external or not package.has(rel.target):
        return None
    return normalise_strict(package.xml(rel.target))


class _Shareable(Protocol):
    def freeze(self) -> object: ...

    def definitions(self) -> int: ...


_S = TypeVar("_S", bound=_Shareable)

# Parts shared between documents made from one template: styles and numbering.
# python-docx's default styles.xml is 349 KB: parsing it cost more than reading the rest
# of the document. A part seen a second time (a large one at once: large parts come
# from templates) is frozen (every definition read, the XML dropped: a few KB instead of
# MBs of tree) and kept, keyed by the SHA-256 of its compressed bytes (so a kept part is
# not even inflated again), else of its bytes. A frozen part answers exactly as a fresh
# one would. Its size, markup and blocks still count against the document's limits.
# What is kept is bounded however hostile the documents: by count, by the XML bytes
# of the parts (the strings kept come from them) and by the definitions held (a
# frozen definition costs a few hundred bytes). python-docx's template (350 KB, 166
# styles) fits 190 times; a part too large for an eighth of a budget is never kept.
KEPT_PARTS = 256  # of each kind
KEPT_BYTES = 64 * 1024 * 1024  # of each kind
KEPT_DEFINITIONS = 100_000  # of each kind
_KEEP_AT_ONCE = 128 * 1024  # bytes of the part
_SEEN_ONCE_SIZE = 1024


class _Kept(Generic[_S]):
    """The parts of one kind kept between documents (thread-safe)."""

    def __init__(self) -> None:
        # key -> (part, bytes, markup units, blocks, definitions)
        self._parts: OrderedDict[bytes, tuple[_S, int, int, int, int]] = OrderedDict()
        self._seen: OrderedDict[bytes, None] = OrderedDict()
        self._lock = threading.Lock()
        self._bytes = 0
        self._definitions = 0

    def get(self, package: Package, name: str, build: Callable[[bytes], tuple[_S, int]]) -> _S:
        """Part ``name``, kept or made by ``build`` (bytes -> part and its blocks counted)."""
        key = package.fingerprint(name)
        if key is not None:
            with self._lock:
                kept = self._parts.get(key)
                if kept is not None:
                    self._parts.move_to_end(key)
            if kept is not None:
                part, size, units, blocks, _ = kept
                package.charge(name, size, units=units)
                package.charge_blocks(blocks)
                return part
        data = package.read(name)
        if key is None:
            key = hashlib.sha256(data).digest()
        with self._lock:
            kept = self._parts.get(key)
            if kept is not None:
                self._parts.move_to_end(key)
            again = key in self._seen or len(data) >= _KEEP_AT_ONCE
            if len(data) > KEPT_BYTES // 8:
                again = False  # never kept: not worth remembering either
            elif kept is None and not again:
                self._seen[key] = None
                if len(self._seen) > _SEEN_ONCE_SIZE:
                    self._seen.popitem(last=False)
        if kept is not None:
            package.charge_blocks(kept[3])
            return kept[0]
        part, blocks = build(data)
        if not again:
            return part
        part.freeze()
        definitions = part.definitions()
        if definitions > KEPT_DEFINITIONS // 8:
            return part
        with self._lock:
            if key in self._parts:  # kept meanwhile by another thread
                return part
            self._parts[key] = (part, len(data), markup_units(data), blocks, definitions)
            self._bytes += len(data)
            self._definitions += definitions
            self._seen.pop(key, None)
            while (
                len(self._parts) > KEPT_PARTS
                or self._bytes > KEPT_BYTES
                or self._definitions > KEPT_DEFINITIONS
            ):
                _, (_, size, _, _, held) = self._parts.popitem(last=False)
                self._bytes -= size
                self._definitions -= held
        return part


_kept_styles: _Kept[Styles] = _Kept()
_kept_numbering: _Kept[NumberingDefinitions] = _Kept()


def _styles(package: Package, rel: Relationship | None) -> Styles:
    if rel is None or rel.external or not package.has(rel.target):
        return Styles(None)
    name = rel.target
    return _kept_styles.get(
        package, name, lambda data: (Styles(normalise_strict(parse_xml(data, name))), 0)
    )


def _numbering(package: Package, rel: Relationship | None) -> NumberingDefinitions:
    if rel is None or rel.external or not package.has(rel.target):
        return NO_NUMBERING
    name = rel.target

    def build(data: bytes) -> tuple[NumberingDefinitions, int]:
        root, blocks = package.parse(name, data)
        return NumberingDefinitions(normalise_strict(root)), blocks

    return _kept_numbering.get(package, name, build)


def _first(rels: list[Relationship], kind: str) -> Relationship | None:
    return next((rel for rel in rels if rel.kind == kind), None)


def read_package(package: Package) -> DocxDocument:
    """The document in an opened .docx package (:func:`read_docx` without the opening)."""
    return _read(package, 0)


def _read(package: Package, depth: int) -> DocxDocument:
    """The document in ``package``; ``depth``: how deep it is embedded (0: the file)."""
    main = package.main_part()
    root = normalise_strict(package.xml(main))
    if root.tag != W_DOCUMENT:
        raise UnreadableDocument(
            f"the main part {main} is not a Word document body (an Excel or PowerPoint file "
            "renamed .docx?); open it in its own program"
        )
    rels = package.rels(main)
    styles = _styles(package, _first(rels, REL_STYLES))
    numbering_rel = _first(rels, REL_NUMBERING)
    numbering = Numbering(lambda: _numbering(package, numbering_rel), styles)

    doc = DocxDocument()
    body = first_child(root, W_BODY)
    comments_rel = _first(rels, REL_COMMENTS)
    notes: dict[NoteKey, tuple[DocNote, int]] = {}
    note_chars: dict[NoteKey, int] = {}
    # The notes parts are read only when the body cites a note: Word writes them (with
    # their separators) into most documents that have none.
    cites = (
        None if body is None else next(body.iter(W_FOOTNOTE_REFERENCE, W_ENDNOTE_REFERENCE), None)
    )
    if cites is not None:
        notes, note_chars = _notes(package, rels, styles, numbering, doc)
    walker = BodyWalker(
        styles,
        numbering,
        counting=True,
        anchor_comments=comments_rel is not None,
        notes=notes,
        alt_chunk=_chunk_reader(package, rels, main, doc.messages, depth),
    )
    if body is not None:
        doc.body = walker.walk(body)
        cited: list[NoteKey] = []
        source = count_source_chars(body, cited)
        source += sum(note_chars.get(key, 0) for key in cited)
        # (text a style hides is not shown: read by no one, lost by no one)
        doc.stats = TextStats(source, walker.delivered + walker.hidden_chars)
        doc.messages.extend(walker.unknown_messages(main))
    else:
        doc.messages.append(
            unread("reader.no-body", f"the main part {main} has no w:body: nothing was read", main)
        )

    comments = _part(package, comments_rel)
    if comments is not None and comments.tag == W_COMMENTS:
        doc.comments = _comments(comments, styles, numbering, walker.comment_paragraphs)

    by_id = {rel.rel_id: rel for rel in rels}
    # A mail-merged document has a header and a footer reference per section (20,000
    # for 10,000 letters): each relationship is looked up once, in order (dict keys).
    chosen: dict[str, Relationship] = {}
    for kind, rel_id in walker.section_refs:
        rel = by_id.get(rel_id)
        if rel is not None and rel.kind == kind:
            chosen.setdefault(rel.rel_id, rel)
    wanted = list(chosen.values())
    if not wanted:
        wanted = [rel for rel in rels if rel.kind in (REL_HEADER, REL_FOOTER)]
    seen: set[str] = set()
    for rel in wanted:
        if rel.target in seen:
            continue
        seen.add(rel.target)
        part = _part(package, rel)
        if part is None:
            doc.messages.append(
                unread(
                    "reader.missing-part",
                    f"the {rel.kind} part {rel.target} is missing from the package: its text "
                    "could not be read",
                    rel.target,
                )
            )
            continue
        if part.tag not in (W_HDR, W_FTR):
            continue
        part_walker = BodyWalker(styles, numbering, counting=False)
        blocks: list[DocBlock] = part_walker.walk(part)
        doc.messages.extend(part_walker.unknown_messages(rel.target))
        (doc.headers if rel.kind == REL_HEADER else doc.footers).append(blocks)

    if doc.stats.lost > 0:
        doc.messages.append(_lost_message(doc.stats.lost, main))

    package_rels = package.rels("")
    core = _part(package, _first(package_rels, REL_CORE_PROPERTIES))
    if core is not None:
        doc.core = read_core(core)
    custom = _part(package, _first(package_rels, REL_CUSTOM_PROPERTIES))
    if custom is not None:
        doc.custom = read_custom(custom)
    app = _part(package, _first(package_rels, "extended-properties"))
    if app is not None:
        company = read_company(app)
        if company:
            doc.core.setdefault("company", company)
    return doc


# Word documents embedded in embedded documents followed (a document holding itself
# would otherwise be read for ever).
MAX_EMBEDDED_DEPTH = 2


def _chunk_reader(
    package: Package,
    rels: list[Relationship],
    main: str,
    messages: list[Message] | None,
    depth: int,
) -> Callable[[str | None], list[DocBlock] | None]:
    """Reads the part a ``w:altChunk`` names: its blocks, or None (and a message saying so)."""
    by_id = {rel.rel_id: rel for rel in rels}

    def say(text: str) -> None:
        if messages is not None:
            messages.append(unread("reader.alt-chunk", text, main))

    def read(rel_id: str | None) -> list[DocBlock] | None:
        rel = by_id.get(rel_id or "")
        if rel is None or rel.external or not package.has(rel.target):
            say(
                f"a w:altChunk (content imported from another format) names a part that is "
                f"not in the package ({rel_id}): it could not be read"
            )
            return None
        # (imported here: a w:altChunk is rare, and reading HTML or MHT takes the email parser)
        from policykit.docx.altchunk import content_kind, read_chunk

        data = package.read(rel.target)
        content_type = package.content_type(rel.target)
        if content_kind(content_type, rel.target) == "docx":
            return embedded(rel.target, data)
        chunk = read_chunk(data, content_type, rel.target)
        if chunk.blocks is None:
            say(
                f"the w:altChunk part {rel.target} (content imported from another format) was "
                f"not read: {chunk.why}; open and re-save the file in Word to merge it into "
                "the document"
            )
            return None
        package.charge_blocks(len(all_paragraphs(chunk.blocks)))
        if messages is not None:
            messages.append(
                note(
                    "reader.alt-chunk-read",
                    f"the w:altChunk part {rel.target} was read as HTML (its layout may differ "
                    "from what Word shows)",
                    rel.target,
                )
            )
        return chunk.blocks

    def embedded(target: str, data: bytes) -> list[DocBlock] | None:
        """An embedded Word document, read as one (within what the limits leave)."""
        if depth >= MAX_EMBEDDED_DEPTH:
            say(
                f"the w:altChunk part {target} is a Word document embedded more than "
                f"{MAX_EMBEDDED_DEPTH} deep; it was not read"
            )
            return None
        try:
            with open_package(io.BytesIO(data), package.remaining()) as inner:
                doc = _read(inner, depth + 1)
                package.absorb(inner)
        except DocumentError as exc:
            say(f"the w:altChunk part {target} (an embedded Word document) was not read: {exc}")
            return None
        if messages is not None:
            messages.append(
                note(
                    "reader.alt-chunk-read",
                    f"the w:altChunk part {target} was read as an embedded Word document",
                    target,
                )
            )
            for message in doc.messages:
                where = f"{target}: {message.location}" if message.location else target
                messages.append(message.model_copy(update={"location": where, "paragraph": None}))
        return doc.body

    return read


# Notes that are not content: the rule above the notes and its continuation.
_NOTE_SEPARATORS = frozenset({"separator", "continuationSeparator", "continuationNotice"})


def _notes(
    package: Package,
    rels: list[Relationship],
    styles: Styles,
    numbering: Numbering,
    doc: DocxDocument,
) -> tuple[dict[NoteKey, tuple[DocNote, int]], dict[NoteKey, int]]:
    """The footnotes and endnotes by (kind, id): each note with the characters read from
    it, and the characters its part holds (the self-check's source side, counted apart).
    """
    notes: dict[NoteKey, tuple[DocNote, int]] = {}
    source: dict[NoteKey, int] = {}
    for rel_kind, root_tag, note_tag, kind in (
        (REL_FOOTNOTES, W_FOOTNOTES, W_FOOTNOTE, "footnote"),
        (REL_ENDNOTES, W_ENDNOTES, W_ENDNOTE, "endnote"),
    ):
        rel = _first(rels, rel_kind)
        part = _part(package, rel)
        if part is None or part.tag != root_tag:
            continue
        for el in part:
            if el.tag != note_tag or el.get(W_TYPE) in _NOTE_SEPARATORS:
                continue
            key = (kind, el.get(W_ID) or "")
            if key in notes:
                continue
            walker = BodyWalker(styles, numbering, counting=False)
            text = "\n".join(
                line for p in all_paragraphs(walker.walk(el)) if (line := p.text.strip())
            )
            notes[key] = (DocNote(kind, key[1], text), walker.delivered + walker.hidden_chars)
            source[key] = count_source_chars(el)
            doc.messages.extend(walker.unknown_messages(rel.target if rel else ""))
    return notes, source


def _comments(
    part: Element, styles: Styles, numbering: Numbering, anchors: dict[str, list[int]]
) -> list[DocComment]:
    """The comments part's comments, each with the body paragraphs it is anchored on."""
    out: list[DocComment] = []
    for el in part:
        if el.tag != W_COMMENT:
            continue
        comment_id = el.get(W_ID) or ""
        blocks = BodyWalker(styles, numbering, counting=False).walk(el)
        text = "\n".join(b.text for b in blocks if isinstance(b, DocParagraph))
        paragraphs = tuple(anchors.get(comment_id, ()))
        out.append(DocComment(comment_id, text, el.get(W_AUTHOR), paragraphs))
    return out


def paragraph_elements(package: Package, root: Element) -> list[tuple[Element, ...]]:
    """The ``w:p`` element(s) of each body paragraph, by the index :func:`read_docx` gives it.

    ``root`` is the main part's ``w:document`` as parsed from ``package`` (a tree
    the caller may then edit). The walk is the reader's own, so a finding's
    ``paragraph`` maps back to the element it was read from. Several elements
    make one paragraph where a deleted paragraph mark joined them.
    """
    rels = package.rels(package.main_part())
    styles = _styles(package, _first(rels, REL_STYLES))
    numbering_rel = _first(rels, REL_NUMBERING)
    numbering = Numbering(lambda: _numbering(package, numbering_rel), styles)
    walker = BodyWalker(
        styles,
        numbering,
        counting=True,
        record=True,
        alt_chunk=_chunk_reader(package, rels, package.main_part(), None, 0),
    )
    body = first_child(root, W_BODY)
    if body is not None:
        walker.walk(body)
    return walker.elements


def _lost_message(lost: int, part: str) -> Message:
    """The self-check failed: text in the part that reached no block."""
    return unread(
        "reader.lost-text",
        f"{lost} character(s) of text in {part} reached no paragraph (a layout the reader "
        "does not know); check the document by hand and report it",
        part,
    )
