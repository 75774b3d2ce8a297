"""House style: a reference document whose styles, page setup, headers, footers and
logo are kept, and whose body is dropped (as pandoc's ``--reference-doc``).

Without one, python-docx's default template is used, set up for a UK school:
A4 paper, 2.54 cm margins, British English proofing.
"""

from __future__ import annotations

import os
import zipfile

from docx import Document
from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.shared import Length, Twips

from .errors import RenderError

# Relationships of the main part kept whatever the body refers to.
_KEEP = frozenset(
    {
        RT.STYLES,
        RT.NUMBERING,
        RT.SETTINGS,
        RT.WEB_SETTINGS,
        RT.FONT_TABLE,
        RT.THEME,
        RT.FOOTNOTES,
        RT.ENDNOTES,
        RT.CUSTOM_XML,
        RT.GLOSSARY_DOCUMENT,
        "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",
    }
)
_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
_REL_ATTRS = (qn("r:id"), qn("r:embed"), qn("r:link"), qn("r:pict"))

A4_WIDTH, A4_HEIGHT = 11906, 16838  # twips
MARGIN = 1440  # 2.54 cm


def open_house_style(template: str | os.PathLike[str] | None) -> DocxDocument:
    """A python-docx Document holding the house style with an empty body."""
    if template is None:
        document = Document()
        _uk_defaults(document)
    else:
        path = os.fspath(template)
        if not os.path.isfile(path):
            raise RenderError(f"{path}: no such house-style document")
        try:
            document = Document(path)
        except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
            raise RenderError(f"{path}: not a Word .docx house-style document ({exc})") from exc
    _drop_body(document)
    _drop_thumbnail(document)
    return document


def _drop_body(document: DocxDocument) -> None:
    """Remove every block but the final section properties; drop parts only the body used."""
    body = document.element.body
    final = body.find(qn("w:sectPr"))
    for child in list(body):
        if child is not final:
            body.remove(child)
    if final is None:
        body.append(body.makeelement(qn("w:sectPr"), {}))
    used = {
        value
        for element in document.element.iter()
        for attr in _REL_ATTRS
        if (value := element.get(attr)) is not None
    }
    part = document.part
    for rel_id, rel in list(part.rels.items()):
        if rel.reltype in _KEEP or rel_id in used:
            continue
        del part.rels[rel_id]


def _drop_thumbnail(document: DocxDocument) -> None:
    """The template's preview picture would show the template, not the policy."""
    rels = document.part.package.rels
    for rel_id, rel in list(rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del rels[rel_id]


def _uk_defaults(document: DocxDocument) -> None:
    for rel_id, rel in list(document.part.rels.items()):
        if rel.reltype == _STYLES_WITH_EFFECTS:  # a Word 2010 copy of styles.xml, 430 KB
            del document.part.rels[rel_id]
    section = document.sections[0]
    section.page_width, section.page_height = Twips(A4_WIDTH), Twips(A4_HEIGHT)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Twips(MARGIN))
    section.header_distance = section.footer_distance = Twips(708)
    defaults = document.styles.element.find(qn("w:docDefaults"))
    lang = (
        defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
        if (defaults is not None)
        else None
    )
    if lang is not None:
        lang.set(qn("w:val"), "en-GB")
        lang.set(qn("w:eastAsia"), "en-GB")
    settings = document.settings.element
    theme_lang = settings.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:val"), "en-GB")
    preview = settings.find(qn("w:savePreviewPicture"))
    if preview is not None:
        settings.remove(preview)
    for rel in document.part.package.rels.values():
        if rel.reltype == RT.EXTENDED_PROPERTIES and not rel.is_external:
            # the template's says "Microsoft Macintosh Word"; Word fills in the rest
            rel.target_part._blob = _APP_XML


_APP_XML = (
    b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'extended-properties"><Application>policykit</Application><DocSecurity>0</DocSecurity>'
    b"</Properties>"
)


def text_width(document: DocxDocument) -> int:
    """The width between the margins of the last section, in twips."""
    section = document.sections[-1]
    width = section.page_width or Twips(A4_WIDTH)
    left = section.left_margin or 0
    right = section.right_margin or 0
    if width <= left + right:
        return A4_WIDTH - 2 * MARGIN
    return int(Length(width - left - right).twips)
