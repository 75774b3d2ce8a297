"""Layouts schools use that hide structure: a whole policy in one table cell, and a
heading ended by Shift+Enter with its text in the same paragraph.

Made with python-docx, LibreOffice (flat OpenDocument) and pandoc (grid tables,
hard line breaks). The wording is invented.
"""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_BREAK

from policykit.model import Policy
from policykit.parsing import parse_document

from .producers import fodt, libreoffice_docx, pandoc_docx

TITLE = "Attendance Policy"
SECTIONS = {
    "Aims": "We want every pupil to attend school every day and arrive on time.",
    "Roles and Responsibilities": "The attendance lead checks the registers each week.",
    "Procedures": "Parents telephone the office on the first morning of any absence.",
    "Monitoring and Review": "Governors review attendance figures every term.",
}


def _python_docx(document: docx.document.Document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _parse(data: bytes) -> Policy:
    return parse_document(io.BytesIO(data)).policy


def _assert_read_as_body(policy: Policy) -> None:
    assert policy.title == TITLE
    assert policy.approved is not None and policy.approved.text == "12 March 2025"
    assert policy.review_due is not None and policy.review_due.text == "March 2027"
    assert [s.heading for s in policy.sections] == list(SECTIONS)
    for section in policy.sections:
        texts = [b.text for b in section.blocks if b.type == "paragraph"]
        assert texts == [SECTIONS[section.heading]]


# --- a layout table ------------------------------------------------------------------


def _layout_docx(columns: int) -> bytes:
    document = docx.Document()
    table = document.add_table(rows=1, cols=columns)
    cell = table.cell(0, columns - 1)
    if columns == 2:
        table.cell(0, 0).paragraphs[0].add_run("Oak Lane Primary School")
    first = cell.paragraphs[0]
    first.add_run(TITLE).bold = True
    cell.add_paragraph("Approved by governors: 12 March 2025")
    cell.add_paragraph("Next review: March 2027")
    for heading, text in SECTIONS.items():
        cell.add_paragraph().add_run(heading).bold = True
        cell.add_paragraph(text)
    document.add_paragraph("")
    return _python_docx(document)


@pytest.mark.parametrize("columns", [1, 2])
def test_python_docx_policy_in_a_layout_table_is_read_as_body(columns: int) -> None:
    policy = _parse(_layout_docx(columns))
    _assert_read_as_body(policy)
    assert not any(b.type == "table" for s in policy.sections for b in s.blocks)


def test_a_data_table_is_still_a_table() -> None:
    document = docx.Document()
    document.add_paragraph(TITLE).runs[0].bold = True
    document.add_paragraph("Approved by governors: 12 March 2025")
    document.add_paragraph("Aims").runs[0].bold = True
    document.add_paragraph("We want every pupil to attend school every day and on time.")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Attendance lead"
    table.cell(0, 1).text = "Deputy Head"
    policy = _parse(_python_docx(document))
    blocks = [b for s in policy.sections for b in s.blocks]
    assert [b.type for b in blocks] == ["paragraph", "table"]


def _grid_cell(lines: list[str]) -> str:
    width = max(len(line) for line in lines) + 2
    rule = "+" + "-" * width + "+"
    body = [f"| {line.ljust(width - 2)} |" for line in lines]
    return "\n".join([rule, *body, rule]) + "\n"


def test_pandoc_grid_table_holding_the_policy_is_read_as_body(tmp_path: Path) -> None:
    lines = [
        f"**{TITLE}**",
        "",
        "Approved by governors: 12 March 2025",
        "",
        "Next review: March 2027",
        "",
    ]
    for heading, text in SECTIONS.items():
        lines += [f"**{heading}**", "", text, ""]
    path = pandoc_docx(_grid_cell(lines[:-1]), tmp_path / "layout.docx")
    _assert_read_as_body(parse_document(path).policy)


def _fodt_front() -> list[str]:
    """The title and the metadata lines, as LibreOffice paragraphs."""
    return [
        f'<text:p text:style-name="B">{TITLE}</text:p>',
        "<text:p>Approved by governors: 12 March 2025</text:p>",
        "<text:p>Next review: March 2027</text:p>",
    ]


def _fodt_layout() -> str:
    paragraphs = _fodt_front()
    for heading, text in SECTIONS.items():
        paragraphs += [
            f'<text:p text:style-name="B">{heading}</text:p>',
            f"<text:p>{text}</text:p>",
        ]
    cells = (
        "<table:table-cell><text:p>Oak Lane Primary School</text:p></table:table-cell>"
        f"<table:table-cell>{''.join(paragraphs)}</table:table-cell>"
    )
    return fodt(
        '<table:table table:name="Layout"><table:table-column table:number-columns-repeated="2"/>'
        f"<table:table-row>{cells}</table:table-row></table:table><text:p/>",
        styles=(
            '<style:style style:name="B" style:family="paragraph">'
            '<style:text-properties fo:font-weight="bold"/></style:style>'
        ),
    )


# --- a heading, Shift+Enter, its text ------------------------------------------------


def _soft_docx() -> bytes:
    document = docx.Document()
    document.add_paragraph().add_run(TITLE).bold = True
    document.add_paragraph("Approved by governors: 12 March 2025")
    document.add_paragraph("Next review: March 2027")
    for heading, text in SECTIONS.items():
        p = document.add_paragraph()
        run = p.add_run(heading)
        run.bold = True
        run.add_break(WD_BREAK.LINE)
        p.add_run(text)
    return _python_docx(document)


def test_python_docx_heading_then_line_break_then_text_is_split() -> None:
    _assert_read_as_body(_parse(_soft_docx()))


def test_a_heading_style_paragraph_with_a_line_break_is_split() -> None:
    document = docx.Document()
    document.add_heading(TITLE, 0)
    p = document.add_heading("Aims", 1)
    p.runs[0].add_break(WD_BREAK.LINE)
    p.add_run(SECTIONS["Aims"])
    policy = _parse(_python_docx(document))
    assert [s.heading for s in policy.sections] == ["Aims"]
    assert [b.text for b in policy.sections[0].blocks if b.type == "paragraph"] == [
        SECTIONS["Aims"]
    ]


def test_ordinary_paragraphs_with_a_line_break_are_not_split() -> None:
    document = docx.Document()
    document.add_paragraph().add_run(TITLE).bold = True
    document.add_paragraph().add_run("Aims").bold = True
    plain = document.add_paragraph("The school office is open")
    plain.runs[0].add_break(WD_BREAK.LINE)
    plain.add_run("from eight in the morning.")
    address = document.add_paragraph()
    run = address.add_run("Oak Lane Primary School")
    run.bold = True
    run.add_break(WD_BREAK.LINE)
    address.add_run("Oak Lane, Newtown").bold = True  # all bold: not a heading and its text
    label = document.add_paragraph()
    label.add_run("Approved by:").bold = True
    label.runs[0].add_break(WD_BREAK.LINE)
    label.add_run("Governing Board")
    policy = _parse(_python_docx(document))
    headings = [s.heading for s in policy.walk()]
    assert "Oak Lane Primary School" not in headings and "Approved by:" not in headings
    texts = [b.text for s in policy.walk() for b in s.blocks if b.type == "paragraph"]
    assert "The school office is open\nfrom eight in the morning." in texts
    assert "Governing Board" not in texts


def test_pandoc_hard_line_break_after_a_bold_heading(tmp_path: Path) -> None:
    lines = [
        f"**{TITLE}**",
        "",
        "Approved by governors: 12 March 2025",
        "",
        "Next review: March 2027",
        "",
    ]
    for heading, text in SECTIONS.items():
        lines += [f"**{heading}**\\", text, ""]
    path = pandoc_docx("\n".join(lines), tmp_path / "soft.docx")
    _assert_read_as_body(parse_document(path).policy)


def _fodt_soft() -> str:
    paragraphs = _fodt_front()
    for heading, text in SECTIONS.items():
        paragraphs.append(
            f'<text:p><text:span text:style-name="T">{heading}</text:span>'
            f"<text:line-break/>{text}</text:p>"
        )
    return fodt(
        "".join(paragraphs),
        styles=(
            '<style:style style:name="B" style:family="paragraph">'
            '<style:text-properties fo:font-weight="bold"/></style:style>'
            '<style:style style:name="T" style:family="text">'
            '<style:text-properties fo:font-weight="bold"/></style:style>'
        ),
    )


@pytest.mark.slow
def test_libreoffice_layout_table_and_soft_return_headings(tmp_path: Path) -> None:
    made = libreoffice_docx({"layout.fodt": _fodt_layout(), "soft.fodt": _fodt_soft()}, tmp_path)
    for name in ("layout.fodt", "soft.fodt"):
        _assert_read_as_body(parse_document(made[name]).policy)


# --- a metadata table signed off, read across ----------------------------------------

SIGNED_ROWS = [
    ["Status", "Policy lead", "Date of next review", "Signed (Headteacher)", "Signed (Chair)"],
    ["Recommended", "L. Osei", "Aug 2027", "Mrs D Clarke", "Ms H Kaur"],
]


def test_a_signed_metadata_table_at_the_end_gives_the_next_review(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph().add_run(TITLE).bold = True
    for heading, text in SECTIONS.items():
        document.add_paragraph().add_run(heading).bold = True
        document.add_paragraph(text)
    table = document.add_table(rows=2, cols=5)
    for r, row in enumerate(SIGNED_ROWS):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    policies = [_parse(_python_docx(document))]
    markdown = [f"**{TITLE}**", ""]
    for heading, text in SECTIONS.items():
        markdown += [f"**{heading}**", "", text, ""]
    markdown += [
        "| " + " | ".join(SIGNED_ROWS[0]) + " |",
        "|" + "---|" * 5,
        "| " + " | ".join(SIGNED_ROWS[1]) + " |",
    ]
    policies.append(parse_document(pandoc_docx("\n".join(markdown), tmp_path / "t.docx")).policy)
    for policy in policies:
        assert policy.review_due is not None and policy.review_due.text == "Aug 2027"
        assert not policy.reviews  # one row of signatures is not a review history
