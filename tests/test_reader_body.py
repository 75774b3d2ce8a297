"""The body walk (policykit.docx.body): order, indices, formatting, and what naive readers lose:
content controls, tracked changes, fields, wrappers, text boxes, alternate content.

Split from the former tests/test_reader.py; documents come from :mod:`tests.readerdocs`.
"""

from __future__ import annotations

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from policykit.docx.blocks import DocParagraph, DocTable

from .readerdocs import (
    NORMAL,
    build_docx,
    by_text,
    para,
    python_docx_bytes,
    read,
    run,
    style,
    texts,
)

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
