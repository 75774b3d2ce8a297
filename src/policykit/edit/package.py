"""A .docx opened for editing: every part kept as it was, a few parts changed, written again.

:class:`EditablePackage` reads the package through the reader's own
:func:`~policykit.docx.package.open_package` (so the same safety limits apply:
entries, sizes, compression ratio, markup), keeps each member's bytes, parses
the parts asked for with the reader's safe parser (entities never resolved,
no DTD, nothing fetched), and writes a new package in which every part that
was not changed is the same bytes in the same order with the same zip
metadata. Only parts changed through :meth:`EditablePackage.xml` are
serialised again.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from typing import Final

from lxml import etree

from ..docx.package import DEFAULT_LIMITS, Limits, Relationship, open_package
from ..docx.reader import paragraph_elements
from ..docx.xml import CT_NS, PKG_REL_NS, W_DOCUMENT, W_STRICT_NS, Element, parse_xml
from ..errors import DocumentError

__all__ = ["EditError", "EditablePackage"]

_CONTENT_TYPES: Final = "[Content_Types].xml"


class EditError(Exception):
    """A document that cannot be edited cleanly; the message says why (nothing was written)."""


@dataclass(slots=True)
class _Member:
    info: zipfile.ZipInfo
    data: bytes


@dataclass(slots=True)
class EditablePackage:
    """A Word package held in memory for editing (see the module's docstring)."""

    members: list[_Member]
    main: str
    rels: dict[str, list[Relationship]] = field(default_factory=dict)
    _trees: dict[str, Element] = field(default_factory=dict)
    _changed: set[str] = field(default_factory=set)
    _by_name: dict[str, _Member] = field(default_factory=dict)
    _paragraphs: list[tuple[Element, ...]] | None = None

    @classmethod
    def load(cls, data: bytes, limits: Limits = DEFAULT_LIMITS) -> EditablePackage:
        """Open the bytes of a .docx (DocumentError when it cannot be read)."""
        with open_package(io.BytesIO(data), limits) as package:
            main = package.main_part()
            members = [_Member(info, package.read(info.filename)) for info in package.members()]
            made = cls(members, main)
            made._by_name = {m.info.filename.lstrip("/").lower(): m for m in members}
            made.rels = {"": package.rels(""), main: package.rels(main)}
            root = made.xml(main)
            if root.tag != W_DOCUMENT:
                strict = root.tag.startswith("{" + W_STRICT_NS)
                raise EditError(
                    "the document is saved in the ISO 29500 strict format, which policykit "
                    "does not edit; save it in Word as a Word Document (.docx) first"
                    if strict
                    else f"the main part {main} is not a Word document body"
                )
            made._paragraphs = paragraph_elements(package, root)
        return made

    # -- parts --------------------------------------------------------------------------

    def has(self, name: str) -> bool:
        """True when the package holds part ``name``."""
        return name.lstrip("/").lower() in self._by_name

    def _member(self, name: str) -> _Member:
        member = self._by_name.get(name.lstrip("/").lower())
        if member is None:
            raise EditError(f"the package has no part {name}")
        return member

    def read(self, name: str) -> bytes:
        """The bytes of part ``name`` as they are now."""
        member = self._member(name)
        key = member.info.filename
        if key in self._changed:
            return _serialise(self._trees[key], member.data)
        return member.data

    def xml(self, name: str, change: bool = False) -> Element:
        """Part ``name`` parsed (once). ``change``: the caller edits it (it is written again)."""
        member = self._member(name)
        key = member.info.filename
        tree = self._trees.get(key)
        if tree is None:
            try:
                tree = parse_xml(member.data, name)
            except DocumentError as exc:
                raise EditError(exc.message) from None
            self._trees[key] = tree
        if change:
            self._changed.add(key)
        return tree

    def add_part(self, name: str, root: Element, content_type: str) -> None:
        """A new XML part ``name`` with its content type (an Override)."""
        info = zipfile.ZipInfo(name, date_time=self.members[0].info.date_time)
        info.compress_type = zipfile.ZIP_DEFLATED
        member = _Member(info, b"")
        self.members.append(member)
        self._by_name[name.lower()] = member
        self._trees[name] = root
        self._changed.add(name)
        types = self.xml(_CONTENT_TYPES, change=True)
        override = etree.SubElement(types, f"{{{CT_NS}}}Override")
        override.set("PartName", "/" + name)
        override.set("ContentType", content_type)

    def add_relationship(self, source: str, kind_uri: str, target: str) -> str:
        """A relationship from part ``source`` to part ``target``; its new id."""
        directory, base = posixpath.split(source)
        rels_name = posixpath.join(directory, "_rels", base + ".rels")
        if not self.has(rels_name):
            root = etree.Element(f"{{{PKG_REL_NS}}}Relationships", nsmap={None: PKG_REL_NS})
            self.add_part(
                rels_name, root, "application/vnd.openxmlformats-package.relationships+xml"
            )
        root = self.xml(rels_name, change=True)
        taken = {el.get("Id") for el in root}
        number = len(taken) + 1
        while f"rId{number}" in taken:
            number += 1
        rel_id = f"rId{number}"
        el = etree.SubElement(root, f"{{{PKG_REL_NS}}}Relationship")
        el.set("Id", rel_id)
        el.set("Type", kind_uri)
        el.set("Target", posixpath.relpath(target, directory or "."))
        return rel_id

    def relationship(self, source: str, kind: str) -> Relationship | None:
        """The first relationship of ``kind`` (e.g. ``comments``) from part ``source``."""
        return next((rel for rel in self.rels.get(source, []) if rel.kind == kind), None)

    @property
    def paragraphs(self) -> list[tuple[Element, ...]]:
        """The ``w:p`` element(s) of each body paragraph, by the reader's paragraph index."""
        assert self._paragraphs is not None
        return self._paragraphs

    def to_bytes(self) -> bytes:
        """The package: unchanged parts as they were, changed ones serialised, same order."""
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as zf:
            for member in self.members:
                name = member.info.filename
                data = member.data
                if name in self._changed:
                    data = _serialise(self._trees[name], member.data)
                info = _copy_info(member.info)
                zf.writestr(info, data, compress_type=info.compress_type)
        return out.getvalue()


def _copy_info(info: zipfile.ZipInfo) -> zipfile.ZipInfo:
    copy = zipfile.ZipInfo(info.filename, date_time=info.date_time)
    copy.compress_type = (
        info.compress_type
        if info.compress_type in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
        else zipfile.ZIP_DEFLATED
    )
    copy.external_attr = info.external_attr
    copy.create_system = info.create_system
    copy.comment = info.comment
    return copy


def _serialise(root: Element, original: bytes) -> bytes:
    """A changed part as XML bytes, with the declaration the original had."""
    declaration = (
        re.match(rb"<\?xml[^>]*\?>", original.lstrip(b"\xef\xbb\xbf")) if original else None
    )
    standalone: bool | None = True
    if declaration is not None:
        found = re.search(rb"standalone\s*=\s*[\"'](yes|no)", declaration.group(0))
        standalone = None if found is None else found.group(1) == b"yes"
    data: bytes = etree.tostring(
        root, xml_declaration=True, encoding="UTF-8", standalone=standalone
    )
    return data
