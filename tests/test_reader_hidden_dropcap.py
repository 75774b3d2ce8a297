"""Hidden text is never content or a date; a drop cap is joined back to its word."""

from __future__ import annotations

import io

import docx
from docx.shared import Pt

from policykit.docx.reader import read_docx
from policykit.parsing import parse_document

from .docgen.shapes import package


def _python_docx(document: docx.document.Document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_hidden_text_from_python_docx_is_not_read_and_not_lost() -> None:
    document = docx.Document()
    document.add_paragraph("Attendance Policy")
    p = document.add_paragraph("Next review: ")
    hidden = p.add_run("January 2020 ")
    hidden.font.hidden = True
    p.add_run("September 2027")
    data = _python_docx(document)
    doc = read_docx(io.BytesIO(data))
    assert doc.stats.lost == 0
    assert [q.text for q in doc.paragraphs()] == [
        "Attendance Policy",
        "Next review: September 2027",
    ]
    policy = parse_document(io.BytesIO(data)).policy
    assert policy.review_due is not None and policy.review_due.text == "September 2027"


def test_hidden_runs_in_raw_wordprocessingml_and_vanish_off_is_shown() -> None:
    body = (
        "<w:p><w:r><w:t>Approved: </w:t></w:r>"
        "<w:r><w:rPr><w:vanish/></w:rPr><w:t>3 March 2019</w:t></w:r>"
        '<w:r><w:rPr><w:vanish w:val="0"/></w:rPr><w:t>4 May 2024</w:t></w:r></w:p>'
        # a hidden paragraph mark hides no text
        "<w:p><w:pPr><w:rPr><w:vanish/></w:rPr></w:pPr><w:r><w:t>Shown.</w:t></w:r></w:p>"
    )
    doc = read_docx(io.BytesIO(package(body, {}, [])))
    assert [q.text for q in doc.paragraphs()] == ["Approved: 4 May 2024", "Shown."]
    assert doc.stats.lost == 0


def _drop_cap(letter: str, rest: str, mode: str = "drop") -> str:
    return (
        f'<w:p><w:pPr><w:framePr w:dropCap="{mode}" w:lines="3" w:wrap="around" '
        'w:vAnchor="text" w:hAnchor="text"/></w:pPr>'
        f'<w:r><w:rPr><w:sz w:val="96"/></w:rPr><w:t>{letter}</w:t></w:r></w:p>'
        f'<w:p><w:r><w:t xml:space="preserve">{rest}</w:t></w:r></w:p>'
    )


def test_a_drop_cap_is_joined_back_to_its_word() -> None:
    body = _drop_cap("T", "he governing body reviews this policy.") + _drop_cap(
        "A", "ll staff take part.", "margin"
    )
    doc = read_docx(io.BytesIO(package(body, {}, [])))
    texts = [q.text for q in doc.paragraphs()]
    assert texts == ["The governing body reviews this policy.", "All staff take part."]
    # the large letter does not make the paragraph look like a heading by its size
    assert all(q.font_size is None for q in doc.paragraphs())
    assert doc.stats.lost == 0


def test_a_drop_cap_made_with_python_docx_xml() -> None:
    document = docx.Document()
    cap = document.add_paragraph()
    frame = docx.oxml.parse_xml(
        '<w:framePr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'w:dropCap="drop" w:lines="2"/>'
    )
    cap._p.get_or_add_pPr().append(frame)  # type: ignore[arg-type]  # any element
    cap.add_run("O").font.size = Pt(40)
    document.add_paragraph("ur school values every pupil.")
    doc = read_docx(io.BytesIO(_python_docx(document)))
    assert [q.text for q in doc.paragraphs()] == ["Our school values every pupil."]
