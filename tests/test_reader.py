"""The .docx reader (policykit.docx): what a user notices in the blocks it hands on.

Documents are built here: with python-docx for ordinary ones, from raw
WordprocessingML for what python-docx cannot write (content controls, tracked
changes, fields, text boxes, mc:AlternateContent, localised style ids, typed
bullets). Every document read here must also pass the text self-check
(``stats.lost == 0``).
"""

from __future__ import annotations

import io
import random
import time
import zipfile

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from hypothesis import given, settings
from hypothesis import strategies as st

from policykit.docx.blocks import DocParagraph, DocTable, DocxDocument
from policykit.docx.reader import read_docx
from policykit.errors import DocumentError

from .conftest import need_shared as need_corpus

# -- building documents ----------------------------------------------------------------

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NAMESPACES = (
    f'xmlns:w="{W_NS}" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" '
    'mc:Ignorable="w14"'
)
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"


def build_docx(
    body: str,
    *,
    styles: str | None = None,
    numbering: str | None = None,
    headers: tuple[str, ...] = (),
    footers: tuple[str, ...] = (),
    custom_props: dict[str, str] | None = None,
) -> bytes:
    """A minimal .docx whose w:body holds ``body`` (raw WordprocessingML)."""
    doc_rels = []
    refs = []
    parts: dict[str, str] = {}
    if styles is not None:
        parts["word/styles.xml"] = f"<w:styles {NAMESPACES}>{styles}</w:styles>"
        doc_rels.append(("rIdS", "styles", "styles.xml"))
    if numbering is not None:
        parts["word/numbering.xml"] = f"<w:numbering {NAMESPACES}>{numbering}</w:numbering>"
        doc_rels.append(("rIdN", "numbering", "numbering.xml"))
    for kind, texts in (("header", headers), ("footer", footers)):
        tag = "w:hdr" if kind == "header" else "w:ftr"
        for i, content in enumerate(texts, 1):
            parts[f"word/{kind}{i}.xml"] = f"<{tag} {NAMESPACES}>{content}</{tag}>"
            doc_rels.append((f"rId{kind}{i}", kind, f"{kind}{i}.xml"))
            refs.append(f'<w:{kind}Reference w:type="default" r:id="rId{kind}{i}"/>')
    sect = f"<w:sectPr>{''.join(refs)}</w:sectPr>"
    parts["word/document.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f"<w:document {NAMESPACES}><w:body>{body}{sect}</w:body></w:document>"
    )
    parts["word/_rels/document.xml.rels"] = _rels(
        [(rid, f"{REL}/{kind}", target) for rid, kind, target in doc_rels]
    )
    package_rels = [("rId1", f"{REL}/officeDocument", "word/document.xml")]
    if custom_props is not None:
        props = "".join(
            f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="{i}" name="{k}">'
            f"<vt:lpwstr>{v}</vt:lpwstr></property>"
            for i, (k, v) in enumerate(custom_props.items(), 2)
        )
        parts["docProps/custom.xml"] = (
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
            'custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/'
            f'2006/docPropsVTypes">{props}</Properties>'
        )
        package_rels.append(("rId2", f"{REL}/custom-properties", "docProps/custom.xml"))
    parts["_rels/.rels"] = _rels(package_rels)
    parts["[Content_Types].xml"] = (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/></Types>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in parts.items():
            zf.writestr(name, text)
    return out.getvalue()


def _rels(rels: list[tuple[str, str, str]]) -> str:
    items = "".join(f'<Relationship Id="{i}" Type="{t}" Target="{g}"/>' for i, t, g in rels)
    return f'<Relationships xmlns="{PKG_RELS}">{items}</Relationships>'


def para(text: str = "", *, style: str | None = None, ppr: str = "", rpr: str = "") -> str:
    """A paragraph with one run."""
    style_xml = f'<w:pStyle w:val="{style}"/>' if style else ""
    run = f'<w:r><w:rPr>{rpr}</w:rPr><w:t xml:space="preserve">{text}</w:t></w:r>' if text else ""
    return f"<w:p><w:pPr>{style_xml}{ppr}</w:pPr>{run}</w:p>"


def run(text: str, rpr: str = "") -> str:
    return f'<w:r><w:rPr>{rpr}</w:rPr><w:t xml:space="preserve">{text}</w:t></w:r>'


def style(
    style_id: str,
    name: str,
    *,
    kind: str = "paragraph",
    based_on: str | None = None,
    ppr: str = "",
    rpr: str = "",
    default: bool = False,
) -> str:
    based = f'<w:basedOn w:val="{based_on}"/>' if based_on else ""
    flag = ' w:default="1"' if default else ""
    return (
        f'<w:style w:type="{kind}"{flag} w:styleId="{style_id}"><w:name w:val="{name}"/>'
        f"{based}<w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>"
    )


NORMAL = style("Normal", "Normal", default=True)


def read(data: bytes) -> DocxDocument:
    """Read a built document and hold it to the self-check."""
    doc = read_docx(io.BytesIO(data))
    assert doc.stats.lost == 0, doc.stats
    assert doc.stats.source_chars == doc.stats.delivered_chars
    return doc


def texts(doc: DocxDocument) -> list[str]:
    return [p.text for p in doc.paragraphs()]


def by_text(doc: DocxDocument, text: str) -> DocParagraph:
    found = [p for p in doc.paragraphs() if p.text == text]
    assert len(found) == 1, (text, texts(doc))
    return found[0]


def python_docx_bytes(document: docx.document.Document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# -- ordinary documents (python-docx) ----------------------------------------------------


def test_python_docx_document_reads_in_order_with_headings_lists_tables_headers() -> None:
    d = docx.Document()
    d.core_properties.title = "Community Cohesion Policy"
    d.core_properties.author = "Dan Rosser"
    d.add_heading("Community Cohesion Policy", 0)
    d.add_heading("Rationale", 1)
    p = d.add_paragraph("Our aims are ")
    p.add_run("Teaching and learning").bold = True
    d.add_paragraph("first bullet", style="List Bullet")
    d.add_paragraph("nested bullet", style="List Bullet 2")
    d.add_paragraph("numbered", style="List Number")
    table = d.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Review Date"
    table.cell(0, 1).text = "September 2019"
    inner = table.cell(1, 1).add_table(rows=1, cols=1)
    inner.cell(0, 0).text = "Inner cell"
    d.add_heading("Monitoring and Review", 2)
    d.sections[0].header.paragraphs[0].text = "Next review: September 2025"
    d.sections[0].footer.paragraphs[0].text = "Wootton Park"

    doc = read(python_docx_bytes(d))
    shown = [t for t in texts(doc) if t]
    assert shown == [
        "Community Cohesion Policy",
        "Rationale",
        "Our aims are Teaching and learning",
        "first bullet",
        "nested bullet",
        "numbered",
        "Review Date",
        "September 2019",
        "Inner cell",
        "Monitoring and Review",
    ]
    title = by_text(doc, "Community Cohesion Policy")
    assert title.is_title and title.heading_level is None
    assert by_text(doc, "Rationale").heading_level == 1
    assert by_text(doc, "Monitoring and Review").heading_level == 2
    body = by_text(doc, "Our aims are Teaching and learning")
    assert body.heading_level is None and not body.bold
    assert body.runs[-1].text == "Teaching and learning" and body.runs[-1].bold
    assert (by_text(doc, "first bullet").list_level, by_text(doc, "nested bullet").list_level) == (
        0,
        1,
    )
    numbered = by_text(doc, "numbered")
    assert numbered.list_level == 0 and numbered.list_ordered and numbered.list_label == "1."
    assert by_text(doc, "Inner cell").in_table
    tables = [b for b in doc.body if isinstance(b, DocTable)]
    assert tables[0].text_rows()[0] == ["Review Date", "September 2019"]
    assert doc.core["title"] == "Community Cohesion Policy"
    assert doc.core["creator"] == "Dan Rosser"
    header_text = [b.text for blocks in doc.headers for b in blocks if isinstance(b, DocParagraph)]
    footer_text = [b.text for blocks in doc.footers for b in blocks if isinstance(b, DocParagraph)]
    assert header_text == ["Next review: September 2025"]
    assert footer_text == ["Wootton Park"]
    header_paragraphs = [b for blocks in doc.headers for b in blocks if isinstance(b, DocParagraph)]
    assert all(p.index == -1 for p in header_paragraphs)


def test_paragraph_index_counts_body_cells_and_text_boxes_in_order() -> None:
    d = docx.Document()
    d.add_paragraph("zero")
    table = d.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "one"
    table.cell(0, 1).text = "two"
    d.add_paragraph("three")
    doc = read(python_docx_bytes(d))
    paragraphs = doc.paragraphs()
    assert [p.index for p in paragraphs] == list(range(len(paragraphs)))
    assert [p.text for p in paragraphs if p.text] == ["zero", "one", "two", "three"]


def test_font_size_alignment_and_formatting_from_python_docx() -> None:
    d = docx.Document()
    p = d.add_paragraph()
    r = p.add_run("BIG CENTRED")
    r.font.size = Pt(20)
    r.bold = True
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    q = d.add_paragraph()
    q.add_run("under").underline = True
    q.add_run(" plain ")
    caps = q.add_run("caps")
    caps.font.all_caps = True
    doc = read(python_docx_bytes(d))
    big = by_text(doc, "BIG CENTRED")
    assert big.font_size == 20.0 and big.alignment == "center" and big.bold
    mixed = by_text(doc, "under plain caps")
    assert [(x.text, x.underline, x.caps) for x in mixed.runs] == [
        ("under", True, False),
        (" plain ", False, False),
        ("caps", False, True),
    ]


# -- what naive readers lose -------------------------------------------------------------


def test_content_controls_at_body_row_cell_and_run_level() -> None:
    body = (
        "<w:sdt><w:sdtPr><w:alias w:val='block'/></w:sdtPr><w:sdtContent>"
        + para("Block control")
        + "</w:sdtContent></w:sdt>"
        + "<w:tbl><w:tr><w:tc>"
        + para("Plain cell")
        + "</w:tc></w:tr>"
        + "<w:sdt><w:sdtPr/><w:sdtContent><w:tr>"
        + "<w:sdt><w:sdtPr/><w:sdtContent><w:tc>"
        + para("Cell in row control")
        + "</w:tc></w:sdtContent></w:sdt></w:tr></w:sdtContent></w:sdt></w:tbl>"
        + "<w:p>"
        + run("Review date: ")
        + "<w:sdt><w:sdtPr><w:date w:fullDate='2024-09-01T00:00:00Z'>"
        + "<w:dateFormat w:val='dd/MM/yyyy'/></w:date></w:sdtPr><w:sdtContent>"
        + run("01/09/2024")
        + "</w:sdtContent></w:sdt></w:p>"
    )
    doc = read(build_docx(body))
    assert texts(doc) == [
        "Block control",
        "Plain cell",
        "Cell in row control",
        "Review date: 01/09/2024",
    ]
    table = next(b for b in doc.body if isinstance(b, DocTable))
    assert table.text_rows() == [["Plain cell"], ["Cell in row control"]]


def test_tracked_changes_take_insertions_and_skip_deletions() -> None:
    body = (
        "<w:p>"
        + run("Keep ")
        + "<w:del w:id='1' w:author='a'><w:r><w:delText>old words </w:delText></w:r>"
        + "<w:r><w:t>stray deleted t </w:t></w:r></w:del>"
        + "<w:ins w:id='2' w:author='a'>"
        + run("new words")
        + "</w:ins><w:moveFrom w:id='3' w:author='a'>"
        + run(" moved away")
        + "</w:moveFrom></w:p>"
        + "<w:p><w:moveTo w:id='4' w:author='a'>"
        + run("moved here")
        + "</w:moveTo></w:p>"
        + "<w:p><w:pPr><w:pStyle w:val='Heading1'/></w:pPr><w:del w:id='5' w:author='a'>"
        + "<w:r><w:delText>Aims</w:delText></w:r></w:del><w:ins w:id='6' w:author='a'>"
        + run("Aims and Objectives")
        + "</w:ins></w:p>"
    )
    styles = NORMAL + style("Heading1", "heading 1")
    doc = read(build_docx(body, styles=styles))
    assert texts(doc) == ["Keep new words", "moved here", "Aims and Objectives"]
    assert by_text(doc, "Aims and Objectives").heading_level == 1


def test_deleted_paragraph_mark_joins_the_next_paragraph() -> None:
    body = (
        para("This is a")
        + "<w:p><w:pPr><w:rPr><w:del w:id='1' w:author='a'/></w:rPr></w:pPr>"
        + run(" split")
        + "</w:p>"
        + para(" paragraph.")
    )
    doc = read(build_docx(body))
    assert texts(doc) == ["This is a", " split paragraph."]
    assert [p.index for p in doc.paragraphs()] == [0, 1]


def test_complex_fields_show_results_not_instructions() -> None:
    def field(instruction: str, result: str) -> str:
        return (
            "<w:r><w:fldChar w:fldCharType='begin'/></w:r>"
            f"<w:r><w:instrText xml:space='preserve'>{instruction}</w:instrText></w:r>"
            "<w:r><w:fldChar w:fldCharType='separate'/></w:r>"
            + run(result)
            + "<w:r><w:fldChar w:fldCharType='end'/></w:r>"
        )

    nested = (
        "<w:r><w:fldChar w:fldCharType='begin'/></w:r>"
        "<w:r><w:instrText>IF </w:instrText></w:r>"
        + field(" REF bookmark ", "INNER RESULT")
        + "<w:r><w:t>text inside the instruction</w:t></w:r>"
        '<w:r><w:instrText> = 1 "yes" </w:instrText></w:r>'
        "<w:r><w:fldChar w:fldCharType='separate'/></w:r>"
        + run("yes")
        + "<w:r><w:fldChar w:fldCharType='end'/></w:r>"
    )
    body = (
        "<w:p>" + run("See page ") + field(" PAGEREF _Toc1 \\h ", "4") + "</w:p>"
        "<w:p>" + run("Printed ") + field(' SAVEDATE \\@ "d MMMM yyyy" ', "3 March 2020") + "</w:p>"
        "<w:p>" + nested + "</w:p>"
        "<w:p><w:fldSimple w:instr=' DATE \\@ &quot;dd/MM/yyyy&quot; '>"
        + run("22/11/2026")
        + "</w:fldSimple>"
        + run(" and ")
        + "<w:fldSimple w:instr=' AUTHOR '>"
        + run("Jane")
        + "</w:fldSimple></w:p>"
    )
    doc = read(build_docx(body))
    assert texts(doc) == [
        "See page 4",
        "Printed 3 March 2020",
        "yes",
        "22/11/2026 and Jane",
    ]
    assert by_text(doc, "See page 4").date_field_text == []
    assert by_text(doc, "Printed 3 March 2020").date_field_text == ["3 March 2020"]
    assert by_text(doc, "22/11/2026 and Jane").date_field_text == ["22/11/2026"]


def test_field_spanning_paragraphs_hides_only_its_instruction() -> None:
    body = (
        "<w:p><w:r><w:fldChar w:fldCharType='begin'/></w:r>"
        "<w:r><w:instrText> TOC \\o </w:instrText></w:r>"
        "<w:r><w:fldChar w:fldCharType='separate'/></w:r>" + run("Aims\t2") + "</w:p>"
        "<w:p>"
        + run("Review\t3")
        + "<w:r><w:fldChar w:fldCharType='end'/></w:r></w:p>"
        + para("After the contents")
    )
    doc = read(build_docx(body))
    assert texts(doc) == ["Aims\t2", "Review\t3", "After the contents"]


def test_special_run_content() -> None:
    body = (
        "<w:p><w:r><w:t>A</w:t><w:tab/><w:t>B</w:t><w:br/><w:t>C</w:t><w:br w:type='page'/>"
        "<w:t>D</w:t><w:noBreakHyphen/><w:t>E</w:t><w:softHyphen/><w:t>F</w:t>"
        "<w:sym w:font='Symbol' w:char='F0B7'/><w:sym w:font='x' w:char='zz'/><w:cr/>"
        "<w:t>G</w:t><w:lastRenderedPageBreak/></w:r></w:p>"
    )
    doc = read(build_docx(body))
    assert texts(doc) == ["A\tB\nCD-EF\uf0b7\nG"]


def test_inline_wrappers_are_read_through() -> None:
    body = (
        "<w:p><w:hyperlink r:id='rId99'>"
        + run("link ")
        + "</w:hyperlink><w:smartTag w:uri='u' w:element='place'>"
        + run("smart ")
        + "</w:smartTag><w:customXml w:element='x'>"
        + run("custom ")
        + "</w:customXml><w:dir w:val='rtl'>"
        + run("dir ")
        + "</w:dir><w:bdo w:val='ltr'>"
        + run("bdo")
        + "</w:bdo><w:bookmarkStart w:id='0' w:name='b'/><w:proofErr w:type='spellStart'/></w:p>"
    )
    doc = read(build_docx(body))
    assert texts(doc) == ["link smart custom dir bdo"]


TEXT_BOX = (
    "<w:r><mc:AlternateContent><mc:Choice Requires='wps'><w:drawing><wp:anchor>"
    "<a:graphic><a:graphicData><wps:wsp><wps:txbx><w:txbxContent>"
    + para("Box text")
    + "</w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor>"
    "</w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>"
    + para("Box text")
    + "</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
)


def test_text_box_paragraphs_follow_their_anchor_once() -> None:
    body = "<w:p>" + run("Anchor") + TEXT_BOX + run(" text") + "</w:p>" + para("Next")
    doc = read(build_docx(body))
    paragraphs = doc.paragraphs()
    assert [(p.text, p.index, p.from_textbox) for p in paragraphs] == [
        ("Anchor text", 0, False),
        ("Box text", 1, True),
        ("Next", 2, False),
    ]


def test_vml_only_text_box_and_text_box_in_table() -> None:
    vml = (
        "<w:r><w:pict><v:shape><v:textbox><w:txbxContent>"
        + para("VML box")
        + "</w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
    )
    body = "<w:tbl><w:tr><w:tc><w:p>" + run("In cell") + vml + "</w:p></w:tc></w:tr></w:tbl>"
    doc = read(build_docx(body))
    table = doc.body[0]
    assert isinstance(table, DocTable)
    assert table.text_rows() == [["In cell\nVML box"]]
    box = by_text(doc, "VML box")
    assert box.from_textbox and box.in_table


def test_alternate_content_reads_one_branch() -> None:
    body = (
        "<w:p><mc:AlternateContent><mc:Choice Requires='w14'>"
        + run("choice")
        + "</mc:Choice><mc:Fallback>"
        + run("fallback")
        + "</mc:Fallback></mc:AlternateContent></w:p>"
        "<w:p><mc:AlternateContent><mc:Choice Requires='w14'/><mc:Fallback>"
        + run("only fallback")
        + "</mc:Fallback></mc:AlternateContent></w:p>"
    )
    doc = read(build_docx(body))
    assert texts(doc) == ["choice", "only fallback"]


# -- styles and headings -----------------------------------------------------------------


def test_headings_by_style_name_chain_and_outline_level_not_id() -> None:
    styles = (
        NORMAL
        + style("berschrift1", "heading 1", based_on="Normal")
        + style("berschrift2", "heading 2", based_on="berschrift1")
        + style("MyHeading", "School Heading", based_on="berschrift2")
        + style("Outlined", "Outlined", ppr="<w:outlineLvl w:val='2'/>")
        + style("BodyOutline", "Body outline", ppr="<w:outlineLvl w:val='9'/>")
        + style("Heading1", "Fancy Body")
        + style("Title", "Title")
        + style("SubTitle", "Doc Title", based_on="Title")
        + style("LoopA", "Loop A", based_on="LoopB")
        + style("LoopB", "Loop B", based_on="LoopA")
    )
    body = (
        para("Ziele", style="berschrift1")
        + para("Unterziele", style="berschrift2")
        + para("Custom", style="MyHeading")
        + para("By outline", style="Outlined")
        + para("Body outline", style="BodyOutline")
        + para("Id only", style="Heading1")
        + para("Direct outline", ppr="<w:outlineLvl w:val='0'/>")
        + para("The Title", style="Title")
        + para("Based on title", style="SubTitle")
        + para("Loop", style="LoopA")
        + para("Unknown style", style="NoSuchStyle")
    )
    doc = read(build_docx(body, styles=styles))
    levels = {p.text: (p.heading_level, p.is_title) for p in doc.paragraphs()}
    assert levels == {
        "Ziele": (1, False),
        "Unterziele": (2, False),
        "Custom": (2, False),
        "By outline": (3, False),
        "Body outline": (None, False),
        "Id only": (None, False),
        "Direct outline": (1, False),
        "The Title": (None, True),
        "Based on title": (None, True),
        "Loop": (None, False),
        "Unknown style": (None, False),
    }
    assert by_text(doc, "Ziele").style_name == "heading 1"
    assert by_text(doc, "Ziele").style_id == "berschrift1"
    assert by_text(doc, "Unknown style").style_name == "Normal"


def test_bold_italic_underline_caps_resolved_through_styles() -> None:
    styles = (
        "<w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val='22'/></w:rPr></w:rPrDefault>"
        "</w:docDefaults>"
        + NORMAL
        + style("BoldPara", "Bold Para", rpr="<w:b/>")
        + style("BoldChild", "Bold Child", based_on="BoldPara", rpr="<w:i/>")
        + style("Strong", "Strong", kind="character", rpr="<w:b/>")
        + style("Shout", "Shout", kind="character", based_on="Strong", rpr="<w:caps/>")
    )
    body = (
        para("Style bold", style="BoldPara")
        + para("Inherited", style="BoldChild")
        + para("Not bold", style="BoldPara", rpr="<w:b w:val='0'/>")
        + para("Off word", rpr="<w:b w:val='off'/>")
        + para("Char style", rpr="<w:rStyle w:val='Strong'/>")
        + para("Shouting", rpr="<w:rStyle w:val='Shout'/>")
        + para("No underline", rpr="<w:u w:val='none'/>")
        + para("Underlined", rpr="<w:u w:val='single'/>")
        + para("Small caps", rpr="<w:smallCaps/><w:sz w:val='32'/>")
        + "<w:p>"
        + run("Rat", "<w:b/>")
        + run("ionale", "<w:b w:val='true'/>")
        + "</w:p>"
    )
    doc = read(build_docx(body, styles=styles))
    assert by_text(doc, "Style bold").bold
    inherited = by_text(doc, "Inherited")
    assert inherited.bold and inherited.runs[0].italic
    assert not by_text(doc, "Not bold").bold
    assert not by_text(doc, "Off word").bold
    assert by_text(doc, "Char style").bold
    shouting = by_text(doc, "Shouting").runs[0]
    assert shouting.bold and shouting.caps
    assert not by_text(doc, "No underline").underline
    assert by_text(doc, "Underlined").underline
    small = by_text(doc, "Small caps")
    assert small.runs[0].caps and small.font_size == 16.0
    assert by_text(doc, "Style bold").font_size == 11.0
    rationale = by_text(doc, "Rationale")
    assert rationale.bold and len(rationale.runs) == 1


def test_doc_defaults_and_alignment_from_style_chain() -> None:
    styles = (
        "<w:docDefaults><w:rPrDefault><w:rPr><w:b/></w:rPr></w:rPrDefault></w:docDefaults>"
        + NORMAL
        + style("Centred", "Centred", ppr="<w:jc w:val='center'/>")
        + style("CentredChild", "Centred Child", based_on="Centred")
    )
    body = para("Everything bold") + para("Centred", style="CentredChild")
    body += para("Right", style="CentredChild", ppr="<w:jc w:val='right'/>")
    doc = read(build_docx(body, styles=styles))
    assert by_text(doc, "Everything bold").bold
    assert by_text(doc, "Centred").alignment == "center"
    assert by_text(doc, "Right").alignment == "right"


# -- lists -------------------------------------------------------------------------------


def level(ilvl: int, fmt: str, text: str, indent: int) -> str:
    return (
        f"<w:lvl w:ilvl='{ilvl}'><w:start w:val='1'/><w:numFmt w:val='{fmt}'/>"
        f"<w:lvlText w:val='{text}'/><w:pPr><w:ind w:left='{indent}' w:hanging='360'/></w:pPr>"
        "</w:lvl>"
    )


NUMBERING = (
    # 1: bullets, 720 per level
    "<w:abstractNum w:abstractNumId='1'>"
    + "".join(level(i, "bullet", "\uf0b7", 720 * (i + 1)) for i in range(3))
    + "</w:abstractNum>"
    # 2: 1. / a) / i.
    "<w:abstractNum w:abstractNumId='2'>"
    + level(0, "decimal", "%1.", 720)
    + level(1, "lowerLetter", "%2)", 1440)
    + level(2, "lowerRoman", "%3.", 2160)
    + "</w:abstractNum>"
    # 3: a bullet list that starts deeper (like Word's "List Bullet 2")
    "<w:abstractNum w:abstractNumId='3'>" + level(0, "bullet", "o", 1440) + "</w:abstractNum>"
    # 4: numStyleLink to the numbering style "OutlineList", whose own list is 5
    "<w:abstractNum w:abstractNumId='4'><w:numStyleLink w:val='OutlineList'/></w:abstractNum>"
    "<w:abstractNum w:abstractNumId='5'><w:styleLink w:val='OutlineList'/>"
    + level(0, "upperRoman", "%1.", 720)
    + "</w:abstractNum>"
    # 6: none-format level that shows nothing
    "<w:abstractNum w:abstractNumId='6'>" + level(0, "none", "", 0) + "</w:abstractNum>"
    "<w:num w:numId='1'><w:abstractNumId w:val='1'/></w:num>"
    "<w:num w:numId='2'><w:abstractNumId w:val='2'/></w:num>"
    "<w:num w:numId='3'><w:abstractNumId w:val='3'/></w:num>"
    "<w:num w:numId='5'><w:abstractNumId w:val='5'/></w:num>"
    "<w:num w:numId='6'><w:abstractNumId w:val='4'/></w:num>"
    "<w:num w:numId='7'><w:abstractNumId w:val='6'/></w:num>"
)


def num_pr(num_id: int | None = None, ilvl: int | None = None) -> str:
    inner = ""
    if ilvl is not None:
        inner += f"<w:ilvl w:val='{ilvl}'/>"
    if num_id is not None:
        inner += f"<w:numId w:val='{num_id}'/>"
    return f"<w:numPr>{inner}</w:numPr>"


LIST_STYLES = (
    NORMAL
    + style("ListBullet", "List Bullet", ppr=num_pr(1) + "<w:ind w:left='360'/>")
    + style("ListBullet2", "List Bullet 2", ppr=num_pr(3) + "<w:ind w:left='720'/>")
    + style("Points", "Points", ppr=num_pr(1))
    + style("DeepPoints", "Deep Points", ppr=num_pr(3))
    + style("StyledList", "Styled List", ppr=num_pr(2))
    + style("Heading1", "heading 1", ppr=num_pr(2, 0))
    + style("OutlineList", "Outline List", kind="numbering", ppr=num_pr(5))
)


def test_numbered_lists_levels_labels_and_ordering() -> None:
    body = (
        para("First", ppr=num_pr(2, 0))
        + para("Second", ppr=num_pr(2, 0))
        + para("Sub a", ppr=num_pr(2, 1))
        + para("Sub b", ppr=num_pr(2, 1))
        + para("Sub sub", ppr=num_pr(2, 2))
        + para("Third", ppr=num_pr(2, 0))
    )
    doc = read(build_docx(body, styles=LIST_STYLES, numbering=NUMBERING))
    got = [(p.text, p.list_level, p.list_ordered, p.list_label) for p in doc.paragraphs()]
    assert got == [
        ("First", 0, True, "1."),
        ("Second", 0, True, "2."),
        ("Sub a", 1, True, "a)"),
        ("Sub b", 1, True, "b)"),
        ("Sub sub", 2, True, "i."),
        ("Third", 0, True, "3."),
    ]
    assert {p.list_id for p in doc.paragraphs()} == {"2"}


def test_list_bullet_2_nests_under_list_bullet_by_name_and_by_indent() -> None:
    body = (
        para("Top", style="ListBullet")
        + para("Nested by name", style="ListBullet2")
        + para("Top again", style="ListBullet")
        + para("A paragraph between lists")
        + para("Point", style="Points")
        + para("Deeper by indent", style="DeepPoints")
        + para("Point again", style="Points")
    )
    doc = read(build_docx(body, styles=LIST_STYLES, numbering=NUMBERING))
    got = {p.text: (p.list_level, p.list_ordered) for p in doc.paragraphs()}
    assert got["Top"] == (0, False)
    assert got["Nested by name"] == (1, False)
    assert got["Top again"] == (0, False)
    assert got["A paragraph between lists"] == (None, False)
    assert got["Point"] == (0, False)
    assert got["Deeper by indent"] == (1, False)
    assert got["Point again"] == (0, False)
    assert by_text(doc, "Top").list_label == "•"


def test_numbering_from_style_chain_num_id_zero_and_num_style_link() -> None:
    body = (
        para("Styled item", style="StyledList")
        + para("Styled sub item", style="StyledList", ppr=num_pr(None, 1))
        + para("Switched off", style="StyledList", ppr=num_pr(0))
        + para("Linked list item", ppr=num_pr(6, 0))
        + para("No visible label", ppr=num_pr(7, 0))
        + para("Missing definition", ppr=num_pr(42, 0))
    )
    doc = read(build_docx(body, styles=LIST_STYLES, numbering=NUMBERING))
    got = {p.text: (p.list_level, p.list_ordered, p.list_label) for p in doc.paragraphs()}
    assert got["Styled item"] == (0, True, "1.")
    assert got["Styled sub item"] == (1, True, "a)")
    assert got["Switched off"] == (None, False, None)
    assert got["Linked list item"] == (0, True, "I.")
    assert got["No visible label"] == (None, False, None)
    assert got["Missing definition"] == (None, False, None)


def test_numbered_heading_stays_a_heading_with_its_label() -> None:
    body = para("Aims", style="Heading1") + para("Scope", style="Heading1")
    doc = read(build_docx(body, styles=LIST_STYLES, numbering=NUMBERING))
    aims, scope = doc.paragraphs()
    assert aims.heading_level == 1 and aims.list_level is None and aims.list_label == "1."
    assert scope.list_label == "2."


def test_a_numbering_part_kept_between_documents_reads_as_a_fresh_one() -> None:
    # Read once (fresh), twice (kept: frozen before use), thrice (taken from the kept parts):
    # the same lists and labels each time, counters starting anew in each document.
    numbering = (
        NUMBERING + "<w:num w:numId='8'><w:abstractNumId w:val='2'/>"
        "<w:lvlOverride w:ilvl='0'><w:startOverride w:val='4'/></w:lvlOverride>"
        "<w:lvlOverride w:ilvl='1'>" + level(1, "upperLetter", "%1.%2", 1440) + "</w:lvlOverride>"
        "</w:num>"
        # unique to this test, so the first read here is the first read of this part
        f"<w:abstractNum w:abstractNumId='{random.getrandbits(64)}'/>"
    )
    body = (
        para("One", ppr=num_pr(2, 0))
        + para("One sub", ppr=num_pr(2, 1))
        + para("Four", ppr=num_pr(8, 0))
        + para("Four sub", ppr=num_pr(8, 1))
        + para("Linked", ppr=num_pr(6, 0))
        + para("Bullet", style="ListBullet")
        + para("Missing", ppr=num_pr(42, 0))
        + para("Hidden", ppr=num_pr(7, 0))
    )
    data = build_docx(body, styles=LIST_STYLES, numbering=numbering)
    reads = [read(data) for _ in range(3)]
    expected = [
        ("One", "1."),
        ("One sub", "a)"),
        ("Four", "4."),
        ("Four sub", "4.A"),
        ("Linked", "I."),
        ("Bullet", "•"),
        ("Missing", None),
        ("Hidden", None),
    ]
    for doc in reads:
        assert [(p.text, p.list_label) for p in doc.paragraphs()] == expected
        assert doc.paragraphs() == reads[0].paragraphs()


def test_lists_without_numbering_part_are_plain_paragraphs() -> None:
    doc = read(build_docx(para("Item", style="ListBullet"), styles=LIST_STYLES))
    assert by_text(doc, "Item").list_level is None


def test_typed_bullets_become_list_items_with_levels() -> None:
    body = (
        para("We will:")
        + para("•\tFirst point")
        + para("o\tSub point")
        + para("o\tAnother sub point")
        + para("•\tSecond point")
        + para("\t-  Typed dash, indented")
        + para("\uf0b7\tSymbol font bullet")
        + para("Ordinary text ends the list.")
        + para("-  Dash list")
        + para("*  Star item")
        + para("More text.")
        + para("o\tAn o alone is the top level")
    )
    doc = read(build_docx(body))
    got = [(p.text, p.list_level, p.list_id) for p in doc.paragraphs()]
    assert got == [
        ("We will:", None, None),
        ("First point", 0, "manual"),
        ("Sub point", 1, "manual"),
        ("Another sub point", 1, "manual"),
        ("Second point", 0, "manual"),
        ("Typed dash, indented", 1, "manual"),
        ("Symbol font bullet", 0, "manual"),
        ("Ordinary text ends the list.", None, None),
        ("Dash list", 0, "manual"),
        ("Star item", 0, "manual"),
        ("More text.", None, None),
        ("An o alone is the top level", 0, "manual"),
    ]
    assert by_text(doc, "First point").list_label == "•"


def test_typed_bullet_is_stripped_from_runs_and_typed_numbers_are_left_alone() -> None:
    body = (
        "<w:p>"
        + run("•")
        + run("\tBold item", "<w:b/>")
        + "</w:p>"
        + para("1.\tAims")
        + para("a)\tfirst")
        + para("(i) roman")
        + para("-5 degrees is cold")
        + para("o")
        + para("Other text")
    )
    doc = read(build_docx(body))
    item = by_text(doc, "Bold item")
    assert [(r.text, r.bold) for r in item.runs] == [("Bold item", True)]
    assert item.bold and item.list_level == 0
    for text in ("1.\tAims", "a)\tfirst", "(i) roman", "-5 degrees is cold", "o"):
        assert by_text(doc, text).list_level is None


def test_headers_and_footers_with_fields_and_tables() -> None:
    header = (
        "<w:tbl><w:tr><w:tc>"
        + para("Wootton Park")
        + "</w:tc><w:tc><w:p>"
        + run("Page ")
        + "<w:fldSimple w:instr=' PAGE '>"
        + run("1")
        + "</w:fldSimple></w:p></w:tc></w:tr></w:tbl>"
    )
    footer = para("Next review: September 2025")
    doc = read(build_docx(para("Body"), headers=(header,), footers=(footer,)))
    assert len(doc.headers) == 1 and len(doc.footers) == 1
    table = doc.headers[0][0]
    assert isinstance(table, DocTable)
    assert table.text_rows() == [["Wootton Park", "Page 1"]]
    footer_para = doc.footers[0][0]
    assert isinstance(footer_para, DocParagraph)
    assert footer_para.text == "Next review: September 2025" and footer_para.index == -1
    assert [p.index for p in doc.paragraphs()] == [0]


def test_alt_chunk_content_is_reported_not_silently_lost() -> None:
    doc = read(build_docx(para("Before") + "<w:altChunk r:id='rIdHtml'/>" + para("After")))
    assert texts(doc) == ["Before", "After"]
    assert any("altChunk" in warning for warning in doc.warnings)


def test_custom_properties() -> None:
    doc = read(build_docx(para("x"), custom_props={"ReviewDate": "September 2025"}))
    assert doc.custom == {"ReviewDate": "September 2025"}


def test_strict_namespace_document() -> None:
    strict_w = "http://purl.oclc.org/ooxml/wordprocessingml/main"
    data = build_docx(
        para("Strict heading", style="H1") + para("Strict body"),
        styles=style("H1", "heading 1") + style("Normal", "Normal", default=True),
    )
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            content = src.read(info)
            if info.filename.endswith(".xml"):
                content = content.replace(W_NS.encode(), strict_w.encode())
            if info.filename == "_rels/.rels":
                content = content.replace(
                    b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/",
                    b"http://purl.oclc.org/ooxml/officeDocument/relationships/",
                )
            dst.writestr(info, content)
    doc = read(out.getvalue())
    assert texts(doc) == ["Strict heading", "Strict body"]
    assert by_text(doc, "Strict heading").heading_level == 1


def test_reading_twice_gives_the_same_blocks_and_is_fast() -> None:
    d = docx.Document()
    for i in range(60):
        d.add_heading(f"Section {i}", 2)
        d.add_paragraph(f"Paragraph {i} " + "words " * 30)
        d.add_paragraph(f"Bullet {i}", style="List Bullet")
    data = python_docx_bytes(d)
    first = read(data)
    start = time.perf_counter()
    for _ in range(5):
        again = read(data)
    per_document = (time.perf_counter() - start) / 5
    assert texts(first) == texts(again)
    # python-docx's 349 KB template styles.xml dominates; generous bound for slow machines.
    assert per_document < 0.25


# -- the self-check holds for any mix of the constructs above ------------------------------


class _RandomBody:
    """Random w:body content mixing every construct above, valid or not quite."""

    WORDS = ("alpha", " beta ", "γδ", "  ", "x")
    WRAPPERS = (
        "w:ins", "w:del", "w:moveFrom", "w:moveTo", "w:hyperlink", "w:smartTag",
        "w:customXml", "w:dir", "w:bdo",
    )  # fmt: skip

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def alternate(self, choice: str, fallback: str) -> str:
        choice = choice if self.rng.random() < 0.7 else ""
        return (
            f"<mc:AlternateContent><mc:Choice Requires='wps'>{choice}</mc:Choice>"
            f"<mc:Fallback>{fallback}</mc:Fallback></mc:AlternateContent>"
        )

    def run_content(self, depth: int) -> str:
        out = []
        for _ in range(self.rng.randint(0, 4)):
            k = self.rng.random()
            if k < 0.45:
                out.append(f"<w:t xml:space='preserve'>{self.rng.choice(self.WORDS)}</w:t>")
            elif k < 0.6:
                kind = self.rng.choice(["begin", "separate", "end"])
                out.append(f"<w:fldChar w:fldCharType='{kind}'/>")
            elif k < 0.7:
                out.append("<w:instrText> DATE </w:instrText>")
            elif k < 0.8:
                out.append(self.rng.choice(["<w:tab/>", "<w:br/>", "<w:delText>x</w:delText>"]))
            elif depth < 5 and k < 0.9:
                out.append(
                    f"<w:drawing><wps:txbx><w:txbxContent>{self.blocks(depth + 1)}"
                    "</w:txbxContent></wps:txbx></w:drawing>"
                )
            elif depth < 5:
                out.append(self.alternate(self.run_content(depth + 1), self.run_content(depth + 1)))
        return "".join(out)

    def inline(self, depth: int) -> str:
        out = []
        for _ in range(self.rng.randint(0, 4)):
            k = self.rng.random()
            if k < 0.55 or depth > 5:
                out.append(f"<w:r>{self.run_content(depth + 1)}</w:r>")
            elif k < 0.65:
                out.append(
                    f"<w:sdt><w:sdtPr/><w:sdtContent>{self.inline(depth + 1)}"
                    "</w:sdtContent></w:sdt>"
                )
            elif k < 0.72:
                out.append(f"<w:fldSimple w:instr=' DATE '>{self.inline(depth + 1)}</w:fldSimple>")
            elif k < 0.8:
                out.append(self.alternate(self.inline(depth + 1), self.inline(depth + 1)))
            elif k < 0.83:
                out.append(f"<w:t>{self.rng.choice(self.WORDS)}</w:t>")  # outside a run
            else:
                tag = self.rng.choice(self.WRAPPERS)
                out.append(f"<{tag}>{self.inline(depth + 1)}</{tag}>")
        return "".join(out)

    def blocks(self, depth: int) -> str:
        out = []
        for _ in range(self.rng.randint(1, 3)):
            k = self.rng.random()
            if k < 0.6 or depth > 4:
                gone = self.rng.random() < 0.1
                ppr = "<w:pPr><w:rPr><w:del w:id='9'/></w:rPr></w:pPr>" if gone else ""
                out.append(f"<w:p>{ppr}{self.inline(depth + 1)}</w:p>")
            elif k < 0.75:
                cell = f"<w:tc>{self.blocks(depth + 1)}</w:tc>"
                row_sdt = f"<w:sdt><w:sdtContent><w:tc>{self.blocks(depth + 1)}</w:tc>"
                out.append(f"<w:tbl><w:tr>{cell}{row_sdt}</w:sdtContent></w:sdt></w:tr></w:tbl>")
            elif k < 0.85:
                out.append(
                    f"<w:sdt><w:sdtPr/><w:sdtContent>{self.blocks(depth + 1)}"
                    "</w:sdtContent></w:sdt>"
                )
            elif k < 0.9:
                out.append(f"<w:customXml>{self.blocks(depth + 1)}</w:customXml>")
            elif k < 0.95:
                out.append(self.alternate(self.blocks(depth + 1), self.blocks(depth + 1)))
            else:
                out.append(f"<w:del>{self.blocks(depth + 1)}</w:del>")
        return "".join(out)


@settings(max_examples=150, deadline=None)
@given(st.randoms(use_true_random=False))
def test_self_check_holds_for_generated_documents(rng: random.Random) -> None:
    body = _RandomBody(rng).blocks(0)
    doc = read(build_docx(body))  # read() asserts stats.lost == 0
    assert all(p.index == i for i, p in enumerate(doc.paragraphs()))


# -- the shared corpus -------------------------------------------------------------------


def test_every_corpus_document_reads_or_raises_a_document_error() -> None:
    corpus = need_corpus()
    files = sorted(corpus.rglob("*.docx"))
    assert len(files) > 200
    read_ok = 0
    lost: dict[str, int] = {}
    for path in files:
        before = path.stat().st_mtime_ns, path.stat().st_size
        try:
            doc = read_docx(path)
        except DocumentError as exc:
            assert exc.code in {"PK001", "PK002", "PK003", "PK004"}
            assert str(path) in str(exc)
            continue
        finally:
            assert (path.stat().st_mtime_ns, path.stat().st_size) == before
        read_ok += 1
        if doc.stats.lost:
            lost[path.name] = doc.stats.lost
    assert lost == {}
    assert read_ok >= len(files) - 5


def _policy(name: str) -> DocxDocument:
    path = need_corpus() / "policies" / name
    doc = read_docx(path)
    assert doc.stats.lost == 0
    return doc


def test_wootton_park_policy() -> None:
    doc = _policy("wootton-park.docx")
    rationale = by_text(doc, "Rationale")
    assert rationale.bold and len(rationale.runs) == 1
    bullets = [p for p in doc.paragraphs() if p.style_name == "List Bullet"]
    nested = [p for p in doc.paragraphs() if p.style_name == "List Bullet 2"]
    assert bullets and nested
    assert {p.list_level for p in bullets} == {0}
    assert {p.list_level for p in nested} == {1}
    teaching = by_text(
        doc,
        "Helping young people understand others, to value the diversity, "
        "respect human rights and to develop the skills of participation and "
        "responsible action.",
    )
    assert teaching.list_level == 1
    assert by_text(doc, "Review Date").in_table


def test_john_clifford_policy() -> None:
    doc = _policy("john-clifford.docx")
    assert by_text(doc, "Document History").heading_level == 2
    numbered = [p for p in doc.paragraphs() if p.text.startswith("there is a clearly defined")]
    assert numbered and all(p.list_level == 0 for p in numbered)
    assert sum(1 for p in doc.paragraphs() if p.list_level is not None) >= 10
    run_in = by_text(
        doc,
        "Our contribution to community cohesion can be considered in three main areas: "
        "Teaching and learning",
    )
    assert run_in.runs[-1].text == "Teaching and learning" and run_in.runs[-1].bold
    assert not run_in.bold


# -- parts kept between documents: bounded however hostile the documents ----------------


def _styles_part(tag: str, count: int, *, pad: int = 0) -> str:
    """``count`` paragraph styles (``tag`` makes the part unique), padded by ``pad`` bytes."""
    filler = f"<w:style w:type='paragraph' w:styleId='Pad'><w:name w:val='{'x' * pad}'/></w:style>"
    return filler + "".join(
        f"<w:style w:type='paragraph' w:styleId='{tag}{i}'><w:name w:val='s {i}'/></w:style>"
        for i in range(count)
    )


def _styles_parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """A fresh set of kept styles, and the names of the styles parts parsed from now on."""
    import policykit.docx.reader as reader

    parsed: list[str] = []
    real = reader.parse_xml  # type: ignore[attr-defined]  # the name the reader calls

    def counting(data: bytes, name: str, *args: int) -> object:
        parsed.append(name)
        return real(data, name, *args)

    monkeypatch.setattr(reader, "_kept_styles", reader._Kept())
    monkeypatch.setattr(reader, "parse_xml", counting)
    return parsed


def test_kept_styles_are_parsed_once_while_they_fit(monkeypatch: pytest.MonkeyPatch) -> None:
    parsed = _styles_parses(monkeypatch)
    data = build_docx(para("Text", style="T1"), styles=_styles_part("T", 20))
    for _ in range(4):  # seen once, then kept, then reused
        assert by_text(read(data), "Text").style_id == "T1"
    assert parsed == ["word/styles.xml"] * 2


def test_kept_parts_are_bounded_by_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    # Parts of about 10.5 KB against a budget of 90 KB: eight fit, a ninth pushes out the
    # least recently used, which is parsed again when it comes back (answering as before).
    import policykit.docx.reader as reader

    monkeypatch.setattr(reader, "KEPT_BYTES", 90_000)
    monkeypatch.setattr(reader, "_KEEP_AT_ONCE", 5_000)  # kept at first sight
    parsed = _styles_parses(monkeypatch)
    docs = {
        tag: build_docx(para("Text", style=f"{tag}1"), styles=_styles_part(tag, 5, pad=10_000))
        for tag in "ABCDEFGHI"
    }
    for tag in "ABCDEFGH" * 2:
        assert by_text(read(docs[tag]), "Text").style_name == "s 1"
    assert len(parsed) == 8  # each parsed once, all kept
    read(docs["I"])  # A is the least recently used: out
    read(docs["H"])
    assert len(parsed) == 9
    assert by_text(read(docs["A"]), "Text").style_name == "s 1"
    assert len(parsed) == 10


def test_parts_too_large_for_the_budget_are_never_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    import policykit.docx.reader as reader

    monkeypatch.setattr(reader, "KEPT_DEFINITIONS", 800)  # a part may hold 100
    parsed = _styles_parses(monkeypatch)
    many = build_docx(para("Text", style="M1"), styles=_styles_part("M", 150))
    few = build_docx(para("Text", style="F1"), styles=_styles_part("F", 50))
    for _ in range(3):
        assert by_text(read(many), "Text").style_name == "s 1"
        assert by_text(read(few), "Text").style_name == "s 1"
    assert len(parsed) == 3 + 2  # many: every time; few: seen once, then kept


def test_a_kept_styles_part_does_not_grow_with_made_up_style_ids() -> None:
    # Documents sharing a template's styles may name styles it does not define; each such
    # id reads as the default paragraph style, and the shared copy remembers none of them.
    from policykit.docx.styles import Styles
    from policykit.docx.xml import parse_xml

    xml = f"<w:styles {NAMESPACES}>{_styles_part('K', 10)}</w:styles>".encode()
    styles = Styles(parse_xml(xml, "word/styles.xml")).freeze()
    default = styles.paragraph(None)
    for i in range(2000):
        assert styles.paragraph(f"Made{i}") == default
        assert styles.character(f"Chars{i}") == styles.character(None)
    assert styles.paragraph("K3").name == "s 3"
    assert len(styles._resolved) <= styles.definitions() + 1  # None and the ids it defines
    assert not styles._character


def _assert_fresh_kept_and_reused_agree(kept_parts: str, data: bytes) -> None:
    """Read ``data`` three times with a cache of its own (``reader.<kept_parts>``): first
    sight, then kept (frozen), then reused: the paragraphs must be the same each time."""
    import policykit.docx.reader as reader

    saved = getattr(reader, kept_parts)
    setattr(reader, kept_parts, reader._Kept())
    try:
        fresh, kept, reused = (read(data).paragraphs() for _ in range(3))
    finally:
        setattr(reader, kept_parts, saved)
    assert kept == fresh and reused == fresh


_FORMATS = st.sampled_from(["decimal", "bullet", "lowerLetter", "upperRoman", "none", "odd"])


@st.composite
def _numbering_and_body(draw: st.DrawFn) -> tuple[str, str]:
    """A numbering part of random definitions, overrides and links, and list paragraphs."""
    parts: list[str] = []
    for abstract_id in range(draw(st.integers(0, 4))):
        link = draw(st.sampled_from(["", "<w:numStyleLink w:val='OutlineList'/>"]))
        levels = "".join(
            f"<w:lvl w:ilvl='{draw(st.sampled_from(['0', '1', '2', '9', 'x']))}'>"
            f"<w:start w:val='{draw(st.sampled_from(['1', '0', '5', 'bad']))}'/>"
            f"<w:numFmt w:val='{draw(_FORMATS)}'/>"
            f"<w:lvlText w:val='{draw(st.sampled_from(['%1.', '%1.%2', '', '-']))}'/></w:lvl>"
            for _ in range(draw(st.integers(0, 3)))
        )
        parts.append(
            f"<w:abstractNum w:abstractNumId='{abstract_id}'>{link}{levels}</w:abstractNum>"
        )
    for num_id in range(1, draw(st.integers(1, 5))):
        overrides = "".join(
            f"<w:lvlOverride w:ilvl='{draw(st.integers(0, 2))}'>"
            + draw(st.sampled_from(["", "<w:startOverride w:val='3'/>"]))
            + draw(st.sampled_from(["", level(0, "upperLetter", "%1)", 360)]))
            + "</w:lvlOverride>"
            for _ in range(draw(st.integers(0, 2)))
        )
        ref = draw(st.integers(0, 5))
        parts.append(
            f"<w:num w:numId='{num_id}'><w:abstractNumId w:val='{ref}'/>{overrides}</w:num>"
        )
    body = "".join(
        para(f"Item {i}", ppr=num_pr(draw(st.integers(0, 6)), draw(st.integers(0, 3))))
        for i in range(draw(st.integers(1, 8)))
    )
    return "".join(parts), body


@settings(max_examples=60, deadline=None)
@given(_numbering_and_body())
def test_any_numbering_part_reads_the_same_fresh_kept_and_reused(
    drawn: tuple[str, str],
) -> None:
    numbering, body = drawn
    _assert_fresh_kept_and_reused_agree(
        "_kept_numbering", build_docx(body, styles=LIST_STYLES, numbering=numbering)
    )


_STYLE_IDS = st.sampled_from(["A", "B", "C", "D", "Missing"])


@st.composite
def _styles_and_body(draw: st.DrawFn) -> tuple[str, str]:
    """A styles part of random chains (cycles and dangling ids too) and paragraphs using it."""
    styles = "".join(
        style(
            style_id,
            draw(st.sampled_from(["Normal", "heading 2", "Title", "List Bullet 2", "Custom"])),
            kind=draw(st.sampled_from(["paragraph", "character"])),
            based_on=draw(st.one_of(st.none(), _STYLE_IDS)),
            ppr=draw(st.sampled_from(["", num_pr(1, 1), "<w:outlineLvl w:val='0'/>"])),
            rpr=draw(st.sampled_from(["", "<w:b/>", "<w:i/><w:sz w:val='40'/>", "<w:caps/>"])),
            default=draw(st.booleans()),
        )
        for style_id in draw(st.lists(_STYLE_IDS, max_size=5))
    )
    body = "".join(
        f"<w:p><w:pPr><w:pStyle w:val='{draw(_STYLE_IDS)}'/></w:pPr>"
        + run(f"Text {i}", f"<w:rStyle w:val='{draw(_STYLE_IDS)}'/>")
        + "</w:p>"
        for i in range(draw(st.integers(1, 6)))
    )
    return styles, body


@settings(max_examples=60, deadline=None)
@given(_styles_and_body())
def test_any_styles_part_reads_the_same_fresh_kept_and_reused(drawn: tuple[str, str]) -> None:
    styles, body = drawn
    _assert_fresh_kept_and_reused_agree(
        "_kept_styles", build_docx(body, styles=styles, numbering=NUMBERING)
    )
