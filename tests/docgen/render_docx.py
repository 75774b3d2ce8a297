"""Producer 1: python-docx, with real styles, direct formatting and Word's quirks."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import Protocol

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Cm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph
from lxml import etree

from .ir import DocPlan, Field, Item, ListBlock, Para, Run, Table
from .render_lo import html_document

# German Word's style ids (the names stay "heading 1" etc.).
LOCALISED_IDS = {
    "Heading1": "berschrift1",
    "Heading2": "berschrift2",
    "Heading3": "berschrift3",
    "Title": "Titel",
}
CUSTOM_STYLE_NAMES = {"PolicyHeading": "PolicyHeading", "SectionTitle": "Section Title"}

BULLET_LEVELS = [("•", "Symbol"), ("o", "Courier New"), ("▪", "Wingdings")]


def _abstract_num(
    abstract_id: int,
    levels: list[tuple[str, str, str | None]],
    heading_styles: list[str] | None = None,
) -> BaseOxmlElement:
    """A w:abstractNum: levels of (numFmt, lvlText, font or None)."""
    lvls = []
    for i, (fmt, text, font) in enumerate(levels):
        pstyle = ""
        if heading_styles and i < len(heading_styles):
            pstyle = f'<w:pStyle w:val="{heading_styles[i]}"/>'
        rpr = f'<w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}"/></w:rPr>' if font else ""
        left = 720 * (i + 1) if not heading_styles else 432 + 144 * i
        lvls.append(
            f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>{pstyle}'
            f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="{left}" w:hanging="{360 if not heading_styles else 432}"/>'
            f"</w:pPr>{rpr}</w:lvl>"
        )
    return parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
        f'<w:multiLevelType w:val="hybridMultilevel"/>{"".join(lvls)}</w:abstractNum>'
    )


class _Num(Protocol):
    """python-docx's ``w:num`` element (CT_Num), whose ``numId`` attribute is an int."""

    numId: int

    def append(self, element: etree._Element) -> None: ...


class _NumberingRoot(Protocol):
    """python-docx's ``w:numbering`` element (CT_Numbering), whose ``add_num`` is untyped."""

    def add_num(self, abstractNum_id: int) -> _Num: ...


class _Numbering:
    """Adds list and heading numbering definitions to the document's numbering part."""

    def __init__(self, document: DocxDocument) -> None:
        element = document.part.numbering_part.element
        self.root: etree._Element = element
        self.definitions: _NumberingRoot = element
        ids = [int(a.get(qn("w:abstractNumId"))) for a in self.root.findall(qn("w:abstractNum"))]
        self._next_abstract = max(ids, default=0) + 10
        self._abstracts: dict[str, int] = {}

    def abstract(self, kind: str, heading_styles: list[str] | None = None) -> int:
        if kind not in self._abstracts:
            levels: list[tuple[str, str, str | None]]
            if kind == "bullet":
                levels = [("bullet", t, f) for t, f in BULLET_LEVELS]
            elif kind == "decimal":
                levels = [
                    ("decimal", "%1.", None),
                    ("lowerLetter", "%2)", None),
                    ("lowerRoman", "%3.", None),
                ]
            else:
                levels = [("decimal", "%1.", None), ("decimal", "%1.%2", None)]
            element = _abstract_num(self._next_abstract, levels, heading_styles)
            first_num = self.root.find(qn("w:num"))
            if first_num is not None:
                first_num.addprevious(element)
            else:
                self.root.append(element)
            self._abstracts[kind] = self._next_abstract
            self._next_abstract += 1
        return self._abstracts[kind]

    def num(self, kind: str, restart: bool = False, heading_styles: list[str] | None = None) -> int:
        num = self.definitions.add_num(self.abstract(kind, heading_styles))
        if restart:
            num.append(
                parse_xml(
                    f'<w:lvlOverride {nsdecls("w")} w:ilvl="0">'
                    f'<w:startOverride w:val="1"/></w:lvlOverride>'
                )
            )
        return int(num.numId)


def _num_pr(num_id: int, ilvl: int) -> BaseOxmlElement:
    return parse_xml(
        f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'
    )


def _set_num_pr(ppr: etree._Element, num_id: int, ilvl: int) -> None:
    """Insert w:numPr in schema order (after pStyle/keepNext/..., before spacing/ind)."""
    num_pr = _num_pr(num_id, ilvl)
    after = [
        qn(t)
        for t in (
            "w:pStyle",
            "w:keepNext",
            "w:keepLines",
            "w:pageBreakBefore",
            "w:framePr",
            "w:widowControl",
        )
    ]
    anchor = None
    for child in ppr:
        if child.tag in after:
            anchor = child
    if anchor is None:
        ppr.insert(0, num_pr)
    else:
        anchor.addnext(num_pr)


def _rename_style_ids(document: DocxDocument, mapping: dict[str, str]) -> None:
    root: etree._Element = document.styles.element
    for style in root.findall(qn("w:style")):
        sid = style.get(qn("w:styleId"))
        if sid in mapping:
            style.set(qn("w:styleId"), mapping[sid])
        for ref in ("w:basedOn", "w:link", "w:next"):
            el = style.find(qn(ref))
            val = None if el is None else el.get(qn("w:val"))
            if el is not None and val is not None and val in mapping:
                el.set(qn("w:val"), mapping[val])


class DocxRenderer:
    def __init__(self, plan: DocPlan) -> None:
        self.plan = plan
        self.doc = Document()
        self.numbering = _Numbering(self.doc)
        self._ids = 100
        self._bullets: int | None = None
        self._heading_num: int | None = None
        self._numbered_styles = False  # heading numbering lives on Heading 1/2
        self._bold_num: int | None = None
        self._setup_styles()

    # -- styles -------------------------------------------------------------------------

    def _setup_styles(self) -> None:
        styles = self.doc.styles
        normal = styles["Normal"]
        normal.font.name = self.plan.font
        normal.font.size = Pt(11 if self.plan.font != "Comic Sans MS" else 10)
        if self.plan.localised_style_ids:
            _rename_style_ids(self.doc, LOCALISED_IDS)
        policy = styles.add_style(CUSTOM_STYLE_NAMES["PolicyHeading"], WD_STYLE_TYPE.PARAGRAPH)
        policy.base_style = styles["Heading 1"]
        policy.font.size = Pt(13)
        section = styles.add_style(CUSTOM_STYLE_NAMES["SectionTitle"], WD_STYLE_TYPE.PARAGRAPH)
        section.base_style = normal
        section.font.bold = True
        section.element.get_or_add_pPr().append(
            parse_xml(f'<w:outlineLvl {nsdecls("w")} w:val="0"/>')
        )
        if self.plan.heading_numbering == "style" and any(
            isinstance(b, Para) and b.number_level is not None and b.style for b in self.plan.blocks
        ):
            h1, h2 = styles["Heading 1"], styles["Heading 2"]
            num = self.numbering.num("heading", heading_styles=[h1.style_id, h2.style_id])
            for level, style in enumerate((h1, h2)):
                _set_num_pr(style.element.get_or_add_pPr(), num, level)
            self._numbered_styles = True

    def _style_name(self, logical: str | None) -> str | None:
        if logical is None:
            return None
        return CUSTOM_STYLE_NAMES.get(logical, logical)

    # -- inline ----------------------------------------------------------------------

    def _next_id(self) -> int:
        self._ids += 1
        return self._ids

    def _add_runs(self, paragraph: Paragraph, runs: list[Run | Field]) -> None:
        for item in runs:
            if isinstance(item, Field):
                self._add_field(paragraph, item)
                continue
            run = paragraph.add_run(item.text)
            font = run.font
            if item.bold:
                font.bold = True
            if item.italic:
                font.italic = True
            if item.underline:
                font.underline = True
            if item.caps:
                font.all_caps = True
            if item.size:
                font.size = Pt(item.size)
            if item.control:
                self._wrap_in_control(paragraph, run._r, item)

    def _wrap_in_control(self, paragraph: Paragraph, r: etree._Element, item: Run) -> None:
        if item.control == "date" and item.control_date is not None:
            fmt = "dd/MM/yyyy" if "/" in item.text else "d MMMM yyyy"
            full = item.control_date.isoformat()
            kind = (
                f'<w:date w:fullDate="{full}T00:00:00Z"><w:dateFormat w:val="{fmt}"/>'
                f'<w:lid w:val="en-GB"/><w:storeMappedDataAs w:val="dateTime"/>'
                f'<w:calendar w:val="gregorian"/></w:date>'
            )
        else:
            kind = "<w:text/>"
        sdt: etree._Element = parse_xml(
            f'<w:sdt {nsdecls("w")}><w:sdtPr><w:alias w:val="Policy detail"/>'
            f'<w:id w:val="{self._next_id()}"/>{kind}</w:sdtPr><w:sdtContent/></w:sdt>'
        )
        r.addprevious(sdt)
        content = sdt.find(qn("w:sdtContent"))
        assert content is not None
        content.append(r)

    def _add_field(self, paragraph: Paragraph, item: Field) -> None:
        p: etree._Element = paragraph._p
        if item.kind == "page":
            p.append(
                parse_xml(
                    f'<w:fldSimple {nsdecls("w")} w:instr=" PAGE   \\* MERGEFORMAT ">'
                    f"<w:r><w:t>{item.shown}</w:t></w:r></w:fldSimple>"
                )
            )
            return
        parts = [
            '<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
            '<w:r><w:instrText xml:space="preserve"> DATE \\@ "dd/MM/yyyy" </w:instrText></w:r>',
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>',
            f"<w:r><w:t>{item.shown}</w:t></w:r>",
            '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
        ]
        for part in parts:
            p.append(parse_xml(part.replace("<w:r>", f"<w:r {nsdecls('w')}>", 1)))

    # -- blocks ------------------------------------------------------------------------

    def _banner(self, para: Para) -> None:
        table = self.doc.add_table(rows=1, cols=1)
        table.style = self.doc.styles["Table Grid"]
        cell = table.cell(0, 0)
        cell._tc.get_or_add_tcPr().append(
            parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="D9E2F3"/>')
        )
        self._para(cell, replace(para, banner=False), first=cell.paragraphs[0])
        self.doc.add_paragraph()

    def _para(
        self, container: DocxDocument | _Cell, para: Para, first: Paragraph | None = None
    ) -> None:
        if para.banner:
            self._banner(para)
            return
        paragraph = first if first is not None else container.add_paragraph()
        if para.style is not None:
            paragraph.style = self.doc.styles[self._style_name(para.style)]
        if para.center:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if para.indent:
            fmt = paragraph.paragraph_format
            fmt.left_indent = Cm(0.63 * para.indent)
            fmt.first_line_indent = Cm(-0.63)
            fmt.tab_stops.add_tab_stop(Cm(0.63 * para.indent))
        self._add_runs(paragraph, para.runs)
        if para.tracked_from is not None:
            self._track(paragraph, para.tracked_from)
        if para.number_level is not None:
            self._number_heading(paragraph, para)

    def _track(self, paragraph: Paragraph, old: str) -> None:
        """Turn the paragraph's text into a tracked replacement of ``old``."""
        p: etree._Element = paragraph._p
        stamp = 'w:author="Office" w:date="2019-06-12T10:41:00Z"'
        deleted = parse_xml(
            f'<w:del {nsdecls("w")} w:id="{self._next_id()}" {stamp}>'
            f"<w:r><w:delText>{old}</w:delText></w:r></w:del>"
        )
        inserted: etree._Element = parse_xml(
            f'<w:ins {nsdecls("w")} w:id="{self._next_id()}" {stamp}/>'
        )
        runs = p.findall(qn("w:r"))
        runs[0].addprevious(deleted)
        runs[0].addprevious(inserted)
        for r in runs:
            inserted.append(r)

    def _number_heading(self, paragraph: Paragraph, para: Para) -> None:
        assert para.number_level is not None
        if para.style is None:  # a bold Normal paragraph numbered as a list
            if self._bold_num is None:
                self._bold_num = self.numbering.num("heading")
            _set_num_pr(paragraph._p.get_or_add_pPr(), self._bold_num, para.number_level)
        elif not self._numbered_styles:
            if self._heading_num is None:
                style_ids = [
                    self.doc.styles["Heading 1"].style_id,
                    self.doc.styles["Heading 2"].style_id,
                ]
                self._heading_num = self.numbering.num("heading", heading_styles=style_ids)
            _set_num_pr(paragraph._p.get_or_add_pPr(), self._heading_num, para.number_level)

    def _list(self, block: ListBlock) -> None:
        if self.plan.list_mode == "styles":
            base = "List Number" if block.ordered else "List Bullet"

            def by_style(items: list[Item], depth: int) -> None:
                for item in items:
                    name = base if depth == 0 else f"{base} {min(depth + 1, 3)}"
                    self.doc.add_paragraph(item.text, style=name)
                    by_style(item.children, depth + 1)

            by_style(block.items, 0)
            return
        if block.ordered:
            num_id = self.numbering.num("decimal", restart=True)
        else:
            if self._bullets is None:
                self._bullets = self.numbering.num("bullet")
            num_id = self._bullets

        def by_level(items: list[Item], depth: int) -> None:
            for item in items:
                paragraph = self.doc.add_paragraph(item.text, style="List Paragraph")
                _set_num_pr(paragraph._p.get_or_add_pPr(), num_id, depth)
                by_level(item.children, depth + 1)

        by_level(block.items, 0)

    def _table(self, block: Table) -> None:
        cols = max(len(r) for r in block.rows)
        table = self.doc.add_table(rows=len(block.rows), cols=cols)
        if block.grid:
            table.style = self.doc.styles["Table Grid"]
        for i, row in enumerate(block.rows):
            for j, text in enumerate(row):
                cell = table.cell(i, j)
                cell.text = text
                if text and ((block.header and i == 0) or (block.bold_first_col and j == 0)):
                    cell.paragraphs[0].runs[0].font.bold = True

    def _into_one_cell(self) -> None:
        """Move the whole body into the one cell of a borderless table (a layout table)."""
        body = self.doc.element.body
        content = [el for el in body if el.tag != qn("w:sectPr")]
        table = self.doc.add_table(rows=1, cols=1)
        tc: etree._Element = table.cell(0, 0)._tc
        tc.remove(tc.findall(qn("w:p"))[0])
        for el in content:
            tc.append(el)
        if tc[-1].tag != qn("w:p"):
            tc.append(parse_xml(f"<w:p {nsdecls('w')}/>"))  # a cell ends with a paragraph
        self.doc.add_paragraph()

    def _header_footer(self) -> None:
        section = self.doc.sections[0]
        for part, paras in ((section.header, self.plan.header), (section.footer, self.plan.footer)):
            if not paras:
                continue
            part.is_linked_to_previous = False
            first = part.paragraphs[0]
            for i, para in enumerate(paras):
                paragraph = first if i == 0 else part.add_paragraph()
                if para.center:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                self._add_runs(paragraph, para.runs)

    def render(self, path: Path) -> None:
        self.write_blocks()
        self.finish(path)

    def write_blocks(self) -> None:
        for block in self.plan.blocks:
            if isinstance(block, Para):
                self._para(self.doc, block)
            elif isinstance(block, ListBlock):
                self._list(block)
            else:
                self._table(block)
                if self.plan.blocks[-1] is not block:
                    self.doc.add_paragraph()  # Word keeps a paragraph between tables
        if self.plan.layout_table:
            self._into_one_cell()

    def finish(self, path: Path) -> None:
        """Header, footer and properties; then save."""
        self._header_footer()
        props = self.doc.core_properties
        props.author = "Office"
        props.title = self.plan.truth["title"] if "title=meta" not in self.plan.tags else ""
        props.created = props.modified = dt.datetime(2019, 6, 12, 10, 41)
        props.revision = 3
        self.doc.save(str(path))


def render(plan: DocPlan, path: Path) -> None:
    if plan.source == "html":
        render_chunk(plan, path)
    else:
        DocxRenderer(plan).render(path)


def render_chunk(plan: DocPlan, path: Path) -> None:
    """The body as an HTML w:altChunk part (how programs that assemble policies write
    them), with the header and footer in the Word parts as usual."""
    renderer = DocxRenderer(plan)
    document = renderer.doc
    part = Part(
        PackURI("/word/afchunk1.htm"),
        "text/html",
        html_document(plan, margins=False).encode("utf-8"),
        document.part.package,
    )
    rel_id = document.part.relate_to(part, RT.A_F_CHUNK)
    chunk = parse_xml(f'<w:altChunk {nsdecls("w", "r")} r:id="{rel_id}"/>')
    document.element.body.sectPr.addprevious(chunk)
    renderer.finish(path)
