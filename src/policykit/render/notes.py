"""Footnotes and endnotes: a block's notes written as Word notes cited where they were.

A paragraph, list item or table that carries notes (:class:`policykit.model.Note`)
gets a reference mark for each, and the notes go to the footnotes or endnotes
part (made when the house template has none; a template's own notes, which
belonged to its dropped body, are removed, its separators kept).
"""

from __future__ import annotations

from collections.abc import Callable

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from lxml import etree

from ..model import Note

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_KINDS = {
    "footnote": (RT.FOOTNOTES, "footnotes", "/word/footnotes.xml"),
    "endnote": (RT.ENDNOTES, "endnotes", "/word/endnotes.xml"),
}
_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.{}+xml"
_SEPARATORS = ("separator", "continuationSeparator", "continuationNotice")


def _superscript() -> etree._Element:
    rpr = OxmlElement("w:rPr")
    align = OxmlElement("w:vertAlign")
    align.set(qn("w:val"), "superscript")
    rpr.append(align)
    return rpr


class NoteWriter:
    """Collects the notes cited while the body is written; :meth:`finish` writes the parts."""

    def __init__(self, document: Document, clean: Callable[[str], str]) -> None:
        self.document = document
        self.clean = clean  # text -> text Word can hold
        self.notes: dict[str, list[tuple[int, str]]] = {"footnote": [], "endnote": []}
        # kind -> (template part, its root)
        self._parts: dict[str, tuple[Part | None, etree._Element | None]] = {}

    def cite(self, paragraph: Paragraph, notes: list[Note]) -> None:
        """Reference marks for ``notes`` at the end of a python-docx paragraph."""
        p: etree._Element = paragraph._p
        for note in notes:
            found = self.notes[note.kind]
            note_id = self._first_id(note.kind) + len(found)
            found.append((note_id, note.text))
            run = OxmlElement("w:r")
            run.append(_superscript())
            reference = OxmlElement(f"w:{note.kind}Reference")
            reference.set(qn("w:id"), str(note_id))
            run.append(reference)
            p.append(run)

    def _template_part(self, kind: str) -> tuple[Part | None, etree._Element | None]:
        """The template's part for ``kind`` and its root element, (None, None) if none."""
        if kind not in self._parts:
            part = next(
                (
                    rel.target_part
                    for rel in self.document.part.rels.values()
                    if rel.reltype == _KINDS[kind][0] and not rel.is_external
                ),
                None,
            )
            root = None
            if part is not None:
                root = getattr(part, "_element", None)
                if root is None:
                    parser = etree.XMLParser(
                        resolve_entities=False, no_network=True, load_dtd=False
                    )
                    root = etree.fromstring(part.blob, parser)
            self._parts[kind] = (part, root)
        return self._parts[kind]

    def _first_id(self, kind: str) -> int:
        """1, or one more than the template separators' largest id."""
        _, root = self._template_part(kind)
        ids = [0]
        if root is not None:
            for el in root:
                if el.get(qn("w:type")) in _SEPARATORS:
                    try:
                        ids.append(int(el.get(qn("w:id")) or 0))
                    except ValueError:
                        continue
        return max(ids) + 1

    def finish(self) -> None:
        """Write each kind's notes into its part (kept from the template, or new)."""
        for kind, notes in self.notes.items():
            if notes:
                self._write(kind, notes)

    def _write(self, kind: str, notes: list[tuple[int, str]]) -> None:
        rel_type, root_name, part_name = _KINDS[kind]
        main = self.document.part
        part, root = self._template_part(kind)
        if root is None:
            root = etree.Element(f"{{{W_NS}}}{root_name}", nsmap={"w": W_NS})
            for note_id, separator in ((-1, "separator"), (0, "continuationSeparator")):
                el = etree.SubElement(root, f"{{{W_NS}}}{kind}")
                el.set(qn("w:type"), separator)
                el.set(qn("w:id"), str(note_id))
                run = etree.SubElement(etree.SubElement(el, qn("w:p")), qn("w:r"))
                etree.SubElement(run, qn(f"w:{separator}"))
        for el in list(root):
            if el.tag == qn(f"w:{kind}") and el.get(qn("w:type")) not in _SEPARATORS:
                root.remove(el)  # the template's own notes: its body is not kept
        for note_id, text in notes:
            root.append(self._note(kind, note_id, text))
        blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        if part is None:
            made = Part(
                PackURI(part_name),
                _CONTENT_TYPE.format(root_name),
                blob,
                main.package,
            )
            main.relate_to(made, rel_type)
        elif getattr(part, "_element", None) is None:
            part._blob = blob

    def _note(self, kind: str, note_id: int, text: str) -> etree._Element:
        el = etree.Element(qn(f"w:{kind}"))
        el.set(qn("w:id"), str(note_id))
        for i, line in enumerate(text.split("\n") or [""]):
            p = etree.SubElement(el, qn("w:p"))
            if i == 0:
                mark = etree.SubElement(p, qn("w:r"))
                mark.append(_superscript())
                etree.SubElement(mark, qn(f"w:{kind}Ref"))
                line = " " + line
            run = etree.SubElement(p, qn("w:r"))
            t = etree.SubElement(run, qn("w:t"))
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            t.text = self.clean(line)
        return el
