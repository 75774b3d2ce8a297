"""Styles (policykit.docx.styles): headings by style name chain and outline level, formatting
and alignment resolved through styles and document defaults.

Split from the former tests/test_reader.py; documents come from :mod:`tests.readerdocs`.
"""

from __future__ import annotations

from .readerdocs import (
    NORMAL,
    build_docx,
    by_text,
    para,
    read,
    run,
    style,
)

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
