"""Headers and footers: the school and title at the top, "Next review" and the page
number at the bottom.

A house style's own headers and footers are kept. Where they hold
``{{ school }}``-style placeholders these are filled (in paragraph text, through
python-docx); otherwise our line is added after theirs. The page number is a
PAGE field, never a DATE field (a DATE field shows the day the file is opened).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from docx.document import Document
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import _BaseHeaderFooter
from docx.shared import Twips
from docx.text.paragraph import Paragraph
from lxml import etree

from . import placeholders, styles
from .document import clean_text
from .layout import Layout

# A header or footer (python-docx's ``_Header`` and ``_Footer`` share this base).
_HeaderFooter = _BaseHeaderFooter
# One tab-separated part of a header or footer line: text, or a writer of fields.
_LinePart = str | Callable[[Paragraph], None]


def write_headers_and_footers(
    document: Document, layout: Layout, values: Mapping[str, str], width: int
) -> None:
    settings = document.settings.element
    even_odd = settings.find(qn("w:evenAndOddHeaders")) is not None
    for section in document.sections:
        # the default header and footer are made if missing; first-page and even-page
        # ones only where the house style has them
        headers = [section.header]
        footers = [section.footer]
        if section.different_first_page_header_footer:
            headers.append(section.first_page_header)
            footers.append(section.first_page_footer)
        if even_odd:
            headers.append(section.even_page_header)
            footers.append(section.even_page_footer)
        for i, header in enumerate(headers):
            if i == 0 or not header.is_linked_to_previous:
                _header(header, layout, values, width)
        for i, footer in enumerate(footers):
            if i == 0 or not footer.is_linked_to_previous:
                _footer(footer, layout, values, width)


def _fill_placeholders(part: _HeaderFooter, values: Mapping[str, str]) -> bool:
    """Fill placeholders in a header or footer's paragraphs; True if there were any."""
    found = False
    for paragraph in _paragraphs(part):
        text = paragraph.text
        if not placeholders.names_in(text):
            continue
        found = True
        for run in paragraph.runs:  # a placeholder inside one run keeps that run's format
            if placeholders.names_in(run.text):
                run.text = clean_text(placeholders.fill(run.text, values))
        if not placeholders.names_in(paragraph.text):
            continue
        # split across runs: the plain text runs are joined into the first of them
        plain = [r for r in paragraph.runs if not r._r.xpath("./w:fldChar|./w:instrText")]
        if not plain:
            continue
        joined = "".join(r.text for r in plain)
        plain[0].text = clean_text(placeholders.fill(joined, values))
        p: etree._Element = paragraph._p  # runs are its children (``paragraph.runs``)
        for run in plain[1:]:
            p.remove(run._r)
    return found


def _paragraphs(part: _HeaderFooter) -> list[Paragraph]:
    out: list[Paragraph] = list(part.paragraphs)
    for table in part.tables:
        for row in table.rows:
            for cell in row.cells:
                out.extend(cell.paragraphs)
    return out


def _has_text(part: _HeaderFooter) -> bool:
    return any(p.text.strip() for p in _paragraphs(part))


def _target_paragraph(part: _HeaderFooter, style: str) -> Paragraph:
    """The part's only empty paragraph when it has no text, else a new paragraph."""
    style_object = styles.named(part.part.package.main_document_part.styles, style)
    existing: list[Paragraph] = part.paragraphs
    if (
        len(existing) == 1
        and not _has_text(part)
        and not existing[0]._p.xpath(".//w:drawing|.//w:pict")
    ):
        paragraph = existing[0]
        paragraph.style = style_object
        return paragraph
    return part.add_paragraph(style=style_object)


def _tabbed(paragraph: Paragraph, parts: list[_LinePart], width: int) -> None:
    """Parts on one line: the first at the left margin, the last at the right."""
    stops = paragraph.paragraph_format.tab_stops
    style_stops = paragraph.style.paragraph_format.tab_stops if paragraph.style else []
    for stop in style_stops:  # the style's centre and right stops would catch our tab
        stops.add_tab_stop(stop.position, WD_TAB_ALIGNMENT.CLEAR)
    stops.add_tab_stop(Twips(width), WD_TAB_ALIGNMENT.RIGHT)
    for i, part in enumerate(parts):
        if i:
            paragraph.add_run("\t")
        if isinstance(part, str):
            paragraph.add_run(clean_text(part))
        else:
            part(paragraph)


def _header(header: _HeaderFooter, layout: Layout, values: Mapping[str, str], width: int) -> None:
    new = header.is_linked_to_previous
    if not new and _fill_placeholders(header, values):
        return
    if not layout.header:
        return
    paragraph = _target_paragraph(header, styles.HEADER)
    _tabbed(paragraph, list(layout.header), width)


def _footer(footer: _HeaderFooter, layout: Layout, values: Mapping[str, str], width: int) -> None:
    new = footer.is_linked_to_previous
    if not new and _fill_placeholders(footer, values):
        return
    has_page = not new and _has_page_field(footer)
    parts: list[_LinePart] = []
    if layout.footer_review:
        parts.append(layout.footer_review)
    if not has_page:
        parts.append(_page_number)
    if not parts:
        return
    paragraph = _target_paragraph(footer, styles.FOOTER)
    if len(parts) == 1 and not isinstance(parts[0], str):
        parts.insert(0, "")
    _tabbed(paragraph, parts, width)


def _has_page_field(part: _HeaderFooter) -> bool:
    element = part._element
    instructions = [t.text or "" for t in element.iter(qn("w:instrText"))]
    instructions += [s.get(qn("w:instr")) or "" for s in element.iter(qn("w:fldSimple"))]
    return any(i.split()[:1] == ["PAGE"] for i in instructions)


def _page_number(paragraph: Paragraph) -> None:
    paragraph.add_run("Page ")
    _field(paragraph, "PAGE", "1")
    paragraph.add_run(" of ")
    _field(paragraph, "NUMPAGES", "1")


def _field(paragraph: Paragraph, instruction: str, shown: str) -> None:
    """A complex field: begin, instruction, separate, the shown result, end."""

    def run_holding(element: etree._Element) -> None:
        run: etree._Element = paragraph.add_run()._r  # any child element, not only a w:r
        run.append(element)

    def char(kind: str) -> None:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        run_holding(element)

    char("begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run_holding(instr)
    char("separate")
    paragraph.add_run(shown)
    char("end")
